//! What happens to DB instances and snapshots as time passes: creating → backing-up →
//! available; modifying → available with the new values; stopping → stopped, and seven days
//! later starting again on its own, as AWS does; starting and rebooting → available; deleting →
//! gone; a snapshot creating → available.

use super::model::*;
use super::ops::step;
use crate::error::ApiError;
use crate::world::{CallContext, World};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum RdsJob {
    /// The instance's transitional status has ended (or a stopped instance's seven days).
    InstanceStep { key: String, epoch: u32 },
    /// A snapshot has finished creating.
    SnapshotReady { key: String },
}

impl RdsJob {
    pub fn describe(&self) -> (&'static str, &'static str) {
        match self {
            RdsJob::InstanceStep { .. } => ("rds", "DBInstanceStatusChange"),
            RdsJob::SnapshotReady { .. } => ("rds", "DBSnapshotAvailable"),
        }
    }
}

pub(crate) fn run(world: &mut World, cx: &mut CallContext, job: RdsJob) -> Result<(), ApiError> {
    match job {
        RdsJob::SnapshotReady { key } => {
            let Some(s) = world.rds.snapshots.get_mut(&key) else {
                cx.why("the snapshot was deleted");
                return Ok(());
            };
            cx.region = s.region.clone();
            cx.touch(super::ops::arn(&s.region, "snapshot", &s.id));
            s.status = "available".into();
            cx.why(format!("snapshot {} is available (a new instance can be restored from it)", s.id));
            Ok(())
        }
        RdsJob::InstanceStep { key, epoch } => {
            let Some(mut i) = world.rds.instances.get(&key).cloned() else {
                cx.why("the DB instance no longer exists");
                return Ok(());
            };
            cx.region = i.region.clone();
            cx.touch(super::ops::arn(&i.region, "db", &i.id));
            if i.epoch != epoch {
                cx.why(format!("{} moved on before this change was due; nothing to do", i.id));
                return Ok(());
            }
            let id = i.id.clone();
            let why = match i.status {
                DbInstanceStatus::Creating => {
                    step(world, &mut i, DbInstanceStatus::BackingUp, BACKUP_TIME);
                    format!("{id} is backing-up: RDS takes its first automated backup; the endpoint now answers")
                }
                DbInstanceStatus::BackingUp | DbInstanceStatus::Starting | DbInstanceStatus::Rebooting => {
                    i.status = DbInstanceStatus::Available;
                    i.epoch += 1;
                    format!("{id} is available at {}:{}", i.address, i.port)
                }
                DbInstanceStatus::Modifying => {
                    let p = std::mem::take(&mut i.pending);
                    let mut changed = Vec::new();
                    if let Some(c) = p.instance_class {
                        changed.push(format!("class {c}"));
                        i.instance_class = c;
                    }
                    if let Some(s) = p.allocated_storage {
                        changed.push(format!("{s} GiB"));
                        i.allocated_storage = s;
                    }
                    if let Some(m) = p.multi_az {
                        changed.push(format!("Multi-AZ {m}"));
                        i.multi_az = m;
                        let group = world.rds.subnet_groups.get(&super::model::key(&i.region, &i.subnet_group));
                        i.secondary_availability_zone = if m {
                            group.and_then(|g| {
                                g.subnets.iter().map(|(_, az)| az.clone()).find(|az| *az != i.availability_zone)
                            })
                        } else {
                            None
                        };
                    }
                    if let Some(d) = p.backup_retention_period {
                        changed.push(format!("backups kept {d} days"));
                        i.backup_retention_period = d;
                    }
                    if let Some(v) = p.engine_version {
                        changed.push(format!("engine {v}"));
                        i.engine_version = v;
                    }
                    i.status = DbInstanceStatus::Available;
                    i.epoch += 1;
                    format!("{id} is available with {}", changed.join(", "))
                }
                DbInstanceStatus::Stopping => {
                    step(world, &mut i, DbInstanceStatus::Stopped, AUTO_START_AFTER);
                    format!("{id} is stopped; AWS starts it again in 7 days if it is still stopped")
                }
                DbInstanceStatus::Stopped => {
                    step(world, &mut i, DbInstanceStatus::Starting, START_TIME);
                    format!("{id} was stopped for 7 days, so AWS is starting it again (it bills again once available)")
                }
                DbInstanceStatus::Deleting => {
                    world.rds.instances.remove(&key);
                    cx.why(format!("{id} is deleted"));
                    return Ok(());
                }
                DbInstanceStatus::Available => format!("{id} is available; nothing to do"),
            };
            world.rds.instances.insert(key, i);
            cx.why(why);
            Ok(())
        }
    }
}
