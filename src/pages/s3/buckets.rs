//! Creating buckets and the bucket table.

use super::s3;
use crate::app::use_store;
use crate::components::cli_line::CliLine;
use crate::components::clock::format_short;
use crate::components::table::ResourceTable;
use crate::store::Action;
use nimbus_sim::regions::{DEFAULT_REGION, REGIONS};
use nimbus_sim::services::s3::model::VersioningStatus;
use nimbus_sim::services::s3::{CreateBucketConfiguration, CreateBucketRequest, S3Request};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

/// The CreateBucket request AWS expects for `region`: us-east-1 takes no LocationConstraint,
/// every other region needs one.
pub fn create_bucket_request(name: &str, region: &str) -> S3Request {
    let create_bucket_configuration =
        (region != DEFAULT_REGION).then(|| CreateBucketConfiguration { location_constraint: Some(region.to_string()) });
    S3Request::CreateBucket(CreateBucketRequest { bucket: name.to_string(), create_bucket_configuration })
}

#[component]
pub fn CreateBucketForm() -> Html {
    let store = use_store();
    let name_ref = use_node_ref();
    let region_ref = use_node_ref();
    let onsubmit = {
        let (name_ref, region_ref) = (name_ref.clone(), region_ref.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let (Some(name), Some(region)) =
                (name_ref.cast::<HtmlInputElement>(), region_ref.cast::<HtmlSelectElement>())
            else {
                return;
            };
            let (name, region) = (name.value().trim().to_string(), region.value());
            store.dispatch(Action::CallIn {
                region: region.clone(),
                request: s3(create_bucket_request(&name, &region)),
            });
        })
    };
    html! {
        <form class="console-form" aria-labelledby="create-bucket-heading" {onsubmit}>
            <h3 id="create-bucket-heading">{ "Create bucket" }</h3>
            <div class="fields">
                <div class="field">
                    <label for="bucket-name">{ "Bucket name" }</label>
                    <input id="bucket-name" type="text" ref={name_ref} autocomplete="off" spellcheck="false"
                           placeholder="my-first-bucket" aria-describedby="bucket-name-help" />
                    <p class="help" id="bucket-name-help">
                        { "3–63 lowercase letters, numbers, dots and hyphens; unique across all of AWS." }
                    </p>
                </div>
                <div class="field">
                    <label for="bucket-region">{ "Region" }</label>
                    <select id="bucket-region" ref={region_ref}>
                        { for REGIONS.iter().map(|r| html! {
                            <option value={r.code} selected={r.code == DEFAULT_REGION}>
                                { format!("{} — {}", r.code, r.name) }
                            </option>
                        }) }
                    </select>
                </div>
            </div>
            <button type="submit" class="primary">{ "Create bucket" }</button>
            <CliLine operations={&["CreateBucket"][..]} />
        </form>
    }
}

fn versioning_text(v: Option<VersioningStatus>) -> &'static str {
    match v {
        None => "Off",
        Some(VersioningStatus::Enabled) => "Enabled",
        Some(VersioningStatus::Suspended) => "Suspended",
    }
}

#[derive(Properties, PartialEq)]
pub struct BucketTableProps {
    pub selected: Option<String>,
    pub on_select: Callback<Option<String>>,
}

#[component]
pub fn BucketTable(props: &BucketTableProps) -> Html {
    let store = use_store();
    let rows: Vec<Html> = store
        .world()
        .s3
        .buckets
        .values()
        .map(|b| {
            let open = props.selected.as_deref() == Some(b.name.as_str());
            let onclick = {
                let (on_select, name) = (props.on_select.clone(), b.name.clone());
                Callback::from(move |_| on_select.emit(if open { None } else { Some(name.clone()) }))
            };
            html! {
                <tr key={b.name.clone()} class={classes!(open.then_some("selected"))}>
                    <td>
                        <button type="button" class="link-button" aria-pressed={open.to_string()} {onclick}>
                            { b.name.clone() }
                        </button>
                    </td>
                    <td>{ b.region.clone() }</td>
                    <td class="nowrap">{ format_short(b.creation_date) }</td>
                    <td>{ versioning_text(b.versioning) }</td>
                </tr>
            }
        })
        .collect();
    html! {
        <ResourceTable caption="Buckets" headers={&["Name", "Region", "Created", "Versioning"][..]}
                       empty="No buckets yet." rows={rows} />
    }
}
