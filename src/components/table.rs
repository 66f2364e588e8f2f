//! A resource table in its own scroll box, so wide tables never scroll the page on a phone.

use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ResourceTableProps {
    pub caption: AttrValue,
    pub headers: &'static [&'static str],
    /// Shown instead of the table when there are no rows.
    pub empty: AttrValue,
    pub rows: Vec<Html>,
}

#[component]
pub fn ResourceTable(props: &ResourceTableProps) -> Html {
    if props.rows.is_empty() {
        return html! { <p class="empty">{ props.empty.clone() }</p> };
    }
    html! {
        // Focusable so keyboard users can scroll it sideways.
        <div class="table-scroll" role="region" aria-label={props.caption.clone()} tabindex="0">
            <table>
                <caption>{ props.caption.clone() }</caption>
                <thead>
                    <tr>{ for props.headers.iter().map(|h| html! { <th scope="col">{ *h }</th> }) }</tr>
                </thead>
                <tbody>{ for props.rows.iter().cloned() }</tbody>
            </table>
        </div>
    }
}
