//! Helpers shared by the integration tests (each test file that needs them says `mod common;`).

#[cfg(feature = "ec2")]
pub mod ec2;
#[cfg(all(feature = "elb", feature = "elbv2"))]
pub mod elb;
#[cfg(feature = "route53")]
pub mod route53;
