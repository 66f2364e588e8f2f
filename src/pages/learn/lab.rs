//! A lab: the story, a goal checklist that ticks as the World in the store changes (from the
//! terminal here or the S3 console), hints one at a time, the solution behind a confirmation,
//! the score, and the next lab when it is done. Also the strip that follows the learner to other
//! pages while a lab is in progress.

use crate::app::{use_learn, use_store};
use crate::browser;
use crate::components::confirm::ConfirmButton;
use crate::components::link::AppLink;
use crate::components::share::ShareButton;
use crate::components::terminal::Terminal;
use crate::diagram::DiagramView;
use crate::learn::{bank, start_lab, LearnAction};
use crate::route::Route;
use crate::store::Action;
use nimbus_learn::lab::LabSession;
use nimbus_learn::share::{self, SharePayload};
use nimbus_learn::Lab;
use std::rc::Rc;
use yew::prelude::*;
use yew_router::prelude::*;

/// Starts `lab`: the store gets its starting World (undoable) and the learn context its session.
pub fn start(lab: &Lab, store: &crate::app::StoreHandle, learn: &crate::app::LearnHandle) {
    match start_lab(lab) {
        Ok((session, workspace)) => {
            store.dispatch(Action::Load {
                lab: Box::new(workspace),
                title: format!("Lab started: {}", lab.title),
                text: "Your World is now the lab's starting point. Undo brings your previous World back.".into(),
            });
            learn.dispatch(LearnAction::StartLab(Box::new(session)));
        }
        Err(failure) => store.dispatch(Action::Notify {
            kind: crate::store::NoticeKind::Error,
            title: "The lab could not start".into(),
            text: failure.to_string(),
        }),
    }
}

#[derive(Properties, PartialEq)]
pub struct LabPageProps {
    pub id: AttrValue,
}

#[component]
pub fn LabPage(props: &LabPageProps) -> Html {
    let store = use_store();
    let learn = use_learn();
    let Some(lab) = bank().lab(&props.id) else {
        return html! {
            <div class="learn-page">
                <h1 id="page-heading" tabindex="-1">{ "No such lab" }</h1>
                <p>{ format!("Nimbus Lab has no lab called '{}'.", props.id) }</p>
                <AppLink to={Route::Labs}>{ "See every lab" }</AppLink>
            </div>
        };
    };
    let session = learn.lab_session(&lab.id).cloned();
    let begin = {
        let (lab, store, learn) = (lab.clone(), store.clone(), learn.clone());
        Callback::from(move |_| start(&lab, &store, &learn))
    };
    let other = learn.lab.as_ref().filter(|s| s.lab.id != lab.id).map(|s| s.lab.title.clone());
    html! {
        <div class="learn-page lab-page">
            <p class="crumbs"><AppLink to={Route::Labs}>{ "Labs" }</AppLink></p>
            <h1 id="page-heading" tabindex="-1">{ lab.title.clone() }</h1>
            { for paragraphs(&lab.story).map(|p| html! { <p class="story">{ p }</p> }) }
            { match session {
                Some(session) => html! { <LabWork session={Rc::new(session)} /> },
                None => html! {
                    <section class="panel" aria-labelledby="lab-start-heading">
                        <h2 id="lab-start-heading">{ "Ready?" }</h2>
                        <p>{ "Starting the lab replaces your World with the lab's starting point (undo brings yours back). \
                              Then work in the terminal below or in the S3 console; the goals tick as you reach them." }</p>
                        if let Some(title) = other {
                            <p>{ format!("This leaves the lab in progress, \"{title}\".") }</p>
                        }
                        <button type="button" class="primary" onclick={begin}>{ "Start the lab" }</button>
                    </section>
                },
            } }
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct LabWorkProps {
    session: Rc<LabSession>,
}

#[component]
fn LabWork(props: &LabWorkProps) -> Html {
    let store = use_store();
    let learn = use_learn();
    let show_solution = use_state(|| false);
    let session = props.session.clone();
    let lab = &session.lab;
    // Checked again only when the World changed; website goals evaluate on a copy.
    let checks = use_memo((store.save_rev, session.clone()), {
        let ws = store.lab.clone();
        move |(_, session)| {
            session.check(&ws.world).into_iter().map(|(g, ok)| (g.description.clone(), ok)).collect::<Vec<_>>()
        }
    });
    let score = session.score(store.world());
    let done = checks.iter().filter(|(_, ok)| *ok).count();
    let complete = done == checks.len() && !checks.is_empty();
    {
        let (learn, lab_id) = (learn.clone(), lab.id.clone());
        use_effect_with((complete, score.calls_used), move |(complete, calls)| {
            if *complete {
                learn.dispatch(LearnAction::LabDone {
                    lab: lab_id,
                    calls: *calls,
                    reference_calls: score.reference_calls,
                    now_ms: browser::now_ms(),
                });
            }
        });
    }
    let diagram = use_memo(store.save_rev, {
        let (ws, service) = (store.lab.clone(), lab.service.clone());
        move |_| crate::diagram::for_service(&service, &ws.world)
    });
    let hint = {
        let learn = learn.clone();
        Callback::from(move |_| learn.dispatch(LearnAction::RevealHint))
    };
    let reveal = {
        let show_solution = show_solution.clone();
        Callback::from(move |_| show_solution.set(true))
    };
    let restart = {
        let (lab, store, learn) = (lab.clone(), store.clone(), learn.clone());
        Callback::from(move |_| start(&lab, &store, &learn))
    };
    let leave = {
        let learn = learn.clone();
        Callback::from(move |_| learn.dispatch(LearnAction::LeaveLab))
    };
    let share = {
        let (id, ws) = (lab.id.clone(), store.lab.clone());
        Callback::from(move |_| share::encode(&SharePayload::Lab { lab: id.clone(), world: Some(ws.world.clone()) }))
    };
    let labs = &bank().labs;
    let next = labs.iter().position(|l| l.id == lab.id).and_then(|i| labs.get(i + 1));
    let hints_left = lab.hints.len() - session.hints().len();
    html! {
        <div class="lab-grid">
            <section class="panel lab-goals" aria-labelledby="goals-heading">
                <h2 id="goals-heading">{ format!("Goals: {done} of {} done", checks.len()) }</h2>
                <ul class="checklist" aria-live="polite">
                    { for checks.iter().map(|(text, ok)| html! {
                        <li class={classes!(ok.then_some("met"))}>
                            <span class="tick" aria-hidden="true">{ if *ok { "✓" } else { "○" } }</span>
                            <span class="visually-hidden">{ if *ok { "Done: " } else { "Not yet: " } }</span>
                            { text.clone() }
                        </li>
                    }) }
                </ul>
                <p class="score-line">
                    { format!("Calls used: {} · reference solution: {}", score.calls_used, score.reference_calls) }
                </p>
                if complete {
                    <div class="lab-complete" role="status">
                        <h3>{ "Lab complete" }</h3>
                        <p>{ if score.matches_reference() {
                            format!("You needed {} calls; the reference solution needs {}. As good as it gets.", score.calls_used, score.reference_calls)
                        } else {
                            format!("You needed {} calls; the reference solution needs {}. Try again for a tighter score?", score.calls_used, score.reference_calls)
                        } }</p>
                        <div class="button-row">
                            if let Some(next) = next {
                                <AppLink to={Route::Lab { id: next.id.clone() }} classes={classes!("cta")}>
                                    { format!("Next lab: {}", next.title) }
                                </AppLink>
                            } else {
                                <AppLink to={Route::Labs} classes={classes!("cta")}>{ "Back to the labs" }</AppLink>
                            }
                        </div>
                    </div>
                }
                <h3>{ "Hints" }</h3>
                <ol class="hints" aria-live="polite">
                    { for session.hints().iter().map(|h| html! { <li>{ h.clone() }</li> }) }
                </ol>
                <button type="button" onclick={hint} disabled={hints_left == 0}>
                    { if hints_left == 0 { "No more hints".to_string() } else { format!("Show a hint ({hints_left} left)") } }
                </button>
                <h3>{ "Solution" }</h3>
                if *show_solution {
                    <pre class="solution">{ lab.solution.join("\n") }</pre>
                } else {
                    <ConfirmButton label="Show the solution"
                        question="See the reference solution? Working it out yourself (with hints) sticks better."
                        confirm="Yes, show it" on_confirm={reveal} />
                }
                if !lab.files.is_empty() {
                    <h3>{ "Your working folder" }</h3>
                    <ul class="plain-list">
                        { for lab.files.keys().map(|f| html! { <li><code>{ f.clone() }</code></li> }) }
                    </ul>
                }
                <h3>{ "This lab" }</h3>
                <div class="button-row">
                    <ConfirmButton label="Restart the lab" question="Start this lab again from its beginning? Undo brings this World back."
                        confirm="Yes, restart" on_confirm={restart} />
                    <button type="button" onclick={leave}>{ "Leave the lab" }</button>
                </div>
                <ShareButton label="Share this lab" make={share} />
            </section>
            <section class="panel terminal-panel" aria-labelledby="lab-terminal-heading">
                <h2 id="lab-terminal-heading">{ "Terminal" }</h2>
                <Terminal service={lab.service.clone()} />
                <p class="help">
                    { "Prefer clicking? " }
                    <AppLink to={Route::for_service(&lab.service)}>
                        { format!("Work in the {} console", crate::catalog::find(&lab.service).map_or("S3", |s| s.short)) }
                    </AppLink>
                    { ": the checklist follows you there." }
                </p>
            </section>
            <section class="panel diagram-panel" aria-labelledby="lab-diagram-heading">
                <h2 id="lab-diagram-heading">{ "Diagram" }</h2>
                <DiagramView diagram={diagram} empty={crate::diagram::empty_text(&lab.service)} />
            </section>
        </div>
    }
}

/// On other pages, while a lab is in progress: how far along it is and the way back.
#[component]
pub fn LabStrip() -> Html {
    let store = use_store();
    let learn = use_learn();
    let route = use_route::<Route>();
    let session = learn.lab.clone();
    let checks = use_memo((store.save_rev, session.clone()), {
        let ws = store.lab.clone();
        move |(_, session)| {
            session.as_ref().map(|s| {
                let c = s.check(&ws.world);
                (c.iter().filter(|(_, ok)| *ok).count(), c.len())
            })
        }
    });
    let Some(session) = session else { return html! {} };
    if matches!(&route, Some(Route::Lab { id }) if *id == session.lab.id) {
        return html! {};
    }
    let Some((done, total)) = *checks else { return html! {} };
    html! {
        <aside class="lab-strip" aria-label="Lab in progress">
            <p>
                <strong>{ format!("Lab: {}", session.lab.title) }</strong>
                { format!(" · {done} of {total} goals done ") }
                <AppLink to={Route::Lab { id: session.lab.id.clone() }}>{ "Back to the lab" }</AppLink>
            </p>
        </aside>
    }
}

/// A story's paragraphs (blank-line separated), each reflowed: the content files wrap lines at
/// a fixed width, which a narrow screen must not keep.
fn paragraphs(story: &str) -> impl Iterator<Item = String> + '_ {
    story.split("\n\n").map(|p| p.split_whitespace().collect::<Vec<_>>().join(" ")).filter(|p| !p.is_empty())
}

#[cfg(test)]
mod tests {
    use super::paragraphs;

    #[test]
    fn stories_reflow_into_paragraphs() {
        let story = "The bakery wants its menu\nonline by tonight.\n\n  Put it in a bucket.\n";
        let got: Vec<String> = paragraphs(story).collect();
        assert_eq!(got, ["The bakery wants its menu online by tonight.", "Put it in a bucket."]);
    }
}
