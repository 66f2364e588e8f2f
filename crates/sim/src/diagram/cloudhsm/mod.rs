//! The CloudHSM keystore diagram: each cluster a box holding its Availability Zones, each AZ
//! its HSMs, each HSM the users and key handles inside it, with sync arrows between the HSMs
//! (CloudHSM keeps them the same); the cluster's backups beside it; and KMS custom key stores
//! with the KMS keys whose material is a key handle in the cluster.

use crate::diagram::{layout, Diagram, Direction, EdgeSpec, GraphSpec, GroupSpec, NodeSpec};
use crate::services::cloudhsm::model::{Backup, Cluster, ClusterState, Hsm, HsmContents, HsmState};
use crate::services::kms::model::{ConnectionState, CustomKeyStore, Key};
use crate::World;

/// Key handles drawn inside one HSM; the rest are counted in a "+N more" node.
pub const MAX_HANDLES_SHOWN: usize = 6;
/// Backups drawn per cluster, newest first.
pub const MAX_BACKUPS_SHOWN: usize = 4;

pub fn diagram(world: &World) -> Diagram {
    layout(&spec(world))
}

pub fn cluster_id(id: &str) -> String {
    format!("cluster:{id}")
}

pub fn hsm_group_id(hsm: &str) -> String {
    format!("hsm:{hsm}")
}

/// The node that stands for the HSM itself (sync arrows and key stores point at it).
pub fn hsm_node_id(hsm: &str) -> String {
    format!("hsm-node:{hsm}")
}

pub fn handle_id(hsm: &str, handle: u64) -> String {
    format!("handle:{hsm}/{handle}")
}

pub fn store_id(id: &str) -> String {
    format!("store:{id}")
}

pub fn spec(world: &World) -> GraphSpec {
    // Left to right: key stores, then the cluster with its AZs side by side (sync arrows run
    // across), then the backups; so no arrow has to pass through an HSM's users or keys.
    let mut spec = GraphSpec { title: "AWS CloudHSM".into(), direction: Direction::LeftToRight, ..Default::default() };
    for cluster in world.cloudhsm.clusters.values().filter(|c| c.state != ClusterState::Deleted) {
        add_cluster(&mut spec, cluster);
        let backups: Vec<&Backup> =
            world.cloudhsm.backups.values().filter(|b| b.cluster_id == cluster.cluster_id).collect();
        add_backups(&mut spec, cluster, &backups);
    }
    let stores: Vec<&CustomKeyStore> = world.kms.custom_key_stores.values().collect();
    if !stores.is_empty() {
        spec.groups.push(GroupSpec::new("kms", "AWS KMS custom key stores", "service"));
    }
    for store in stores {
        add_store(&mut spec, world, store);
    }
    spec
}

fn add_cluster(spec: &mut GraphSpec, c: &Cluster) {
    let group = cluster_id(&c.cluster_id);
    spec.groups.push(
        GroupSpec::new(&group, format!("{} · {} · {}", c.cluster_id, c.hsm_type, c.state), "cluster")
            .detail("State", c.state.as_str())
            .detail("HSM type", c.hsm_type.as_str())
            .detail("FIPS validation", c.hsm_type.fips_validation())
            .detail("Mode", c.mode.as_str())
            .detail("VPC", &c.vpc_id)
            .detail("Security group", format!("{} (cloudhsm-cluster-{}-sg)", c.security_group, c.cluster_id))
            .detail("Backup retention", format!("{} days", c.backup_retention_days)),
    );
    let live: Vec<&Hsm> = c.hsms.iter().filter(|h| h.state != HsmState::Deleted).collect();
    if c.subnet_mapping.is_empty() || live.is_empty() {
        let note = match c.state {
            ClusterState::CreateInProgress => "creating the cluster",
            _ => "no HSMs: add one in an Availability Zone",
        };
        spec.nodes
            .push(NodeSpec::new(format!("empty:{}", c.cluster_id), "No HSMs", "note").state(note).in_group(&group));
    }
    for (az, subnet) in &c.subnet_mapping {
        let in_az: Vec<&&Hsm> = live.iter().filter(|h| &h.availability_zone == az).collect();
        if in_az.is_empty() {
            continue;
        }
        let az_group = format!("az:{}/{az}", c.cluster_id);
        spec.groups.push(
            GroupSpec::new(&az_group, format!("{az} · {subnet}"), "availability zone")
                .inside(&group)
                .detail("Subnet", subnet),
        );
        for hsm in in_az {
            add_hsm(spec, hsm, &az_group);
        }
    }
    // CloudHSM copies every change to the other active HSMs: one arrow from each to the next.
    let active: Vec<&&Hsm> = live.iter().filter(|h| h.state == HsmState::Active).collect();
    for pair in active.windows(2) {
        spec.edges
            .push(EdgeSpec::new(hsm_node_id(&pair[0].hsm_id), hsm_node_id(&pair[1].hsm_id)).label("sync").dashed());
    }
}

fn add_hsm(spec: &mut GraphSpec, hsm: &Hsm, az_group: &str) {
    let group = hsm_group_id(&hsm.hsm_id);
    spec.groups.push(GroupSpec::new(&group, format!("{} · {}", hsm.hsm_id, hsm.state), "hsm").inside(az_group));
    let mut node = NodeSpec::new(hsm_node_id(&hsm.hsm_id), &hsm.hsm_id, "hsm")
        .state(hsm.state.as_str())
        .detail("HSM type", hsm.hsm_type.as_str())
        .detail("Availability Zone", &hsm.availability_zone)
        .detail("ENI", format!("{} ({})", hsm.eni_id, hsm.eni_ip))
        .in_group(&group);
    if !hsm.state_message.is_empty() {
        node = node.detail("State message", &hsm.state_message);
    }
    let Some(contents) = &hsm.contents else {
        spec.nodes.push(node.detail("Contents", "none until the HSM is ACTIVE"));
        return;
    };
    spec.nodes.push(node.detail("Key handles", contents.keys.len().to_string()));
    add_users(spec, hsm, contents, &group);
    for key in contents.keys.iter().take(MAX_HANDLES_SHOWN) {
        spec.nodes.push(
            NodeSpec::new(
                handle_id(&hsm.hsm_id, key.handle),
                format!("key {} · {}", key.handle, key.label),
                "key handle",
            )
            .detail("Handle", key.handle.to_string())
            .detail("Type", format!("{} ({} bytes)", key.key_type, key.key_length_bytes))
            .detail("Owner", &key.owner)
            .detail(
                "Shared with",
                if key.shared_with.is_empty() { "nobody".into() } else { key.shared_with.join(", ") },
            )
            .detail("Created", key.created.iso8601())
            .in_group(&group),
        );
    }
    let hidden = contents.keys.len().saturating_sub(MAX_HANDLES_SHOWN);
    if hidden > 0 {
        spec.nodes.push(
            NodeSpec::new(format!("more-handles:{}", hsm.hsm_id), format!("+{hidden} more keys"), "more")
                .in_group(&group),
        );
    }
}

fn add_users(spec: &mut GraphSpec, hsm: &Hsm, contents: &HsmContents, group: &str) {
    let label = match contents.users.len() {
        1 => "1 user".to_string(),
        n => format!("{n} users"),
    };
    let mut node = NodeSpec::new(format!("users:{}", hsm.hsm_id), label, "users").in_group(group);
    for u in &contents.users {
        let locked = if u.locked { ", locked" } else { "" };
        node = node.detail(&u.username, format!("{}{locked}", u.role));
    }
    spec.nodes.push(node);
}

fn add_backups(spec: &mut GraphSpec, c: &Cluster, backups: &[&Backup]) {
    if backups.is_empty() {
        return;
    }
    let group = format!("backups:{}", c.cluster_id);
    spec.groups.push(
        GroupSpec::new(&group, format!("Backups of {}", c.cluster_id), "backups")
            .detail("Stored in", "a service-owned S3 bucket in the same Region, encrypted inside the HSM")
            .detail("Backups", backups.len().to_string()),
    );
    let mut newest: Vec<&&Backup> = backups.iter().collect();
    crate::sort::sort_by(&mut newest, |a, b| {
        b.create_timestamp.cmp(&a.create_timestamp).then(b.backup_id.cmp(&a.backup_id))
    });
    for b in newest.iter().take(MAX_BACKUPS_SHOWN) {
        spec.nodes.push(
            NodeSpec::new(format!("backup:{}", b.backup_id), &b.backup_id, "backup")
                .state(b.state.as_str())
                .detail("Taken", b.create_timestamp.iso8601())
                .detail("Why", &b.trigger)
                .detail("Users", b.contents.users.len().to_string())
                .detail("Key handles", b.contents.keys.len().to_string())
                .in_group(&group),
        );
    }
    // From the last HSM, the one nearest the backups box.
    if let (Some(latest), Some(hsm)) = (newest.first(), c.active_hsms().last()) {
        spec.edges.push(
            EdgeSpec::new(hsm_node_id(&hsm.hsm_id), format!("backup:{}", latest.backup_id))
                .label("latest backup")
                .dashed(),
        );
    }
    if newest.len() > MAX_BACKUPS_SHOWN {
        let hidden = newest.len() - MAX_BACKUPS_SHOWN;
        spec.nodes.push(
            NodeSpec::new(format!("more-backups:{}", c.cluster_id), format!("+{hidden} older"), "more")
                .in_group(&group),
        );
    }
}

fn add_store(spec: &mut GraphSpec, world: &World, store: &CustomKeyStore) {
    let id = store_id(&store.custom_key_store_id);
    let mut node = NodeSpec::new(&id, &store.name, "custom key store")
        .state(store.connection_state.as_str())
        .detail("Id", &store.custom_key_store_id)
        .detail("Cluster", &store.cloud_hsm_cluster_id)
        .detail("Crypto user", "kmsuser")
        .in_group("kms");
    if let Some(code) = &store.connection_error_code {
        node = node.detail("Connection error", code);
    }
    spec.nodes.push(node);
    let cluster = world.cloudhsm.clusters.get(&store.cloud_hsm_cluster_id);
    let first_active = cluster.and_then(|c| c.active_hsms().next());
    if let Some(hsm) = first_active {
        let edge = EdgeSpec::new(&id, hsm_node_id(&hsm.hsm_id)).label(store.connection_state.as_str());
        spec.edges.push(if store.connection_state == ConnectionState::Connected { edge } else { edge.dashed() });
    }
    let keys: Vec<&Key> = world
        .kms
        .keys
        .values()
        .filter(|k| k.custom_key_store.as_ref().is_some_and(|l| l.custom_key_store_id == store.custom_key_store_id))
        .collect();
    for key in keys {
        let Some(link) = &key.custom_key_store else { continue };
        let key_node = format!("kms-key:{}", key.key_id);
        let name = world
            .kms
            .aliases
            .values()
            .find(|a| a.target_key_id == key.key_id)
            .map(|a| a.name.clone())
            .unwrap_or_else(|| short(&key.key_id));
        spec.nodes.push(
            NodeSpec::new(&key_node, name, "kms key")
                .state(key.state.as_str())
                .detail("Key ARN", &key.arn)
                .detail("Origin", key.origin.as_str())
                .detail("Custom key store", &store.name)
                .detail("Key handle", link.key_handle.to_string())
                .in_group("kms"),
        );
        // Unlabelled: the two sit side by side, with no room for words between them.
        spec.edges.push(EdgeSpec::new(&key_node, &id));
        // The material is the handle in the HSMs; point at it where it is drawn.
        let holder = first_active.filter(|h| {
            h.contents
                .as_ref()
                .is_some_and(|c| c.keys.iter().take(MAX_HANDLES_SHOWN).any(|k| k.handle == link.key_handle))
        });
        if let Some(hsm) = holder {
            spec.edges
                .push(EdgeSpec::new(&key_node, handle_id(&hsm.hsm_id, link.key_handle)).label("material").dashed());
        }
    }
}

fn short(key_id: &str) -> String {
    format!("{}…", key_id.chars().take(8).collect::<String>())
}

#[cfg(test)]
mod tests;
