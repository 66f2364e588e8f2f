//! The services Nimbus Lab covers or will cover, as the home map and the navigation show them.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    Simulated,
    Coming,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Service {
    /// The URL segment (`#/s3`).
    pub slug: &'static str,
    /// The short name in the navigation (`S3`).
    pub short: &'static str,
    pub name: &'static str,
    pub area: &'static str,
    pub blurb: &'static str,
    pub status: Status,
}

const fn service(
    slug: &'static str,
    short: &'static str,
    name: &'static str,
    area: &'static str,
    blurb: &'static str,
    status: Status,
) -> Service {
    Service { slug, short, name, area, blurb, status }
}

use Status::{Coming, Simulated};

/// Areas in the order the home map shows them.
pub const AREAS: &[&str] =
    &["Storage", "Security and identity", "Networking", "Developer tools", "Compute", "Database"];

pub const SERVICES: &[Service] = &[
    service("s3", "S3", "Amazon S3", "Storage", "Buckets, objects, versions, policies and static websites.", Simulated),
    service(
        "kms",
        "KMS",
        "AWS KMS",
        "Security and identity",
        "Keys, encryption, rotation and deletion windows.",
        Simulated,
    ),
    service(
        "cloudhsm",
        "CloudHSM",
        "AWS CloudHSM",
        "Security and identity",
        "Dedicated hardware security modules.",
        Simulated,
    ),
    service(
        "secrets-manager",
        "Secrets Manager",
        "AWS Secrets Manager",
        "Security and identity",
        "Secrets encrypted with KMS, with scheduled rotation.",
        Coming,
    ),
    service(
        "cognito",
        "Cognito",
        "Amazon Cognito",
        "Security and identity",
        "User pools, sign-up and sign-in.",
        Coming,
    ),
    service(
        "route53",
        "Route 53",
        "Amazon Route 53",
        "Networking",
        "Hosted zones, records, routing policies, health checks.",
        Simulated,
    ),
    service(
        "cloudfront",
        "CloudFront",
        "Amazon CloudFront",
        "Networking",
        "Distributions and caching in front of origins.",
        Coming,
    ),
    service(
        "cloudformation",
        "CloudFormation",
        "AWS CloudFormation",
        "Developer tools",
        "Stacks built from templates, with change sets and rollbacks.",
        Simulated,
    ),
    service(
        "codecommit",
        "CodeCommit",
        "AWS CodeCommit",
        "Developer tools",
        "Git repositories, branches and commits.",
        Coming,
    ),
    service("codebuild", "CodeBuild", "AWS CodeBuild", "Developer tools", "Build projects and build runs.", Coming),
    service(
        "codedeploy",
        "CodeDeploy",
        "AWS CodeDeploy",
        "Developer tools",
        "Deployments to instances, step by step.",
        Coming,
    ),
    service(
        "codepipeline",
        "CodePipeline",
        "AWS CodePipeline",
        "Developer tools",
        "Pipelines from source to deploy.",
        Coming,
    ),
    service(
        "codeartifact",
        "CodeArtifact",
        "AWS CodeArtifact",
        "Developer tools",
        "Package repositories and domains.",
        Coming,
    ),
    service(
        "elastic-beanstalk",
        "Elastic Beanstalk",
        "AWS Elastic Beanstalk",
        "Compute",
        "Applications and environments built from EC2, Auto Scaling and ELB.",
        Coming,
    ),
    service("ec2", "EC2", "Amazon EC2", "Compute", "Instances in regions and availability zones.", Coming),
    service(
        "elb",
        "ELB",
        "Elastic Load Balancing",
        "Compute",
        "Load balancers, target groups and health checks.",
        Coming,
    ),
    service(
        "auto-scaling",
        "Auto Scaling",
        "Amazon EC2 Auto Scaling",
        "Compute",
        "Groups that keep capacity right.",
        Coming,
    ),
    service("lambda", "Lambda", "AWS Lambda", "Compute", "Functions run on demand.", Coming),
    service("rds", "RDS", "Amazon RDS", "Database", "Managed relational databases.", Coming),
];

pub fn find(slug: &str) -> Option<&'static Service> {
    SERVICES.iter().find(|s| s.slug == slug)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::route::Route;
    use yew_router::Routable;

    #[test]
    fn every_service_has_its_own_page_address_in_a_known_area() {
        for s in SERVICES {
            assert!(AREAS.contains(&s.area), "{} is in unknown area {}", s.slug, s.area);
            let path = Route::for_service(s.slug).to_path();
            assert_eq!(Route::recognize(&path), Some(Route::for_service(s.slug)), "{path}");
            assert_eq!(SERVICES.iter().filter(|o| o.slug == s.slug).count(), 1, "{} is listed twice", s.slug);
        }
        for simulated in ["s3", "kms", "cloudhsm", "route53", "cloudformation"] {
            assert_eq!(find(simulated).map(|s| s.status), Some(Status::Simulated), "{simulated}");
            assert_ne!(
                Route::for_service(simulated),
                Route::Service { slug: simulated.into() },
                "{simulated} has a page"
            );
        }
    }
}
