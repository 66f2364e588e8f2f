//! The DNS test tool (TestDNSAnswer): what Route 53 answers for a name and type, from where,
//! and which rule decided — so weighted, latency and failover answers can be tried out.

use super::draft::{full_name, RECORD_TYPES};
use super::r53;
use crate::app::use_store;
use crate::components::cli_line::CliLine;
use crate::store::Action;
use nimbus_sim::services::route53::names::display_name;
use nimbus_sim::services::route53::{Route53Request, Route53Response, TestDNSAnswerRequest};
use nimbus_sim::{Request, Response};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

pub fn test_dns_request(zone_id: &str, name: &str, record_type: &str, resolver_ip: &str) -> Route53Request {
    let ip = resolver_ip.trim();
    Route53Request::TestDNSAnswer(TestDNSAnswerRequest {
        hosted_zone_id: zone_id.to_string(),
        record_name: name.to_string(),
        record_type: record_type.to_string(),
        resolver_ip: (!ip.is_empty()).then(|| ip.to_string()),
        ..Default::default()
    })
}

#[derive(Properties, PartialEq)]
pub struct DnsTestProps {
    pub zone: String,
}

#[component]
pub fn DnsTest(props: &DnsTestProps) -> Html {
    let store = use_store();
    let name_ref = use_node_ref();
    let type_ref = use_node_ref();
    let ip_ref = use_node_ref();
    let Some(zone) = store.world().route53.zones.get(&props.zone) else { return html! {} };
    let onsubmit = {
        let (store, zone_id, zone_name) = (store.clone(), zone.id.clone(), zone.name.clone());
        let (name_ref, type_ref, ip_ref) = (name_ref.clone(), type_ref.clone(), ip_ref.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let input = |r: &NodeRef| r.cast::<HtmlInputElement>().map(|i| i.value()).unwrap_or_default();
            let rtype = type_ref.cast::<HtmlSelectElement>().map(|s| s.value()).unwrap_or_default();
            let name = full_name(&input(&name_ref), &zone_name);
            store.dispatch(Action::Call(r53(test_dns_request(&zone_id, &name, &rtype, &input(&ip_ref)))));
        })
    };
    let zone_label = display_name(&zone.name);
    html! {
        <form class="console-form" aria-labelledby="dns-test-heading" {onsubmit}>
            <h4 id="dns-test-heading">{ "Test record (DNS answer)" }</h4>
            <div class="fields">
                <div class="field">
                    <label for="dns-test-name">{ "Record name" }</label>
                    <div class="suffixed">
                        <input id="dns-test-name" type="text" ref={name_ref} autocomplete="off" spellcheck="false"
                               placeholder="www" />
                        <span class="suffix" aria-hidden="true">{ format!(".{}", zone_label.trim_end_matches('.')) }</span>
                    </div>
                </div>
                <div class="field narrow">
                    <label for="dns-test-type">{ "Type" }</label>
                    <select id="dns-test-type" ref={type_ref}>
                        { for RECORD_TYPES.iter().chain(["SOA"].iter()).map(|t| html! { <option value={*t} selected={*t == "A"}>{ *t }</option> }) }
                    </select>
                </div>
                <div class="field">
                    <label for="dns-test-ip">{ "Resolver IP address (optional)" }</label>
                    <input id="dns-test-ip" type="text" ref={ip_ref} autocomplete="off" spellcheck="false"
                           placeholder="203.0.113.7" aria-describedby="dns-test-ip-help" />
                    <p class="help" id="dns-test-ip-help">{ "Where the question comes from: latency and geolocation answers depend on it." }</p>
                </div>
            </div>
            <button type="submit" class="primary">{ "Get response" }</button>
            <DnsAnswer />
            <CliLine operations={&["TestDNSAnswer"][..]} />
        </form>
    }
}

/// The answer to the last test, with the trail's reason (which record won, and why).
#[component]
fn DnsAnswer() -> Html {
    let store = use_store();
    let Some(call) = &store.last_call else { return html! {} };
    let (
        Request::Route53(Route53Request::TestDNSAnswer(_)),
        Ok(Response::Route53(Route53Response::TestDNSAnswer(out))),
    ) = (&call.request, &call.result)
    else {
        return html! {};
    };
    let why =
        store.world().trail().events().iter().rev().find(|e| e.operation == "TestDNSAnswer").map(|e| e.why.clone());
    let data = if out.record_data.is_empty() { "(no records)".to_string() } else { out.record_data.join("\n") };
    html! {
        <section class="dns-answer" aria-labelledby="dns-answer-heading" aria-live="polite">
            <h5 id="dns-answer-heading">{ format!("Answer for {} {}", out.record_name, out.record_type) }</h5>
            <dl class="facts">
                <dt>{ "Response code" }</dt><dd><strong>{ out.response_code.clone() }</strong></dd>
                <dt>{ "Answer" }</dt><dd><pre class="dns-data">{ data }</pre></dd>
                <dt>{ "Name server" }</dt><dd><code>{ out.nameserver.clone() }</code></dd>
            </dl>
            if let Some(why) = why {
                <p class="why">{ why }</p>
            }
        </section>
    }
}
