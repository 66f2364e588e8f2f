//! Static website hosting, and the public access a website needs: Block Public Access and a
//! bucket policy that lets anyone read.

use super::s3;
use super::settings::BucketProps;
use crate::app::use_store;
use crate::components::cli_line::CliLine;
use crate::store::Action;
use nimbus_sim::services::s3::*;
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// The bucket policy behind "Make public": anyone may GET any object in the bucket.
pub fn public_read_policy(bucket: &str) -> String {
    format!(
        r#"{{"Version":"2012-10-17","Statement":[{{"Sid":"PublicReadGetObject","Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::{bucket}/*"}}]}}"#
    )
}

#[component]
pub fn WebsiteSetting(props: &BucketProps) -> Html {
    let store = use_store();
    let index_ref = use_node_ref();
    let error_ref = use_node_ref();
    let Some(bucket) = store.world().s3.buckets.get(&props.bucket) else { return html! {} };
    let site = bucket.website.clone();
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
        </section>
    }
}

#[component]
pub fn PublicAccessSetting(props: &BucketProps) -> Html {
    let store = use_store();
    let Some(bucket) = store.world().s3.buckets.get(&props.bucket) else { return html! {} };
    let granted = anonymous_read(bucket.policy.as_deref(), &bucket.name, "index.html") == AnonymousRead::Allowed;
    let blocked = bucket.public_access_block.is_some_and(|b| b.block_public_policy || b.restrict_public_buckets);
    let status = match (granted, blocked) {
        (true, false) => "Public: the bucket policy lets anyone on the internet read the objects.",
        (true, true) => "Private: the bucket policy allows public reads, but Block Public Access overrides it.",
        (false, _) => "Private: only your account can read the objects, so the website answers 403 Forbidden.",
    };
    let call = |request: S3Request| {
        let store = store.clone();
        Callback::from(move |_| store.dispatch(Action::Call(s3(request.clone()))))
    };
    let name = props.bucket.clone();
    let toggle_block = call(if blocked {
        S3Request::DeletePublicAccessBlock(DeletePublicAccessBlockRequest { bucket: name.clone() })
    } else {
        S3Request::PutPublicAccessBlock(PutPublicAccessBlockRequest {
            bucket: name.clone(),
            public_access_block_configuration: PublicAccessBlockConfiguration {
                block_public_acls: true,
                ignore_public_acls: true,
                block_public_policy: true,
                restrict_public_buckets: true,
            },
        })
    });
    let toggle_policy = call(if granted {
        S3Request::DeleteBucketPolicy(DeleteBucketPolicyRequest { bucket: name.clone() })
    } else {
        S3Request::PutBucketPolicy(PutBucketPolicyRequest { bucket: name.clone(), policy: public_read_policy(&name) })
    });
    html! {
        <section class="setting" aria-labelledby="public-access-heading">
            <h4 id="public-access-heading">{ "Public access" }</h4>
            <p>{ status }</p>
            <p>
                { if blocked {
                    "Block Public Access is on (new buckets start so): S3 refuses public bucket policies."
                } else {
                    "Block Public Access is off."
                } }
            </p>
            <div class="button-row">
                <button type="button" onclick={toggle_block}>
                    { if blocked { "Turn off Block Public Access" } else { "Turn on Block Public Access" } }
                </button>
                <button type="button" onclick={toggle_policy}>{ if granted { "Make private" } else { "Make public" } }</button>
            </div>
            <CliLine operations={&["PutBucketPolicy", "DeleteBucketPolicy", "PutPublicAccessBlock", "DeletePublicAccessBlock"][..]} />
        </section>
    }
}
