//! "The resolver and traffic" section: the traffic simulation, the world map of its last run
//! and the query follower. It holds the last run, which the map draws; before any run the map
//! shows where one query from each default location would land.

use super::places::{self, DEFAULT_PLACES};
use super::query_flow::QueryFlow;
use super::traffic::{TrafficPanel, TrafficRun};
use super::world_map::{map_model, one_query_each, WorldMap};
use crate::app::use_store;
use std::rc::Rc;
use yew::prelude::*;

#[component]
pub fn ResolverLab() -> Html {
    let store = use_store();
    let run = use_state(|| None::<Rc<TrafficRun>>);
    // Questions and the map change only with the lab, not with every render.
    let rev = store.save_rev;
    let questions = use_memo(rev, {
        let lab = store.lab.clone();
        move |_| places::questions(&lab.world)
    });
    let model = use_memo((rev, run.as_ref().map(|r| r.id)), {
        let (lab, run, questions) = (store.lab.clone(), (*run).clone(), questions.clone());
        move |_| match run.as_deref() {
            Some(run) => {
                let clients: Vec<(String, String)> =
                    run.clients.iter().map(|(l, c, _)| (l.clone(), c.clone())).collect();
                Some(map_model(&lab.world, &run.question, &clients, &run.report.by_client, "last traffic run"))
            }
            None => places::default_question(&questions).map(|q| {
                let clients: Vec<(String, String)> =
                    DEFAULT_PLACES.iter().map(|c| (places::place_label(c), c.to_string())).collect();
                let counts = one_query_each(&lab.world, q, &DEFAULT_PLACES);
                map_model(&lab.world, q, &clients, &counts, "one query from each location, no run yet")
            }),
        }
    });
    let on_run = {
        let run = run.clone();
        Callback::from(move |r: Rc<TrafficRun>| run.set(Some(r)))
    };
    html! {
        <section class="r53-resolver" aria-labelledby="resolver-heading">
            <h3 id="resolver-heading">{ "The resolver and traffic" }</h3>
            <TrafficPanel questions={questions.clone()} run={(*run).clone()} {on_run} />
            if let Some(model) = (*model).clone() {
                <WorldMap model={Rc::new(model)} />
            }
            <QueryFlow {questions} />
        </section>
    }
}
