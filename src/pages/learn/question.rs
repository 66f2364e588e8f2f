//! The parts every quiz shares: the choices of a question (radio buttons, or checkboxes for a
//! "choose N" question), the feedback after an answer, and a runner that takes a list of
//! questions one at a time with immediate feedback (practice and review).

use crate::app::use_learn;
use crate::browser;
use crate::learn::LearnAction;
use nimbus_learn::content::Kind;
use nimbus_learn::quiz::Feedback;
use nimbus_learn::Question;
use std::rc::Rc;
use yew::prelude::*;

/// "Choose one answer." / "Choose 2 answers."
pub fn kind_hint(kind: Kind) -> String {
    match kind {
        Kind::Single => "Choose one answer.".into(),
        Kind::Choose(n) => format!("Choose {n} answers."),
    }
}

#[derive(Properties, PartialEq)]
pub struct ChoiceListProps {
    pub question: Rc<Question>,
    pub selected: Vec<String>,
    pub on_change: Callback<Vec<String>>,
    #[prop_or(false)]
    pub disabled: bool,
}

/// The prompt and its choices, as a controlled form group.
#[component]
pub fn ChoiceList(props: &ChoiceListProps) -> Html {
    let q = &props.question;
    let multi = matches!(q.kind, Kind::Choose(_));
    let prompt_id = format!("prompt-{}", q.id);
    html! {
        <div class="question">
            <div class="prompt-text" id={prompt_id.clone()}>{ q.prompt.clone() }</div>
            <fieldset class="choices" aria-describedby={prompt_id}>
                <legend>{ kind_hint(q.kind) }</legend>
                { for q.choices.iter().map(|c| {
                    let input_id = format!("choice-{}-{}", q.id, c.id);
                    let checked = props.selected.contains(&c.id);
                    let onchange = {
                        let (selected, id, on_change) = (props.selected.clone(), c.id.clone(), props.on_change.clone());
                        Callback::from(move |_: Event| {
                            let next = if !multi {
                                vec![id.clone()]
                            } else if selected.contains(&id) {
                                selected.iter().filter(|s| **s != id).cloned().collect()
                            } else {
                                let mut next = selected.clone();
                                next.push(id.clone());
                                next
                            };
                            on_change.emit(next);
                        })
                    };
                    html! {
                        <div class={classes!("choice", checked.then_some("checked"))} key={c.id.clone()}>
                            <input type={if multi { "checkbox" } else { "radio" }} id={input_id.clone()}
                                   name={format!("q-{}", q.id)} value={c.id.clone()} {checked}
                                   disabled={props.disabled} {onchange} />
                            <label for={input_id}>{ c.text.clone() }</label>
                        </div>
                    }
                }) }
            </fieldset>
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct FeedbackViewProps {
    pub feedback: Feedback,
    /// Heading level context: exams list many, so they skip the big verdict.
    #[prop_or(true)]
    pub verdict: bool,
}

/// Right or wrong, why, why each other choice is wrong, and where to read and try more.
#[component]
pub fn FeedbackView(props: &FeedbackViewProps) -> Html {
    let f = &props.feedback;
    html! {
        <div class={classes!("feedback", if f.correct { "right" } else { "wrong" })}>
            if props.verdict {
                <p class="verdict">{ if f.correct { "✓ Correct." } else { "✗ Not quite." } }</p>
            }
            <p>{ f.explanation.clone() }</p>
            <ul class="choice-reasons">
                { for f.choices.iter().map(|c| {
                    let tag = match (c.is_answer, c.was_chosen) {
                        (true, true) => "Correct answer, your choice",
                        (true, false) => "Correct answer",
                        (false, true) => "Your choice, wrong",
                        (false, false) => "Wrong",
                    };
                    html! {
                        <li class={classes!(c.is_answer.then_some("is-answer"), c.was_chosen.then_some("was-chosen"))}>
                            <span class="reason-tag">{ tag }</span>
                            <strong>{ c.text.clone() }</strong>
                            <span class="reason">{ c.why.clone() }</span>
                        </li>
                    }
                }) }
            </ul>
            <p class="feedback-links">
                <a href={f.doc.clone()} target="_blank" rel="noopener">{ "Read the AWS documentation" }</a>
                <a href={f.try_it.clone()}>{ "Try it in the simulator" }</a>
            </p>
        </div>
    }
}

/// A question to ask, and whether its answer goes into progress (generated ones do not).
#[derive(Clone, Debug, PartialEq)]
pub struct QuizItem {
    pub question: Rc<Question>,
    pub generated: bool,
}

#[derive(Properties, PartialEq)]
pub struct QuizRunnerProps {
    pub items: Rc<Vec<QuizItem>>,
    /// Shown when every question has been answered.
    pub done: Html,
}

/// One question at a time: choose, check, read the feedback, go on.
#[component]
pub fn QuizRunner(props: &QuizRunnerProps) -> Html {
    let learn = use_learn();
    let position = use_state(|| 0usize);
    let selected = use_state(Vec::<String>::new);
    let feedback = use_state(|| None::<Feedback>);
    let right = use_state(|| 0usize);
    let next_ref = use_node_ref();
    {
        // After checking, keyboard users land on "Next"; the feedback is read out (aria-live).
        let next_ref = next_ref.clone();
        use_effect_with(feedback.is_some(), move |shown| {
            if *shown {
                if let Some(el) = next_ref.cast::<web_sys::HtmlElement>() {
                    let _ = el.focus();
                }
            }
        });
    }
    let total = props.items.len();
    let Some(item) = props.items.get(*position).cloned() else {
        return html! {
            <div class="quiz-done" aria-live="polite">
                if total > 0 {
                    <p class="score">{ format!("You answered {} of {total} right.", *right) }</p>
                }
                { props.done.clone() }
            </div>
        };
    };
    let q = item.question.clone();
    let need = q.kind.answer_count();
    let on_change = {
        let selected = selected.clone();
        Callback::from(move |next: Vec<String>| selected.set(next))
    };
    let check = {
        let (selected, feedback, right, learn, q) =
            (selected.clone(), feedback.clone(), right.clone(), learn.clone(), q.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let fb = Feedback::new(&q, &selected);
            if fb.correct {
                right.set(*right + 1);
            }
            if !item.generated {
                learn.dispatch(LearnAction::Answer {
                    question: q.id.clone(),
                    chosen: (*selected).clone(),
                    correct: fb.correct,
                    now_ms: browser::now_ms(),
                });
            }
            feedback.set(Some(fb));
        })
    };
    let next = {
        let (position, selected, feedback) = (position.clone(), selected.clone(), feedback.clone());
        Callback::from(move |_| {
            position.set(*position + 1);
            selected.set(Vec::new());
            feedback.set(None);
            browser::focus_id("quiz-progress");
        })
    };
    let answered = feedback.is_some();
    html! {
        <section class="quiz panel" aria-labelledby="quiz-progress">
            <h2 id="quiz-progress" tabindex="-1" class="quiz-progress">
                { format!("Question {} of {total}", *position + 1) }
                if item.generated {
                    <span class="badge generated">{ "Predict the outcome · generated by the simulator" }</span>
                }
            </h2>
            <form onsubmit={check}>
                <ChoiceList key={q.id.clone()} question={q.clone()} selected={(*selected).clone()} {on_change}
                            disabled={answered} />
                if !answered {
                    <div class="button-row">
                        <button type="submit" class="primary" disabled={selected.len() != need}>{ "Check answer" }</button>
                        if need > 1 {
                            <span class="help">{ format!("{} of {need} selected", selected.len()) }</span>
                        }
                    </div>
                }
            </form>
            <div aria-live="polite" class="feedback-region">
                if let Some(fb) = &*feedback {
                    <FeedbackView feedback={fb.clone()} />
                }
            </div>
            if answered {
                <button type="button" class="primary" ref={next_ref} onclick={next}>
                    { if *position + 1 < total { "Next question" } else { "See your score" } }
                </button>
            }
        </section>
    }
}
