//! The few things the app asks of the browser: localStorage, file downloads and uploads, focus
//! and the document title. Only event handlers and effects call these (never a render), so
//! components still render natively in the SSR tests.

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

pub fn storage_get(key: &str) -> Option<String> {
    local_storage()?.get_item(key).ok()?
}

/// Writes `value` under `key`; the error says why (a full quota, storage switched off).
pub fn storage_set(key: &str, value: &str) -> Result<(), String> {
    let storage = local_storage().ok_or("this browser does not allow saving (localStorage is off)")?;
    storage.set_item(key, value).map_err(|e| {
        let why = e.as_string().or_else(|| js_sys::Error::from(e).message().as_string()).unwrap_or_default();
        format!("the browser refused to save ({why})")
    })
}

/// A link the browser can download `text` from, as a file.
pub fn text_url(text: &str, mime: &str) -> Option<String> {
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).ok()?;
    web_sys::Url::create_object_url_with_blob(&blob).ok()
}

/// Offers `text` to the user as a downloaded file called `name`.
pub fn download(name: &str, text: &str, mime: &str) {
    let Some(url) = text_url(text, mime) else { return };
    let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
    if let Ok(a) = document.create_element("a") {
        let a: web_sys::HtmlAnchorElement = a.unchecked_into();
        a.set_href(&url);
        a.set_download(name);
        a.click();
    }
    let _ = web_sys::Url::revoke_object_url(&url);
}

/// The bytes of a file the user picked.
pub async fn read_file(file: web_sys::File) -> Result<Vec<u8>, String> {
    let buffer = JsFuture::from(file.array_buffer()).await.map_err(|_| "the file could not be read".to_string())?;
    Ok(js_sys::Uint8Array::new(&buffer).to_vec())
}

/// The first file chosen in an `<input type="file">`, and clears the input so choosing the same
/// file again fires `change` again.
pub fn take_picked_file(input: &web_sys::HtmlInputElement) -> Option<web_sys::File> {
    let file = input.files()?.get(0);
    input.set_value("");
    file
}

pub fn set_title(title: &str) {
    if let Some(document) = web_sys::window().and_then(|w| w.document()) {
        document.set_title(title);
    }
}

/// Moves keyboard focus to the element with `id` (the page heading, the main region).
pub fn focus_id(id: &str) {
    let element = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id(id));
    if let Some(el) = element.and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
        let _ = el.focus();
    }
}

/// The real clock in milliseconds since the epoch, for the exam timer and spaced repetition
/// (the engines take it as an argument). Natively (the render tests) it is a fixed instant.
pub fn now_ms() -> u64 {
    #[cfg(target_arch = "wasm32")]
    {
        js_sys::Date::now() as u64
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        1_767_225_600_000 // 2026-01-01
    }
}

/// The browser's monotonic clock in milliseconds, for measuring how long drawing takes (0 natively).
pub fn monotonic_ms() -> f64 {
    #[cfg(target_arch = "wasm32")]
    {
        web_sys::window().and_then(|w| w.performance()).map(|p| p.now()).unwrap_or(0.0)
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        0.0
    }
}

/// The page's address without its fragment, so a share link works from any host or folder.
pub fn page_base() -> String {
    let Some(location) = web_sys::window().map(|w| w.location()) else { return String::new() };
    let href = location.href().unwrap_or_default();
    match href.find('#') {
        Some(i) => href[..i].to_string(),
        None => href,
    }
}

/// Copies `text` to the clipboard; false when the browser does not allow it.
pub fn copy_text(text: &str) -> bool {
    let Some(window) = web_sys::window() else { return false };
    let promise = window.navigator().clipboard().write_text(text);
    wasm_bindgen_futures::spawn_local(async move {
        let _ = JsFuture::from(promise).await;
    });
    true
}

/// Adds or removes a class on `<body>` (presenter mode).
pub fn set_body_class(class: &str, on: bool) {
    let body = web_sys::window().and_then(|w| w.document()).and_then(|d| d.body());
    if let Some(body) = body {
        let list = body.class_list();
        let _ = if on { list.add_1(class) } else { list.remove_1(class) };
    }
}

/// True when a key press lands in a text field (shortcuts must not steal typing).
pub fn typing_in_field(e: &web_sys::KeyboardEvent) -> bool {
    let Some(target) = e.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) else { return false };
    matches!(target.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT")
        || target.closest("[contenteditable]").ok().flatten().is_some()
}
