//! Parameters of each Region, and the public parameters AWS publishes for every account.

use crate::time::SimTime;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Public parameters Nimbus Lab answers in every Region: the latest AMI ids AWS publishes.
pub const PUBLIC_AMI_PARAMETERS: &[&str] = &[
    "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64",
    "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64",
    "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-6.1-x86_64",
    "/aws/service/ami-amazon-linux-latest/al2023-ami-minimal-kernel-default-x86_64",
    "/aws/service/ami-amazon-linux-latest/amzn2-ami-hvm-x86_64-gp2",
    "/aws/service/ami-amazon-linux-latest/amzn2-ami-kernel-5.10-hvm-x86_64-gp2",
    "/aws/service/canonical/ubuntu/server/24.04/stable/current/amd64/hvm/ebs-gp3/ami-id",
    "/aws/service/canonical/ubuntu/server/22.04/stable/current/amd64/hvm/ebs-gp2/ami-id",
    "/aws/service/ami-windows-latest/Windows_Server-2022-English-Full-Base",
];

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SsmState {
    /// Region -> name -> parameter.
    pub parameters: BTreeMap<String, BTreeMap<String, Parameter>>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Parameter {
    pub name: String,
    /// `String`, `StringList` or `SecureString`.
    pub parameter_type: String,
    pub value: String,
    pub version: i64,
    pub last_modified: SimTime,
    pub description: Option<String>,
    /// `text` or `aws:ec2:image`.
    pub data_type: String,
}

/// `ami-` and 8 or 17 lower-case hex digits.
pub fn is_ami_id(value: &str) -> bool {
    value.strip_prefix("ami-").is_some_and(|h| {
        (h.len() == 8 || h.len() == 17) && h.chars().all(|c| c.is_ascii_digit() || ('a'..='f').contains(&c))
    })
}

/// FNV-1a, so a public parameter has the same value in a Region every time.
fn fnv(text: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.bytes() {
        h ^= b as u64;
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// A public parameter of `region` (`None` if Nimbus Lab does not publish it). The AMI ids are
/// Nimbus Lab's own, stable per Region and name; real ids differ and change with each release.
pub fn public_parameter(region: &str, name: &str) -> Option<Parameter> {
    if !PUBLIC_AMI_PARAMETERS.contains(&name) || crate::regions::find(region).is_none() {
        return None;
    }
    Some(Parameter {
        name: name.to_string(),
        parameter_type: "String".into(),
        value: format!("ami-0{:016x}", fnv(&format!("{region}|{name}"))),
        version: 1,
        last_modified: SimTime::from_civil(2025, 12, 1, 0, 0, 0),
        description: None,
        data_type: "aws:ec2:image".into(),
    })
}

impl SsmState {
    /// A parameter of the account or a public one.
    pub fn find(&self, region: &str, name: &str) -> Option<Parameter> {
        self.parameters.get(region).and_then(|m| m.get(name)).cloned().or_else(|| public_parameter(region, name))
    }
}
