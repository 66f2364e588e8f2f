//! One function per Parameter Store operation (`parameters.rs`).

mod parameters;

pub use parameters::*;
