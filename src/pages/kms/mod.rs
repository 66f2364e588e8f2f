//! The KMS page: create keys, the key list (customer managed and AWS managed), a key's detail
//! with its state, rotation, deletion, aliases and an encrypt/decrypt panel, the key timeline
//! as the diagram, and "KMS or CloudHSM" side by side. Every action is a KMS request through the
//! store, the same request the terminal would build.

mod compare;
mod create;
mod crypto;
mod detail;
mod keys;

use crate::app::use_store;
use crate::components::service_page::ServicePage;
pub use compare::KmsOrCloudHsm;
use create::CreateKeyForm;
use detail::KeyDetail;
use keys::KeyTables;
use nimbus_sim::services::kms::{KmsRequest, KmsResponse};
use nimbus_sim::{Request, Response};
use yew::prelude::*;

/// Wraps a KMS request for the store.
pub fn kms(request: KmsRequest) -> Request {
    Request::Kms(request)
}

#[component]
pub fn KmsPage() -> Html {
    let store = use_store();
    let selected = use_state(|| None::<String>);
    // The timeline moves with the clock too (planned events, the axis), so it follows `now`.
    let now = store.world().now();
    let diagram = use_memo((store.save_rev, now), {
        let lab = store.lab.clone();
        move |_| nimbus_sim::diagram::kms::diagram(&lab.world)
    });
    {
        // A key created from the console opens; a failed create changes nothing.
        let selected = selected.clone();
        let created = store.last_call.as_ref().and_then(|c| match &c.result {
            Ok(Response::Kms(KmsResponse::CreateKey(out))) => Some((c.id, out.key_metadata.key_id.clone())),
            _ => None,
        });
        use_effect_with(created, move |created| {
            if let Some((_, id)) = created {
                selected.set(Some(id.clone()));
            }
        });
    }
    let select = {
        let selected = selected.clone();
        Callback::from(move |id: Option<String>| selected.set(id))
    };
    // A deleted key simply is not selected any more.
    let key = selected.as_ref().filter(|id| store.world().kms.keys.contains_key(*id)).cloned();
    let console = html! {
        <>
            <CreateKeyForm />
            <KeyTables selected={key.clone()} on_select={select} />
            if let Some(id) = key {
                <KeyDetail key_id={id} />
            }
        </>
    };
    html! {
        <>
            <ServicePage
                title="AWS KMS"
                intro="Keys that never leave KMS: create one, encrypt and decrypt with it, disable it and watch \
                       Encrypt fail, turn on rotation and move the clock a year to see new key material, or \
                       schedule its deletion and cancel it."
                console={console}
                diagram={diagram}
                diagram_empty="No keys yet. Create one in the console or the terminal and its timeline appears here."
                trail_services={&["kms", "cloudhsm"][..]}
            />
            <KmsOrCloudHsm />
        </>
    }
}
