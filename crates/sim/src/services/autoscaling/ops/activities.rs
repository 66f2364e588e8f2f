//! DescribeScalingActivities: every launch and termination of a group's instances, newest
//! first, with AWS's Description and Cause.

use super::*;
use crate::time::SimTime;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ActivityView {
    pub activity_id: String,
    pub auto_scaling_group_name: String,
    #[serde(rename = "AutoScalingGroupARN")]
    pub auto_scaling_group_arn: String,
    pub description: String,
    pub cause: String,
    pub start_time: SimTime,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_time: Option<SimTime>,
    pub status_code: String,
    pub progress: i64,
    pub details: String,
}

fn view(a: &ActivityRecord) -> ActivityView {
    ActivityView {
        activity_id: a.activity_id.clone(),
        auto_scaling_group_name: a.group.clone(),
        auto_scaling_group_arn: a.group_arn.clone(),
        description: a.description.clone(),
        cause: a.cause.clone(),
        start_time: a.start,
        end_time: a.end,
        status_code: a.status_code.clone(),
        progress: a.progress,
        details: a.details.clone(),
    }
}

pub(crate) fn find_view(world: &World, id: &str) -> Option<ActivityView> {
    world.autoscaling.activities.iter().find(|a| a.activity_id == id).map(view)
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeScalingActivitiesRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auto_scaling_group_name: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub activity_ids: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_records: Option<i64>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeScalingActivitiesOutput {
    pub activities: Vec<ActivityView>,
}

pub fn describe_scaling_activities(
    world: &mut World,
    cx: &mut CallContext,
    input: DescribeScalingActivitiesRequest,
) -> Result<DescribeScalingActivitiesOutput, ApiError> {
    let max = input.max_records.unwrap_or(100);
    if !(1..=100).contains(&max) {
        cx.why("MaxRecords is 1 to 100");
        return Err(validation(format!("1 validation error detected: Value '{max}' at 'maxRecords' failed to satisfy constraint: Member must have value less than or equal to 100")));
    }
    let activities: Vec<ActivityView> = world
        .autoscaling
        .activities
        .iter()
        .rev()
        .filter(|a| a.region == cx.region)
        .filter(|a| input.auto_scaling_group_name.as_ref().is_none_or(|g| &a.group == g))
        .filter(|a| input.activity_ids.is_empty() || input.activity_ids.contains(&a.activity_id))
        .take(max as usize)
        .map(view)
        .collect();
    cx.why(format!("{} activit(ies), newest first", activities.len()));
    Ok(DescribeScalingActivitiesOutput { activities })
}
