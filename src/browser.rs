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
