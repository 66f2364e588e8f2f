//! KMS CloudHSM key stores: the cluster requirements of CreateCustomKeyStore, connecting on the
//! clock (CONNECTING → CONNECTED or FAILED with the reason), keys whose material is a key handle in
//! the cluster's HSMs, real encryption with them, Unavailable keys while disconnected, and every
//! connection state × operation cell.

use nimbus_sim::services::cloudhsm::client::{run_client, HsmCommand};
use nimbus_sim::services::cloudhsm::model::HsmRole;
use nimbus_sim::services::cloudhsm::{self as hsm, CloudHsmRequest, CloudHsmResponse};
use nimbus_sim::services::kms::model::{ConnectionState, KeyState, Origin};
use nimbus_sim::services::kms::*;
use nimbus_sim::services::vpc;
use nimbus_sim::{ApiError, Bytes, Request, Response, SimDuration, World};

macro_rules! kms {
    ($w:expr, $Op:ident, $req:expr) => {
        match $w.call(Request::Kms(KmsRequest::$Op($req))) {
            Ok(Response::Kms(KmsResponse::$Op(out))) => Ok(out),
            Ok(other) => panic!("unexpected response {other:?}"),
            Err(e) => Err::<_, ApiError>(e),
        }
    };
}

macro_rules! chsm {
    ($w:expr, $Op:ident, $req:expr) => {
        match $w.call(Request::CloudHsm(CloudHsmRequest::$Op($req))) {
            Ok(Response::CloudHsm(CloudHsmResponse::$Op(out))) => Ok(out),
            Ok(other) => panic!("unexpected response {other:?}"),
            Err(e) => Err::<_, ApiError>(e),
        }
    };
}

const KMSUSER_PW: &str = "kmsuser-pw1";

struct Lab {
    w: World,
    cluster: String,
    anchor: String,
}

fn add_hsm(w: &mut World, cluster: &str, az: &str) {
    chsm!(
        w,
        CreateHsm,
        hsm::CreateHsmRequest { cluster_id: cluster.into(), availability_zone: az.into(), ip_address: None }
    )
    .unwrap();
    w.advance(SimDuration::minutes(11));
}

/// An ACTIVE cluster with `hsms` HSMs (in different AZs) and the crypto user kmsuser.
fn lab(seed: u64, hsms: usize) -> Lab {
    let mut w = World::new(seed);
    let v = vpc::default_vpc(&mut w, "us-east-1").unwrap();
    let subnet_ids = v.subnets.iter().take(3).map(|s| s.subnet_id.clone()).collect();
    let cluster = chsm!(
        w,
        CreateCluster,
        hsm::CreateClusterRequest { hsm_type: "hsm2m.medium".into(), subnet_ids, ..Default::default() }
    )
    .unwrap()
    .cluster
    .cluster_id;
    w.advance(SimDuration::minutes(2));
    add_hsm(&mut w, &cluster, "us-east-1a");
    let csr = w.cloudhsm.clusters[&cluster].certificates.cluster_csr.clone().unwrap();
    let signed = hsm::sign_cluster_csr(&csr, "Corp CA").unwrap();
    chsm!(
        w,
        InitializeCluster,
        hsm::InitializeClusterRequest {
            cluster_id: cluster.clone(),
            signed_cert: signed.signed_cert,
            trust_anchor: signed.trust_anchor.clone()
        }
    )
    .unwrap();
    w.advance(SimDuration::minutes(6));
    let c = Some(cluster.as_str());
    run_client(&mut w, c, HsmCommand::ClusterActivate { password: "admin-pw-1".into() }).unwrap();
    run_client(
        &mut w,
        c,
        HsmCommand::Login { username: "admin".into(), role: HsmRole::Admin, password: "admin-pw-1".into() },
    )
    .unwrap();
    run_client(
        &mut w,
        c,
        HsmCommand::UserCreate { username: "kmsuser".into(), role: HsmRole::CryptoUser, password: KMSUSER_PW.into() },
    )
    .unwrap();
    for az in ["us-east-1b", "us-east-1c"].iter().take(hsms.saturating_sub(1)) {
        add_hsm(&mut w, &cluster, az);
    }
    Lab { w, cluster, anchor: signed.trust_anchor }
}

fn create_store(l: &mut Lab, name: &str) -> Result<String, ApiError> {
    kms!(
        l.w,
        CreateCustomKeyStore,
        CreateCustomKeyStoreRequest {
            custom_key_store_name: name.into(),
            cloud_hsm_cluster_id: Some(l.cluster.clone()),
            trust_anchor_certificate: Some(l.anchor.clone()),
            key_store_password: Some(KMSUSER_PW.into()),
            custom_key_store_type: None,
        }
    )
    .map(|r| r.custom_key_store_id)
}

fn store_state(w: &mut World, id: &str) -> (ConnectionState, Option<String>) {
    let out = kms!(
        w,
        DescribeCustomKeyStores,
        DescribeCustomKeyStoresRequest { custom_key_store_id: Some(id.into()), ..Default::default() }
    )
    .unwrap();
    let s = &out.custom_key_stores[0];
    (s.connection_state, s.connection_error_code.clone())
}

fn connect(w: &mut World, id: &str) {
    kms!(w, ConnectCustomKeyStore, CustomKeyStoreIdRequest { custom_key_store_id: id.into() }).unwrap();
    assert_eq!(store_state(w, id).0, ConnectionState::Connecting);
    w.advance(SimDuration::minutes(6));
}

fn hsm_key(w: &mut World, store: &str) -> Result<KeyMetadata, ApiError> {
    kms!(
        w,
        CreateKey,
        CreateKeyRequest {
            origin: Some(Origin::AwsCloudhsm),
            custom_key_store_id: Some(store.into()),
            ..Default::default()
        }
    )
    .map(|r| r.key_metadata)
}

fn encrypt(w: &mut World, key: &str, text: &str) -> Result<EncryptResponse, ApiError> {
    kms!(w, Encrypt, EncryptRequest { key_id: key.into(), plaintext: Bytes::from(text), ..Default::default() })
}

fn decrypt(w: &mut World, blob: Bytes) -> Result<DecryptResponse, ApiError> {
    kms!(w, Decrypt, DecryptRequest { ciphertext_blob: blob, ..Default::default() })
}

#[test]
fn a_store_needs_two_active_hsms_in_different_azs() {
    let mut l = lab(1, 1);
    let e = create_store(&mut l, "vault").unwrap_err();
    assert_eq!(e.code, "CloudHsmClusterInvalidConfigurationException");
    assert!(l.w.trail().last().unwrap().why.contains("different Availability Zones"));
    let cluster = l.cluster.clone();
    add_hsm(&mut l.w, &cluster, "us-east-1b");
    let id = create_store(&mut l, "vault").unwrap();
    assert!(id.starts_with("cks-"));
    assert_eq!(store_state(&mut l.w, &id), (ConnectionState::Disconnected, None));
    // The same request again returns the same disconnected store; another name on the same
    // cluster is refused; the same name is refused.
    assert_eq!(create_store(&mut l, "vault").unwrap(), id);
    assert_eq!(create_store(&mut l, "vault2").unwrap_err().code, "CloudHsmClusterInUseException");
    let e = kms!(
        l.w,
        CreateCustomKeyStore,
        CreateCustomKeyStoreRequest {
            custom_key_store_name: "vault".into(),
            cloud_hsm_cluster_id: Some("cluster-abcdefghijk".into()),
            trust_anchor_certificate: Some("x".into()),
            key_store_password: Some("12345678".into()),
            custom_key_store_type: None,
        }
    )
    .unwrap_err();
    assert_eq!(e.code, "CustomKeyStoreNameInUseException");
}

#[test]
fn create_store_errors() {
    let mut l = lab(2, 2);
    let mut req = CreateCustomKeyStoreRequest {
        custom_key_store_name: "s".into(),
        cloud_hsm_cluster_id: Some("cluster-abcdefghijk".into()),
        trust_anchor_certificate: Some(l.anchor.clone()),
        key_store_password: Some(KMSUSER_PW.into()),
        custom_key_store_type: None,
    };
    assert_eq!(kms!(l.w, CreateCustomKeyStore, req.clone()).unwrap_err().code, "CloudHsmClusterNotFoundException");
    req.cloud_hsm_cluster_id = Some(l.cluster.clone());
    req.trust_anchor_certificate = Some("-----BEGIN CERTIFICATE-----\nQUJD\n-----END CERTIFICATE-----".into());
    assert_eq!(kms!(l.w, CreateCustomKeyStore, req.clone()).unwrap_err().code, "IncorrectTrustAnchorException");
    req.key_store_password = Some("short".into());
    assert_eq!(kms!(l.w, CreateCustomKeyStore, req.clone()).unwrap_err().code, "ValidationException");
    req.custom_key_store_type = Some(model::CustomKeyStoreType::ExternalKeyStore);
    assert_eq!(kms!(l.w, CreateCustomKeyStore, req.clone()).unwrap_err().code, "UnsupportedOperationException");
    // A cluster that is not activated is not ACTIVE.
    let mut w = World::new(3);
    let v = vpc::default_vpc(&mut w, "us-east-1").unwrap();
    let cluster = chsm!(
        w,
        CreateCluster,
        hsm::CreateClusterRequest {
            hsm_type: "hsm1.medium".into(),
            subnet_ids: vec![v.subnets[0].subnet_id.clone()],
            ..Default::default()
        }
    )
    .unwrap()
    .cluster
    .cluster_id;
    let e = kms!(
        w,
        CreateCustomKeyStore,
        CreateCustomKeyStoreRequest {
            custom_key_store_name: "s".into(),
            cloud_hsm_cluster_id: Some(cluster),
            trust_anchor_certificate: Some("x".into()),
            key_store_password: Some(KMSUSER_PW.into()),
            custom_key_store_type: None,
        }
    )
    .unwrap_err();
    assert_eq!(e.code, "CloudHsmClusterNotActiveException");
}

#[test]
fn keys_in_a_connected_store_live_in_the_hsms_and_encrypt_for_real() {
    let mut l = lab(4, 2);
    let store = create_store(&mut l, "vault").unwrap();
    // Not connected: CreateKey and GenerateRandom are refused.
    assert_eq!(hsm_key(&mut l.w, &store).unwrap_err().code, "CustomKeyStoreInvalidStateException");
    let e = kms!(
        l.w,
        GenerateRandom,
        GenerateRandomRequest { number_of_bytes: Some(8), custom_key_store_id: Some(store.clone()) }
    )
    .unwrap_err();
    assert_eq!(e.code, "CustomKeyStoreInvalidStateException");
    connect(&mut l.w, &store);
    assert_eq!(store_state(&mut l.w, &store).0, ConnectionState::Connected);
    kms!(
        l.w,
        GenerateRandom,
        GenerateRandomRequest { number_of_bytes: Some(8), custom_key_store_id: Some(store.clone()) }
    )
    .unwrap();

    let key = hsm_key(&mut l.w, &store).unwrap();
    assert_eq!((key.origin, key.key_state), (Origin::AwsCloudhsm, KeyState::Enabled));
    assert_eq!(key.custom_key_store_id.as_deref(), Some(store.as_str()));
    assert_eq!(key.cloud_hsm_cluster_id.as_deref(), Some(l.cluster.as_str()));
    // The material is a key handle owned by kmsuser on every HSM, labelled with the key id.
    let c = &l.w.cloudhsm.clusters[&l.cluster];
    for h in c.active_hsms() {
        let k = h.contents.as_ref().unwrap().keys.iter().find(|k| k.label == key.key_id).expect("on every HSM");
        assert_eq!(k.owner, "kmsuser");
    }
    let blob = encrypt(&mut l.w, &key.key_id, "top secret").unwrap().ciphertext_blob;
    assert_eq!(decrypt(&mut l.w, blob.clone()).unwrap().plaintext, Bytes::from("top secret"));
    // Only symmetric keys; and rotation does not apply to keys in a custom key store.
    let e = kms!(
        l.w,
        CreateKey,
        CreateKeyRequest {
            origin: Some(Origin::AwsCloudhsm),
            custom_key_store_id: Some(store.clone()),
            key_spec: Some(model::KeySpec::Hmac256),
            key_usage: Some(model::KeyUsage::GenerateVerifyMac),
            ..Default::default()
        }
    )
    .unwrap_err();
    assert_eq!(e.code, "UnsupportedOperationException");
    let e = kms!(l.w, EnableKeyRotation, EnableKeyRotationRequest { key_id: key.key_id.clone(), ..Default::default() })
        .unwrap_err();
    assert_eq!(e.code, "UnsupportedOperationException");
    let e =
        kms!(l.w, CreateKey, CreateKeyRequest { origin: Some(Origin::AwsCloudhsm), ..Default::default() }).unwrap_err();
    assert_eq!(e.code, "ValidationException");
    let e = kms!(l.w, CreateKey, CreateKeyRequest { custom_key_store_id: Some(store.clone()), ..Default::default() })
        .unwrap_err();
    assert_eq!(e.code, "ValidationException");

    // Disconnected: the key is Unavailable; crypto fails; management works; reconnecting restores it.
    kms!(l.w, DisconnectCustomKeyStore, CustomKeyStoreIdRequest { custom_key_store_id: store.clone() }).unwrap();
    assert_eq!(store_state(&mut l.w, &store).0, ConnectionState::Disconnecting);
    let e = encrypt(&mut l.w, &key.key_id, "x").unwrap_err();
    assert_eq!(e.code, "KMSInvalidStateException");
    assert_eq!(e.message, format!("{} is unavailable.", key.arn));
    assert_eq!(decrypt(&mut l.w, blob.clone()).unwrap_err().code, "KMSInvalidStateException");
    l.w.advance(SimDuration::minutes(2));
    assert_eq!(store_state(&mut l.w, &store).0, ConnectionState::Disconnected);
    kms!(l.w, DisableKey, KeyIdRequest { key_id: key.key_id.clone() }).unwrap();
    let meta = kms!(l.w, DescribeKey, DescribeKeyRequest { key_id: key.key_id.clone(), ..Default::default() })
        .unwrap()
        .key_metadata;
    assert_eq!(meta.key_state, KeyState::Unavailable, "DisableKey succeeds but the state changes only when available");
    connect(&mut l.w, &store);
    let meta = kms!(l.w, DescribeKey, DescribeKeyRequest { key_id: key.key_id.clone(), ..Default::default() })
        .unwrap()
        .key_metadata;
    assert_eq!(meta.key_state, KeyState::Disabled);
    kms!(l.w, EnableKey, KeyIdRequest { key_id: key.key_id.clone() }).unwrap();
    assert_eq!(decrypt(&mut l.w, blob).unwrap().plaintext, Bytes::from("top secret"));
}

#[test]
fn connecting_fails_without_kmsuser_or_with_a_wrong_password() {
    let mut l = lab(5, 2);
    let store = kms!(
        l.w,
        CreateCustomKeyStore,
        CreateCustomKeyStoreRequest {
            custom_key_store_name: "wrong".into(),
            cloud_hsm_cluster_id: Some(l.cluster.clone()),
            trust_anchor_certificate: Some(l.anchor.clone()),
            key_store_password: Some("not-the-password".into()),
            custom_key_store_type: None,
        }
    )
    .unwrap()
    .custom_key_store_id;
    connect(&mut l.w, &store);
    assert_eq!(store_state(&mut l.w, &store), (ConnectionState::Failed, Some("INVALID_CREDENTIALS".into())));
    assert!(l
        .w
        .trail()
        .events()
        .iter()
        .any(|e| e.operation == "ConnectCustomKeyStore" && e.why.contains("INVALID_CREDENTIALS")));
    // FAILED: connect is refused; disconnect, fix the password, connect.
    let e =
        kms!(l.w, ConnectCustomKeyStore, CustomKeyStoreIdRequest { custom_key_store_id: store.clone() }).unwrap_err();
    assert_eq!(e.code, "CustomKeyStoreInvalidStateException");
    let e = kms!(
        l.w,
        UpdateCustomKeyStore,
        UpdateCustomKeyStoreRequest {
            custom_key_store_id: store.clone(),
            key_store_password: Some(KMSUSER_PW.into()),
            ..Default::default()
        }
    )
    .unwrap_err();
    assert_eq!(e.code, "CustomKeyStoreInvalidStateException");
    kms!(l.w, DisconnectCustomKeyStore, CustomKeyStoreIdRequest { custom_key_store_id: store.clone() }).unwrap();
    l.w.advance(SimDuration::minutes(2));
    kms!(
        l.w,
        UpdateCustomKeyStore,
        UpdateCustomKeyStoreRequest {
            custom_key_store_id: store.clone(),
            key_store_password: Some(KMSUSER_PW.into()),
            ..Default::default()
        }
    )
    .unwrap();
    connect(&mut l.w, &store);
    assert_eq!(store_state(&mut l.w, &store).0, ConnectionState::Connected);
    // Renaming is allowed while connected; other changes are not.
    kms!(
        l.w,
        UpdateCustomKeyStore,
        UpdateCustomKeyStoreRequest {
            custom_key_store_id: store.clone(),
            new_custom_key_store_name: Some("right".into()),
            ..Default::default()
        }
    )
    .unwrap();
    let other = lab(6, 2).cluster;
    let e = kms!(
        l.w,
        UpdateCustomKeyStore,
        UpdateCustomKeyStoreRequest {
            custom_key_store_id: store.clone(),
            cloud_hsm_cluster_id: Some(other),
            ..Default::default()
        }
    )
    .unwrap_err();
    assert_eq!(e.code, "CustomKeyStoreInvalidStateException");

    // Without kmsuser the connection fails with USER_NOT_FOUND.
    let mut l2 = lab(7, 2);
    let c = Some(l2.cluster.clone());
    run_client(
        &mut l2.w,
        c.as_deref(),
        HsmCommand::UserDelete { username: "kmsuser".into(), role: HsmRole::CryptoUser },
    )
    .unwrap();
    let s2 = create_store(&mut l2, "s2").unwrap();
    connect(&mut l2.w, &s2);
    assert_eq!(store_state(&mut l2.w, &s2), (ConnectionState::Failed, Some("USER_NOT_FOUND".into())));
}

#[test]
fn connection_state_by_operation_table() {
    use ConnectionState as S;
    // (state, Connect ok?, Disconnect ok?, Delete ok?, Update password ok?)
    let table = [
        (S::Disconnected, true, false, true, true),
        (S::Connecting, true, true, false, false),
        (S::Connected, true, true, false, false),
        (S::Disconnecting, false, false, false, false),
        (S::Failed, false, true, false, false),
    ];
    for (i, (state, connect_ok, disconnect_ok, delete_ok, update_ok)) in table.into_iter().enumerate() {
        for op in 0..4 {
            let mut l = lab(100 + i as u64 * 4 + op, 2);
            let store = create_store(&mut l, "t").unwrap();
            l.w.kms.custom_key_stores.get_mut(&store).unwrap().connection_state = state;
            let req = CustomKeyStoreIdRequest { custom_key_store_id: store.clone() };
            let (result, expected) = match op {
                0 => (kms!(l.w, ConnectCustomKeyStore, req).map(|_| ()), connect_ok),
                1 => (kms!(l.w, DisconnectCustomKeyStore, req).map(|_| ()), disconnect_ok),
                2 => (kms!(l.w, DeleteCustomKeyStore, req).map(|_| ()), delete_ok),
                _ => (
                    kms!(
                        l.w,
                        UpdateCustomKeyStore,
                        UpdateCustomKeyStoreRequest {
                            custom_key_store_id: store.clone(),
                            key_store_password: Some("another-pw".into()),
                            ..Default::default()
                        }
                    )
                    .map(|_| ()),
                    update_ok,
                ),
            };
            match (result, expected) {
                (Ok(()), true) => {}
                (Err(e), false) => assert_eq!(e.code, "CustomKeyStoreInvalidStateException", "{state} op {op}"),
                (r, _) => panic!("{state} op {op}: {r:?}"),
            }
        }
    }
}

#[test]
fn a_store_with_keys_cannot_be_deleted_and_its_cluster_neither() {
    let mut l = lab(8, 2);
    let store = create_store(&mut l, "vault").unwrap();
    connect(&mut l.w, &store);
    let key = hsm_key(&mut l.w, &store).unwrap();
    let e = chsm!(l.w, DeleteCluster, hsm::DeleteClusterRequest { cluster_id: l.cluster.clone() }).unwrap_err();
    assert_eq!(e.code, "CloudHsmInvalidRequestException");
    kms!(l.w, DisconnectCustomKeyStore, CustomKeyStoreIdRequest { custom_key_store_id: store.clone() }).unwrap();
    l.w.advance(SimDuration::minutes(2));
    let e =
        kms!(l.w, DeleteCustomKeyStore, CustomKeyStoreIdRequest { custom_key_store_id: store.clone() }).unwrap_err();
    assert_eq!(e.code, "CustomKeyStoreHasCMKsException");
    // A key pending deletion stays pending deletion across reconnects, and its deletion removes
    // the key handle from the cluster when the store is connected.
    kms!(
        l.w,
        ScheduleKeyDeletion,
        ScheduleKeyDeletionRequest { key_id: key.key_id.clone(), pending_window_in_days: Some(7) }
    )
    .unwrap();
    connect(&mut l.w, &store);
    let meta = kms!(l.w, DescribeKey, DescribeKeyRequest { key_id: key.key_id.clone(), ..Default::default() })
        .unwrap()
        .key_metadata;
    assert_eq!(meta.key_state, KeyState::PendingDeletion);
    l.w.advance(SimDuration::days(8));
    assert!(l.w.cloudhsm.clusters[&l.cluster].contents().unwrap().keys.iter().all(|k| k.label != key.key_id));
    kms!(l.w, DisconnectCustomKeyStore, CustomKeyStoreIdRequest { custom_key_store_id: store.clone() }).unwrap();
    l.w.advance(SimDuration::minutes(2));
    kms!(l.w, DeleteCustomKeyStore, CustomKeyStoreIdRequest { custom_key_store_id: store.clone() }).unwrap();
    let e = kms!(
        l.w,
        DescribeCustomKeyStores,
        DescribeCustomKeyStoresRequest { custom_key_store_id: Some(store), ..Default::default() }
    )
    .unwrap_err();
    assert_eq!(e.code, "CustomKeyStoreNotFoundException");
}

#[test]
fn a_key_whose_handle_left_the_cluster_cannot_encrypt() {
    let mut l = lab(9, 2);
    let store = create_store(&mut l, "vault").unwrap();
    connect(&mut l.w, &store);
    let key = hsm_key(&mut l.w, &store).unwrap();
    // Every HSM deleted: the material is in no ACTIVE HSM.
    let ids: Vec<String> = l.w.cloudhsm.clusters[&l.cluster].hsms.iter().map(|h| h.hsm_id.clone()).collect();
    for id in ids {
        chsm!(
            l.w,
            DeleteHsm,
            hsm::DeleteHsmRequest { cluster_id: l.cluster.clone(), hsm_id: Some(id), ..Default::default() }
        )
        .unwrap();
    }
    let e = encrypt(&mut l.w, &key.key_id, "x").unwrap_err();
    assert_eq!(e.code, "KMSInvalidStateException");
    // A new HSM is restored from the backup taken when the last one was removed: the key works again.
    let cluster = l.cluster.clone();
    add_hsm(&mut l.w, &cluster, "us-east-1a");
    assert!(encrypt(&mut l.w, &key.key_id, "x").is_ok());
}
