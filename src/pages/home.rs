//! The home page: what Nimbus Lab is, and every service on one map.

use crate::catalog::{Status, AREAS, SERVICES};
use crate::components::link::AppLink;
use crate::route::Route;
use yew::prelude::*;

#[component]
pub fn HomePage() -> Html {
    html! {
        <div class="home">
            <h1 id="page-heading" tabindex="-1">{ "Learn AWS by doing, in a simulator" }</h1>
            <p class="lead">
                { "Nimbus Lab simulates AWS services in your browser: the same operation names, states, limits and \
                   error codes as AWS, on a clock you control. Click through a console, type AWS CLI commands, \
                   watch the diagram change and read the trail of every call. No account, no bill, works offline." }
            </p>
            <p>
                <AppLink to={Route::S3} classes={classes!("cta")}>{ "Start with Amazon S3" }</AppLink>
                { " " }
                <AppLink to={Route::Learn} classes={classes!("cta", "cta-secondary")}>{ "Practice for the exam" }</AppLink>
            </p>
            <p>
                { "Or learn by doing: " }
                <AppLink to={Route::Labs}>{ "labs with goals that tick as you work" }</AppLink>
                { ", " }
                <AppLink to={Route::Practice}>{ "practice questions" }</AppLink>
                { " with the why of every answer, and " }
                <AppLink to={Route::Learn}>{ "guided demos for a classroom" }</AppLink>
                { "." }
            </p>
            <section aria-labelledby="services-heading">
                <h2 id="services-heading">{ "Services" }</h2>
                <div class="service-map">
                    { for AREAS.iter().map(|area| html! {
                        <section class="area" aria-labelledby={area_id(area)}>
                            <h3 id={area_id(area)}>{ *area }</h3>
                            <ul class="service-list">
                                { for SERVICES.iter().filter(|s| s.area == *area).map(|s| html! {
                                    <li class={classes!("service-card", (s.status == Status::Coming).then_some("coming"))}>
                                        <AppLink to={Route::for_service(s.slug)}>
                                            <span class="service-name">{ s.name }</span>
                                            <span class="badge">
                                                { if s.status == Status::Simulated { "Simulated" } else { "Coming" } }
                                            </span>
                                        </AppLink>
                                        <p>{ s.blurb }</p>
                                    </li>
                                }) }
                            </ul>
                        </section>
                    }) }
                </div>
            </section>
        </div>
    }
}

fn area_id(area: &str) -> String {
    format!("area-{}", area.to_ascii_lowercase().replace(' ', "-"))
}
