//! One page per service, all with the same shape (see `components::service_page`).

pub mod home;
pub mod learn;
pub mod not_found;
pub mod route53;
pub mod s3;
pub mod service;
