//! A world map of where DNS answers send clients: client locations, the regions records name,
//! and a line from each location to where it lands (thicker for more queries). Drawn in SVG
//! with an equirectangular projection and a hand-simplified coastline, so it needs no tiles
//! and no files. Records that are bare addresses have no place on it and are listed beside.

use super::places::{self, Question};
use nimbus_sim::numfmt::coordinate as px;
use nimbus_sim::regions;
use nimbus_sim::services::route53::resolve::{resolve_unexplained, Client};
use nimbus_sim::services::route53::traffic::NO_ANSWER;
use nimbus_sim::World;
use std::collections::BTreeMap;
use std::rc::Rc;
use yew::prelude::*;

/// One client location's traffic to one record.
#[derive(Clone, Debug, PartialEq)]
pub struct MapRoute {
    pub client: String,
    pub from: (f32, f32),
    pub record: String,
    /// The region the record sends traffic to, when it names one.
    pub to: Option<(&'static str, (f32, f32))>,
    pub count: u64,
    /// Of all queries drawn (0..=1).
    pub share: f64,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct MapModel {
    /// Where the lines come from: the last traffic run, or one query per location.
    pub source: String,
    pub clients: Vec<(String, (f32, f32))>,
    /// Regions that records name, with those records.
    pub regions: Vec<(&'static str, (f32, f32), Vec<String>)>,
    pub routes: Vec<MapRoute>,
    /// Records with no region (bare addresses): label and values.
    pub unplaced: Vec<(String, String)>,
}

/// One query per location through Route 53 (no cache), on a copy of the World: where each
/// location would land right now.
pub fn one_query_each(world: &World, q: &Question, codes: &[&str]) -> BTreeMap<String, BTreeMap<String, u64>> {
    let mut copy = world.clone();
    let mut out = BTreeMap::new();
    for code in codes {
        let a = resolve_unexplained(&mut copy, &q.name, &q.record_type, &Client::in_region(code));
        let label = if a.response_code != "NOERROR" || a.records.is_empty() {
            NO_ANSWER.to_string()
        } else if a.chosen.is_empty() {
            a.records[0].clone()
        } else {
            a.chosen.join("+")
        };
        out.insert(places::place_label(code), BTreeMap::from([(label, 1)]));
    }
    out
}

/// The map for a question from per-location counts (as `TrafficReport::by_client` holds them).
pub fn map_model(
    world: &World,
    q: &Question,
    clients: &[(String, String)],
    by_client: &BTreeMap<String, BTreeMap<String, u64>>,
    source: &str,
) -> MapModel {
    let point = |code: &str| regions::find(code).map(|r| (r.latitude, r.longitude)).unwrap_or((0.0, 0.0));
    let mut model = MapModel { source: source.to_string(), ..Default::default() };
    let mut record_places: BTreeMap<String, (&'static str, (f32, f32))> = BTreeMap::new();
    for (zone, set) in places::sets_for(world, q) {
        let label = places::report_label(set);
        match places::record_region(zone, set) {
            Some(r) => {
                record_places.insert(label.clone(), (r.code, (r.latitude, r.longitude)));
                match model.regions.iter_mut().find(|(code, _, _)| *code == r.code) {
                    Some((_, _, records)) => records.push(label),
                    None => model.regions.push((r.code, (r.latitude, r.longitude), vec![label])),
                }
            }
            None => {
                let values = match &set.alias_target {
                    Some(alias) => format!("alias to {}", alias.dns_name),
                    None => set.values().collect::<Vec<_>>().join(", "),
                };
                model.unplaced.push((label, values));
            }
        }
    }
    let total: u64 = by_client.values().flat_map(|m| m.values()).sum();
    for (label, code) in clients {
        let Some(counts) = by_client.get(label) else { continue };
        model.clients.push((label.clone(), point(code)));
        for (record, n) in counts {
            // A multivalue answer (`a+b`) is drawn to its first record.
            let first = record.split('+').next().unwrap_or(record);
            model.routes.push(MapRoute {
                client: label.clone(),
                from: point(code),
                record: record.clone(),
                to: record_places.get(first).copied(),
                count: *n,
                share: *n as f64 / total.max(1) as f64,
            });
        }
    }
    model
}

/// Longitude, latitude to map units: x 0..360, y 0..150 (80° N to 70° S).
fn project((lat, lon): (f32, f32)) -> (f32, f32) {
    (lon + 180.0, 80.0 - lat)
}

/// Continents as (longitude, latitude) rings, simplified by hand to a few points each: enough to
/// tell where a dot is, a few hundred bytes in the bundle.
const COASTS: &[&[(i16, i16)]] = &[
    // North America
    &[
        (-168, 66),
        (-140, 70),
        (-95, 72),
        (-80, 63),
        (-60, 55),
        (-53, 47),
        (-66, 44),
        (-76, 35),
        (-81, 25),
        (-97, 26),
        (-97, 18),
        (-88, 15),
        (-80, 8),
        (-85, 11),
        (-105, 20),
        (-117, 32),
        (-124, 40),
        (-124, 48),
        (-135, 58),
        (-150, 60),
        (-165, 60),
    ],
    // Greenland
    &[(-45, 60), (-20, 70), (-20, 82), (-60, 82), (-72, 77), (-50, 68)],
    // South America
    &[
        (-80, 8),
        (-60, 10),
        (-50, 0),
        (-35, -7),
        (-40, -22),
        (-48, -28),
        (-58, -38),
        (-65, -55),
        (-74, -50),
        (-72, -30),
        (-70, -18),
        (-81, -5),
    ],
    // Eurasia
    &[
        (-10, 36),
        (-9, 43),
        (-2, 44),
        (-5, 48),
        (2, 51),
        (8, 54),
        (5, 62),
        (15, 69),
        (30, 71),
        (60, 70),
        (80, 73),
        (110, 77),
        (140, 72),
        (180, 68),
        (180, 65),
        (160, 60),
        (142, 52),
        (140, 43),
        (130, 35),
        (122, 31),
        (121, 23),
        (108, 21),
        (106, 10),
        (100, 13),
        (103, 1),
        (98, 8),
        (92, 20),
        (80, 15),
        (77, 8),
        (72, 20),
        (66, 25),
        (57, 25),
        (52, 27),
        (58, 22),
        (52, 15),
        (44, 12),
        (35, 28),
        (34, 31),
        (28, 37),
        (26, 40),
        (20, 40),
        (13, 45),
        (16, 39),
        (8, 44),
        (3, 43),
    ],
    // Africa
    &[
        (-17, 21),
        (-10, 30),
        (-6, 36),
        (10, 37),
        (20, 31),
        (32, 31),
        (35, 28),
        (43, 12),
        (51, 12),
        (40, -5),
        (40, -15),
        (33, -25),
        (20, -35),
        (15, -28),
        (12, -17),
        (13, -5),
        (9, 4),
        (-8, 4),
        (-17, 14),
    ],
    // Australia
    &[
        (114, -22),
        (122, -18),
        (130, -12),
        (137, -12),
        (142, -11),
        (146, -19),
        (153, -27),
        (150, -37),
        (140, -38),
        (132, -32),
        (115, -34),
    ],
    // Great Britain, Japan, Sumatra and Borneo, New Zealand
    &[(-5, 50), (2, 51), (-2, 56), (-3, 59), (-6, 57)],
    &[(130, 31), (135, 34), (140, 36), (142, 42), (140, 41), (132, 34)],
    &[(95, 5), (106, -6), (115, -8), (119, -3), (118, 5), (109, 2)],
    &[(172, -35), (178, -38), (167, -47)],
];

fn coast_path() -> String {
    let mut d = String::new();
    for ring in COASTS {
        for (i, (lon, lat)) in ring.iter().enumerate() {
            let (x, y) = project((*lat as f32, *lon as f32));
            d.push_str(&format!("{}{},{}", if i == 0 { "M" } else { "L" }, px(x), px(y)));
        }
        d.push('Z');
    }
    d
}

#[derive(Properties, PartialEq)]
pub struct WorldMapProps {
    pub model: Rc<MapModel>,
}

#[component]
pub fn WorldMap(props: &WorldMapProps) -> Html {
    let m = &props.model;
    let coasts = use_memo((), |_| coast_path());
    let placed: Vec<&MapRoute> = m.routes.iter().filter(|r| r.to.is_some()).collect();
    html! {
        <figure class="r53-figure r53-map">
            <figcaption>{ format!("Where clients land ({})", m.source) }</figcaption>
            <div class="r53-map-body">
                <svg class="r53-map-svg" viewBox="0 0 360 150" role="img"
                     aria-label={format!("World map: {} client location(s), {} region(s) named by records, {} route(s) drawn",
                                         m.clients.len(), m.regions.len(), placed.len())}>
                    <rect x="0" y="0" width="360" height="150" class="r53-sea" />
                    { for (1..12).map(|i| html! { <line x1={(i * 30).to_string()} y1="0" x2={(i * 30).to_string()} y2="150" class="r53-grid" /> }) }
                    { for (0..5).map(|i| html! { <line x1="0" y1={(20 + i * 30).to_string()} x2="360" y2={(20 + i * 30).to_string()} class="r53-grid" /> }) }
                    <path d={(*coasts).clone()} class="r53-land" />
                    { for placed.iter().map(|r| route_line(r)) }
                    { for m.regions.iter().map(|(code, at, records)| {
                        let (x, y) = project(*at);
                        // Labels near the east edge go to the left of their dot, so they stay on the map.
                        let (lx, anchor) = if x > 300.0 { (x - 4.5, "end") } else { (x + 4.5, "start") };
                        html! {
                            <g class="r53-region">
                                <rect x={px(x - 3.0)} y={px(y - 3.0)} width="6" height="6">
                                    <title>{ format!("{code}: {}", records.join(", ")) }</title>
                                </rect>
                                <text x={px(lx)} y={px(y - 3.5)} text-anchor={anchor} class="r53-map-label">{ *code }</text>
                            </g>
                        }
                    }) }
                    { for m.clients.iter().map(|(label, at)| {
                        let (x, y) = project(*at);
                        html! {
                            <circle cx={px(x)} cy={px(y)} r="2.6" class="r53-client"><title>{ label.clone() }</title></circle>
                        }
                    }) }
                </svg>
                <div class="r53-map-side">
                    <p class="r53-map-key">
                        <span class="r53-key-client" aria-hidden="true"></span>{ "client location" }
                        <span class="r53-key-region" aria-hidden="true"></span>{ "region a record names" }
                    </p>
                    <h6>{ "Routes" }</h6>
                    if m.routes.is_empty() {
                        <p class="empty">{ "No client locations chosen." }</p>
                    } else {
                        <ul class="r53-routes">
                            { for m.routes.iter().map(|r| html! {
                                <li>{ format!("{} → {}{}: {} ({} %)", r.client, r.record,
                                              r.to.map(|(c, _)| format!(" in {c}")).unwrap_or_default(),
                                              super::traffic::thousands(r.count),
                                              nimbus_sim::numfmt::decimal(r.share * 100.0, 1)) }</li>
                            }) }
                        </ul>
                    }
                    if !m.unplaced.is_empty() {
                        <h6>{ "Not on the map (no region)" }</h6>
                        <ul class="r53-unplaced">
                            { for m.unplaced.iter().map(|(label, values)| html! { <li><strong>{ label.clone() }</strong>{ format!(": {values}") }</li> }) }
                        </ul>
                    }
                </div>
            </div>
        </figure>
    }
}

/// A curve from a client location to the region it lands in; a ring when they are the same.
fn route_line(r: &MapRoute) -> Html {
    let Some((code, to)) = r.to else { return html! {} };
    let width = px(0.8 + r.share as f32 * 5.0);
    let (x1, y1) = project(r.from);
    let (x2, y2) = project(to);
    let title = format!("{} → {} in {code}", r.client, r.record);
    if (x1 - x2).abs() < 0.5 && (y1 - y2).abs() < 0.5 {
        return html! {
            <circle cx={px(x1)} cy={px(y1)} r="5.5" class="r53-route r53-route-local" stroke-width={width}><title>{ title }</title></circle>
        };
    }
    // The control point bows the line upward, like a flight path, so crossing routes stay apart.
    let (mx, my) = ((x1 + x2) / 2.0, (y1 + y2) / 2.0 - ((x2 - x1).abs() + (y2 - y1).abs()) * 0.15);
    html! {
        <path d={format!("M{},{} Q{},{} {},{}", px(x1), px(y1), px(mx), px(my), px(x2), px(y2))}
              class="r53-route" stroke-width={width}><title>{ title }</title></path>
    }
}
