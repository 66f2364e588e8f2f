//! The record form: name, type, values or an alias, and a routing policy with the fields that
//! policy needs. It builds one ChangeResourceRecordSets request (see `draft.rs`).
//!
//! Every select marks its default option `selected`: Yew inserts a list's children last to
//! first, so without it the browser would start on the last option.

use super::draft::{RecordDraft, Routing, Target, RECORD_TYPES};
use super::r53;
use super::records::short_id;
use crate::app::use_store;
use crate::store::{Action, NoticeKind};
use nimbus_sim::regions::{DEFAULT_REGION, REGIONS};
use nimbus_sim::services::route53::names::display_name;
use nimbus_sim::services::route53::Route53Request;
use web_sys::{HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct RecordFormProps {
    pub zone: String,
}

/// Where the form's record sends traffic.
#[derive(Clone, Copy, PartialEq, Eq)]
enum TargetKind {
    Values,
    S3Website,
    Record,
}

impl TargetKind {
    fn from_value(v: &str) -> TargetKind {
        match v {
            "s3" => TargetKind::S3Website,
            "record" => TargetKind::Record,
            _ => TargetKind::Values,
        }
    }
}

fn input(r: &NodeRef) -> String {
    r.cast::<HtmlInputElement>().map(|i| i.value()).unwrap_or_default()
}

fn select(r: &NodeRef) -> String {
    r.cast::<HtmlSelectElement>().map(|s| s.value()).unwrap_or_default()
}

fn checked(r: &NodeRef) -> bool {
    r.cast::<HtmlInputElement>().is_some_and(|i| i.checked())
}

/// The form's inputs, read together when it is sent.
#[derive(Clone, Default, PartialEq)]
struct Refs {
    action: NodeRef,
    name: NodeRef,
    record_type: NodeRef,
    values: NodeRef,
    ttl: NodeRef,
    alias: NodeRef,
    evaluate: NodeRef,
    set_identifier: NodeRef,
    weight: NodeRef,
    failover: NodeRef,
    region: NodeRef,
    health_check: NodeRef,
}

impl Refs {
    fn draft(&self, routing: Routing, kind: TargetKind, bucket_region: impl Fn(&str) -> String) -> RecordDraft {
        let target = match kind {
            TargetKind::Values => Target::Values {
                values: self.values.cast::<HtmlTextAreaElement>().map(|t| t.value()).unwrap_or_default(),
                ttl: input(&self.ttl),
            },
            TargetKind::S3Website => {
                let bucket = select(&self.alias);
                Target::S3Website { region: bucket_region(&bucket), bucket }
            }
            TargetKind::Record => Target::Record { name: select(&self.alias) },
        };
        RecordDraft {
            action: select(&self.action),
            name: input(&self.name),
            record_type: select(&self.record_type),
            target,
            evaluate_target_health: checked(&self.evaluate),
            routing,
            set_identifier: input(&self.set_identifier),
            weight: input(&self.weight),
            failover: select(&self.failover),
            region: select(&self.region),
            health_check_id: select(&self.health_check),
        }
    }
}

#[component]
pub fn RecordForm(props: &RecordFormProps) -> Html {
    let store = use_store();
    let refs = use_memo((), |_| Refs::default());
    let routing = use_state(Routing::default);
    let kind = use_state(|| TargetKind::Values);
    let world = store.world();
    let Some(zone) = world.route53.zones.get(&props.zone) else { return html! {} };
    let onsubmit = {
        let (store, refs, routing, kind) = (store.clone(), refs.clone(), *routing, *kind);
        let (zone_name, zone_id) = (zone.name.clone(), zone.id.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let buckets = &store.world().s3.buckets;
            let region_of = |b: &str| buckets.get(b).map(|b| b.region.clone()).unwrap_or_default();
            match refs.draft(routing, kind, region_of).request(&zone_name, &zone_id) {
                Ok(request) => store.dispatch(Action::Call(r53(Route53Request::ChangeResourceRecordSets(request)))),
                Err(text) => {
                    store.dispatch(Action::Notify { kind: NoticeKind::Error, title: "Record not sent".into(), text })
                }
            }
        })
    };
    let on_routing = {
        let routing = routing.clone();
        Callback::from(move |e: Event| {
            let s: HtmlSelectElement = e.target_unchecked_into();
            routing.set(Routing::from_value(&s.value()));
        })
    };
    let on_kind = {
        let kind = kind.clone();
        Callback::from(move |e: Event| {
            let s: HtmlSelectElement = e.target_unchecked_into();
            kind.set(TargetKind::from_value(&s.value()));
        })
    };
    let websites: Vec<(String, String)> = world
        .s3
        .buckets
        .values()
        .filter(|b| b.website.is_some())
        .map(|b| (b.name.clone(), b.website_endpoint()))
        .collect();
    let mut names: Vec<String> = zone.records.values().map(|r| r.name.clone()).collect();
    names.dedup();
    let zone_label = display_name(&zone.name);
    let alias_field = match *kind {
        TargetKind::Values => html! {
            <>
                <div class="field">
                    <label for="record-values">{ "Values (one per line)" }</label>
                    <textarea id="record-values" ref={refs.values.clone()} rows="3" spellcheck="false"
                              placeholder="192.0.2.10" />
                </div>
                <div class="field narrow">
                    <label for="record-ttl">{ "TTL (seconds)" }</label>
                    <input id="record-ttl" type="text" inputmode="numeric" ref={refs.ttl.clone()} value="300" />
                </div>
            </>
        },
        TargetKind::S3Website if websites.is_empty() => html! {
            <p class="help">{ "No bucket hosts a website yet: turn on static website hosting on the S3 page first." }</p>
        },
        TargetKind::S3Website => html! {
            <div class="field">
                <label for="record-alias">{ "S3 website endpoint" }</label>
                <select id="record-alias" ref={refs.alias.clone()} aria-describedby="record-alias-help">
                    { for websites.iter().enumerate().map(|(i, (bucket, endpoint))| html! { <option value={bucket.clone()} selected={i == 0}>{ endpoint.clone() }</option> }) }
                </select>
                <p class="help" id="record-alias-help">{ "Route 53 serves the bucket named exactly like the record." }</p>
            </div>
        },
        TargetKind::Record => html! {
            <div class="field">
                <label for="record-alias">{ "Record in this zone" }</label>
                <select id="record-alias" ref={refs.alias.clone()}>
                    { for names.iter().enumerate().map(|(i, n)| html! { <option value={n.clone()} selected={i == 0}>{ display_name(n) }</option> }) }
                </select>
            </div>
        },
    };
    let checks = &world.route53.health_checks;
    html! {
        <form class="console-form record-form" aria-labelledby="record-form-heading" {onsubmit}>
            <h4 id="record-form-heading">{ "Create record" }</h4>
            <div class="fields">
                <div class="field">
                    <label for="record-name">{ "Record name" }</label>
                    <div class="suffixed">
                        <input id="record-name" type="text" ref={refs.name.clone()} autocomplete="off" spellcheck="false"
                               placeholder="www" aria-describedby="record-name-help" />
                        <span class="suffix" aria-hidden="true">{ format!(".{}", zone_label.trim_end_matches('.')) }</span>
                    </div>
                    <p class="help" id="record-name-help">{ format!("Leave empty for the zone apex, {zone_label}") }</p>
                </div>
                <div class="field narrow">
                    <label for="record-type">{ "Record type" }</label>
                    <select id="record-type" ref={refs.record_type.clone()}>
                        { for RECORD_TYPES.iter().map(|t| html! { <option value={*t} selected={*t == "A"}>{ *t }</option> }) }
                    </select>
                </div>
                <div class="field">
                    <label for="record-target">{ "Route traffic to" }</label>
                    <select id="record-target" onchange={on_kind}>
                        <option value="values" selected={*kind == TargetKind::Values}>{ "Values (IP address or other value)" }</option>
                        <option value="s3" selected={*kind == TargetKind::S3Website}>{ "Alias to S3 website endpoint" }</option>
                        <option value="record" selected={*kind == TargetKind::Record}>{ "Alias to another record in this zone" }</option>
                    </select>
                </div>
                { alias_field }
                if *kind != TargetKind::Values {
                    <div class="field checkbox">
                        <input id="record-evaluate" type="checkbox" ref={refs.evaluate.clone()} />
                        <label for="record-evaluate">{ "Evaluate target health" }</label>
                    </div>
                }
                <div class="field">
                    <label for="record-routing">{ "Routing policy" }</label>
                    <select id="record-routing" onchange={on_routing}>
                        { for Routing::ALL.iter().map(|r| html! {
                            <option value={r.value()} selected={*r == *routing}>{ r.label() }</option>
                        }) }
                    </select>
                </div>
                if *routing != Routing::Simple {
                    <div class="field">
                        <label for="record-set-id">{ "Record ID" }</label>
                        <input id="record-set-id" type="text" ref={refs.set_identifier.clone()} autocomplete="off"
                               placeholder="blue" aria-describedby="record-set-id-help" />
                        <p class="help" id="record-set-id-help">{ "Tells apart records with the same name and type (SetIdentifier)." }</p>
                    </div>
                }
                if *routing == Routing::Weighted {
                    <div class="field narrow">
                        <label for="record-weight">{ "Weight (0–255)" }</label>
                        <input id="record-weight" type="text" inputmode="numeric" ref={refs.weight.clone()} placeholder="70" />
                    </div>
                }
                if *routing == Routing::Failover {
                    <div class="field narrow">
                        <label for="record-failover">{ "Failover record type" }</label>
                        <select id="record-failover" ref={refs.failover.clone()}>
                            <option value="PRIMARY" selected=true>{ "Primary" }</option>
                            <option value="SECONDARY">{ "Secondary" }</option>
                        </select>
                    </div>
                }
                if *routing == Routing::Latency {
                    <div class="field">
                        <label for="record-region">{ "Region" }</label>
                        <select id="record-region" ref={refs.region.clone()}>
                            { for REGIONS.iter().map(|r| html! {
                                <option value={r.code} selected={r.code == DEFAULT_REGION}>{ format!("{} — {}", r.code, r.name) }</option>
                            }) }
                        </select>
                    </div>
                }
                <div class="field">
                    <label for="record-health-check">{ "Health check" }</label>
                    <select id="record-health-check" ref={refs.health_check.clone()}>
                        <option value="" selected=true>{ "None" }</option>
                        { for checks.values().map(|c| {
                            let host = c.config.fully_qualified_domain_name.as_deref().or(c.config.ip_address.as_deref()).unwrap_or(&c.config.check_type);
                            html! { <option value={c.id.clone()}>{ format!("{} — {host}", short_id(&c.id)) }</option> }
                        }) }
                    </select>
                </div>
                <div class="field narrow">
                    <label for="record-action">{ "Action" }</label>
                    <select id="record-action" ref={refs.action.clone()} aria-describedby="record-action-help">
                        <option value="CREATE" selected=true>{ "CREATE" }</option>
                        <option value="UPSERT">{ "UPSERT" }</option>
                    </select>
                    <p class="help" id="record-action-help">{ "UPSERT replaces a record with the same name, type and record ID." }</p>
                </div>
            </div>
            <button type="submit" class="primary">{ "Create record" }</button>
        </form>
    }
}
