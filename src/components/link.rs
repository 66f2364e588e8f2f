//! A link to a route that can say it is the current page (`aria-current`), which yew-router's
//! `Link` cannot. The href is the real fragment URL, so opening it in a new tab works too.

use crate::route::Route;
use yew::prelude::*;
use yew_router::prelude::*;

#[derive(Properties, PartialEq)]
pub struct AppLinkProps {
    pub to: Route,
    #[prop_or_default]
    pub classes: Classes,
    pub children: Html,
}

#[component]
pub fn AppLink(props: &AppLinkProps) -> Html {
    let navigator = use_navigator();
    let here = use_route::<Route>().as_ref() == Some(&props.to);
    let onclick = {
        let to = props.to.clone();
        Callback::from(move |e: MouseEvent| {
            // Let the browser handle new-tab and new-window clicks.
            if e.ctrl_key() || e.meta_key() || e.shift_key() || e.button() != 0 {
                return;
            }
            if let Some(nav) = &navigator {
                e.prevent_default();
                nav.push(&to);
            }
        })
    };
    html! {
        <a href={format!("#{}", props.to.to_path())} class={props.classes.clone()} {onclick}
           aria-current={here.then_some("page")}>
            { props.children.clone() }
        </a>
    }
}
