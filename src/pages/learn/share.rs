//! `#/share/1<data>`: opens a shared World, lab or demo step exactly as it was shared. A damaged
//! or foreign link shows what is wrong instead.

use super::demo::DemoPage;
use crate::app::{use_learn, use_store};
use crate::components::link::AppLink;
use crate::diagram::DiagramView;
use crate::learn::{bank, start_lab, workspace, LearnAction};
use crate::route::Route;
use crate::store::Action;
use nimbus_learn::share::{self, SharePayload};
use yew::prelude::*;
use yew_router::prelude::*;

/// What a share link opens, or why it cannot.
pub fn read_link(data: &str) -> Result<SharePayload, String> {
    let payload = share::decode(&format!("{}{data}", share::SHARE_PREFIX)).map_err(|e| e.to_string())?;
    match &payload {
        SharePayload::Lab { lab, .. } if bank().lab(lab).is_none() => {
            Err(format!("this link opens the lab '{lab}', which this Nimbus Lab does not have"))
        }
        SharePayload::DemoStep { demo, .. } if bank().demo(demo).is_none() => {
            Err(format!("this link opens the demo '{demo}', which this Nimbus Lab does not have"))
        }
        _ => Ok(payload),
    }
}

/// "this link…" → "This link….".
fn sentence(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => format!("{}{}.", first.to_uppercase(), chars.as_str()),
        None => String::new(),
    }
}

#[derive(Properties, PartialEq)]
pub struct SharePageProps {
    pub data: AttrValue,
}

#[component]
pub fn SharePage(props: &SharePageProps) -> Html {
    let store = use_store();
    let learn = use_learn();
    let navigator = use_navigator();
    let payload = use_memo(props.data.clone(), |data| read_link(data));
    {
        let payload = payload.clone();
        let (store, learn) = (store.clone(), learn.clone());
        use_effect_with(props.data.clone(), move |_| match &*payload {
            Ok(SharePayload::World { world }) => store.dispatch(Action::Load {
                lab: Box::new(workspace(world.clone(), &Default::default())),
                title: "Shared World opened".into(),
                text: "This is the World exactly as it was shared. Undo brings yours back.".into(),
            }),
            Ok(SharePayload::Lab { lab, world }) => {
                let Some(lab) = bank().lab(lab) else { return };
                if let Ok((session, mut ws)) = start_lab(lab) {
                    if let Some(world) = world {
                        ws.world = world.clone();
                    }
                    store.dispatch(Action::Load {
                        lab: Box::new(ws),
                        title: format!("Shared lab opened: {}", lab.title),
                        text: "Undo brings your previous World back.".into(),
                    });
                    learn.dispatch(LearnAction::StartLab(Box::new(session)));
                    if let Some(nav) = navigator {
                        nav.replace(&Route::Lab { id: lab.id.clone() });
                    }
                }
            }
            _ => {}
        });
    }
    match &*payload {
        Err(e) => html! {
            <div class="learn-page">
                <h1 id="page-heading" tabindex="-1">{ "This share link cannot be opened" }</h1>
                <p class="banner error" role="alert">{ sentence(e) }</p>
                <p>{ "Ask for the link again, copied whole. Your own World and progress are untouched." }</p>
                <div class="button-row">
                    <AppLink to={Route::Home}>{ "Home" }</AppLink>
                    <AppLink to={Route::Learn}>{ "Learn" }</AppLink>
                </div>
            </div>
        },
        Ok(SharePayload::DemoStep { demo, step }) => html! { <DemoPage id={demo.clone()} step={*step} /> },
        Ok(SharePayload::Lab { lab, .. }) => html! {
            <div class="learn-page">
                <h1 id="page-heading" tabindex="-1">{ "Opening the shared lab…" }</h1>
                <AppLink to={Route::Lab { id: lab.clone() }}>{ "Go to the lab" }</AppLink>
            </div>
        },
        Ok(SharePayload::World { .. }) => {
            let diagram = std::rc::Rc::new(nimbus_sim::diagram::s3::diagram(store.world()));
            html! {
                <div class="learn-page">
                    <h1 id="page-heading" tabindex="-1">{ "Shared World" }</h1>
                    <p class="intro">{ "This is the World exactly as it was shared: every bucket, object, setting, the \
                                        trail and the simulated clock. Undo brings your own World back." }</p>
                    <p><AppLink to={Route::S3} classes={classes!("cta")}>{ "Open it in the S3 console" }</AppLink></p>
                    <section class="panel diagram-panel" aria-labelledby="shared-diagram-heading">
                        <h2 id="shared-diagram-heading">{ "Diagram" }</h2>
                        <DiagramView {diagram} empty="The shared World has no buckets." />
                    </section>
                </div>
            }
        }
    }
}
