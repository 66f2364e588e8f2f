//! The Route 53 page: hosted zones and their records (values or aliases, with a routing
//! policy), health checks that probe on the simulated clock, and the DNS test tool. Every
//! action is a Route 53 request through the store, the same request the terminal would build.
//! The resolver section (traffic simulation, world map, query follower) runs on copies of the
//! World, so trying traffic never changes the lab.

mod dns_test;
pub mod draft;
mod health;
mod outage;
pub mod places;
pub mod query_flow;
mod record_form;
mod records;
mod resolver_lab;
pub mod traffic;
pub mod traffic_chart;
pub mod world_map;
mod zones;

use crate::app::use_store;
use crate::components::service_page::ServicePage;
use dns_test::DnsTest;
use health::{HealthCheckForm, HealthCheckTable};
use nimbus_sim::services::route53::names::display_name;
use nimbus_sim::services::route53::{Route53Request, Route53Response};
use nimbus_sim::{Request, Response};
use outage::OutageEstimator;
use record_form::RecordForm;
use records::RecordTable;
use resolver_lab::ResolverLab;
use yew::prelude::*;
use zones::{CreateZoneForm, DeleteZone, NameServers, ZoneTable};

pub use dns_test::test_dns_request;
pub use health::create_health_check_request;
pub use zones::{caller_reference, create_zone_request};

/// Wraps a Route 53 request for the store.
pub fn r53(request: Route53Request) -> Request {
    Request::Route53(request)
}

#[component]
pub fn Route53Page() -> Html {
    let store = use_store();
    let selected = use_state(|| None::<String>);
    // Health checks change with the clock, not only with calls, so time is part of the key.
    let diagram = use_memo((store.save_rev, store.world().now()), {
        let lab = store.lab.clone();
        move |_| nimbus_sim::diagram::route53::diagram(&lab.world)
    });
    {
        // A zone created from the console opens; a failed create changes nothing.
        let selected = selected.clone();
        let created = store.last_call.as_ref().and_then(|c| match &c.result {
            Ok(Response::Route53(Route53Response::CreateHostedZone(out))) => {
                Some((c.id, out.hosted_zone.id.trim_start_matches("/hostedzone/").to_string()))
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
    // A deleted (or not yet created) zone simply is not selected.
    let zone = selected.as_ref().and_then(|id| store.world().route53.zones.get(id)).cloned();
    let console = html! {
        <>
            <CreateZoneForm />
            <ZoneTable selected={zone.as_ref().map(|z| z.id.clone())} on_select={select} />
            if let Some(zone) = zone {
                <section class="zone-detail" aria-labelledby="zone-heading">
                    <h3 id="zone-heading">{ format!("Hosted zone {}", display_name(&zone.name)) }</h3>
                    <RecordTable zone={zone.id.clone()} />
                    <RecordForm zone={zone.id.clone()} />
                    <DnsTest zone={zone.id.clone()} />
                    <NameServers zone={zone.clone()} />
                    <DeleteZone zone={zone.clone()} />
                </section>
            }
            <HealthCheckForm />
            <HealthCheckTable />
            <OutageEstimator />
            <ResolverLab />
        </>
    };
    html! {
        <ServicePage
            title="Amazon Route 53"
            intro="DNS: a hosted zone answers for a domain with its records. Try weighted records and test \
                   which one answers, or put a health check on a failover primary and move the clock \
                   until Route 53 answers with the secondary."
            console={console}
            diagram={diagram}
            diagram_empty="No hosted zones or health checks yet. Create a zone in the console or the terminal and it appears here."
            trail_services={&["route53", "network"][..]}
        />
    }
}
