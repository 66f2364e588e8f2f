//! The failover outage estimator: how long clients are cut off after the primary fails, as a
//! function of the health check's interval and failure threshold and the record's TTL. The
//! figures come from the engine (`route53::dr::outage`), whose bounds the engine's tests check
//! against simulated drills.

use nimbus_sim::services::route53::dr::{outage, OutageEstimate};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

/// Seconds as a learner reads them: `45 s`, `2 min 30 s`.
fn duration(seconds: i64) -> String {
    match (seconds / 60, seconds % 60) {
        (0, s) => format!("{s} s"),
        (m, 0) => format!("{m} min"),
        (m, s) => format!("{m} min {s} s"),
    }
}

/// A bar per client case, scaled to the worst case: detection, then the cache's TTL.
fn timeline(e: &OutageEstimate) -> Html {
    // Leaves room after the longest bar for its label ("12 min 30 s").
    let width = 280.0_f32;
    let scale = if e.worst > 0 { width / e.worst as f32 } else { 0.0 };
    let x = |s: i64| nimbus_sim::numfmt::coordinate(s as f32 * scale);
    let rows = [
        ("best", e.best, "cut off until the check turns unhealthy"),
        ("worst", e.worst, "plus a whole TTL of cached answers"),
    ];
    html! {
        <svg class="outage-bars" viewBox="0 0 420 64" role="img"
             aria-label={format!("Outage from {} to {}", duration(e.best), duration(e.worst))}>
            { for rows.iter().enumerate().map(|(i, (label, seconds, _))| {
                let y = 8 + i as i64 * 28;
                html! {
                    <g>
                        <text x="0" y={(y + 14).to_string()} class="outage-label">{ *label }</text>
                        <rect x="50" y={y.to_string()} width={x(e.detection_max.min(*seconds))} height="18" class="outage-detect" />
                        if *seconds > e.detection_max {
                            <rect x={nimbus_sim::numfmt::coordinate(50.0 + e.detection_max as f32 * scale)} y={y.to_string()}
                                  width={x(*seconds - e.detection_max)} height="18" class="outage-cache" />
                        }
                        <text x={nimbus_sim::numfmt::coordinate(56.0 + *seconds as f32 * scale)} y={(y + 14).to_string()}
                              class="outage-value">{ duration(*seconds) }</text>
                    </g>
                }
            }) }
        </svg>
    }
}

#[component]
pub fn OutageEstimator() -> Html {
    let interval = use_state(|| 30_i64);
    let threshold = use_state(|| 3_u32);
    let ttl = use_state(|| 60_i64);
    let e = outage(*interval, *threshold, *ttl);
    let on_interval = {
        let interval = interval.clone();
        Callback::from(move |ev: Event| {
            if let Some(s) = ev.target_dyn_into::<HtmlSelectElement>() {
                interval.set(s.value().parse().unwrap_or(30));
            }
        })
    };
    let on_threshold = {
        let threshold = threshold.clone();
        Callback::from(move |ev: InputEvent| {
            if let Some(i) = ev.target_dyn_into::<HtmlInputElement>() {
                threshold.set(i.value().parse::<u32>().unwrap_or(3).clamp(1, 10));
            }
        })
    };
    let on_ttl = {
        let ttl = ttl.clone();
        Callback::from(move |ev: InputEvent| {
            if let Some(i) = ev.target_dyn_into::<HtmlInputElement>() {
                ttl.set(i.value().parse::<i64>().unwrap_or(0).clamp(0, 86_400));
            }
        })
    };
    html! {
        <section class="console-form outage-estimator" aria-labelledby="outage-heading">
            <h4 id="outage-heading">{ "Failover outage estimator" }</h4>
            <p class="hint">
                { "Active-passive failover: how long a client keeps failing after the primary breaks. Route 53 \
                   notices after the failure threshold's worth of failed checks; a client then still uses its \
                   resolver's cached answer until the TTL runs out." }
            </p>
            <div class="fields">
                <div class="field">
                    <label for="outage-interval">{ "Request interval" }</label>
                    <select id="outage-interval" onchange={on_interval}>
                        <option value="30" selected={*interval == 30}>{ "30 s (standard)" }</option>
                        <option value="10" selected={*interval == 10}>{ "10 s (fast)" }</option>
                    </select>
                </div>
                <div class="field">
                    <label for="outage-threshold">{ "Failure threshold" }</label>
                    <input id="outage-threshold" type="number" min="1" max="10" value={threshold.to_string()} oninput={on_threshold} />
                </div>
                <div class="field">
                    <label for="outage-ttl">{ "Record TTL (s)" }</label>
                    <input id="outage-ttl" type="number" min="0" max="86400" value={ttl.to_string()} oninput={on_ttl} />
                </div>
            </div>
            <dl class="outage-figures" aria-live="polite">
                <dt>{ "Route 53 notices" }</dt>
                <dd>{ format!("after {} to {}", duration(e.detection_min), duration(e.detection_max)) }</dd>
                <dt>{ "Clients cut off" }</dt>
                <dd>{ format!("{} to {} (about {} on average)", duration(e.best), duration(e.worst), duration(e.expected)) }</dd>
            </dl>
            { timeline(&e) }
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_as_minutes_and_seconds() {
        assert_eq!(duration(45), "45 s");
        assert_eq!(duration(120), "2 min");
        assert_eq!(duration(150), "2 min 30 s");
    }

    #[tokio::test]
    async fn the_estimator_shows_the_engine_figures_for_its_defaults() {
        let html = yew::ServerRenderer::<OutageEstimator>::new().render().await;
        // 30 s × 3 failures, TTL 60: detection 60–90 s, clients 60 s to 2 min 30 s.
        assert!(html.contains("after 1 min to 1 min 30 s"), "{html}");
        assert!(html.contains("1 min to 2 min 30 s"), "{html}");
    }
}
