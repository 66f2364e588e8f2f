//! One function per SNS operation: topics and tags (`topics.rs`), subscriptions
//! (`subscriptions.rs`) and Publish (`publish.rs`).

mod publish;
mod subscriptions;
mod topics;

pub use publish::*;
pub use subscriptions::*;
pub use topics::*;
