//! CloudHSM through `World::call` and the `cloudhsm-cli` client: the default VPC, clusters and
//! their states, HSMs on the simulated clock, initialization with a signed certificate,
//! activation, users and keys synchronised to every HSM, backups and restores, deletion rules,
//! tags, and the errors of each state.

use nimbus_sim::cli::{run_line, MemoryFs};
use nimbus_sim::services::cloudhsm::client::{run_client, HsmCommand};
use nimbus_sim::services::cloudhsm::model::*;
use nimbus_sim::services::cloudhsm::*;
use nimbus_sim::services::vpc;
use nimbus_sim::{ApiError, Outcome, Request, Response, SimDuration, World};

macro_rules! hsm {
    ($w:expr, $Op:ident, $req:expr) => {
        match $w.call(Request::CloudHsm(CloudHsmRequest::$Op($req))) {
            Ok(Response::CloudHsm(CloudHsmResponse::$Op(out))) => Ok(out),
            Ok(other) => panic!("unexpected response {other:?}"),
            Err(e) => Err::<_, ApiError>(e),
        }
    };
}

fn subnets(w: &mut World, n: usize) -> Vec<String> {
    let v = vpc::default_vpc(w, "us-east-1").unwrap();
    v.subnets.iter().take(n).map(|s| s.subnet_id.clone()).collect()
}

fn create_cluster(w: &mut World, hsm_type: &str, n_subnets: usize) -> ClusterOut {
    let subnet_ids = subnets(w, n_subnets);
    hsm!(w, CreateCluster, CreateClusterRequest { hsm_type: hsm_type.into(), subnet_ids, ..Default::default() })
        .unwrap()
        .cluster
}

fn describe(w: &mut World, id: &str) -> ClusterOut {
    let mut filters = std::collections::BTreeMap::new();
    filters.insert("clusterIds".to_string(), vec![id.to_string()]);
    hsm!(w, DescribeClusters, DescribeClustersRequest { filters: Some(filters), ..Default::default() })
        .unwrap()
        .clusters
        .remove(0)
}

fn add_hsm(w: &mut World, id: &str, az: &str) -> String {
    hsm!(w, CreateHsm, CreateHsmRequest { cluster_id: id.into(), availability_zone: az.into(), ip_address: None })
        .unwrap()
        .hsm
        .hsm_id
}

fn initialize(w: &mut World, id: &str) {
    let csr = describe(w, id).certificates.cluster_csr.expect("a CSR once the first HSM is active");
    let signed = sign_cluster_csr(&csr, "ExampleCorp Root CA").unwrap();
    let out = hsm!(
        w,
        InitializeCluster,
        InitializeClusterRequest {
            cluster_id: id.into(),
            signed_cert: signed.signed_cert,
            trust_anchor: signed.trust_anchor
        }
    )
    .unwrap();
    assert_eq!(out.state, ClusterState::InitializeInProgress);
    w.advance(SimDuration::minutes(10));
    assert_eq!(describe(w, id).state, ClusterState::Initialized);
}

fn client(w: &mut World, id: &str, command: HsmCommand) -> Result<serde_json::Value, ApiError> {
    run_client(w, Some(id), command)
}

/// A cluster that is ACTIVE with one HSM in us-east-1a, activated, with crypto user `alice`.
fn active_cluster(w: &mut World) -> String {
    let id = create_cluster(w, "hsm2m.medium", 3).cluster_id;
    w.advance(SimDuration::minutes(5));
    add_hsm(w, &id, "us-east-1a");
    w.advance(SimDuration::minutes(15));
    initialize(w, &id);
    client(w, &id, HsmCommand::ClusterActivate { password: "s3cret-admin".into() }).unwrap();
    client(
        w,
        &id,
        HsmCommand::Login { username: "admin".into(), role: HsmRole::Admin, password: "s3cret-admin".into() },
    )
    .unwrap();
    client(
        w,
        &id,
        HsmCommand::UserCreate { username: "alice".into(), role: HsmRole::CryptoUser, password: "alice-pw1".into() },
    )
    .unwrap();
    id
}

#[test]
fn the_default_vpc_has_one_subnet_per_az_and_is_made_once() {
    let mut w = World::new(1);
    let v = vpc::default_vpc(&mut w, "us-east-1").unwrap();
    assert_eq!(v.subnets.len(), 6);
    assert!(v.vpc_id.starts_with("vpc-") && v.cidr_block == "172.31.0.0/16");
    assert_eq!(v.subnets[1].availability_zone, "us-east-1b");
    assert_eq!(v.subnets[1].cidr_block, "172.31.16.0/20");
    assert_eq!(vpc::default_vpc(&mut w, "us-east-1").unwrap(), v);
    assert_eq!(vpc::default_vpc(&mut w, "eu-west-1").unwrap().subnets.len(), 3);
    assert!(vpc::default_vpc(&mut w, "mars-1").is_none());
}

#[test]
fn a_cluster_goes_from_create_to_active_through_every_state() {
    let mut w = World::new(2);
    let c = create_cluster(&mut w, "hsm1.medium", 2);
    assert!(c.cluster_id.starts_with("cluster-") && c.cluster_id.len() == 19);
    assert_eq!((c.state, c.mode, c.hsm_type), (ClusterState::CreateInProgress, ClusterMode::Fips, HsmType::Hsm1Medium));
    assert_eq!(c.subnet_mapping.len(), 2);
    assert_eq!(c.backup_retention_policy.value.as_deref(), Some("90"));
    let id = c.cluster_id;
    // Not yet: HSMs wait for the cluster.
    let e = hsm!(
        w,
        CreateHsm,
        CreateHsmRequest { cluster_id: id.clone(), availability_zone: "us-east-1a".into(), ip_address: None }
    )
    .unwrap_err();
    assert_eq!(e.code, "CloudHsmInvalidRequestException");
    w.advance(SimDuration::minutes(2));
    assert_eq!(describe(&mut w, &id).state, ClusterState::Uninitialized);
    assert!(describe(&mut w, &id).certificates.cluster_csr.is_none(), "no CSR before an HSM");

    let hsm_id = add_hsm(&mut w, &id, "us-east-1a");
    let h = &describe(&mut w, &id).hsms[0];
    assert_eq!((h.state, h.availability_zone.as_str()), (HsmState::CreateInProgress, "us-east-1a"));
    assert!(h.eni_id.starts_with("eni-") && h.eni_ip.starts_with("172.31.0."));
    // One HSM only while uninitialized; AZs outside the cluster are refused.
    let e = hsm!(
        w,
        CreateHsm,
        CreateHsmRequest { cluster_id: id.clone(), availability_zone: "us-east-1b".into(), ip_address: None }
    )
    .unwrap_err();
    assert!(e.message.contains("uninitialized"));
    // InitializeCluster before the CSR exists.
    let e = hsm!(
        w,
        InitializeCluster,
        InitializeClusterRequest { cluster_id: id.clone(), signed_cert: "x".into(), trust_anchor: "y".into() }
    )
    .unwrap_err();
    assert!(e.message.contains("Create an HSM"));
    w.advance(SimDuration::minutes(10));
    let c = describe(&mut w, &id);
    assert_eq!(c.hsms[0].state, HsmState::Active);
    assert!(c.certificates.cluster_csr.as_deref().unwrap().starts_with("-----BEGIN CERTIFICATE REQUEST-----"));
    assert!(w.trail().events().iter().any(|e| e.operation == "HsmCreated" && e.why.contains(&hsm_id)));

    // A certificate that is not for this CSR, or a chain that does not match, is refused.
    let other = sign_cluster_csr(
        "-----BEGIN CERTIFICATE REQUEST-----\nTmltYnVzIExhYiBzaW11bGF0ZWQgQ1NSCnN1YmplY3Q9b3RoZXIK\n-----END CERTIFICATE REQUEST-----",
        "CA",
    )
    .unwrap();
    let e = hsm!(
        w,
        InitializeCluster,
        InitializeClusterRequest {
            cluster_id: id.clone(),
            signed_cert: other.signed_cert,
            trust_anchor: other.trust_anchor.clone()
        }
    )
    .unwrap_err();
    assert!(e.message.contains("not issued for this cluster"));
    let mine = sign_cluster_csr(c.certificates.cluster_csr.as_deref().unwrap(), "ExampleCorp").unwrap();
    let e = hsm!(
        w,
        InitializeCluster,
        InitializeClusterRequest {
            cluster_id: id.clone(),
            signed_cert: mine.signed_cert.clone(),
            trust_anchor: other.trust_anchor
        }
    )
    .unwrap_err();
    assert!(e.message.contains("chain"));

    initialize(&mut w, &id);
    let c = describe(&mut w, &id);
    assert!(c.certificates.cluster_csr.is_none() && c.certificates.cluster_certificate.is_some());
    let e = hsm!(
        w,
        InitializeCluster,
        InitializeClusterRequest {
            cluster_id: id.clone(),
            signed_cert: mine.signed_cert,
            trust_anchor: mine.trust_anchor
        }
    )
    .unwrap_err();
    assert!(e.message.contains("UNINITIALIZED"));

    // Activation: the precrypto officer sets its password; the cluster becomes ACTIVE.
    let e = client(
        &mut w,
        &id,
        HsmCommand::Login { username: "admin".into(), role: HsmRole::Admin, password: "password".into() },
    )
    .unwrap_err();
    assert!(e.message.contains("not activated"));
    client(&mut w, &id, HsmCommand::ClusterActivate { password: "new-admin-pw".into() }).unwrap();
    assert_eq!(describe(&mut w, &id).state, ClusterState::Active);
    assert_eq!(
        client(&mut w, &id, HsmCommand::ClusterActivate { password: "again-pw".into() }).unwrap_err().code,
        "CloudHsmCliError"
    );
    let event = w.trail().last().unwrap();
    assert_eq!(event.operation, "cloudhsm-cli cluster activate");
    assert!(!event.request.contains("again-pw"), "passwords never reach the trail");
}

#[test]
fn hsm_types_and_modes_follow_the_rules() {
    let mut w = World::new(3);
    let subnet_ids = subnets(&mut w, 1);
    let req = |t: &str, mode: Option<ClusterMode>| CreateClusterRequest {
        hsm_type: t.into(),
        subnet_ids: subnet_ids.clone(),
        mode,
        ..Default::default()
    };
    assert_eq!(hsm!(w, CreateCluster, req("hsm3.large", None)).unwrap_err().code, "CloudHsmInvalidRequestException");
    let e = hsm!(w, CreateCluster, req("hsm1.medium", Some(ClusterMode::NonFips))).unwrap_err();
    assert!(e.message.contains("NON_FIPS"));
    let c = hsm!(w, CreateCluster, req("hsm2m.medium", Some(ClusterMode::NonFips))).unwrap().cluster;
    assert_eq!(c.mode, ClusterMode::NonFips);
    // Subnets: unknown, two in one AZ, too many; retention limits.
    let mut bad = req("hsm1.medium", None);
    bad.subnet_ids = vec!["subnet-0123456789abcdef0".into()];
    assert!(hsm!(w, CreateCluster, bad).unwrap_err().message.contains("does not exist"));
    let mut bad = req("hsm1.medium", None);
    bad.subnet_ids = vec![subnet_ids[0].clone(), subnet_ids[0].clone()];
    assert!(hsm!(w, CreateCluster, bad).unwrap_err().message.contains("one subnet per Availability Zone"));
    let mut bad = req("hsm1.medium", None);
    bad.subnet_ids = vec![];
    assert_eq!(hsm!(w, CreateCluster, bad).unwrap_err().code, "CloudHsmInvalidRequestException");
    let mut bad = req("hsm1.medium", None);
    bad.backup_retention_policy = Some(BackupRetentionPolicy { r#type: Some("DAYS".into()), value: Some("3".into()) });
    assert!(hsm!(w, CreateCluster, bad).unwrap_err().message.contains("7 and 379"));
    // Quota: 4 clusters per Region.
    for _ in 0..3 {
        hsm!(w, CreateCluster, req("hsm1.medium", None)).unwrap();
    }
    assert!(hsm!(w, CreateCluster, req("hsm1.medium", None))
        .unwrap_err()
        .message
        .contains("maximum number of clusters"));
}

#[test]
fn users_and_keys_are_synchronised_to_every_hsm() {
    let mut w = World::new(4);
    let id = active_cluster(&mut w);
    add_hsm(&mut w, &id, "us-east-1b");
    w.advance(SimDuration::minutes(10));
    client(&mut w, &id, HsmCommand::Logout).unwrap();
    // Admins cannot make keys; crypto users can.
    client(
        &mut w,
        &id,
        HsmCommand::Login { username: "admin".into(), role: HsmRole::Admin, password: "s3cret-admin".into() },
    )
    .unwrap();
    let e = client(&mut w, &id, HsmCommand::KeyGenerateAes { label: "k".into(), key_length_bytes: 32 }).unwrap_err();
    assert!(e.message.contains("crypto-user"));
    let e = client(
        &mut w,
        &id,
        HsmCommand::Login { username: "alice".into(), role: HsmRole::CryptoUser, password: "wrong-pw".into() },
    )
    .unwrap_err();
    assert!(e.message.contains("Login failed"));
    client(
        &mut w,
        &id,
        HsmCommand::Login { username: "alice".into(), role: HsmRole::CryptoUser, password: "alice-pw1".into() },
    )
    .unwrap();
    let out =
        client(&mut w, &id, HsmCommand::KeyGenerateAes { label: "payroll".into(), key_length_bytes: 32 }).unwrap();
    assert_eq!(out["error_code"], 0);
    let handle = out["data"]["key"]["handle"].as_u64().unwrap();
    let c = &w.cloudhsm.clusters[&id];
    assert_eq!(c.active_hsms().count(), 2);
    for h in c.active_hsms() {
        let contents = h.contents.as_ref().unwrap();
        assert_eq!(contents.key(handle).unwrap().label, "payroll", "on {}", h.hsm_id);
        assert_eq!(contents.key(handle).unwrap().material.len(), 32);
        assert!(contents.user("alice").is_some());
    }
    let list = client(&mut w, &id, HsmCommand::KeyList).unwrap();
    assert_eq!(list["data"]["total_key_count"], 1);
    assert_eq!(
        client(&mut w, &id, HsmCommand::KeyGenerateAes { label: "x".into(), key_length_bytes: 7 }).unwrap_err().code,
        "CloudHsmCliError"
    );
    // An admin cannot delete a user who owns keys.
    client(
        &mut w,
        &id,
        HsmCommand::Login { username: "admin".into(), role: HsmRole::Admin, password: "s3cret-admin".into() },
    )
    .unwrap();
    let e = client(&mut w, &id, HsmCommand::UserDelete { username: "alice".into(), role: HsmRole::CryptoUser })
        .unwrap_err();
    assert!(e.message.contains("owns keys"));
    let users = client(&mut w, &id, HsmCommand::UserList).unwrap();
    assert_eq!(users["data"]["users"].as_array().unwrap().len(), 3);
}

#[test]
fn backups_are_taken_daily_and_on_hsm_changes_and_restore_new_hsms() {
    let mut w = World::new(5);
    let id = active_cluster(&mut w);
    client(
        &mut w,
        &id,
        HsmCommand::Login { username: "alice".into(), role: HsmRole::CryptoUser, password: "alice-pw1".into() },
    )
    .unwrap();
    let handle = client(&mut w, &id, HsmCommand::KeyGenerateAes { label: "keep-me".into(), key_length_bytes: 32 })
        .unwrap()["data"]["key"]["handle"]
        .as_u64()
        .unwrap();
    let backups = |w: &mut World| hsm!(w, DescribeBackups, DescribeBackupsRequest::default()).unwrap().backups;
    let initial = backups(&mut w).len();
    assert!(initial >= 1, "a backup is taken when the cluster is initialized");
    assert_eq!(backups(&mut w)[0].backup_state, BackupState::Ready);

    w.advance(SimDuration::hours(24));
    assert_eq!(backups(&mut w).len(), initial + 1, "the daily backup");

    // Deleting the only HSM takes a backup; a new HSM later comes back with the keys.
    let hsm_id = w.cloudhsm.clusters[&id].hsms[0].hsm_id.clone();
    let out = hsm!(
        w,
        DeleteHsm,
        DeleteHsmRequest { cluster_id: id.clone(), hsm_id: Some(hsm_id.clone()), ..Default::default() }
    )
    .unwrap();
    assert_eq!(out.hsm_id, hsm_id);
    assert_eq!(backups(&mut w).len(), initial + 2);
    assert!(w.trail().last().unwrap().why.contains("backup"));
    w.advance(SimDuration::minutes(5));
    assert!(describe(&mut w, &id).hsms.is_empty());
    w.advance(SimDuration::days(3));
    add_hsm(&mut w, &id, "us-east-1c");
    w.advance(SimDuration::minutes(10));
    let c = &w.cloudhsm.clusters[&id];
    let restored = c.contents().unwrap();
    assert_eq!(restored.key(handle).unwrap().label, "keep-me", "restored from the latest backup");
    assert!(w.trail().events().iter().any(|e| e.operation == "HsmCreated" && e.why.contains("restored from backup")));

    // Filters, order and pages.
    let mut filters = std::collections::BTreeMap::new();
    filters.insert("clusterIds".to_string(), vec![id.clone()]);
    let all = hsm!(
        w,
        DescribeBackups,
        DescribeBackupsRequest { filters: Some(filters), sort_ascending: Some(true), ..Default::default() }
    )
    .unwrap()
    .backups;
    assert!(all.windows(2).all(|p| p[0].create_timestamp <= p[1].create_timestamp));
    let page = hsm!(w, DescribeBackups, DescribeBackupsRequest { max_results: Some(1), ..Default::default() }).unwrap();
    assert_eq!(page.backups.len(), 1);
    assert!(page.next_token.is_some());
    let mut bad = std::collections::BTreeMap::new();
    bad.insert("colour".to_string(), vec!["red".to_string()]);
    assert_eq!(
        hsm!(w, DescribeBackups, DescribeBackupsRequest { filters: Some(bad), ..Default::default() }).unwrap_err().code,
        "CloudHsmInvalidRequestException"
    );
}

#[test]
fn a_cluster_can_be_created_from_a_backup_of_the_same_mode() {
    let mut w = World::new(6);
    active_cluster(&mut w);
    // The activation happened after the initialization backup; the daily backup has it.
    w.advance(SimDuration::minutes(24 * 60 + 10));
    let backup_id = hsm!(w, DescribeBackups, DescribeBackupsRequest::default()).unwrap().backups[0].backup_id.clone();
    let subnet_ids = subnets(&mut w, 2);
    let e = hsm!(
        w,
        CreateCluster,
        CreateClusterRequest {
            hsm_type: "hsm2m.medium".into(),
            subnet_ids: subnet_ids.clone(),
            source_backup_id: Some(backup_id.clone()),
            mode: Some(ClusterMode::NonFips),
            ..Default::default()
        }
    )
    .unwrap_err();
    assert!(e.message.contains("mode"));
    let c = hsm!(
        w,
        CreateCluster,
        CreateClusterRequest {
            hsm_type: "hsm2m.medium".into(),
            subnet_ids,
            source_backup_id: Some(backup_id.clone()),
            ..Default::default()
        }
    )
    .unwrap()
    .cluster;
    assert_eq!(c.source_backup_id.as_deref(), Some(backup_id.as_str()));
    w.advance(SimDuration::minutes(2));
    assert_eq!(describe(&mut w, &c.cluster_id).state, ClusterState::Active, "the backup holds an activated admin");
    add_hsm(&mut w, &c.cluster_id, "us-east-1b");
    w.advance(SimDuration::minutes(10));
    assert!(w.cloudhsm.clusters[&c.cluster_id].contents().unwrap().user("alice").is_some());
}

#[test]
fn delete_cluster_is_refused_while_hsms_exist() {
    let mut w = World::new(7);
    let id = create_cluster(&mut w, "hsm1.medium", 2).cluster_id;
    w.advance(SimDuration::minutes(2));
    let hsm_id = add_hsm(&mut w, &id, "us-east-1a");
    let e = hsm!(w, DeleteCluster, DeleteClusterRequest { cluster_id: id.clone() }).unwrap_err();
    assert_eq!((e.code.as_str(), e.status), ("CloudHsmInvalidRequestException", 400));
    assert!(e.message.contains("contains HSMs"));
    assert!(w.trail().last().unwrap().why.contains("DeleteHsm"));
    // DeleteHsm by exactly one of the three names.
    let e = hsm!(w, DeleteHsm, DeleteHsmRequest { cluster_id: id.clone(), ..Default::default() }).unwrap_err();
    assert!(e.message.contains("exactly one"));
    let e = hsm!(
        w,
        DeleteHsm,
        DeleteHsmRequest { cluster_id: id.clone(), hsm_id: Some("hsm-abcdefghijk".into()), ..Default::default() }
    )
    .unwrap_err();
    assert_eq!(e.code, "CloudHsmResourceNotFoundException");
    hsm!(w, DeleteHsm, DeleteHsmRequest { cluster_id: id.clone(), hsm_id: Some(hsm_id.clone()), ..Default::default() })
        .unwrap();
    let e = hsm!(w, DeleteHsm, DeleteHsmRequest { cluster_id: id.clone(), hsm_id: Some(hsm_id), ..Default::default() })
        .unwrap_err();
    assert!(e.message.contains("already being deleted"));
    w.advance(SimDuration::minutes(15));
    let out = hsm!(w, DeleteCluster, DeleteClusterRequest { cluster_id: id.clone() }).unwrap();
    assert_eq!(out.cluster.state, ClusterState::DeleteInProgress);
    w.advance(SimDuration::minutes(5));
    let mut filters = std::collections::BTreeMap::new();
    filters.insert("states".to_string(), vec!["DELETED".to_string()]);
    let deleted =
        hsm!(w, DescribeClusters, DescribeClustersRequest { filters: Some(filters), ..Default::default() }).unwrap();
    assert_eq!(deleted.clusters.len(), 1);
    let e = hsm!(w, DeleteCluster, DeleteClusterRequest { cluster_id: id.clone() }).unwrap_err();
    assert_eq!(e.code, "CloudHsmResourceNotFoundException");
    let e = hsm!(w, DeleteCluster, DeleteClusterRequest { cluster_id: "bogus".into() }).unwrap_err();
    assert_eq!(e.code, "CloudHsmInvalidRequestException");
    assert!(matches!(w.trail().last().unwrap().outcome, Outcome::Error { .. }));
}

#[test]
fn tags_on_clusters_and_backups() {
    let mut w = World::new(8);
    let id = active_cluster(&mut w);
    let tag = |k: &str, v: &str| TagOut { key: k.into(), value: v.into() };
    hsm!(
        w,
        TagResource,
        TagResourceRequest { resource_id: id.clone(), tag_list: vec![tag("team", "sec"), tag("env", "prod")] }
    )
    .unwrap();
    hsm!(w, TagResource, TagResourceRequest { resource_id: id.clone(), tag_list: vec![tag("env", "dev")] }).unwrap();
    let tags = hsm!(w, ListTags, ListTagsRequest { resource_id: id.clone(), ..Default::default() }).unwrap().tag_list;
    assert_eq!(tags, vec![tag("team", "sec"), tag("env", "dev")]);
    hsm!(w, UntagResource, UntagResourceRequest { resource_id: id.clone(), tag_key_list: vec!["team".into()] })
        .unwrap();
    assert_eq!(describe(&mut w, &id).tag_list, vec![tag("env", "dev")]);
    let e = hsm!(w, TagResource, TagResourceRequest { resource_id: id.clone(), tag_list: vec![tag("aws:x", "y")] })
        .unwrap_err();
    assert_eq!(e.code, "CloudHsmTagException");
    let backup = hsm!(w, DescribeBackups, DescribeBackupsRequest::default()).unwrap().backups[0].backup_id.clone();
    hsm!(w, TagResource, TagResourceRequest { resource_id: backup.clone(), tag_list: vec![tag("k", "v")] }).unwrap();
    assert_eq!(
        hsm!(w, ListTags, ListTagsRequest { resource_id: backup, ..Default::default() }).unwrap().tag_list.len(),
        1
    );
    let e = hsm!(w, ListTags, ListTagsRequest { resource_id: "backup-aaaaaaaaaaa".into(), ..Default::default() })
        .unwrap_err();
    assert_eq!(e.code, "CloudHsmResourceNotFoundException");
}

#[test]
fn the_terminal_speaks_cloudhsmv2_and_cloudhsm_cli() {
    let mut w = World::new(9);
    let mut fs = MemoryFs::default();
    let help = run_line(&mut w, &mut fs, "aws cloudhsmv2 help");
    assert_eq!(help.exit_code, 0, "{}", help.stderr);
    assert!(help.stdout.contains("create-cluster") && help.stdout.contains("describe-backups"), "{}", help.stdout);
    let subnet = subnets(&mut w, 1).remove(0);
    let out = run_line(
        &mut w,
        &mut fs,
        &format!("aws cloudhsmv2 create-cluster --hsm-type hsm2m.medium --subnet-ids {subnet}"),
    );
    assert_eq!(out.exit_code, 0, "{}", out.stderr);
    assert!(out.stdout.contains("CREATE_IN_PROGRESS"));
    let out = run_line(&mut w, &mut fs, "aws cloudhsmv2 describe-clusters --filters states=CREATE_IN_PROGRESS");
    assert_eq!(out.exit_code, 0, "{}", out.stderr);
    let usage = run_line(&mut w, &mut fs, "cloudhsm-cli help");
    assert!(usage.stdout.contains("cluster activate"));
    let refused = run_line(&mut w, &mut fs, "cloudhsm-cli user list");
    assert_eq!(refused.exit_code, 1);
    assert!(refused.stderr.contains("\"error_code\": 1"));
    assert!(run_line(&mut w, &mut fs, "help").stdout.contains("cloudhsm-cli"));
}

#[test]
fn the_terminal_client_runs_a_whole_activation() {
    let mut w = World::new(10);
    let id = create_cluster(&mut w, "hsm2m.medium", 2).cluster_id;
    w.advance(SimDuration::minutes(2));
    add_hsm(&mut w, &id, "us-east-1a");
    w.advance(SimDuration::minutes(10));
    initialize(&mut w, &id);
    let mut fs = MemoryFs::default();
    for line in [
        "cloudhsm-cli cluster activate --password admin-pw-1".to_string(),
        "cloudhsm-cli login --username admin --role admin --password admin-pw-1".into(),
        "cloudhsm-cli user create --username bob --role crypto-user --password bob-pw-12".into(),
        format!("cloudhsm-cli --cluster-id {id} login --username bob --role crypto-user --password bob-pw-12"),
        "cloudhsm-cli key generate-symmetric aes --label orders --key-length-bytes 32".into(),
    ] {
        let out = run_line(&mut w, &mut fs, &line);
        assert_eq!(out.exit_code, 0, "{line}: {}", out.stderr);
    }
    let out = run_line(&mut w, &mut fs, "cloudhsm-cli key list");
    assert!(out.stdout.contains("orders"), "{}", out.stdout);
    let out = run_line(&mut w, &mut fs, "cloudhsm-cli key delete --handle 0x0000000000000001");
    assert_eq!(out.exit_code, 0, "{}", out.stderr);
    assert_eq!(run_line(&mut w, &mut fs, "cloudhsm-cli frobnicate").exit_code, 2);
}
