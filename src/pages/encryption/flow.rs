//! The path of the record, drawn as SVG with its text twin: client → load balancer → app, then
//! into a database, an EBS volume and an S3 bucket. Links are solid and marked TLS when the
//! data is encrypted in transit; the stores say whether they hold ciphertext.

use yew::prelude::*;

struct Box2 {
    label: &'static str,
    x: i32,
    y: i32,
    w: i32,
}

const H: i32 = 52;
const HOPS: [Box2; 3] = [
    Box2 { label: "Client (browser)", x: 16, y: 104, w: 140 },
    Box2 { label: "Load balancer", x: 226, y: 104, w: 130 },
    Box2 { label: "App server", x: 426, y: 104, w: 120 },
];
const STORES: [Box2; 3] = [
    Box2 { label: "Database (RDS)", x: 640, y: 16, w: 200 },
    Box2 { label: "EBS volume", x: 640, y: 104, w: 200 },
    Box2 { label: "S3 bucket", x: 640, y: 192, w: 200 },
];

fn link(from: &Box2, to: &Box2, secure: bool) -> Html {
    let (x1, y1) = (from.x + from.w, from.y + H / 2);
    let (x2, y2) = (to.x, to.y + H / 2);
    let label = if secure { "TLS" } else { "plain" };
    let (mx, my) = ((x1 + x2) / 2, (y1 + y2) / 2 - 6);
    html! {
        <g class={classes!("flow-link", if secure { "secure" } else { "open" })}>
            <line x1={x1.to_string()} y1={y1.to_string()} x2={x2.to_string()} y2={y2.to_string()} marker-end="url(#flow-arrow)" />
            <text x={mx.to_string()} y={my.to_string()} text-anchor="middle">{ label }</text>
        </g>
    }
}

fn node(b: &Box2, class: &'static str, state: Option<&'static str>) -> Html {
    let cx = b.x + b.w / 2;
    html! {
        <g class={classes!("flow-node", class)}>
            <rect x={b.x.to_string()} y={b.y.to_string()} width={b.w.to_string()} height={H.to_string()} rx="8" />
            <text class="flow-label" x={cx.to_string()} y={(b.y + if state.is_some() { 21 } else { 31 }).to_string()} text-anchor="middle">{ b.label }</text>
            if let Some(s) = state {
                <text class="flow-state" x={cx.to_string()} y={(b.y + 39).to_string()} text-anchor="middle">{ s }</text>
            }
        </g>
    }
}

/// The text twin, one line per hop and per store.
pub fn describe(in_transit: bool, at_rest: bool) -> Vec<String> {
    let wire = if in_transit { "over TLS (encrypted)" } else { "as plain text" };
    let disk = if at_rest { "encrypted with a KMS key" } else { "as plain text" };
    let mut lines = vec![
        format!("Client (browser) → Load balancer: the record travels {wire}."),
        format!("Load balancer → App server: the record travels {wire}."),
    ];
    for store in STORES.iter() {
        lines.push(format!("App server → {}: the record travels {wire} and is stored {disk}.", store.label));
    }
    lines
}

#[derive(Properties, PartialEq)]
pub struct FlowProps {
    pub in_transit: bool,
    pub at_rest: bool,
}

#[component]
pub fn FlowDiagram(props: &FlowProps) -> Html {
    let store_state = if props.at_rest { "ciphertext (KMS key)" } else { "plain text" };
    let store_class = if props.at_rest { "secure" } else { "open" };
    html! {
        <div class="diagram flow">
            // Focusable, so keyboard users can scroll it sideways on a phone.
            <div class="diagram-scroll" role="region" aria-label="Data path (scrolls sideways)" tabindex="0">
                <svg class="flow-svg" viewBox="0 0 856 260" width="856" height="260" role="img"
                     aria-label="A record travels from the client through the load balancer and the app into a database, an EBS volume and an S3 bucket">
                    <defs>
                        <marker id="flow-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
                            <path d="M 0 0 L 10 5 L 0 10 z" class="arrow-head" />
                        </marker>
                    </defs>
                    { link(&HOPS[0], &HOPS[1], props.in_transit) }
                    { link(&HOPS[1], &HOPS[2], props.in_transit) }
                    { for STORES.iter().map(|s| link(&HOPS[2], s, props.in_transit)) }
                    { for HOPS.iter().map(|h| node(h, "hop", None)) }
                    { for STORES.iter().map(|s| node(s, store_class, Some(store_state))) }
                </svg>
            </div>
            <details class="text-twin">
                <summary>{ "Diagram as text" }</summary>
                <ul>{ for describe(props.in_transit, props.at_rest).into_iter().map(|l| html! { <li>{ l }</li> }) }</ul>
            </details>
        </div>
    }
}
