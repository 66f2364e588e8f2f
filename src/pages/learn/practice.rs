//! Practice by service: every question of one service, due ones first, then new ones; one at a
//! time with immediate feedback.

use super::question::{QuizItem, QuizRunner};
use super::{queue_ids, service_name};
use crate::app::use_learn;
use crate::browser;
use crate::components::link::AppLink;
use crate::learn::bank;
use crate::route::Route;
use nimbus_learn::quiz::QueueKind;
use std::rc::Rc;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

#[component]
pub fn PracticePage() -> Html {
    let learn = use_learn();
    let services = bank().services();
    // Start with a service the simulator has a page for, so "try it" links lead somewhere live.
    let first = services
        .iter()
        .find(|s| crate::catalog::find(s).is_some_and(|c| c.status == crate::catalog::Status::Simulated))
        .or(services.first())
        .map(|s| s.to_string())
        .unwrap_or_default();
    let service = use_state(move || first);
    let round = use_state(|| 0u64);
    let items = {
        let progress = learn.progress.clone();
        use_memo(((*service).clone(), *round), move |(service, round)| {
            let now = browser::now_ms();
            let ids = queue_ids(bank(), &progress, QueueKind::Service(service.clone()), now, now ^ round);
            let items: Vec<QuizItem> = ids
                .iter()
                .filter_map(|id| bank().question(id))
                .map(|q| QuizItem { question: Rc::new(q.clone()), generated: false })
                .collect();
            Rc::new(items)
        })
    };
    let on_service = {
        let service = service.clone();
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            service.set(select.value());
        })
    };
    let again = {
        let round = round.clone();
        Callback::from(move |_| round.set(*round + 1))
    };
    let done = html! {
        <>
            <p>{ "Questions you missed wait for you in Review; readiness shows how far along you are." }</p>
            <div class="button-row">
                <button type="button" onclick={again}>{ "Practice again" }</button>
                <AppLink to={Route::Review} classes={classes!("cta")}>{ "Review missed questions" }</AppLink>
                <AppLink to={Route::Readiness}>{ "See readiness" }</AppLink>
            </div>
        </>
    };
    html! {
        <div class="learn-page">
            <h1 id="page-heading" tabindex="-1">{ "Practice" }</h1>
            <p class="intro">
                { "One question at a time. After each answer you see why it is right, why every other choice \
                   is wrong, the AWS page that says so, and a place in the simulator to try it." }
            </p>
            <div class="field narrow">
                <label for="practice-service">{ "Service" }</label>
                <select id="practice-service" onchange={on_service}>
                    { for services.iter().map(|s| html! {
                        <option value={s.to_string()} selected={*s == service.as_str()}>{ service_name(s) }</option>
                    }) }
                </select>
            </div>
            <QuizRunner key={format!("{}-{}", *service, *round)} items={(*items).clone()} done={done} />
        </div>
    }
}
