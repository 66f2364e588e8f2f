//! One function per Lambda operation: functions, invocations and permissions (`functions.rs`),
//! event source mappings (`mappings.rs`).

mod functions;
mod mappings;

pub use functions::*;
pub use mappings::*;
