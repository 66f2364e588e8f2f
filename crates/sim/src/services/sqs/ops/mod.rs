//! One function per SQS operation: queues (`queues.rs`) and messages (`messages.rs`).

mod messages;
mod queues;

pub use messages::*;
pub use queues::*;
