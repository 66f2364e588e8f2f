//! When the app panics, the page must not just freeze: the error panel in index.html shows what
//! happened and offers the last saved lab as a download. The download link is plain HTML made
//! here, because after a panic the app's code can no longer run.

use crate::{browser, store};
use wasm_bindgen::JsCast;

/// Installs the hook through Yew, which otherwise replaces any hook with its own console logger
/// when the app mounts.
pub fn install() {
    yew::set_custom_panic_hook(Box::new(|info| {
        let message = info.to_string();
        web_sys::console::error_1(&message.as_str().into());
        show(&message);
    }));
}

fn show(message: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
    let Some(panel) = document.get_element_by_id("fatal") else { return };
    if let Some(text) = document.get_element_by_id("fatal-message") {
        text.set_text_content(Some(message));
    }
    let saved = browser::storage_get(store::STORAGE_KEY).filter(|s| !s.is_empty());
    if let (Some(saved), Some(link)) = (saved, document.get_element_by_id("fatal-export")) {
        if let (Some(url), Ok(link)) =
            (browser::text_url(&saved, "application/json"), link.dyn_into::<web_sys::HtmlAnchorElement>())
        {
            link.set_href(&url);
            let _ = link.remove_attribute("hidden");
        }
    }
    let _ = panel.remove_attribute("hidden");
    if let Some(el) = panel.dyn_ref::<web_sys::HtmlElement>() {
        let _ = el.focus();
    }
}
