//! One page per service, all with the same shape (see `components::service_page`).

pub mod cloudformation;
pub mod cloudhsm;
pub mod encryption;
pub mod home;
pub mod kms;
pub mod learn;
pub mod not_found;
pub mod route53;
pub mod s3;
pub mod service;
