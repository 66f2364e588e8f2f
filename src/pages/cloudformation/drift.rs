//! A stack's drift: a button that starts DetectStackDrift, the detection's progress on the
//! clock, and each resource's drift status with its property differences, as the console's
//! "Drifts" view shows them.

use super::cfn;
use crate::components::cli_line::CliLine;
use crate::components::table::ResourceTable;
use crate::store::Action;
use nimbus_sim::services::cloudformation::model::Stack;
use nimbus_sim::services::cloudformation::{CloudFormationRequest, DetectStackDriftRequest};
use nimbus_sim::World;
use yew::prelude::*;

/// The latest detection's findings (or its progress), with the button that starts a new one.
pub fn drift_view(world: &World, s: &Stack, on_detect: Callback<MouseEvent>) -> Html {
    let now = world.now();
    let latest = s.drift_detections.last();
    let status = match latest {
        None => "Drift has not been checked yet. Change one of the stack's resources through its own service \
                 (for example suspend a bucket's versioning or add a security group rule), then detect drift."
            .to_string(),
        Some(d) if !d.done(now) => format!(
            "Detection in progress (DETECTION_IN_PROGRESS) until {}: move the clock to see the result.",
            d.completes
        ),
        Some(d) => format!(
            "Detection complete at {}: the stack is {}, {} drifted resource(s). Only properties the template sets are compared.",
            d.completes,
            d.stack_status(),
            d.drifted_count()
        ),
    };
    let rows: Vec<Html> = latest
        .filter(|d| d.done(now))
        .map(|d| {
            d.resources
                .iter()
                .map(|r| {
                    let diffs = r.differences.iter().map(|p| {
                        html! { <li><code>{ p.path.clone() }</code>{ format!(" {}: expected {}, actual {}", p.kind, p.expected, p.actual) }</li> }
                    });
                    html! {
                        <tr key={r.logical_id.clone()}>
                            <td>{ r.logical_id.clone() }</td>
                            <td><code>{ r.resource_type.clone() }</code></td>
                            <td><span class={classes!("drift", format!("drift-{}", r.status.to_lowercase()))}>{ r.status.clone() }</span></td>
                            <td><ul class="cfn-drift-diffs">{ for diffs }</ul></td>
                        </tr>
                    }
                })
                .collect()
        })
        .unwrap_or_default();
    html! {
        <div class="cfn-drift">
            <p class="help">{ status }</p>
            <div class="button-row">
                <button type="button" onclick={on_detect}>{ "Detect drift" }</button>
            </div>
            <CliLine operations={&["DetectStackDrift"][..]} />
            if !rows.is_empty() {
                <ResourceTable caption="Resource drift" headers={&["Logical ID", "Type", "Drift status", "Differences"][..]}
                               empty="" rows={rows} />
            }
        </div>
    }
}

/// The store action that starts a detection of `stack_name` (so it lands in the trail).
pub fn detect_request(stack_name: &str) -> Action {
    Action::Call(cfn(CloudFormationRequest::DetectStackDrift(DetectStackDriftRequest {
        stack_name: stack_name.into(),
        logical_resource_ids: Vec::new(),
    })))
}
