//! One cluster: its HSMs (add one in an Availability Zone, delete one), initializing it with
//! a certificate signed from its CSR, the client steps, its backups, and deleting it.

use super::client::ClientSteps;
use super::cloudhsm;
use crate::app::use_store;
use crate::components::cli_line::CliLine;
use crate::components::clock::format_short;
use crate::components::confirm::ConfirmButton;
use crate::components::table::ResourceTable;
use crate::store::Action;
use nimbus_sim::services::cloudhsm::model::{ClusterState, HsmState};
use nimbus_sim::services::cloudhsm::*;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

/// The name of the certificate authority the console signs cluster CSRs with.
pub const CA_NAME: &str = "Nimbus Lab Root CA";

#[derive(Properties, PartialEq)]
pub struct ClusterProps {
    pub cluster_id: String,
}

fn state_help(state: ClusterState) -> &'static str {
    match state {
        ClusterState::CreateInProgress => "Being created: move the clock a few minutes.",
        ClusterState::Uninitialized => "Uninitialized: add one HSM; when it is ACTIVE, sign its CSR and initialize.",
        ClusterState::InitializeInProgress => "Initializing: move the clock a few minutes.",
        ClusterState::Initialized => "Initialized: activate it with the client to set the admin password.",
        ClusterState::Active => "Active: add HSMs in other Availability Zones; users and keys are copied to each.",
        ClusterState::DeleteInProgress => "Being deleted.",
        _ => "",
    }
}

#[component]
pub fn ClusterDetail(props: &ClusterProps) -> Html {
    let store = use_store();
    let az_ref = use_node_ref();
    let Some(c) = store.world().cloudhsm.clusters.get(&props.cluster_id).cloned() else { return html! {} };
    let id = c.cluster_id.clone();
    let call = |request: CloudHsmRequest| {
        let store = store.clone();
        Callback::from(move |_: MouseEvent| store.dispatch(Action::Call(cloudhsm(request.clone()))))
    };
    let add_hsm = {
        let (store, az_ref, id) = (store.clone(), az_ref.clone(), id.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let availability_zone = az_ref.cast::<HtmlSelectElement>().map(|s| s.value()).unwrap_or_default();
            let request = CreateHsmRequest { cluster_id: id.clone(), availability_zone, ip_address: None };
            store.dispatch(Action::Call(cloudhsm(CloudHsmRequest::CreateHsm(request))));
        })
    };
    let hsm_rows: Vec<Html> = c
        .hsms
        .iter()
        .filter(|h| h.state != HsmState::Deleted)
        .map(|h| {
            let delete = call(CloudHsmRequest::DeleteHsm(DeleteHsmRequest {
                cluster_id: id.clone(),
                hsm_id: Some(h.hsm_id.clone()),
                ..Default::default()
            }));
            html! {
                <tr key={h.hsm_id.clone()}>
                    <td class="key">{ h.hsm_id.clone() }</td>
                    <td class="nowrap">{ h.availability_zone.clone() }</td>
                    <td class="nowrap">{ h.eni_ip.clone() }</td>
                    <td class="nowrap"><span class={classes!("hsm-state", format!("hsm-state-{}", h.state.as_str()))}>{ h.state.as_str() }</span></td>
                    <td>
                        <button type="button" aria-label={format!("Delete {}", h.hsm_id)} onclick={delete}>{ "Delete" }</button>
                    </td>
                </tr>
            }
        })
        .collect();
    let initialize =
        c.certificates.cluster_csr.as_deref().and_then(|csr| sign_cluster_csr(csr, CA_NAME)).map(|signed| {
            call(CloudHsmRequest::InitializeCluster(InitializeClusterRequest {
                cluster_id: id.clone(),
                signed_cert: signed.signed_cert,
                trust_anchor: signed.trust_anchor,
            }))
        });
    let mut backups: Vec<_> = store.world().cloudhsm.backups.values().filter(|b| b.cluster_id == id).collect();
    nimbus_sim::sort::sort_by(&mut backups, |a, b| b.create_timestamp.cmp(&a.create_timestamp));
    let backup_rows: Vec<Html> = backups
        .iter()
        .map(|b| {
            html! {
                <tr key={b.backup_id.clone()}>
                    <td class="key">{ b.backup_id.clone() }</td>
                    <td class="nowrap">{ b.state.as_str() }</td>
                    <td class="nowrap">{ format_short(b.create_timestamp) }</td>
                    <td>{ b.trigger.clone() }</td>
                    <td>{ format!("{} users, {} keys", b.contents.users.len(), b.contents.keys.len()) }</td>
                </tr>
            }
        })
        .collect();
    let delete_cluster = {
        let (store, id) = (store.clone(), id.clone());
        Callback::from(move |_| {
            let request = CloudHsmRequest::DeleteCluster(DeleteClusterRequest { cluster_id: id.clone() });
            store.dispatch(Action::Call(cloudhsm(request)))
        })
    };
    html! {
        <section class="cluster-detail" aria-labelledby="cluster-heading">
            <h3 id="cluster-heading">{ format!("Cluster {id}") }</h3>
            <p>{ format!("{} · {} · {}. ", c.state, c.hsm_type, c.hsm_type.fips_validation()) }{ state_help(c.state) }</p>
            <ResourceTable caption={format!("HSMs in {id}")} headers={&["HSM ID", "Availability Zone", "ENI IP", "State", "Actions"][..]}
                           empty="No HSMs in this cluster yet." rows={hsm_rows} />
            <form class="inline-form" aria-label="Add HSM" onsubmit={add_hsm}>
                <div class="field narrow">
                    <label for="hsm-az">{ "Availability Zone" }</label>
                    <select id="hsm-az" ref={az_ref}>
                        // The first zone is chosen explicitly: left alone, the browser kept another one.
                        { for c.subnet_mapping.iter().enumerate().map(|(i, (az, subnet))| html! {
                            <option value={az.clone()} selected={i == 0}>{ format!("{az} ({subnet})") }</option>
                        }) }
                    </select>
                </div>
                <button type="submit">{ "Add HSM" }</button>
            </form>
            <CliLine operations={&["CreateHsm", "DeleteHsm"][..]} />
            <section class="setting" aria-labelledby="initialize-heading">
                <h4 id="initialize-heading">{ "Initialize" }</h4>
                if c.state == ClusterState::Uninitialized {
                    if let Some(onclick) = initialize {
                        <p>{ format!("The first HSM made a certificate signing request (CSR). Your CA signs it; Nimbus Lab \
                                      plays the CA \"{CA_NAME}\".") }</p>
                        <button type="button" {onclick}>{ "Sign the CSR and initialize" }</button>
                    } else {
                        <p>{ "The CSR appears when the first HSM is ACTIVE." }</p>
                    }
                } else if c.initialized() || c.state == ClusterState::InitializeInProgress {
                    <p>{ "Initialized with a certificate your CA signed; its trust anchor is kept for KMS key stores." }</p>
                } else {
                    <p>{ "Not yet: the cluster is still being created." }</p>
                }
                <CliLine operations={&["InitializeCluster"][..]} />
            </section>
            <ClientSteps cluster_id={id.clone()} />
            <ResourceTable caption={format!("Backups of {id}")} headers={&["Backup ID", "State", "Taken", "Why", "Holds"][..]}
                           empty="No backups yet: CloudHSM takes one when the cluster is initialized, when HSMs come and go, and every 24 hours."
                           rows={backup_rows} />
            <section class="setting danger-zone" aria-labelledby="delete-cluster-heading">
                <h4 id="delete-cluster-heading">{ "Delete cluster" }</h4>
                <p>{ "CloudHSM deletes only a cluster with no HSMs: delete them first. Backups stay." }</p>
                <ConfirmButton label="Delete cluster" question={format!("Delete the cluster {id}?")}
                               confirm={format!("Yes, delete {id}")} on_confirm={delete_cluster} />
                <CliLine operations={&["DeleteCluster"][..]} />
            </section>
        </section>
    }
}
