//! Creating a cluster (HSM type, and the Availability Zones whose default subnets it uses) and
//! the cluster table.

use super::cloudhsm;
use crate::app::use_store;
use crate::components::cli_line::CliLine;
use crate::components::clock::format_short;
use crate::components::table::ResourceTable;
use crate::store::Action;
use nimbus_sim::regions;
use nimbus_sim::services::cloudhsm::model::{HsmState, HsmType};
use nimbus_sim::services::cloudhsm::{CloudHsmRequest, CreateClusterRequest};
use nimbus_sim::services::vpc;
use nimbus_sim::World;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

/// The CreateCluster request for the default subnets of `azs`. The default VPC is made on first
/// use, from the World's seeded generator, and CreateCluster makes it before drawing anything
/// else; so a copy of the World tells which subnet ids the real call will find.
pub fn create_cluster_request(world: &World, hsm_type: HsmType, azs: &[String]) -> CreateClusterRequest {
    let mut copy = world.clone();
    let region = copy.default_region.clone();
    let subnet_ids = vpc::default_vpc(&mut copy, &region)
        .map(|v| azs.iter().filter_map(|az| v.subnet_in(az).map(|s| s.subnet_id.clone())).collect())
        .unwrap_or_default();
    CreateClusterRequest { hsm_type: hsm_type.as_str().to_string(), subnet_ids, ..Default::default() }
}

/// The Availability Zones of the lab's default Region.
pub fn zones(world: &World) -> Vec<String> {
    regions::find(&world.default_region).map(|r| r.availability_zones()).unwrap_or_default()
}

#[component]
pub fn CreateClusterForm() -> Html {
    let store = use_store();
    let type_ref = use_node_ref();
    let zones = zones(store.world());
    // Two Availability Zones to start with: the minimum a KMS key store needs.
    let picked = use_state(|| zones.iter().take(2).cloned().collect::<Vec<String>>());
    let onsubmit = {
        let (store, type_ref, picked) = (store.clone(), type_ref.clone(), picked.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let chosen = type_ref.cast::<HtmlSelectElement>().map(|s| s.value()).unwrap_or_default();
            let hsm_type = HsmType::ALL.iter().copied().find(|t| t.as_str() == chosen).unwrap_or(HsmType::Hsm2mMedium);
            let request = create_cluster_request(store.world(), hsm_type, &picked);
            store.dispatch(Action::Call(cloudhsm(CloudHsmRequest::CreateCluster(request))));
        })
    };
    let toggle = |az: &str| {
        let (picked, az) = (picked.clone(), az.to_string());
        Callback::from(move |e: Event| {
            let on = e.target_unchecked_into::<HtmlInputElement>().checked();
            let mut next: Vec<String> = picked.iter().filter(|a| **a != az).cloned().collect();
            if on {
                next.push(az.clone());
            }
            picked.set(next);
        })
    };
    html! {
        <form class="console-form" aria-labelledby="create-cluster-heading" {onsubmit}>
            <h3 id="create-cluster-heading">{ "Create cluster" }</h3>
            <div class="fields">
                <div class="field">
                    <label for="cluster-hsm-type">{ "HSM type" }</label>
                    <select id="cluster-hsm-type" ref={type_ref}>
                        { for HsmType::ALL.iter().map(|t| html! {
                            <option value={t.as_str()} selected={*t == HsmType::Hsm2mMedium}>
                                { format!("{} — {}", t.as_str(), t.fips_validation()) }
                            </option>
                        }) }
                    </select>
                </div>
                <fieldset class="field az-picker">
                    <legend>{ "Subnets: one default subnet per Availability Zone" }</legend>
                    <div class="checks">
                        { for zones.iter().map(|az| html! {
                            <label class="check">
                                <input type="checkbox" checked={picked.contains(az)} onchange={toggle(az)} />
                                { az.clone() }
                            </label>
                        }) }
                    </div>
                </fieldset>
            </div>
            <button type="submit" class="primary">{ "Create cluster" }</button>
            <CliLine operations={&["CreateCluster"][..]} />
        </form>
    }
}

#[derive(Properties, PartialEq)]
pub struct ClusterTableProps {
    pub selected: Option<String>,
    pub on_select: Callback<Option<String>>,
}

#[component]
pub fn ClusterTable(props: &ClusterTableProps) -> Html {
    let store = use_store();
    let rows: Vec<Html> = store
        .world()
        .cloudhsm
        .clusters
        .values()
        .map(|c| {
            let open = props.selected.as_deref() == Some(c.cluster_id.as_str());
            let onclick = {
                let (on_select, id) = (props.on_select.clone(), c.cluster_id.clone());
                Callback::from(move |_| on_select.emit(if open { None } else { Some(id.clone()) }))
            };
            let live = c.hsms.iter().filter(|h| h.state != HsmState::Deleted).count();
            let active = c.hsms.iter().filter(|h| h.state == HsmState::Active).count();
            html! {
                <tr key={c.cluster_id.clone()} class={classes!(open.then_some("selected"))}>
                    <td>
                        <button type="button" class="link-button" aria-pressed={open.to_string()} {onclick}>
                            { c.cluster_id.clone() }
                        </button>
                    </td>
                    <td class="nowrap">{ c.hsm_type.as_str() }</td>
                    <td class="nowrap">{ c.state.as_str() }</td>
                    <td>{ format!("{active} active of {live}") }</td>
                    <td class="nowrap">{ format_short(c.create_timestamp) }</td>
                </tr>
            }
        })
        .collect();
    html! {
        <ResourceTable caption="Clusters" headers={&["Cluster ID", "HSM type", "State", "HSMs", "Created"][..]}
                       empty="No clusters yet." rows={rows} />
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use nimbus_sim::{Request, Response};

    #[test]
    fn the_predicted_subnets_are_the_ones_create_cluster_finds() {
        let mut world = World::new(9);
        let azs = zones(&world).into_iter().take(2).collect::<Vec<_>>();
        let request = create_cluster_request(&world, HsmType::Hsm2mMedium, &azs);
        assert_eq!(request.subnet_ids.len(), 2);
        let out = world.call(Request::CloudHsm(CloudHsmRequest::CreateCluster(request)));
        let Ok(Response::CloudHsm(nimbus_sim::services::cloudhsm::CloudHsmResponse::CreateCluster(c))) = out else {
            panic!("{out:?}")
        };
        let mapped: Vec<&String> = c.cluster.subnet_mapping.keys().collect();
        assert_eq!(mapped, azs.iter().collect::<Vec<_>>());
    }
}
