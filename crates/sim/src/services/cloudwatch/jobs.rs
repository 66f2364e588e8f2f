//! Alarm evaluation on the clock: each alarm is evaluated every period while its window holds
//! data (see `ops/evaluate.rs`).

use crate::error::ApiError;
use crate::world::{CallContext, World};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum CloudWatchJob {
    /// Alarm `key` (`region/name`) is due for evaluation.
    Evaluate { key: String, generation: u32 },
}

impl CloudWatchJob {
    pub fn describe(&self) -> (&'static str, &'static str) {
        match self {
            CloudWatchJob::Evaluate { .. } => ("cloudwatch", "AlarmEvaluation"),
        }
    }
}

pub(crate) fn run(world: &mut World, cx: &mut CallContext, job: CloudWatchJob) -> Result<(), ApiError> {
    match job {
        CloudWatchJob::Evaluate { key, generation } => {
            if let Some((region, name)) = key.split_once('/') {
                cx.region = region.to_string();
                cx.touch(super::ops::alarm_arn(region, name));
            }
            let why = super::ops::evaluate::evaluate(world, &key, generation);
            cx.why(why);
            Ok(())
        }
    }
}
