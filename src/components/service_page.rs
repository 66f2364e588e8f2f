//! The shape every service page has: heading and intro, then the console, the diagram, the
//! terminal and the trail, in that reading order.

use crate::components::terminal::Terminal;
use crate::components::trail::TrailView;
use crate::diagram::DiagramView;
use nimbus_sim::diagram::Diagram;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ServicePageProps {
    pub title: AttrValue,
    pub intro: AttrValue,
    pub console: Html,
    pub diagram: Rc<Diagram>,
    /// What the diagram says when the service has nothing yet.
    pub diagram_empty: AttrValue,
    /// Trail service names this page shows.
    pub trail_services: &'static [&'static str],
}

#[component]
pub fn ServicePage(props: &ServicePageProps) -> Html {
    html! {
        <div class="service-page">
            <h1 id="page-heading" tabindex="-1">{ props.title.clone() }</h1>
            <p class="intro">{ props.intro.clone() }</p>
            <div class="service-grid">
                <section class="panel console" aria-labelledby="console-heading">
                    <h2 id="console-heading">{ "Console" }</h2>
                    { props.console.clone() }
                </section>
                <section class="panel diagram-panel" aria-labelledby="diagram-heading">
                    <h2 id="diagram-heading">{ "Diagram" }</h2>
                    <DiagramView diagram={props.diagram.clone()} empty={props.diagram_empty.clone()} />
                </section>
                <section class="panel terminal-panel" aria-labelledby="terminal-heading">
                    <h2 id="terminal-heading">{ "Terminal" }</h2>
                    <Terminal service={props.trail_services.first().copied().unwrap_or("s3")} />
                </section>
                <section class="panel trail-panel" aria-labelledby="trail-heading">
                    <h2 id="trail-heading">{ "Trail" }</h2>
                    <TrailView services={props.trail_services} />
                </section>
            </div>
        </div>
    }
}
