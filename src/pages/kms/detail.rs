//! One key: what it is, its state, automatic and on-demand rotation, deletion with its waiting
//! period, aliases, and the encrypt/decrypt panel.

use super::crypto::CryptoPanel;
use super::keys::aliases_of;
use super::kms;
use crate::app::use_store;
use crate::components::cli_line::CliLine;
use crate::components::clock::format_short;
use crate::components::confirm::ConfirmButton;
use crate::store::Action;
use nimbus_sim::services::kms::model::{Key, KeyState};
use nimbus_sim::services::kms::*;
use web_sys::HtmlInputElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct KeyProps {
    pub key_id: String,
}

fn id_request(key_id: &str) -> KeyIdRequest {
    KeyIdRequest { key_id: key_id.to_string() }
}

/// A number typed in a box, or `fallback` when the box is empty or not a number (KMS then says
/// what is wrong with the value it gets).
fn number_in(input: &NodeRef, fallback: i64) -> i64 {
    input.cast::<HtmlInputElement>().and_then(|i| i.value().trim().parse().ok()).unwrap_or(fallback)
}

#[hook]
fn use_call(request: KmsRequest) -> Callback<MouseEvent> {
    let store = use_store();
    Callback::from(move |_| store.dispatch(Action::Call(kms(request.clone()))))
}

#[component]
pub fn KeyDetail(props: &KeyProps) -> Html {
    let store = use_store();
    let Some(key) = store.world().kms.keys.get(&props.key_id).cloned() else { return html! {} };
    let aliases = aliases_of(store.world(), &key.key_id);
    let current = key.current_material().map(|(v, m)| format!("version {v} · {}", m.id));
    let mut facts: Vec<(&str, String)> = vec![
        ("ARN", key.arn.clone()),
        ("State", key.state.as_str().into()),
        ("Key manager", if key.is_aws_managed() { "AWS managed" } else { "Customer managed" }.into()),
        ("Key spec", key.key_spec.as_str().into()),
        ("Key usage", key.key_usage.as_str().into()),
        ("Origin", key.origin.as_str().into()),
        ("Created", format_short(key.creation_date)),
        ("Current key material", current.unwrap_or_else(|| "none (import key material first)".into())),
    ];
    if !key.description.is_empty() {
        facts.insert(1, ("Description", key.description.clone()));
    }
    if let Some(link) = &key.custom_key_store {
        let store = &link.custom_key_store_id;
        facts.push((
            "Key material in",
            format!("{store} · {} · key handle {}", link.cloud_hsm_cluster_id, link.key_handle),
        ));
    }
    if let Some(date) = key.deletion_date {
        facts.push(("Deletion date", format_short(date)));
    }
    html! {
        <section class="key-detail" aria-labelledby="key-heading">
            <h3 id="key-heading">{ format!("Key {}", aliases.first().cloned().unwrap_or_else(|| key.key_id.clone())) }</h3>
            <dl class="facts">
                { for facts.into_iter().map(|(k, v)| html! { <><dt>{ k }</dt><dd>{ v }</dd></> }) }
            </dl>
            <StateSetting key_id={key.key_id.clone()} />
            <CryptoPanel key_id={key.key_id.clone()} />
            <RotationSetting key_id={key.key_id.clone()} />
            <AliasSetting key_id={key.key_id.clone()} />
            <DeletionSetting key_id={key.key_id.clone()} />
        </section>
    }
}

fn state_text(key: &Key) -> &'static str {
    match key.state {
        KeyState::Enabled => "Enabled: the key encrypts and decrypts.",
        KeyState::Disabled => {
            "Disabled: every cryptographic operation fails with DisabledException until you enable it."
        }
        KeyState::PendingDeletion => "PendingDeletion: unusable, and deleted when the waiting period ends.",
        KeyState::PendingImport => "PendingImport: no key material yet; import it to use the key.",
        KeyState::Unavailable => "Unavailable: its custom key store is disconnected.",
        _ => "In transition.",
    }
}

#[component]
fn StateSetting(props: &KeyProps) -> Html {
    let store = use_store();
    let enable = use_call(KmsRequest::EnableKey(id_request(&props.key_id)));
    let disable = use_call(KmsRequest::DisableKey(id_request(&props.key_id)));
    let Some(key) = store.world().kms.keys.get(&props.key_id) else { return html! {} };
    html! {
        <section class="setting" aria-labelledby="key-state-heading">
            <h4 id="key-state-heading">{ "Key state" }</h4>
            <p>{ state_text(key) }</p>
            <div class="button-row">
                if key.state == KeyState::Enabled {
                    <button type="button" onclick={disable}>{ "Disable key" }</button>
                } else {
                    <button type="button" onclick={enable}>{ "Enable key" }</button>
                }
            </div>
            <CliLine operations={&["EnableKey", "DisableKey"][..]} />
        </section>
    }
}

#[component]
fn RotationSetting(props: &KeyProps) -> Html {
    let store = use_store();
    let period_ref = use_node_ref();
    let disable = use_call(KmsRequest::DisableKeyRotation(id_request(&props.key_id)));
    let rotate_now = use_call(KmsRequest::RotateKeyOnDemand(id_request(&props.key_id)));
    let enable = {
        let (store, key_id, period_ref) = (store.clone(), props.key_id.clone(), period_ref.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let request = EnableKeyRotationRequest {
                key_id: key_id.clone(),
                rotation_period_in_days: Some(number_in(&period_ref, 365)),
            };
            store.dispatch(Action::Call(kms(KmsRequest::EnableKeyRotation(request))));
        })
    };
    let Some(key) = store.world().kms.keys.get(&props.key_id) else { return html! {} };
    let versions = key.materials.len();
    let status = match &key.rotation {
        Some(r) => format!(
            "Automatic rotation is on, every {} days; next rotation {}. {versions} key material version(s).",
            r.period_days,
            format_short(r.next_rotation)
        ),
        None => format!("Automatic rotation is off. {versions} key material version(s)."),
    };
    let period = key.rotation.as_ref().map(|r| r.period_days).unwrap_or(365).to_string();
    html! {
        <section class="setting" aria-labelledby="rotation-heading">
            <h4 id="rotation-heading">{ "Key rotation" }</h4>
            <p>{ status }</p>
            <p class="help">{ "Rotation adds new key material: the key id, ARN and aliases stay; new encryptions use the \
                               new material and older ciphertext still decrypts." }</p>
            <form class="inline-form" aria-label="Automatic rotation" onsubmit={enable}>
                <div class="field narrow">
                    <label for="rotation-period">{ "Rotation period (days, 90–2560)" }</label>
                    <input id="rotation-period" type="number" min="90" max="2560" value={period} ref={period_ref} />
                </div>
                <div class="button-row">
                    <button type="submit">
                        { if key.rotation.is_some() { "Save rotation period" } else { "Enable automatic rotation" } }
                    </button>
                    if key.rotation.is_some() {
                        <button type="button" onclick={disable}>{ "Disable automatic rotation" }</button>
                    }
                    <button type="button" onclick={rotate_now}>{ "Rotate now" }</button>
                </div>
            </form>
            <CliLine operations={&["EnableKeyRotation", "DisableKeyRotation", "RotateKeyOnDemand"][..]} />
        </section>
    }
}

#[component]
fn AliasSetting(props: &KeyProps) -> Html {
    let store = use_store();
    let name_ref = use_node_ref();
    let onsubmit = {
        let (store, key_id, name_ref) = (store.clone(), props.key_id.clone(), name_ref.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let typed = name_ref.cast::<HtmlInputElement>().map(|i| i.value().trim().to_string()).unwrap_or_default();
            // The box shows the alias/ prefix; a name typed with it is taken as is.
            let alias_name = if typed.starts_with("alias/") { typed } else { format!("alias/{typed}") };
            let request = CreateAliasRequest { alias_name, target_key_id: key_id.clone() };
            store.dispatch(Action::Call(kms(KmsRequest::CreateAlias(request))));
        })
    };
    let aliases = aliases_of(store.world(), &props.key_id);
    html! {
        <section class="setting" aria-labelledby="aliases-heading">
            <h4 id="aliases-heading">{ "Aliases" }</h4>
            if aliases.is_empty() {
                <p>{ "No aliases. An alias is a friendly name you can use instead of the key id in Encrypt and DescribeKey." }</p>
            } else {
                <ul class="alias-list">
                    { for aliases.iter().map(|a| {
                        let store = store.clone();
                        let request = DeleteAliasRequest { alias_name: a.clone() };
                        let onclick = Callback::from(move |_| store.dispatch(Action::Call(kms(KmsRequest::DeleteAlias(request.clone())))));
                        html! {
                            <li key={a.clone()}>
                                <code>{ a.clone() }</code>
                                <button type="button" aria-label={format!("Delete alias {a}")} {onclick}>{ "Delete" }</button>
                            </li>
                        }
                    }) }
                </ul>
            }
            <form class="inline-form" aria-label="Create alias" {onsubmit}>
                <div class="field narrow">
                    <label for="alias-name">{ "New alias (alias/…)" }</label>
                    <input id="alias-name" type="text" ref={name_ref} placeholder="alias/orders" autocomplete="off" spellcheck="false" />
                </div>
                <button type="submit">{ "Create alias" }</button>
            </form>
            <CliLine operations={&["CreateAlias", "DeleteAlias"][..]} />
        </section>
    }
}

#[component]
fn DeletionSetting(props: &KeyProps) -> Html {
    let store = use_store();
    let days_ref = use_node_ref();
    let cancel = use_call(KmsRequest::CancelKeyDeletion(id_request(&props.key_id)));
    let schedule = {
        let (store, key_id, days_ref) = (store.clone(), props.key_id.clone(), days_ref.clone());
        Callback::from(move |_| {
            let request = ScheduleKeyDeletionRequest {
                key_id: key_id.clone(),
                pending_window_in_days: Some(number_in(&days_ref, 30)),
            };
            store.dispatch(Action::Call(kms(KmsRequest::ScheduleKeyDeletion(request))));
        })
    };
    let Some(key) = store.world().kms.keys.get(&props.key_id) else { return html! {} };
    html! {
        <section class="setting danger-zone" aria-labelledby="deletion-heading">
            <h4 id="deletion-heading">{ "Key deletion" }</h4>
            if let (KeyState::PendingDeletion, Some(date)) = (key.state, key.deletion_date) {
                <p>{ format!("Scheduled: the key and all its key material are deleted on {}. Until then you can cancel; \
                              the key comes back Disabled.", format_short(date)) }</p>
                <button type="button" onclick={cancel}>{ "Cancel key deletion" }</button>
            } else {
                <p>{ "Deleting a key is final: data encrypted under it can never be decrypted again. KMS waits 7 to 30 \
                      days first (30 unless you say otherwise); disabling is the safe alternative." }</p>
                <div class="field narrow">
                    <label for="deletion-days">{ "Waiting period (days, 7–30)" }</label>
                    <input id="deletion-days" type="number" min="7" max="30" value="30" ref={days_ref} />
                </div>
                <ConfirmButton label="Schedule key deletion"
                    question="Schedule this key for deletion? It becomes unusable at once and is deleted when the waiting period ends."
                    confirm="Yes, schedule deletion" on_confirm={schedule} />
            }
            <CliLine operations={&["ScheduleKeyDeletion", "CancelKeyDeletion"][..]} />
        </section>
    }
}
