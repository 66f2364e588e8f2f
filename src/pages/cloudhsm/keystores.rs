//! KMS custom key stores backed by a cluster: create one (the cluster's trust anchor and the
//! kmsuser password), connect and disconnect it on the clock, delete it.

use crate::app::use_store;
use crate::components::cli_line::CliLine;
use crate::components::table::ResourceTable;
use crate::pages::kms::kms;
use crate::store::Action;
use nimbus_sim::services::kms::model::ConnectionState;
use nimbus_sim::services::kms::{CreateCustomKeyStoreRequest, CustomKeyStoreIdRequest, KmsRequest};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

#[component]
pub fn KeyStores() -> Html {
    let store = use_store();
    let name_ref = use_node_ref();
    let cluster_ref = use_node_ref();
    let password_ref = use_node_ref();
    let world = store.world();
    // Clusters that were initialized know their trust anchor; others cannot back a store.
    let clusters: Vec<(String, String)> = world
        .cloudhsm
        .clusters
        .values()
        .filter_map(|c| c.trust_anchor.clone().map(|a| (c.cluster_id.clone(), a)))
        .collect();
    let onsubmit = {
        let (store, clusters) = (store.clone(), clusters.clone());
        let (name_ref, cluster_ref, password_ref) = (name_ref.clone(), cluster_ref.clone(), password_ref.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let cluster = cluster_ref.cast::<HtmlSelectElement>().map(|s| s.value()).unwrap_or_default();
            let anchor = clusters.iter().find(|(id, _)| *id == cluster).map(|(_, a)| a.clone());
            let text =
                |r: &NodeRef| r.cast::<HtmlInputElement>().map(|i| i.value().trim().to_string()).unwrap_or_default();
            let request = CreateCustomKeyStoreRequest {
                custom_key_store_name: text(&name_ref),
                cloud_hsm_cluster_id: Some(cluster),
                trust_anchor_certificate: anchor,
                key_store_password: Some(text(&password_ref)),
                custom_key_store_type: None,
            };
            store.dispatch(Action::Call(kms(KmsRequest::CreateCustomKeyStore(request))));
        })
    };
    let call = |request: KmsRequest| {
        let store = store.clone();
        Callback::from(move |_: MouseEvent| store.dispatch(Action::Call(kms(request.clone()))))
    };
    let rows: Vec<Html> = world
        .kms
        .custom_key_stores
        .values()
        .map(|s| {
            let id = CustomKeyStoreIdRequest { custom_key_store_id: s.custom_key_store_id.clone() };
            let keys = world
                .kms
                .keys
                .values()
                .filter(|k| k.custom_key_store.as_ref().is_some_and(|l| l.custom_key_store_id == s.custom_key_store_id))
                .count();
            let connected = matches!(s.connection_state, ConnectionState::Connected | ConnectionState::Connecting);
            html! {
                <tr key={s.custom_key_store_id.clone()}>
                    <td>{ s.name.clone() }</td>
                    <td class="key">{ s.custom_key_store_id.clone() }</td>
                    <td class="key">{ s.cloud_hsm_cluster_id.clone() }</td>
                    <td class="nowrap">
                        { s.connection_state.as_str() }
                        if let Some(code) = &s.connection_error_code { { format!(" ({code})") } }
                    </td>
                    <td>{ keys }</td>
                    <td>
                        <div class="button-row">
                            if connected {
                                <button type="button" aria-label={format!("Disconnect {}", s.name)}
                                        onclick={call(KmsRequest::DisconnectCustomKeyStore(id.clone()))}>{ "Disconnect" }</button>
                            } else {
                                <button type="button" aria-label={format!("Connect {}", s.name)}
                                        onclick={call(KmsRequest::ConnectCustomKeyStore(id.clone()))}>{ "Connect" }</button>
                            }
                            <button type="button" aria-label={format!("Delete {}", s.name)}
                                    onclick={call(KmsRequest::DeleteCustomKeyStore(id))}>{ "Delete" }</button>
                        </div>
                    </td>
                </tr>
            }
        })
        .collect();
    html! {
        <section class="keystores" aria-labelledby="keystores-heading">
            <h3 id="keystores-heading">{ "KMS custom key stores" }</h3>
            <p class="help">{ "A key store lets KMS keep a key's material in your cluster (Origin AWS_CLOUDHSM). The cluster \
                               needs two or more ACTIVE HSMs in different Availability Zones and the crypto user kmsuser." }</p>
            <form class="console-form" aria-label="Create custom key store" {onsubmit}>
                <div class="fields">
                    <div class="field">
                        <label for="store-name">{ "Key store name" }</label>
                        <input id="store-name" type="text" ref={name_ref} value="hsm-store" autocomplete="off" />
                    </div>
                    <div class="field">
                        <label for="store-cluster">{ "Cluster" }</label>
                        if clusters.is_empty() {
                            <p class="help" id="store-cluster">{ "No initialized cluster yet." }</p>
                        } else {
                            <select id="store-cluster" ref={cluster_ref}>
                                { for clusters.iter().enumerate().map(|(i, (id, _))| html! { <option value={id.clone()} selected={i == 0}>{ id.clone() }</option> }) }
                            </select>
                        }
                    </div>
                    <div class="field">
                        <label for="store-password">{ "kmsuser password" }</label>
                        <input id="store-password" type="text" ref={password_ref} value="kmsuser-pass-1" autocomplete="off" />
                    </div>
                </div>
                <button type="submit" disabled={clusters.is_empty()}>{ "Create key store" }</button>
            </form>
            <ResourceTable caption="Custom key stores" headers={&["Name", "ID", "Cluster", "Connection", "KMS keys", "Actions"][..]}
                           empty="No custom key stores yet." rows={rows} />
            <CliLine operations={&["CreateCustomKeyStore", "ConnectCustomKeyStore", "DisconnectCustomKeyStore", "DeleteCustomKeyStore"][..]} />
        </section>
    }
}
