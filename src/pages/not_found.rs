//! An address that names no page.

use crate::components::link::AppLink;
use crate::route::Route;
use yew::prelude::*;

#[component]
pub fn NotFoundPage() -> Html {
    html! {
        <div>
            <h1 id="page-heading" tabindex="-1">{ "Page not found" }</h1>
            <p>{ "Nothing lives at this address. " }<AppLink to={Route::Home}>{ "See all services" }</AppLink>{ "." }</p>
        </div>
    }
}
