//! The lab list, with each lab's status.

use super::service_name;
use crate::app::use_learn;
use crate::components::link::AppLink;
use crate::learn::bank;
use crate::route::Route;
use yew::prelude::*;

/// The first sentence of a story, for the list.
pub fn first_sentence(text: &str) -> String {
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    match flat.find(". ") {
        Some(i) => flat[..=i].to_string(),
        None => flat,
    }
}

#[component]
pub fn LabsPage() -> Html {
    let learn = use_learn();
    let b = bank();
    html! {
        <div class="learn-page">
            <h1 id="page-heading" tabindex="-1">{ "Labs" }</h1>
            <p class="intro">
                { "Each lab drops you into a situation with a goal. Work in the terminal or the console; the \
                   checklist ticks as the World changes. Hints come one at a time, and the score compares your \
                   calls with the reference solution's." }
            </p>
            <ul class="learn-cards">
                { for b.labs.iter().map(|lab| {
                    let (status, class) = match (learn.progress.labs.get(&lab.id), learn.lab_session(&lab.id)) {
                        (Some(r), _) => (format!("Done · best {} calls, reference {}", r.best_calls, r.reference_calls), "done"),
                        (None, Some(_)) => ("In progress".to_string(), "in-progress"),
                        (None, None) => ("Not started".to_string(), "todo"),
                    };
                    html! {
                        <li class="learn-card" key={lab.id.clone()}>
                            <AppLink to={Route::Lab { id: lab.id.clone() }}><span class="card-title">{ lab.title.clone() }</span></AppLink>
                            <p><span class={classes!("badge", "status", class)}>{ status }</span>
                               { format!(" {} · {} goals", service_name(&lab.service), lab.goals.len()) }</p>
                            <p>{ first_sentence(&lab.story) }</p>
                        </li>
                    }
                }) }
            </ul>
        </div>
    }
}
