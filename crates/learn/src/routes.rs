//! The routes the app has. Content links ("try it") must point at one of them; a test keeps
//! every link in the content valid.

/// Whether a route's page exists yet.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RouteStatus {
    Available,
    /// The service is planned; the page shows what is coming.
    Coming,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RouteInfo {
    /// The fragment route; `<id>` stands for a lab or demo id, `<data>` for a share payload.
    pub pattern: &'static str,
    pub status: RouteStatus,
}

const fn available(pattern: &'static str) -> RouteInfo {
    RouteInfo { pattern, status: RouteStatus::Available }
}
const fn coming(pattern: &'static str) -> RouteInfo {
    RouteInfo { pattern, status: RouteStatus::Coming }
}

pub const ROUTES: &[RouteInfo] = &[
    available("#/"),
    available("#/s3"),
    available("#/route53"),
    available("#/cloudformation"),
    available("#/learn"),
    available("#/learn/quiz"),
    available("#/learn/exam"),
    available("#/learn/review"),
    available("#/learn/labs"),
    available("#/learn/lab/<id>"),
    available("#/learn/demo/<id>"),
    available("#/learn/progress"),
    available("#/share/<data>"),
    coming("#/kms"),
    coming("#/cloudhsm"),
    coming("#/secretsmanager"),
    coming("#/cognito"),
    coming("#/cloudfront"),
    coming("#/elasticbeanstalk"),
    coming("#/codecommit"),
    coming("#/codebuild"),
    coming("#/codedeploy"),
    coming("#/codepipeline"),
];

/// What a route names, once matched against [`ROUTES`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RouteTarget<'a> {
    Page(&'static RouteInfo),
    Lab(&'a str),
    Demo(&'a str),
}

/// Matches `route` against [`ROUTES`]; lab and demo ids are returned for the caller to look up.
pub fn match_route(route: &str) -> Result<RouteTarget<'_>, String> {
    for info in ROUTES {
        match info.pattern.split_once('<') {
            None if info.pattern == route => return Ok(RouteTarget::Page(info)),
            Some((prefix, _)) => {
                if let Some(id) = route.strip_prefix(prefix).filter(|id| !id.is_empty() && !id.contains('/')) {
                    match prefix {
                        "#/learn/lab/" => return Ok(RouteTarget::Lab(id)),
                        "#/learn/demo/" => return Ok(RouteTarget::Demo(id)),
                        _ => return Ok(RouteTarget::Page(info)),
                    }
                }
            }
            None => {}
        }
    }
    Err(format!("'{route}' is not a route of the app (see routes::ROUTES)"))
}

/// The page route of a service (`s3` → `#/s3`), if the app has one.
pub fn service_route(service: &str) -> Option<&'static RouteInfo> {
    let route = format!("#/{service}");
    ROUTES.iter().find(|r| r.pattern == route)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_match_pages_labs_and_demos() {
        assert!(matches!(match_route("#/s3"), Ok(RouteTarget::Page(RouteInfo { status: RouteStatus::Available, .. }))));
        assert!(matches!(match_route("#/kms"), Ok(RouteTarget::Page(RouteInfo { status: RouteStatus::Coming, .. }))));
        assert!(matches!(
            match_route("#/cloudformation"),
            Ok(RouteTarget::Page(RouteInfo { status: RouteStatus::Available, .. }))
        ));
        assert_eq!(match_route("#/learn/lab/host-site"), Ok(RouteTarget::Lab("host-site")));
        assert_eq!(match_route("#/learn/demo/versioning"), Ok(RouteTarget::Demo("versioning")));
        for bad in ["#/nope", "#/learn/lab/", "#/learn/lab/a/b", "s3", "", "#/S3"] {
            assert!(match_route(bad).is_err(), "{bad}");
        }
        assert!(service_route("s3").is_some());
        assert!(service_route("ec9").is_none());
    }
}
