//! Share links: a World, a lab (with or without the learner's World) or a demo step, packed into
//! the URL fragment as `#/share/1<data>`, where `<data>` is JSON, deflated, in base64url.
//! Decoding a damaged or foreign link gives a clear error, never a panic.

use base64::Engine;
use nimbus_sim::World;
use serde::{Deserialize, Serialize};

pub const SHARE_PREFIX: &str = "#/share/";
/// The format marker after the prefix; a new format gets a new marker.
const FORMAT_V1: char = '1';
/// The most a link may inflate to (a guard against deflate bombs).
const MAX_INFLATED_BYTES: usize = 20 * 1024 * 1024;
const BASE64: base64::engine::GeneralPurpose = base64::engine::general_purpose::URL_SAFE_NO_PAD;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum SharePayload {
    /// A whole simulated account, as it stands.
    World { world: World },
    /// A lab to start, optionally with the World the sharer reached.
    Lab {
        lab: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        world: Option<World>,
    },
    /// One step of a guided demo (0-based), for a presenter to hand out.
    DemoStep { demo: String, step: usize },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ShareError {
    /// The text has no `#/share/` part.
    NotAShareLink,
    /// The format marker is not one this build knows (a link from a newer Nimbus Lab, or not ours).
    UnknownFormat(String),
    /// Characters that base64url does not use: the link was cut or mangled.
    BadEncoding,
    /// The data does not inflate: the link is damaged.
    Damaged,
    TooLarge,
    /// It inflates, but is not a share this build can read.
    Unreadable(String),
}

impl std::fmt::Display for ShareError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ShareError::NotAShareLink => write!(f, "this is not a Nimbus Lab share link (it has no '#/share/')"),
            ShareError::UnknownFormat(m) => {
                write!(
                    f,
                    "this share link has format '{m}', which this Nimbus Lab cannot read (made by a newer version?)"
                )
            }
            ShareError::BadEncoding => {
                write!(f, "this share link is damaged: it has characters a share link never has")
            }
            ShareError::Damaged => write!(f, "this share link is damaged or cut short: its data does not unpack"),
            ShareError::TooLarge => write!(f, "this share link unpacks to more than Nimbus Lab will load"),
            ShareError::Unreadable(e) => write!(f, "this share link unpacks but cannot be read: {e}"),
        }
    }
}

impl std::error::Error for ShareError {}

/// The fragment for `payload`: `#/share/1…`.
pub fn encode(payload: &SharePayload) -> String {
    let json = serde_json::to_vec(payload).unwrap_or_default();
    let deflated = miniz_oxide::deflate::compress_to_vec(&json, 9);
    format!("{SHARE_PREFIX}{FORMAT_V1}{}", BASE64.encode(deflated))
}

/// Reads a share link: a whole URL or just its fragment.
pub fn decode(link: &str) -> Result<SharePayload, ShareError> {
    let start = link.find(SHARE_PREFIX).ok_or(ShareError::NotAShareLink)?;
    let data = link[start + SHARE_PREFIX.len()..].trim();
    let mut chars = data.chars();
    match chars.next() {
        Some(FORMAT_V1) => {}
        Some(other) => return Err(ShareError::UnknownFormat(other.to_string())),
        None => return Err(ShareError::Damaged),
    }
    let deflated = BASE64.decode(chars.as_str()).map_err(|_| ShareError::BadEncoding)?;
    let json = miniz_oxide::inflate::decompress_to_vec_with_limit(&deflated, MAX_INFLATED_BYTES).map_err(|e| {
        if matches!(e.status, miniz_oxide::inflate::TINFLStatus::HasMoreOutput) {
            ShareError::TooLarge
        } else {
            ShareError::Damaged
        }
    })?;
    let value: serde_json::Value = serde_json::from_slice(&json).map_err(|e| ShareError::Unreadable(e.to_string()))?;
    from_value(value).map_err(|e| ShareError::Unreadable(e.to_string()))
}

/// Reads the payload from parsed JSON field by field rather than through serde's internally
/// tagged enum support, which would buffer the World and compile a second copy of every World
/// deserializer into the app.
fn from_value(mut value: serde_json::Value) -> Result<SharePayload, serde_json::Error> {
    use serde::de::Error;
    let mut take = |key: &str| value.get_mut(key).map(serde_json::Value::take).unwrap_or_default();
    let kind = take("kind");
    match kind.as_str() {
        Some("world") => Ok(SharePayload::World { world: serde_json::from_value(take("world"))? }),
        Some("lab") => Ok(SharePayload::Lab {
            lab: serde_json::from_value(take("lab"))?,
            world: serde_json::from_value(take("world"))?,
        }),
        Some("demo_step") => Ok(SharePayload::DemoStep {
            demo: serde_json::from_value(take("demo"))?,
            step: serde_json::from_value(take("step"))?,
        }),
        Some(other) => {
            Err(Error::custom(format!("unknown variant `{other}`, expected one of `world`, `lab`, `demo_step`")))
        }
        None => Err(Error::missing_field("kind")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_demo_step_link_is_short_and_round_trips() {
        let p = SharePayload::DemoStep { demo: "s3-versioning-keeps-every-write".into(), step: 3 };
        let link = encode(&p);
        assert!(link.starts_with("#/share/1"));
        assert!(link.len() < 120, "{link}");
        assert_eq!(decode(&link), Ok(p.clone()));
        assert_eq!(decode(&format!("https://example.org/nimbus/{link}")), Ok(p));
    }

    #[test]
    fn foreign_and_damaged_links_say_what_is_wrong() {
        assert_eq!(decode("https://example.org/#/s3"), Err(ShareError::NotAShareLink));
        assert_eq!(decode("#/share/9abc"), Err(ShareError::UnknownFormat("9".into())));
        assert_eq!(decode("#/share/"), Err(ShareError::Damaged));
        assert_eq!(decode("#/share/1***"), Err(ShareError::BadEncoding));
        let link = encode(&SharePayload::Lab { lab: "s3-static-website".into(), world: None });
        let cut = &link[..link.len() - 6];
        assert!(matches!(decode(cut), Err(ShareError::Damaged | ShareError::BadEncoding)), "{:?}", decode(cut));
        let not_ours =
            format!("#/share/1{}", BASE64.encode(miniz_oxide::deflate::compress_to_vec(b"{\"kind\":\"x\"}", 9)));
        assert!(matches!(decode(&not_ours), Err(ShareError::Unreadable(_))));
        assert!(ShareError::Damaged.to_string().contains("damaged"));
    }
}
