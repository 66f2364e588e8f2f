//! The panel that shows the focused diagram item's details, as label/value pairs.

use nimbus_sim::diagram::Diagram;
use yew::prelude::*;

#[derive(Clone, Debug, PartialEq)]
pub struct Selected {
    pub kind: String,
    pub label: String,
    pub state: Option<String>,
    pub details: Vec<(String, String)>,
}

impl Selected {
    pub fn find(diagram: &Diagram, id: &str) -> Option<Selected> {
        let node = diagram.nodes.iter().find(|n| n.id == id).map(|n| Selected {
            kind: n.kind.clone(),
            label: n.label.clone(),
            state: n.state.clone(),
            details: n.details.clone(),
        });
        node.or_else(|| {
            diagram.groups.iter().find(|g| g.id == id).map(|g| Selected {
                kind: g.kind.clone(),
                label: g.label.clone(),
                state: None,
                details: g.details.clone(),
            })
        })
    }
}

#[derive(Properties, PartialEq)]
pub struct DetailsPanelProps {
    pub selected: Option<Selected>,
    pub onclose: Callback<MouseEvent>,
}

#[component]
pub fn DetailsPanel(props: &DetailsPanelProps) -> Html {
    html! {
        <div class="diagram-details" aria-live="polite">
            if let Some(s) = &props.selected {
                <div class="details-card">
                    <h3>{ format!("{} {}", s.kind, s.label) }</h3>
                    <dl>
                        if let Some(state) = &s.state {
                            <dt>{ "State" }</dt><dd>{ state.clone() }</dd>
                        }
                        { for s.details.iter().map(|(k, v)| html! { <><dt>{ k.clone() }</dt><dd>{ v.clone() }</dd></> }) }
                    </dl>
                    <button type="button" onclick={props.onclose.clone()}>{ "Close details" }</button>
                </div>
            }
        </div>
    }
}
