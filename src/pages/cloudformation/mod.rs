//! The CloudFormation page: a template editor with a gallery of samples and Validate, the
//! Create stack form, the stacks with their events, resources, outputs and template, clock
//! buttons small enough to watch creation waves, and the stack graph as the diagram. Every
//! action is a CloudFormation request through the store, the same request the terminal builds;
//! what the page only looks at (a template, change sets) it reads with the same requests, on a
//! copy of the World so that looking leaves no trail and no undo step.

mod changesets;
mod cost;
mod create;
mod drift;
mod editor;
pub mod samples;
mod stacks;
mod update;

use crate::app::use_store;
use crate::browser::monotonic_ms;
use crate::components::clock::format_time;
use crate::components::service_page::ServicePage;
use crate::store::Action;
use create::CreateStackForm;
use editor::TemplateEditor;
use nimbus_sim::services::cloudformation::{CloudFormationRequest, CloudFormationResponse};
use nimbus_sim::{ApiError, Request, Response, SimDuration, World};
use stacks::{StackDetail, StackTable};
use std::rc::Rc;
use yew::prelude::*;

pub use changesets::{ChangeTable, ChangeTableProps};
pub use cost::cost_view;
pub use create::{default_parameters, parse_tags};
pub use drift::drift_view;
pub use editor::error_place;
pub use stacks::Tab;

/// Wraps a CloudFormation request for the store.
pub fn cfn(request: CloudFormationRequest) -> Request {
    Request::CloudFormation(request)
}

/// Answers a read-only request (GetTemplate, ListChangeSets, DescribeChangeSet) on a copy of
/// the World, so the page reads what the API says without adding to the trail.
pub fn read(world: &World, request: CloudFormationRequest) -> Result<CloudFormationResponse, ApiError> {
    match world.clone().call(cfn(request))? {
        Response::CloudFormation(answer) => Ok(answer),
        _ => Err(ApiError::bad_request("InternalFailure", "a CloudFormation request got another service's answer")),
    }
}

/// The CLI line of a request the page made on its own (a read), in the same box as the lines
/// under the forms.
pub fn cli_hint(request: CloudFormationRequest) -> Html {
    html! {
        <p class="cli-line">
            <span class="cli-line-label">{ "Same with the AWS CLI:" }</span>
            <code>{ nimbus_sim::cli::cli_line_for(&cfn(request)) }</code>
        </p>
    }
}

/// The steps the page's clock buttons move: stacks take seconds to minutes.
pub const STEPS: &[(&str, SimDuration)] =
    &[("+10 s", SimDuration::seconds(10)), ("+1 min", SimDuration::minutes(1)), ("+5 min", SimDuration::minutes(5))];

/// How long the latest stack graph took: `laid_out_ms` in the engine's layout, `drawn_ms` until
/// the SVG was in the page (the budget is 100 ms for 500 resources).
#[derive(Clone, Debug, Default, PartialEq)]
struct GraphTiming {
    run: u64,
    started: f64,
    nodes: usize,
    laid_out_ms: f64,
    drawn_ms: f64,
}

#[component]
pub fn CloudFormationPage() -> Html {
    let store = use_store();
    let first = samples::SAMPLES[0];
    let body = use_state(|| first.body.to_string());
    let sample = use_state(|| Some(first.id));
    let selected = use_state(|| None::<String>);
    let timing = use_mut_ref(GraphTiming::default);
    // Stacks move with the clock, so time is part of the key.
    let diagram = use_memo((store.save_rev, store.world().now(), (*selected).clone().filter(|s| !s.is_empty())), {
        let (lab, timing) = (store.lab.clone(), timing.clone());
        move |(_, _, selected): &(u64, nimbus_sim::SimTime, Option<String>)| {
            let started = monotonic_ms();
            let diagram = nimbus_sim::diagram::cloudformation::stack_diagram(&lab.world, selected.as_deref());
            let mut t = timing.borrow_mut();
            *t = GraphTiming { run: t.run + 1, started, laid_out_ms: monotonic_ms() - started, ..Default::default() };
            diagram
        }
    });
    let drawn = use_state(GraphTiming::default);
    {
        // Effects run once the page holds the new SVG, so this is layout plus drawing.
        let (timing, drawn, nodes) = (timing.clone(), drawn.clone(), diagram.nodes.len());
        use_effect_with(Rc::as_ptr(&diagram) as usize, move |_| {
            let t = timing.borrow().clone();
            if t.started > 0.0 {
                drawn.set(GraphTiming { nodes, drawn_ms: monotonic_ms() - t.started, ..t });
            }
        });
    }
    {
        // A stack created from the console opens (also one a CREATE change set made); a failed
        // create changes nothing.
        let selected = selected.clone();
        let created = store.last_call.as_ref().and_then(|c| match &c.result {
            Ok(Response::CloudFormation(CloudFormationResponse::CreateStack(out))) => {
                Some((c.id, out.stack_id.clone()))
            }
            // A CREATE change set's stack (REVIEW_IN_PROGRESS) opens on its change set.
            Ok(Response::CloudFormation(CloudFormationResponse::CreateChangeSet(out))) => {
                Some((c.id, out.stack_id.clone()))
            }
            _ => None,
        });
        use_effect_with(created, move |created| {
            if let Some((_, id)) = created {
                selected.set(Some(id.clone()));
            }
        });
    }
    let on_change = {
        let (body, sample) = (body.clone(), sample.clone());
        Callback::from(move |text: String| {
            body.set(text);
            sample.set(None);
        })
    };
    let on_sample = {
        let (body, sample) = (body.clone(), sample.clone());
        Callback::from(move |id: &'static str| {
            if let Some(s) = samples::find(id) {
                body.set(s.body.to_string());
                sample.set(Some(s.id));
            }
        })
    };
    let select = {
        let selected = selected.clone();
        // Closing a stack is remembered as an empty id, so the newest stack does not reopen.
        Callback::from(move |id: Option<String>| selected.set(Some(id.unwrap_or_default())))
    };
    let suggested = sample.and_then(samples::find).map(|s| s.stack_name).unwrap_or("my-stack");
    // Until one is picked, the newest live stack is open.
    let world = store.world();
    let open = match (*selected).clone() {
        Some(id) if id.is_empty() => None,
        Some(id) => Some(id),
        None => world
            .cloudformation
            .in_region(&world.default_region)
            .rev()
            .find(|s| s.status != nimbus_sim::services::cloudformation::model::StackStatus::DeleteComplete)
            .map(|s| s.id.clone()),
    };
    let stack = open.as_ref().and_then(|id| world.cloudformation.stacks.get(id)).cloned();
    let now = store.world().now();
    let console = html! {
        <div class="cfn-page">
            <TemplateEditor body={(*body).clone()} {on_change} sample={*sample} {on_sample} />
            <CreateStackForm body={(*body).clone()} suggested_name={suggested} />
            <section class="cfn-clock" aria-labelledby="cfn-clock-heading">
                <h3 id="cfn-clock-heading">{ "Move the clock" }</h3>
                <p class="help">
                    { "Resources take seconds to minutes; independent ones are created together. Now: " }
                    <time datetime={now.iso8601()}>{ format_time(now) }</time>
                </p>
                <div class="button-row">
                    { for STEPS.iter().map(|(label, by)| {
                        let (store, by) = (store.clone(), *by);
                        html! {
                            <button type="button" aria-label={format!("Advance the clock {label}")}
                                    onclick={Callback::from(move |_| store.dispatch(Action::Advance(by)))}>{ *label }</button>
                        }
                    }) }
                </div>
            </section>
            if drawn.run > 0 {
                <p class="help cfn-graph-timing" data-run={drawn.run.to_string()} data-nodes={drawn.nodes.to_string()}
                   data-ms={format!("{:.1}", drawn.drawn_ms)}>
                    { format!("Stack graph: {} resources laid out in {:.1} ms, laid out and drawn in {:.1} ms.",
                              drawn.nodes, drawn.laid_out_ms, drawn.drawn_ms) }
                </p>
            }
            <StackTable selected={stack.as_ref().map(|s| s.id.clone())} on_select={select} />
            if let Some(stack) = stack {
                <StackDetail key={stack.id.clone()} stack={stack.clone()} />
            }
        </div>
    };
    html! {
        <ServicePage
            title="AWS CloudFormation"
            intro="Infrastructure as code: pick a sample template or write one, validate it, create a stack and \
                   move the clock to watch CloudFormation create its resources in waves, in dependency order. \
                   Break a template to see where the error is, or delete a stack to see it cleaned up."
            console={console}
            diagram={diagram}
            diagram_empty="No stacks yet. Create one in the console or the terminal and its resource graph appears here."
            trail_services={&["cloudformation", "ec2", "s3", "iam"][..]}
        />
    }
}
