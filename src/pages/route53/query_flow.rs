//! "Follow one query": one DNS question from a client location, step by step — the resolver's
//! cache (hit or miss, TTL left), Route 53's zone, the routing policy's candidates (health,
//! weight, distance, location match) and the answer, with the engine's own explanation.
//!
//! It runs on a copy of the lab kept by this panel, so the copy's resolver caches remember
//! answers between follows (the second follow is a cache hit) while the learner's World, its
//! caches and its clock are untouched. The copy is made again when the lab changes.

use super::places::{self, Question};
use crate::app::use_store;
use nimbus_sim::numfmt::decimal;
use nimbus_sim::regions;
use nimbus_sim::services::route53::names::display_name;
use nimbus_sim::services::route53::resolve::{great_circle_km, health_status, Client};
use nimbus_sim::services::route53::resolver::{self, ResolverAnswer};
use nimbus_sim::services::route53::{Policy, ResourceRecordSet};
use nimbus_sim::{SimDuration, SimTime, World};
use std::cell::RefCell;
use std::rc::Rc;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

/// A record set Route 53 could answer with, as the learner should see it.
#[derive(Clone, Debug, PartialEq)]
pub struct Candidate {
    pub label: String,
    /// What the policy weighs: `weight 70 of 100`, `eu-west-1, 5,600 km away`.
    pub rule: String,
    pub health: String,
    pub healthy: bool,
    pub chosen: bool,
}

/// One followed query.
#[derive(Clone, Debug, PartialEq)]
pub struct Flow {
    /// 1 for the first follow on this copy, then 2, 3…
    pub n: u64,
    pub place: String,
    pub question: Question,
    pub policy: Policy,
    pub zone: Option<String>,
    pub candidates: Vec<Candidate>,
    pub answer: ResolverAnswer,
    /// How far the copy's clock is ahead of the lab's.
    pub ahead: SimDuration,
}

/// Asks the place's resolver for the question on `world` (a copy), and gathers what each step
/// saw. Candidates and health are read before the query, as Route 53 would see them.
pub fn follow(world: &mut World, code: &str, q: &Question, n: u64, lab_now: SimTime) -> Result<Flow, String> {
    let client = Client::in_region(code);
    let sets = places::sets_for(world, q);
    let policy = sets.first().map_or(Policy::Simple, |(_, s)| s.policy());
    let total_weight: i64 = sets.iter().map(|(_, s)| s.weight.unwrap_or(0)).sum();
    let zone = sets.first().map(|(z, _)| format!("{} ({})", display_name(&z.name), z.id));
    let single = sets.len() == 1;
    let mut candidates: Vec<Candidate> = sets
        .iter()
        .map(|(_, s)| {
            let (health, healthy) = match &s.health_check_id {
                Some(id) => match health_status(&world.route53, id, 0) {
                    Some(true) => ("healthy".to_string(), true),
                    Some(false) => ("unhealthy".to_string(), false),
                    None => ("check deleted".to_string(), true),
                },
                None => ("no health check".to_string(), true),
            };
            Candidate {
                label: places::report_label(s),
                rule: rule_of(s, &client, total_weight),
                health,
                healthy,
                chosen: false,
            }
        })
        .collect();
    let resolver = resolver::ensure(world, &places::place(code))?;
    let answer = resolver::query(world, &resolver, &q.name, &q.record_type)?;
    for c in &mut candidates {
        c.chosen = if answer.chosen.is_empty() {
            single && answer.values().next().is_some()
        } else {
            answer.chosen.contains(&c.label)
        };
    }
    Ok(Flow {
        n,
        place: places::place_label(code),
        question: q.clone(),
        policy,
        zone,
        candidates,
        answer,
        ahead: world.now() - lab_now,
    })
}

/// What the record's policy compares for this client.
fn rule_of(s: &ResourceRecordSet, client: &Client, total_weight: i64) -> String {
    match s.policy() {
        Policy::Weighted => {
            let w = s.weight.unwrap_or(0);
            format!("weight {w} of {total_weight} ({} %)", decimal(w as f64 * 100.0 / total_weight.max(1) as f64, 1))
        }
        Policy::Latency => {
            let region = s.region.as_deref().unwrap_or("");
            let km = match (regions::find(client.region), regions::find(region)) {
                (Some(a), Some(b)) => great_circle_km(a.latitude, a.longitude, b.latitude, b.longitude),
                _ => f64::MAX,
            };
            format!("{region}: {} km from the client's region {}", super::traffic::thousands(km as u64), client.region)
        }
        Policy::Failover => format!("failover {}", s.failover.as_deref().unwrap_or("")),
        Policy::Geolocation => {
            let g = s.geo_location.clone().unwrap_or_default();
            let place: Vec<String> =
                [g.continent_code, g.country_code, g.subdivision_code].into_iter().flatten().collect();
            let place = place.join("-");
            let matches = place == client.continent
                || place == client.country
                || place == "*"
                || client.subdivision.is_some_and(|sub| place == format!("{}-{sub}", client.country));
            let verdict = if matches { "matches" } else { "does not match" };
            format!("location {place}: {verdict} the client ({}, {})", client.continent, client.country)
        }
        Policy::Geoproximity => {
            let bias = s.geo_proximity_location.as_ref().and_then(|g| g.bias).unwrap_or(0);
            let at =
                s.geo_proximity_location.as_ref().and_then(nimbus_sim::services::route53::resolve::geoproximity_point);
            match at {
                Some((name, (lat, lon))) => {
                    let (clat, clon) = client.point();
                    let km = great_circle_km(clat, clon, lat, lon);
                    format!("{name}, {} km away, bias {bias:+}", super::traffic::thousands(km as u64))
                }
                None => format!("bias {bias:+}"),
            }
        }
        Policy::IpBased => {
            let loc = s.cidr_routing_config.as_ref().map(|c| c.location_name.clone()).unwrap_or_default();
            format!("CIDR location {loc} (this client has no listed address)")
        }
        Policy::MultiValue | Policy::Simple => s.values().collect::<Vec<_>>().join(", "),
    }
}

#[derive(Properties, PartialEq)]
pub struct QueryFlowProps {
    pub questions: Rc<Vec<Question>>,
}

#[component]
pub fn QueryFlow(props: &QueryFlowProps) -> Html {
    let store = use_store();
    // A new save revision means the lab changed, so the copy is out of date.
    let rev = store.save_rev;
    let copy = use_mut_ref(|| None::<(u64, World)>);
    let flows = use_state(Vec::<Rc<Flow>>::new);
    let place = use_state(|| "eu-west-1".to_string());
    let chosen = use_state(|| None::<String>);
    let error = use_state(|| None::<String>);
    // Bumped by "Wait", which changes only the copy (kept outside Yew's state).
    let waited = use_state(|| 0u32);
    let question = chosen
        .as_ref()
        .and_then(|k| props.questions.iter().find(|q| &q.key() == k))
        .or_else(|| places::default_question(&props.questions))
        .cloned();
    let Some(question) = question else { return html! {} };
    let on_place = {
        let place = place.clone();
        Callback::from(move |e: Event| {
            if let Some(s) = e.target_dyn_into::<HtmlSelectElement>() {
                place.set(s.value());
            }
        })
    };
    let on_question = {
        let chosen = chosen.clone();
        Callback::from(move |e: Event| {
            if let Some(s) = e.target_dyn_into::<HtmlSelectElement>() {
                chosen.set(Some(s.value()));
            }
        })
    };
    let fresh =
        |copy: &Rc<RefCell<Option<(u64, World)>>>, world: &World, rev: u64, flows: &UseStateHandle<Vec<Rc<Flow>>>| {
            let mut slot = copy.borrow_mut();
            if slot.as_ref().is_none_or(|(r, _)| *r != rev) {
                *slot = Some((rev, world.clone()));
                flows.set(Vec::new());
                return true;
            }
            false
        };
    let on_follow = {
        let (copy, flows, error, lab) = (copy.clone(), flows.clone(), error.clone(), store.lab.clone());
        let (place, question) = ((*place).clone(), question.clone());
        Callback::from(move |_: MouseEvent| {
            let restarted = fresh(&copy, &lab.world, rev, &flows);
            let mut slot = copy.borrow_mut();
            let Some((_, w)) = slot.as_mut() else { return };
            let earlier: Vec<Rc<Flow>> = if restarted { Vec::new() } else { (*flows).clone() };
            match follow(w, &place, &question, earlier.len() as u64 + 1, lab.world.now()) {
                Ok(flow) => {
                    let mut next = earlier;
                    next.push(Rc::new(flow));
                    flows.set(next);
                    error.set(None);
                }
                Err(why) => error.set(Some(why)),
            }
        })
    };
    let on_wait = {
        let (copy, flows, lab, waited) = (copy.clone(), flows.clone(), store.lab.clone(), waited.clone());
        Callback::from(move |_: MouseEvent| {
            fresh(&copy, &lab.world, rev, &flows);
            if let Some((_, w)) = copy.borrow_mut().as_mut() {
                w.advance(SimDuration::minutes(1));
            }
            waited.set(*waited + 1);
        })
    };
    let on_restart = {
        let (copy, flows) = (copy.clone(), flows.clone());
        Callback::from(move |_: MouseEvent| {
            *copy.borrow_mut() = None;
            flows.set(Vec::new());
        })
    };
    let ahead = copy
        .borrow()
        .as_ref()
        .filter(|(r, _)| *r == rev)
        .map(|(_, w)| w.now() - store.world().now())
        .filter(|d| d.as_millis() > 0);
    html! {
        <section class="console-form r53-panel" aria-labelledby="flow-heading">
            <h4 id="flow-heading">{ "Follow one query" }</h4>
            <p class="hint">
                { "One question from a client, step by step. It runs on a copy of your lab that this panel keeps: \
                   the copy's resolver caches remember answers between follows, so the second follow of the same \
                   name is a cache hit. Your lab's caches and clock are not changed." }
            </p>
            <div class="fields">
                <div class="field">
                    <label for="flow-place">{ "Client location" }</label>
                    <select id="flow-place" onchange={on_place}>
                        { for places::places().map(|r| html! {
                            <option value={r.code} selected={r.code == place.as_str()}>{ places::place_label(r.code) }</option>
                        }) }
                    </select>
                </div>
                <div class="field">
                    <label for="flow-name">{ "Record" }</label>
                    <select id="flow-name" onchange={on_question}>
                        { for props.questions.iter().map(|q| html! {
                            <option value={q.key()} selected={q.key() == question.key()}>{ q.label() }</option>
                        }) }
                    </select>
                </div>
            </div>
            <div class="button-row">
                <button type="button" class="primary" onclick={on_follow}>{ "Follow one query" }</button>
                <button type="button" onclick={on_wait}>{ "Wait 1 minute (on the copy)" }</button>
                <button type="button" onclick={on_restart}>{ "Start over with a fresh copy" }</button>
            </div>
            if let Some(ahead) = ahead {
                <p class="r53-ahead" aria-live="polite">{ format!("The copy's clock is {ahead} ahead of your lab.") }</p>
            }
            if let Some(e) = &*error {
                <p class="call-error" role="alert">{ e.clone() }</p>
            }
            if let Some(last) = flows.last() {
                <QueryFlowView flow={last.clone()} />
            }
            if flows.len() > 1 {
                <details class="r53-earlier">
                    <summary>{ format!("Earlier follows on this copy ({})", flows.len() - 1) }</summary>
                    <ol>
                        { for flows.iter().take(flows.len() - 1).map(|f| html! { <li>{ one_line(f) }</li> }) }
                    </ol>
                </details>
            }
        </section>
    }
}

/// `#1 N. Virginia: cache miss, 192.0.2.10`.
fn one_line(f: &Flow) -> String {
    let how = if f.answer.from_cache { "cache hit" } else { "cache miss" };
    let values: Vec<&str> = f.answer.values().collect();
    format!(
        "#{} {} {} from {}: {how}, {}",
        f.n,
        display_name(&f.question.name),
        f.question.record_type,
        f.place,
        values.join(", ")
    )
}

#[derive(Properties, PartialEq)]
pub struct QueryFlowViewProps {
    pub flow: Rc<Flow>,
}

/// The steps as an ordered list drawn as connected boxes: the list itself is the text twin.
#[component]
pub fn QueryFlowView(props: &QueryFlowViewProps) -> Html {
    let f = &props.flow;
    let a = &f.answer;
    let hit = a.from_cache;
    let values: Vec<&str> = a.values().collect();
    let asked = format!("{} {}", display_name(&f.question.name), f.question.record_type);
    let cache = match (hit, a.ttl_remaining) {
        (true, Some(ttl)) => format!("Cache hit: {ttl} s of TTL left. Route 53 is not asked."),
        (true, None) => "Cache hit.".to_string(),
        (false, Some(ttl)) => format!("Cache miss: the resolver asks Route 53, then keeps the answer for {ttl} s."),
        (false, None) => "Cache miss: the resolver asks Route 53; the answer is not cached.".to_string(),
    };
    html! {
        <section class="r53-flow-result" aria-labelledby="flow-result-heading" aria-live="polite">
            <h5 id="flow-result-heading">{ format!("Query #{}: {asked} from {}", f.n, f.place) }</h5>
            <ol class="r53-flow">
                <li class="r53-step">
                    <span class="r53-step-name">{ "Client" }</span>
                    { format!("A client in {} asks its resolver ({}) for {asked}.", f.place, a.resolver) }
                </li>
                <li class={classes!("r53-step", if hit { "r53-hit" } else { "r53-miss" })}>
                    <span class="r53-step-name">{ "Resolver cache" }</span>
                    <strong>{ cache }</strong>
                </li>
                <li class={classes!("r53-step", hit.then_some("r53-skipped"))}>
                    <span class="r53-step-name">{ "Route 53" }</span>
                    { match (&f.zone, hit) {
                        (_, true) => "Not asked this time.".to_string(),
                        (Some(z), false) => format!("Hosted zone {z} is authoritative for the name."),
                        (None, false) => "No public hosted zone holds the name: Route 53 refuses.".to_string(),
                    } }
                </li>
                <li class={classes!("r53-step", hit.then_some("r53-skipped"))}>
                    <span class="r53-step-name">{ format!("Routing policy: {}", f.policy.name()) }</span>
                    if hit {
                        { format!("Not applied now: the cached answer was chosen earlier ({}).",
                                  if a.chosen.is_empty() { values.join(", ") } else { a.chosen.join(", ") }) }
                    } else if f.candidates.is_empty() {
                        { "No record answers for the name and type." }
                    } else {
                        <ul class="r53-candidates">
                            { for f.candidates.iter().map(|c| html! {
                                <li class={classes!(c.chosen.then_some("r53-chosen"), (!c.healthy).then_some("r53-unhealthy"))}>
                                    <strong>{ c.label.clone() }</strong>
                                    { format!(" — {}; {}", c.rule, c.health) }
                                    if c.chosen { <span class="r53-badge">{ "chosen" }</span> }
                                </li>
                            }) }
                        </ul>
                    }
                </li>
                <li class="r53-step r53-answer">
                    <span class="r53-step-name">{ "Answer" }</span>
                    <strong>{ a.response_code.clone() }</strong>
                    { format!(" {}", if values.is_empty() { "(no records)".to_string() } else { values.join(", ") }) }
                    if let Some(ttl) = a.ttl_remaining {
                        { format!(" · TTL {ttl} s") }
                    }
                </li>
            </ol>
            <h6>{ "The engine's explanation" }</h6>
            <ul class="r53-trace">
                { for a.trace.iter().map(|line| html! { <li>{ line.clone() }</li> }) }
            </ul>
        </section>
    }
}
