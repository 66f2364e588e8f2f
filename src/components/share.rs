//! A "Share" button: makes a share link (`#/share/1…`) for what is on screen, shows it in a
//! field to copy by hand and copies it to the clipboard when the browser allows.

use crate::browser;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ShareButtonProps {
    /// The button's text, e.g. "Share this world".
    pub label: AttrValue,
    /// Makes the link's fragment (`#/share/1…`) when the button is pressed (not on every render:
    /// encoding a World takes a moment).
    pub make: Callback<(), String>,
}

#[component]
pub fn ShareButton(props: &ShareButtonProps) -> Html {
    let link = use_state(|| None::<String>);
    let copied = use_state(|| false);
    let id = use_memo(props.label.clone(), |label| {
        format!("share-{}", label.chars().filter(|c| c.is_ascii_alphanumeric()).collect::<String>().to_lowercase())
    });
    let onclick = {
        let (link, copied, make) = (link.clone(), copied.clone(), props.make.clone());
        Callback::from(move |_| {
            let url = format!("{}{}", browser::page_base(), make.emit(()));
            copied.set(browser::copy_text(&url));
            link.set(Some(url));
        })
    };
    let select_all = Callback::from(|e: FocusEvent| {
        let input: web_sys::HtmlInputElement = e.target_unchecked_into();
        input.select();
    });
    html! {
        <div class="share">
            <button type="button" {onclick}>{ props.label.clone() }</button>
            if let Some(url) = &*link {
                <div class="share-link">
                    <label for={(*id).clone()}>{ "Share link" }</label>
                    <input id={(*id).clone()} type="text" readonly=true value={url.clone()} onfocus={select_all} />
                    <p class="help" aria-live="polite">
                        { if *copied { "Copied to the clipboard. Anyone who opens it sees exactly this." }
                          else { "Copy this link. Anyone who opens it sees exactly this." } }
                    </p>
                </div>
            }
        </div>
    }
}
