//! The CloudFormation page: a template editor with a gallery of samples and Validate, the
//! Create stack form, the stacks with their events, resources, outputs and template, clock
//! buttons small enough to watch creation waves, and the stack graph as the diagram. Every
//! action is a CloudFormation request through the store, the same request the terminal builds.

mod cost;
mod create;
mod drift;
mod editor;
pub mod samples;
mod stacks;

use crate::app::use_store;
use crate::components::clock::format_time;
use crate::components::service_page::ServicePage;
use crate::store::Action;
use create::CreateStackForm;
use editor::TemplateEditor;
use nimbus_sim::services::cloudformation::{CloudFormationRequest, CloudFormationResponse};
use nimbus_sim::{Request, Response, SimDuration};
use stacks::{StackDetail, StackTable};
use yew::prelude::*;

pub use cost::cost_view;
pub use create::{default_parameters, parse_tags};
pub use drift::drift_view;
pub use editor::error_place;
pub use stacks::Tab;

/// Wraps a CloudFormation request for the store.
pub fn cfn(request: CloudFormationRequest) -> Request {
    Request::CloudFormation(request)
}

/// The steps the page's clock buttons move: stacks take seconds to minutes.
pub const STEPS: &[(&str, SimDuration)] =
    &[("+10 s", SimDuration::seconds(10)), ("+1 min", SimDuration::minutes(1)), ("+5 min", SimDuration::minutes(5))];

#[component]
pub fn CloudFormationPage() -> Html {
    let store = use_store();
    let first = samples::SAMPLES[0];
    let body = use_state(|| first.body.to_string());
    let sample = use_state(|| Some(first.id));
    let selected = use_state(|| None::<String>);
    // Stacks move with the clock, so time is part of the key.
    let diagram = use_memo((store.save_rev, store.world().now(), (*selected).clone().filter(|s| !s.is_empty())), {
        let lab = store.lab.clone();
        move |(_, _, selected): &(u64, nimbus_sim::SimTime, Option<String>)| {
            nimbus_sim::diagram::cloudformation::stack_diagram(&lab.world, selected.as_deref())
        }
    });
    {
        // A stack created from the console opens; a failed create changes nothing.
        let selected = selected.clone();
        let created = store.last_call.as_ref().and_then(|c| match &c.result {
            Ok(Response::CloudFormation(CloudFormationResponse::CreateStack(out))) => {
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
