//! A guided demo: step by step, each step narrated and applying its call; the diagram marks what
//! changed. Back and Next, or ← and → anywhere outside a text field. The demo's World is its own:
//! the learner's World is untouched until "Open in the S3 console".

use crate::app::use_store;
use crate::components::link::AppLink;
use crate::components::share::ShareButton;
use crate::diagram::DiagramView;
use crate::learn::{bank, workspace};
use crate::route::Route;
use crate::store::{self, Action};
use gloo_events::EventListener;
use nimbus_learn::lab::fill_placeholders;
use nimbus_learn::share::{self, SharePayload};
use nimbus_learn::Demo;
use nimbus_sim::cli;
use nimbus_sim::diagram::Diagram;
use nimbus_sim::World;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// What one step showed: its command and output, and the World after it.
#[derive(Clone, Debug, PartialEq)]
pub struct StepState {
    pub world: World,
    pub line: Option<String>,
    pub stdout: String,
    pub stderr: String,
}

/// The World after steps `0..=upto` have run (from the same seed the labs use).
pub fn run_demo(demo: &Demo, upto: usize) -> StepState {
    let ws = workspace(World::new(store::SEED), &demo.files);
    let (mut world, mut files) = (ws.world, ws.files);
    let mut state =
        StepState { world: World::new(store::SEED), line: None, stdout: String::new(), stderr: String::new() };
    for step in demo.steps.iter().take(upto + 1) {
        state.line = step.cli.clone();
        state.stdout.clear();
        state.stderr.clear();
        if let Some(line) = &step.cli {
            match fill_placeholders(&world, line) {
                Ok(line) => {
                    let out = cli::run_line(&mut world, &mut files, &line);
                    state.line = Some(line);
                    state.stdout = out.stdout;
                    state.stderr = out.stderr;
                }
                Err(e) => state.stderr = e,
            }
        }
    }
    state.world = world;
    state
}

/// Ids of nodes and groups that are new or different in `after` compared with `before`.
pub fn changed_ids(before: &Diagram, after: &Diagram) -> Vec<String> {
    let mut out = Vec::new();
    for n in &after.nodes {
        let same = before
            .nodes
            .iter()
            .any(|b| b.id == n.id && b.state == n.state && b.details == n.details && b.label == n.label);
        if !same {
            out.push(n.id.clone());
        }
    }
    for g in &after.groups {
        let same = before.groups.iter().any(|b| b.id == g.id && b.details == g.details && b.label == g.label);
        if !same {
            out.push(g.id.clone());
        }
    }
    out
}

#[derive(Properties, PartialEq)]
pub struct DemoPageProps {
    pub id: AttrValue,
    /// The step to open at (0-based), from a share link.
    #[prop_or_default]
    pub step: usize,
}

#[component]
pub fn DemoPage(props: &DemoPageProps) -> Html {
    let store = use_store();
    let Some(demo) = bank().demo(&props.id).cloned() else {
        return html! {
            <div class="learn-page">
                <h1 id="page-heading" tabindex="-1">{ "No such demo" }</h1>
                <p>{ format!("Nimbus Lab has no guided demo called '{}'.", props.id) }</p>
                <AppLink to={Route::Learn}>{ "See the learning pages" }</AppLink>
            </div>
        };
    };
    let last = demo.steps.len().saturating_sub(1);
    let index = use_state(|| props.step.min(last));
    let i = (*index).min(last);
    {
        // ← and → step through the demo, unless the learner is typing.
        let index = index.clone();
        use_effect_with(i, move |i| {
            let i = *i;
            let listener = web_sys::window().and_then(|w| w.document()).map(|doc| {
                EventListener::new(&doc, "keydown", move |e| {
                    let Some(e) = e.dyn_ref::<web_sys::KeyboardEvent>() else { return };
                    if e.ctrl_key() || e.meta_key() || e.alt_key() || crate::browser::typing_in_field(e) {
                        return;
                    }
                    match e.key().as_str() {
                        "ArrowRight" if i < last => index.set(i + 1),
                        "ArrowLeft" if i > 0 => index.set(i - 1),
                        _ => {}
                    }
                })
            });
            move || drop(listener)
        });
    }
    let state = {
        let demo = demo.clone();
        use_memo(i, move |i| run_demo(&demo, *i))
    };
    let diagrams = {
        let (demo, state) = (demo.clone(), state.clone());
        use_memo(i, move |i| {
            let draw = |world: &World| crate::diagram::for_service(&demo.service, world);
            let after = draw(&state.world);
            let before = if *i == 0 { draw(&World::new(store::SEED)) } else { draw(&run_demo(&demo, i - 1).world) };
            let mut changed = changed_ids(&before, &after);
            // Content may name what to highlight, by node id or label.
            for h in &demo.steps[*i].highlight {
                for n in after.nodes.iter().filter(|n| n.id == *h || n.label == *h) {
                    changed.push(n.id.clone());
                }
                for g in after.groups.iter().filter(|g| g.id == *h || g.label == *h) {
                    changed.push(g.id.clone());
                }
            }
            (Rc::new(after), Rc::new(changed))
        })
    };
    let (diagram, changed) = (diagrams.0.clone(), diagrams.1.clone());
    let changed_labels: Vec<String> = diagram
        .nodes
        .iter()
        .filter(|n| changed.contains(&n.id))
        .map(|n| format!("{} {}", n.kind, n.label))
        .chain(diagram.groups.iter().filter(|g| changed.contains(&g.id)).map(|g| format!("{} {}", g.kind, g.label)))
        .collect();
    let go = |to: usize| {
        let index = index.clone();
        Callback::from(move |_| index.set(to))
    };
    let step = &demo.steps[i];
    let share = {
        let id = demo.id.clone();
        Callback::from(move |_| share::encode(&SharePayload::DemoStep { demo: id.clone(), step: i }))
    };
    let open = {
        let (store, world, files) = (store.clone(), state.world.clone(), demo.files.clone());
        Callback::from(move |_| {
            store.dispatch(Action::Load {
                lab: Box::new(workspace(world.clone(), &files)),
                title: "Demo World opened".into(),
                text: "Your World is now the demo's, as of this step. Undo brings yours back.".into(),
            })
        })
    };
    html! {
        <div class="learn-page demo-page">
            <p class="crumbs"><AppLink to={Route::Learn}>{ "Learn" }</AppLink>{ " · Guided demo" }</p>
            <h1 id="page-heading" tabindex="-1">{ demo.title.clone() }</h1>
            <div class="demo-step" aria-live="polite">
                <p class="step-count">{ format!("Step {} of {}", i + 1, demo.steps.len()) }</p>
                <p class="narration">{ step.narration.clone() }</p>
                if let Some(line) = &state.line {
                    <div class="cli-line demo-cli">
                        <span class="cli-line-label">{ "This step runs:" }</span>
                        <code>{ format!("$ {line}") }</code>
                        if !state.stdout.trim().is_empty() {
                            <pre class="term-out">{ state.stdout.clone() }</pre>
                        }
                        if !state.stderr.trim().is_empty() {
                            <pre class="term-err">{ state.stderr.clone() }</pre>
                        }
                    </div>
                }
                <p class="changed-text">
                    { if changed_labels.is_empty() { "Nothing in the diagram changed.".to_string() }
                      else { format!("Changed: {}.", changed_labels.join(", ")) } }
                </p>
            </div>
            <div class="button-row demo-nav">
                <button type="button" onclick={go(i.saturating_sub(1))} disabled={i == 0} aria-keyshortcuts="ArrowLeft">
                    { "← Back" }
                </button>
                <button type="button" class="primary" onclick={go((i + 1).min(last))} disabled={i >= last}
                        aria-keyshortcuts="ArrowRight">{ "Next →" }</button>
            </div>
            <section class="panel diagram-panel" aria-labelledby="demo-diagram-heading">
                <h2 id="demo-diagram-heading">{ "Diagram" }</h2>
                <DiagramView diagram={diagram} empty="Nothing yet: the next step creates it." changed={changed} />
            </section>
            <div class="button-row side-actions">
                <ShareButton label="Share this step" make={share} />
                <button type="button" onclick={open}>{ "Open this World in the S3 console" }</button>
            </div>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_step_of_every_demo_runs_and_the_first_call_changes_the_diagram() {
        for demo in &bank().demos {
            for (i, step) in demo.steps.iter().enumerate() {
                let s = run_demo(demo, i);
                match &step.expect_error {
                    None => assert!(s.stderr.is_empty(), "{} step {}: {}", demo.id, i + 1, s.stderr),
                    Some(code) => assert!(s.stderr.contains(code.as_str()), "{} step {}: {}", demo.id, i + 1, s.stderr),
                }
            }
            let empty = crate::diagram::for_service(&demo.service, &World::new(store::SEED));
            let first = crate::diagram::for_service(&demo.service, &run_demo(demo, 0).world);
            assert!(!changed_ids(&empty, &first).is_empty(), "{}", demo.id);
        }
    }
}
