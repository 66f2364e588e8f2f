//! Readiness: mastery per service and per exam domain (from the Leitner boxes), exam history and
//! finished labs.

use super::service_name;
use crate::app::use_learn;
use crate::components::link::AppLink;
use crate::learn::bank;
use crate::route::Route;
use nimbus_learn::progress::Readiness;
use yew::prelude::*;

fn meter_row(name: Html, r: &Readiness) -> Html {
    html! {
        <tr>
            <th scope="row">{ name }</th>
            <td>{ format!("{} of {}", r.seen, r.questions) }</td>
            <td class="mastery">
                <meter min="0" max="100" low="40" high="75" optimum="100" value={r.percent.to_string()}
                       aria-label="Mastery"></meter>
                <span>{ format!("{}%", r.percent) }</span>
            </td>
        </tr>
    }
}

fn table(caption: &str, first: &str, rows: Html) -> Html {
    html! {
        <div class="table-scroll">
            <table>
                <caption>{ caption.to_string() }</caption>
                <thead><tr><th scope="col">{ first.to_string() }</th><th scope="col">{ "Seen" }</th><th scope="col">{ "Mastery" }</th></tr></thead>
                <tbody>{ rows }</tbody>
            </table>
        </div>
    }
}

#[component]
pub fn ReadinessPage() -> Html {
    let learn = use_learn();
    let b = bank();
    let p = &learn.progress;
    let services = p.readiness_by_service(b);
    let domains = p.readiness_by_domain(b);
    html! {
        <div class="learn-page">
            <h1 id="page-heading" tabindex="-1">{ "Readiness" }</h1>
            <p class="intro">
                { "Mastery counts a question by its Leitner box when your latest answer was right (box 5 is 100%), \
                   and as 0% when it was wrong or never answered." }
            </p>
            <div class="readiness-grid">
                <section class="panel" aria-labelledby="by-service">
                    <h2 id="by-service">{ "By service" }</h2>
                    { table("Mastery per service", "Service", html! {
                        { for services.iter().map(|(s, r)| meter_row(html! { service_name(s) }, r)) }
                    }) }
                </section>
                <section class="panel" aria-labelledby="by-domain">
                    <h2 id="by-domain">{ "By exam domain" }</h2>
                    { table("Mastery per exam domain", "Domain", html! {
                        { for domains.iter().map(|(d, r)| meter_row(
                            html! { <>{ d.title() }<span class="cert">{ format!(" · {}", d.certification().code()) }</span></> }, r)) }
                    }) }
                </section>
            </div>
            <section class="panel" aria-labelledby="exam-history">
                <h2 id="exam-history">{ "Exam history" }</h2>
                if p.exams.is_empty() {
                    <p class="empty">{ "No exams yet. " }<AppLink to={Route::Exam}>{ "Take one" }</AppLink></p>
                } else {
                    <ol class="plain-list">
                        { for p.exams.iter().rev().map(|e| html! {
                            <li>{ format!("{} of {} right ({}%){}", e.correct, e.total, e.correct * 100 / e.total.max(1),
                                if e.timed_out { ", time ran out" } else { "" }) }</li>
                        }) }
                    </ol>
                }
            </section>
            <section class="panel" aria-labelledby="labs-done">
                <h2 id="labs-done">{ "Labs" }</h2>
                <ul class="plain-list">
                    { for b.labs.iter().map(|l| html! {
                        <li>
                            <AppLink to={Route::Lab { id: l.id.clone() }}>{ l.title.clone() }</AppLink>
                            { match p.labs.get(&l.id) {
                                Some(r) => format!(": done, best {} calls (reference {})", r.best_calls, r.reference_calls),
                                None => ": not done yet".to_string(),
                            } }
                        </li>
                    }) }
                </ul>
            </section>
        </div>
    }
}
