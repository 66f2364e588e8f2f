//! A zone's record sets: the table (with delete), and the status of the last change, which
//! stays PENDING until Route 53's servers have it.

use super::draft::change_request;
use super::r53;
use crate::app::use_store;
use crate::components::cli_line::CliLine;
use crate::components::confirm::ConfirmButton;
use crate::components::table::ResourceTable;
use crate::store::Action;
use nimbus_sim::diagram::route53::routing_label;
use nimbus_sim::services::route53::names::display_name;
use nimbus_sim::services::route53::{ChangeStatus, ResourceRecordSet, Route53Request, Zone};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ZoneIdProps {
    pub zone: String,
}

/// Where the record sends traffic, in one cell.
fn target_text(set: &ResourceRecordSet) -> String {
    match &set.alias_target {
        Some(alias) => format!("Alias to {}", alias.dns_name),
        None => set.values().collect::<Vec<_>>().join("\n"),
    }
}

/// Route 53 keeps the apex NS and SOA for as long as the zone lives.
fn is_zone_own(zone: &Zone, set: &ResourceRecordSet) -> bool {
    set.name == zone.name && (set.record_type == "NS" || set.record_type == "SOA")
}

#[component]
pub fn RecordTable(props: &ZoneIdProps) -> Html {
    let store = use_store();
    let Some(zone) = store.world().route53.zones.get(&props.zone) else { return html! {} };
    let rows: Vec<Html> = zone
        .records
        .iter()
        .map(|(key, set)| {
            let name = display_name(&set.name);
            let label = match &set.set_identifier {
                Some(id) => format!("{name} {} {id}", set.record_type),
                None => format!("{name} {}", set.record_type),
            };
            let delete = if is_zone_own(zone, set) {
                html! { <span class="muted">{ "Kept with the zone" }</span> }
            } else {
                let (store, request) = (store.clone(), change_request(&zone.id, "DELETE", set.clone()));
                let on_confirm = Callback::from(move |_| {
                    store.dispatch(Action::Call(r53(Route53Request::ChangeResourceRecordSets(request.clone()))))
                });
                html! {
                    <ConfirmButton label="Delete" name={AttrValue::from(format!("Delete {label}"))}
                        question={format!("Delete the {} record {name}?", set.record_type)}
                        confirm={format!("Yes, delete {label}")} {on_confirm} />
                }
            };
            html! {
                <tr key={key.clone()}>
                    <td class="record-name">{ name.clone() }</td>
                    <td>{ set.record_type.clone() }</td>
                    // Policy, record ID and health check share a cell so the table fits half a screen.
                    <td class="nowrap">
                        { routing_label(set) }
                        if let Some(id) = &set.set_identifier {
                            <span class="sub">{ format!("ID {id}") }</span>
                        }
                        if let Some(check) = &set.health_check_id {
                            <span class="sub">{ format!("health check {}", short_id(check)) }</span>
                        }
                    </td>
                    <td class="record-values">{ target_text(set) }</td>
                    <td>{ set.ttl.map(|t| t.to_string()).unwrap_or_else(|| "—".into()) }</td>
                    <td>{ delete }</td>
                </tr>
            }
        })
        .collect();
    html! {
        <>
            <ResourceTable caption={format!("Records in {}", display_name(&zone.name))}
                headers={&["Record name", "Type", "Routing", "Value / route traffic to", "TTL", "Actions"][..]}
                empty="No records." rows={rows} />
            <ChangeStatusLine />
            <CliLine operations={&["ChangeResourceRecordSets"][..]} />
        </>
    }
}

/// Health check ids are UUIDs; the first block is enough to tell them apart on screen.
pub fn short_id(id: &str) -> String {
    id.split('-').next().unwrap_or(id).to_string()
}

/// The account's latest change (from the console or the terminal) and whether it has reached
/// every Route 53 server: GetChange's answer, without the call.
#[component]
pub fn ChangeStatusLine() -> Html {
    let store = use_store();
    let Some(change) = store.world().route53.changes.back() else { return html! {} };
    let text = match change.status {
        ChangeStatus::Pending => {
            ": Route 53's servers answer with it within about 60 seconds (move the clock on to see INSYNC)."
        }
        ChangeStatus::Insync => ": every Route 53 server answers with it.",
    };
    html! {
        <p class="change-status" role="status">
            { format!("Latest change {} is ", change.id) }<strong>{ change.status.as_str() }</strong>{ text }
        </p>
    }
}
