//! A stack's estimated monthly cost: each live resource priced from the engine's small dated
//! price table, the stack's tags with what every stack carrying them costs, and the saving of
//! deleting the stack outside office hours and recreating it in the morning.

use crate::components::table::ResourceTable;
use nimbus_sim::numfmt::decimal;
use nimbus_sim::services::cloudformation::cost::{self, PRICES_AS_OF};
use nimbus_sim::services::cloudformation::model::Stack;
use nimbus_sim::World;
use yew::prelude::*;

/// Office hours: recreated at 08:00, deleted at 17:00, Monday to Friday.
const HOURS_PER_DAY: f64 = 9.0;
const DAYS_PER_WEEK: f64 = 5.0;

fn dollars(v: f64) -> String {
    format!("${}", decimal(v, 2))
}

pub fn cost_view(world: &World, s: &Stack) -> Html {
    let estimate = cost::estimate(world, s);
    let rows: Vec<Html> = estimate
        .lines
        .iter()
        .map(|l| {
            html! {
                <tr key={l.logical_id.clone()}>
                    <td>{ l.logical_id.clone() }</td>
                    <td><code>{ l.resource_type.clone() }</code></td>
                    <td class="num">{ dollars(l.monthly) }</td>
                    <td>{ l.basis.clone() }</td>
                </tr>
            }
        })
        .collect();
    let total = estimate.monthly();
    let (office, saving) = cost::scheduled(total, HOURS_PER_DAY, DAYS_PER_WEEK);
    let percent = if total > 0.0 { saving / total * 100.0 } else { 0.0 };
    let tags: Vec<Html> = s
        .tags
        .iter()
        .map(|(k, v)| {
            let all = cost::by_tag(world, k);
            let value = all.get(v).copied().unwrap_or(0.0);
            html! { <li key={k.clone()}>{ format!("{k} = {v}: {} a month across every stack tagged so", dollars(value)) }</li> }
        })
        .collect();
    html! {
        <div class="cfn-cost">
            <p class="help">{ format!("An estimate from {PRICES_AS_OF}: what the stack's live resources would cost running for \
                                       a month (730 h). No free tier, data transfer or request charges.") }</p>
            <ResourceTable caption="Estimated monthly cost" headers={&["Logical ID", "Type", "Per month", "How"][..]}
                           empty="No live resources to price." rows={rows} />
            <p class="cfn-cost-total"><strong>{ format!("Total: {} a month (estimate)", dollars(total)) }</strong></p>
            if !tags.is_empty() {
                <ul class="cfn-cost-tags" aria-label="Cost by stack tag">{ for tags }</ul>
            }
            if total > 0.0 {
                <p class="cfn-cost-schedule">
                    { format!("Deleted at 17:00 and recreated at 08:00 on weekdays ({HOURS_PER_DAY} h × {DAYS_PER_WEEK} days a week), \
                               it would cost {} a month: a saving of {} ({} %). A deleted stack pays for nothing, its disks \
                               and addresses included, so keep data that must survive outside it.",
                              dollars(office), dollars(saving), decimal(percent, 0)) }
                </p>
            }
        </div>
    }
}
