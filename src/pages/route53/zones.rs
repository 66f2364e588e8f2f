//! Creating hosted zones, the zone table, a zone's name servers and deleting a zone.

use super::r53;
use crate::app::use_store;
use crate::components::cli_line::CliLine;
use crate::components::confirm::ConfirmButton;
use crate::components::table::ResourceTable;
use crate::store::Action;
use nimbus_sim::services::route53::names::display_name;
use nimbus_sim::services::route53::{
    CreateHostedZoneRequest, DeleteHostedZoneRequest, HostedZoneConfig, Route53Request, Zone,
};
use nimbus_sim::World;
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// A CallerReference no earlier request used, as the console makes one: Route 53 refuses a
/// second zone with the same reference (HostedZoneAlreadyExists). The trail's next number
/// grows with every call, so two requests never share one.
pub fn caller_reference(world: &World, what: &str) -> String {
    format!("console-{what}-{}", world.trail().next_seq())
}

pub fn create_zone_request(name: &str, comment: &str, caller_reference: String) -> Route53Request {
    let comment = comment.trim();
    Route53Request::CreateHostedZone(CreateHostedZoneRequest {
        name: name.trim().to_string(),
        caller_reference,
        hosted_zone_config: (!comment.is_empty())
            .then(|| HostedZoneConfig { comment: Some(comment.to_string()), private_zone: None }),
        ..Default::default()
    })
}

#[component]
pub fn CreateZoneForm() -> Html {
    let store = use_store();
    let name_ref = use_node_ref();
    let comment_ref = use_node_ref();
    let onsubmit = {
        let (store, name_ref, comment_ref) = (store.clone(), name_ref.clone(), comment_ref.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let value = |r: &NodeRef| r.cast::<HtmlInputElement>().map(|i| i.value()).unwrap_or_default();
            let reference = caller_reference(store.world(), "zone");
            let request = create_zone_request(&value(&name_ref), &value(&comment_ref), reference);
            store.dispatch(Action::Call(r53(request)));
        })
    };
    html! {
        <form class="console-form" aria-labelledby="create-zone-heading" {onsubmit}>
            <h3 id="create-zone-heading">{ "Create hosted zone" }</h3>
            <div class="fields">
                <div class="field">
                    <label for="zone-name">{ "Domain name" }</label>
                    <input id="zone-name" type="text" ref={name_ref} autocomplete="off" spellcheck="false"
                           placeholder="example.com" aria-describedby="zone-name-help" />
                    <p class="help" id="zone-name-help">
                        { "A public hosted zone answers for this domain on the internet once the registrar points at its four name servers." }
                    </p>
                </div>
                <div class="field">
                    <label for="zone-comment">{ "Comment (optional)" }</label>
                    <input id="zone-comment" type="text" ref={comment_ref} autocomplete="off" />
                </div>
            </div>
            <button type="submit" class="primary">{ "Create hosted zone" }</button>
            <CliLine operations={&["CreateHostedZone"][..]} />
        </form>
    }
}

#[derive(Properties, PartialEq)]
pub struct ZoneTableProps {
    pub selected: Option<String>,
    pub on_select: Callback<Option<String>>,
}

#[component]
pub fn ZoneTable(props: &ZoneTableProps) -> Html {
    let store = use_store();
    let rows: Vec<Html> = store
        .world()
        .route53
        .zones
        .values()
        .map(|z| {
            let open = props.selected.as_deref() == Some(z.id.as_str());
            let onclick = {
                let (on_select, id) = (props.on_select.clone(), z.id.clone());
                Callback::from(move |_| on_select.emit(if open { None } else { Some(id.clone()) }))
            };
            html! {
                <tr key={z.id.clone()} class={classes!(open.then_some("selected"))}>
                    <td>
                        <button type="button" class="link-button" aria-pressed={open.to_string()} {onclick}>
                            { display_name(&z.name) }
                        </button>
                    </td>
                    <td>{ if z.private_zone { "Private" } else { "Public" } }</td>
                    <td>{ z.records.len() }</td>
                    <td class="nowrap"><code>{ z.id.clone() }</code></td>
                </tr>
            }
        })
        .collect();
    html! {
        <ResourceTable caption="Hosted zones" headers={&["Domain name", "Type", "Record sets", "Hosted zone ID"][..]}
                       empty="No hosted zones yet." rows={rows} />
    }
}

#[derive(Properties, PartialEq)]
pub struct ZoneProps {
    pub zone: Zone,
}

/// The delegation set: what a registrar needs so the internet asks this zone.
#[component]
pub fn NameServers(props: &ZoneProps) -> Html {
    html! {
        <section class="setting" aria-labelledby="name-servers-heading">
            <h4 id="name-servers-heading">{ "Name servers" }</h4>
            <p>{ "Give these four to your domain registrar; they are also the zone's NS record." }</p>
            <ul class="name-servers">
                { for props.zone.name_servers.iter().map(|ns| html! { <li><code>{ ns.clone() }</code></li> }) }
            </ul>
        </section>
    }
}

#[component]
pub fn DeleteZone(props: &ZoneProps) -> Html {
    let store = use_store();
    let name = display_name(&props.zone.name);
    let on_confirm = {
        let (store, id) = (store.clone(), props.zone.id.clone());
        Callback::from(move |_| {
            let request = Route53Request::DeleteHostedZone(DeleteHostedZoneRequest { id: id.clone() });
            store.dispatch(Action::Call(r53(request)))
        })
    };
    html! {
        <section class="setting danger-zone" aria-labelledby="delete-zone-heading">
            <h4 id="delete-zone-heading">{ "Delete hosted zone" }</h4>
            <p>{ "Route 53 deletes a zone only when it holds nothing but its NS and SOA records." }</p>
            <ConfirmButton label="Delete hosted zone" question={format!("Delete the hosted zone {name}?")}
                           confirm={format!("Yes, delete {name}")} {on_confirm} />
            <CliLine operations={&["DeleteHostedZone"][..]} />
        </section>
    }
}
