//! nimbus-sim: the Nimbus Lab engine.
//!
//! Every AWS service is simulated in memory inside one [`World`]. The only way in is
//! [`World::call`]; time moves only through [`World::advance`]; all randomness comes from the
//! World's seeded generator. So the same seed and the same calls always give the same World.

pub mod bytes;
pub mod cli;
pub mod diagram;
pub mod error;
pub mod ids;
pub mod network;
pub mod numfmt;
pub mod regions;
pub mod scheduler;
pub mod services;
pub mod sort;
pub mod time;
pub mod trail;
pub mod world;

pub use bytes::Bytes;
pub use error::ApiError;
pub use network::{HttpRequest, HttpResponse};
pub use services::{Job, Request, Response};
pub use time::{SimDuration, SimTime};
pub use trail::{EventSource, Outcome, TrailEvent};
pub use world::{CallContext, World, ACCOUNT_ID};
