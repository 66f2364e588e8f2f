//! `aws <service> wait <waiter> …`: the CLI's waiters. A waiter polls one operation until its
//! answer matches a success or failure state; between polls the simulated clock moves on by the
//! waiter's delay, so `wait stack-create-complete` brings a stack to its end state the way the
//! real command waits for it. Delays, attempts and states are the AWS CLI's (botocore's
//! waiters-2.json); failures print its message and exit 255.

use super::aws::{self, GlobalOptions};
use super::fs::FileSystem;
use super::json::Json;
use super::CommandOutput;
use crate::time::SimDuration;
use crate::world::World;
use crate::ApiError;

/// What one poll's answer means.
#[derive(Debug, PartialEq)]
enum Verdict {
    Success,
    /// A terminal failure, with the text botocore prints after "terminal failure state: ".
    Failure(String),
    Retry,
}

struct Waiter {
    service: &'static str,
    /// The CLI's name (`stack-create-complete`) and botocore's (`StackCreateComplete`).
    name: &'static str,
    id: &'static str,
    /// The operation polled, as the CLI names it.
    operation: &'static str,
    delay_seconds: i64,
    max_attempts: u32,
    judge: fn(&Result<Json, ApiError>) -> Verdict,
}

const STACK_STATUS: &str = "Stacks[].StackStatus";

fn statuses(answer: &Json) -> Vec<&str> {
    match answer.get("Stacks") {
        Some(Json::Array(stacks)) => stacks.iter().filter_map(|s| s.get("StackStatus")?.as_str()).collect(),
        _ => Vec::new(),
    }
}

/// All stacks in `success`: done; any in `failure`: failed; a ValidationError ends as `on_error`.
fn stack_states(
    answer: &Result<Json, ApiError>,
    success: &str,
    failure: &[&str],
    on_error: fn(&ApiError) -> Verdict,
) -> Verdict {
    let answer = match answer {
        Ok(a) => a,
        Err(e) => return on_error(e),
    };
    let seen = statuses(answer);
    if let Some(bad) = seen.iter().find(|s| failure.contains(s)) {
        return Verdict::Failure(format!(
            "For expression \"{STACK_STATUS}\" we matched expected path: \"{bad}\" at least once"
        ));
    }
    if !seen.is_empty() && seen.iter().all(|s| *s == success) {
        return Verdict::Success;
    }
    Verdict::Retry
}

fn error_fails(e: &ApiError) -> Verdict {
    if e.code == "ValidationError" {
        Verdict::Failure(format!("Matched expected service error code: {}", e.code))
    } else {
        Verdict::Retry
    }
}

const WAITERS: &[Waiter] = &[
    Waiter {
        service: "cloudformation",
        name: "stack-create-complete",
        id: "StackCreateComplete",
        operation: "describe-stacks",
        delay_seconds: 30,
        max_attempts: 120,
        judge: |a| {
            let failure = ["CREATE_FAILED", "DELETE_COMPLETE", "DELETE_FAILED", "ROLLBACK_FAILED", "ROLLBACK_COMPLETE"];
            stack_states(a, "CREATE_COMPLETE", &failure, error_fails)
        },
    },
    Waiter {
        service: "cloudformation",
        name: "stack-update-complete",
        id: "StackUpdateComplete",
        operation: "describe-stacks",
        delay_seconds: 30,
        max_attempts: 120,
        judge: |a| {
            let failure = ["UPDATE_FAILED", "UPDATE_ROLLBACK_FAILED", "UPDATE_ROLLBACK_COMPLETE"];
            stack_states(a, "UPDATE_COMPLETE", &failure, error_fails)
        },
    },
    Waiter {
        service: "cloudformation",
        name: "stack-delete-complete",
        id: "StackDeleteComplete",
        operation: "describe-stacks",
        delay_seconds: 30,
        max_attempts: 120,
        judge: |a| {
            let failure = [
                "DELETE_FAILED",
                "CREATE_FAILED",
                "ROLLBACK_FAILED",
                "UPDATE_ROLLBACK_IN_PROGRESS",
                "UPDATE_ROLLBACK_FAILED",
                "UPDATE_ROLLBACK_COMPLETE",
                "UPDATE_COMPLETE",
            ];
            // A deleted stack is no longer found by name: that is success too.
            stack_states(a, "DELETE_COMPLETE", &failure, |e| {
                if e.code == "ValidationError" {
                    Verdict::Success
                } else {
                    Verdict::Retry
                }
            })
        },
    },
    Waiter {
        service: "cloudformation",
        name: "stack-exists",
        id: "StackExists",
        operation: "describe-stacks",
        delay_seconds: 5,
        max_attempts: 20,
        judge: |a| if a.is_ok() { Verdict::Success } else { Verdict::Retry },
    },
    Waiter {
        service: "cloudformation",
        name: "change-set-create-complete",
        id: "ChangeSetCreateComplete",
        operation: "describe-change-set",
        delay_seconds: 30,
        max_attempts: 120,
        judge: |a| match a {
            Err(e) => error_fails(e),
            Ok(answer) => match answer.get("Status").and_then(Json::as_str) {
                Some("CREATE_COMPLETE") => Verdict::Success,
                Some("FAILED") => {
                    Verdict::Failure("For expression \"Status\" we matched expected path: \"FAILED\"".into())
                }
                _ => Verdict::Retry,
            },
        },
    },
];

/// The waiter names a service has, for help and errors.
pub fn names(service: &str) -> Vec<&'static str> {
    WAITERS.iter().filter(|w| w.service == service).map(|w| w.name).collect()
}

/// Runs `aws <service> wait <words…>`.
pub fn run(
    world: &mut World,
    fs: &mut dyn FileSystem,
    globals: &GlobalOptions,
    service: &str,
    words: &[String],
) -> CommandOutput {
    let known = names(service);
    let Some(name) = words.first() else {
        return CommandOutput::failed(
            format!("aws: error: the following arguments are required: wait_name\nwaiters: {}\n", known.join(" | ")),
            252,
        );
    };
    let Some(waiter) = WAITERS.iter().find(|w| w.service == service && w.name == name) else {
        let list = if known.is_empty() { "(none simulated)".to_string() } else { known.join(" | ") };
        return CommandOutput::failed(
            format!("aws: error: argument wait_name: Invalid choice, valid choices are:\n\n{list}\n"),
            252,
        );
    };
    // The waiter takes the polled operation's own arguments.
    let mut poll: Vec<String> = vec![service.to_string(), waiter.operation.to_string()];
    poll.extend(words[1..].iter().cloned());
    let call = match aws::parse(&poll, &*fs) {
        Ok(aws::AwsCommand::Call(call)) => call,
        Ok(_) => return CommandOutput::failed("aws: error: a waiter polls one operation\n".into(), 252),
        Err(f) => return f.into_output(),
    };
    let region = globals.region.clone().unwrap_or_else(|| world.default_region.clone());
    for attempt in 1..=waiter.max_attempts {
        let answer = world.call_in(&region, call.request.clone()).map(|r| Json::of(&r).unwrap_single(2));
        match (waiter.judge)(&answer) {
            Verdict::Success => return CommandOutput::ok(String::new()),
            Verdict::Failure(what) => {
                return CommandOutput::failed(
                    format!("\nWaiter {} failed: Waiter encountered a terminal failure state: {what}\n", waiter.id),
                    255,
                );
            }
            Verdict::Retry if attempt < waiter.max_attempts => {
                world.advance(SimDuration::seconds(waiter.delay_seconds));
            }
            Verdict::Retry => {}
        }
    }
    CommandOutput::failed(format!("\nWaiter {} failed: Max attempts exceeded\n", waiter.id), 255)
}
