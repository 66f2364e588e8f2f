//! TestDNSAnswer: what Route 53 would answer for a name and type, with routing applied, for a
//! simulated resolver or EDNS0 client subnet address.

use super::*;
use crate::services::route53::names;
use crate::services::route53::resolve::{resolve_in_zone, Client};

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct TestDNSAnswerRequest {
    pub hosted_zone_id: String,
    pub record_name: String,
    pub record_type: String,
    #[serde(rename = "ResolverIP", default, skip_serializing_if = "Option::is_none")]
    pub resolver_ip: Option<String>,
    #[serde(rename = "EDNS0ClientSubnetIP", default, skip_serializing_if = "Option::is_none")]
    pub edns0_client_subnet_ip: Option<String>,
    #[serde(rename = "EDNS0ClientSubnetMask", default, skip_serializing_if = "Option::is_none")]
    pub edns0_client_subnet_mask: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct TestDNSAnswerOutput {
    pub nameserver: String,
    pub record_name: String,
    pub record_type: String,
    pub record_data: Vec<String>,
    pub response_code: String,
    pub protocol: String,
}

pub fn test_dns_answer(
    world: &mut World,
    cx: &mut CallContext,
    input: TestDNSAnswerRequest,
) -> Result<TestDNSAnswerOutput, ApiError> {
    let zone = zone(world, cx, &input.hosted_zone_id)?;
    if zone.private_zone {
        cx.why("the DNS test tool works only for public hosted zones");
        return Err(invalid_input("TestDNSAnswer is supported only for public hosted zones"));
    }
    let (zone_id, nameserver) = (zone.id.clone(), zone.name_servers[0].clone());
    if !RR_TYPES.contains(&input.record_type.as_str()) {
        return Err(invalid_input(format!("Invalid RecordType '{}'", input.record_type)));
    }
    let qname = names::canonical_name(&input.record_name)
        .map_err(|reason| invalid_input(format!("Invalid RecordName '{}': {reason}", input.record_name)))?;
    for ip in [&input.resolver_ip, &input.edns0_client_subnet_ip].into_iter().flatten() {
        if !names::is_ip(ip) {
            return Err(invalid_input(format!("Invalid IP address '{ip}'")));
        }
    }
    if let Some(mask) = &input.edns0_client_subnet_mask {
        let max = if input.edns0_client_subnet_ip.as_deref().is_some_and(|ip| ip.contains(':')) { 128 } else { 32 };
        if !mask.parse::<u32>().is_ok_and(|m| m <= max) {
            return Err(invalid_input(format!("Invalid EDNS0ClientSubnetMask '{mask}'")));
        }
    }
    // The client subnet, when given, is where the user is; otherwise the resolver's address.
    let client = input
        .edns0_client_subnet_ip
        .as_deref()
        .or(input.resolver_ip.as_deref())
        .and_then(Client::from_ip)
        .unwrap_or_else(|| Client::in_region(&cx.region));
    let answer = resolve_in_zone(world, &zone_id, &qname, &input.record_type, &client);
    cx.why(answer.trace.join("; "));
    Ok(TestDNSAnswerOutput {
        nameserver,
        record_name: input.record_name,
        record_type: answer.record_type,
        record_data: answer.records,
        response_code: answer.response_code.to_string(),
        protocol: "UDP".into(),
    })
}
