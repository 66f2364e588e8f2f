//! KMS "predict the outcome" generators: what a key's state allows (enabled, disabled, pending
//! deletion, back from a cancelled deletion), and the 7–30 day deletion window.

use super::lines::{field, LineBuilder};
use super::{build_question, GeneratedQuestion, Template};
use crate::domain::Domain;
use crate::seeded::SeededRng;

const DOC_KEY_STATE: &str = "https://docs.aws.amazon.com/kms/latest/developerguide/key-state.html";
const DOC_DELETING: &str = "https://docs.aws.amazon.com/kms/latest/developerguide/deleting-keys.html";

pub const GENERATORS: &[(&str, super::s3::Generator)] =
    &[("key-state", key_state), ("deletion-window", deletion_window)];

/// Encrypt or Decrypt with a key after one of: nothing, DisableKey, ScheduleKeyDeletion,
/// ScheduleKeyDeletion then CancelKeyDeletion (the key comes back Disabled), or a rotation.
pub fn key_state(seed: u64) -> Result<GeneratedQuestion, String> {
    let mut rng = SeededRng::new(seed);
    let mut b = LineBuilder::new(seed);
    b.file("secret.txt", "the launch date")?;
    let key = field(&b.run("aws kms create-key --description app-secrets")?, "KeyMetadata.KeyId")?;
    let decrypt = rng.below(2) == 1;
    let ciphertext = if decrypt {
        let out = b.run(&format!("aws kms encrypt --key-id {key} --plaintext fileb://secret.txt"))?;
        Some(field(&out, "CiphertextBlob")?)
    } else {
        None
    };
    let story = match rng.below(5) {
        0 => "The key is used as created.",
        1 => {
            b.run(&format!("aws kms disable-key --key-id {key}"))?;
            "Someone disables the key."
        }
        2 => {
            b.run(&format!("aws kms schedule-key-deletion --key-id {key} --pending-window-in-days 7"))?;
            "Someone schedules the key for deletion."
        }
        3 => {
            b.run(&format!("aws kms schedule-key-deletion --key-id {key} --pending-window-in-days 7"))?;
            b.run(&format!("aws kms cancel-key-deletion --key-id {key}"))?;
            "Someone schedules the key for deletion, then cancels it the same day."
        }
        _ => {
            b.run(&format!("aws kms rotate-key-on-demand --key-id {key}"))?;
            "The key's material is rotated."
        }
    };
    let probe = match &ciphertext {
        Some(blob) => format!("aws kms decrypt --key-id {key} --ciphertext-blob {blob}"),
        None => format!("aws kms encrypt --key-id {key} --plaintext fileb://secret.txt"),
    };
    let scenario = b.finish(
        &probe,
        &[
            "Succeeds",
            "Fails with DisabledException",
            "Fails with KMSInvalidStateException",
            "Fails with NotFoundException",
            "Fails with InvalidCiphertextException",
            "Fails with AccessDeniedException",
        ],
    )?;
    let template = Template {
        id: format!("gen-kms-key-state-{seed}"),
        service: "kms",
        domains: vec![Domain::SaaC03Secure, Domain::DvaC02Security],
        intro: format!(
            "A customer managed key {}. {story} secret.txt holds a short text.",
            if decrypt { "encrypted a secret" } else { "protects an application's secrets" }
        ),
        doc: DOC_KEY_STATE,
    };
    build_question(template, scenario, seed)
}

/// ScheduleKeyDeletion with a waiting period that may be outside 7–30 days.
pub fn deletion_window(seed: u64) -> Result<GeneratedQuestion, String> {
    let mut rng = SeededRng::new(seed);
    let days = *rng.pick(&[1u32, 5, 7, 14, 30, 31, 45]).unwrap_or(&7);
    let mut b = LineBuilder::new(seed);
    let key = field(&b.run("aws kms create-key --description old-reports")?, "KeyMetadata.KeyId")?;
    let scenario = b.finish(
        &format!("aws kms schedule-key-deletion --key-id {key} --pending-window-in-days {days}"),
        &[
            "Succeeds",
            "Fails with ValidationException",
            "Fails with KMSInvalidStateException",
            "Fails with DisabledException",
        ],
    )?;
    let template = Template {
        id: format!("gen-kms-deletion-window-{seed}"),
        service: "kms",
        domains: vec![Domain::SaaC03Secure, Domain::ClfC02SecurityCompliance],
        intro: "A team no longer needs a customer managed key and wants it gone soon.".into(),
        doc: DOC_DELETING,
    };
    build_question(template, scenario, seed)
}
