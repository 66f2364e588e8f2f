//! Toasts: results of actions, read out by screen readers. Errors stay until dismissed;
//! successes fade after a few seconds (the trail keeps them all).

use crate::app::use_store;
use crate::store::{Action, Notice, NoticeKind};
use gloo_timers::callback::Timeout;
use yew::prelude::*;

const FADE_MS: u32 = 6000;

#[component]
pub fn Notices() -> Html {
    let store = use_store();
    let (errors, others): (Vec<&Notice>, Vec<&Notice>) =
        store.notices.iter().partition(|n| n.kind == NoticeKind::Error);
    html! {
        <div class="notices">
            <div role="status" aria-live="polite" aria-label="Results">
                { for others.into_iter().map(|n| html! { <Toast key={n.id} notice={n.clone()} /> }) }
            </div>
            <div role="alert" aria-label="Errors">
                { for errors.into_iter().map(|n| html! { <Toast key={n.id} notice={n.clone()} /> }) }
            </div>
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct ToastProps {
    notice: Notice,
}

#[component]
fn Toast(props: &ToastProps) -> Html {
    let store = use_store();
    let id = props.notice.id;
    let fades = props.notice.kind != NoticeKind::Error;
    {
        let store = store.clone();
        use_effect_with(id, move |id| {
            let id = *id;
            let timer = fades.then(|| Timeout::new(FADE_MS, move || store.dispatch(Action::Dismiss(id))));
            move || drop(timer)
        });
    }
    let dismiss = Callback::from(move |_| store.dispatch(Action::Dismiss(id)));
    let kind = match props.notice.kind {
        NoticeKind::Success => "success",
        NoticeKind::Info => "info",
        NoticeKind::Error => "error",
    };
    html! {
        <div class={classes!("toast", kind)}>
            <p class="toast-title">{ props.notice.title.clone() }</p>
            <p class="toast-text">{ props.notice.text.clone() }</p>
            <button type="button" class="toast-close" onclick={dismiss}
                    aria-label={format!("Dismiss: {}", props.notice.title)}>{ "×" }</button>
        </div>
    }
}
