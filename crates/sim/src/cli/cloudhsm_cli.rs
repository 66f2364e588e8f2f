//! `cloudhsm-cli`: the CloudHSM client inside Nimbus Lab's terminal, in the spirit of AWS's
//! CloudHSM CLI (single-command mode). It talks to the HSMs of a cluster, not to the AWS API:
//! activate the cluster, log in, manage users and generate keys. See [`USAGE`].

use super::CommandOutput;
use crate::services::cloudhsm::client::{run_client, HsmCommand};
use crate::services::cloudhsm::model::HsmRole;
use crate::world::World;

pub const USAGE: &str = "\
usage: cloudhsm-cli [--cluster-id <id>] <command>
  (the cluster may be left out when only one cluster has an ACTIVE HSM)
commands:
  cluster activate --password <new admin password>
  login --username <name> --role admin|crypto-user --password <password>
  logout
  user create --username <name> --role admin|crypto-user --password <password>   (admin)
  user delete --username <name> --role admin|crypto-user                          (admin)
  user change-password --username <name> --role <role> --password <password>
  user list
  key generate-symmetric aes --label <label> [--key-length-bytes 16|24|32]         (crypto-user)
  key list                                                                         (crypto-user)
  key delete --handle <n>                                                          (crypto-user, owner)
A new cluster's first admin is 'admin' with password 'password' until `cluster activate`.
Users and keys are kept the same on every HSM of the cluster and go into its backups.
";

fn option(args: &[String], name: &str) -> Option<String> {
    args.iter().position(|a| a == name).and_then(|i| args.get(i + 1)).cloned()
}

fn role(args: &[String]) -> Result<HsmRole, String> {
    match option(args, "--role").as_deref() {
        Some("admin") => Ok(HsmRole::Admin),
        Some("crypto-user") => Ok(HsmRole::CryptoUser),
        Some(other) => Err(format!("unknown role '{other}' (admin or crypto-user)")),
        None => Err("--role is required".into()),
    }
}

fn required(args: &[String], name: &str) -> Result<String, String> {
    option(args, name).ok_or_else(|| format!("{name} is required"))
}

fn parse(words: &[String]) -> Result<HsmCommand, String> {
    let w: Vec<&str> = words.iter().map(String::as_str).collect();
    Ok(match w.as_slice() {
        ["cluster", "activate", ..] => HsmCommand::ClusterActivate { password: required(words, "--password")? },
        ["login", ..] => HsmCommand::Login {
            username: required(words, "--username")?,
            role: role(words)?,
            password: required(words, "--password")?,
        },
        ["logout"] => HsmCommand::Logout,
        ["user", "create", ..] => HsmCommand::UserCreate {
            username: required(words, "--username")?,
            role: role(words)?,
            password: required(words, "--password")?,
        },
        ["user", "delete", ..] => {
            HsmCommand::UserDelete { username: required(words, "--username")?, role: role(words)? }
        }
        ["user", "change-password", ..] => HsmCommand::UserChangePassword {
            username: required(words, "--username")?,
            role: role(words)?,
            password: required(words, "--password")?,
        },
        ["user", "list"] => HsmCommand::UserList,
        ["key", "generate-symmetric", "aes", ..] => HsmCommand::KeyGenerateAes {
            label: required(words, "--label")?,
            key_length_bytes: match option(words, "--key-length-bytes") {
                None => 32,
                Some(n) => n.parse().map_err(|_| format!("--key-length-bytes takes a number, not '{n}'"))?,
            },
        },
        ["key", "list"] => HsmCommand::KeyList,
        ["key", "delete", ..] => HsmCommand::KeyDelete {
            handle: {
                let h = required(words, "--handle")?;
                let parsed = match h.strip_prefix("0x") {
                    Some(hex) => u64::from_str_radix(hex, 16).ok(),
                    None => h.parse().ok(),
                };
                parsed.ok_or_else(|| format!("--handle takes a key handle, not '{h}'"))?
            },
        },
        _ => return Err("unknown command".into()),
    })
}

pub fn run(world: &mut World, args: &[String]) -> CommandOutput {
    let mut args = args.to_vec();
    let cluster = match args.iter().position(|a| a == "--cluster-id") {
        Some(i) if i + 1 < args.len() => {
            let id = args.remove(i + 1);
            args.remove(i);
            Some(id)
        }
        Some(_) => return CommandOutput::failed(format!("cloudhsm-cli: --cluster-id needs a value\n{USAGE}"), 2),
        None => None,
    };
    if args.is_empty() || args[0] == "help" || args[0] == "--help" {
        return CommandOutput::ok(USAGE.into());
    }
    let command = match parse(&args) {
        Ok(c) => c,
        Err(e) => return CommandOutput::failed(format!("cloudhsm-cli: {e}\n{USAGE}"), 2),
    };
    match run_client(world, cluster.as_deref(), command) {
        Ok(v) => CommandOutput::ok(format!("{}\n", serde_json::to_string_pretty(&v).unwrap_or_default())),
        Err(e) => {
            let v = serde_json::json!({"error_code": 1, "data": e.message});
            CommandOutput::failed(format!("{}\n", serde_json::to_string_pretty(&v).unwrap_or_default()), 1)
        }
    }
}
