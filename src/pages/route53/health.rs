//! Health checks: creating one on an endpoint, the table with each check's status as Route 53
//! sees it (checkers probe on the simulated clock), and deleting one.

use super::r53;
use super::records::short_id;
use super::zones::caller_reference;
use crate::app::use_store;
use crate::components::cli_line::CliLine;
use crate::components::confirm::ConfirmButton;
use crate::components::table::ResourceTable;
use crate::store::Action;
use nimbus_sim::services::route53::names::is_ip;
use nimbus_sim::services::route53::resolve::health_status;
use nimbus_sim::services::route53::{
    CreateHealthCheckRequest, DeleteHealthCheckRequest, HealthCheckConfig, HealthCheckState, Route53Request,
};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

/// The CreateHealthCheck request for an endpoint given as a domain name or an IP address.
pub fn create_health_check_request(
    check_type: &str,
    endpoint: &str,
    path: &str,
    interval: i64,
    caller_reference: String,
) -> Route53Request {
    let endpoint = endpoint.trim();
    let (ip, fqdn) = if is_ip(endpoint) { (Some(endpoint), None) } else { (None, Some(endpoint)) };
    let path = path.trim();
    let config = HealthCheckConfig {
        check_type: check_type.to_string(),
        ip_address: ip.map(str::to_string),
        fully_qualified_domain_name: fqdn.filter(|f| !f.is_empty()).map(str::to_string),
        // A TCP check only opens a connection; it has no path.
        resource_path: (check_type != "TCP" && !path.is_empty()).then(|| path.to_string()),
        port: (check_type == "TCP").then_some(80),
        request_interval: Some(interval),
        ..Default::default()
    };
    Route53Request::CreateHealthCheck(CreateHealthCheckRequest { caller_reference, health_check_config: config })
}

#[component]
pub fn HealthCheckForm() -> Html {
    let store = use_store();
    let type_ref = use_node_ref();
    let endpoint_ref = use_node_ref();
    let path_ref = use_node_ref();
    let interval_ref = use_node_ref();
    let onsubmit = {
        let store = store.clone();
        let refs = (type_ref.clone(), endpoint_ref.clone(), path_ref.clone(), interval_ref.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let select = |r: &NodeRef| r.cast::<HtmlSelectElement>().map(|s| s.value()).unwrap_or_default();
            let input = |r: &NodeRef| r.cast::<HtmlInputElement>().map(|i| i.value()).unwrap_or_default();
            let interval = if select(&refs.3) == "10" { 10 } else { 30 };
            let reference = caller_reference(store.world(), "health");
            let request =
                create_health_check_request(&select(&refs.0), &input(&refs.1), &input(&refs.2), interval, reference);
            store.dispatch(Action::Call(r53(request)));
        })
    };
    html! {
        <form class="console-form" aria-labelledby="create-health-check-heading" {onsubmit}>
            <h3 id="create-health-check-heading">{ "Create health check" }</h3>
            <div class="fields">
                <div class="field narrow">
                    <label for="health-type">{ "Protocol" }</label>
                    <select id="health-type" ref={type_ref}>
                        <option value="HTTP" selected=true>{ "HTTP" }</option>
                        <option value="HTTPS">{ "HTTPS" }</option>
                        <option value="TCP">{ "TCP" }</option>
                    </select>
                </div>
                <div class="field">
                    <label for="health-endpoint">{ "Endpoint: domain name or IP address" }</label>
                    <input id="health-endpoint" type="text" ref={endpoint_ref} autocomplete="off" spellcheck="false"
                           placeholder="my-site.s3-website-us-east-1.amazonaws.com" aria-describedby="health-endpoint-help" />
                    <p class="help" id="health-endpoint-help">
                        { "Checkers in eight regions request it; more than 18 % must see it healthy." }
                    </p>
                </div>
                <div class="field narrow">
                    <label for="health-path">{ "Path" }</label>
                    <input id="health-path" type="text" ref={path_ref} value="/" spellcheck="false" />
                </div>
                <div class="field narrow">
                    <label for="health-interval">{ "Request interval" }</label>
                    <select id="health-interval" ref={interval_ref}>
                        <option value="30" selected=true>{ "Standard (30 s)" }</option>
                        <option value="10">{ "Fast (10 s)" }</option>
                    </select>
                </div>
            </div>
            <button type="submit" class="primary">{ "Create health check" }</button>
            <CliLine operations={&["CreateHealthCheck"][..]} />
        </form>
    }
}

fn endpoint_text(check: &HealthCheckState) -> String {
    let c = &check.config;
    if c.check_type == "CALCULATED" {
        return format!("{} child checks", c.child_health_checks.as_ref().map_or(0, Vec::len));
    }
    let host = c.fully_qualified_domain_name.as_deref().or(c.ip_address.as_deref()).unwrap_or("");
    let port = c.port.map(|p| format!(":{p}")).unwrap_or_default();
    format!("{}://{host}{port}{}", c.check_type.to_ascii_lowercase(), c.resource_path.as_deref().unwrap_or(""))
}

#[component]
pub fn HealthCheckTable() -> Html {
    let store = use_store();
    let r53_state = &store.world().route53;
    let rows: Vec<Html> = r53_state
        .health_checks
        .values()
        .map(|check| {
            let healthy = health_status(r53_state, &check.id, 0).unwrap_or(true);
            let seen = check.checkers.iter().filter(|c| c.healthy).count();
            let on_confirm = {
                let (store, id) = (store.clone(), check.id.clone());
                Callback::from(move |_| {
                    let request = DeleteHealthCheckRequest { health_check_id: id.clone() };
                    store.dispatch(Action::Call(r53(Route53Request::DeleteHealthCheck(request))))
                })
            };
            let short = short_id(&check.id);
            html! {
                <tr key={check.id.clone()}>
                    <td class="nowrap"><code title={check.id.clone()}>{ short.clone() }</code></td>
                    <td class="endpoint-url">{ endpoint_text(check) }</td>
                    <td class="nowrap">
                        <span class={if healthy { "ok" } else { "err" }}>{ if healthy { "Healthy" } else { "Unhealthy" } }</span>
                        <span class="sub">{ format!("{seen} of {} checkers", check.checkers.len()) }</span>
                    </td>
                    <td>
                        <ConfirmButton label="Delete" name={AttrValue::from(format!("Delete health check {short}"))}
                            question={format!("Delete health check {short}? Records that use it are then treated as healthy.")}
                            confirm={format!("Yes, delete {short}")} {on_confirm} />
                    </td>
                </tr>
            }
        })
        .collect();
    html! {
        <>
            <ResourceTable caption="Health checks" headers={&["ID", "Endpoint", "Status", "Actions"][..]}
                           empty="No health checks yet." rows={rows} />
            if !r53_state.health_checks.is_empty() {
                <p class="help">{ "Checkers probe on the simulated clock: move it on (+1 hour) and the status follows what the endpoint answers." }</p>
            }
            <CliLine operations={&["DeleteHealthCheck"][..]} />
        </>
    }
}
