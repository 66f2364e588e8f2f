//! Under a console form: the AWS CLI line that does what the form just did, so students learn
//! both ways at once.

use crate::app::use_store;
use yew::prelude::*;

/// Longer than this, a line may be a scrolling box (see cloudformation.css).
const LONG_LINE: usize = 200;

#[derive(Properties, PartialEq)]
pub struct CliLineProps {
    /// The operations this form calls; the line shows when the last call was one of them.
    pub operations: &'static [&'static str],
}

#[component]
pub fn CliLine(props: &CliLineProps) -> Html {
    let store = use_store();
    let Some(call) = store.last_call.as_ref().filter(|c| props.operations.contains(&c.operation)) else {
        return html! {};
    };
    // A line that carries a whole template scrolls in its box, so the keyboard must reach it.
    let long = call.cli_line.len() > LONG_LINE || call.cli_line.contains('\n');
    html! {
        <p class="cli-line">
            <span class="cli-line-label">{ "Same with the AWS CLI:" }</span>
            <code tabindex={long.then_some("0")}>{ call.cli_line.clone() }</code>
        </p>
    }
}
