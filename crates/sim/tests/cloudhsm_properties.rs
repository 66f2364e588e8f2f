//! Random sequences of CloudHSM, custom key store and KMS calls with clock moves: nothing panics,
//! decrypt(encrypt(x)) == x while the key is usable (its store CONNECTED, the key Enabled, its
//! handle in an ACTIVE HSM), and the cluster invariants hold after every step.

use nimbus_sim::services::cloudhsm::client::{run_client, HsmCommand};
use nimbus_sim::services::cloudhsm::model::*;
use nimbus_sim::services::cloudhsm::{self as hsm, CloudHsmRequest};
use nimbus_sim::services::kms::model::{ConnectionState, KeyState, Origin};
use nimbus_sim::services::kms::*;
use nimbus_sim::services::vpc;
use nimbus_sim::{Bytes, Request, Response, SimDuration, World};
use proptest::prelude::*;

#[derive(Clone, Debug)]
enum Step {
    CreateHsm(usize),
    DeleteHsm(usize),
    CreateStore,
    Connect,
    Disconnect,
    CreateKey,
    Encrypt(usize, Vec<u8>),
    Decrypt(usize),
    Disable(usize),
    Enable(usize),
    Schedule(usize),
    Cancel(usize),
    ClientKey,
    DeleteCluster,
    Advance(i64),
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        2 => (0usize..3).prop_map(Step::CreateHsm),
        1 => (0usize..4).prop_map(Step::DeleteHsm),
        1 => Just(Step::CreateStore),
        2 => Just(Step::Connect),
        1 => Just(Step::Disconnect),
        2 => Just(Step::CreateKey),
        4 => (0usize..4, proptest::collection::vec(any::<u8>(), 1..64)).prop_map(|(k, d)| Step::Encrypt(k, d)),
        3 => (0usize..16).prop_map(Step::Decrypt),
        1 => (0usize..4).prop_map(Step::Disable),
        1 => (0usize..4).prop_map(Step::Enable),
        1 => (0usize..4).prop_map(Step::Schedule),
        1 => (0usize..4).prop_map(Step::Cancel),
        1 => Just(Step::ClientKey),
        1 => Just(Step::DeleteCluster),
        3 => (1i64..2000).prop_map(Step::Advance),
    ]
}

/// An ACTIVE cluster with one HSM and kmsuser; the password of kmsuser is `kmsuser-pw1`.
fn start(seed: u64) -> (World, String, String) {
    let mut w = World::new(seed);
    let v = vpc::default_vpc(&mut w, "us-east-1").unwrap();
    let subnet_ids = v.subnets.iter().take(3).map(|s| s.subnet_id.clone()).collect();
    let Ok(Response::CloudHsm(hsm::CloudHsmResponse::CreateCluster(c))) =
        w.call(Request::CloudHsm(CloudHsmRequest::CreateCluster(hsm::CreateClusterRequest {
            hsm_type: "hsm2m.medium".into(),
            subnet_ids,
            ..Default::default()
        })))
    else {
        panic!("CreateCluster")
    };
    let id = c.cluster.cluster_id;
    w.advance(SimDuration::minutes(2));
    hsm_call(
        &mut w,
        CloudHsmRequest::CreateHsm(hsm::CreateHsmRequest {
            cluster_id: id.clone(),
            availability_zone: "us-east-1a".into(),
            ip_address: None,
        }),
    );
    w.advance(SimDuration::minutes(10));
    let csr = w.cloudhsm.clusters[&id].certificates.cluster_csr.clone().unwrap();
    let s = hsm::sign_cluster_csr(&csr, "CA").unwrap();
    hsm_call(
        &mut w,
        CloudHsmRequest::InitializeCluster(hsm::InitializeClusterRequest {
            cluster_id: id.clone(),
            signed_cert: s.signed_cert,
            trust_anchor: s.trust_anchor.clone(),
        }),
    );
    w.advance(SimDuration::minutes(5));
    run_client(&mut w, Some(&id), HsmCommand::ClusterActivate { password: "admin-pw-1".into() }).unwrap();
    run_client(
        &mut w,
        Some(&id),
        HsmCommand::Login { username: "admin".into(), role: HsmRole::Admin, password: "admin-pw-1".into() },
    )
    .unwrap();
    run_client(
        &mut w,
        Some(&id),
        HsmCommand::UserCreate {
            username: "kmsuser".into(),
            role: HsmRole::CryptoUser,
            password: "kmsuser-pw1".into(),
        },
    )
    .unwrap();
    (w, id, s.trust_anchor)
}

fn hsm_call(w: &mut World, r: CloudHsmRequest) -> bool {
    w.call(Request::CloudHsm(r)).is_ok()
}

fn kms(w: &mut World, r: KmsRequest) -> Result<KmsResponse, nimbus_sim::ApiError> {
    w.call(Request::Kms(r)).map(|resp| match resp {
        Response::Kms(k) => k,
        other => panic!("{other:?}"),
    })
}

fn usable(w: &World, key_id: &str) -> bool {
    let Some(k) = w.kms.keys.get(key_id) else { return false };
    let Some(link) = &k.custom_key_store else { return false };
    let connected = w
        .kms
        .custom_key_stores
        .get(&link.custom_key_store_id)
        .is_some_and(|s| s.connection_state == ConnectionState::Connected);
    let reachable = w
        .cloudhsm
        .clusters
        .get(&link.cloud_hsm_cluster_id)
        .and_then(|c| c.contents())
        .is_some_and(|c| c.key(link.key_handle).is_some());
    k.state == KeyState::Enabled && connected && reachable
}

fn check_invariants(w: &World) {
    for c in w.cloudhsm.clusters.values() {
        // Every ACTIVE HSM holds the same contents.
        let mut active = c.active_hsms().map(|h| h.contents.as_ref());
        if let Some(first) = active.next() {
            assert!(active.all(|x| x == first), "HSMs of {} out of sync", c.cluster_id);
        }
        assert!(c.hsms.iter().all(|h| c.subnet_mapping.get(&h.availability_zone) == Some(&h.subnet_id)));
        if c.state == ClusterState::Deleted {
            assert!(c.hsms.is_empty());
        }
    }
    for k in w.kms.keys.values() {
        if let Some(link) = &k.custom_key_store {
            let store = w.kms.custom_key_stores.get(&link.custom_key_store_id).expect("a key's store exists");
            if store.connection_state != ConnectionState::Connected && k.state != KeyState::PendingDeletion {
                assert!(
                    k.state == KeyState::Unavailable || store.connection_state == ConnectionState::Connecting,
                    "key {} is {} while its store is {}",
                    k.key_id,
                    k.state,
                    store.connection_state
                );
            }
        }
    }
}

fn run(seed: u64, steps: Vec<Step>) {
    let (mut w, cluster, anchor) = start(seed);
    let azs = ["us-east-1a", "us-east-1b", "us-east-1c"];
    let mut store: Option<String> = None;
    let mut keys: Vec<String> = Vec::new();
    let mut blobs: Vec<(String, Bytes, Vec<u8>)> = Vec::new();
    for s in steps {
        match s {
            Step::CreateHsm(az) => {
                hsm_call(
                    &mut w,
                    CloudHsmRequest::CreateHsm(hsm::CreateHsmRequest {
                        cluster_id: cluster.clone(),
                        availability_zone: azs[az].into(),
                        ip_address: None,
                    }),
                );
            }
            Step::DeleteHsm(i) => {
                let id = w.cloudhsm.clusters[&cluster].hsms.get(i).map(|h| h.hsm_id.clone());
                if let Some(id) = id {
                    hsm_call(
                        &mut w,
                        CloudHsmRequest::DeleteHsm(hsm::DeleteHsmRequest {
                            cluster_id: cluster.clone(),
                            hsm_id: Some(id),
                            ..Default::default()
                        }),
                    );
                }
            }
            Step::CreateStore => {
                let r = kms(
                    &mut w,
                    KmsRequest::CreateCustomKeyStore(CreateCustomKeyStoreRequest {
                        custom_key_store_name: "p".into(),
                        cloud_hsm_cluster_id: Some(cluster.clone()),
                        trust_anchor_certificate: Some(anchor.clone()),
                        key_store_password: Some("kmsuser-pw1".into()),
                        custom_key_store_type: None,
                    }),
                );
                if let Ok(KmsResponse::CreateCustomKeyStore(out)) = r {
                    store = Some(out.custom_key_store_id);
                }
            }
            Step::Connect | Step::Disconnect => {
                if let Some(id) = &store {
                    let req = CustomKeyStoreIdRequest { custom_key_store_id: id.clone() };
                    let _ = kms(
                        &mut w,
                        if matches!(s, Step::Connect) {
                            KmsRequest::ConnectCustomKeyStore(req)
                        } else {
                            KmsRequest::DisconnectCustomKeyStore(req)
                        },
                    );
                }
            }
            Step::CreateKey => {
                let r = kms(
                    &mut w,
                    KmsRequest::CreateKey(CreateKeyRequest {
                        origin: Some(Origin::AwsCloudhsm),
                        custom_key_store_id: Some(store.clone().unwrap_or_else(|| "cks-none".into())),
                        ..Default::default()
                    }),
                );
                if let Ok(KmsResponse::CreateKey(out)) = r {
                    keys.push(out.key_metadata.key_id);
                }
            }
            Step::Encrypt(i, data) => {
                let Some(id) = keys.get(i).cloned() else { continue };
                let was_usable = usable(&w, &id);
                let r = kms(
                    &mut w,
                    KmsRequest::Encrypt(EncryptRequest {
                        key_id: id.clone(),
                        plaintext: data.clone().into(),
                        ..Default::default()
                    }),
                );
                assert_eq!(r.is_ok(), was_usable, "Encrypt with {id}: {r:?}");
                if let Ok(KmsResponse::Encrypt(out)) = r {
                    blobs.push((id, out.ciphertext_blob, data));
                }
            }
            Step::Decrypt(i) => {
                let Some((id, blob, data)) = blobs.get(i).cloned() else { continue };
                let was_usable = usable(&w, &id);
                let r =
                    kms(&mut w, KmsRequest::Decrypt(DecryptRequest { ciphertext_blob: blob, ..Default::default() }));
                match r {
                    Ok(KmsResponse::Decrypt(out)) => {
                        assert!(was_usable);
                        assert_eq!(out.plaintext.as_slice(), data.as_slice(), "decrypt(encrypt(x)) == x");
                    }
                    Ok(other) => panic!("{other:?}"),
                    Err(e) => assert!(!was_usable, "Decrypt with usable key {id} failed: {e:?}"),
                }
            }
            Step::Disable(i) | Step::Enable(i) | Step::Schedule(i) | Step::Cancel(i) => {
                let Some(id) = keys.get(i).cloned() else { continue };
                let key = KeyIdRequest { key_id: id.clone() };
                let _ = kms(
                    &mut w,
                    match s {
                        Step::Disable(_) => KmsRequest::DisableKey(key),
                        Step::Enable(_) => KmsRequest::EnableKey(key),
                        Step::Cancel(_) => KmsRequest::CancelKeyDeletion(key),
                        _ => KmsRequest::ScheduleKeyDeletion(ScheduleKeyDeletionRequest {
                            key_id: id,
                            pending_window_in_days: Some(7),
                        }),
                    },
                );
            }
            Step::ClientKey => {
                let _ = run_client(
                    &mut w,
                    Some(&cluster),
                    HsmCommand::Login {
                        username: "kmsuser".into(),
                        role: HsmRole::CryptoUser,
                        password: "kmsuser-pw1".into(),
                    },
                );
                let _ = run_client(
                    &mut w,
                    Some(&cluster),
                    HsmCommand::KeyGenerateAes { label: "app".into(), key_length_bytes: 32 },
                );
            }
            Step::DeleteCluster => {
                hsm_call(
                    &mut w,
                    CloudHsmRequest::DeleteCluster(hsm::DeleteClusterRequest { cluster_id: cluster.clone() }),
                );
            }
            Step::Advance(m) => {
                w.advance(SimDuration::minutes(m));
            }
        }
        check_invariants(&w);
    }
    let restored = World::from_json(&w.to_json()).expect("the World round-trips");
    assert_eq!(restored, w);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn random_cloudhsm_and_key_store_sequences_keep_their_promises(seed in 0u64..1000, steps in proptest::collection::vec(step(), 1..50)) {
        run(seed, steps);
    }
}

#[test]
fn a_full_sequence_reaches_a_usable_key() {
    use Step::*;
    run(
        1,
        vec![
            CreateHsm(1),
            Advance(15),
            CreateStore,
            Connect,
            Advance(10),
            CreateKey,
            Encrypt(0, b"hello".to_vec()),
            Decrypt(0),
            Disconnect,
            Decrypt(0),
            Advance(5),
            Connect,
            Advance(10),
            Decrypt(0),
        ],
    );
}
