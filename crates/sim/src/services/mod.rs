//! Every simulated service, and the enums that route a call to the right one.
//!
//! Each service folder has the same files: `mod.rs` (its Request/Response enums, declared with
//! [`service_api!`], and its dispatch), `model.rs` (resources and state machines), `ops.rs` (one
//! function per operation), `jobs.rs` (what happens when time passes) and `tests.rs`.

use crate::error::ApiError;
use crate::network::{HttpRequest, HttpResponse, ParsedUrl};
use crate::world::{CallContext, World};
use serde::{Deserialize, Serialize};

/// Declares a service's Request and Response enums (one variant per AWS operation, named as AWS
/// names it) and the dispatch from each variant to its function in `ops.rs`. An entry may carry
/// attributes, such as `#[cfg(feature = "cloudhsm")]` for operations that need another feature.
macro_rules! service_api {
    (
        request $Req:ident, response $Resp:ident;
        $( $(#[$attr:meta])* $Op:ident ( $In:ty ) -> $Out:ty = $func:path; )*
    ) => {
        #[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
        pub enum $Req { $( $(#[$attr])* $Op($In), )* }

        // Responses are read back only by the CLI's `help` (their shape); the app leaves that out.
        #[derive(Clone, Debug, PartialEq, serde::Serialize)]
        #[cfg_attr(feature = "output-shapes", derive(serde::Deserialize))]
        pub enum $Resp { $( $(#[$attr])* $Op($Out), )* }

        impl $Req {
            /// Every simulated operation of this service, as AWS names them.
            pub const OPERATIONS: &'static [&'static str] = &[ $( $(#[$attr])* stringify!($Op), )* ];

            pub fn operation(&self) -> &'static str {
                match self { $( $(#[$attr])* $Req::$Op(_) => stringify!($Op), )* }
            }

            pub(crate) fn dispatch(
                self,
                world: &mut $crate::world::World,
                cx: &mut $crate::world::CallContext,
            ) -> Result<$Resp, $crate::error::ApiError> {
                match self { $( $(#[$attr])* $Req::$Op(input) => $func(world, cx, input).map($Resp::$Op), )* }
            }
        }
    };
}

// Used by the service models (KMS, CloudHSM) for their string enums.
#[allow(unused_macros)]
/// Declares an AWS string enum: exact wire names, `as_str`, `ALL` and `Display`.
macro_rules! aws_enum {
    ($(#[$meta:meta])* $Name:ident { $( $Var:ident = $s:literal ),* $(,)? }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
        pub enum $Name { $( #[serde(rename = $s)] $Var, )* }
        impl $Name {
            pub const ALL: &'static [$Name] = &[ $( $Name::$Var, )* ];
            pub fn as_str(self) -> &'static str {
                match self { $( $Name::$Var => $s, )* }
            }
        }
        impl std::fmt::Display for $Name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

#[cfg(feature = "autoscaling")]
pub mod autoscaling;
#[cfg(feature = "cloudformation")]
pub mod cloudformation;
#[cfg(feature = "cloudhsm")]
pub mod cloudhsm;
#[cfg(feature = "cloudwatch")]
pub mod cloudwatch;
#[cfg(feature = "ec2")]
pub mod ec2;
#[cfg(feature = "elb")]
pub mod elb;
#[cfg(feature = "elbv2")]
pub mod elbv2;
#[cfg(feature = "iam")]
pub mod iam;
#[cfg(feature = "kms")]
pub mod kms;
#[cfg(feature = "lambda")]
pub mod lambda;
#[cfg(feature = "rds")]
pub mod rds;
#[cfg(feature = "route53")]
pub mod route53;
pub mod s3;
#[cfg(feature = "sns")]
pub mod sns;
#[cfg(feature = "sqs")]
pub mod sqs;
#[cfg(feature = "ssm")]
pub mod ssm;
#[cfg(any(feature = "cloudhsm", feature = "ec2"))]
pub mod vpc;

/// What a service is called in the UI and the CLI.
#[derive(Clone, Copy, Debug, Serialize)]
pub struct ServiceInfo {
    /// The variant name in [`Request`] (`S3`).
    pub id: &'static str,
    /// The AWS CLI command (`s3api`).
    pub cli: &'static str,
    pub title: &'static str,
    pub operations: &'static [&'static str],
}

pub const SERVICES: &[ServiceInfo] = &[
    ServiceInfo { id: "S3", cli: "s3api", title: "Amazon S3", operations: s3::S3Request::OPERATIONS },
    #[cfg(feature = "kms")]
    ServiceInfo { id: "Kms", cli: "kms", title: "AWS KMS", operations: kms::KmsRequest::OPERATIONS },
    #[cfg(feature = "cloudhsm")]
    ServiceInfo {
        id: "CloudHsm",
        cli: "cloudhsmv2",
        title: "AWS CloudHSM",
        operations: cloudhsm::CloudHsmRequest::OPERATIONS,
    },
    #[cfg(feature = "route53")]
    ServiceInfo {
        id: "Route53",
        cli: "route53",
        title: "Amazon Route 53",
        operations: route53::Route53Request::OPERATIONS,
    },
    #[cfg(feature = "cloudformation")]
    ServiceInfo {
        id: "CloudFormation",
        cli: "cloudformation",
        title: "AWS CloudFormation",
        operations: cloudformation::CloudFormationRequest::OPERATIONS,
    },
    #[cfg(feature = "ec2")]
    ServiceInfo { id: "Ec2", cli: "ec2", title: "Amazon EC2", operations: ec2::Ec2Request::OPERATIONS },
    #[cfg(feature = "iam")]
    ServiceInfo { id: "Iam", cli: "iam", title: "AWS IAM", operations: iam::IamRequest::OPERATIONS },
    #[cfg(feature = "ssm")]
    ServiceInfo {
        id: "Ssm",
        cli: "ssm",
        title: "AWS Systems Manager Parameter Store",
        operations: ssm::SsmRequest::OPERATIONS,
    },
    #[cfg(feature = "elbv2")]
    ServiceInfo {
        id: "Elbv2",
        cli: "elbv2",
        title: "Elastic Load Balancing (Application and Network)",
        operations: elbv2::Elbv2Request::OPERATIONS,
    },
    #[cfg(feature = "elb")]
    ServiceInfo {
        id: "Elb",
        cli: "elb",
        title: "Elastic Load Balancing (Classic)",
        operations: elb::ElbRequest::OPERATIONS,
    },
    #[cfg(feature = "autoscaling")]
    ServiceInfo {
        id: "AutoScaling",
        cli: "autoscaling",
        title: "Amazon EC2 Auto Scaling",
        operations: autoscaling::AutoScalingRequest::OPERATIONS,
    },
    #[cfg(feature = "sqs")]
    ServiceInfo { id: "Sqs", cli: "sqs", title: "Amazon SQS", operations: sqs::SqsRequest::OPERATIONS },
    #[cfg(feature = "sns")]
    ServiceInfo { id: "Sns", cli: "sns", title: "Amazon SNS", operations: sns::SnsRequest::OPERATIONS },
    #[cfg(feature = "lambda")]
    ServiceInfo { id: "Lambda", cli: "lambda", title: "AWS Lambda", operations: lambda::LambdaRequest::OPERATIONS },
    #[cfg(feature = "rds")]
    ServiceInfo { id: "Rds", cli: "rds", title: "Amazon RDS", operations: rds::RdsRequest::OPERATIONS },
    #[cfg(feature = "cloudwatch")]
    ServiceInfo {
        id: "CloudWatch",
        cli: "cloudwatch",
        title: "Amazon CloudWatch",
        operations: cloudwatch::CloudWatchRequest::OPERATIONS,
    },
];

/// One call to one operation of one service.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Request {
    S3(s3::S3Request),
    #[cfg(feature = "kms")]
    Kms(kms::KmsRequest),
    #[cfg(feature = "cloudhsm")]
    CloudHsm(cloudhsm::CloudHsmRequest),
    #[cfg(feature = "route53")]
    Route53(route53::Route53Request),
    #[cfg(feature = "cloudformation")]
    CloudFormation(cloudformation::CloudFormationRequest),
    #[cfg(feature = "ec2")]
    Ec2(ec2::Ec2Request),
    #[cfg(feature = "iam")]
    Iam(iam::IamRequest),
    #[cfg(feature = "ssm")]
    Ssm(ssm::SsmRequest),
    #[cfg(feature = "elbv2")]
    Elbv2(elbv2::Elbv2Request),
    #[cfg(feature = "elb")]
    Elb(elb::ElbRequest),
    #[cfg(feature = "autoscaling")]
    AutoScaling(autoscaling::AutoScalingRequest),
    #[cfg(feature = "sqs")]
    Sqs(sqs::SqsRequest),
    #[cfg(feature = "sns")]
    Sns(sns::SnsRequest),
    #[cfg(feature = "lambda")]
    Lambda(lambda::LambdaRequest),
    #[cfg(feature = "rds")]
    Rds(rds::RdsRequest),
    #[cfg(feature = "cloudwatch")]
    CloudWatch(cloudwatch::CloudWatchRequest),
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "output-shapes", derive(Deserialize))]
pub enum Response {
    S3(s3::S3Response),
    #[cfg(feature = "kms")]
    Kms(kms::KmsResponse),
    #[cfg(feature = "cloudhsm")]
    CloudHsm(cloudhsm::CloudHsmResponse),
    #[cfg(feature = "route53")]
    Route53(route53::Route53Response),
    #[cfg(feature = "cloudformation")]
    CloudFormation(cloudformation::CloudFormationResponse),
    #[cfg(feature = "ec2")]
    Ec2(ec2::Ec2Response),
    #[cfg(feature = "iam")]
    Iam(iam::IamResponse),
    #[cfg(feature = "ssm")]
    Ssm(ssm::SsmResponse),
    #[cfg(feature = "elbv2")]
    Elbv2(elbv2::Elbv2Response),
    #[cfg(feature = "elb")]
    Elb(elb::ElbResponse),
    #[cfg(feature = "autoscaling")]
    AutoScaling(autoscaling::AutoScalingResponse),
    #[cfg(feature = "sqs")]
    Sqs(sqs::SqsResponse),
    #[cfg(feature = "sns")]
    Sns(sns::SnsResponse),
    #[cfg(feature = "lambda")]
    Lambda(lambda::LambdaResponse),
    #[cfg(feature = "rds")]
    Rds(rds::RdsResponse),
    #[cfg(feature = "cloudwatch")]
    CloudWatch(cloudwatch::CloudWatchResponse),
}

impl Request {
    pub fn service(&self) -> &'static str {
        match self {
            Request::S3(_) => "s3",
            #[cfg(feature = "kms")]
            Request::Kms(_) => "kms",
            #[cfg(feature = "cloudhsm")]
            Request::CloudHsm(_) => "cloudhsm",
            #[cfg(feature = "route53")]
            Request::Route53(_) => "route53",
            #[cfg(feature = "cloudformation")]
            Request::CloudFormation(_) => "cloudformation",
            #[cfg(feature = "ec2")]
            Request::Ec2(_) => "ec2",
            #[cfg(feature = "iam")]
            Request::Iam(_) => "iam",
            #[cfg(feature = "ssm")]
            Request::Ssm(_) => "ssm",
            #[cfg(feature = "elbv2")]
            Request::Elbv2(_) => "elbv2",
            #[cfg(feature = "elb")]
            Request::Elb(_) => "elb",
            #[cfg(feature = "autoscaling")]
            Request::AutoScaling(_) => "autoscaling",
            #[cfg(feature = "sqs")]
            Request::Sqs(_) => "sqs",
            #[cfg(feature = "sns")]
            Request::Sns(_) => "sns",
            #[cfg(feature = "lambda")]
            Request::Lambda(_) => "lambda",
            #[cfg(feature = "rds")]
            Request::Rds(_) => "rds",
            #[cfg(feature = "cloudwatch")]
            Request::CloudWatch(_) => "cloudwatch",
        }
    }
    pub fn operation(&self) -> &'static str {
        match self {
            Request::S3(r) => r.operation(),
            #[cfg(feature = "kms")]
            Request::Kms(r) => r.operation(),
            #[cfg(feature = "cloudhsm")]
            Request::CloudHsm(r) => r.operation(),
            #[cfg(feature = "route53")]
            Request::Route53(r) => r.operation(),
            #[cfg(feature = "cloudformation")]
            Request::CloudFormation(r) => r.operation(),
            #[cfg(feature = "ec2")]
            Request::Ec2(r) => r.operation(),
            #[cfg(feature = "iam")]
            Request::Iam(r) => r.operation(),
            #[cfg(feature = "ssm")]
            Request::Ssm(r) => r.operation(),
            #[cfg(feature = "elbv2")]
            Request::Elbv2(r) => r.operation(),
            #[cfg(feature = "elb")]
            Request::Elb(r) => r.operation(),
            #[cfg(feature = "autoscaling")]
            Request::AutoScaling(r) => r.operation(),
            #[cfg(feature = "sqs")]
            Request::Sqs(r) => r.operation(),
            #[cfg(feature = "sns")]
            Request::Sns(r) => r.operation(),
            #[cfg(feature = "lambda")]
            Request::Lambda(r) => r.operation(),
            #[cfg(feature = "rds")]
            Request::Rds(r) => r.operation(),
            #[cfg(feature = "cloudwatch")]
            Request::CloudWatch(r) => r.operation(),
        }
    }
    /// The operation's input alone, as JSON (`{"Bucket": "…"}`).
    pub fn input_json(&self) -> serde_json::Value {
        inner_value(serde_json::to_value(self).unwrap_or_default())
    }
}

impl Response {
    /// The operation's output alone, as JSON: what the AWS CLI prints.
    pub fn output_json(&self) -> serde_json::Value {
        inner_value(serde_json::to_value(self).unwrap_or_default())
    }
}

/// `{"S3": {"CreateBucket": {...}}}` -> `{...}`.
fn inner_value(v: serde_json::Value) -> serde_json::Value {
    let mut v = v;
    for _ in 0..2 {
        v = match v {
            serde_json::Value::Object(map) if map.len() == 1 => {
                map.into_iter().next().map(|(_, x)| x).unwrap_or_default()
            }
            other => other,
        };
    }
    v
}

pub(crate) fn dispatch(world: &mut World, cx: &mut CallContext, request: Request) -> Result<Response, ApiError> {
    match request {
        Request::S3(r) => r.dispatch(world, cx).map(Response::S3),
        #[cfg(feature = "kms")]
        Request::Kms(r) => r.dispatch(world, cx).map(Response::Kms),
        #[cfg(feature = "cloudhsm")]
        Request::CloudHsm(r) => r.dispatch(world, cx).map(Response::CloudHsm),
        #[cfg(feature = "route53")]
        Request::Route53(r) => r.dispatch(world, cx).map(Response::Route53),
        #[cfg(feature = "cloudformation")]
        Request::CloudFormation(r) => r.dispatch(world, cx).map(Response::CloudFormation),
        #[cfg(feature = "ec2")]
        Request::Ec2(r) => {
            // Every Region shows its default VPC from the first EC2 call made there.
            ec2::ensure_defaults(world, &cx.region);
            r.dispatch(world, cx).map(Response::Ec2)
        }
        #[cfg(feature = "iam")]
        Request::Iam(r) => r.dispatch(world, cx).map(Response::Iam),
        #[cfg(feature = "ssm")]
        Request::Ssm(r) => r.dispatch(world, cx).map(Response::Ssm),
        #[cfg(feature = "elbv2")]
        Request::Elbv2(r) => {
            // Subnets and groups a load balancer names may be the Region's defaults.
            ec2::ensure_defaults(world, &cx.region);
            r.dispatch(world, cx).map(Response::Elbv2)
        }
        #[cfg(feature = "elb")]
        Request::Elb(r) => {
            ec2::ensure_defaults(world, &cx.region);
            r.dispatch(world, cx).map(Response::Elb)
        }
        #[cfg(feature = "autoscaling")]
        Request::AutoScaling(r) => {
            // Groups launch into the Region's default VPC unless they name subnets.
            ec2::ensure_defaults(world, &cx.region);
            r.dispatch(world, cx).map(Response::AutoScaling)
        }
        #[cfg(feature = "sqs")]
        Request::Sqs(r) => r.dispatch(world, cx).map(Response::Sqs),
        #[cfg(feature = "sns")]
        Request::Sns(r) => r.dispatch(world, cx).map(Response::Sns),
        #[cfg(feature = "lambda")]
        Request::Lambda(r) => r.dispatch(world, cx).map(Response::Lambda),
        #[cfg(feature = "rds")]
        Request::Rds(r) => r.dispatch(world, cx).map(Response::Rds),
        #[cfg(feature = "cloudwatch")]
        Request::CloudWatch(r) => r.dispatch(world, cx).map(Response::CloudWatch),
    }
}

/// Something scheduled to happen at a simulated time.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Job {
    /// A note that lands in the trail when due (labs and demos use it to mark a moment).
    Note { text: String },
    /// KMS: deletion windows, rotation, imported material and import token expiry.
    #[cfg(feature = "kms")]
    Kms(kms::Job),
    /// CloudHSM: clusters and HSMs finishing creation, initialization, deletion; backups.
    #[cfg(feature = "cloudhsm")]
    CloudHsm(cloudhsm::Job),
    /// Route 53: changes reaching INSYNC, health checkers probing endpoints.
    #[cfg(feature = "route53")]
    Route53(route53::Route53Job),
    /// CloudFormation: resources finishing creation or deletion, driving stacks forward.
    #[cfg(feature = "cloudformation")]
    CloudFormation(cloudformation::Job),
    /// EC2: instances finishing pending, stopping and shutting-down.
    #[cfg(feature = "ec2")]
    Ec2(ec2::Ec2Job),
    /// ELBv2: load balancers turning active, target health checks, draining targets.
    #[cfg(feature = "elbv2")]
    Elbv2(elbv2::Elbv2Job),
    /// Classic ELB: load balancers' instance health checks.
    #[cfg(feature = "elb")]
    Elb(elb::ElbJob),
    /// Auto Scaling: groups' EC2 health checks, force-deleted groups leaving.
    #[cfg(feature = "autoscaling")]
    AutoScaling(autoscaling::AutoScalingJob),
    /// Lambda: functions becoming Active, event source mappings polling their queues.
    #[cfg(feature = "lambda")]
    Lambda(lambda::LambdaJob),
    /// RDS: DB instances moving through their statuses, snapshots finishing.
    #[cfg(feature = "rds")]
    Rds(rds::RdsJob),
    /// CloudWatch: alarms evaluated every period.
    #[cfg(feature = "cloudwatch")]
    CloudWatch(cloudwatch::CloudWatchJob),
}

impl Job {
    /// (service, operation name) for the trail.
    pub fn describe(&self) -> (&'static str, &'static str) {
        match self {
            Job::Note { .. } => ("nimbus", "Note"),
            #[cfg(feature = "kms")]
            Job::Kms(j) => j.describe(),
            #[cfg(feature = "cloudhsm")]
            Job::CloudHsm(j) => j.describe(),
            #[cfg(feature = "route53")]
            Job::Route53(j) => ("route53", j.operation()),
            #[cfg(feature = "cloudformation")]
            Job::CloudFormation(j) => j.describe(),
            #[cfg(feature = "ec2")]
            Job::Ec2(j) => j.describe(),
            #[cfg(feature = "elbv2")]
            Job::Elbv2(j) => j.describe(),
            #[cfg(feature = "elb")]
            Job::Elb(j) => j.describe(),
            #[cfg(feature = "autoscaling")]
            Job::AutoScaling(j) => j.describe(),
            #[cfg(feature = "lambda")]
            Job::Lambda(j) => j.describe(),
            #[cfg(feature = "rds")]
            Job::Rds(j) => j.describe(),
            #[cfg(feature = "cloudwatch")]
            Job::CloudWatch(j) => j.describe(),
        }
    }
}

#[cfg_attr(
    not(any(feature = "kms", feature = "route53", feature = "cloudformation", feature = "ec2", feature = "lambda")),
    not(any(
        feature = "kms",
        feature = "route53",
        feature = "cloudformation",
        feature = "ec2",
        feature = "cloudwatch"
    )),
    allow(unused_variables)
)]
pub(crate) fn run_job(world: &mut World, cx: &mut CallContext, job: Job) -> Result<(), ApiError> {
    match job {
        Job::Note { text } => {
            cx.why(text);
            Ok(())
        }
        #[cfg(feature = "kms")]
        Job::Kms(j) => kms::run_job(world, cx, j),
        #[cfg(feature = "cloudhsm")]
        Job::CloudHsm(j) => cloudhsm::run_job(world, cx, j),
        #[cfg(feature = "route53")]
        Job::Route53(j) => route53::jobs::run(world, cx, j),
        #[cfg(feature = "cloudformation")]
        Job::CloudFormation(j) => cloudformation::run_job(world, cx, j),
        #[cfg(feature = "ec2")]
        Job::Ec2(j) => ec2::run_job(world, cx, j),
        #[cfg(feature = "elbv2")]
        Job::Elbv2(j) => elbv2::run_job(world, cx, j),
        #[cfg(feature = "elb")]
        Job::Elb(j) => elb::run_job(world, cx, j),
        #[cfg(feature = "autoscaling")]
        Job::AutoScaling(j) => autoscaling::run_job(world, cx, j),
        #[cfg(feature = "lambda")]
        Job::Lambda(j) => lambda::jobs::run(world, cx, j),
        #[cfg(feature = "rds")]
        Job::Rds(j) => rds::run_job(world, cx, j),
        #[cfg(feature = "cloudwatch")]
        Job::CloudWatch(j) => cloudwatch::run_job(world, cx, j),
    }
}

/// Finds the endpoint that owns `url.host` and lets it answer; `None` when no name matches.
/// Route 53 resolves first: a name in one of its public zones answers by its records (an alias
/// or CNAME passes the request on, with the DNS step recorded in `hops`).
pub(crate) fn serve_http(
    world: &mut World,
    cx: &mut CallContext,
    request: &HttpRequest,
    url: &ParsedUrl,
) -> Option<HttpResponse> {
    #[cfg(feature = "route53")]
    if let Some(answered) = route53::serve_http(world, cx, request, url) {
        return answered;
    }
    #[cfg(feature = "ec2")]
    if let Some(answered) = ec2::reach::serve_http(world, cx, url) {
        return Some(answered);
    }
    #[cfg(feature = "ec2")]
    if cx.refused.is_some() || cx.timed_out.is_some() {
        return None;
    }
    s3::serve_http(world, cx, request, url)
}
