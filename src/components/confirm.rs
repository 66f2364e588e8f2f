//! A button that asks before doing something hard to take back (delete, reset).

use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ConfirmButtonProps {
    /// The first button's text, e.g. "Delete bucket".
    pub label: AttrValue,
    /// A longer accessible name when the visible label is short ("Delete" → "Delete index.html").
    #[prop_or_default]
    pub name: Option<AttrValue>,
    /// The question shown after the first click.
    pub question: AttrValue,
    /// The button that really does it, e.g. "Yes, delete my-bucket".
    pub confirm: AttrValue,
    pub on_confirm: Callback<()>,
}

#[component]
pub fn ConfirmButton(props: &ConfirmButtonProps) -> Html {
    let asking = use_state(|| false);
    let confirm_ref = use_node_ref();
    {
        // Keyboard users land on the question's answer, not back at the page top.
        let confirm_ref = confirm_ref.clone();
        use_effect_with(*asking, move |asking| {
            if *asking {
                if let Some(el) = confirm_ref.cast::<web_sys::HtmlElement>() {
                    let _ = el.focus();
                }
            }
        });
    }
    let ask = {
        let asking = asking.clone();
        Callback::from(move |_| asking.set(true))
    };
    let cancel = {
        let asking = asking.clone();
        Callback::from(move |_| asking.set(false))
    };
    let go = {
        let asking = asking.clone();
        let on_confirm = props.on_confirm.clone();
        Callback::from(move |_| {
            asking.set(false);
            on_confirm.emit(());
        })
    };
    if *asking {
        html! {
            <div class="confirm" role="group" aria-label={props.name.clone().unwrap_or_else(|| props.label.clone())}>
                <p>{ props.question.clone() }</p>
                <div class="button-row">
                    <button type="button" class="danger" ref={confirm_ref} onclick={go}>{ props.confirm.clone() }</button>
                    <button type="button" onclick={cancel}>{ "Cancel" }</button>
                </div>
            </div>
        }
    } else {
        html! {
            <button type="button" class="danger-outline" aria-label={props.name.clone()} onclick={ask}>
                { props.label.clone() }
            </button>
        }
    }
}
