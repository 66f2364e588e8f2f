//! What the diagram does on the live SVG elements it drew from markup: find the box an event
//! came from, mark the selected box, and give the keyboard focus back to the same box after a
//! redraw replaced it. Natively (the render tests) nothing is drawn, so these find nothing.

use wasm_bindgen::JsCast;
use web_sys::{Element, EventTarget};
use yew::NodeRef;

/// The `data-id` of the box that `target` is in, if it is in the drawing.
pub fn box_id(drawing: &NodeRef, target: Option<EventTarget>) -> Option<String> {
    let drawing = drawing.cast::<Element>()?;
    let element = target?.dyn_into::<Element>().ok()?;
    let item = element.closest("[data-id]").ok()??;
    drawing.contains(Some(&item)).then(|| item.get_attribute("data-id")).flatten()
}

/// The `data-id` of the box that has the keyboard focus, if it is in the drawing. Called while
/// rendering, so only in the browser.
pub fn focused_id(drawing: &NodeRef) -> Option<String> {
    #[cfg(target_arch = "wasm32")]
    {
        let drawing = drawing.cast::<Element>()?;
        let active = web_sys::window()?.document()?.active_element()?;
        if !drawing.contains(Some(&active)) {
            return None;
        }
        active.get_attribute("data-id")
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        let _ = drawing;
        None
    }
}

fn boxes(drawing: &Element, selector: &str) -> Vec<Element> {
    let Ok(list) = drawing.query_selector_all(selector) else { return Vec::new() };
    (0..list.length()).filter_map(|i| list.item(i)?.dyn_into::<Element>().ok()).collect()
}

/// The element that carries a box's `selected` class: the node itself, or a group's box.
fn shape_of(item: &Element) -> Option<Element> {
    item.closest(".node, .group").ok().flatten()
}

/// Marks the box `selected` (and unmarks any other) as pressed, for the eye and the ear.
pub fn mark_selected(drawing: &NodeRef, selected: Option<&str>) {
    let Some(drawing) = drawing.cast::<Element>() else { return };
    for item in boxes(&drawing, "[aria-pressed=\"true\"]") {
        let _ = item.set_attribute("aria-pressed", "false");
        if let Some(shape) = shape_of(&item) {
            let _ = shape.class_list().remove_1("selected");
        }
    }
    let Some(selected) = selected else { return };
    let item =
        boxes(&drawing, "[data-id]").into_iter().find(|e| e.get_attribute("data-id").as_deref() == Some(selected));
    if let Some(item) = item {
        let _ = item.set_attribute("aria-pressed", "true");
        if let Some(shape) = shape_of(&item) {
            let _ = shape.class_list().add_1("selected");
        }
    }
}

/// Focuses the box `id` again if the focus was lost (its element was replaced by a redraw).
pub fn restore_focus(drawing: &NodeRef, id: Option<&str>) {
    let (Some(drawing), Some(id)) = (drawing.cast::<Element>(), id) else { return };
    let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
    let lost = match document.active_element() {
        None => true,
        Some(active) => document.body().is_some_and(|body| active.is_same_node(Some(body.as_ref()))),
    };
    if !lost {
        return;
    }
    let item = boxes(&drawing, "[data-id]").into_iter().find(|e| e.get_attribute("data-id").as_deref() == Some(id));
    if let Some(item) = item {
        // SVG elements have focus() as HTML elements do; the call is looked up on the object.
        let _ = item.unchecked_into::<web_sys::HtmlElement>().focus();
    }
}
