//! Functions (keyed by ARN), event source mappings (keyed by UUID) and the invocations Nimbus
//! Lab recorded in place of running code.

use crate::time::{SimDuration, SimTime};
use crate::world::ACCOUNT_ID;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// How long a new function stays Pending, and an update InProgress.
pub const CREATE_TIME: SimDuration = SimDuration::seconds(5);
pub const UPDATE_TIME: SimDuration = SimDuration::seconds(3);
/// How long a new event source mapping stays Creating.
pub const MAPPING_CREATE_TIME: SimDuration = SimDuration::seconds(3);
/// The invocations kept per function (older ones are counted only).
pub const KEPT_INVOCATIONS: usize = 50;

/// Runtimes CreateFunction accepts.
pub const RUNTIMES: &[&str] = &[
    "nodejs18.x",
    "nodejs20.x",
    "nodejs22.x",
    "python3.9",
    "python3.10",
    "python3.11",
    "python3.12",
    "python3.13",
    "java11",
    "java17",
    "java21",
    "dotnet8",
    "ruby3.2",
    "ruby3.3",
    "provided.al2",
    "provided.al2023",
];

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct LambdaState {
    pub functions: BTreeMap<String, Function>,
    pub mappings: BTreeMap<String, EventSourceMapping>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Function {
    pub name: String,
    pub arn: String,
    pub region: String,
    pub runtime: Option<String>,
    pub role: String,
    pub handler: Option<String>,
    pub description: String,
    pub timeout: i64,
    pub memory_size: i64,
    pub environment: BTreeMap<String, String>,
    pub code_size: i64,
    pub code_sha256: String,
    /// Where the code came from: `ZipFile` or `s3://bucket/key`.
    pub code_source: String,
    pub architectures: Vec<String>,
    /// `Pending`, `Active`, `Inactive` or `Failed`.
    pub state: String,
    /// `Successful`, `InProgress` or `Failed`; `None` until the function has been created.
    pub last_update_status: Option<String>,
    pub last_modified: SimTime,
    pub revision_id: String,
    pub tags: BTreeMap<String, String>,
    /// Resource-based policy statements, by statement id (JSON text).
    pub permissions: BTreeMap<String, String>,
    /// Invocations made so far (every source).
    pub invocation_count: u64,
    /// The latest invocations, oldest first.
    pub invocations: Vec<Invocation>,
    /// Bumped by each change, so a job scheduled for an older state does nothing.
    pub epoch: u32,
}

/// One recorded invocation: the event the function would have received.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Invocation {
    pub request_id: String,
    pub time: SimTime,
    /// `cli` (Invoke), `sqs` (an event source mapping) or `sns` (a subscription).
    pub source: String,
    /// `RequestResponse`, `Event` or `DryRun`.
    pub invocation_type: String,
    pub payload: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EventSourceMapping {
    pub uuid: String,
    pub event_source_arn: String,
    pub function_arn: String,
    pub batch_size: i64,
    pub maximum_batching_window: i64,
    pub enabled: bool,
    /// `Creating`, `Enabled`, `Disabled` or `Deleting`.
    pub state: String,
    pub last_modified: SimTime,
    pub last_processing_result: String,
    /// A poll is on the scheduler.
    pub poll_scheduled: bool,
    /// Messages handed to the function so far.
    pub processed: u64,
}

pub fn function_arn(region: &str, name: &str) -> String {
    format!("arn:aws:lambda:{region}:{ACCOUNT_ID}:function:{name}")
}
