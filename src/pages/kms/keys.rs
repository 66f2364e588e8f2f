//! The key list, as the KMS console splits it: customer managed keys, and AWS managed keys
//! (`aws/s3` …), which appear once a service has made one. AWS owned keys live in AWS's own
//! accounts and are never listed.

use crate::app::use_store;
use crate::components::clock::format_short;
use crate::components::table::ResourceTable;
use nimbus_sim::services::kms::model::Key;
use nimbus_sim::World;
use yew::prelude::*;

/// The aliases that point at a key, in name order.
pub fn aliases_of(world: &World, key_id: &str) -> Vec<String> {
    world.kms.aliases.values().filter(|a| a.target_key_id == key_id).map(|a| a.name.clone()).collect()
}

#[derive(Properties, PartialEq)]
pub struct KeyTablesProps {
    pub selected: Option<String>,
    pub on_select: Callback<Option<String>>,
}

#[component]
pub fn KeyTables(props: &KeyTablesProps) -> Html {
    let store = use_store();
    let world = store.world();
    let row = |k: &Key| {
        let open = props.selected.as_deref() == Some(k.key_id.as_str());
        let onclick = {
            let (on_select, id) = (props.on_select.clone(), k.key_id.clone());
            Callback::from(move |_| on_select.emit(if open { None } else { Some(id.clone()) }))
        };
        let aliases = aliases_of(world, &k.key_id);
        html! {
            <tr key={k.key_id.clone()} class={classes!(open.then_some("selected"))}>
                <td class="key">
                    <button type="button" class="link-button" aria-pressed={open.to_string()} {onclick}>
                        { k.key_id.clone() }
                    </button>
                </td>
                <td><span class={classes!("key-state", format!("key-state-{}", k.state.as_str()))}>{ k.state.as_str() }</span></td>
                <td>{ if aliases.is_empty() { "—".to_string() } else { aliases.join(", ") } }</td>
                <td class="nowrap">{ k.key_spec.as_str() }</td>
                <td class="nowrap">{ k.origin.as_str() }</td>
                <td class="nowrap">{ format_short(k.creation_date) }</td>
            </tr>
        }
    };
    let customer: Vec<Html> = world.kms.keys.values().filter(|k| !k.is_aws_managed()).map(row).collect();
    let managed: Vec<Html> = world.kms.keys.values().filter(|k| k.is_aws_managed()).map(row).collect();
    // State right after the id: the column a narrow screen must not scroll away.
    const HEADERS: &[&str] = &["Key ID", "State", "Aliases", "Key spec", "Origin", "Created"];
    html! {
        <>
            <ResourceTable caption="Customer managed keys" headers={HEADERS} empty="No customer managed keys yet." rows={customer} />
            <ResourceTable caption="AWS managed keys" headers={HEADERS}
                empty="No AWS managed keys yet: a service makes one (alias aws/<service>) the first time you ask it to \
                       encrypt with KMS without naming a key — for example S3 with SSE-KMS. AWS owned keys are never listed."
                rows={managed} />
        </>
    }
}
