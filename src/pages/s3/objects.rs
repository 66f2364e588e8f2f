//! A bucket's objects: the table, uploading text or a file, and viewing an object's content.

use super::s3;
use crate::app::use_store;
use crate::browser;
use crate::components::cli_line::CliLine;
use crate::components::clock::format_short;
use crate::components::confirm::ConfirmButton;
use crate::components::table::ResourceTable;
use crate::store::{Action, NoticeKind};
use nimbus_sim::numfmt::human_size;
use nimbus_sim::services::s3::{DeleteObjectRequest, GetObjectRequest, PutObjectRequest, S3Request, S3Response};
use nimbus_sim::{Bytes, Request, Response};
use web_sys::{HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

/// The Content-Type a browser needs to show a website object properly, from the key's extension.
pub fn content_type_for(key: &str) -> &'static str {
    let ext = key.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html",
        "css" => "text/css",
        "js" => "text/javascript",
        "json" => "application/json",
        "txt" | "md" => "text/plain",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        _ => "application/octet-stream",
    }
}

pub fn put_object_request(bucket: &str, key: &str, body: Vec<u8>) -> S3Request {
    S3Request::PutObject(PutObjectRequest {
        bucket: bucket.to_string(),
        key: key.to_string(),
        body: Bytes(body),
        content_type: Some(content_type_for(key).to_string()),
        ..Default::default()
    })
}

#[derive(Properties, PartialEq)]
pub struct BucketProps {
    pub bucket: String,
}

#[component]
pub fn ObjectTable(props: &BucketProps) -> Html {
    let store = use_store();
    let Some(bucket) = store.world().s3.buckets.get(&props.bucket) else { return html! {} };
    let rows: Vec<Html> = bucket
        .current_keys()
        .filter_map(|key| bucket.current(key).map(|v| (key, v)))
        .map(|(key, version)| {
            let get = GetObjectRequest { bucket: bucket.name.clone(), key: key.to_string(), version_id: None };
            let view = {
                let store = store.clone();
                Callback::from(move |_| store.dispatch(Action::Call(s3(S3Request::GetObject(get.clone())))))
            };
            let delete = {
                let store = store.clone();
                let req = DeleteObjectRequest { bucket: bucket.name.clone(), key: key.to_string(), version_id: None };
                Callback::from(move |_| store.dispatch(Action::Call(s3(S3Request::DeleteObject(req.clone())))))
            };
            let versions = bucket.objects.get(key).map(|h| h.versions.len()).unwrap_or(0);
            html! {
                <tr key={key.to_string()}>
                    <td class="key">{ key.to_string() }</td>
                    <td class="nowrap">{ human_size(version.body.len()) }</td>
                    <td class="nowrap">{ format_short(version.last_modified) }</td>
                    <td>{ versions }</td>
                    <td>
                        <div class="button-row">
                            <button type="button" onclick={view} aria-label={format!("View {key}")}>{ "View" }</button>
                            <ConfirmButton label="Delete" name={AttrValue::from(format!("Delete {key}"))}
                                question={format!("Delete {key}? With versioning on, S3 adds a delete marker and keeps the old versions.")}
                                confirm={format!("Yes, delete {key}")} on_confirm={delete} />
                        </div>
                    </td>
                </tr>
            }
        })
        .collect();
    html! {
        <>
            <ResourceTable caption={format!("Objects in {}", props.bucket)}
                           headers={&["Key", "Size", "Last modified", "Versions", "Actions"][..]}
                           empty="This bucket has no objects yet. Upload one below." rows={rows} />
            <CliLine operations={&["DeleteObject"][..]} />
        </>
    }
}

/// The content of the object last fetched with View (a GetObject call).
#[component]
pub fn ObjectViewer() -> Html {
    let store = use_store();
    let Some(call) = &store.last_call else { return html! {} };
    let (Request::S3(S3Request::GetObject(req)), Ok(Response::S3(S3Response::GetObject(out)))) =
        (&call.request, &call.result)
    else {
        return html! {};
    };
    let body = match out.body.as_text() {
        Some(text) => html! { <pre class="object-content">{ text.to_string() }</pre> },
        None => html! { <p>{ format!("Binary content, {} — not shown as text.", human_size(out.body.len())) }</p> },
    };
    html! {
        <section class="object-viewer" aria-labelledby="object-viewer-heading">
            <h4 id="object-viewer-heading">{ format!("Content of {}", req.key) }</h4>
            <p class="meta">{ format!("{} · {} · ETag {}", out.content_type, human_size(out.body.len()), out.etag) }</p>
            { body }
            <CliLine operations={&["GetObject"][..]} />
        </section>
    }
}

#[component]
pub fn UploadForm(props: &BucketProps) -> Html {
    let store = use_store();
    let key_ref = use_node_ref();
    let body_ref = use_node_ref();
    let onsubmit = {
        let (store, bucket, key_ref, body_ref) =
            (store.clone(), props.bucket.clone(), key_ref.clone(), body_ref.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let (Some(key), Some(body)) = (key_ref.cast::<HtmlInputElement>(), body_ref.cast::<HtmlTextAreaElement>())
            else {
                return;
            };
            let request = put_object_request(&bucket, &key.value(), body.value().into_bytes());
            store.dispatch(Action::Call(s3(request)));
        })
    };
    let onfile = {
        let (store, bucket, key_ref) = (store.clone(), props.bucket.clone(), key_ref.clone());
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            let Some(file) = browser::take_picked_file(&input) else { return };
            // The key box names the object; left empty, the file's own name does.
            let typed = key_ref.cast::<HtmlInputElement>().map(|k| k.value()).unwrap_or_default();
            let key = if typed.trim().is_empty() { file.name() } else { typed };
            let (store, bucket) = (store.clone(), bucket.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match browser::read_file(file).await {
                    Ok(bytes) => store.dispatch(Action::Call(s3(put_object_request(&bucket, &key, bytes)))),
                    Err(text) => {
                        store.dispatch(Action::Notify { kind: NoticeKind::Error, title: "Upload failed".into(), text })
                    }
                }
            });
        })
    };
    html! {
        <form class="console-form" aria-labelledby="upload-heading" {onsubmit}>
            <h4 id="upload-heading">{ "Upload object" }</h4>
            <div class="field">
                <label for="object-key">{ "Object key" }</label>
                <input id="object-key" type="text" ref={key_ref} autocomplete="off" spellcheck="false"
                       placeholder="index.html" />
            </div>
            <div class="field">
                <label for="object-content">{ "Content" }</label>
                <textarea id="object-content" ref={body_ref} rows="4" spellcheck="false"
                          placeholder="<h1>Hello from S3</h1>" />
            </div>
            <div class="button-row">
                <button type="submit" class="primary">{ "Upload object" }</button>
                <label class="file-button">
                    { "Upload a file" }
                    <input type="file" onchange={onfile} />
                </label>
            </div>
            <CliLine operations={&["PutObject"][..]} />
        </form>
    }
}
