//! The template editor: a textarea with line numbers, the sample gallery, and Validate, which
//! calls ValidateTemplate through the store and shows the engine's answer, pointing at the line
//! and column its error names.

use super::cfn;
use super::samples::SAMPLES;
use crate::app::use_store;
use crate::components::cli_line::CliLine;
use crate::store::{Action, Store};
use nimbus_sim::services::cloudformation::{CloudFormationRequest, CloudFormationResponse, ValidateTemplateRequest};
use nimbus_sim::Response;
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

/// `(line, column)` from an engine error text: `(line 3, column 10)` or `at line 3, column 10`.
pub fn error_place(text: &str) -> Option<(u32, u32)> {
    let at = text.find("line ")?;
    let rest = &text[at + 5..];
    let line: String = rest.chars().take_while(|c| c.is_ascii_digit()).collect();
    let line = line.parse().ok()?;
    let col = rest.find("column ").and_then(|c| {
        let digits: String = rest[c + 7..].chars().take_while(|c| c.is_ascii_digit()).collect();
        digits.parse().ok()
    });
    Some((line, col.unwrap_or(1)))
}

/// What the last Validate said, for the editor.
#[derive(Clone, Debug, PartialEq)]
pub enum Verdict {
    Valid { parameters: usize, capabilities: Vec<String>, description: Option<String> },
    Invalid { code: String, message: String, place: Option<(u32, u32)> },
}

/// The verdict of the last console call when it was ValidateTemplate. The place comes from the
/// error text, or from the trail's explanation of that call (which names it for every error).
pub fn last_verdict(store: &Store) -> Option<Verdict> {
    let call = store.last_call.as_ref().filter(|c| c.operation == "ValidateTemplate")?;
    Some(match &call.result {
        Ok(Response::CloudFormation(CloudFormationResponse::ValidateTemplate(out))) => Verdict::Valid {
            parameters: out.parameters.len(),
            capabilities: out.capabilities.clone(),
            description: out.description.clone(),
        },
        Ok(_) => return None,
        Err(e) => {
            let why = store
                .world()
                .trail()
                .events()
                .iter()
                .rev()
                .find(|t| t.operation == "ValidateTemplate")
                .map(|t| t.why.clone())
                .unwrap_or_default();
            Verdict::Invalid {
                code: e.code.clone(),
                message: e.message.clone(),
                place: error_place(&e.message).or_else(|| error_place(&why)),
            }
        }
    })
}

#[derive(Properties, PartialEq)]
pub struct TemplateEditorProps {
    pub body: AttrValue,
    pub on_change: Callback<String>,
    /// The sample the body came from, if any (marked in the gallery).
    pub sample: Option<&'static str>,
    pub on_sample: Callback<&'static str>,
}

#[component]
pub fn TemplateEditor(props: &TemplateEditorProps) -> Html {
    let store = use_store();
    let verdict = last_verdict(&store);
    let oninput = {
        let on_change = props.on_change.clone();
        Callback::from(move |e: InputEvent| {
            let area: HtmlTextAreaElement = e.target_unchecked_into();
            on_change.emit(area.value());
        })
    };
    let validate = {
        let (store, body) = (store.clone(), props.body.clone());
        Callback::from(move |_| {
            let request = ValidateTemplateRequest { template_body: Some(body.to_string()), template_url: None };
            store.dispatch(Action::Call(cfn(CloudFormationRequest::ValidateTemplate(request))));
        })
    };
    let bad_line = match &verdict {
        Some(Verdict::Invalid { place: Some((line, _)), .. }) => Some(*line),
        _ => None,
    };
    let lines = props.body.lines().count().max(1) + usize::from(props.body.ends_with('\n'));
    let gutter: Html = (1..=lines)
        .map(|n| {
            let bad = bad_line == Some(n as u32);
            html! { <span class={classes!(bad.then_some("bad"))}>{ n }</span> }
        })
        .collect();
    html! {
        <section class="cfn-editor" aria-labelledby="template-heading">
            <h3 id="template-heading">{ "Template" }</h3>
            <div class="cfn-gallery" role="group" aria-label="Sample templates">
                <p class="help">{ "Start from a sample (every one uses resource types Nimbus Lab creates):" }</p>
                <ul>
                    { for SAMPLES.iter().map(|s| {
                        let chosen = props.sample == Some(s.id);
                        let onclick = { let (cb, id) = (props.on_sample.clone(), s.id); Callback::from(move |_| cb.emit(id)) };
                        html! {
                            <li key={s.id}>
                                <button type="button" class={classes!("cfn-sample", chosen.then_some("chosen"))}
                                        aria-pressed={chosen.to_string()} {onclick}>
                                    <strong>{ s.title }</strong>
                                    <span>{ s.blurb }</span>
                                </button>
                            </li>
                        }
                    }) }
                </ul>
            </div>
            <div class="cfn-code">
                <pre class="cfn-gutter" aria-hidden="true">{ gutter }</pre>
                <textarea id="template-body" aria-label="Template body (YAML or JSON)" spellcheck="false"
                          autocomplete="off" wrap="off" rows={(lines + 1).max(12).to_string()}
                          aria-invalid={bad_line.is_some().to_string()} aria-describedby="template-verdict"
                          value={props.body.clone()} {oninput} />
            </div>
            <div class="button-row">
                <button type="button" class="primary" onclick={validate}>{ "Validate template" }</button>
            </div>
            <div id="template-verdict" class="cfn-verdict" aria-live="polite">
                { match verdict {
                    Some(Verdict::Valid { parameters, capabilities, description }) => html! {
                        <p class="ok">
                            <strong>{ "Template is valid." }</strong>
                            { format!(" {parameters} parameter(s)") }
                            { description.map(|d| format!("; {d}")).unwrap_or_default() }
                            if !capabilities.is_empty() {
                                { format!(" Creating it needs {}.", capabilities.join(", ")) }
                            }
                        </p>
                    },
                    Some(Verdict::Invalid { code, message, place }) => html! {
                        <p class="error" role="alert">
                            if let Some((line, col)) = place {
                                <strong class="cfn-place">{ format!("Line {line}, column {col}: ") }</strong>
                            }
                            <code>{ code }</code>{ " " }{ message }
                        </p>
                    },
                    None => html! {},
                } }
            </div>
            <CliLine operations={&["ValidateTemplate"][..]} />
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_are_read_from_both_wordings() {
        assert_eq!(error_place("JSON not well-formed. (line 3, column 10)"), Some((3, 10)));
        assert_eq!(error_place("Unresolved resource dependencies [X] (at line 7, column 15)"), Some((7, 15)));
        assert_eq!(error_place("no place here"), None);
    }
}
