//! Bucket settings: versioning and deleting the bucket.

use super::s3;
use crate::app::use_store;
use crate::components::cli_line::CliLine;
use crate::components::confirm::ConfirmButton;
use crate::store::Action;
use nimbus_sim::services::s3::model::VersioningStatus;
use nimbus_sim::services::s3::*;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct BucketProps {
    pub bucket: String,
}

fn versioning_request(bucket: &str, status: &str) -> S3Request {
    S3Request::PutBucketVersioning(PutBucketVersioningRequest {
        bucket: bucket.to_string(),
        versioning_configuration: VersioningConfiguration { status: Some(status.to_string()) },
    })
}

#[component]
pub fn VersioningSetting(props: &BucketProps) -> Html {
    let store = use_store();
    let Some(bucket) = store.world().s3.buckets.get(&props.bucket) else { return html! {} };
    let (state, next, label) = match bucket.versioning {
        None => ("Off: each write replaces the object.", "Enabled", "Enable versioning"),
        Some(VersioningStatus::Enabled) => {
            ("Enabled: every write keeps a new version.", "Suspended", "Suspend versioning")
        }
        Some(VersioningStatus::Suspended) => {
            ("Suspended: old versions stay, new writes replace the null version.", "Enabled", "Enable versioning")
        }
    };
    let onclick = {
        let (store, request) = (store.clone(), versioning_request(&props.bucket, next));
        Callback::from(move |_| store.dispatch(Action::Call(s3(request.clone()))))
    };
    html! {
        <section class="setting" aria-labelledby="versioning-heading">
            <h4 id="versioning-heading">{ "Versioning" }</h4>
            <p>{ state }</p>
            <button type="button" {onclick}>{ label }</button>
            <CliLine operations={&["PutBucketVersioning"][..]} />
        </section>
    }
}

#[component]
pub fn DeleteBucket(props: &BucketProps) -> Html {
    let store = use_store();
    let on_confirm = {
        let (store, bucket) = (store.clone(), props.bucket.clone());
        Callback::from(move |_| {
            store.dispatch(Action::Call(s3(S3Request::DeleteBucket(DeleteBucketRequest { bucket: bucket.clone() }))))
        })
    };
    html! {
        <section class="setting danger-zone" aria-labelledby="delete-bucket-heading">
            <h4 id="delete-bucket-heading">{ "Delete bucket" }</h4>
            <p>{ "S3 deletes only empty buckets: delete every object (and version) first." }</p>
            <ConfirmButton label="Delete bucket" question={format!("Delete the bucket {}?", props.bucket)}
                           confirm={format!("Yes, delete {}", props.bucket)} {on_confirm} />
            <CliLine operations={&["DeleteBucket"][..]} />
        </section>
    }
}
