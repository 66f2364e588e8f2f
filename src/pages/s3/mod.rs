//! The S3 page: buckets and their objects, versioning, static websites and bucket policies.
//! Every action is an S3 request through the store, the same request the terminal would build.

mod buckets;
mod objects;
mod settings;
mod website;

use crate::app::use_store;
use crate::components::service_page::ServicePage;
use buckets::{BucketTable, CreateBucketForm};
use nimbus_sim::services::s3::S3Request;
use nimbus_sim::Request;
use objects::{ObjectTable, ObjectViewer, UploadForm};
use settings::{DeleteBucket, VersioningSetting};
use website::{PublicAccessSetting, WebsiteSetting};
use yew::prelude::*;

/// Wraps an S3 request for the store.
pub fn s3(request: S3Request) -> Request {
    Request::S3(request)
}

#[component]
pub fn S3Page() -> Html {
    let store = use_store();
    let selected = use_state(|| None::<String>);
    // Laid out again only when the lab changed (not on every clock tick); the Rc is a cheap copy.
    let diagram = use_memo(store.save_rev, {
        let lab = store.lab.clone();
        move |_| nimbus_sim::diagram::s3::diagram(&lab.world)
    });
    {
        // A bucket created from the console opens; a failed create changes nothing.
        let selected = selected.clone();
        let created = store.last_call.as_ref().and_then(|c| match (&c.request, &c.result) {
            (Request::S3(S3Request::CreateBucket(req)), Ok(_)) => Some((c.id, req.bucket.clone())),
            _ => None,
        });
        use_effect_with(created, move |created| {
            if let Some((_, name)) = created {
                selected.set(Some(name.clone()));
            }
        });
    }
    let select = {
        let selected = selected.clone();
        Callback::from(move |name: Option<String>| selected.set(name))
    };
    // A deleted (or not yet created) bucket simply is not selected.
    let bucket = selected.as_ref().and_then(|name| store.world().s3.buckets.get(name)).cloned();
    let console = html! {
        <>
            <CreateBucketForm />
            <BucketTable selected={bucket.as_ref().map(|b| b.name.clone())} on_select={select} />
            if let Some(bucket) = bucket {
                <section class="bucket-detail" aria-labelledby="bucket-heading">
                    <h3 id="bucket-heading">{ format!("Bucket {}", bucket.name) }</h3>
                    <ObjectTable bucket={bucket.name.clone()} />
                    <ObjectViewer />
                    <UploadForm bucket={bucket.name.clone()} />
                    <VersioningSetting bucket={bucket.name.clone()} />
                    <WebsiteSetting bucket={bucket.name.clone()} />
                    <PublicAccessSetting bucket={bucket.name.clone()} />
                    <DeleteBucket bucket={bucket.name.clone()} />
                </section>
            }
        </>
    };
    html! {
        <ServicePage
            title="Amazon S3"
            intro="Object storage: buckets hold objects under keys. Try versioning, then delete an object and \
                   see the delete marker; or host a static website and make it public with a bucket policy."
            console={console}
            diagram={diagram}
            diagram_empty="No buckets yet. Create one in the console or the terminal and it appears here."
            trail_services={&["s3", "network"][..]}
        />
    }
}
