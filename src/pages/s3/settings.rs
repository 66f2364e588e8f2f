//! Bucket settings: versioning, static website hosting with a public-read policy, and deleting
//! the bucket.

use super::s3;
use crate::app::use_store;
use crate::components::cli_line::CliLine;
use crate::components::confirm::ConfirmButton;
use crate::store::Action;
use nimbus_sim::services::s3::model::VersioningStatus;
use nimbus_sim::services::s3::*;
use web_sys::HtmlInputElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct BucketProps {
    pub bucket: String,
}

/// The bucket policy behind "Make public": anyone may GET any object in the bucket.
pub fn public_read_policy(bucket: &str) -> String {
    format!(
        r#"{{"Version":"2012-10-17","Statement":[{{"Sid":"PublicReadGetObject","Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::{bucket}/*"}}]}}"#
    )
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
pub fn WebsiteSetting(props: &BucketProps) -> Html {
    let store = use_store();
    let index_ref = use_node_ref();
    let error_ref = use_node_ref();
    let Some(bucket) = store.world().s3.buckets.get(&props.bucket) else { return html! {} };
    let site = bucket.website.clone();
    let public = anonymous_read(bucket.policy.as_deref(), &bucket.name, "index.html") == AnonymousRead::Allowed;
    let onsubmit = {
        let (store, name, index_ref, error_ref) =
            (store.clone(), props.bucket.clone(), index_ref.clone(), error_ref.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let value = |r: &NodeRef| r.cast::<HtmlInputElement>().map(|i| i.value().trim().to_string());
            let index = value(&index_ref).unwrap_or_default();
            let error = value(&error_ref).filter(|e| !e.is_empty());
            let request = S3Request::PutBucketWebsite(PutBucketWebsiteRequest {
                bucket: name.clone(),
                website_configuration: WebsiteConfiguration {
                    index_document: Some(IndexDocument { suffix: index }),
                    error_document: error.map(|key| ErrorDocument { key }),
                    redirect_all_requests_to: None,
                },
            });
            store.dispatch(Action::Call(s3(request)));
        })
    };
    let turn_off = {
        let (store, bucket) = (store.clone(), props.bucket.clone());
        Callback::from(move |_| {
            let request = S3Request::DeleteBucketWebsite(DeleteBucketWebsiteRequest { bucket: bucket.clone() });
            store.dispatch(Action::Call(s3(request)))
        })
    };
    let toggle_public = {
        let (store, bucket) = (store.clone(), props.bucket.clone());
        Callback::from(move |_| {
            let request = if public {
                S3Request::DeleteBucketPolicy(DeleteBucketPolicyRequest { bucket: bucket.clone() })
            } else {
                S3Request::PutBucketPolicy(PutBucketPolicyRequest {
                    bucket: bucket.clone(),
                    policy: public_read_policy(&bucket),
                })
            };
            store.dispatch(Action::Call(s3(request)))
        })
    };
    let index = site.as_ref().and_then(|s| s.index_document.clone()).unwrap_or_else(|| "index.html".into());
    let error = site.as_ref().and_then(|s| s.error_document.clone()).unwrap_or_else(|| "error.html".into());
    html! {
        <section class="setting" aria-labelledby="website-heading">
            <h4 id="website-heading">{ "Static website hosting" }</h4>
            if site.is_some() {
                <p>{ "On, at " }<code class="endpoint">{ format!("http://{}", bucket.website_endpoint()) }</code></p>
            } else {
                <p>{ "Off." }</p>
            }
            <form class="console-form" aria-label="Website settings" {onsubmit}>
                <div class="fields">
                    <div class="field">
                        <label for="index-document">{ "Index document" }</label>
                        <input id="index-document" type="text" ref={index_ref} value={index} spellcheck="false" />
                    </div>
                    <div class="field">
                        <label for="error-document">{ "Error document" }</label>
                        <input id="error-document" type="text" ref={error_ref} value={error} spellcheck="false" />
                    </div>
                </div>
                <div class="button-row">
                    <button type="submit">{ "Save website settings" }</button>
                    if site.is_some() {
                        <button type="button" onclick={turn_off}>{ "Turn website off" }</button>
                    }
                </div>
                <CliLine operations={&["PutBucketWebsite", "DeleteBucketWebsite"][..]} />
            </form>
            <h4>{ "Public access" }</h4>
            <p>
                { if public {
                    "Public: a bucket policy lets anyone on the internet read the objects."
                } else {
                    "Private: only your account can read the objects, so the website answers 403 Forbidden."
                } }
            </p>
            <button type="button" onclick={toggle_public}>{ if public { "Make private" } else { "Make public" } }</button>
            <CliLine operations={&["PutBucketPolicy", "DeleteBucketPolicy"][..]} />
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
