use super::model::*;
use super::ops::*;

#[test]
fn mode_rules_and_ids() {
    assert!(HsmType::Hsm1Medium.allows(ClusterMode::Fips));
    assert!(!HsmType::Hsm1Medium.allows(ClusterMode::NonFips));
    assert!(HsmType::Hsm2mMedium.allows(ClusterMode::NonFips));
    assert!(valid_id("cluster-abcdefgh234", "cluster-"));
    assert!(!valid_id("cluster-abc", "cluster-"));
    assert!(!valid_id("cluster-abcdefgh0189", "cluster-"));
}

#[test]
fn csr_signing_round_trip() {
    let csr = pem("CERTIFICATE REQUEST", "Nimbus Lab simulated CSR\nsubject=cluster-abcdefghijk\n");
    let signed = sign_cluster_csr(&csr, "MyCA").unwrap();
    let cert = read_pem("CERTIFICATE", &signed.signed_cert).unwrap();
    assert!(cert.contains("issuer=MyCA") && cert.contains("subject=cluster-abcdefghijk"));
    assert!(sign_cluster_csr("not a csr", "MyCA").is_none());
}
