//! One function per CloudFormation operation. `validate.rs` holds ValidateTemplate and the
//! template checks CreateStack shares with it; `stacks.rs` the stack lifecycle (CreateStack,
//! DeleteStack, DescribeStacks, ListStacks); `events.rs` what a stack shows (events, resources,
//! template, exports); `diff.rs` what an update changes, and `changesets.rs` the change sets
//! that show it before it runs; `drift.rs` drift detection; `signal.rs` SignalResource;
//! `rollback.rs` CancelUpdateStack and ContinueUpdateRollback.

mod changesets;
mod diff;
mod drift;
mod events;
mod rollback;
mod signal;
mod stacks;
mod validate;

pub(crate) use changesets::change_set_step;
pub use changesets::*;
pub use drift::*;
pub use events::*;
pub use rollback::*;
pub use signal::*;
pub use stacks::*;
pub use validate::*;

use super::model::*;
use crate::error::ApiError;
use crate::time::SimTime;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Parameter {
    pub parameter_key: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parameter_value: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub use_previous_value: Option<bool>,
    /// For `AWS::SSM::Parameter::Value<…>` parameters, the value Parameter Store gave (only in
    /// DescribeStacks' answer).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resolved_value: Option<String>,
}

impl Parameter {
    pub fn new(key: &str, value: &str) -> Self {
        Parameter {
            parameter_key: key.into(),
            parameter_value: Some(value.into()),
            use_previous_value: None,
            resolved_value: None,
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Tag {
    pub key: String,
    pub value: String,
}

/// The output of calls that answer nothing.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct EmptyOutput {}

fn validation(message: impl Into<String>) -> ApiError {
    ApiError::bad_request("ValidationError", message)
}

fn stack_not_found(name: &str) -> ApiError {
    validation(format!("Stack with id {name} does not exist"))
}

/// The stack a call names (by name: a live one; by id: any), or `Stack with id X does not exist`.
fn find_stack<'w>(state: &'w CfnState, name_or_id: &str, region: &str) -> Result<&'w Stack, ApiError> {
    state.find(name_or_id, region).ok_or_else(|| stack_not_found(name_or_id))
}
