//! IAM resources: roles (with inline policies and attached managed policies), customer managed
//! policies, and instance profiles. Names are unique in the account; ids carry IAM's prefixes
//! (`AROA` roles, `ANPA` policies, `AIPA` instance profiles).

use crate::time::SimTime;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// AWS managed policies Nimbus Lab knows by ARN (`arn:aws:iam::aws:policy/<name>`).
pub const AWS_MANAGED_POLICIES: &[&str] = &[
    "AdministratorAccess",
    "PowerUserAccess",
    "ReadOnlyAccess",
    "AmazonS3FullAccess",
    "AmazonS3ReadOnlyAccess",
    "AmazonEC2FullAccess",
    "AmazonEC2ReadOnlyAccess",
    "AmazonSSMManagedInstanceCore",
    "CloudWatchAgentServerPolicy",
    "AmazonDynamoDBReadOnlyAccess",
    "AWSKeyManagementServicePowerUser",
];

/// How many roles an instance profile holds.
pub const ROLES_PER_INSTANCE_PROFILE: usize = 1;

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct IamState {
    pub roles: BTreeMap<String, Role>,
    /// Customer managed policies by ARN.
    pub policies: BTreeMap<String, ManagedPolicy>,
    pub instance_profiles: BTreeMap<String, InstanceProfile>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Role {
    pub role_name: String,
    pub role_id: String,
    pub path: String,
    pub arn: String,
    pub create_date: SimTime,
    /// The trust policy, as JSON text.
    pub assume_role_policy_document: String,
    pub description: Option<String>,
    pub max_session_duration: i64,
    /// Inline policies by name, as JSON text.
    pub inline_policies: BTreeMap<String, String>,
    /// ARNs of attached managed policies, in attachment order.
    pub attached_policies: Vec<String>,
    pub tags: Vec<(String, String)>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ManagedPolicy {
    pub policy_name: String,
    pub policy_id: String,
    pub arn: String,
    pub path: String,
    pub document: String,
    pub description: Option<String>,
    pub create_date: SimTime,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InstanceProfile {
    pub instance_profile_name: String,
    pub instance_profile_id: String,
    pub path: String,
    pub arn: String,
    pub create_date: SimTime,
    /// Role names (at most one).
    pub roles: Vec<String>,
}

impl IamState {
    /// How many roles have the policy attached.
    pub fn attachments(&self, arn: &str) -> usize {
        self.roles.values().filter(|r| r.attached_policies.iter().any(|a| a == arn)).count()
    }
}
