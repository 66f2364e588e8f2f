//! The stacks list with status badges, and a stack's detail: events (newest first, as the
//! console lists them), resources, outputs, the template, change sets, drift, cost, Update and
//! Delete.

use super::cfn;
use super::changesets::ChangeSets;
use super::update::{refusal, UpdateStackForm};
use crate::app::use_store;
use crate::components::cli_line::CliLine;
use crate::components::clock::format_time;
use crate::components::confirm::ConfirmButton;
use crate::components::table::ResourceTable;
use crate::store::Action;
use nimbus_sim::diagram::cloudformation::{resource_state, tone};
use nimbus_sim::services::cloudformation::model::{Stack, StackStatus};
use nimbus_sim::services::cloudformation::{CloudFormationRequest, CloudFormationResponse, DeleteStackRequest};
use nimbus_sim::{ApiError, Response};
use yew::prelude::*;

/// A status as a coloured badge (the colour family comes from the stack graph's `tone`).
pub fn badge(status: &str) -> Html {
    html! { <span class={classes!("cfn-badge", format!("tone-{}", tone(status)))}>{ status.to_string() }</span> }
}

#[derive(Properties, PartialEq)]
pub struct StackTableProps {
    pub selected: Option<String>,
    pub on_select: Callback<Option<String>>,
}

#[component]
pub fn StackTable(props: &StackTableProps) -> Html {
    let store = use_store();
    let world = store.world();
    let rows: Vec<Html> = world
        .cloudformation
        .in_region(&world.default_region)
        .rev()
        .filter(|s| s.status != StackStatus::DeleteComplete || props.selected.as_deref() == Some(s.id.as_str()))
        .map(|s| {
            let open = props.selected.as_deref() == Some(s.id.as_str());
            let onclick = {
                let (on_select, id) = (props.on_select.clone(), s.id.clone());
                Callback::from(move |_| on_select.emit(if open { None } else { Some(id.clone()) }))
            };
            html! {
                <tr key={s.id.clone()} class={classes!(open.then_some("selected"))}>
                    <td>
                        <button type="button" class="link-button" aria-pressed={open.to_string()} {onclick}>
                            { s.name.clone() }
                        </button>
                    </td>
                    <td>{ badge(&s.status.as_str()) }</td>
                    <td class="nowrap">{ format_time(s.creation_time) }</td>
                    <td>{ s.description.clone().unwrap_or_default() }</td>
                </tr>
            }
        })
        .collect();
    html! {
        <ResourceTable caption="Stacks" headers={&["Stack name", "Status", "Created", "Description"][..]}
                       empty="No stacks yet. Pick a sample, then Create stack." rows={rows} />
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tab {
    Events,
    Resources,
    Outputs,
    ChangeSets,
    Drift,
    Cost,
    Template,
}

impl Tab {
    const ALL: [Tab; 7] =
        [Tab::Events, Tab::Resources, Tab::Outputs, Tab::Template, Tab::ChangeSets, Tab::Drift, Tab::Cost];
    fn name(self) -> &'static str {
        match self {
            Tab::Events => "Events",
            Tab::Resources => "Resources",
            Tab::Outputs => "Outputs",
            Tab::Template => "Template",
            Tab::ChangeSets => "Change sets",
            Tab::Drift => "Drift",
            Tab::Cost => "Cost",
        }
    }

    fn id(self) -> String {
        format!("cfn-tab-{}", self.name().to_lowercase().replace(' ', "-"))
    }
}

#[derive(Properties, PartialEq)]
pub struct StackDetailProps {
    pub stack: Stack,
    #[prop_or(Tab::Events)]
    pub initial: Tab,
}

#[component]
pub fn StackDetail(props: &StackDetailProps) -> Html {
    let store = use_store();
    let tab = use_state(|| props.initial);
    let change_set = use_state(|| None::<String>);
    let updating = use_state(|| false);
    let refused = use_state(|| None::<ApiError>);
    let all_events = use_state(|| false);
    let s = &props.stack;
    {
        // A change set just made opens in the Change sets tab; one just executed, or a direct
        // update, shows the update in Events.
        let (tab, change_set, updating) = (tab.clone(), change_set.clone(), updating.clone());
        let done = store.last_call.as_ref().and_then(|c| match &c.result {
            Ok(Response::CloudFormation(CloudFormationResponse::CreateChangeSet(out))) if out.stack_id == s.id => {
                Some((c.id, Some(out.id.clone())))
            }
            Ok(_) if c.operation == "ExecuteChangeSet" => Some((c.id, None)),
            Ok(Response::CloudFormation(CloudFormationResponse::UpdateStack(out))) if out.stack_id == s.id => {
                Some((c.id, None))
            }
            _ => None,
        });
        use_effect_with(done, move |done| match done {
            Some((_, Some(id))) => {
                updating.set(false);
                change_set.set(Some(id.clone()));
                tab.set(Tab::ChangeSets);
            }
            Some((_, None)) => {
                updating.set(false);
                tab.set(Tab::Events);
            }
            None => {}
        });
    }
    let status = s.status.as_str();
    let tabs = Tab::ALL.iter().map(|t| {
        let on = *tab == *t;
        let onclick = {
            let (tab, t) = (tab.clone(), *t);
            Callback::from(move |_| tab.set(t))
        };
        html! {
            <button type="button" role="tab" id={t.id()}
                    aria-selected={on.to_string()} aria-controls="cfn-tab-panel"
                    class={classes!("cfn-tab", on.then_some("on"))} {onclick}>{ t.name() }</button>
        }
    });
    let body = match *tab {
        Tab::Events => events(s, *all_events, {
            let all_events = all_events.clone();
            Callback::from(move |_| all_events.set(true))
        }),
        Tab::Resources => resources(s),
        Tab::Outputs => outputs(s),
        Tab::Template => html! { <pre class="cfn-template-view"><code>{ s.template_body.clone() }</code></pre> },
        Tab::Drift => {
            let on_detect = {
                let (store, name) = (store.clone(), s.name.clone());
                Callback::from(move |_| store.dispatch(super::drift::detect_request(&name)))
            };
            super::drift::drift_view(store.world(), s, on_detect)
        }
        Tab::Cost => super::cost::cost_view(store.world(), s),
        Tab::ChangeSets => {
            let on_open = {
                let change_set = change_set.clone();
                Callback::from(move |id: Option<String>| change_set.set(id))
            };
            html! { <ChangeSets stack_name={s.name.clone()} open={(*change_set).clone()} {on_open} /> }
        }
    };
    let on_update = {
        let (store, stack, updating, refused) = (store.clone(), s.clone(), updating.clone(), refused.clone());
        Callback::from(move |_| {
            // A stack that cannot be updated says why at once, in the engine's words.
            let why = refusal(store.world(), &stack);
            updating.set(why.is_none());
            refused.set(why);
        })
    };
    let on_cancel = {
        let updating = updating.clone();
        Callback::from(move |_| updating.set(false))
    };
    let deletable = s.status != StackStatus::DeleteComplete && s.status != StackStatus::DeleteInProgress;
    let on_confirm = {
        let (store, name) = (store.clone(), s.name.clone());
        Callback::from(move |_| {
            let request = DeleteStackRequest { stack_name: name.clone(), ..Default::default() };
            store.dispatch(Action::Call(cfn(CloudFormationRequest::DeleteStack(request))))
        })
    };
    html! {
        <section class="cfn-stack" aria-labelledby="stack-heading">
            <h3 id="stack-heading">{ format!("Stack {}", s.name) }{ " " }{ badge(&status) }</h3>
            if let Some(reason) = &s.status_reason {
                <p class="help">{ reason.clone() }</p>
            }
            if *updating {
                <UpdateStackForm stack={s.clone()} {on_cancel} />
            } else if deletable {
                <div class="button-row">
                    <button type="button" onclick={on_update}>{ "Update stack" }</button>
                </div>
                <CliLine operations={&["UpdateStack"][..]} />
            }
            <div aria-live="polite">
                if let Some(e) = &*refused {
                    <p class="error" role="alert"><code>{ e.code.clone() }</code>{ " " }{ e.message.clone() }</p>
                }
            </div>
            <div class="cfn-tabs" role="tablist" aria-label="Stack details">{ for tabs }</div>
            <div id="cfn-tab-panel" role="tabpanel" aria-labelledby={tab.id()}>
                { body }
            </div>
            if deletable {
                <section class="setting danger-zone" aria-labelledby="delete-stack-heading">
                    <h4 id="delete-stack-heading">{ "Delete stack" }</h4>
                    <p>{ "CloudFormation deletes the stack's resources in reverse order (Retain keeps one)." }</p>
                    <ConfirmButton label="Delete stack" question={format!("Delete the stack {} and its resources?", s.name)}
                                   confirm={format!("Yes, delete {}", s.name)} {on_confirm} />
                    <CliLine operations={&["DeleteStack"][..]} />
                </section>
            }
        </section>
    }
}

/// Events shown before "Show all": a big stack makes hundreds, and every row is work for the
/// browser on each clock step.
const EVENTS_SHOWN: usize = 100;

fn events(s: &Stack, all: bool, on_show_all: Callback<MouseEvent>) -> Html {
    let shown = if all { s.events.len() } else { EVENTS_SHOWN };
    let rows: Vec<Html> = s
        .events
        .iter()
        .rev()
        .take(shown)
        .map(|e| {
            html! {
                <tr key={e.event_id.clone()}>
                    <td class="nowrap">{ format_time(e.timestamp) }</td>
                    <td>{ e.logical_id.clone() }</td>
                    <td>{ badge(&e.status) }</td>
                    <td>{ e.reason.clone().unwrap_or_default() }</td>
                </tr>
            }
        })
        .collect();
    let hidden = s.events.len().saturating_sub(shown);
    html! {
        <>
            <ResourceTable caption="Events (newest first)" headers={&["Time", "Logical ID", "Status", "Status reason"][..]}
                           empty="No events yet." rows={rows} />
            if hidden > 0 {
                <p class="help">
                    { format!("The newest {shown} of {} events. ", s.events.len()) }
                    <button type="button" class="link-button" onclick={on_show_all}>{ format!("Show all {} events", s.events.len()) }</button>
                </p>
            }
        </>
    }
}

fn resources(s: &Stack) -> Html {
    let rows: Vec<Html> = s
        .resources
        .iter()
        .map(|r| {
            html! {
                <tr key={r.logical_id.clone()}>
                    <td>{ r.logical_id.clone() }</td>
                    <td><code>{ r.physical_id.clone().unwrap_or_else(|| "—".into()) }</code></td>
                    <td class="nowrap">{ r.resource_type.clone() }</td>
                    <td>{ badge(&resource_state(r)) }</td>
                    <td>{ r.reason.clone().unwrap_or_default() }</td>
                </tr>
            }
        })
        .collect();
    html! {
        <ResourceTable caption="Resources" headers={&["Logical ID", "Physical ID", "Type", "Status", "Status reason"][..]}
                       empty="This stack has no resources." rows={rows} />
    }
}

fn outputs(s: &Stack) -> Html {
    let rows: Vec<Html> = s
        .outputs
        .iter()
        .map(|o| {
            html! {
                <tr key={o.key.clone()}>
                    <td>{ o.key.clone() }</td>
                    <td><code>{ o.value.clone() }</code></td>
                    <td>{ o.description.clone().unwrap_or_default() }</td>
                    <td>{ o.export_name.clone().unwrap_or_default() }</td>
                </tr>
            }
        })
        .collect();
    let empty = if s.status.in_progress() { "Outputs appear when the stack is complete." } else { "No outputs." };
    html! {
        <ResourceTable caption="Outputs" headers={&["Key", "Value", "Description", "Export name"][..]}
                       empty={empty} rows={rows} />
    }
}
