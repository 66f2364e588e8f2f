//! The Create stack form: a name, the template's parameters (a select where the template lists
//! AllowedValues or the value must be an existing key pair), capabilities, what to do on failure
//! and tags. It sends CreateStack through the store and shows the engine's error text; or
//! CreateChangeSet of type CREATE, which makes the stack in REVIEW_IN_PROGRESS with a change set
//! listing every resource it would add, to execute from the Change sets tab.

use super::cfn;
use crate::app::use_store;
use crate::components::cli_line::CliLine;
use crate::store::Action;
use nimbus_sim::services::cloudformation::template::{self, ParamDef};
use nimbus_sim::services::cloudformation::{
    CloudFormationRequest, CreateChangeSetRequest, CreateStackRequest, Parameter, Tag,
};
use nimbus_sim::World;
use std::collections::BTreeMap;
use web_sys::{HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

pub const CAPABILITIES: &[&str] = &["CAPABILITY_IAM", "CAPABILITY_NAMED_IAM", "CAPABILITY_AUTO_EXPAND"];
pub const ON_FAILURE: &[&str] = &["ROLLBACK", "DO_NOTHING", "DELETE"];

/// The key pairs of the lab's region, for `AWS::EC2::KeyPair::KeyName` parameters.
pub fn key_names(world: &World) -> Vec<String> {
    world.ec2.key_pairs.values().filter(|k| k.region == world.default_region).map(|k| k.key_name.clone()).collect()
}

/// The choices a parameter offers as a select, if it is one.
pub fn choices(p: &ParamDef, world: &World) -> Option<Vec<String>> {
    if !p.allowed_values.is_empty() {
        return Some(p.allowed_values.clone());
    }
    (p.aws_type.as_deref() == Some("AWS::EC2::KeyPair::KeyName")).then(|| key_names(world))
}

/// What the form starts with for each parameter: its default, or the first choice.
pub fn initial_value(p: &ParamDef, world: &World) -> String {
    p.default.clone().or_else(|| choices(p, world).and_then(|c| c.first().cloned())).unwrap_or_default()
}

/// The parameters a stack gets when every field keeps its initial value.
pub fn default_parameters(body: &str, world: &World) -> Vec<Parameter> {
    let Ok(t) = template::read(body) else { return Vec::new() };
    t.parameters.iter().map(|p| Parameter::new(&p.name, &initial_value(p, world))).collect()
}

/// `key=value` lines as tags; blank lines are skipped, a line without `=` is a key with an empty value.
pub fn parse_tags(text: &str) -> Vec<Tag> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|l| {
            let (k, v) = l.split_once('=').unwrap_or((l, ""));
            Tag { key: k.trim().into(), value: v.trim().into() }
        })
        .collect()
}

#[derive(Properties, PartialEq)]
pub struct CreateStackFormProps {
    pub body: AttrValue,
    pub suggested_name: AttrValue,
}

/// The same stack as a CREATE change set, to review before anything is made. CreateChangeSet
/// has no OnFailure: the stack rolls back on failure, as by default.
pub fn create_change_set_request(r: &CreateStackRequest) -> CreateChangeSetRequest {
    CreateChangeSetRequest {
        stack_name: r.stack_name.clone(),
        change_set_name: format!("{}-create", r.stack_name),
        template_body: r.template_body.clone(),
        parameters: r.parameters.clone(),
        capabilities: r.capabilities.clone(),
        change_set_type: Some("CREATE".into()),
        tags: r.tags.clone(),
        ..Default::default()
    }
}

#[component]
pub fn CreateStackForm(props: &CreateStackFormProps) -> Html {
    let store = use_store();
    let name = use_state(|| props.suggested_name.to_string());
    {
        let name = name.clone();
        use_effect_with(props.suggested_name.clone(), move |s| name.set(s.to_string()));
    }
    let values = use_state(BTreeMap::<String, String>::new);
    let caps = use_state(Vec::<String>::new);
    let on_failure = use_state(|| "ROLLBACK".to_string());
    let tags = use_state(String::new);
    let parsed = template::read(&props.body);
    let params: Vec<ParamDef> = parsed.as_ref().map(|t| t.parameters.clone()).unwrap_or_default();
    let needed = parsed.as_ref().ok().map(|t| nimbus_sim::services::cloudformation::required_capabilities(t).0);

    let build = {
        let (store, name, values, caps, on_failure, tags, body) = (
            store.clone(),
            name.clone(),
            values.clone(),
            caps.clone(),
            on_failure.clone(),
            tags.clone(),
            props.body.clone(),
        );
        let params = params.clone();
        std::rc::Rc::new(move || {
            let world = store.world();
            let parameters = params
                .iter()
                .map(|p| {
                    let v = values.get(&p.name).cloned().unwrap_or_else(|| initial_value(p, world));
                    Parameter::new(&p.name, &v)
                })
                .collect();
            CreateStackRequest {
                stack_name: name.trim().to_string(),
                template_body: Some(body.to_string()),
                parameters,
                capabilities: (*caps).clone(),
                on_failure: Some((*on_failure).clone()),
                tags: parse_tags(&tags),
                ..Default::default()
            }
        })
    };
    let onsubmit = {
        let (store, build) = (store.clone(), build.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            store.dispatch(Action::Call(cfn(CloudFormationRequest::CreateStack(build()))));
        })
    };
    let review = {
        let store = store.clone();
        Callback::from(move |_: MouseEvent| {
            let request = create_change_set_request(&build());
            store.dispatch(Action::Call(cfn(CloudFormationRequest::CreateChangeSet(request))));
        })
    };
    let on_name = {
        let name = name.clone();
        Callback::from(move |e: InputEvent| name.set(e.target_unchecked_into::<HtmlInputElement>().value()))
    };
    let error = store
        .last_call
        .as_ref()
        .filter(|c| c.operation == "CreateStack" || c.operation == "CreateChangeSet")
        .and_then(|c| c.result.as_ref().err());
    let world = store.world();
    html! {
        <form class="console-form cfn-create" aria-labelledby="create-stack-heading" {onsubmit}>
            <h3 id="create-stack-heading">{ "Create stack" }</h3>
            <div class="fields">
                <div class="field">
                    <label for="stack-name">{ "Stack name" }</label>
                    <input id="stack-name" type="text" value={(*name).clone()} oninput={on_name}
                           autocomplete="off" spellcheck="false" />
                </div>
                if params.is_empty() {
                    <p class="help">{ match &parsed {
                        Ok(_) => "This template has no parameters.".to_string(),
                        Err(_) => "The template does not read yet; Validate shows where.".to_string(),
                    } }</p>
                }
                { for params.iter().map(|p| {
                    let id = format!("param-{}", p.name);
                    let current = values.get(&p.name).cloned().unwrap_or_else(|| initial_value(p, world));
                    let set = {
                        let (values, key) = (values.clone(), p.name.clone());
                        move |v: String| { let mut m = (*values).clone(); m.insert(key.clone(), v); values.set(m); }
                    };
                    let help = p.description.clone().or_else(|| p.aws_type.clone());
                    let input = match choices(p, world) {
                        Some(options) if !options.is_empty() => {
                            let onchange = Callback::from(move |e: Event| set(e.target_unchecked_into::<HtmlSelectElement>().value()));
                            html! {
                                <select id={id.clone()} {onchange}>
                                    { for options.iter().map(|o| html! { <option value={o.clone()} selected={*o == current}>{ o.clone() }</option> }) }
                                </select>
                            }
                        }
                        _ => {
                            let oninput = Callback::from(move |e: InputEvent| set(e.target_unchecked_into::<HtmlInputElement>().value()));
                            let kind = if p.no_echo { "password" } else { "text" };
                            html! { <input id={id.clone()} type={kind} value={current.clone()} {oninput} autocomplete="off" spellcheck="false" /> }
                        }
                    };
                    let no_keys = p.aws_type.as_deref() == Some("AWS::EC2::KeyPair::KeyName") && key_names(world).is_empty();
                    html! {
                        <div class="field" key={p.name.clone()}>
                            <label for={id.clone()}>{ format!("Parameter {}", p.name) }</label>
                            { input }
                            if let Some(h) = help { <p class="help">{ h }</p> }
                            if no_keys {
                                <p class="help warn">{ "No key pair in this region yet: create one (the button below, or aws ec2 create-key-pair) before creating the stack." }</p>
                            }
                        </div>
                    }
                }) }
                <fieldset class="field cfn-caps">
                    <legend>{ "Capabilities" }</legend>
                    if let Some(needed) = needed.filter(|n| !n.is_empty()) {
                        <p class="help">{ format!("This template creates IAM resources: acknowledge {}.", needed.join(" or ")) }</p>
                    }
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
                    <label for="on-failure">{ "On failure" }</label>
                    <select id="on-failure" onchange={{
                        let on_failure = on_failure.clone();
                        Callback::from(move |e: Event| on_failure.set(e.target_unchecked_into::<HtmlSelectElement>().value()))
                    }}>
                        { for ON_FAILURE.iter().map(|o| html! { <option value={*o} selected={*on_failure == *o}>{ *o }</option> }) }
                    </select>
                    <p class="help">{ "ROLLBACK deletes what was made; DO_NOTHING leaves it for you to look at; DELETE removes the stack too." }</p>
                </div>
                <div class="field">
                    <label for="stack-tags">{ "Tags (one key=value per line, optional)" }</label>
                    <textarea id="stack-tags" rows="2" value={(*tags).clone()} oninput={{
                        let tags = tags.clone();
                        Callback::from(move |e: InputEvent| tags.set(e.target_unchecked_into::<HtmlTextAreaElement>().value()))
                    }} />
                </div>
            </div>
            <button type="submit" class="primary">{ "Create stack" }</button>
            { " " }
            <button type="button" class="cfn-create-change-set" onclick={review}
                    title="Make the stack in REVIEW_IN_PROGRESS with a change set to review; nothing is created until you execute it">
                { "Create change set" }
            </button>
            if params.iter().any(|p| p.aws_type.as_deref() == Some("AWS::EC2::KeyPair::KeyName")) {
                { " " }
                <KeyPairButton />
            }
            if let Some(e) = error {
                <p class="error" role="alert"><code>{ e.code.clone() }</code>{ " " }{ e.message.clone() }</p>
            }
            <CliLine operations={&["CreateStack"][..]} />
        </form>
    }
}

/// Creates a key pair for templates that ask for one (EC2 CreateKeyPair through the store).
#[component]
fn KeyPairButton() -> Html {
    let store = use_store();
    let onclick = {
        let store = store.clone();
        Callback::from(move |_| {
            let n = key_names(store.world()).len() + 1;
            let request = nimbus_sim::services::ec2::CreateKeyPairRequest {
                key_name: format!("lab-key-{n}"),
                ..Default::default()
            };
            store.dispatch(Action::Call(nimbus_sim::Request::Ec2(
                nimbus_sim::services::ec2::Ec2Request::CreateKeyPair(request),
            )));
        })
    };
    html! { <button type="button" {onclick}>{ "Create a key pair" }</button> }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_read_one_per_line() {
        let tags = parse_tags("team=blue\n\n owner = me \nsolo");
        let pairs: Vec<(&str, &str)> = tags.iter().map(|t| (t.key.as_str(), t.value.as_str())).collect();
        assert_eq!(pairs, vec![("team", "blue"), ("owner", "me"), ("solo", "")]);
    }

    #[test]
    fn a_create_change_set_carries_the_form_and_makes_a_stack_to_review() {
        let stack = CreateStackRequest {
            stack_name: "site".into(),
            template_body: Some("Resources:\n  B: {Type: AWS::S3::Bucket}\n".into()),
            tags: parse_tags("team=blue"),
            ..Default::default()
        };
        let request = create_change_set_request(&stack);
        assert_eq!(
            (request.change_set_name.as_str(), request.change_set_type.as_deref(), request.tags.len()),
            ("site-create", Some("CREATE"), 1)
        );
        let mut world = World::new(3);
        world.call(cfn(CloudFormationRequest::CreateChangeSet(request))).unwrap();
        let s = world.cloudformation.find("site", "us-east-1").unwrap();
        assert_eq!(s.status.as_str(), "REVIEW_IN_PROGRESS");
    }
}
