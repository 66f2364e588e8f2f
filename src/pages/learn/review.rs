//! Review: questions last answered wrong and questions due again in their Leitner box, due ones
//! first, with "predict the outcome" questions the simulator generates mixed in.

use super::question::{QuizItem, QuizRunner};
use super::queue_ids;
use crate::app::use_learn;
use crate::browser;
use crate::components::link::AppLink;
use crate::learn::bank;
use crate::route::Route;
use nimbus_learn::generate;
use nimbus_learn::quiz::QueueKind;
use nimbus_learn::Progress;
use std::rc::Rc;
use yew::prelude::*;

/// Generated questions per review round.
pub const GENERATED: usize = 3;

/// Missed questions (due first), then questions due for repetition, with a generated question
/// after every two of them.
pub fn review_items(progress: &Progress, now_ms: u64, seed: u64) -> Vec<QuizItem> {
    let b = bank();
    let mut ids = queue_ids(b, progress, QueueKind::Review { service: None }, now_ms, seed);
    for id in queue_ids(b, progress, QueueKind::Spaced { service: None }, now_ms, seed) {
        // Spaced repetition also offers new questions; review keeps to those seen before.
        if progress.questions.contains_key(&id) && !ids.contains(&id) {
            ids.push(id);
        }
    }
    let mut generated = (0..GENERATED as u64).filter_map(|i| generate::s3::any(seed.wrapping_add(i)).ok());
    let mut items = Vec::new();
    for (i, id) in ids.iter().enumerate() {
        if let Some(q) = b.question(id) {
            items.push(QuizItem { question: Rc::new(q.clone()), generated: false });
        }
        if i % 2 == 1 {
            if let Some(g) = generated.next() {
                items.push(QuizItem { question: Rc::new(g.question), generated: true });
            }
        }
    }
    items.extend(generated.map(|g| QuizItem { question: Rc::new(g.question), generated: true }));
    items
}

#[component]
pub fn ReviewPage() -> Html {
    let learn = use_learn();
    let round = use_state(|| 0u64);
    let progress = learn.progress.clone();
    let items = use_memo(*round, move |round| {
        let now = browser::now_ms();
        Rc::new(review_items(&progress, now, now / 1000 + round))
    });
    let to_review = items.iter().filter(|i| !i.generated).count();
    let again = {
        let round = round.clone();
        Callback::from(move |_| round.set(*round + 1))
    };
    let done = html! {
        <>
            <p>{ "That is all for now. Answers you got right come back later, when their Leitner box says so." }</p>
            <div class="button-row">
                <button type="button" onclick={again}>{ "Review again" }</button>
                <AppLink to={Route::Practice}>{ "Practice" }</AppLink>
                <AppLink to={Route::Readiness}>{ "See readiness" }</AppLink>
            </div>
        </>
    };
    html! {
        <div class="learn-page">
            <h1 id="page-heading" tabindex="-1">{ "Review" }</h1>
            <p class="intro">
                { "Questions you answered wrong, and questions due again, due first (spaced repetition with \
                   Leitner boxes: a right answer moves a question up a box and it returns after 1, 2, 4, 8 or \
                   16 days; a wrong one sends it back to box 1). Questions generated from the simulator are \
                   mixed in: predict what a call does." }
            </p>
            <p class="status-line">
                { match to_review {
                    0 => "Nothing to review yet: no wrong answers and nothing due. Try the generated questions below.".to_string(),
                    1 => "1 question to review.".to_string(),
                    n => format!("{n} questions to review."),
                } }
            </p>
            <QuizRunner key={*round} items={(*items).clone()} done={done} />
        </div>
    }
}
