//! CloudFormation resources: stacks with their resources, events and outputs; the exports of
//! the account; and the queues of older saves, which move into SQS when loaded.
//! Status names are AWS's, and the transitions live in `jobs.rs`.

use crate::time::SimTime;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

pub use super::template::DeletionPolicy;

/// Stacks an account may have per region.
pub const MAX_STACKS: usize = 2000;
pub const MAX_STACK_NAME: usize = 128;
pub const MAX_STACK_TAGS: usize = 50;

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct CfnState {
    /// Every stack ever created, deleted ones included (AWS keeps them listed for 90 days),
    /// keyed by stack id, in creation order of ids.
    pub stacks: BTreeMap<String, Stack>,
    /// Creation order of stack ids (ids are random, so the map's order is not creation order).
    pub order: Vec<String>,
    /// Queues an older Nimbus Lab kept here for `AWS::SQS::Queue` resources, keyed by queue URL;
    /// a save that has them moves them into SQS when it loads (`sqs::ops::migrate`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub queues: BTreeMap<String, Queue>,
    /// Change sets, keyed by change set id, with their creation order.
    #[serde(default)]
    pub change_sets: BTreeMap<String, ChangeSet>,
    #[serde(default)]
    pub change_set_order: Vec<String>,
}

impl CfnState {
    /// The live (not DELETE_COMPLETE) stack with this name in `region`, or any stack with this id.
    pub fn find(&self, name_or_id: &str, region: &str) -> Option<&Stack> {
        if let Some(s) = self.stacks.get(name_or_id) {
            return Some(s);
        }
        self.order
            .iter()
            .rev()
            .filter_map(|id| self.stacks.get(id))
            .find(|s| s.name == name_or_id && s.region == region && s.status != StackStatus::DeleteComplete)
    }

    pub fn find_id(&self, name_or_id: &str, region: &str) -> Option<String> {
        self.find(name_or_id, region).map(|s| s.id.clone())
    }

    /// Stacks in `region`, in creation order.
    pub fn in_region<'a>(&'a self, region: &'a str) -> impl DoubleEndedIterator<Item = &'a Stack> + 'a {
        self.order.iter().filter_map(|id| self.stacks.get(id)).filter(move |s| s.region == region)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum StackStatus {
    CreateInProgress,
    CreateFailed,
    CreateComplete,
    RollbackInProgress,
    RollbackFailed,
    RollbackComplete,
    DeleteInProgress,
    DeleteFailed,
    DeleteComplete,
    UpdateInProgress,
    UpdateCompleteCleanupInProgress,
    UpdateComplete,
    UpdateFailed,
    UpdateRollbackInProgress,
    UpdateRollbackFailed,
    UpdateRollbackCompleteCleanupInProgress,
    UpdateRollbackComplete,
    ReviewInProgress,
    ImportInProgress,
    ImportComplete,
    ImportRollbackInProgress,
    ImportRollbackFailed,
    ImportRollbackComplete,
}

impl StackStatus {
    pub const ALL: &'static [StackStatus] = &[
        StackStatus::CreateInProgress,
        StackStatus::CreateFailed,
        StackStatus::CreateComplete,
        StackStatus::RollbackInProgress,
        StackStatus::RollbackFailed,
        StackStatus::RollbackComplete,
        StackStatus::DeleteInProgress,
        StackStatus::DeleteFailed,
        StackStatus::DeleteComplete,
        StackStatus::UpdateInProgress,
        StackStatus::UpdateCompleteCleanupInProgress,
        StackStatus::UpdateComplete,
        StackStatus::UpdateFailed,
        StackStatus::UpdateRollbackInProgress,
        StackStatus::UpdateRollbackFailed,
        StackStatus::UpdateRollbackCompleteCleanupInProgress,
        StackStatus::UpdateRollbackComplete,
        StackStatus::ReviewInProgress,
        StackStatus::ImportInProgress,
        StackStatus::ImportComplete,
        StackStatus::ImportRollbackInProgress,
        StackStatus::ImportRollbackFailed,
        StackStatus::ImportRollbackComplete,
    ];

    /// `CREATE_IN_PROGRESS`.
    pub fn as_str(self) -> String {
        serde_json::to_value(self).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()
    }

    pub fn parse(s: &str) -> Option<StackStatus> {
        StackStatus::ALL.iter().copied().find(|st| st.as_str() == s)
    }

    pub fn in_progress(self) -> bool {
        self.as_str().ends_with("_IN_PROGRESS")
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ResourceStatus {
    CreateInProgress,
    CreateFailed,
    CreateComplete,
    DeleteInProgress,
    DeleteFailed,
    DeleteComplete,
    DeleteSkipped,
    UpdateInProgress,
    UpdateFailed,
    UpdateComplete,
}

impl ResourceStatus {
    pub fn as_str(self) -> String {
        serde_json::to_value(self).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()
    }
}

/// One resource of a stack, from the template and from what creating it gave.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StackResource {
    pub logical_id: String,
    pub resource_type: String,
    /// `None` until the resource is started (it is then `NotStarted` in the console).
    pub status: Option<ResourceStatus>,
    pub reason: Option<String>,
    pub physical_id: Option<String>,
    /// The `Ref` value (usually the physical id).
    pub ref_value: Option<String>,
    pub attributes: BTreeMap<String, String>,
    /// The properties as resolved when the resource was created.
    pub properties: serde_json::Value,
    pub deps: Vec<String>,
    pub wave: usize,
    pub deletion_policy: DeletionPolicy,
    pub updated: SimTime,
    /// Set by `Metadata: {Nimbus: {Fail: true}}` (optionally with `Reason`): creation fails
    /// after the type's usual time, with this reason. A learner's way to see a rollback.
    pub inject_failure: Option<String>,
    /// Bumped when a job for this resource is scheduled; a job carrying an older value is stale
    /// (its work was cancelled).
    pub epoch: u32,
    /// What the running update does to this resource; `None` when the update leaves it alone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub change: Option<Box<Change>>,
    /// The signals a `CreationPolicy` or wait condition still waits for (`signals.rs`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wait: Option<super::signals::SignalWait>,
    /// Signals received: a resource's own, or a wait condition handle's.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub signals: Vec<super::signals::Signal>,
    /// An Auto Scaling group's rolling update in progress (`rolling.rs`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rolling: Option<Box<super::rolling::Rolling>>,
}

/// What an update does to a resource.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ChangeAction {
    Add,
    /// Changed in place (the physical resource stays).
    Modify,
    /// A new physical resource replaces the old one.
    Replace,
    Remove,
}

/// One resource's part in a running update.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Change {
    pub action: ChangeAction,
    /// The resource as it was before the update (Modify and Replace), for rollback.
    pub old: Option<StackResource>,
    /// The update has started working on this resource.
    pub started: bool,
    /// The rollback has put this resource back.
    pub rolled_back: bool,
    /// A physical resource to delete in the cleanup phase: the old one after a replacement,
    /// or the new one when a replacement is rolled back.
    pub leftover: Option<StackResource>,
    /// `UpdateReplacePolicy: Retain`: the replaced physical resource is kept.
    pub retain_old: bool,
}

/// What a stack was before the running update, restored if the update rolls back.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Before {
    pub template_body: String,
    pub description: Option<String>,
    pub parameters: Vec<(String, String)>,
    pub no_echo: Vec<String>,
    pub conditions: BTreeMap<String, bool>,
    pub imports: Vec<String>,
    pub outputs: Vec<OutputRecord>,
    pub order: Vec<String>,
    /// The SSM parameter values the stack had.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub resolved: Vec<(String, String)>,
}

impl StackResource {
    /// True while the resource may exist in its service: it was created (or is being created
    /// or deleted) and not yet deleted or skipped.
    pub fn exists(&self) -> bool {
        self.physical_id.is_some()
            && matches!(
                self.status,
                Some(
                    ResourceStatus::CreateInProgress
                        | ResourceStatus::CreateComplete
                        | ResourceStatus::CreateFailed
                        | ResourceStatus::DeleteInProgress
                        | ResourceStatus::DeleteFailed
                        | ResourceStatus::UpdateComplete
                        | ResourceStatus::UpdateInProgress
                        | ResourceStatus::UpdateFailed
                )
            )
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StackEventRecord {
    pub event_id: String,
    pub logical_id: String,
    pub physical_id: Option<String>,
    pub resource_type: String,
    pub timestamp: SimTime,
    pub status: String,
    pub reason: Option<String>,
    pub properties: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OutputRecord {
    pub key: String,
    pub value: String,
    pub description: Option<String>,
    pub export_name: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum OnFailure {
    Rollback,
    DoNothing,
    Delete,
}

/// What the stack is doing now; decides what `jobs::drive` does next.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Phase {
    Creating,
    RollingBack,
    Deleting,
    /// Deleting after a failed create with OnFailure=DELETE.
    DeletingAfterFailure,
    /// An update creates, changes and replaces resources.
    Updating,
    /// UPDATE_COMPLETE_CLEANUP_IN_PROGRESS: removed and replaced resources go.
    UpdateCleanup,
    /// UPDATE_ROLLBACK_IN_PROGRESS: changed resources get their old properties back.
    UpdateRollingBack,
    /// UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS: what the update made goes.
    UpdateRollbackCleanup,
    Idle,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Stack {
    pub id: String,
    pub name: String,
    pub region: String,
    pub description: Option<String>,
    pub template_body: String,
    /// Parameter values as given or defaulted; NoEcho ones are masked when described.
    pub parameters: Vec<(String, String)>,
    pub no_echo: Vec<String>,
    pub capabilities: Vec<String>,
    pub tags: Vec<(String, String)>,
    pub status: StackStatus,
    pub status_reason: Option<String>,
    pub phase: Phase,
    pub on_failure: OnFailure,
    pub disable_rollback: bool,
    pub creation_time: SimTime,
    pub last_updated: Option<SimTime>,
    pub deletion_time: Option<SimTime>,
    pub resources: Vec<StackResource>,
    /// Oldest first; DescribeStackEvents answers newest first.
    pub events: Vec<StackEventRecord>,
    pub outputs: Vec<OutputRecord>,
    /// Logical ids kept on DeleteStack (RetainResources, only after DELETE_FAILED).
    pub retain: Vec<String>,
    /// Logical ids that failed during the current operation (for the status reason).
    pub failed: Vec<String>,
    pub notification_arns: Vec<String>,
    pub termination_protection: bool,
    /// Condition values for this stack's parameters.
    pub conditions: BTreeMap<String, bool>,
    /// Export names this stack imports with Fn::ImportValue.
    pub imports: Vec<String>,
    /// Values Parameter Store gave the stack's `AWS::SSM::Parameter::Value<…>` parameters (the
    /// parameters themselves keep the names).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub resolved: Vec<(String, String)>,
    /// The stack before the running update (`None` when no update runs).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub before: Option<Box<Before>>,
    /// The change set being executed, if the running operation came from one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub executing: Option<String>,
    /// Drift detections run on this stack, oldest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub drift_detections: Vec<DriftDetection>,
    /// The parsed template, rebuilt from `template_body` after a restore.
    #[serde(skip)]
    pub cache: TemplateCache,
}

/// One DetectStackDrift: what each resource looked like when it started. It runs on the
/// simulated clock and reports DETECTION_IN_PROGRESS until `completes`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DriftDetection {
    pub id: String,
    pub started: SimTime,
    pub completes: SimTime,
    pub resources: Vec<ResourceDrift>,
}

impl DriftDetection {
    pub fn done(&self, now: SimTime) -> bool {
        now >= self.completes
    }

    /// `DRIFTED` when any checked resource is MODIFIED or DELETED, else `IN_SYNC`.
    pub fn stack_status(&self) -> &'static str {
        if self.drifted_count() > 0 {
            "DRIFTED"
        } else {
            "IN_SYNC"
        }
    }

    pub fn drifted_count(&self) -> usize {
        self.resources.iter().filter(|r| r.status == "MODIFIED" || r.status == "DELETED").count()
    }
}

impl Stack {
    /// The newest drift detection that has finished by `now`.
    pub fn latest_drift(&self, now: SimTime) -> Option<&DriftDetection> {
        self.drift_detections.iter().rev().find(|d| d.done(now))
    }
}

/// One resource's drift: `IN_SYNC`, `MODIFIED`, `DELETED` or `NOT_CHECKED`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ResourceDrift {
    pub logical_id: String,
    pub physical_id: Option<String>,
    pub resource_type: String,
    pub status: String,
    /// The compared properties, as the template gives them and as the resource has them.
    pub expected: Option<serde_json::Value>,
    pub actual: Option<serde_json::Value>,
    pub differences: Vec<PropertyDiff>,
}

/// A property that differs: its path (`/VersioningConfiguration/Status`), both values as text,
/// and `ADD`, `REMOVE` or `NOT_EQUAL`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PropertyDiff {
    pub path: String,
    pub expected: String,
    pub actual: String,
    pub kind: String,
}

/// The parsed template of a stack, kept so a 500-resource stack is not re-read for every
/// resource. Not saved (the body is) and ignored when Worlds are compared.
#[derive(Clone, Default)]
pub struct TemplateCache(pub Option<std::sync::Arc<super::template::Template>>);

impl PartialEq for TemplateCache {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl std::fmt::Debug for TemplateCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(if self.0.is_some() { "TemplateCache(parsed)" } else { "TemplateCache(empty)" })
    }
}

impl Stack {
    pub fn resource(&self, id: &str) -> Option<&StackResource> {
        self.resources.iter().find(|r| r.logical_id == id)
    }
    pub fn resource_mut(&mut self, id: &str) -> Option<&mut StackResource> {
        self.resources.iter_mut().find(|r| r.logical_id == id)
    }
}

/// A queue as older saves kept it for `AWS::SQS::Queue` (SQS now keeps queues).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Queue {
    pub name: String,
    pub url: String,
    pub arn: String,
    pub region: String,
    pub fifo: bool,
    pub attributes: BTreeMap<String, String>,
    pub tags: Vec<(String, String)>,
    pub created: SimTime,
}

/// A change set: a stack's proposed changes, kept until executed or deleted.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ChangeSet {
    pub id: String,
    pub name: String,
    pub stack_id: String,
    pub stack_name: String,
    pub region: String,
    pub description: Option<String>,
    /// `CREATE` or `UPDATE`.
    pub change_set_type: String,
    /// CREATE_PENDING, CREATE_IN_PROGRESS, CREATE_COMPLETE, DELETE_COMPLETE or FAILED.
    pub status: String,
    pub status_reason: Option<String>,
    /// UNAVAILABLE, AVAILABLE, EXECUTE_IN_PROGRESS, EXECUTE_COMPLETE, EXECUTE_FAILED or OBSOLETE.
    pub execution_status: String,
    pub creation_time: SimTime,
    pub template_body: String,
    pub parameters: Vec<(String, String)>,
    pub capabilities: Vec<String>,
    pub changes: Vec<ResourceChangeRecord>,
    /// The submission changes nothing (the change set fails when it is ready).
    pub empty: bool,
    /// Tags a CREATE change set gives its new stack.
    #[serde(default)]
    pub tags: Vec<(String, String)>,
}

/// One resource change of a change set.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ResourceChangeRecord {
    /// `Add`, `Modify` or `Remove`.
    pub action: String,
    pub logical_id: String,
    pub physical_id: Option<String>,
    pub resource_type: String,
    /// `True`, `False` or `Conditional` (Modify only).
    pub replacement: Option<String>,
    pub scope: Vec<String>,
    pub details: Vec<ChangeDetail>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ChangeDetail {
    /// `Properties` or `Metadata`.
    pub attribute: String,
    pub name: Option<String>,
    /// `Never` or `Always`.
    pub requires_recreation: String,
    /// `Static` or `Dynamic`.
    pub evaluation: String,
    /// `DirectModification`, `ResourceReference` or `ParameterReference`.
    pub change_source: String,
    pub causing_entity: Option<String>,
}
