//! The cryptography behind the simulated KMS: real AES-256-GCM, HMAC-SHA-256 and ECDSA P-256,
//! the ciphertext blob format, and the simulated wrapping of imported key material.
//!
//! ## Ciphertext blob (format version 1)
//!
//! Real KMS blobs are opaque; Nimbus Lab's are a small documented format so the UI can show what
//! is inside one. All integers are big-endian.
//!
//! | offset    | size  | field                                                         |
//! |-----------|-------|---------------------------------------------------------------|
//! | 0         | 1     | format version, `0x01`                                        |
//! | 1         | 1     | L, the length of the key id (1–64; 36 for a KMS key id)       |
//! | 2         | L     | key id, ASCII (not the ARN: the blob is valid in its Region)  |
//! | 2+L       | 4     | material version, 1-based (1 = the key's first material)      |
//! | 6+L       | 12    | IV (GCM nonce), drawn from the World's seeded generator       |
//! | 18+L      | n+16  | AES-256-GCM ciphertext of the n plaintext bytes, then the tag |
//!
//! The additional authenticated data is the header (bytes 0..18+L) followed by the encryption
//! context in canonical form (pairs sorted by key; for each pair the key's length as u32, the key,
//! the value's length as u32, the value). So changing the header, the body or the context makes
//! Decrypt fail with InvalidCiphertextException, and a blob encrypted before a rotation names the
//! material version that can still open it.

use aes_gcm::aead::{Aead, Payload};
use aes_gcm::{Aes256Gcm, KeyInit};
use hmac::{Hmac, Mac};
use p256::ecdsa::signature::hazmat::{PrehashSigner, PrehashVerifier};
use p256::ecdsa::{Signature, SigningKey, VerifyingKey};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;

pub const BLOB_VERSION: u8 = 1;
pub const IV_LEN: usize = 12;
pub const TAG_LEN: usize = 16;
const MAX_KEY_ID_LEN: usize = 64;

/// The fields of a ciphertext blob's header.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BlobHeader {
    pub key_id: String,
    pub material_version: u32,
    pub iv: [u8; IV_LEN],
    /// Where the AES-GCM body starts.
    pub body_offset: usize,
}

/// The encryption context as authenticated bytes.
pub fn encode_context(context: Option<&BTreeMap<String, String>>) -> Vec<u8> {
    let mut out = Vec::new();
    for (k, v) in context.into_iter().flatten() {
        out.extend_from_slice(&(k.len() as u32).to_be_bytes());
        out.extend_from_slice(k.as_bytes());
        out.extend_from_slice(&(v.len() as u32).to_be_bytes());
        out.extend_from_slice(v.as_bytes());
    }
    out
}

fn header_bytes(key_id: &str, material_version: u32, iv: &[u8; IV_LEN]) -> Vec<u8> {
    let mut h = Vec::with_capacity(18 + key_id.len());
    h.push(BLOB_VERSION);
    h.push(key_id.len() as u8);
    h.extend_from_slice(key_id.as_bytes());
    h.extend_from_slice(&material_version.to_be_bytes());
    h.extend_from_slice(iv);
    h
}

/// Encrypts `plaintext` under a 32-byte secret into a blob. Fails only if the secret is not 32
/// bytes or the key id cannot be recorded (both are checked by the callers).
pub fn seal(
    key_id: &str,
    material_version: u32,
    secret: &[u8],
    iv: [u8; IV_LEN],
    plaintext: &[u8],
    context: Option<&BTreeMap<String, String>>,
) -> Option<Vec<u8>> {
    if key_id.is_empty() || key_id.len() > MAX_KEY_ID_LEN || !key_id.is_ascii() {
        return None;
    }
    let cipher = Aes256Gcm::new_from_slice(secret).ok()?;
    let mut blob = header_bytes(key_id, material_version, &iv);
    let mut aad = blob.clone();
    aad.extend_from_slice(&encode_context(context));
    let nonce = aes_gcm::Nonce::try_from(&iv[..]).ok()?;
    let body = cipher.encrypt(&nonce, Payload { msg: plaintext, aad: &aad }).ok()?;
    blob.extend_from_slice(&body);
    Some(blob)
}

/// Reads a blob's header; `None` when the bytes are not a Nimbus Lab ciphertext blob.
pub fn parse_header(blob: &[u8]) -> Option<BlobHeader> {
    let (&version, rest) = blob.split_first()?;
    if version != BLOB_VERSION {
        return None;
    }
    let (&len, rest) = rest.split_first()?;
    let len = len as usize;
    if len == 0 || len > MAX_KEY_ID_LEN || rest.len() < len + 4 + IV_LEN + TAG_LEN {
        return None;
    }
    let key_id = std::str::from_utf8(&rest[..len]).ok()?;
    if !key_id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
        return None;
    }
    let material_version = u32::from_be_bytes(rest[len..len + 4].try_into().ok()?);
    if material_version == 0 {
        return None;
    }
    let iv: [u8; IV_LEN] = rest[len + 4..len + 4 + IV_LEN].try_into().ok()?;
    Some(BlobHeader { key_id: key_id.to_string(), material_version, iv, body_offset: 2 + len + 4 + IV_LEN })
}

/// Decrypts a blob whose header was read by [`parse_header`]; `None` when the secret, the
/// context or any byte is wrong.
pub fn open(
    blob: &[u8],
    header: &BlobHeader,
    secret: &[u8],
    context: Option<&BTreeMap<String, String>>,
) -> Option<Vec<u8>> {
    let cipher = Aes256Gcm::new_from_slice(secret).ok()?;
    let mut aad = blob.get(..header.body_offset)?.to_vec();
    aad.extend_from_slice(&encode_context(context));
    let nonce = aes_gcm::Nonce::try_from(&header.iv[..]).ok()?;
    cipher.decrypt(&nonce, Payload { msg: blob.get(header.body_offset..)?, aad: &aad }).ok()
}

/// Envelope encryption outside KMS (what S3 does with a data key): AES-256-GCM of `plaintext`
/// under a 32-byte data key, returned as IV ‖ ciphertext ‖ tag. `None` if the key is not 32 bytes.
pub fn seal_data(data_key: &[u8], iv: [u8; IV_LEN], plaintext: &[u8], aad: &[u8]) -> Option<Vec<u8>> {
    let cipher = Aes256Gcm::new_from_slice(data_key).ok()?;
    let nonce = aes_gcm::Nonce::try_from(&iv[..]).ok()?;
    let body = cipher.encrypt(&nonce, Payload { msg: plaintext, aad }).ok()?;
    let mut out = iv.to_vec();
    out.extend_from_slice(&body);
    Some(out)
}

/// Opens what [`seal_data`] produced; `None` when the key, the AAD or any byte is wrong.
pub fn open_data(data_key: &[u8], sealed: &[u8], aad: &[u8]) -> Option<Vec<u8>> {
    if sealed.len() < IV_LEN + TAG_LEN {
        return None;
    }
    let cipher = Aes256Gcm::new_from_slice(data_key).ok()?;
    let nonce = aes_gcm::Nonce::try_from(&sealed[..IV_LEN]).ok()?;
    cipher.decrypt(&nonce, Payload { msg: &sealed[IV_LEN..], aad }).ok()
}

pub fn sha256(data: &[u8]) -> [u8; 32] {
    Sha256::digest(data).into()
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A material's id: the SHA-256 of the key id and the secret, as 64 hex characters. Importing
/// the same material into the same key gives the same id, which is how reimports are checked.
pub fn material_id(key_id: &str, secret: &[u8]) -> String {
    let mut data = b"nimbus-kms-material:".to_vec();
    data.extend_from_slice(key_id.as_bytes());
    data.push(0);
    data.extend_from_slice(secret);
    hex(&sha256(&data))
}

pub fn hmac_sha256(secret: &[u8], message: &[u8]) -> Vec<u8> {
    match <Hmac<Sha256> as KeyInit>::new_from_slice(secret) {
        Ok(mut mac) => {
            mac.update(message);
            mac.finalize().into_bytes().to_vec()
        }
        // HMAC takes keys of any length, so this arm is never taken.
        Err(_) => Vec::new(),
    }
}

/// Whether 32 bytes make a valid P-256 private scalar (non-zero, below the group order).
pub fn valid_p256_secret(secret: &[u8]) -> bool {
    SigningKey::from_slice(secret).is_ok()
}

/// ECDSA P-256 over a 32-byte SHA-256 digest; the signature is DER-encoded, as KMS returns it.
pub fn ecdsa_sign(secret: &[u8], digest: &[u8]) -> Option<Vec<u8>> {
    let key = SigningKey::from_slice(secret).ok()?;
    let sig: Signature = key.sign_prehash(digest).ok()?;
    Some(sig.to_der().as_bytes().to_vec())
}

pub fn ecdsa_verify(secret: &[u8], digest: &[u8], der_signature: &[u8]) -> bool {
    let Ok(key) = SigningKey::from_slice(secret) else { return false };
    let Ok(sig) = Signature::from_der(der_signature) else { return false };
    VerifyingKey::from(&key).verify_prehash(digest, &sig).is_ok()
}

/// The public key as DER SubjectPublicKeyInfo (id-ecPublicKey, prime256v1, uncompressed point),
/// as GetPublicKey returns it.
pub fn p256_public_key_der(secret: &[u8]) -> Option<Vec<u8>> {
    const SPKI_PREFIX: [u8; 26] = [
        0x30, 0x59, 0x30, 0x13, 0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01, 0x06, 0x08, 0x2a, 0x86, 0x48,
        0xce, 0x3d, 0x03, 0x01, 0x07, 0x03, 0x42, 0x00,
    ];
    let key = SigningKey::from_slice(secret).ok()?;
    let point = VerifyingKey::from(&key).to_sec1_point(false);
    let mut der = SPKI_PREFIX.to_vec();
    der.extend_from_slice(point.as_bytes());
    Some(der)
}

// ----------------------------------------------------------------- simulated import wrapping

/// Marks the public key GetParametersForImport returns as a simulated one.
const WRAPPING_KEY_MAGIC: &[u8] = b"NIMBUS-SIMULATED-WRAPPING-KEY/1:";

/// Builds the simulated wrapping public key: the magic above, the wrapping key spec name, a
/// `:` and 32 random bytes.
pub fn simulated_public_key(spec: &str, random: &[u8; 32]) -> Vec<u8> {
    let mut k = WRAPPING_KEY_MAGIC.to_vec();
    k.extend_from_slice(spec.as_bytes());
    k.push(b':');
    k.extend_from_slice(random);
    k
}

fn wrapping_cipher(public_key: &[u8]) -> Option<Aes256Gcm> {
    let mut data = b"nimbus-kms-import-wrap:".to_vec();
    data.extend_from_slice(public_key);
    Aes256Gcm::new_from_slice(&sha256(&data)).ok()
}

/// Wraps key material for ImportKeyMaterial, the way a learner's `openssl pkeyutl` step would.
///
/// Simulated scheme (not RSA): AES-256-GCM with the key SHA-256("nimbus-kms-import-wrap:" ||
/// public key), an all-zero nonce and no AAD. It keeps what matters for learning (only material
/// wrapped with *this* key pair imports; anything else gives InvalidCiphertextException) without
/// the RSA code, which would add about 98 KB gzip to the app. Unlike RSA, anyone holding the public
/// key could unwrap, so this is no model of the real secrecy.
pub fn simulated_wrap(public_key: &[u8], material: &[u8]) -> Vec<u8> {
    let Some(cipher) = wrapping_cipher(public_key) else { return Vec::new() };
    let nonce = aes_gcm::Nonce::try_from(&[0u8; IV_LEN][..]).expect("12-byte nonce");
    cipher.encrypt(&nonce, Payload { msg: material, aad: &[] }).unwrap_or_default()
}

/// The inverse of [`simulated_wrap`]; `None` when the material was wrapped with another key or
/// is damaged.
pub fn simulated_unwrap(public_key: &[u8], wrapped: &[u8]) -> Option<Vec<u8>> {
    let cipher = wrapping_cipher(public_key)?;
    let nonce = aes_gcm::Nonce::try_from(&[0u8; IV_LEN][..]).ok()?;
    cipher.decrypt(&nonce, Payload { msg: wrapped, aad: &[] }).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const ID: &str = "1234abcd-12ab-44cd-56ef-1234567890ab";

    fn ctx(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn layout_is_as_documented() {
        let blob = seal(ID, 3, &[9u8; 32], [7u8; 12], b"hello", None).unwrap();
        assert_eq!(blob[0], 1);
        assert_eq!(blob[1] as usize, ID.len());
        assert_eq!(&blob[2..38], ID.as_bytes());
        assert_eq!(&blob[38..42], &3u32.to_be_bytes());
        assert_eq!(&blob[42..54], &[7u8; 12]);
        assert_eq!(blob.len(), 54 + 5 + TAG_LEN);
        let h = parse_header(&blob).unwrap();
        assert_eq!((h.key_id.as_str(), h.material_version, h.body_offset), (ID, 3, 54));
    }

    #[test]
    fn context_and_header_are_authenticated() {
        let c = ctx(&[("dept", "finance")]);
        let blob = seal(ID, 1, &[1u8; 32], [2u8; 12], b"secret", Some(&c)).unwrap();
        let h = parse_header(&blob).unwrap();
        assert_eq!(open(&blob, &h, &[1u8; 32], Some(&c)).unwrap(), b"secret");
        assert!(open(&blob, &h, &[1u8; 32], None).is_none());
        assert!(open(&blob, &h, &[1u8; 32], Some(&ctx(&[("dept", "Finance")]))).is_none());
        assert!(open(&blob, &h, &[3u8; 32], Some(&c)).is_none());
        let mut tampered = blob.clone();
        tampered[40] ^= 1; // material version
        let th = parse_header(&tampered).unwrap();
        assert!(open(&tampered, &th, &[1u8; 32], Some(&c)).is_none());
    }

    #[test]
    fn ecdsa_signs_and_verifies_der() {
        let secret = [5u8; 32];
        assert!(valid_p256_secret(&secret));
        assert!(!valid_p256_secret(&[0u8; 32]));
        assert!(!valid_p256_secret(&[0xffu8; 32]));
        let digest = sha256(b"message");
        let sig = ecdsa_sign(&secret, &digest).unwrap();
        assert_eq!(sig[0], 0x30, "DER SEQUENCE");
        assert!(ecdsa_verify(&secret, &digest, &sig));
        assert!(!ecdsa_verify(&secret, &sha256(b"other"), &sig));
        assert!(!ecdsa_verify(&[6u8; 32], &digest, &sig));
        assert_eq!(p256_public_key_der(&secret).unwrap().len(), 91);
    }

    #[test]
    fn hmac_matches_rfc4231_case_2() {
        let mac = hmac_sha256(b"Jefe", b"what do ya want for nothing?");
        assert_eq!(hex(&mac), "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    }

    #[test]
    fn simulated_wrapping_round_trips_only_with_its_key() {
        let pk = simulated_public_key("RSA_2048", &[4u8; 32]);
        let wrapped = simulated_wrap(&pk, &[8u8; 32]);
        assert_eq!(simulated_unwrap(&pk, &wrapped).unwrap(), vec![8u8; 32]);
        let other = simulated_public_key("RSA_2048", &[5u8; 32]);
        assert!(simulated_unwrap(&other, &wrapped).is_none());
    }

    proptest! {
        #[test]
        fn parser_never_panics_and_rejects_garbage(bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
            if let Some(h) = parse_header(&bytes) {
                prop_assert!(h.body_offset + TAG_LEN <= bytes.len());
                prop_assert!(open(&bytes, &h, &[0u8; 32], None).is_none());
            }
        }

        #[test]
        fn seal_open_round_trips(
            plaintext in proptest::collection::vec(any::<u8>(), 1..300),
            secret in proptest::array::uniform32(any::<u8>()),
            iv in proptest::array::uniform12(any::<u8>()),
            version in 1u32..1000,
            pairs in proptest::collection::btree_map("[a-z]{1,5}", "[a-zA-Z0-9]{0,5}", 0..4),
        ) {
            let blob = seal(ID, version, &secret, iv, &plaintext, Some(&pairs)).unwrap();
            let h = parse_header(&blob).unwrap();
            prop_assert_eq!(h.material_version, version);
            prop_assert_eq!(open(&blob, &h, &secret, Some(&pairs)).unwrap(), plaintext);
        }

        #[test]
        fn any_flipped_bit_is_detected(flip in 0usize..(54 + 16 + 16) * 8) {
            let blob = seal(ID, 1, &[1u8; 32], [2u8; 12], &[3u8; 16], None).unwrap();
            let mut bad = blob.clone();
            bad[flip / 8] ^= 1 << (flip % 8);
            let opened = parse_header(&bad).and_then(|h| open(&bad, &h, &[1u8; 32], None));
            prop_assert!(opened.is_none());
        }
    }
}
