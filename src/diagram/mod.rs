//! Draws a `sim::diagram::Diagram` as SVG. Layout is the engine's job; this only paints what
//! the Diagram says, makes every node and box focusable (Enter or Space shows its details), and
//! adds the text twin for screen readers and anyone who prefers a list.
//!
//! The SVG's pieces (groups, edges, each node) and the text twin are written as markup strings
//! (see `shapes`) and handed to the browser as they are, rebuilt only when the Diagram changes
//! and redrawn only where their markup changed: a 500-resource stack graph is ~4,800 elements,
//! too many to build one by one in the 100 ms budget. One click and one keydown
//! listener on the drawing read the `data-id` of the box they came from; the selected box is
//! marked on the live elements, so selecting does not redraw.

mod details;
mod dom;
mod shapes;

use details::{DetailsPanel, Selected};
use nimbus_sim::diagram::Diagram;
use nimbus_sim::numfmt::coordinate as px;
use std::rc::Rc;
use yew::prelude::*;

/// The diagram a lab or demo about `service` draws: its service's own projection of the World.
pub fn for_service(service: &str, world: &nimbus_sim::World) -> Diagram {
    match service {
        "kms" => nimbus_sim::diagram::kms::diagram(world),
        "cloudhsm" => nimbus_sim::diagram::cloudhsm::diagram(world),
        "route53" => nimbus_sim::diagram::route53::diagram(world),
        "cloudformation" => nimbus_sim::diagram::cloudformation::diagram(world),
        _ => nimbus_sim::diagram::s3::diagram(world),
    }
}

/// What the diagram of an empty World for `service` says instead.
pub fn empty_text(service: &str) -> &'static str {
    match service {
        "kms" => "No keys yet.",
        "cloudhsm" => "No clusters yet.",
        "route53" => "No hosted zones yet.",
        "cloudformation" => "No stacks yet.",
        _ => "No buckets yet.",
    }
}

#[derive(Properties, PartialEq)]
pub struct DiagramViewProps {
    pub diagram: Rc<Diagram>,
    /// What to say when there is nothing to draw yet.
    pub empty: AttrValue,
    /// Node and group ids to mark as just changed (a guided demo's step).
    #[prop_or_default]
    pub changed: Rc<Vec<String>>,
}

#[component]
pub fn DiagramView(props: &DiagramViewProps) -> Html {
    let selected = use_state(|| None::<String>);
    let drawing = use_node_ref();
    // The markup is rebuilt only when the Diagram or the marked ids change; the same string
    // again leaves the drawn elements as they are.
    let svg = use_memo((props.diagram.clone(), props.changed.clone()), |(diagram, changed)| {
        shapes::svg_pieces(diagram, changed)
    });
    let twin = use_memo(props.diagram.clone(), |diagram| AttrValue::from(shapes::twin_markup(&diagram.describe())));
    // Which box has the keyboard focus, read before a redraw replaces it.
    let focused = use_mut_ref(|| None::<String>);
    *focused.borrow_mut() = dom::focused_id(&drawing);
    {
        let (drawing, focused) = (drawing.clone(), focused.clone());
        use_effect_with((svg.clone(), (*selected).clone()), move |(_, selected)| {
            dom::mark_selected(&drawing, selected.as_deref());
            dom::restore_focus(&drawing, focused.borrow().as_deref());
        });
    }
    let diagram = &props.diagram;
    let select = {
        let selected = selected.clone();
        Callback::from(move |id: String| {
            let again = selected.as_deref() == Some(id.as_str());
            selected.set(if again { None } else { Some(id) });
        })
    };
    let onclick = {
        let (select, drawing) = (select.clone(), drawing.clone());
        Callback::from(move |e: MouseEvent| {
            if let Some(id) = dom::box_id(&drawing, e.target()) {
                select.emit(id);
            }
        })
    };
    // Enter and Space activate a box, as they do a button.
    let onkeydown = {
        let drawing = drawing.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() != "Enter" && e.key() != " " {
                return;
            }
            if let Some(id) = dom::box_id(&drawing, e.target()) {
                e.prevent_default();
                select.emit(id);
            }
        })
    };
    let close = {
        let selected = selected.clone();
        Callback::from(move |_| selected.set(None))
    };
    let current = selected.as_deref().and_then(|id| Selected::find(diagram, id));
    let empty = diagram.nodes.is_empty() && diagram.groups.is_empty();
    html! {
        <div class="diagram">
            if empty {
                <p class="diagram-empty">{ props.empty.clone() }</p>
            } else {
                <div class="diagram-scroll" ref={drawing} {onclick} {onkeydown}>
                    <svg class="diagram-svg" role="group" aria-label={format!("Diagram: {}", diagram.title)}
                         viewBox={format!("0 0 {} {}", px(diagram.width.ceil()), px(diagram.height.ceil()))}
                         width={px(diagram.width.ceil())} height={px(diagram.height.ceil())}>
                        <defs>{ Html::from_html_unchecked(AttrValue::Static(shapes::DEFS)) }</defs>
                        { Html::from_html_unchecked(svg.groups.clone()) }
                        { Html::from_html_unchecked(svg.edges.clone()) }
                        { for svg.nodes.iter().map(|n| Html::from_html_unchecked(n.clone())) }
                    </svg>
                </div>
                <p class="hint">{ "Select a box with Tab, then Enter or Space, to see its details." }</p>
            }
            <DetailsPanel selected={current} onclose={close} />
            <details class="text-twin">
                <summary>{ "Diagram as text" }</summary>
                <ul>{ Html::from_html_unchecked((*twin).clone()) }</ul>
            </details>
        </div>
    }
}
