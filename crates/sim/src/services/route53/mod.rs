//! Amazon Route 53: public and private hosted zones, record sets changed in atomic batches,
//! routing policies (simple, weighted, latency, failover, geolocation, geoproximity, IP-based
//! with CIDR collections, multivalue answer), alias records, health checks that probe the
//! simulated network, and the DNS test tool.
//!
//! `resolve.rs` holds Route 53's answering logic every answer comes from (TestDNSAnswer,
//! `World::http`, the resolvers); `resolver.rs` the recursive resolvers with TTL caches that
//! `dig` and the traffic simulation query; `traffic.rs` the traffic simulation; `dr.rs` the
//! active-passive failover scenario and its outage arithmetic; `cidr.rs` CIDR blocks;
//! `names.rs` the parsers for names and record values.

pub mod cidr;
pub mod dr;
pub mod endpoint;
pub mod jobs;
pub mod model;
pub mod names;
pub mod ops;
pub mod resolve;
pub mod resolver;
#[cfg(test)]
mod tests;
pub mod traffic;

pub use endpoint::serve_http;
pub use jobs::Route53Job;
pub use model::*;
pub use ops::*;
pub use resolve::{biased_distance, great_circle_km, resolve, resolve_in_zone, resolve_unexplained, Answer, Client};

service_api! {
    request Route53Request, response Route53Response;
    CreateHostedZone(CreateHostedZoneRequest) -> CreateHostedZoneOutput = ops::create_hosted_zone;
    GetHostedZone(GetHostedZoneRequest) -> GetHostedZoneOutput = ops::get_hosted_zone;
    ListHostedZones(ListHostedZonesRequest) -> ListHostedZonesOutput = ops::list_hosted_zones;
    GetHostedZoneCount(GetHostedZoneCountRequest) -> GetHostedZoneCountOutput = ops::get_hosted_zone_count;
    DeleteHostedZone(DeleteHostedZoneRequest) -> DeleteHostedZoneOutput = ops::delete_hosted_zone;
    ChangeResourceRecordSets(ChangeResourceRecordSetsRequest) -> ChangeResourceRecordSetsOutput = ops::change_resource_record_sets;
    ListResourceRecordSets(ListResourceRecordSetsRequest) -> ListResourceRecordSetsOutput = ops::list_resource_record_sets;
    GetChange(GetChangeRequest) -> GetChangeOutput = ops::get_change;
    CreateHealthCheck(CreateHealthCheckRequest) -> CreateHealthCheckOutput = ops::create_health_check;
    GetHealthCheck(GetHealthCheckRequest) -> GetHealthCheckOutput = ops::get_health_check;
    GetHealthCheckStatus(GetHealthCheckStatusRequest) -> GetHealthCheckStatusOutput = ops::get_health_check_status;
    GetHealthCheckCount(GetHealthCheckCountRequest) -> GetHealthCheckCountOutput = ops::get_health_check_count;
    ListHealthChecks(ListHealthChecksRequest) -> ListHealthChecksOutput = ops::list_health_checks;
    UpdateHealthCheck(UpdateHealthCheckRequest) -> UpdateHealthCheckOutput = ops::update_health_check;
    DeleteHealthCheck(DeleteHealthCheckRequest) -> EmptyOutput = ops::delete_health_check;
    TestDNSAnswer(TestDNSAnswerRequest) -> TestDNSAnswerOutput = ops::test_dns_answer;
    CreateCidrCollection(CreateCidrCollectionRequest) -> CreateCidrCollectionOutput = ops::create_cidr_collection;
    ChangeCidrCollection(ChangeCidrCollectionRequest) -> ChangeCidrCollectionOutput = ops::change_cidr_collection;
    ListCidrCollections(ListCidrCollectionsRequest) -> ListCidrCollectionsOutput = ops::list_cidr_collections;
    ListCidrLocations(ListCidrLocationsRequest) -> ListCidrLocationsOutput = ops::list_cidr_locations;
    ListCidrBlocks(ListCidrBlocksRequest) -> ListCidrBlocksOutput = ops::list_cidr_blocks;
    DeleteCidrCollection(DeleteCidrCollectionRequest) -> EmptyOutput = ops::delete_cidr_collection;
}
