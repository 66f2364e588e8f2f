//! SignalResource: what `cfn-signal --stack S --resource R` (and `aws cloudformation
//! signal-resource`) calls to report that a resource's bootstrap finished or failed.

use super::{find_stack, validation, EmptyOutput};
use crate::error::ApiError;
use crate::services::cloudformation::signals::{self, Refused, Signal, SignalStatus};
use crate::world::{CallContext, World};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct SignalResourceRequest {
    pub stack_name: String,
    pub logical_resource_id: String,
    /// The sender: an instance id, or any id for other senders (1–64 characters).
    pub unique_id: String,
    pub status: SignalStatus,
}

pub fn signal_resource(
    world: &mut World,
    cx: &mut CallContext,
    input: SignalResourceRequest,
) -> Result<EmptyOutput, ApiError> {
    if input.unique_id.is_empty() || input.unique_id.len() > 64 {
        return Err(validation("1 validation error detected: Value at 'uniqueId' failed to satisfy constraint: Member must have length between 1 and 64"));
    }
    let region = cx.region.clone();
    let stack = find_stack(&world.cloudformation, &input.stack_name, &region)?;
    let (stack_id, stack_name) = (stack.id.clone(), stack.name.clone());
    cx.touch(stack_id.clone());
    let signal =
        Signal { unique_id: input.unique_id.clone(), status: input.status, reason: None, data: None, at: world.now() };
    match signals::signal_resource(world, &stack_id, &input.logical_resource_id, signal) {
        Ok(why) => {
            cx.why(format!(
                "{} signal from {} for {}: {why}",
                input.status.as_str(),
                input.unique_id,
                input.logical_resource_id
            ));
            Ok(EmptyOutput {})
        }
        Err(Refused::NoResource) => {
            cx.why("the stack has no resource with that logical id");
            Err(validation(format!("Resource {} does not exist for stack {stack_name}", input.logical_resource_id)))
        }
        Err(Refused::StackSettled(status)) => {
            cx.why("only a stack that is being created or updated takes signals");
            Err(validation(format!("Stack {stack_id} is in {status} state and cannot be signaled")))
        }
        Err(Refused::ResourceSettled(status)) => {
            cx.why("only a resource that is being created and waits for signals takes them");
            Err(validation(format!(
                "Resource {} is in {status} state and cannot be signaled",
                input.logical_resource_id
            )))
        }
    }
}
