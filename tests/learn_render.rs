//! The learning pages as a user sees them, rendered natively (yew SSR): practice, exam setup,
//! review with generated questions, readiness, labs, a lab in progress with its checklist, a
//! guided demo, and share links good and bad.

use nimbus_lab::app::{StaticApp, StaticAppProps};
use nimbus_lab::learn::{self, LearnAction, LearnState};
use nimbus_lab::store::{Action, Store};
use nimbus_learn::share::{self, SharePayload};
use std::rc::Rc;
use yew::LocalServerRenderer;

fn render_with(store: Store, learn: LearnState, path: &str) -> String {
    let props = StaticAppProps { store: Rc::new(store), path: path.to_string().into(), learn: Rc::new(learn) };
    let runtime = tokio::runtime::Builder::new_current_thread().build().unwrap();
    let local = tokio::task::LocalSet::new();
    local.block_on(&runtime, LocalServerRenderer::<StaticApp>::with_props(props).render())
}

fn render(path: &str) -> String {
    render_with(Store::default(), LearnState::default(), path)
}

#[test]
fn the_header_links_to_the_learning_pages_and_presenter_mode() {
    let html = render("/");
    for href in ["href=\"#/learn\"", "href=\"#/learn/quiz\"", "href=\"#/learn/labs\""] {
        assert!(html.contains(href), "missing {href}");
    }
    assert!(html.contains("Presenter mode") && html.contains("aria-pressed=\"false\""));
    assert!(html.contains("Share this World"));
}

#[test]
fn practice_shows_one_question_with_its_choices() {
    let html = render("/learn/quiz");
    assert!(html.contains(">Practice</h1>"));
    // CloudFormation is the first service (by name) with a page, so practice opens on its bank.
    assert!(html.contains("<option value=\"cloudformation\" selected"), "{html}");
    assert!(html.contains("Question 1 of 34"), "{html}");
    assert!(html.contains("type=\"radio\"") || html.contains("type=\"checkbox\""));
    assert!(html.contains("Check answer"));
    assert!(html.contains("<option value=\"s3\"") && html.contains("<option value=\"route53\""));
}

#[test]
fn exam_setup_defaults_to_two_minutes_a_question() {
    let html = render("/learn/exam");
    assert!(html.contains("Set up your exam"));
    // The associate exams: 65 questions in 130 minutes, once the bank holds that many.
    assert!(html.contains("value=\"65\"") && html.contains("value=\"130\""), "{html}");
}

#[test]
fn review_starts_with_a_missed_question_and_mixes_in_generated_ones() {
    let mut learn = LearnState::default();
    learn.apply(LearnAction::Answer {
        question: "s3-durability".into(),
        chosen: vec!["a".into()],
        correct: false,
        now_ms: 0,
    });
    let html = render_with(Store::default(), learn.clone(), "/learn/review");
    assert!(html.contains("1 question to review."), "{html}");
    assert!(html.contains("What durability is S3 Standard designed for?"));
    let items = nimbus_lab::pages::learn::review::review_items(&learn.progress, 1, 7);
    assert_eq!(items.first().map(|i| i.question.id.as_str()), Some("s3-durability"));
    assert!(items.iter().filter(|i| i.generated).count() >= 2);
}

#[test]
fn readiness_shows_services_and_domains() {
    let html = render("/learn/progress");
    assert!(html.contains("By service") && html.contains("Amazon S3"));
    assert!(html.contains("Domain 2: Design Resilient Architectures"));
    assert!(html.contains("<meter"));
}

#[test]
fn the_lab_list_and_a_lab_in_progress_with_its_checklist() {
    let html = render("/learn/labs");
    assert!(html.contains("Host a static website") && html.contains("Not started"));

    let lab = learn::bank().lab("s3-recover-deleted-file").unwrap();
    let (session, ws) = learn::start_lab(lab).unwrap();
    let mut store = Store::default();
    store.apply(Action::Load { lab: Box::new(ws), title: "t".into(), text: "t".into() });
    let mut state = LearnState::default();
    state.apply(LearnAction::StartLab(Box::new(session)));
    let html = render_with(store.clone(), state.clone(), "/learn/lab/s3-recover-deleted-file");
    assert!(html.contains("Goals: 1 of 3 done"), "only the version count holds at the start: {html}");
    assert!(html.contains("Show a hint (3 left)"));
    assert!(html.contains("Show the solution") && !html.contains("list-object-versions --bucket team-handbook\n"));
    assert!(html.contains("id=\"terminal-input\""));

    // The learner's own line reaches every goal; the page says so and offers the next lab.
    store.apply(Action::RunLine(
        "aws s3api delete-object --bucket team-handbook --key policies/holidays.md --version-id ".to_string()
            + &nimbus_learn::lab::fill_placeholders(
                store.world(),
                "{delete_marker:team-handbook/policies/holidays.md}",
            )
            .unwrap(),
    ));
    let html = render_with(store.clone(), state.clone(), "/learn/lab/s3-recover-deleted-file");
    assert!(html.contains("Goals: 3 of 3 done") && html.contains("Lab complete"), "{html}");
    assert!(html.contains("Calls used: 1 · reference solution: 2"));

    // Elsewhere, the strip shows the lab's state.
    let html = render_with(store, state, "/s3");
    assert!(html.contains("Lab: Recover a deleted file") && html.contains("3 of 3 goals done"));
}

#[test]
fn a_demo_step_narrates_runs_its_call_and_marks_what_changed() {
    let demo = &learn::bank().demos[0];
    let html = render(&format!("/learn/demo/{}", demo.id));
    assert!(html.contains(&format!("Step 1 of {}", demo.steps.len())));
    assert!(html.contains("This step runs:") && html.contains("Changed: "), "{html}");
    assert!(html.contains("class=\"group") && html.contains("changed"));
}

#[test]
fn share_links_open_a_demo_step_and_bad_ones_say_why() {
    let demo = &learn::bank().demos[0];
    let link = share::encode(&SharePayload::DemoStep { demo: demo.id.clone(), step: 2 });
    let html = render(&link[1..]);
    assert!(html.contains(&format!("Step 3 of {}", demo.steps.len())), "{html}");

    let html = render("/share/1AAAA");
    assert!(html.contains("This share link cannot be opened") && html.contains("role=\"alert\""));
    let html = render("/share/9xyz");
    assert!(html.contains("format &#x27;9&#x27;") || html.contains("format '9'"), "{html}");
    let foreign = share::encode(&SharePayload::Lab { lab: "no-such-lab".into(), world: None });
    assert!(render(&foreign[1..]).contains("does not have"));
}

#[test]
fn unknown_labs_and_demos_say_so() {
    assert!(render("/learn/lab/nope").contains("No such lab"));
    assert!(render("/learn/demo/nope").contains("No such demo"));
}
