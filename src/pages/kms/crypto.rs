//! Encrypt and decrypt with the selected key: plaintext in, base64 ciphertext out, and back,
//! with an optional encryption context. A refusal shows KMS's error code and message here.

use super::kms;
use crate::app::use_store;
use crate::components::cli_line::CliLine;
use crate::store::{Action, CallRecord};
use nimbus_sim::services::kms::{DecryptRequest, EncryptRequest, EncryptionContext, KmsRequest, KmsResponse};
use nimbus_sim::{Bytes, Request, Response};
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

/// `purpose=test, team=blue` (or one pair a line) → the context map; `None` when empty.
pub fn parse_context(text: &str) -> Result<Option<EncryptionContext>, String> {
    let mut map = EncryptionContext::new();
    for pair in text.split([',', '\n']).map(str::trim).filter(|p| !p.is_empty()) {
        let Some((k, v)) = pair.split_once('=') else {
            return Err(format!("'{pair}' is not key=value"));
        };
        map.insert(k.trim().to_string(), v.trim().to_string());
    }
    Ok((!map.is_empty()).then_some(map))
}

/// What the last Encrypt or Decrypt call on this key gave, for the panel to show.
#[derive(Clone, Debug, PartialEq)]
pub enum CryptoResult {
    Ciphertext(String),
    Plaintext(String),
    Error { operation: &'static str, code: String, message: String },
}

/// Reads the store's last call: an Encrypt or Decrypt naming `key_id` (or, for Decrypt, whose
/// answer says it was this key).
pub fn last_result(call: &CallRecord, key_id: &str) -> Option<CryptoResult> {
    let names_key = |id: &str| id == key_id || id.ends_with(&format!("/{key_id}"));
    match (&call.request, &call.result) {
        (Request::Kms(KmsRequest::Encrypt(req)), result) if names_key(&req.key_id) => Some(match result {
            Ok(Response::Kms(KmsResponse::Encrypt(out))) => CryptoResult::Ciphertext(out.ciphertext_blob.to_base64()),
            Err(e) => CryptoResult::Error { operation: "Encrypt", code: e.code.clone(), message: e.message.clone() },
            Ok(_) => return None,
        }),
        (Request::Kms(KmsRequest::Decrypt(req)), Ok(Response::Kms(KmsResponse::Decrypt(out)))) => {
            let ours = names_key(&out.key_id) || req.key_id.as_deref().is_some_and(names_key);
            ours.then(|| CryptoResult::Plaintext(String::from_utf8_lossy(out.plaintext.as_slice()).into_owned()))
        }
        (Request::Kms(KmsRequest::Decrypt(_)), Err(e)) => {
            Some(CryptoResult::Error { operation: "Decrypt", code: e.code.clone(), message: e.message.clone() })
        }
        _ => None,
    }
}

fn text_of(r: &NodeRef) -> String {
    r.cast::<HtmlTextAreaElement>().map(|t| t.value()).unwrap_or_default()
}

#[derive(Properties, PartialEq)]
pub struct CryptoPanelProps {
    pub key_id: String,
}

#[component]
pub fn CryptoPanel(props: &CryptoPanelProps) -> Html {
    let store = use_store();
    let plaintext_ref = use_node_ref();
    let context_ref = use_node_ref();
    let ciphertext_ref = use_node_ref();
    let problem = use_state(|| None::<String>);
    let result = store.last_call.as_ref().and_then(|c| last_result(c, &props.key_id));
    // The decrypt box starts with the newest ciphertext, so Encrypt then Decrypt round-trips.
    let latest_cipher = use_state(String::new);
    {
        let latest_cipher = latest_cipher.clone();
        let fresh = match &result {
            Some(CryptoResult::Ciphertext(c)) => Some(c.clone()),
            _ => None,
        };
        use_effect_with(fresh, move |fresh| {
            if let Some(c) = fresh {
                latest_cipher.set(c.clone());
            }
        });
    }
    let context = {
        let (context_ref, problem) = (context_ref.clone(), problem.clone());
        move || match parse_context(&text_of(&context_ref)) {
            Ok(c) => {
                problem.set(None);
                Some(c)
            }
            Err(e) => {
                problem.set(Some(format!("Encryption context: {e}.")));
                None
            }
        }
    };
    let encrypt = {
        let (store, key_id, plaintext_ref, context) =
            (store.clone(), props.key_id.clone(), plaintext_ref.clone(), context.clone());
        Callback::from(move |_| {
            let Some(encryption_context) = context() else { return };
            let request = EncryptRequest {
                key_id: key_id.clone(),
                plaintext: Bytes(text_of(&plaintext_ref).into_bytes()),
                encryption_context,
                ..Default::default()
            };
            store.dispatch(Action::Call(kms(KmsRequest::Encrypt(request))));
        })
    };
    let decrypt = {
        let (store, key_id, ciphertext_ref, problem) =
            (store.clone(), props.key_id.clone(), ciphertext_ref.clone(), problem.clone());
        Callback::from(move |_| {
            let Some(encryption_context) = context() else { return };
            let blob = match Bytes::from_base64(text_of(&ciphertext_ref).trim()) {
                Ok(b) => b,
                Err(_) => {
                    problem.set(Some("Ciphertext: paste the base64 text that Encrypt gave.".into()));
                    return;
                }
            };
            let request = DecryptRequest {
                ciphertext_blob: blob,
                encryption_context,
                key_id: Some(key_id.clone()),
                ..Default::default()
            };
            store.dispatch(Action::Call(kms(KmsRequest::Decrypt(request))));
        })
    };
    html! {
        <section class="setting crypto-panel" aria-labelledby="crypto-heading">
            <h4 id="crypto-heading">{ "Encrypt and decrypt" }</h4>
            <div class="crypto-grid">
                <div class="field">
                    <label for="crypto-plaintext">{ "Plaintext (up to 4,096 bytes)" }</label>
                    <textarea id="crypto-plaintext" rows="3" ref={plaintext_ref} value="card 4111 1111 1111 1111" />
                </div>
                <div class="field">
                    <label for="crypto-context">{ "Encryption context (key=value, comma-separated; optional)" }</label>
                    <textarea id="crypto-context" rows="3" ref={context_ref} aria-describedby="crypto-context-help" />
                    <p class="help" id="crypto-context-help">
                        { "Decrypt must give exactly the same context, or KMS answers InvalidCiphertextException." }
                    </p>
                </div>
            </div>
            <div class="button-row">
                <button type="button" class="primary" onclick={encrypt}>{ "Encrypt" }</button>
            </div>
            <div class="field">
                <label for="crypto-ciphertext">{ "Ciphertext (base64)" }</label>
                <textarea id="crypto-ciphertext" class="mono" rows="4" ref={ciphertext_ref}
                          value={(*latest_cipher).clone()} spellcheck="false" />
            </div>
            <div class="button-row">
                <button type="button" onclick={decrypt}>{ "Decrypt" }</button>
            </div>
            <div class="crypto-result" aria-live="polite">
                if let Some(p) = &*problem {
                    <p class="call-error">{ p.clone() }</p>
                }
                { match &result {
                    Some(CryptoResult::Ciphertext(c)) => html! {
                        <p>{ format!("Encrypted: {} bytes of ciphertext (key id, material version, nonce and AES-GCM tag inside).",
                                     Bytes::from_base64(c).map(|b| b.len()).unwrap_or(0)) }</p>
                    },
                    Some(CryptoResult::Plaintext(p)) => html! {
                        <p>{ "Decrypted plaintext: " }<code class="plaintext-out">{ p.clone() }</code></p>
                    },
                    Some(CryptoResult::Error { operation, code, message }) => html! {
                        <p class="call-error"><strong>{ format!("{operation} failed: {code}") }</strong>{ format!(" — {message}") }</p>
                    },
                    None => html! {},
                } }
            </div>
            <CliLine operations={&["Encrypt", "Decrypt"][..]} />
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn context_pairs_parse_and_bad_ones_say_why() {
        let c = parse_context("purpose=test, team = blue").unwrap().unwrap();
        assert_eq!(c.get("purpose").map(String::as_str), Some("test"));
        assert_eq!(c.get("team").map(String::as_str), Some("blue"));
        assert_eq!(parse_context("  ").unwrap(), None);
        assert_eq!(parse_context("oops").unwrap_err(), "'oops' is not key=value");
    }
}
