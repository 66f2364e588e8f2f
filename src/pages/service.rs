//! The page of a service that is on the map but not simulated yet.

use crate::catalog;
use crate::components::link::AppLink;
use crate::route::Route;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ComingPageProps {
    pub slug: &'static str,
}

#[component]
pub fn ComingPage(props: &ComingPageProps) -> Html {
    let Some(service) = catalog::find(props.slug) else { return html! {} };
    html! {
        <div class="coming-page">
            <h1 id="page-heading" tabindex="-1">{ service.name }</h1>
            <p class="lead">{ service.blurb }</p>
            <p>
                { format!("{} is coming to Nimbus Lab: its simulator is not built yet. ", service.short) }
                { "Meanwhile, " }<AppLink to={Route::S3}>{ "try Amazon S3" }</AppLink>
                { " or go back to " }<AppLink to={Route::Home}>{ "all services" }</AppLink>{ "." }
            </p>
        </div>
    }
}
