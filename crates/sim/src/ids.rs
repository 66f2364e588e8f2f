//! AWS-shaped identifiers and ARNs, drawn from the World's seeded generator so that the same
//! seed always gives the same ids.

use rand::{Rng, RngExt};

const UPPER_ALNUM: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
const LOWER_ALNUM: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";
const HEX: &[u8] = b"0123456789abcdef";

fn pick<R: Rng + ?Sized>(rng: &mut R, alphabet: &[u8], len: usize) -> String {
    (0..len).map(|_| alphabet[rng.random_range(0..alphabet.len())] as char).collect()
}

/// `1234abcd-12ab-34cd-56ef-1234567890ab`: KMS key ids, request ids.
pub fn uuid<R: Rng + ?Sized>(rng: &mut R) -> String {
    let h = pick(rng, HEX, 32);
    format!("{}-{}-4{}-{}-{}", &h[0..8], &h[8..12], &h[13..16], &h[16..20], &h[20..32])
}

/// Lower-case hex, e.g. EC2's `i-0abc…` suffixes and ETags.
pub fn hex<R: Rng + ?Sized>(rng: &mut R, len: usize) -> String {
    pick(rng, HEX, len)
}

/// Upper-case letters and digits, e.g. Route 53 hosted zone ids (`Z` + 13–21 characters).
pub fn upper_alnum<R: Rng + ?Sized>(rng: &mut R, len: usize) -> String {
    pick(rng, UPPER_ALNUM, len)
}

/// Lower-case letters and digits, e.g. CloudFront domain names.
pub fn lower_alnum<R: Rng + ?Sized>(rng: &mut R, len: usize) -> String {
    pick(rng, LOWER_ALNUM, len)
}

/// Lower-case RFC 4648 base32 letters (`a-z`, `2-7`): CloudHSM cluster, HSM and backup ids.
pub fn base32_lower<R: Rng + ?Sized>(rng: &mut R, len: usize) -> String {
    pick(rng, b"abcdefghijklmnopqrstuvwxyz234567", len)
}

/// S3 object version ids are 32 URL-safe characters.
pub fn version_id<R: Rng + ?Sized>(rng: &mut R) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._";
    pick(rng, ALPHABET, 32)
}

/// `arn:aws:<service>:<region>:<account>:<resource>`; region and account may be empty, as for S3.
pub fn arn(service: &str, region: &str, account: &str, resource: &str) -> String {
    format!("arn:aws:{service}:{region}:{account}:{resource}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn ids_have_aws_shapes_and_repeat_for_a_seed() {
        let mut a = rand::rngs::ChaCha8Rng::seed_from_u64(7);
        let mut b = rand::rngs::ChaCha8Rng::seed_from_u64(7);
        let id = uuid(&mut a);
        assert_eq!(id, uuid(&mut b));
        assert_eq!(id.len(), 36);
        assert_eq!(id.matches('-').count(), 4);
        assert_eq!(&id[14..15], "4");
        assert!(upper_alnum(&mut a, 14).chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit()));
        assert_eq!(arn("s3", "", "", "my-bucket"), "arn:aws:s3:::my-bucket");
    }
}
