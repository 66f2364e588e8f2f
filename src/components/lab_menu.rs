//! The lab as a file: export, import and reset; and the banner shown when a save could not be
//! read at start-up.

use crate::app::{use_learn, use_store};
use crate::browser;
use crate::components::confirm::ConfirmButton;
use crate::components::share::ShareButton;
use crate::learn::{self, LearnAction};
use crate::store::{self, Action, NoticeKind};
use nimbus_learn::share::{self, SharePayload};
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// `nimbus-lab-2026-01-01.json`: named after the simulated day, so exports sort by lab time.
fn export_name(store: &store::Store) -> String {
    let c = store.world().now().civil();
    format!("nimbus-lab-{:04}-{:02}-{:02}.json", c.year, c.month, c.day)
}

#[component]
pub fn LabMenu() -> Html {
    let store = use_store();
    let learn = use_learn();
    let export = {
        let (store, learn) = (store.clone(), learn.clone());
        Callback::from(move |_| {
            // The World, its files and the learner's progress, in one file.
            let text = learn::to_export(&store.lab, &learn.progress);
            browser::download(&export_name(&store), &text, "application/json")
        })
    };
    let import = {
        let (store, learn) = (store.clone(), learn.clone());
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            let Some(file) = browser::take_picked_file(&input) else { return };
            let (store, learn) = (store.clone(), learn.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match browser::read_file(file).await {
                    Ok(bytes) => {
                        let text = String::from_utf8_lossy(&bytes).into_owned();
                        // Progress comes along only when the World part reads too.
                        if store::from_save(&text).is_ok() {
                            match learn::progress_in_export(&text) {
                                Some(Ok(progress)) => learn.dispatch(LearnAction::ReplaceProgress(Box::new(progress))),
                                Some(Err(e)) => store.dispatch(Action::Notify {
                                    kind: NoticeKind::Error,
                                    title: "Progress not imported".into(),
                                    text: format!("The World was imported, but not the progress in the file: {e}."),
                                }),
                                None => {}
                            }
                        }
                        store.dispatch(Action::Import(text))
                    }
                    Err(e) => store.dispatch(Action::Notify {
                        kind: NoticeKind::Error,
                        title: "Import failed".into(),
                        text: e,
                    }),
                }
            });
        })
    };
    let reset = {
        let store = store.clone();
        Callback::from(move |_| store.dispatch(Action::Reset))
    };
    let share_world = {
        let store = store.clone();
        Callback::from(move |_| share::encode(&SharePayload::World { world: store.world().clone() }))
    };
    html! {
        <section class="lab-menu" aria-labelledby="lab-menu-heading">
            <h2 id="lab-menu-heading">{ "Your lab" }</h2>
            <div class="button-row">
                <button type="button" onclick={export}>{ "Export lab" }</button>
                <label class="file-button">
                    { "Import lab" }
                    <input type="file" accept=".json,application/json" onchange={import} />
                </label>
                <ConfirmButton label="Reset lab" question="Start a new, empty lab? Undo brings this one back."
                               confirm="Yes, start a new lab" on_confirm={reset} />
            </div>
            <p class="help">{ "The export holds your World, your files and your learning progress." }</p>
            <ShareButton label="Share this World" make={share_world} />
        </section>
    }
}

#[component]
pub fn UnreadableBanner() -> Html {
    let store = use_store();
    let Some(save) = store.unreadable.clone() else { return html! {} };
    let download = {
        let raw = save.raw.clone();
        Callback::from(move |_| browser::download("nimbus-lab-unreadable-save.json", &raw, "application/json"))
    };
    let dismiss = Callback::from(move |_| store.dispatch(Action::DismissUnreadable));
    html! {
        <div class="banner error" role="alert">
            <h2>{ "Your saved lab could not be read" }</h2>
            <p>{ format!("Nimbus Lab started a fresh lab instead. The reason: {}.", save.error) }</p>
            <p>{ "The old save is kept in this browser; download it to keep a copy or to report the problem." }</p>
            <div class="button-row">
                <button type="button" onclick={download}>{ "Download the unreadable save" }</button>
                <button type="button" onclick={dismiss}>{ "Dismiss" }</button>
            </div>
        </div>
    }
}
