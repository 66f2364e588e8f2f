//! CancelUpdateStack (stop a running update and roll it back) and ContinueUpdateRollback (get
//! a stack out of UPDATE_ROLLBACK_FAILED, skipping resources that cannot be put back).

use super::{find_stack, validation, EmptyOutput};
use crate::error::ApiError;
use crate::services::cloudformation::model::StackStatus;
use crate::services::cloudformation::update;
use crate::world::{CallContext, World};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CancelUpdateStackRequest {
    pub stack_name: String,
}

pub fn cancel_update_stack(
    world: &mut World,
    cx: &mut CallContext,
    input: CancelUpdateStackRequest,
) -> Result<EmptyOutput, ApiError> {
    let stack = find_stack(&world.cloudformation, &input.stack_name, &cx.region)?;
    let id = stack.id.clone();
    cx.touch(id.clone());
    if stack.status != StackStatus::UpdateInProgress {
        cx.why(format!(
            "only an update in UPDATE_IN_PROGRESS can be cancelled; the stack is {}",
            stack.status.as_str()
        ));
        return Err(validation("CancelUpdateStack cannot be called from current stack status"));
    }
    update::cancel(world, &id);
    cx.why("the update is cancelled: what is in flight stops and the stack rolls back to its last template");
    Ok(EmptyOutput {})
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ContinueUpdateRollbackRequest {
    pub stack_name: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub resources_to_skip: Vec<String>,
}

pub fn continue_update_rollback(
    world: &mut World,
    cx: &mut CallContext,
    input: ContinueUpdateRollbackRequest,
) -> Result<EmptyOutput, ApiError> {
    let stack = find_stack(&world.cloudformation, &input.stack_name, &cx.region)?;
    let id = stack.id.clone();
    cx.touch(id.clone());
    if stack.status != StackStatus::UpdateRollbackFailed {
        cx.why(format!("only a stack in UPDATE_ROLLBACK_FAILED continues a rollback; it is {}", stack.status.as_str()));
        return Err(validation("ContinueUpdateRollback cannot be called from current stack status"));
    }
    if let Some(bad) = input.resources_to_skip.iter().find(|r| !stack.failed.contains(r)) {
        cx.why("only resources that failed to roll back can be skipped");
        return Err(validation(format!(
            "Resource {bad} cannot be skipped: only resources that failed to roll back (UPDATE_FAILED) can be skipped"
        )));
    }
    let skipped = input.resources_to_skip.join(", ");
    update::continue_rollback(world, &id, &input.resources_to_skip);
    cx.why(if skipped.is_empty() {
        "the rollback tries the failed resources again".to_string()
    } else {
        format!("{skipped} count as rolled back (UPDATE_COMPLETE) and the rollback goes on without them")
    });
    Ok(EmptyOutput {})
}
