//! The record the page follows and what KMS makes of it, computed in a World of the page's own.

use nimbus_sim::services::kms::{CreateAliasRequest, CreateKeyRequest, EncryptRequest, KmsRequest, KmsResponse};
use nimbus_sim::{Bytes, Request, Response, World};

pub const RECORD: &str = "name=Ana Silva; card=4111 1111 1111 1111; exp=09/29";

#[derive(Clone, Debug, PartialEq)]
pub struct Samples {
    pub record: &'static str,
    /// Base64 of the Encrypt answer under the at-rest key.
    pub at_rest: String,
    /// Base64 of the Encrypt answer under the key standing in for a TLS session.
    pub in_transit: String,
    pub key_arn: String,
}

fn kms(world: &mut World, request: KmsRequest) -> Option<KmsResponse> {
    match world.call(Request::Kms(request)) {
        Ok(Response::Kms(out)) => Some(out),
        _ => None,
    }
}

fn new_key(world: &mut World, alias: &str) -> Option<String> {
    let Some(KmsResponse::CreateKey(out)) = kms(world, KmsRequest::CreateKey(CreateKeyRequest::default())) else {
        return None;
    };
    let id = out.key_metadata.key_id;
    kms(world, KmsRequest::CreateAlias(CreateAliasRequest { alias_name: alias.into(), target_key_id: id.clone() }))?;
    Some(out.key_metadata.arn).filter(|_| !id.is_empty())
}

fn encrypt(world: &mut World, key: &str) -> String {
    let request = EncryptRequest { key_id: key.into(), plaintext: Bytes::from(RECORD), ..Default::default() };
    match kms(world, KmsRequest::Encrypt(request)) {
        Some(KmsResponse::Encrypt(out)) => out.ciphertext_blob.to_base64(),
        _ => String::new(),
    }
}

impl Samples {
    pub fn make() -> Samples {
        let mut world = World::new(2026);
        let key_arn = new_key(&mut world, "alias/app-data").unwrap_or_default();
        new_key(&mut world, "alias/tls-session-stand-in");
        let at_rest = encrypt(&mut world, "alias/app-data");
        let in_transit = encrypt(&mut world, "alias/tls-session-stand-in");
        Samples { record: RECORD, at_rest, in_transit, key_arn }
    }

    /// The request as it crosses the wire without TLS.
    pub fn http_request(&self) -> String {
        format!(
            "POST /orders HTTP/1.1\nHost: shop.example.com\nContent-Type: text/plain\nContent-Length: {}\n\n{}",
            self.record.len(),
            self.record
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ciphertext_is_real_and_hides_the_record() {
        let s = Samples::make();
        assert!(s.key_arn.starts_with("arn:aws:kms:us-east-1:"), "{}", s.key_arn);
        for blob in [&s.at_rest, &s.in_transit] {
            let bytes = Bytes::from_base64(blob).expect("base64");
            assert!(bytes.len() > RECORD.len(), "ciphertext carries a header and a tag");
            assert!(!String::from_utf8_lossy(bytes.as_slice()).contains("4111"), "the card number is not readable");
        }
        assert_ne!(s.at_rest, s.in_transit, "two keys, two ciphertexts");
        assert!(s.http_request().contains("card=4111 1111 1111 1111"));
    }

    #[test]
    fn the_at_rest_ciphertext_decrypts_back_with_kms() {
        let mut world = World::new(2026);
        let arn = new_key(&mut world, "alias/app-data").unwrap();
        let blob = encrypt(&mut world, &arn);
        let out = world.call(Request::Kms(KmsRequest::Decrypt(nimbus_sim::services::kms::DecryptRequest {
            ciphertext_blob: Bytes::from_base64(&blob).unwrap(),
            ..Default::default()
        })));
        match out {
            Ok(Response::Kms(KmsResponse::Decrypt(d))) => assert_eq!(d.plaintext.as_text(), Some(RECORD)),
            other => panic!("{other:?}"),
        }
    }
}
