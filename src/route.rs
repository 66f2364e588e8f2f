//! The app's URLs, and the only place that reads them. Routes live in the fragment (`#/s3`), so
//! the site works from any static host and from a subfolder.

use crate::catalog;
use yew_router::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, Routable)]
pub enum Route {
    #[at("/")]
    Home,
    #[at("/s3")]
    S3,
    /// A service from the catalog that has no simulator yet.
    #[at("/:slug")]
    Service { slug: String },
    #[not_found]
    #[at("/not-found")]
    NotFound,
}

impl Route {
    /// The route that shows a catalog service.
    pub fn for_service(slug: &str) -> Route {
        match slug {
            "s3" => Route::S3,
            other => Route::Service { slug: other.to_string() },
        }
    }

    /// The document title, so history, tabs and screen readers name the page.
    pub fn title(&self) -> String {
        let page = match self {
            Route::Home => return "Nimbus Lab · AWS learning simulator".to_string(),
            Route::S3 => "S3",
            Route::Service { slug } => catalog::find(slug).map(|s| s.short).unwrap_or("Not found"),
            Route::NotFound => "Not found",
        };
        format!("{page} · Nimbus Lab")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_map_to_pages() {
        assert_eq!(Route::recognize("/"), Some(Route::Home));
        assert_eq!(Route::recognize("/s3"), Some(Route::S3));
        assert_eq!(Route::recognize("/kms"), Some(Route::Service { slug: "kms".into() }));
        assert_eq!(Route::recognize("/a/b/c"), Some(Route::NotFound));
    }

    #[test]
    fn titles_follow_the_route() {
        assert_eq!(Route::S3.title(), "S3 · Nimbus Lab");
        assert_eq!(Route::for_service("route53").title(), "Route 53 · Nimbus Lab");
        assert_eq!(Route::Service { slug: "nope".into() }.title(), "Not found · Nimbus Lab");
    }
}
