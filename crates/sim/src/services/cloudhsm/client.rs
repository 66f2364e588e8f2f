//! Inside the HSMs: the users and keys a cluster's client tool (`cloudhsm-cli`) manages. This is
//! not an AWS API; Nimbus Lab models it so a learner can activate a cluster, create crypto users
//! and generate keys, and see them synchronised to every HSM and carried in backups.
//!
//! Each command runs through [`run_client`], which records a trail event like a call (service
//! `cloudhsm`, operation `cloudhsm-cli <command>`). Answers follow the CLI's JSON shape
//! (`{"error_code": 0, "data": …}`); refusals are errors with code `CloudHsmCliError`.

use super::model::*;
use crate::error::ApiError;
use crate::services::kms::cipher;
use crate::world::{CallContext, World};
use serde::{Deserialize, Serialize};
use serde_json::json;

/// One `cloudhsm-cli` command.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum HsmCommand {
    /// `cluster activate --password P`: the precrypto officer `admin` sets its password and
    /// becomes an admin; the cluster becomes ACTIVE.
    ClusterActivate {
        password: String,
    },
    /// `login --username U --role admin|crypto-user --password P`
    Login {
        username: String,
        role: HsmRole,
        password: String,
    },
    Logout,
    /// `user create --username U --role admin|crypto-user --password P` (admins only)
    UserCreate {
        username: String,
        role: HsmRole,
        password: String,
    },
    /// `user delete --username U --role R` (admins only; not a user who owns keys)
    UserDelete {
        username: String,
        role: HsmRole,
    },
    /// `user change-password --username U --role R --password P` (yourself, or anyone as admin)
    UserChangePassword {
        username: String,
        role: HsmRole,
        password: String,
    },
    UserList,
    /// `key generate-symmetric aes --label L --key-length-bytes N` (crypto users only)
    KeyGenerateAes {
        label: String,
        key_length_bytes: usize,
    },
    /// `key list`: the keys the logged-in crypto user owns or shares.
    KeyList,
    /// `key delete --handle N` (the owner only)
    KeyDelete {
        handle: u64,
    },
}

impl HsmCommand {
    pub fn name(&self) -> &'static str {
        match self {
            HsmCommand::ClusterActivate { .. } => "cloudhsm-cli cluster activate",
            HsmCommand::Login { .. } => "cloudhsm-cli login",
            HsmCommand::Logout => "cloudhsm-cli logout",
            HsmCommand::UserCreate { .. } => "cloudhsm-cli user create",
            HsmCommand::UserDelete { .. } => "cloudhsm-cli user delete",
            HsmCommand::UserChangePassword { .. } => "cloudhsm-cli user change-password",
            HsmCommand::UserList => "cloudhsm-cli user list",
            HsmCommand::KeyGenerateAes { .. } => "cloudhsm-cli key generate-symmetric aes",
            HsmCommand::KeyList => "cloudhsm-cli key list",
            HsmCommand::KeyDelete { .. } => "cloudhsm-cli key delete",
        }
    }

    /// The command with its password hidden, for the trail.
    fn summary(&self) -> String {
        let mut v = serde_json::to_value(self).unwrap_or_default();
        if let Some(inner) = v.as_object_mut().and_then(|o| o.values_mut().next()).and_then(|x| x.as_object_mut()) {
            if inner.contains_key("password") {
                inner.insert("password".into(), json!("********"));
            }
        }
        v.to_string()
    }
}

pub(crate) fn password_hash(password: &str) -> String {
    cipher::hex(&cipher::sha256(password.as_bytes()))
}

pub(crate) fn new_user(name: &str, role: HsmRole, password: &str) -> HsmUser {
    HsmUser { username: name.to_string(), role, password_sha256: password_hash(password), locked: false }
}

fn refuse(cx: &mut CallContext, message: impl Into<String>) -> ApiError {
    let m = message.into();
    cx.why(m.clone());
    ApiError::bad_request("CloudHsmCliError", m)
}

fn check_password(cx: &mut CallContext, password: &str) -> Result<(), ApiError> {
    if !(7..=32).contains(&password.chars().count()) {
        return Err(refuse(cx, "Passwords are 7 to 32 characters long."));
    }
    Ok(())
}

/// The cluster a command talks to: the one named, or the only cluster with an active HSM in the
/// Region.
fn pick_cluster(world: &World, cx: &mut CallContext, cluster_id: Option<&str>) -> Result<String, ApiError> {
    let region = cx.region.clone();
    let reachable: Vec<&Cluster> = world
        .cloudhsm
        .clusters
        .values()
        .filter(|c| c.region == region && c.active_hsms().next().is_some())
        .filter(|c| cluster_id.is_none_or(|id| c.cluster_id == id))
        .collect();
    match (reachable.as_slice(), cluster_id) {
        ([c], _) => Ok(c.cluster_id.clone()),
        ([], Some(id)) => Err(refuse(cx, format!("Cannot connect to cluster {id}: it has no ACTIVE HSM in {region}."))),
        ([], None) => Err(refuse(cx, format!("No cluster in {region} has an ACTIVE HSM to connect to."))),
        (_, _) => Err(refuse(cx, "More than one cluster is reachable: name one with --cluster-id.")),
    }
}

/// Runs one client command against a cluster (`None`: the only reachable one) and records it
/// in the trail.
pub fn run_client(
    world: &mut World,
    cluster_id: Option<&str>,
    command: HsmCommand,
) -> Result<serde_json::Value, ApiError> {
    let operation = command.name();
    let summary = command.summary();
    let cluster_id = cluster_id.map(str::to_string);
    world.run_recorded("cloudhsm", operation, summary, move |world, cx| {
        let id = pick_cluster(world, cx, cluster_id.as_deref())?;
        cx.touch(super::ops::cluster_arn(&cx.region.clone(), &id));
        execute(world, cx, &id, command).map(|data| json!({"error_code": 0, "data": data}))
    })
}

fn session_role(world: &World, cluster_id: &str) -> Option<(String, HsmRole)> {
    world.cloudhsm.session.as_ref().filter(|s| s.cluster_id == cluster_id).map(|s| (s.username.clone(), s.role))
}

fn execute(
    world: &mut World,
    cx: &mut CallContext,
    cluster_id: &str,
    command: HsmCommand,
) -> Result<serde_json::Value, ApiError> {
    let c = &world.cloudhsm.clusters[cluster_id];
    let state = c.state;
    if !c.initialized() {
        return Err(refuse(cx, format!("Cluster {cluster_id} is {state}: initialize it before using its HSMs.")));
    }
    let mut contents = c.contents().cloned().unwrap_or_default();
    let session = session_role(world, cluster_id);
    let need_login = |cx: &mut CallContext, role: HsmRole| match &session {
        Some((_, r)) if *r == role => Ok(()),
        _ => Err(refuse(cx, format!("This command needs a user logged in with role {role}."))),
    };
    let data = match command {
        HsmCommand::ClusterActivate { password } => {
            check_password(cx, &password)?;
            let Some(admin) = contents.users.iter_mut().find(|u| u.role == HsmRole::UnactivatedAdmin) else {
                return Err(refuse(cx, "The cluster is already activated."));
            };
            admin.role = HsmRole::Admin;
            admin.password_sha256 = password_hash(&password);
            cx.why(format!(
                "the precrypto officer 'admin' set its password and is now an admin: cluster {cluster_id} is ACTIVE"
            ));
            let c = super::ops::cluster_mut(world, cluster_id);
            c.state = ClusterState::Active;
            c.sync(contents);
            return Ok(json!("Cluster activation successful"));
        }
        HsmCommand::Login { username, role, password } => {
            let ok = contents
                .user(&username)
                .is_some_and(|u| u.role == role && u.password_sha256 == password_hash(&password));
            let role = if role == HsmRole::Admin
                && contents.user(&username).is_some_and(|u| u.role == HsmRole::UnactivatedAdmin)
            {
                return Err(refuse(cx, "The cluster is not activated: run `cluster activate` first."));
            } else {
                role
            };
            if !ok {
                return Err(refuse(
                    cx,
                    format!("Login failed for {username} with role {role}: wrong user, role or password."),
                ));
            }
            world.cloudhsm.session =
                Some(Session { cluster_id: cluster_id.to_string(), username: username.clone(), role });
            cx.why(format!("{username} logged in to cluster {cluster_id} as {role}"));
            return Ok(json!({"username": username, "role": role}));
        }
        HsmCommand::Logout => {
            world.cloudhsm.session = None;
            cx.why("logged out");
            return Ok(json!("Logout successful"));
        }
        HsmCommand::UserCreate { username, role, password } => {
            need_login(cx, HsmRole::Admin)?;
            if !matches!(role, HsmRole::Admin | HsmRole::CryptoUser) {
                return Err(refuse(cx, "A new user's role is admin or crypto-user."));
            }
            if username.is_empty()
                || username.chars().count() > 31
                || !username.chars().all(|ch| ch.is_ascii_alphanumeric() || ch == '_' || ch == '-')
            {
                return Err(refuse(cx, "Usernames are 1 to 31 letters, digits, '_' or '-'."));
            }
            check_password(cx, &password)?;
            if contents.user(&username).is_some() {
                return Err(refuse(cx, format!("User {username} already exists.")));
            }
            if contents.users.len() >= MAX_USERS {
                return Err(refuse(cx, format!("A cluster holds at most {MAX_USERS} users.")));
            }
            contents.users.push(new_user(&username, role, &password));
            cx.why(format!("user {username} ({role}) created on every HSM of cluster {cluster_id}"));
            json!({"username": username, "role": role})
        }
        HsmCommand::UserDelete { username, role } => {
            need_login(cx, HsmRole::Admin)?;
            if contents.user(&username).is_none_or(|u| u.role != role) {
                return Err(refuse(cx, format!("No user {username} with role {role}.")));
            }
            if contents.keys.iter().any(|k| k.owner == username) {
                return Err(refuse(cx, format!("User {username} owns keys; delete them first.")));
            }
            if session.as_ref().is_some_and(|(u, _)| *u == username) {
                return Err(refuse(cx, "You cannot delete the user you are logged in as."));
            }
            contents.users.retain(|u| u.username != username);
            cx.why(format!("user {username} deleted from every HSM of cluster {cluster_id}"));
            json!({"username": username, "role": role})
        }
        HsmCommand::UserChangePassword { username, role, password } => {
            check_password(cx, &password)?;
            let Some((me, my_role)) = session.clone() else { return Err(refuse(cx, "Log in first.")) };
            if me != username && my_role != HsmRole::Admin {
                return Err(refuse(cx, "Only an admin can change another user's password."));
            }
            let Some(u) = contents.users.iter_mut().find(|u| u.username == username && u.role == role) else {
                return Err(refuse(cx, format!("No user {username} with role {role}.")));
            };
            u.password_sha256 = password_hash(&password);
            cx.why(format!("the password of {username} changed on every HSM"));
            json!({"username": username, "role": role})
        }
        HsmCommand::UserList => {
            cx.why(format!("cluster {cluster_id} has {} user(s)", contents.users.len()));
            let users: Vec<serde_json::Value> = contents
                .users
                .iter()
                .map(|u| json!({"username": u.username, "role": u.role, "locked": if u.locked {"true"} else {"false"}}))
                .collect();
            return Ok(json!({"users": users}));
        }
        HsmCommand::KeyGenerateAes { label, key_length_bytes } => {
            need_login(cx, HsmRole::CryptoUser)?;
            if ![16, 24, 32].contains(&key_length_bytes) {
                return Err(refuse(cx, "AES keys are 16, 24 or 32 bytes long."));
            }
            let owner = session.clone().map(|(u, _)| u).unwrap_or_default();
            let handle = generate(world, cluster_id, &mut contents, &owner, &label, key_length_bytes)?;
            cx.why(format!(
                "AES key '{label}' (handle {handle}) generated inside the HSMs and synchronised to every HSM"
            ));
            json!({"key": {"key-reference": format!("0x{handle:016x}"), "handle": handle, "label": label}})
        }
        HsmCommand::KeyList => {
            need_login(cx, HsmRole::CryptoUser)?;
            let me = session.clone().map(|(u, _)| u).unwrap_or_default();
            let keys: Vec<serde_json::Value> = contents
                .keys
                .iter()
                .filter(|k| k.owner == me || k.shared_with.contains(&me))
                .map(|k| {
                    json!({"key-reference": format!("0x{:016x}", k.handle), "handle": k.handle, "label": k.label,
                    "key-type": k.key_type, "owner": k.owner})
                })
                .collect();
            cx.why(format!("{me} sees {} key(s)", keys.len()));
            return Ok(json!({"matched_keys": keys, "total_key_count": keys.len()}));
        }
        HsmCommand::KeyDelete { handle } => {
            need_login(cx, HsmRole::CryptoUser)?;
            let me = session.clone().map(|(u, _)| u).unwrap_or_default();
            match contents.key(handle) {
                Some(k) if k.owner == me => {}
                Some(_) => return Err(refuse(cx, format!("Key {handle} is not owned by {me}."))),
                None => return Err(refuse(cx, format!("No key with handle {handle}."))),
            }
            contents.keys.retain(|k| k.handle != handle);
            cx.why(format!("key {handle} deleted from every HSM"));
            json!({"message": "Key deleted successfully"})
        }
    };
    super::ops::cluster_mut(world, cluster_id).sync(contents);
    Ok(data)
}

fn generate(
    world: &mut World,
    cluster_id: &str,
    contents: &mut HsmContents,
    owner: &str,
    label: &str,
    len: usize,
) -> Result<u64, ApiError> {
    if contents.keys.len() >= MAX_KEYS {
        return Err(ApiError::bad_request(
            "CloudHsmCliError",
            format!("Cluster {cluster_id} holds {MAX_KEYS} keys already."),
        ));
    }
    let mut material = vec![0u8; len];
    rand::Rng::fill_bytes(world.rng(), &mut material);
    let handle = contents.next_handle.max(1);
    contents.next_handle = handle + 1;
    contents.keys.push(KeyHandle {
        handle,
        label: label.to_string(),
        key_type: "aes".into(),
        key_length_bytes: len,
        owner: owner.to_string(),
        shared_with: Vec::new(),
        material: material.into(),
        created: world.now(),
    });
    Ok(handle)
}

// ------------------------------------------------------------ for KMS custom key stores

/// Why KMS could not log in to a cluster as `kmsuser` (a ConnectionErrorCode), if it cannot.
pub(crate) fn kmsuser_problem(world: &World, cluster_id: &str, password: &str) -> Option<&'static str> {
    let Some(c) = world.cloudhsm.clusters.get(cluster_id).filter(|c| c.state != ClusterState::Deleted) else {
        return Some("CLUSTER_NOT_FOUND");
    };
    let Some(contents) = c.contents() else { return Some("INSUFFICIENT_CLOUDHSM_HSMS") };
    match contents.user("kmsuser") {
        None => Some("USER_NOT_FOUND"),
        Some(u) if u.role != HsmRole::CryptoUser => Some("USER_NOT_FOUND"),
        Some(u) if u.locked => Some("USER_LOCKED_OUT"),
        Some(u) if u.password_sha256 != password_hash(password) => Some("INVALID_CREDENTIALS"),
        Some(_) => None,
    }
}

/// Generates a 32-byte AES key owned by `kmsuser` in every HSM of the cluster, labelled with the
/// KMS key id; returns its handle and material.
pub(crate) fn generate_for_kms(world: &mut World, cluster_id: &str, label: &str) -> Result<(u64, Vec<u8>), ApiError> {
    let mut contents = world.cloudhsm.clusters.get(cluster_id).and_then(|c| c.contents().cloned()).unwrap_or_default();
    let handle = generate(world, cluster_id, &mut contents, "kmsuser", label, 32)?;
    let material = contents.key(handle).map(|k| k.material.as_slice().to_vec()).unwrap_or_default();
    super::ops::cluster_mut(world, cluster_id).sync(contents);
    Ok((handle, material))
}

/// Removes a key handle from every HSM of the cluster (KMS deleting a custom key store key).
pub(crate) fn delete_for_kms(world: &mut World, cluster_id: &str, handle: u64) {
    let Some(c) = world.cloudhsm.clusters.get_mut(cluster_id) else { return };
    if let Some(mut contents) = c.contents().cloned() {
        contents.keys.retain(|k| k.handle != handle);
        c.sync(contents);
    }
}

/// Whether the key handle is still in the cluster's HSMs.
pub(crate) fn has_key(world: &World, cluster_id: &str, handle: u64) -> bool {
    world.cloudhsm.clusters.get(cluster_id).and_then(|c| c.contents()).is_some_and(|c| c.key(handle).is_some())
}
