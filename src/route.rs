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
    #[at("/kms")]
    Kms,
    #[at("/cloudhsm")]
    CloudHsm,
    /// Encryption at rest and in transit, side by side (a concept page).
    #[at("/learn/encryption")]
    Encryption,
    #[at("/route53")]
    Route53,
    #[at("/cloudformation")]
    CloudFormation,
    /// The learning hub: quizzes, labs, demos and readiness.
    #[at("/learn")]
    Learn,
    /// Practice by service, one question at a time with immediate feedback.
    #[at("/learn/quiz")]
    Practice,
    #[at("/learn/exam")]
    Exam,
    /// Missed questions, due ones first, with generated questions mixed in.
    #[at("/learn/review")]
    Review,
    #[at("/learn/labs")]
    Labs,
    #[at("/learn/lab/:id")]
    Lab { id: String },
    #[at("/learn/demo/:id")]
    Demo { id: String },
    /// Readiness per service and per exam domain.
    #[at("/learn/progress")]
    Readiness,
    /// A share link: `#/share/1<data>` (see nimbus_learn::share).
    #[at("/share/:data")]
    Share { data: String },
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
            "kms" => Route::Kms,
            "cloudhsm" => Route::CloudHsm,
            "route53" => Route::Route53,
            "cloudformation" => Route::CloudFormation,
            other => Route::Service { slug: other.to_string() },
        }
    }

    /// The document title, so history, tabs and screen readers name the page.
    pub fn title(&self) -> String {
        let page = match self {
            Route::Home => return "Nimbus Lab · AWS learning simulator".to_string(),
            Route::S3 => "S3",
            Route::Kms => "KMS",
            Route::CloudHsm => "CloudHSM",
            Route::Encryption => "Encryption at rest and in transit",
            Route::Route53 => "Route 53",
            Route::CloudFormation => "CloudFormation",
            Route::Learn => "Learn",
            Route::Practice => "Practice",
            Route::Exam => "Exam",
            Route::Review => "Review",
            Route::Labs => "Labs",
            Route::Lab { id } => return titled(crate::learn::bank().lab(id).map(|l| l.title.as_str()), "Lab"),
            Route::Demo { id } => return titled(crate::learn::bank().demo(id).map(|d| d.title.as_str()), "Demo"),
            Route::Readiness => "Readiness",
            Route::Share { .. } => "Shared link",
            Route::Service { slug } => catalog::find(slug).map(|s| s.short).unwrap_or("Not found"),
            Route::NotFound => "Not found",
        };
        format!("{page} · Nimbus Lab")
    }
}

fn titled(name: Option<&str>, kind: &str) -> String {
    match name {
        Some(name) => format!("{name} · {kind} · Nimbus Lab"),
        None => "Not found · Nimbus Lab".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_map_to_pages() {
        assert_eq!(Route::recognize("/"), Some(Route::Home));
        assert_eq!(Route::recognize("/s3"), Some(Route::S3));
        assert_eq!(Route::recognize("/kms"), Some(Route::Kms));
        assert_eq!(Route::recognize("/cloudhsm"), Some(Route::CloudHsm));
        assert_eq!(Route::recognize("/learn/encryption"), Some(Route::Encryption));
        assert_eq!(Route::recognize("/route53"), Some(Route::Route53));
        assert_eq!(Route::recognize("/cloudformation"), Some(Route::CloudFormation));
        assert_eq!(Route::recognize("/a/b/c"), Some(Route::NotFound));
        assert_eq!(Route::recognize("/learn/quiz"), Some(Route::Practice));
        assert_eq!(
            Route::recognize("/learn/lab/s3-static-website"),
            Some(Route::Lab { id: "s3-static-website".into() })
        );
        assert_eq!(Route::recognize("/share/1abc-_x"), Some(Route::Share { data: "1abc-_x".into() }));
    }

    /// Every route the content may link to (nimbus_learn::routes::ROUTES) is a page here.
    #[test]
    fn every_route_the_content_names_is_a_page() {
        for info in nimbus_learn::routes::ROUTES {
            let path = info.pattern.trim_start_matches('#').replace("<id>", "some-id").replace("<data>", "1abc");
            let route = Route::recognize(&path);
            assert!(route.is_some() && route != Some(Route::NotFound), "{} is not routed", info.pattern);
        }
    }

    #[test]
    fn titles_follow_the_route() {
        assert_eq!(Route::S3.title(), "S3 · Nimbus Lab");
        assert_eq!(Route::for_service("kms").title(), "KMS · Nimbus Lab");
        assert_eq!(Route::for_service("cloudhsm").title(), "CloudHSM · Nimbus Lab");
        assert_eq!(Route::for_service("cloudformation").title(), "CloudFormation · Nimbus Lab");
        assert_eq!(Route::Encryption.title(), "Encryption at rest and in transit · Nimbus Lab");
        assert_eq!(Route::for_service("route53").title(), "Route 53 · Nimbus Lab");
        assert_eq!(Route::Service { slug: "nope".into() }.title(), "Not found · Nimbus Lab");
    }
}
