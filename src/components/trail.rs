//! The trail, like CloudTrail: every call and scheduled event, newest first, with the reason
//! for its outcome. Errors are marked in words, not only in colour.

use crate::app::use_store;
use crate::components::clock::format_short;
use crate::components::table::ResourceTable;
use nimbus_sim::{EventSource, Outcome, TrailEvent};
use yew::prelude::*;

/// Events shown; older ones stay in the World (and in exports).
pub const SHOWN: usize = 100;

#[derive(Properties, PartialEq)]
pub struct TrailViewProps {
    /// Trail service names to show (`s3`, `network`); scheduled jobs always show.
    pub services: &'static [&'static str],
}

fn row(e: &TrailEvent) -> Html {
    let source = match e.source {
        EventSource::Call => "",
        EventSource::Job => " (scheduled)",
        EventSource::Http => " (HTTP)",
    };
    let (outcome, class) = match &e.outcome {
        Outcome::Ok => (html! { <span class="ok">{ "OK" }</span> }, None),
        Outcome::Error { code, message } => (
            html! { <span class="err" title={message.clone()}>{ "Error: " }<strong>{ code.clone() }</strong></span> },
            Some("error-row"),
        ),
    };
    html! {
        <tr key={e.seq} class={classes!(class)}>
            <td class="nowrap">{ format_short(e.time) }</td>
            <td class="nowrap">{ format!("{}{source}", e.operation) }</td>
            <td class="nowrap">{ outcome }</td>
            <td class="why">{ e.why.clone() }</td>
        </tr>
    }
}

#[component]
pub fn TrailView(props: &TrailViewProps) -> Html {
    let store = use_store();
    let rows: Vec<Html> = store
        .world()
        .trail()
        .events()
        .iter()
        .rev()
        .filter(|e| e.source == EventSource::Job || props.services.contains(&e.service.as_str()))
        .take(SHOWN)
        .map(row)
        .collect();
    html! {
        <ResourceTable caption="Trail, newest first" headers={&["Time", "Operation", "Outcome", "Why"][..]}
                       empty="Nothing has happened yet. Every call you make lands here." rows={rows} />
    }
}
