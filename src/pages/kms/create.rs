//! Creating a key: spec, usage, origin, and for a CloudHSM key store the store to keep it in.

use super::kms;
use crate::app::use_store;
use crate::components::cli_line::CliLine;
use crate::components::link::AppLink;
use crate::route::Route;
use crate::store::Action;
use nimbus_sim::services::kms::model::{KeySpec, KeyUsage, Origin};
use nimbus_sim::services::kms::{CreateKeyRequest, KmsRequest};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

/// The key specs Nimbus Lab simulates, in the order the form offers them.
pub const SPECS: &[KeySpec] = &[KeySpec::SymmetricDefault, KeySpec::Hmac256, KeySpec::EccNistP256];
pub const ORIGINS: &[Origin] = &[Origin::AwsKms, Origin::External, Origin::AwsCloudhsm];

/// What the form fills in; empty choices are left out of the request, as the CLI leaves them out.
pub fn create_key_request(
    description: &str,
    spec: KeySpec,
    usage: KeyUsage,
    origin: Origin,
    store: Option<&str>,
) -> CreateKeyRequest {
    CreateKeyRequest {
        description: (!description.trim().is_empty()).then(|| description.trim().to_string()),
        key_spec: (spec != KeySpec::SymmetricDefault).then_some(spec),
        key_usage: (usage != KeyUsage::EncryptDecrypt).then_some(usage),
        origin: (origin != Origin::AwsKms).then_some(origin),
        custom_key_store_id: store.filter(|_| origin == Origin::AwsCloudhsm).map(str::to_string),
        ..Default::default()
    }
}

fn origin_text(origin: Origin) -> &'static str {
    match origin {
        Origin::AwsKms => "AWS_KMS — KMS makes the key material",
        Origin::External => "EXTERNAL — you import your own material (PendingImport until then)",
        Origin::AwsCloudhsm => "AWS_CLOUDHSM — material in your CloudHSM cluster",
        Origin::ExternalKeyStore => "EXTERNAL_KEY_STORE",
    }
}

fn select_value(e: &Event) -> String {
    e.target_unchecked_into::<HtmlSelectElement>().value()
}

#[component]
pub fn CreateKeyForm() -> Html {
    let store = use_store();
    let spec = use_state(|| KeySpec::SymmetricDefault);
    let usage = use_state(|| KeyUsage::EncryptDecrypt);
    let origin = use_state(|| Origin::AwsKms);
    let description_ref = use_node_ref();
    let store_ref = use_node_ref();
    let key_stores: Vec<(String, String)> = store
        .world()
        .kms
        .custom_key_stores
        .values()
        .map(|s| {
            (s.custom_key_store_id.clone(), format!("{} ({}, {})", s.name, s.custom_key_store_id, s.connection_state))
        })
        .collect();
    let on_spec = {
        let (spec, usage) = (spec.clone(), usage.clone());
        Callback::from(move |e: Event| {
            let chosen = KeySpec::ALL.iter().copied().find(|s| s.as_str() == select_value(&e));
            if let Some(s) = chosen {
                spec.set(s);
                usage.set(s.valid_usages()[0]);
            }
        })
    };
    let on_usage = {
        let usage = usage.clone();
        Callback::from(move |e: Event| {
            if let Some(u) = KeyUsage::ALL.iter().copied().find(|u| u.as_str() == select_value(&e)) {
                usage.set(u);
            }
        })
    };
    let on_origin = {
        let origin = origin.clone();
        Callback::from(move |e: Event| {
            if let Some(o) = ORIGINS.iter().copied().find(|o| o.as_str() == select_value(&e)) {
                origin.set(o);
            }
        })
    };
    let onsubmit = {
        let (store, spec, usage, origin) = (store.clone(), spec.clone(), usage.clone(), origin.clone());
        let (description_ref, store_ref) = (description_ref.clone(), store_ref.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let description = description_ref.cast::<HtmlInputElement>().map(|i| i.value()).unwrap_or_default();
            let key_store = store_ref.cast::<HtmlSelectElement>().map(|s| s.value());
            let request = create_key_request(&description, *spec, *usage, *origin, key_store.as_deref());
            store.dispatch(Action::Call(kms(KmsRequest::CreateKey(request))));
        })
    };
    html! {
        <form class="console-form" aria-labelledby="create-key-heading" {onsubmit}>
            <h3 id="create-key-heading">{ "Create key" }</h3>
            <div class="fields">
                <div class="field">
                    <label for="key-description">{ "Description" }</label>
                    <input id="key-description" type="text" ref={description_ref} autocomplete="off"
                           placeholder="Encrypts the orders database" />
                </div>
                <div class="field">
                    <label for="key-spec">{ "Key spec" }</label>
                    <select id="key-spec" onchange={on_spec}>
                        { for SPECS.iter().map(|s| html! {
                            <option value={s.as_str()} selected={*s == *spec}>{ s.as_str() }</option>
                        }) }
                    </select>
                </div>
                <div class="field">
                    <label for="key-usage">{ "Key usage" }</label>
                    <select id="key-usage" onchange={on_usage} aria-describedby="key-usage-help">
                        { for spec.valid_usages().iter().map(|u| html! {
                            <option value={u.as_str()} selected={*u == *usage}>{ u.as_str() }</option>
                        }) }
                    </select>
                    <p class="help" id="key-usage-help">{ "The usages AWS allows for this spec; fixed once created." }</p>
                </div>
                <div class="field">
                    <label for="key-origin">{ "Origin" }</label>
                    <select id="key-origin" onchange={on_origin}>
                        { for ORIGINS.iter().map(|o| html! {
                            <option value={o.as_str()} selected={*o == *origin}>{ origin_text(*o) }</option>
                        }) }
                    </select>
                </div>
                if *origin == Origin::AwsCloudhsm {
                    <div class="field">
                        <label for="key-store">{ "Custom key store" }</label>
                        if key_stores.is_empty() {
                            <p class="help" id="key-store">
                                { "No CloudHSM key store yet: make one on the " }
                                <AppLink to={Route::CloudHsm}>{ "CloudHSM page" }</AppLink>{ "." }
                            </p>
                        } else {
                            <select id="key-store" ref={store_ref}>
                                { for key_stores.iter().enumerate().map(|(i, (id, text))| html! { <option value={id.clone()} selected={i == 0}>{ text.clone() }</option> }) }
                            </select>
                        }
                    </div>
                }
            </div>
            <button type="submit" class="primary">{ "Create key" }</button>
            <CliLine operations={&["CreateKey"][..]} />
        </form>
    }
}
