//! The site header: name, simulated clock with its controls, undo/redo, and the navigation.

use crate::app::use_store;
use crate::catalog::{Status, SERVICES};
use crate::components::clock::format_time;
use crate::components::link::AppLink;
use crate::components::presenter::PresenterToggle;
use crate::route::Route;
use crate::store::Action;
use gloo_timers::callback::Interval;
use nimbus_sim::{Job, SimDuration};
use yew::prelude::*;

/// The clock buttons: visible label and how far each moves time.
pub const STEPS: &[(&str, SimDuration)] = &[
    ("+1 hour", SimDuration::hours(1)),
    ("+1 day", SimDuration::days(1)),
    ("+30 days", SimDuration::days(30)),
    ("+1 year", SimDuration::days(365)),
];

#[component]
pub fn Header() -> Html {
    html! {
        <header class="site-header">
            <div class="header-top">
                <AppLink to={Route::Home} classes={classes!("brand")}>
                    <img src="favicon.svg" alt="" width="28" height="28" />
                    <span>{ "Nimbus Lab" }</span>
                </AppLink>
                <Clock />
                <History />
            </div>
            // The toggle sits with the navigation so the clock row fits a 1280 px screen.
            <div class="header-bottom">
                <SiteNav />
                <PresenterToggle />
            </div>
        </header>
    }
}

#[component]
fn Clock() -> Html {
    let store = use_store();
    let running = use_state(|| false);
    {
        // While running, one simulated second per real second; the timer never blocks a render.
        let store = store.clone();
        use_effect_with(*running, move |running| {
            let timer =
                running.then(|| Interval::new(1000, move || store.dispatch(Action::Tick(SimDuration::seconds(1)))));
            move || drop(timer)
        });
    }
    let world = store.world();
    let now = world.now();
    let next = world.pending_jobs().first().map(|s| {
        let what = match &s.job {
            Job::Note { text } => text.clone(),
            #[allow(unreachable_patterns)] // the app may be built with Note as the only job
            other => {
                let (service, operation) = other.describe();
                format!("{service} {operation}")
            }
        };
        format!("{} — {what}", format_time(s.due))
    });
    let toggle = {
        let running = running.clone();
        Callback::from(move |_| running.set(!*running))
    };
    html! {
        <section class="clock" aria-label="Simulated clock">
            <p class="clock-now">
                <span class="clock-label">{ "Simulated time" }</span>
                <time datetime={now.iso8601()} class="clock-time">{ format_time(now) }</time>
            </p>
            <p class="clock-next">
                { match next {
                    Some(text) => html! { <>{ "Next scheduled event: " }{ text }</> },
                    None => html! { "No scheduled events" },
                } }
            </p>
            <div class="button-row" role="group" aria-label="Move the simulated clock">
                <button type="button" onclick={toggle}>
                    { if *running { "Pause clock" } else { "Run clock" } }
                </button>
                { for STEPS.iter().map(|(label, by)| {
                    let store = store.clone();
                    let by = *by;
                    html! {
                        <button type="button" onclick={Callback::from(move |_| store.dispatch(Action::Advance(by)))}>
                            { *label }
                        </button>
                    }
                }) }
            </div>
        </section>
    }
}

#[component]
fn History() -> Html {
    let store = use_store();
    let undo = {
        let store = store.clone();
        Callback::from(move |_| store.dispatch(Action::Undo))
    };
    let redo = {
        let store = store.clone();
        Callback::from(move |_| store.dispatch(Action::Redo))
    };
    html! {
        <div class="button-row history" role="group" aria-label="Undo and redo">
            <button type="button" onclick={undo} disabled={!store.can_undo()}>{ "Undo" }</button>
            <button type="button" onclick={redo} disabled={!store.can_redo()}>{ "Redo" }</button>
        </div>
    }
}

#[component]
fn SiteNav() -> Html {
    let link = |route: Route, label: &'static str| html! { <li><AppLink to={route}>{ label }</AppLink></li> };
    let coming = SERVICES.iter().filter(|s| s.status == Status::Coming);
    html! {
        <nav class="site-nav" aria-label="Services">
            <ul>
                { link(Route::Home, "Home") }
                { for SERVICES.iter().filter(|s| s.status == Status::Simulated).map(|s| link(Route::for_service(s.slug), s.short)) }
                { link(Route::Learn, "Learn") }
                { link(Route::Practice, "Practice") }
                { link(Route::Labs, "Labs") }
            </ul>
            <details class="nav-coming">
                <summary>{ "Coming soon" }</summary>
                <ul>
                    { for coming.map(|s| link(Route::for_service(s.slug), s.short)) }
                </ul>
            </details>
        </nav>
    }
}
