//! Exam mode: a timed set mixed across domains, length and time chosen by the learner
//! (certification-like by default), flags, a question map, no feedback until the end, then the
//! score per domain and a review of every answer. The timer reads the browser clock and passes
//! it to the exam engine, which never reads a clock itself.

use super::question::{ChoiceList, FeedbackView};
use crate::app::use_learn;
use crate::browser;
use crate::components::confirm::ConfirmButton;
use crate::components::link::AppLink;
use crate::learn::{bank, LearnAction};
use crate::route::Route;
use gloo_timers::callback::Interval;
use nimbus_learn::quiz::exam::{ExamConfig, ExamResult, CERTIFICATION_MINUTES, CERTIFICATION_QUESTIONS};
use nimbus_learn::quiz::Exam;
use std::rc::Rc;
use web_sys::HtmlInputElement;
use yew::prelude::*;

const MINUTE_MS: u64 = 60_000;

/// A change to the running exam, given the clock.
type ExamEdit = Box<dyn Fn(&mut Exam, u64)>;

/// `mm:ss`, or `h:mm:ss` from an hour up.
pub fn clock_text(ms: u64) -> String {
    let s = ms.div_ceil(1000);
    if s >= 3600 {
        format!("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
    } else {
        format!("{:02}:{:02}", s / 60, s % 60)
    }
}

#[component]
pub fn ExamPage() -> Html {
    let exam = use_state(|| None::<Rc<Exam>>);
    let start = {
        let exam = exam.clone();
        Callback::from(move |config: ExamConfig| {
            if let Ok(e) = Exam::start(&bank().questions, config, browser::now_ms()) {
                exam.set(Some(Rc::new(e)));
                browser::focus_id("page-heading");
            }
        })
    };
    let reset = {
        let exam = exam.clone();
        Callback::from(move |_| exam.set(None))
    };
    html! {
        <div class="learn-page exam-page">
            <h1 id="page-heading" tabindex="-1">{ "Exam" }</h1>
            { match &*exam {
                None => html! { <ExamSetup on_start={start} /> },
                Some(e) if e.result().is_some() => html! {
                    <ExamReport exam={e.clone()} on_again={reset} />
                },
                Some(e) => html! { <ExamRunning exam={e.clone()} on_change={Callback::from(move |e| exam.set(Some(e)))} /> },
            } }
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct SetupProps {
    on_start: Callback<ExamConfig>,
}

#[component]
fn ExamSetup(props: &SetupProps) -> Html {
    let size = bank().questions.len();
    let default = ExamConfig::certification_like(size, 0);
    let minutes = use_state(|| default.duration_ms / MINUTE_MS);
    let number = |state: UseStateHandle<u64>, max: u64| {
        Callback::from(move |e: InputEvent| {
            let input: HtmlInputElement = e.target_unchecked_into();
            if let Ok(v) = input.value().parse::<u64>() {
                state.set(v.clamp(1, max));
            }
        })
    };
    let count_u64 = use_state(|| default.question_count as u64);
    let onsubmit = {
        let (count_u64, minutes, on_start) = (count_u64.clone(), minutes.clone(), props.on_start.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let n = (*count_u64 as usize).min(size);
            on_start.emit(ExamConfig {
                question_count: n,
                duration_ms: *minutes * MINUTE_MS,
                seed: browser::now_ms(),
                services: Vec::new(),
            });
        })
    };
    html! {
        <section class="panel exam-setup" aria-labelledby="exam-setup-heading">
            <h2 id="exam-setup-heading">{ "Set up your exam" }</h2>
            <p>
                { format!("The associate exams ask {CERTIFICATION_QUESTIONS} questions in {CERTIFICATION_MINUTES} minutes, \
                   two minutes a question. The question bank holds {size}, so the default is {} questions in {} \
                   minutes. Nothing tells you right or wrong until you submit.", default.question_count,
                   default.duration_ms / MINUTE_MS) }
            </p>
            <form {onsubmit}>
                <div class="fields">
                    <div class="field narrow">
                        <label for="exam-count">{ "Questions" }</label>
                        <input id="exam-count" type="number" min="1" max={size.to_string()}
                               value={count_u64.to_string()} oninput={number(count_u64.clone(), size as u64)} />
                    </div>
                    <div class="field narrow">
                        <label for="exam-minutes">{ "Minutes" }</label>
                        <input id="exam-minutes" type="number" min="1" max="300" value={minutes.to_string()}
                               oninput={number(minutes.clone(), 300)} />
                    </div>
                </div>
                <button type="submit" class="primary" disabled={size == 0}>{ "Start the exam" }</button>
            </form>
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct RunningProps {
    exam: Rc<Exam>,
    on_change: Callback<Rc<Exam>>,
}

#[component]
fn ExamRunning(props: &RunningProps) -> Html {
    let index = use_state(|| 0usize);
    let now = use_state(browser::now_ms);
    {
        let now = now.clone();
        use_effect_with((), move |_| {
            let timer = Interval::new(1000, move || now.set(browser::now_ms()));
            move || drop(timer)
        });
    }
    {
        // The clock decides: when time is up the exam is submitted as it stands.
        let (exam, on_change) = (props.exam.clone(), props.on_change.clone());
        use_effect_with(*now, move |now| {
            if *now >= exam.deadline_ms() {
                let mut e = (*exam).clone();
                e.tick(*now);
                on_change.emit(Rc::new(e));
            }
        });
    }
    let exam = &props.exam;
    let i = (*index).min(exam.len().saturating_sub(1));
    let Some(view) = exam.question(i) else { return html! {} };
    let question = Rc::new(bank().question(view.id).cloned().unwrap_or_else(|| nimbus_learn::Question {
        id: view.id.to_string(),
        service: String::new(),
        domains: Vec::new(),
        kind: view.kind,
        prompt: view.prompt.to_string(),
        choices: Vec::new(),
        answer: Vec::new(),
        explanation: String::new(),
        doc: String::new(),
        try_it: String::new(),
        origin: Default::default(),
    }));
    let selected: Vec<String> = exam.given(i).map(|g| g.to_vec()).unwrap_or_default();
    let map = exam.question_map();
    let flagged = map.get(i).is_some_and(|c| c.flagged);
    let update = |f: ExamEdit| {
        let (exam, on_change) = (props.exam.clone(), props.on_change.clone());
        move || {
            let mut e = (*exam).clone();
            f(&mut e, browser::now_ms());
            on_change.emit(Rc::new(e));
        }
    };
    let on_choice = {
        let (exam, on_change) = (props.exam.clone(), props.on_change.clone());
        Callback::from(move |chosen: Vec<String>| {
            let mut e = (*exam).clone();
            let _ = e.answer(i, chosen, browser::now_ms());
            on_change.emit(Rc::new(e));
        })
    };
    let toggle_flag = {
        let run = update(Box::new(move |e, now| {
            let _ = e.flag(i, !flagged, now);
        }));
        Callback::from(move |_| run())
    };
    let submit = {
        let run = update(Box::new(|e, now| {
            e.submit(now);
        }));
        Callback::from(move |_: ()| run())
    };
    let go = |to: usize| {
        let index = index.clone();
        Callback::from(move |_| index.set(to))
    };
    let remaining = exam.remaining_ms(*now);
    let unanswered = map.iter().filter(|c| !c.answered).count();
    let n = exam.len();
    html! {
        <>
            <div class="exam-bar" role="group" aria-label="Exam status">
                <p class={classes!("timer", (remaining < 5 * MINUTE_MS).then_some("low"))} role="timer">
                    <span class="timer-label">{ "Time left " }</span>{ clock_text(remaining) }
                </p>
                <p>{ format!("{} of {n} answered", n - unanswered) }</p>
                if unanswered == 0 {
                    <button type="button" class="primary" onclick={submit.reform(|_: MouseEvent| ())}>{ "Submit the exam" }</button>
                } else {
                    <ConfirmButton label="Submit the exam"
                        question={format!("{unanswered} of {n} questions have no answer; they count as wrong. Submit anyway?")}
                        confirm="Yes, submit" on_confirm={submit} />
                }
            </div>
            <div class="exam-grid">
                <section class="panel quiz" aria-labelledby="exam-q-heading">
                    <h2 id="exam-q-heading">{ format!("Question {} of {n}", i + 1) }</h2>
                    <ChoiceList key={question.id.clone()} question={question.clone()} {selected} on_change={on_choice} />
                    <div class="button-row">
                        <button type="button" onclick={go(i.saturating_sub(1))} disabled={i == 0}>{ "Previous" }</button>
                        <button type="button" onclick={go((i + 1).min(n - 1))} disabled={i + 1 >= n}>{ "Next" }</button>
                        <button type="button" aria-pressed={flagged.to_string()} onclick={toggle_flag}>
                            { if flagged { "⚑ Flagged for review" } else { "⚐ Flag for review" } }
                        </button>
                    </div>
                </section>
                <nav class="panel question-map" aria-label="Question map">
                    <h2>{ "Question map" }</h2>
                    <ol>
                        { for map.iter().enumerate().map(|(k, cell)| {
                            let mut words = vec![format!("Question {}", k + 1)];
                            words.push(if cell.answered { "answered".into() } else { "not answered".into() });
                            if cell.flagged { words.push("flagged".into()); }
                            html! {
                                <li>
                                    <button type="button" aria-label={words.join(", ")}
                                            aria-current={(k == i).then_some("step")}
                                            class={classes!(cell.answered.then_some("answered"), cell.flagged.then_some("flagged"), (k == i).then_some("current"))}
                                            onclick={go(k)}>
                                        { k + 1 }{ if cell.flagged { "⚑" } else { "" } }
                                    </button>
                                </li>
                            }
                        }) }
                    </ol>
                    <p class="help">{ "Filled: answered. ⚑: flagged for review." }</p>
                </nav>
            </div>
        </>
    }
}

#[derive(Properties, PartialEq)]
struct ReportProps {
    exam: Rc<Exam>,
    on_again: Callback<MouseEvent>,
}

#[component]
fn ExamReport(props: &ReportProps) -> Html {
    let learn = use_learn();
    let result: Option<ExamResult> = props.exam.result().cloned();
    {
        // Recorded once, when the result first shows.
        let result = result.clone();
        use_effect_with((), move |_| {
            if let Some(r) = result {
                learn.dispatch(LearnAction::Exam(Box::new(r)));
            }
        });
    }
    let Some(r) = result else { return html! {} };
    html! {
        <>
            <section class="panel exam-result" aria-labelledby="exam-score" aria-live="polite">
                <h2 id="exam-score">{ format!("Score: {} of {} ({}%)", r.correct, r.total, r.percent) }</h2>
                if r.timed_out {
                    <p class="warn">{ "Time ran out: the exam was submitted with the answers given by then." }</p>
                }
                <p>{ format!("Time taken: {}.", clock_text(r.finished_ms.saturating_sub(r.started_ms))) }</p>
                <table>
                    <caption>{ "Score per exam domain" }</caption>
                    <thead><tr><th scope="col">{ "Domain" }</th><th scope="col">{ "Right" }</th><th scope="col">{ "Score" }</th></tr></thead>
                    <tbody>
                        { for r.per_domain.iter().map(|d| html! {
                            <tr>
                                <th scope="row">{ format!("{} · {}", d.domain.certification().code(), d.domain.title()) }</th>
                                <td>{ format!("{} of {}", d.correct, d.total) }</td>
                                <td>{ format!("{}%", d.correct * 100 / d.total.max(1)) }</td>
                            </tr>
                        }) }
                    </tbody>
                </table>
                <div class="button-row">
                    <button type="button" onclick={props.on_again.clone()}>{ "New exam" }</button>
                    <AppLink to={Route::Review}>{ "Review missed questions" }</AppLink>
                    <AppLink to={Route::Readiness}>{ "See readiness" }</AppLink>
                </div>
            </section>
            <section aria-labelledby="exam-review-heading">
                <h2 id="exam-review-heading">{ "Every answer" }</h2>
                <ol class="exam-review">
                    { for r.review.iter().map(|item| {
                        let prompt = bank().question(&item.question_id).map(|q| q.prompt.clone()).unwrap_or_default();
                        html! {
                            <li class="panel">
                                <p class="verdict">
                                    { if item.correct { "✓ Right" } else if item.chosen.is_empty() { "✗ Not answered" } else { "✗ Wrong" } }
                                    if item.flagged { <span class="badge">{ "Flagged" }</span> }
                                </p>
                                <p class="prompt-text">{ prompt }</p>
                                <FeedbackView feedback={item.feedback.clone()} verdict={false} />
                            </li>
                        }
                    }) }
                </ol>
            </section>
        </>
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_timer_reads_minutes_and_seconds() {
        assert_eq!(super::clock_text(0), "00:00");
        assert_eq!(super::clock_text(61_001), "01:02");
        assert_eq!(super::clock_text(34 * 60_000), "34:00");
        assert_eq!(super::clock_text(3_600_000 + 5_000), "1:00:05");
    }
}
