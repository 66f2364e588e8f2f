//! Draws a `sim::diagram::Diagram` as SVG. Layout is the engine's job; this only paints what
//! the Diagram says, makes every node and box focusable (Enter or Space shows its details), and
//! adds the text twin for screen readers and anyone who prefers a list.

mod details;
mod shapes;

use details::{DetailsPanel, Selected};
use nimbus_sim::diagram::Diagram;
use nimbus_sim::numfmt::coordinate as px;
use shapes::{edge_view, group_view, node_view};
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
    let diagram = &props.diagram;
    let select = {
        let selected = selected.clone();
        Callback::from(move |id: String| {
            let again = selected.as_deref() == Some(id.as_str());
            selected.set(if again { None } else { Some(id) });
        })
    };
    let close = {
        let selected = selected.clone();
        Callback::from(move |_| selected.set(None))
    };
    let current = selected.as_deref().and_then(|id| Selected::find(diagram, id));
    let is_selected = |id: &str| selected.as_deref() == Some(id);
    let is_changed = |id: &str| props.changed.iter().any(|c| c == id);
    let empty = diagram.nodes.is_empty() && diagram.groups.is_empty();
    html! {
        <div class="diagram">
            if empty {
                <p class="diagram-empty">{ props.empty.clone() }</p>
            } else {
                <div class="diagram-scroll">
                    <svg class="diagram-svg" role="group" aria-label={format!("Diagram: {}", diagram.title)}
                         viewBox={format!("0 0 {} {}", px(diagram.width.ceil()), px(diagram.height.ceil()))}
                         width={px(diagram.width.ceil())} height={px(diagram.height.ceil())}>
                        <defs>
                            <marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7"
                                    markerHeight="7" orient="auto-start-reverse">
                                <path d="M 0 0 L 10 5 L 0 10 z" class="arrow-head" />
                            </marker>
                        </defs>
                        { for diagram.groups.iter().map(|g| group_view(g, is_selected(&g.id), is_changed(&g.id), &select)) }
                        { for diagram.edges.iter().map(edge_view) }
                        { for diagram.nodes.iter().map(|n| node_view(n, is_selected(&n.id), is_changed(&n.id), &select)) }
                    </svg>
                </div>
                <p class="hint">{ "Select a box with Tab, then Enter or Space, to see its details." }</p>
            }
            <DetailsPanel selected={current} onclose={close} />
            <details class="text-twin">
                <summary>{ "Diagram as text" }</summary>
                <ul>
                    { for diagram.describe().into_iter().map(|line| html! { <li>{ line }</li> }) }
                </ul>
            </details>
        </div>
    }
}
