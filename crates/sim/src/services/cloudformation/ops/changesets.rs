//! Change sets: CreateChangeSet, DescribeChangeSet, ListChangeSets, ExecuteChangeSet,
//! DeleteChangeSet.

use crate::world::{CallContext, World};

/// A change set's next status on the clock.
pub(crate) fn change_set_step(_world: &mut World, _cx: &mut CallContext, _id: &str) {}
