//! Nimbus Lab, the app: Yew components around the `nimbus-sim` engine. Nothing here decides
//! AWS behaviour; the app draws the World and sends it requests.
//!
//! The components also render natively (`yew::LocalServerRenderer`), which the tests in
//! `tests/` use to check what a user sees without a browser.

pub mod app;
pub mod browser;
pub mod catalog;
pub mod components;
pub mod diagram;
pub mod learn;
pub mod pages;
pub mod panic;
pub mod route;
pub mod store;

/// Starts the app in the page: installs the panic panel, then mounts into `#app`.
pub fn start() {
    panic::install();
    let Some(root) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id("app")) else {
        return;
    };
    // The static skeleton in index.html stays until the app is ready to replace it.
    root.set_inner_html("");
    yew::Renderer::<app::App>::with_root(root).render();
}
