//! The traffic report drawn: a bar per record, a stacked bar per client location and, over a
//! span, a column per time slice (where a failover shows as the colours change while cached
//! answers expire). Every chart is followed by a table with the same numbers.

use super::traffic::{now_ms, thousands, TrafficRun};
use nimbus_sim::numfmt::{coordinate as px, decimal};
use nimbus_sim::services::route53::traffic::{TrafficReport, NO_ANSWER};
use std::collections::BTreeMap;
use std::rc::Rc;
use yew::prelude::*;

/// Colours the charts cycle through (CSS classes, so the dark theme has its own).
const PALETTE: usize = 8;

/// Records in the order the charts list them: most queries first, `(no answer)` last. The
/// position is the record's colour in every chart.
pub fn record_order(report: &TrafficReport) -> Vec<(String, u64)> {
    let mut records: Vec<(String, u64)> = report.by_record.iter().map(|(k, v)| (k.clone(), *v)).collect();
    records.sort_by(|a, b| (a.0 == NO_ANSWER).cmp(&(b.0 == NO_ANSWER)).then(b.1.cmp(&a.1)).then(a.0.cmp(&b.0)));
    records
}

fn colour(order: &[(String, u64)], record: &str) -> String {
    if record == NO_ANSWER {
        return "r53-none".into();
    }
    let i = order.iter().position(|(r, _)| r == record).unwrap_or(0);
    format!("r53-c{}", i % PALETTE)
}

/// `72.4 %`.
pub fn percent(n: u64, total: u64) -> String {
    format!("{} %", decimal(n as f64 * 100.0 / total.max(1) as f64, 1))
}

#[derive(Properties, PartialEq)]
pub struct TrafficResultProps {
    pub run: Rc<TrafficRun>,
}

#[component]
pub fn TrafficResult(props: &TrafficResultProps) -> Html {
    let run = &props.run;
    let elapsed = use_state(|| None::<(u64, f64)>);
    {
        // Measured after the charts are in the page: the simulation on a copy plus the drawing.
        let (elapsed, id, started) = (elapsed.clone(), run.id, run.started_ms);
        use_effect_with(id, move |_| {
            if started > 0.0 {
                elapsed.set(Some((id, now_ms() - started)));
            }
        });
    }
    let report = &run.report;
    let order = record_order(report);
    let ms = elapsed.filter(|(id, _)| *id == run.id).map(|(_, ms)| ms);
    let caching = if run.caching { "through resolver caches" } else { "each straight to Route 53" };
    html! {
        <section class="r53-result" aria-labelledby="traffic-result-heading" aria-live="polite">
            <h5 id="traffic-result-heading">{ format!("Where {} queries for {} went", thousands(report.total), super::traffic::asked(&run.question)) }</h5>
            <p class="r53-summary">
                { format!("From {} location(s), {caching}; {} answered from a cache, {} without an answer.",
                          run.clients.len(), thousands(report.from_cache), thousands(report.no_answer)) }
                if let Some(ms) = ms {
                    <> { " " } <strong class="r53-elapsed" data-run={run.id.to_string()}>{ format!("Simulated and drawn in {} ms.", decimal(ms, 1)) }</strong>
                         { format!(" (Copying the lab: {} ms; the simulation: {} ms.)", decimal(run.copied_ms, 1), decimal(run.simulated_ms, 1)) }</>
                }
            </p>
            { record_bars(report, &order) }
            { client_bars(run, &order) }
            if !report.timeline.is_empty() {
                { timeline(run, &order) }
            }
        </section>
    }
}

/// A bar per record with its count and share.
fn record_bars(report: &TrafficReport, order: &[(String, u64)]) -> Html {
    let row_h = 26.0_f32;
    let height = row_h * order.len() as f32 + 4.0;
    let max = order.iter().map(|(_, n)| *n).max().unwrap_or(1).max(1) as f32;
    let summary: Vec<String> = order.iter().map(|(r, n)| format!("{r} {}", percent(*n, report.total))).collect();
    html! {
        <figure class="r53-figure">
            <figcaption>{ "Answers by record" }</figcaption>
            <svg class="r53-chart" viewBox={format!("0 0 420 {}", px(height))} role="img"
                 aria-label={format!("Answers by record: {}", summary.join(", "))}>
                { for order.iter().enumerate().map(|(i, (record, n))| {
                    let y = 2.0 + i as f32 * row_h;
                    // Leaves room after the longest bar for its value (`10,000 · 100.0 %`).
                    let w = (*n as f32 / max * 180.0).max(1.0);
                    html! {
                        <g class="r53-bar">
                            <text x="0" y={px(y + 16.0)} class="r53-label">{ short(record, 16) }</text>
                            <rect x="120" y={px(y + 3.0)} width={px(w)} height="18" rx="2" class={colour(order, record)} />
                            <text x={px(126.0 + w)} y={px(y + 16.0)} class="r53-value">
                                { format!("{} · {}", thousands(*n), percent(*n, report.total)) }
                            </text>
                        </g>
                    }
                }) }
            </svg>
            <div class="table-scroll" role="region" aria-label="Answers by record, as a table" tabindex="0">
                <table class="r53-table">
                    <caption>{ "Answers by record" }</caption>
                    <thead><tr><th scope="col">{ "Record" }</th><th scope="col">{ "Queries" }</th><th scope="col">{ "Share" }</th></tr></thead>
                    <tbody>
                        { for order.iter().map(|(record, n)| html! {
                            <tr>
                                <th scope="row"><span class={classes!("r53-swatch", colour(order, record))} aria-hidden="true"></span>{ record.clone() }</th>
                                <td class="num">{ thousands(*n) }</td>
                                <td class="num">{ percent(*n, report.total) }</td>
                            </tr>
                        }) }
                    </tbody>
                </table>
            </div>
        </figure>
    }
}

/// A stacked bar per client location: which records its clients land on.
fn client_bars(run: &TrafficRun, order: &[(String, u64)]) -> Html {
    let report = &run.report;
    let rows: Vec<(&String, &BTreeMap<String, u64>)> =
        run.clients.iter().filter_map(|(label, _, _)| report.by_client.get_key_value(label)).collect();
    let row_h = 26.0_f32;
    let height = row_h * rows.len() as f32 + 4.0;
    html! {
        <figure class="r53-figure">
            <figcaption>{ "Answers by client location" }</figcaption>
            <svg class="r53-chart" viewBox={format!("0 0 420 {}", px(height))} role="img"
                 aria-label="Answers by client location; the table below lists the counts">
                { for rows.iter().enumerate().map(|(i, (label, counts))| {
                    let y = 2.0 + i as f32 * row_h;
                    let total: u64 = counts.values().sum();
                    let mut x = 165.0_f32;
                    html! {
                        <g>
                            <text x="0" y={px(y + 16.0)} class="r53-label">{ short(label, 24) }</text>
                            { for order.iter().filter_map(|(record, _)| counts.get(record).map(|n| (record, *n))).map(|(record, n)| {
                                let w = n as f32 / total.max(1) as f32 * 250.0;
                                let rect = html! {
                                    <rect x={px(x)} y={px(y + 3.0)} width={px(w.max(0.5))} height="18" class={colour(order, record)}>
                                        <title>{ format!("{label}: {record} {} ({})", thousands(n), percent(n, total)) }</title>
                                    </rect>
                                };
                                x += w;
                                rect
                            }) }
                        </g>
                    }
                }) }
            </svg>
            <div class="r53-legend" aria-hidden="true">
                { for order.iter().map(|(record, _)| html! {
                    <span><span class={classes!("r53-swatch", colour(order, record))}></span>{ record.clone() }</span>
                }) }
            </div>
            <div class="table-scroll" role="region" aria-label="Answers by client location, as a table" tabindex="0">
                <table class="r53-table">
                    <caption>{ "Answers by client location" }</caption>
                    <thead>
                        <tr>
                            <th scope="col">{ "Location" }</th>
                            { for order.iter().map(|(record, _)| html! { <th scope="col">{ record.clone() }</th> }) }
                        </tr>
                    </thead>
                    <tbody>
                        { for rows.iter().map(|(label, counts)| {
                            let total: u64 = counts.values().sum();
                            html! {
                                <tr>
                                    <th scope="row">{ (*label).clone() }</th>
                                    { for order.iter().map(|(record, _)| {
                                        let n = counts.get(record).copied().unwrap_or(0);
                                        html! { <td class="num">{ format!("{} ({})", thousands(n), percent(n, total)) }</td> }
                                    }) }
                                </tr>
                            }
                        }) }
                    </tbody>
                </table>
            </div>
        </figure>
    }
}

/// A column per time slice, stacked by record: a failover shows as the colours change.
fn timeline(run: &TrafficRun, order: &[(String, u64)]) -> Html {
    let report = &run.report;
    let slices = &report.timeline;
    let col_w = 400.0 / slices.len().max(1) as f32;
    let max = slices.iter().map(|s| s.by_record.values().sum::<u64>()).max().unwrap_or(1).max(1) as f32;
    let offset = |i: usize| (slices[i].start - report.started).as_seconds();
    html! {
        <figure class="r53-figure">
            <figcaption>{ format!("Answers over {} of simulated time", run.span) }</figcaption>
            <svg class="r53-chart" viewBox="0 0 420 130" role="img"
                 aria-label="Answers per time slice; the table below lists the counts">
                { for slices.iter().enumerate().map(|(i, slice)| {
                    let x = 10.0 + i as f32 * col_w;
                    let mut y = 110.0_f32;
                    html! {
                        <g>
                            { for order.iter().filter_map(|(record, _)| slice.by_record.get(record).map(|n| (record, *n))).map(|(record, n)| {
                                let h = n as f32 / max * 100.0;
                                y -= h;
                                html! {
                                    <rect x={px(x + 1.0)} y={px(y)} width={px(col_w - 2.0)} height={px(h)} class={colour(order, record)}>
                                        <title>{ format!("+{} s: {record} {}", offset(i), thousands(n)) }</title>
                                    </rect>
                                }
                            }) }
                            if i % 3 == 0 {
                                <text x={px(x + 1.0)} y="124" class="r53-tick">{ format!("+{}", nimbus_sim::SimDuration::seconds(offset(i))) }</text>
                            }
                        </g>
                    }
                }) }
            </svg>
            <div class="table-scroll" role="region" aria-label="Answers over time, as a table" tabindex="0">
                <table class="r53-table">
                    <caption>{ "Answers over time" }</caption>
                    <thead>
                        <tr>
                            <th scope="col">{ "From" }</th>
                            { for order.iter().map(|(record, _)| html! { <th scope="col">{ record.clone() }</th> }) }
                        </tr>
                    </thead>
                    <tbody>
                        { for slices.iter().enumerate().map(|(i, slice)| html! {
                            <tr>
                                <th scope="row">{ format!("+{} s", offset(i)) }</th>
                                { for order.iter().map(|(record, _)| html! {
                                    <td class="num">{ thousands(slice.by_record.get(record).copied().unwrap_or(0)) }</td>
                                }) }
                            </tr>
                        }) }
                    </tbody>
                </table>
            </div>
        </figure>
    }
}

/// Cuts a long label for the chart (the table keeps it whole).
fn short(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut out: String = text.chars().take(max - 1).collect();
    out.push('…');
    out
}
