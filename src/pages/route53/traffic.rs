//! The traffic simulation panel: many queries for one name from chosen client locations, run by
//! the engine (`route53::traffic::simulate`) on a copy of the lab, so the learner's World, its
//! caches and its clock stay as they were. The result is drawn per record, per location and
//! (over a time span) per slice, each chart with a table beside it that says the same.

use super::places::{self, Question, DEFAULT_PLACES};
use super::traffic_chart::TrafficResult;
use crate::app::use_store;
use nimbus_sim::services::route53::names::display_name;
use nimbus_sim::services::route53::traffic::{simulate, Caching, ClientGroup, TrafficReport, TrafficSpec};
use nimbus_sim::{SimDuration, World};
use std::rc::Rc;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

/// Query counts offered; the engine takes up to a million, these stay well under a frame budget.
pub const QUERY_COUNTS: [usize; 4] = [100, 1_000, 10_000, 100_000];
/// Time spans offered (seconds); over a span the copy's clock moves, health checks run and
/// cached answers expire.
const SPANS: [(i64, &str); 5] =
    [(0, "none (all at once)"), (60, "1 min"), (300, "5 min"), (1800, "30 min"), (7200, "2 h")];
/// Slices of the timeline when the queries are spread over a span.
pub const SLICES: usize = 12;

/// One client location ticked in the form, with its share.
#[derive(Clone, Debug, PartialEq)]
pub struct PlaceChoice {
    pub code: &'static str,
    pub on: bool,
    pub share: u32,
}

fn default_choices() -> Vec<PlaceChoice> {
    places::places().map(|r| PlaceChoice { code: r.code, on: DEFAULT_PLACES.contains(&r.code), share: 1 }).collect()
}

/// What one run asked and what the engine counted.
#[derive(Clone, Debug, PartialEq)]
pub struct TrafficRun {
    /// Tells runs apart, so the time is measured once per run.
    pub id: u64,
    pub question: Question,
    pub queries: usize,
    pub span: SimDuration,
    pub caching: bool,
    /// (label, region code, share) per client location, in the form's order.
    pub clients: Vec<(String, String, u32)>,
    pub report: TrafficReport,
    /// `performance.now()` when the button was pressed (0 when rendered natively).
    pub started_ms: f64,
    /// Milliseconds copying the lab took, then the simulation, before drawing.
    pub copied_ms: f64,
    pub simulated_ms: f64,
}

/// Runs the simulation on a copy of `world`: the learner's own World is not touched.
pub fn run_on_copy(
    world: &World,
    question: &Question,
    clients: &[(String, String, u32)],
    queries: usize,
    span: SimDuration,
    caching: bool,
) -> Result<TrafficReport, String> {
    run_on(&mut world.clone(), question, clients, queries, span, caching)
}

/// Runs the simulation on `copy` (which it changes: caches, clock, trail).
pub fn run_on(
    copy: &mut World,
    question: &Question,
    clients: &[(String, String, u32)],
    queries: usize,
    span: SimDuration,
    caching: bool,
) -> Result<TrafficReport, String> {
    let spec = TrafficSpec {
        name: question.name.clone(),
        record_type: question.record_type.clone(),
        clients: clients
            .iter()
            .map(|(label, code, share)| ClientGroup {
                label: label.clone(),
                place: places::place(code),
                ip: None,
                share: *share,
            })
            .collect(),
        queries,
        span,
        caching: if caching { Caching::Resolvers } else { Caching::Off },
        slices: if span.as_millis() > 0 { SLICES } else { 0 },
    };
    simulate(copy, &spec)
}

/// Milliseconds from the browser's monotonic clock; only event handlers and effects call it.
pub fn now_ms() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map(|p| p.now()).unwrap_or(0.0)
}

#[derive(Properties, PartialEq)]
pub struct TrafficPanelProps {
    pub questions: Rc<Vec<Question>>,
    pub run: Option<Rc<TrafficRun>>,
    pub on_run: Callback<Rc<TrafficRun>>,
}

#[component]
pub fn TrafficPanel(props: &TrafficPanelProps) -> Html {
    let store = use_store();
    let chosen = use_state(|| None::<String>);
    let choices = use_state(default_choices);
    let queries = use_state(|| 10_000usize);
    // Off by default: every query reaches Route 53, so the policy's own split shows.
    let caching = use_state(|| false);
    let span = use_state(|| 0i64);
    let error = use_state(|| None::<String>);
    let question = chosen
        .as_ref()
        .and_then(|k| props.questions.iter().find(|q| &q.key() == k))
        .or_else(|| places::default_question(&props.questions))
        .cloned();
    let Some(question) = question else {
        return html! {
            <section class="console-form r53-panel" aria-labelledby="traffic-heading">
                <h4 id="traffic-heading">{ "Traffic simulation" }</h4>
                <p class="empty">{ "Create a record in a public hosted zone first; then send it traffic from around the world." }</p>
            </section>
        };
    };
    let on_question = {
        let chosen = chosen.clone();
        Callback::from(move |e: Event| {
            if let Some(s) = e.target_dyn_into::<HtmlSelectElement>() {
                chosen.set(Some(s.value()));
            }
        })
    };
    let on_queries = {
        let queries = queries.clone();
        Callback::from(move |e: Event| {
            if let Some(s) = e.target_dyn_into::<HtmlSelectElement>() {
                queries.set(s.value().parse().unwrap_or(10_000));
            }
        })
    };
    let on_span = {
        let span = span.clone();
        Callback::from(move |e: Event| {
            if let Some(s) = e.target_dyn_into::<HtmlSelectElement>() {
                span.set(s.value().parse().unwrap_or(0));
            }
        })
    };
    let on_caching = {
        let caching = caching.clone();
        Callback::from(move |e: Event| {
            if let Some(i) = e.target_dyn_into::<HtmlInputElement>() {
                caching.set(i.checked());
            }
        })
    };
    let onsubmit = {
        let (lab, question, on_run, error) = (store.lab.clone(), question.clone(), props.on_run.clone(), error.clone());
        let (choices, queries, caching, span) = (choices.clone(), *queries, *caching, *span);
        let next_id = props.run.as_ref().map_or(1, |r| r.id + 1);
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let started_ms = now_ms();
            let clients: Vec<(String, String, u32)> = choices
                .iter()
                .filter(|c| c.on && c.share > 0)
                .map(|c| (places::place_label(c.code), c.code.to_string(), c.share))
                .collect();
            let span = SimDuration::seconds(span);
            let mut copy = lab.world.clone();
            let copied_ms = now_ms() - started_ms;
            match run_on(&mut copy, &question, &clients, queries, span, caching) {
                Ok(report) => {
                    let simulated_ms = now_ms() - started_ms - copied_ms;
                    error.set(None);
                    on_run.emit(Rc::new(TrafficRun {
                        id: next_id,
                        question: question.clone(),
                        queries,
                        span,
                        caching,
                        clients,
                        report,
                        started_ms,
                        copied_ms,
                        simulated_ms,
                    }));
                }
                Err(why) => error.set(Some(format!("Nothing was sent: {why}."))),
            }
        })
    };
    html! {
        <form class="console-form r53-panel" aria-labelledby="traffic-heading" {onsubmit}>
            <h4 id="traffic-heading">{ "Traffic simulation" }</h4>
            <p class="hint">
                { "Sends many DNS queries from client locations you pick and counts which record answers. It runs on a \
                   copy of your lab: your records, resolver caches and clock stay as they are." }
            </p>
            <div class="fields">
                <div class="field">
                    <label for="traffic-name">{ "Record" }</label>
                    <select id="traffic-name" onchange={on_question}>
                        { for props.questions.iter().map(|q| html! {
                            <option value={q.key()} selected={q.key() == question.key()}>{ q.label() }</option>
                        }) }
                    </select>
                </div>
                <div class="field narrow">
                    <label for="traffic-queries">{ "Queries" }</label>
                    <select id="traffic-queries" onchange={on_queries}>
                        { for QUERY_COUNTS.iter().map(|n| html! {
                            <option value={n.to_string()} selected={*n == *queries}>{ thousands(*n as u64) }</option>
                        }) }
                    </select>
                </div>
                <div class="field narrow">
                    <label for="traffic-span">{ "Spread over" }</label>
                    <select id="traffic-span" onchange={on_span} aria-describedby="traffic-span-help">
                        { for SPANS.iter().map(|(s, label)| html! {
                            <option value={s.to_string()} selected={*s == *span}>{ *label }</option>
                        }) }
                    </select>
                    <p class="help" id="traffic-span-help">{ "Over a span, the copy's clock moves: health checks run and cached answers expire." }</p>
                </div>
            </div>
            <div class="field checkbox">
                <input id="traffic-caching" type="checkbox" checked={*caching} onchange={on_caching}
                       aria-describedby="traffic-caching-help" />
                <label for="traffic-caching">{ "Resolvers cache answers for their TTL" }</label>
            </div>
            <p class="help" id="traffic-caching-help">
                { "With caching, each location's resolver keeps its first answer until the TTL runs out, so without \
                   a time span every query from one location gets the same record. Without caching, every query \
                   reaches Route 53 and you see the routing policy's own split." }
            </p>
            <fieldset class="r53-places">
                <legend>{ "Client locations and their share of the queries" }</legend>
                <div class="r53-place-grid">
                    { for choices.iter().enumerate().map(|(i, c)| place_choice(i, c, &choices)) }
                </div>
            </fieldset>
            <button type="submit" class="primary">{ "Run simulation" }</button>
            if let Some(e) = &*error {
                <p class="call-error" role="alert">{ e.clone() }</p>
            }
            if let Some(run) = &props.run {
                <TrafficResult run={run.clone()} />
            }
        </form>
    }
}

/// One location: a checkbox and its share.
fn place_choice(i: usize, c: &PlaceChoice, choices: &UseStateHandle<Vec<PlaceChoice>>) -> Html {
    let toggle = {
        let choices = choices.clone();
        Callback::from(move |e: Event| {
            if let Some(input) = e.target_dyn_into::<HtmlInputElement>() {
                let mut next = (*choices).clone();
                next[i].on = input.checked();
                choices.set(next);
            }
        })
    };
    let share = {
        let choices = choices.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(input) = e.target_dyn_into::<HtmlInputElement>() {
                let mut next = (*choices).clone();
                next[i].share = input.value().parse::<u32>().unwrap_or(0).min(100);
                choices.set(next);
            }
        })
    };
    let label = places::place_label(c.code);
    let id = format!("traffic-place-{}", c.code);
    html! {
        <div class="r53-place">
            <input id={id.clone()} type="checkbox" checked={c.on} onchange={toggle} />
            <label for={id.clone()}>{ label.clone() }</label>
            <input type="number" min="0" max="100" value={c.share.to_string()} oninput={share} disabled={!c.on}
                   aria-label={format!("Share of {label}")} class="r53-share" />
        </div>
    }
}

/// `10,000`.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

/// The question as a sentence: `www.example.com. A`.
pub fn asked(q: &Question) -> String {
    format!("{} {}", display_name(&q.name), q.record_type)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_read_with_thousands_separators() {
        assert_eq!(thousands(100), "100");
        assert_eq!(thousands(10_000), "10,000");
        assert_eq!(thousands(100_000), "100,000");
    }
}
