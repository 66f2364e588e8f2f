//! The CloudHSM page: clusters in the default VPC's subnets, HSMs added per Availability Zone
//! (CREATE_IN_PROGRESS until the clock passes), initializing with a signed certificate, the
//! cluster's client (`cloudhsm-cli`, run in the terminal) for activation and users, backups,
//! and KMS custom key stores on top. The diagram is the keystore view.

mod client;
mod cluster;
mod clusters;
mod keystores;

use crate::app::use_store;
use crate::components::service_page::ServicePage;
use crate::pages::kms::KmsOrCloudHsm;
use cluster::ClusterDetail;
use clusters::{ClusterTable, CreateClusterForm};
use keystores::KeyStores;
use nimbus_sim::services::cloudhsm::{CloudHsmRequest, CloudHsmResponse};
use nimbus_sim::{Request, Response};
use yew::prelude::*;

/// Wraps a CloudHSM request for the store.
pub fn cloudhsm(request: CloudHsmRequest) -> Request {
    Request::CloudHsm(request)
}

#[component]
pub fn CloudHsmPage() -> Html {
    let store = use_store();
    let selected = use_state(|| None::<String>);
    let now = store.world().now();
    let diagram = use_memo((store.save_rev, now), {
        let lab = store.lab.clone();
        move |_| nimbus_sim::diagram::cloudhsm::diagram(&lab.world)
    });
    {
        let selected = selected.clone();
        let created = store.last_call.as_ref().and_then(|c| match &c.result {
            Ok(Response::CloudHsm(CloudHsmResponse::CreateCluster(out))) => {
                Some((c.id, out.cluster.cluster_id.clone()))
            }
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
    let cluster = selected.as_ref().filter(|id| store.world().cloudhsm.clusters.contains_key(*id)).cloned();
    let console = html! {
        <>
            <CreateClusterForm />
            <ClusterTable selected={cluster.clone()} on_select={select} />
            if let Some(id) = cluster {
                <ClusterDetail cluster_id={id} />
            }
            <KeyStores />
        </>
    };
    html! {
        <>
            <ServicePage
                title="AWS CloudHSM"
                intro="Hardware security modules that are yours alone. Create a cluster, add an HSM, move the clock \
                       until it is ACTIVE, initialize and activate the cluster, add a second HSM in another \
                       Availability Zone and watch keys synchronise; then connect a KMS custom key store to it."
                console={console}
                diagram={diagram}
                diagram_empty="No clusters yet. Create one in the console and it appears here with its HSMs."
                trail_services={&["cloudhsm", "kms"][..]}
            />
            <KmsOrCloudHsm />
        </>
    }
}
