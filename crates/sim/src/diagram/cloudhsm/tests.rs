use super::*;
use crate::diagram::tests::assert_well_formed;
use crate::diagram::Node;
use crate::services::cloudhsm::client::{run_client, HsmCommand};
use crate::services::cloudhsm::model::HsmRole;
use crate::services::cloudhsm::{self as hsm, CloudHsmRequest, CloudHsmResponse};
use crate::services::kms::model::Origin;
use crate::services::kms::{
    CreateCustomKeyStoreRequest, CreateKeyRequest, CustomKeyStoreIdRequest, KmsRequest, KmsResponse,
};
use crate::services::vpc;
use crate::{Request, Response, SimDuration};

fn chsm(w: &mut World, request: CloudHsmRequest) -> CloudHsmResponse {
    match w.call(Request::CloudHsm(request)) {
        Ok(Response::CloudHsm(out)) => out,
        other => panic!("the setup call succeeds: {other:?}"),
    }
}

fn kms(w: &mut World, request: KmsRequest) -> KmsResponse {
    match w.call(Request::Kms(request)) {
        Ok(Response::Kms(out)) => out,
        other => panic!("the setup call succeeds: {other:?}"),
    }
}

fn add_hsm(w: &mut World, cluster: &str, az: &str) {
    chsm(
        w,
        CloudHsmRequest::CreateHsm(hsm::CreateHsmRequest {
            cluster_id: cluster.into(),
            availability_zone: az.into(),
            ip_address: None,
        }),
    );
}

fn create_cluster(w: &mut World) -> String {
    let v = vpc::default_vpc(w, "us-east-1").unwrap();
    let subnet_ids = v.subnets.iter().take(2).map(|s| s.subnet_id.clone()).collect();
    let out = chsm(
        w,
        CloudHsmRequest::CreateCluster(hsm::CreateClusterRequest {
            hsm_type: "hsm2m.medium".into(),
            subnet_ids,
            ..Default::default()
        }),
    );
    match out {
        CloudHsmResponse::CreateCluster(c) => c.cluster.cluster_id,
        other => panic!("{other:?}"),
    }
}

/// Signs the cluster's CSR, initializes the cluster and waits for it; gives the trust anchor.
fn initialize(w: &mut World, cluster: &str) -> String {
    let csr = w.cloudhsm.clusters[cluster].certificates.cluster_csr.clone().unwrap();
    let signed = hsm::sign_cluster_csr(&csr, "Corp CA").unwrap();
    chsm(
        w,
        CloudHsmRequest::InitializeCluster(hsm::InitializeClusterRequest {
            cluster_id: cluster.into(),
            signed_cert: signed.signed_cert,
            trust_anchor: signed.trust_anchor.clone(),
        }),
    );
    w.advance(SimDuration::minutes(6));
    signed.trust_anchor
}

/// An ACTIVE cluster with HSMs in us-east-1a and us-east-1b, the crypto user kmsuser, and its
/// trust anchor.
fn active_cluster(w: &mut World) -> (String, String) {
    let cluster = create_cluster(w);
    w.advance(SimDuration::minutes(2));
    add_hsm(w, &cluster, "us-east-1a");
    w.advance(SimDuration::minutes(11));
    let anchor = initialize(w, &cluster);
    let c = Some(cluster.as_str());
    run_client(w, c, HsmCommand::ClusterActivate { password: "admin-pw-1".into() }).unwrap();
    let login = HsmCommand::Login { username: "admin".into(), role: HsmRole::Admin, password: "admin-pw-1".into() };
    run_client(w, c, login).unwrap();
    let kmsuser = HsmCommand::UserCreate {
        username: "kmsuser".into(),
        role: HsmRole::CryptoUser,
        password: "kmsuser-pw1".into(),
    };
    run_client(w, c, kmsuser).unwrap();
    add_hsm(w, &cluster, "us-east-1b");
    w.advance(SimDuration::minutes(11));
    (cluster, anchor)
}

fn node<'d>(d: &'d Diagram, id: &str) -> &'d Node {
    d.nodes.iter().find(|n| n.id == id).unwrap_or_else(|| panic!("no node {id}"))
}

#[test]
fn a_new_cluster_without_hsms_says_so() {
    let mut w = World::new(1);
    let cluster = create_cluster(&mut w);
    let d = diagram(&w);
    assert_well_formed(&d);
    assert_eq!(d.groups[0].label, format!("{cluster} · hsm2m.medium · CREATE_IN_PROGRESS"));
    assert_eq!(node(&d, &format!("empty:{cluster}")).state.as_deref(), Some("creating the cluster"));
    assert!(d.groups[0].details.contains(&("FIPS validation".into(), "FIPS 140-3 Level 3".into())));
}

#[test]
fn hsms_sit_in_their_availability_zones_and_become_active_on_the_clock() {
    let mut w = World::new(2);
    let cluster = create_cluster(&mut w);
    w.advance(SimDuration::minutes(2));
    add_hsm(&mut w, &cluster, "us-east-1a");
    let d = diagram(&w);
    assert_well_formed(&d);
    assert_eq!(d.nodes[0].state.as_deref(), Some("CREATE_IN_PROGRESS"));
    // An uninitialized cluster takes one HSM; initialize it, then add the second.
    w.advance(SimDuration::minutes(11));
    initialize(&mut w, &cluster);
    add_hsm(&mut w, &cluster, "us-east-1b");
    let ids: Vec<String> = w.cloudhsm.clusters[&cluster].hsms.iter().map(|h| h.hsm_id.clone()).collect();
    let d = diagram(&w);
    assert_well_formed(&d);
    assert_eq!(node(&d, &hsm_node_id(&ids[0])).state.as_deref(), Some("ACTIVE"));
    assert_eq!(node(&d, &hsm_node_id(&ids[1])).state.as_deref(), Some("CREATE_IN_PROGRESS"));
    let az_of = |d: &Diagram, id: &str| {
        let group = d.groups.iter().find(|g| g.id == hsm_group_id(id)).unwrap();
        group.parent.clone().unwrap()
    };
    assert_eq!(az_of(&d, &ids[0]), format!("az:{cluster}/us-east-1a"));
    assert_eq!(az_of(&d, &ids[1]), format!("az:{cluster}/us-east-1b"));
    assert!(!d.edges.iter().any(|e| e.label.as_deref() == Some("sync")), "no sync before both are ACTIVE");

    w.advance(SimDuration::minutes(11));
    let d = diagram(&w);
    for id in &ids {
        assert_eq!(node(&d, &hsm_node_id(id)).state.as_deref(), Some("ACTIVE"));
    }
    let sync = d.edges.iter().find(|e| e.label.as_deref() == Some("sync")).expect("a sync arrow");
    assert_eq!((sync.from.clone(), sync.to.clone()), (hsm_node_id(&ids[0]), hsm_node_id(&ids[1])));
}

#[test]
fn users_keys_and_backups_show_in_every_hsm() {
    let mut w = World::new(3);
    let (cluster, _) = active_cluster(&mut w);
    let c = Some(cluster.as_str());
    run_client(&mut w, c, HsmCommand::Logout).unwrap();
    let login =
        HsmCommand::Login { username: "kmsuser".into(), role: HsmRole::CryptoUser, password: "kmsuser-pw1".into() };
    run_client(&mut w, c, login).unwrap();
    run_client(&mut w, c, HsmCommand::KeyGenerateAes { label: "payroll".into(), key_length_bytes: 32 }).unwrap();
    let d = diagram(&w);
    assert_well_formed(&d);
    let hsms: Vec<String> = w.cloudhsm.clusters[&cluster].hsms.iter().map(|h| h.hsm_id.clone()).collect();
    assert_eq!(hsms.len(), 2);
    for id in &hsms {
        let users = node(&d, &format!("users:{id}"));
        assert!(users.details.contains(&("kmsuser".into(), "crypto-user".into())), "{:?}", users.details);
        assert!(
            d.nodes.iter().any(|n| n.group.as_deref() == Some(&hsm_group_id(id)) && n.label.ends_with("payroll")),
            "the key is on {id} too"
        );
    }
    let backups: Vec<&Node> = d.nodes.iter().filter(|n| n.kind == "backup").collect();
    assert!(!backups.is_empty() && backups.len() <= MAX_BACKUPS_SHOWN);
    assert!(d.edges.iter().any(|e| e.label.as_deref() == Some("latest backup")));
}

#[test]
fn a_custom_key_store_links_its_kms_keys_to_their_handles_in_the_cluster() {
    let mut w = World::new(4);
    let (cluster, anchor) = active_cluster(&mut w);
    let store = match kms(
        &mut w,
        KmsRequest::CreateCustomKeyStore(CreateCustomKeyStoreRequest {
            custom_key_store_name: "hsm-store".into(),
            cloud_hsm_cluster_id: Some(cluster.clone()),
            trust_anchor_certificate: Some(anchor),
            key_store_password: Some("kmsuser-pw1".into()),
            custom_key_store_type: None,
        }),
    ) {
        KmsResponse::CreateCustomKeyStore(out) => out.custom_key_store_id,
        other => panic!("{other:?}"),
    };
    let d = diagram(&w);
    assert_eq!(node(&d, &store_id(&store)).state.as_deref(), Some("DISCONNECTED"));
    assert!(d.edges.iter().any(|e| e.from == store_id(&store) && e.style == crate::diagram::EdgeStyle::Dashed));

    kms(&mut w, KmsRequest::ConnectCustomKeyStore(CustomKeyStoreIdRequest { custom_key_store_id: store.clone() }));
    w.advance(SimDuration::minutes(30));
    let key = match kms(
        &mut w,
        KmsRequest::CreateKey(CreateKeyRequest {
            origin: Some(Origin::AwsCloudhsm),
            custom_key_store_id: Some(store.clone()),
            ..Default::default()
        }),
    ) {
        KmsResponse::CreateKey(out) => out.key_metadata.key_id,
        other => panic!("{other:?}"),
    };
    let d = diagram(&w);
    assert_well_formed(&d);
    assert_eq!(node(&d, &store_id(&store)).state.as_deref(), Some("CONNECTED"));
    let key_node = format!("kms-key:{key}");
    assert_eq!(node(&d, &key_node).state.as_deref(), Some("Enabled"));
    let material = d.edges.iter().find(|e| e.from == key_node && e.label.as_deref() == Some("material")).unwrap();
    assert!(material.to.starts_with("handle:"), "the KMS key's material is a handle in an HSM");
    assert!(node(&d, &material.to).label.starts_with("key "));
}
