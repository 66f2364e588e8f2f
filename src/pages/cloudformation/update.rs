//! Update stack, as the console does it: the current template (GetTemplate) to keep or edit,
//! the parameters (each can keep its existing value), capabilities, then Create change set,
//! so the student sees what would change before executing it — or Update now, a direct
//! UpdateStack that starts at once (what `aws cloudformation update-stack` does).

use super::create::{choices, initial_value, CAPABILITIES};
use super::{cfn, cli_hint, read};
use crate::app::use_store;
use crate::store::Action;
use nimbus_sim::services::cloudformation::model::Stack;
use nimbus_sim::services::cloudformation::template::{self, ParamDef};
use nimbus_sim::services::cloudformation::{
    CloudFormationRequest as Cfn, CloudFormationResponse as Answer, CreateChangeSetRequest, GetTemplateRequest,
    Parameter, UpdateStackRequest,
};
use nimbus_sim::{ApiError, World};
use std::collections::{BTreeMap, BTreeSet};
use web_sys::{HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

fn get_template_request(stack: &Stack) -> GetTemplateRequest {
    GetTemplateRequest { stack_name: Some(stack.name.clone()), template_stage: None }
}

/// The stack's template as GetTemplate returns it.
pub fn current_template(world: &World, stack: &Stack) -> String {
    match read(world, Cfn::GetTemplate(get_template_request(stack))) {
        Ok(Answer::GetTemplate(out)) => out.template_body,
        _ => stack.template_body.clone(),
    }
}

/// A change set name not yet used by this stack: `<stack>-update-<n>`.
pub fn fresh_change_set_name(world: &World, stack: &Stack) -> String {
    let taken: BTreeSet<&str> =
        world.cloudformation.change_sets.values().filter(|c| c.stack_id == stack.id).map(|c| c.name.as_str()).collect();
    (1..).map(|n| format!("{}-update-{n}", stack.name)).find(|n| !taken.contains(n.as_str())).expect("a free name")
}

/// Why this stack cannot be updated now, in the engine's words: a CreateChangeSet that keeps
/// everything, tried on a copy of the World. `None` when an update can be prepared.
pub fn refusal(world: &World, stack: &Stack) -> Option<ApiError> {
    let request = CreateChangeSetRequest {
        stack_name: stack.name.clone(),
        change_set_name: fresh_change_set_name(world, stack),
        use_previous_template: Some(true),
        parameters: stack.parameters.iter().map(|(k, _)| keep_previous(k)).collect(),
        capabilities: stack.capabilities.clone(),
        ..Default::default()
    };
    read(world, Cfn::CreateChangeSet(request)).err()
}

fn keep_previous(key: &str) -> Parameter {
    Parameter { parameter_key: key.into(), parameter_value: None, use_previous_value: Some(true), resolved_value: None }
}

/// What the form sends: the template (or UsePreviousTemplate) and each parameter, with
/// UsePreviousValue for those that keep their existing value.
pub fn change_set_request(
    stack: &Stack,
    name: &str,
    body: Option<&str>,
    params: &[ParamDef],
    values: &BTreeMap<String, String>,
    keep: &BTreeSet<String>,
    capabilities: &[String],
) -> CreateChangeSetRequest {
    let parameters = params
        .iter()
        .map(|p| match values.get(&p.name) {
            Some(v) if !keep.contains(&p.name) => Parameter::new(&p.name, v),
            _ => keep_previous(&p.name),
        })
        .collect();
    CreateChangeSetRequest {
        stack_name: stack.name.clone(),
        change_set_name: name.trim().to_string(),
        template_body: body.map(str::to_string),
        use_previous_template: body.is_none().then_some(true),
        parameters,
        capabilities: capabilities.to_vec(),
        ..Default::default()
    }
}

/// The same update as a direct UpdateStack, with no change set to review.
pub fn direct_update_request(change_set: &CreateChangeSetRequest) -> UpdateStackRequest {
    UpdateStackRequest {
        stack_name: change_set.stack_name.clone(),
        template_body: change_set.template_body.clone(),
        template_url: change_set.template_url.clone(),
        use_previous_template: change_set.use_previous_template,
        parameters: change_set.parameters.clone(),
        capabilities: change_set.capabilities.clone(),
    }
}

#[derive(Properties, PartialEq)]
pub struct UpdateStackFormProps {
    pub stack: Stack,
    pub on_cancel: Callback<()>,
}

#[component]
pub fn UpdateStackForm(props: &UpdateStackFormProps) -> Html {
    let store = use_store();
    let stack = &props.stack;
    let edit = use_state(|| false);
    let body = use_state(|| current_template(store.world(), stack));
    let name = use_state(|| fresh_change_set_name(store.world(), stack));
    let caps = use_state(|| stack.capabilities.clone());
    let existing: BTreeMap<String, String> = stack.parameters.iter().cloned().collect();
    // Every parameter the stack already has keeps its value until the student unticks it.
    let keep = use_state(|| existing.keys().cloned().collect::<BTreeSet<String>>());
    let values = use_state(|| existing.clone());
    let parsed = template::read(if *edit { body.as_str() } else { stack.template_body.as_str() });
    let params: Vec<ParamDef> = parsed.as_ref().map(|t| t.parameters.clone()).unwrap_or_default();

    let build = {
        let (store, stack, name, body, edit, caps, keep, values, params) = (
            store.clone(),
            stack.clone(),
            name.clone(),
            body.clone(),
            edit.clone(),
            caps.clone(),
            keep.clone(),
            values.clone(),
            params.clone(),
        );
        std::rc::Rc::new(move || {
            let world = store.world();
            // A parameter new to the template starts from its default, as on Create.
            let mut values = (*values).clone();
            for p in &params {
                values.entry(p.name.clone()).or_insert_with(|| initial_value(p, world));
            }
            let keep: BTreeSet<String> = keep.iter().filter(|k| existing_has(&stack, k)).cloned().collect();
            let body = edit.then(|| body.to_string());
            change_set_request(&stack, &name, body.as_deref(), &params, &values, &keep, &caps)
        })
    };
    let onsubmit = {
        let (store, build) = (store.clone(), build.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            store.dispatch(Action::Call(cfn(Cfn::CreateChangeSet(build()))));
        })
    };
    let update_now = {
        let store = store.clone();
        Callback::from(move |_: MouseEvent| {
            store.dispatch(Action::Call(cfn(Cfn::UpdateStack(direct_update_request(&build())))));
        })
    };
    let error = store
        .last_call
        .as_ref()
        .filter(|c| c.operation == "CreateChangeSet" || c.operation == "UpdateStack")
        .and_then(|c| c.result.as_ref().err());
    let world = store.world();
    let source = |editing: bool, label: &'static str| {
        let onchange = {
            let edit = edit.clone();
            Callback::from(move |_| edit.set(editing))
        };
        html! { <label class="check"><input type="radio" name="template-source" checked={*edit == editing} {onchange} />{ label }</label> }
    };
    html! {
        <form class="console-form cfn-update" aria-labelledby="update-stack-heading" {onsubmit}>
            <h4 id="update-stack-heading">{ format!("Update stack {}", stack.name) }</h4>
            <p class="help">{ "Create change set first: CloudFormation lists what would be added, modified, \
                               replaced or removed, and nothing changes until you execute it. Update now starts \
                               the same update at once, with no review." }</p>
            <fieldset class="field cfn-source">
                <legend>{ "Template" }</legend>
                { source(false, "Use current template") }
                { source(true, "Edit the current template") }
            </fieldset>
            if *edit {
                <div class="field">
                    <label for="update-template-body">{ "New template (YAML or JSON)" }</label>
                    <textarea id="update-template-body" class="cfn-update-body" spellcheck="false" autocomplete="off" wrap="off"
                              rows={(body.lines().count() + 1).clamp(8, 30).to_string()} value={(*body).clone()} oninput={{
                        let body = body.clone();
                        Callback::from(move |e: InputEvent| body.set(e.target_unchecked_into::<HtmlTextAreaElement>().value()))
                    }} />
                    if let Err(e) = &parsed {
                        <p class="help warn">{ format!("The template does not read yet: {}", e.message) }</p>
                    }
                </div>
            }
            { cli_hint(Cfn::GetTemplate(get_template_request(stack))) }
            { for params.iter().map(|p| param_field(p, world, &existing, &keep, &values)) }
            <fieldset class="field cfn-caps">
                <legend>{ "Capabilities" }</legend>
                { for CAPABILITIES.iter().map(|c| {
                    let checked = caps.contains(&c.to_string());
                    let onchange = {
                        let caps = caps.clone();
                        Callback::from(move |_| {
                            let mut v = (*caps).clone();
                            if checked { v.retain(|x| x != c) } else { v.push(c.to_string()) }
                            caps.set(v);
                        })
                    };
                    html! { <label class="check"><input type="checkbox" {checked} {onchange} />{ *c }</label> }
                }) }
            </fieldset>
            <div class="field">
                <label for="change-set-name">{ "Change set name" }</label>
                <input id="change-set-name" type="text" value={(*name).clone()} autocomplete="off" spellcheck="false" oninput={{
                    let name = name.clone();
                    Callback::from(move |e: InputEvent| name.set(e.target_unchecked_into::<HtmlInputElement>().value()))
                }} />
            </div>
            <div class="button-row">
                <button type="submit" class="primary">{ "Create change set" }</button>
                <button type="button" class="cfn-update-now" onclick={update_now}>{ "Update now" }</button>
                <button type="button" onclick={props.on_cancel.reform(|_| ())}>{ "Cancel" }</button>
            </div>
            <div aria-live="polite">
                if let Some(e) = error {
                    <p class="error" role="alert"><code>{ e.code.clone() }</code>{ " " }{ e.message.clone() }</p>
                }
            </div>
        </form>
    }
}

fn existing_has(stack: &Stack, key: &str) -> bool {
    stack.parameters.iter().any(|(k, _)| k == key)
}

/// One parameter: "Use existing value" when the stack has it, else (or when unticked) a field.
fn param_field(
    p: &ParamDef,
    world: &World,
    existing: &BTreeMap<String, String>,
    keep: &UseStateHandle<BTreeSet<String>>,
    values: &UseStateHandle<BTreeMap<String, String>>,
) -> Html {
    let id = format!("update-param-{}", p.name);
    let old = existing.get(&p.name);
    let keeping = old.is_some() && keep.contains(&p.name);
    let current = values.get(&p.name).cloned().unwrap_or_else(|| initial_value(p, world));
    let set = {
        let (values, key) = (values.clone(), p.name.clone());
        move |v: String| {
            let mut m = (*values).clone();
            m.insert(key.clone(), v);
            values.set(m);
        }
    };
    let input = match choices(p, world) {
        Some(options) if !options.is_empty() => {
            let onchange = Callback::from(move |e: Event| set(e.target_unchecked_into::<HtmlSelectElement>().value()));
            html! {
                <select id={id.clone()} disabled={keeping} {onchange}>
                    { for options.iter().map(|o| html! { <option value={o.clone()} selected={*o == current}>{ o.clone() }</option> }) }
                </select>
            }
        }
        _ => {
            let oninput =
                Callback::from(move |e: InputEvent| set(e.target_unchecked_into::<HtmlInputElement>().value()));
            let kind = if p.no_echo { "password" } else { "text" };
            html! { <input id={id.clone()} type={kind} value={current} disabled={keeping} {oninput} autocomplete="off" spellcheck="false" /> }
        }
    };
    let toggle = {
        let (keep, key) = (keep.clone(), p.name.clone());
        Callback::from(move |_| {
            let mut k = (*keep).clone();
            if !k.remove(&key) {
                k.insert(key.clone());
            }
            keep.set(k);
        })
    };
    let shown = |v: &String| if p.no_echo { "****".to_string() } else { v.clone() };
    html! {
        <div class="field" key={p.name.clone()}>
            <label for={id.clone()}>{ format!("Parameter {}", p.name) }</label>
            { input }
            if let Some(old) = old {
                <label class="check">
                    <input type="checkbox" checked={keeping} onchange={toggle} />
                    { "Use existing value " }<code>{ shown(old) }</code>
                </label>
            } else {
                <p class="help">{ "New in this template." }</p>
            }
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pages::cloudformation::samples;
    use nimbus_sim::services::cloudformation::CreateStackRequest;

    fn website() -> (World, Stack) {
        let mut world = World::new(7);
        let body = samples::find("bucket").unwrap().body;
        let request =
            CreateStackRequest { stack_name: "website".into(), template_body: Some(body.into()), ..Default::default() };
        world.call(cfn(Cfn::CreateStack(request))).unwrap();
        let stack = world.cloudformation.find("website", "us-east-1").unwrap().clone();
        (world, stack)
    }

    #[test]
    fn a_kept_parameter_uses_its_previous_value_and_an_edited_one_is_sent() {
        let (world, stack) = website();
        let params = template::read(&stack.template_body).unwrap().parameters;
        let values = BTreeMap::from([("IndexDocument".to_string(), "home.html".to_string())]);
        let keep = BTreeSet::from(["IndexDocument".to_string()]);
        let kept = change_set_request(&stack, "a", None, &params, &values, &keep, &[]);
        assert_eq!(kept.use_previous_template, Some(true));
        assert_eq!(
            (kept.parameters[0].use_previous_value, kept.parameters[0].parameter_value.clone()),
            (Some(true), None)
        );
        let edited = change_set_request(&stack, "b", Some("body"), &params, &values, &BTreeSet::new(), &[]);
        assert_eq!(edited.template_body.as_deref(), Some("body"));
        assert_eq!(edited.parameters[0].parameter_value.as_deref(), Some("home.html"));
        assert_eq!(fresh_change_set_name(&world, &stack), "website-update-1");
        let direct = direct_update_request(&edited);
        assert_eq!(
            (direct.stack_name.as_str(), direct.template_body.as_deref(), direct.parameters.clone()),
            ("website", Some("body"), edited.parameters.clone())
        );
    }

    #[test]
    fn a_stack_still_creating_cannot_be_updated_and_the_engine_says_why() {
        let (world, stack) = website();
        let e = refusal(&world, &stack).expect("CREATE_IN_PROGRESS refuses updates");
        assert!(e.message.contains("is in CREATE_IN_PROGRESS state and can not be updated."), "{}", e.message);
    }
}
