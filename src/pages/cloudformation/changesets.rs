//! A stack's change sets (ListChangeSets) and the one that is open (DescribeChangeSet): its
//! status on the clock, what each resource change would do, with replacements called out (a
//! replaced bucket is a new, empty bucket), and Execute or Delete.

use super::stacks::badge;
use super::{cfn, cli_hint, read};
use crate::app::use_store;
use crate::components::cli_line::CliLine;
use crate::components::clock::format_time;
use crate::components::table::ResourceTable;
use crate::store::Action;
use nimbus_sim::services::cloudformation::{
    ChangeEntry, CloudFormationRequest as Cfn, CloudFormationResponse as Answer, DeleteChangeSetRequest,
    DescribeChangeSetOutput, DescribeChangeSetRequest, ExecuteChangeSetRequest, ListChangeSetsRequest,
};
use nimbus_sim::SimTime;
use yew::prelude::*;

const OPERATIONS: &[&str] = &["CreateChangeSet", "ExecuteChangeSet", "DeleteChangeSet"];

#[derive(Properties, PartialEq)]
pub struct ChangeSetsProps {
    pub stack_name: AttrValue,
    /// The id of the change set shown in full.
    pub open: Option<String>,
    pub on_open: Callback<Option<String>>,
}

#[component]
pub fn ChangeSets(props: &ChangeSetsProps) -> Html {
    let store = use_store();
    let list_request = ListChangeSetsRequest { stack_name: props.stack_name.to_string(), next_token: None };
    let describe_request = props.open.clone().map(|id| DescribeChangeSetRequest {
        change_set_name: id,
        stack_name: None,
        next_token: None,
    });
    // Change sets move with the clock (CREATE_PENDING, then CREATE_COMPLETE), so time is in the key.
    let answers = use_memo((store.save_rev, store.world().now(), list_request.clone(), describe_request.clone()), {
        let lab = store.lab.clone();
        move |(_, _, list, describe): &(u64, SimTime, ListChangeSetsRequest, Option<DescribeChangeSetRequest>)| {
            let summaries = match read(&lab.world, Cfn::ListChangeSets(list.clone())) {
                Ok(Answer::ListChangeSets(out)) => Ok(out.summaries),
                Ok(_) => Ok(Vec::new()),
                Err(e) => Err(e.message),
            };
            let open = describe.clone().and_then(|d| match read(&lab.world, Cfn::DescribeChangeSet(d)) {
                Ok(Answer::DescribeChangeSet(out)) => Some(out),
                _ => None,
            });
            (summaries, open)
        }
    });
    let (summaries, open) = &*answers;
    let rows: Vec<Html> = summaries
        .as_ref()
        .map(|list| {
            list.iter()
                .rev()
                .map(|c| {
                    let shown = props.open.as_deref() == Some(c.change_set_id.as_str());
                    let onclick = {
                        let (on_open, id) = (props.on_open.clone(), c.change_set_id.clone());
                        Callback::from(move |_| on_open.emit(if shown { None } else { Some(id.clone()) }))
                    };
                    html! {
                        <tr key={c.change_set_id.clone()} class={classes!(shown.then_some("selected"))}>
                            <td>
                                <button type="button" class="link-button" aria-pressed={shown.to_string()} {onclick}>
                                    { c.change_set_name.clone() }
                                </button>
                            </td>
                            <td>{ badge(&c.status) }</td>
                            <td><code>{ c.execution_status.clone() }</code></td>
                            <td class="nowrap">{ format_time(c.creation_time) }</td>
                            <td>{ c.status_reason.clone().or_else(|| c.description.clone()).unwrap_or_default() }</td>
                        </tr>
                    }
                })
                .collect()
        })
        .unwrap_or_default();
    let error =
        store.last_call.as_ref().filter(|c| OPERATIONS.contains(&c.operation)).and_then(|c| c.result.as_ref().err());
    html! {
        <div class="cfn-changesets">
            if let Err(message) = summaries {
                <p class="help">{ message.clone() }</p>
            }
            <ResourceTable caption="Change sets" headers={&["Name", "Status", "Execution status", "Created", "Status reason"][..]}
                           empty="No change sets. Update stack makes one: it shows what would change before anything does."
                           rows={rows} />
            { cli_hint(Cfn::ListChangeSets(list_request)) }
            if let Some(e) = error {
                <p class="error" role="alert"><code>{ e.code.clone() }</code>{ " " }{ e.message.clone() }</p>
            }
            if let Some(cs) = open {
                { change_set_view(cs, &store) }
            }
            <CliLine operations={OPERATIONS} />
        </div>
    }
}

/// One change set in full: status, the changes and what can be done with it.
fn change_set_view(cs: &DescribeChangeSetOutput, store: &crate::app::StoreHandle) -> Html {
    let call = |request: Cfn| {
        let store = store.clone();
        Callback::from(move |_| store.dispatch(Action::Call(cfn(request.clone()))))
    };
    // By name and stack, as a student would type it (the id works too, but reads worse).
    let (name, stack) = (cs.change_set_name.clone(), Some(cs.stack_name.clone()));
    let on_execute = call(Cfn::ExecuteChangeSet(ExecuteChangeSetRequest {
        change_set_name: name.clone(),
        stack_name: stack.clone(),
    }));
    let on_delete = call(Cfn::DeleteChangeSet(DeleteChangeSetRequest { change_set_name: name, stack_name: stack }));
    let computing = matches!(cs.status.as_str(), "CREATE_PENDING" | "CREATE_IN_PROGRESS");
    let executable = cs.execution_status == "AVAILABLE";
    html! {
        <section class="cfn-changeset" aria-labelledby="changeset-heading">
            <h4 id="changeset-heading">{ format!("Change set {}", cs.change_set_name) }{ " " }{ badge(&cs.status) }</h4>
            <div aria-live="polite">
                <p class="help">
                    { format!("Execution status {}. ", cs.execution_status) }
                    if computing {
                        { "CloudFormation is working out the changes: move the clock a few seconds." }
                    }
                </p>
                if let Some(reason) = &cs.status_reason {
                    <p class="cfn-reason">{ reason.clone() }</p>
                }
                if cs.status == "CREATE_COMPLETE" {
                    <ChangeTable changes={cs.changes.clone()} />
                }
            </div>
            <div class="button-row">
                <button type="button" class="primary" disabled={!executable} onclick={on_execute}>{ "Execute change set" }</button>
                <button type="button" onclick={on_delete}>{ "Delete change set" }</button>
            </div>
            { cli_hint(Cfn::DescribeChangeSet(DescribeChangeSetRequest {
                change_set_name: cs.change_set_name.clone(),
                stack_name: Some(cs.stack_name.clone()),
                next_token: None,
            })) }
        </section>
    }
}

#[derive(Properties, PartialEq)]
pub struct ChangeTableProps {
    pub changes: Vec<ChangeEntry>,
}

/// The changes as the console lists them, with Replacement moved next to the logical id so a
/// phone shows it without scrolling. Replacement True rows are marked and summed up above the
/// table: the new resource gets a new physical id and the old one is deleted.
#[component]
pub fn ChangeTable(props: &ChangeTableProps) -> Html {
    let replaced: Vec<Html> = props
        .changes
        .iter()
        .map(|c| &c.resource_change)
        .filter(|c| matches!(c.replacement.as_deref(), Some("True" | "Conditional")))
        .map(|c| {
            let old = c.physical_resource_id.clone().unwrap_or_else(|| "—".into());
            let verb = if c.replacement.as_deref() == Some("True") { "will be replaced" } else { "may be replaced" };
            html! {
                <li key={c.logical_resource_id.clone()}>
                    <strong>{ format!("{} ({}) {verb}", c.logical_resource_id, c.resource_type) }</strong>
                    { ": a new one is created, then the old one, " }<code>{ old }</code>{ ", is deleted." }
                </li>
            }
        })
        .collect();
    let rows: Vec<Html> = props
        .changes
        .iter()
        .map(|c| {
            let c = &c.resource_change;
            let replacement = c.replacement.clone().unwrap_or_default();
            let details = c.details.iter().map(|d| {
                let target = match &d.target.name {
                    Some(name) => format!("{}.{name}", d.target.attribute),
                    None => d.target.attribute.clone(),
                };
                let cause = d.causing_entity.as_ref().map(|e| format!(", from {e}")).unwrap_or_default();
                html! {
                    <li><code>{ target }</code>{ format!(" recreation {}; {}{cause}", d.target.requires_recreation, d.change_source) }</li>
                }
            });
            html! {
                <tr key={c.logical_resource_id.clone()} class={classes!(format!("replace-{}", replacement.to_lowercase()))}>
                    <td><span class={classes!("cfn-action", format!("action-{}", c.action.to_lowercase()))}>{ c.action.clone() }</span></td>
                    <td>{ c.logical_resource_id.clone() }</td>
                    <td class="cfn-replacement">{ if replacement.is_empty() { "—".to_string() } else { replacement } }</td>
                    <td><code>{ c.resource_type.clone() }</code></td>
                    <td><code>{ c.physical_resource_id.clone().unwrap_or_else(|| "—".into()) }</code></td>
                    <td>{ c.scope.join(", ") }</td>
                    <td><ul class="cfn-change-details">{ for details }</ul></td>
                </tr>
            }
        })
        .collect();
    html! {
        <>
            if !replaced.is_empty() {
                <div class="cfn-replace-warning" role="note" aria-label="Replacements">
                    <p><strong>{ "Replacement: " }</strong>{ "these resources get a new physical resource. What the old one holds (a bucket's objects, for example) does not move across." }</p>
                    <ul>{ for replaced }</ul>
                </div>
            }
            <ResourceTable caption="Changes"
                           headers={&["Action", "Logical ID", "Replacement", "Resource type", "Physical ID", "Scope", "Details"][..]}
                           empty="No resource changes." rows={rows} />
        </>
    }
}
