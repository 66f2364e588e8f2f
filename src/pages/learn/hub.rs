//! The learning hub: where practice, exams, review, labs, demos and readiness start.

use super::service_name;
use crate::app::use_learn;
use crate::browser;
use crate::components::link::AppLink;
use crate::learn::{bank, bank_error};
use crate::route::Route;
use yew::prelude::*;

#[component]
pub fn LearnPage() -> Html {
    let learn = use_learn();
    let b = bank();
    let p = &learn.progress;
    let now = browser::now_ms();
    let missed = p.missed().filter(|id| b.question(id).is_some()).count();
    let due = p.questions.iter().filter(|(id, r)| r.card.is_due(now) && b.question(id).is_some()).count();
    let labs_done = b.labs.iter().filter(|l| p.labs.contains_key(&l.id)).count();
    let card = |route: Route, title: &'static str, text: String| {
        html! {
            <li class="learn-card">
                <AppLink to={route}><span class="card-title">{ title }</span></AppLink>
                <p>{ text }</p>
            </li>
        }
    };
    html! {
        <div class="learn-page">
            <h1 id="page-heading" tabindex="-1">{ "Learn" }</h1>
            <p class="intro">
                { "Questions written for the AWS certification exams (Cloud Practitioner, Solutions Architect, \
                   Developer), labs you solve in the simulator, and guided demos for a classroom. Your progress \
                   stays in this browser and travels in the lab export." }
            </p>
            if let Some(e) = bank_error() {
                <div class="banner error" role="alert"><p>{ format!("The learning content could not be read: {e}") }</p></div>
            }
            <ul class="learn-cards">
                { card(Route::Practice, "Practice", format!("{} questions on {}, with the why of every answer.",
                    b.questions.len(), b.services().iter().map(|s| service_name(s)).collect::<Vec<_>>().join(", "))) }
                { card(Route::Exam, "Exam", "A timed, mixed set like the real exam: flag, jump, submit, then a score per domain.".into()) }
                { card(Route::Review, "Review", format!("{missed} missed, {due} due for repetition, plus questions the simulator generates.")) }
                { card(Route::Labs, "Labs", format!("{labs_done} of {} done. Reach a goal in the console or the terminal; the checklist ticks as you go.", b.labs.len())) }
                { card(Route::Readiness, "Readiness", "Mastery per service and per exam domain, and your exam history.".into()) }
            </ul>
            <section aria-labelledby="demos-heading">
                <h2 id="demos-heading">{ "Guided demos" }</h2>
                <p>{ "Step-by-step walk-throughs for a class: each step runs one call and the diagram shows what changed. \
                      Turn on presenter mode (P) for a projector; ← and → move between steps." }</p>
                <ul class="plain-list">
                    { for b.demos.iter().map(|d| html! {
                        <li>
                            <AppLink to={Route::Demo { id: d.id.clone() }}>{ d.title.clone() }</AppLink>
                            { format!(" · {} steps · {}", d.steps.len(), service_name(&d.service)) }
                        </li>
                    }) }
                </ul>
            </section>
        </div>
    }
}
