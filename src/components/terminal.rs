//! The terminal: AWS CLI lines against the same World the console uses. Up/Down walk the
//! history, Tab completes, `clear` empties the screen. Output is a live log for screen readers.

use crate::app::use_store;
use crate::store::{Action, TranscriptEntry};
use nimbus_sim::cli;
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// The longest common start of every candidate (what Tab can fill in without guessing).
pub fn common_prefix(candidates: &[String]) -> String {
    let Some(first) = candidates.first() else { return String::new() };
    let mut end = first.len();
    for c in &candidates[1..] {
        end = end.min(first.bytes().zip(c.bytes()).take_while(|(a, b)| a == b).count());
    }
    while !first.is_char_boundary(end) {
        end -= 1;
    }
    first[..end].to_string()
}

/// Where Up/Down lead from `position` (None = the line being typed) through `history`.
pub fn walk_history(history_len: usize, position: Option<usize>, up: bool) -> Option<usize> {
    match (position, up) {
        (_, _) if history_len == 0 => None,
        (None, true) => Some(history_len - 1),
        (Some(0), true) => Some(0),
        (Some(i), true) => Some(i - 1),
        (Some(i), false) if i + 1 < history_len => Some(i + 1),
        (_, false) => None,
    }
}

fn entry_view(e: &TranscriptEntry) -> Html {
    html! {
        <div class="term-entry" key={e.id}>
            <pre class="term-line"><span class="prompt" aria-hidden="true">{ "$ " }</span>{ e.line.clone() }</pre>
            if !e.stdout.is_empty() {
                <pre class="term-out">{ e.stdout.clone() }</pre>
            }
            if !e.stderr.is_empty() {
                <pre class="term-err">{ e.stderr.clone() }</pre>
            }
        </div>
    }
}

/// A first line worth trying on a page about `service` (its trail name).
pub fn example_line(service: &str) -> &'static str {
    match service {
        "kms" => "aws kms list-keys",
        "cloudhsm" => "aws cloudhsmv2 describe-clusters",
        "route53" => "aws route53 list-hosted-zones",
        "cloudformation" => "aws cloudformation list-stacks",
        "ec2" => "aws ec2 describe-vpcs",
        _ => "aws s3api list-buckets",
    }
}

#[derive(Properties, PartialEq)]
pub struct TerminalProps {
    /// The service the page is about, so the hint suggests one of its commands.
    #[prop_or_default]
    pub service: AttrValue,
}

#[component]
pub fn Terminal(props: &TerminalProps) -> Html {
    let example = example_line(&props.service);
    let store = use_store();
    let input_ref = use_node_ref();
    let log_ref = use_node_ref();
    let position = use_mut_ref(|| None::<usize>);
    let candidates = use_state(Vec::<String>::new);
    let history: Vec<String> = store.transcript.iter().map(|e| e.line.clone()).collect();

    {
        // Keep the newest output in view.
        let log_ref = log_ref.clone();
        use_effect_with(store.transcript.last().map(|e| e.id), move |_| {
            if let Some(log) = log_ref.cast::<web_sys::Element>() {
                log.set_scroll_top(log.scroll_height());
            }
        });
    }

    let onsubmit = {
        let (store, input_ref, position, candidates) =
            (store.clone(), input_ref.clone(), position.clone(), candidates.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let Some(input) = input_ref.cast::<HtmlInputElement>() else { return };
            let line = input.value().trim().to_string();
            input.set_value("");
            *position.borrow_mut() = None;
            candidates.set(Vec::new());
            match line.as_str() {
                "" => {}
                "clear" => store.dispatch(Action::ClearTerminal),
                _ => store.dispatch(Action::RunLine(line)),
            }
        })
    };

    let onkeydown = {
        let (input_ref, candidates) = (input_ref.clone(), candidates.clone());
        Callback::from(move |e: KeyboardEvent| {
            let Some(input) = input_ref.cast::<HtmlInputElement>() else { return };
            match e.key().as_str() {
                "ArrowUp" | "ArrowDown" => {
                    e.prevent_default();
                    let next = walk_history(history.len(), *position.borrow(), e.key() == "ArrowUp");
                    *position.borrow_mut() = next;
                    input.set_value(next.map(|i| history[i].as_str()).unwrap_or(""));
                }
                // Tab on an empty line moves focus on, so the terminal never traps the keyboard.
                "Tab" if !e.shift_key() && !input.value().trim().is_empty() => {
                    e.prevent_default();
                    let found = cli::complete(&input.value());
                    let fill = common_prefix(&found);
                    if fill.len() > input.value().len() {
                        input.set_value(&fill);
                    }
                    candidates.set(if found.len() > 1 { found } else { Vec::new() });
                }
                _ => {}
            }
        })
    };

    html! {
        <div class="terminal">
            <div class="term-log" role="log" aria-live="polite" aria-label="Terminal output" tabindex="0"
                 ref={log_ref}>
                if store.transcript.is_empty() {
                    <p class="term-hint">{ format!("Try: {example} — or type help.") }</p>
                }
                { for store.transcript.iter().map(entry_view) }
            </div>
            if !candidates.is_empty() {
                <ul class="term-candidates" aria-label="Completions">
                    { for candidates.iter().take(20).map(|c| html! { <li><code>{ c.clone() }</code></li> }) }
                </ul>
            }
            <form class="term-form" {onsubmit}>
                <label for="terminal-input" class="prompt">
                    <span aria-hidden="true">{ "$" }</span><span class="visually-hidden">{ "Command" }</span>
                </label>
                <input id="terminal-input" type="text" ref={input_ref} {onkeydown} autocomplete="off"
                       autocapitalize="off" spellcheck="false" placeholder={example} />
                <button type="submit">{ "Run" }</button>
            </form>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tab_fills_only_what_all_candidates_share() {
        let c = vec!["aws s3api put-object".to_string(), "aws s3api put-bucket-policy".to_string()];
        assert_eq!(common_prefix(&c), "aws s3api put-");
        assert_eq!(common_prefix(&[]), "");
    }

    #[test]
    fn up_and_down_walk_the_history_and_back_to_the_new_line() {
        assert_eq!(walk_history(3, None, true), Some(2));
        assert_eq!(walk_history(3, Some(2), true), Some(1));
        assert_eq!(walk_history(3, Some(0), true), Some(0));
        assert_eq!(walk_history(3, Some(1), false), Some(2));
        assert_eq!(walk_history(3, Some(2), false), None);
        assert_eq!(walk_history(0, None, true), None);
    }
}
