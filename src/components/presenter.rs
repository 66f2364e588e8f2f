//! Presenter mode, for a projector: large type, side panels hidden, high contrast. A button in
//! the header turns it on and off; so does the P key anywhere outside a text field, and Escape
//! leaves it. The mode is a class on `<body>`, so the stylesheet does all the work.

use crate::app::use_learn;
use crate::browser;
use crate::learn::{LearnAction, PRESENTER_KEY};
use gloo_events::EventListener;
use wasm_bindgen::JsCast;
use yew::prelude::*;

pub const BODY_CLASS: &str = "presenter";

/// The header's toggle.
#[component]
pub fn PresenterToggle() -> Html {
    let learn = use_learn();
    let on = learn.presenter;
    let toggle = Callback::from(move |_| learn.dispatch(LearnAction::Presenter(!on)));
    html! {
        <button type="button" class="presenter-toggle" aria-pressed={on.to_string()} onclick={toggle}
                aria-keyshortcuts="p" title="Presenter mode (P)">
            { "Presenter mode" }
        </button>
    }
}

/// Keeps `<body>`'s class and the saved setting in step with the mode, and listens for the keys.
#[component]
pub fn PresenterKeys() -> Html {
    let learn = use_learn();
    let on = learn.presenter;
    use_effect_with(on, |on| {
        browser::set_body_class(BODY_CLASS, *on);
        let _ = browser::storage_set(PRESENTER_KEY, if *on { "1" } else { "" });
    });
    use_effect_with(on, move |on| {
        let on = *on;
        let listener = web_sys::window().and_then(|w| w.document()).map(|doc| {
            EventListener::new(&doc, "keydown", move |e| {
                let Some(e) = e.dyn_ref::<web_sys::KeyboardEvent>() else { return };
                if e.ctrl_key() || e.meta_key() || e.alt_key() || browser::typing_in_field(e) {
                    return;
                }
                match e.key().as_str() {
                    "p" | "P" => learn.dispatch(LearnAction::Presenter(!on)),
                    "Escape" if on => learn.dispatch(LearnAction::Presenter(false)),
                    _ => {}
                }
            })
        });
        move || drop(listener)
    });
    if on {
        html! {
            <p class="presenter-hint" role="note">
                { "Presenter mode: P or Escape leaves it; ← and → step through a guided demo." }
            </p>
        }
    } else {
        html! {}
    }
}
