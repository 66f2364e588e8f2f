//! An operation's `--param value` words -> its input as JSON, guided by the input's shape (found
//! by [`super::shape`]): scalars take one word, lists take every word up to the next option,
//! structures and maps take shorthand (`Key=Value,...`) or JSON, booleans are flags
//! (`--fetch-owner`, `--no-fetch-owner`), `file://path` reads a text file and `fileb://path` a
//! binary one, and a streaming blob (`--body`) names a file, as in the AWS CLI.

use super::fs::FileSystem;
use super::names::{kebab, same_name};
use super::shape::Shape;
use super::shorthand;
use crate::bytes::Bytes;
use serde_json::{Map, Value};

/// The member the AWS CLI streams from/to a file instead of taking inline.
pub const STREAMING_FIELD: &str = "Body";

/// What the words of an operation gave.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct OperationArgs {
    /// Field name (as the API spells it) -> value.
    pub input: Map<String, Value>,
    /// Words that belong to no option (get-object's outfile).
    pub positionals: Vec<String>,
    /// Options that name no parameter.
    pub unknown: Vec<String>,
}

/// Splits `--name=value` into its two halves.
fn split_option(word: &str) -> (&str, Option<&str>) {
    match word.split_once('=') {
        Some((name, value)) => (name, Some(value)),
        None => (word, None),
    }
}

fn is_option(word: &str) -> bool {
    word.starts_with("--") && word.len() > 2
}

/// The field an option names: `--create-bucket-configuration`, `--content-md5`.
pub fn find_field<'s>(shape: &'s Shape, option: &str) -> Option<(&'s str, &'s Shape)> {
    let name = option.trim_start_matches("--");
    let fields = shape.fields();
    fields
        .iter()
        .find(|(f, _)| kebab(f) == name)
        .or_else(|| fields.iter().find(|(f, _)| same_name(f, name)))
        .map(|(f, s)| (f.as_str(), s))
}

pub fn parse_operation_args(shape: &Shape, words: &[String], fs: &dyn FileSystem) -> Result<OperationArgs, String> {
    let mut args = OperationArgs::default();
    let mut i = 0;
    while i < words.len() {
        let word = &words[i];
        i += 1;
        if !is_option(word) {
            args.positionals.push(word.clone());
            continue;
        }
        let (option, inline) = split_option(word);
        let negated = option
            .strip_prefix("--no-")
            .and_then(|rest| find_field(shape, rest).filter(|(_, s)| *s.required() == Shape::Boolean).map(|(f, _)| f));
        if let (Some(field), None) = (negated, inline) {
            args.input.insert(field.to_string(), Value::Bool(false));
            continue;
        }
        let Some((field, field_shape)) = find_field(shape, option) else {
            args.unknown.push(word.clone());
            continue;
        };
        let value = match field_shape.required() {
            Shape::Boolean => match inline {
                Some(v) => Value::String(v.to_string()),
                None if words.get(i).is_some_and(|w| w == "true" || w == "false") => {
                    i += 1;
                    Value::String(words[i - 1].clone())
                }
                None => Value::Bool(true),
            },
            Shape::List(element) => {
                let mut texts: Vec<&str> = inline.into_iter().collect();
                while i < words.len() && !is_option(&words[i]) {
                    texts.push(&words[i]);
                    i += 1;
                }
                if texts.is_empty() {
                    return Err(format!("aws: error: argument {option}: expected at least one argument"));
                }
                list_value(option, element, &texts, fs)?
            }
            other => {
                let text = match inline {
                    Some(v) => v,
                    None if i < words.len() && !is_option(&words[i]) => {
                        i += 1;
                        &words[i - 1]
                    }
                    None => return Err(format!("aws: error: argument {option}: expected one argument")),
                };
                value_for(option, field, other, text, fs)?
            }
        };
        args.input.insert(field.to_string(), value);
    }
    Ok(args)
}

fn parse_error(option: &str, detail: impl std::fmt::Display) -> String {
    format!("\nError parsing parameter '{option}': {detail}")
}

/// `file://` and `fileb://` contents, or the text itself.
fn load(option: &str, text: &str, fs: &dyn FileSystem) -> Result<Vec<u8>, String> {
    let path = text.strip_prefix("fileb://").or_else(|| text.strip_prefix("file://"));
    match path {
        Some(path) => fs.read(path).map_err(|e| {
            parse_error(
                option,
                format!("Unable to load paramfile {text}: [Errno 2] No such file or directory: '{path}' ({e})"),
            )
        }),
        None => Ok(text.as_bytes().to_vec()),
    }
}

fn load_text(option: &str, text: &str, fs: &dyn FileSystem) -> Result<String, String> {
    let bytes = load(option, text, fs)?;
    String::from_utf8(bytes).map_err(|_| parse_error(option, format!("{text} is not UTF-8 text; use fileb://")))
}

/// One value of `shape` from one word.
fn value_for(option: &str, field: &str, shape: &Shape, text: &str, fs: &dyn FileSystem) -> Result<Value, String> {
    Ok(match shape.required() {
        Shape::Blob => {
            let bytes = if text.starts_with("fileb://") {
                load(option, text, fs)?
            } else if field == STREAMING_FIELD {
                let path = text.strip_prefix("file://").unwrap_or(text);
                fs.read(path).map_err(|_| parse_error(option, "Blob values must be a path to a file."))?
            } else {
                // Other blobs are base64 text, inline or from a file:// (AWS CLI v2); fileb://
                // gives the raw bytes.
                return Ok(Value::String(load_text(option, text, fs)?.trim().to_string()));
            };
            Value::String(Bytes(bytes).to_base64())
        }
        Shape::Struct(_) | Shape::Map(_) => structure(option, &load_text(option, text, fs)?)?,
        Shape::List(element) => list_value(option, element, &[text], fs)?,
        Shape::Any => {
            let text = load_text(option, text, fs)?;
            serde_json::from_str(&text).unwrap_or(Value::String(text))
        }
        _ => Value::String(load_text(option, text, fs)?),
    })
}

/// JSON when it looks like JSON, shorthand otherwise.
fn structure(option: &str, text: &str) -> Result<Value, String> {
    if text.trim_start().starts_with(['{', '[']) {
        serde_json::from_str(text).map_err(|e| parse_error(option, format!("Invalid JSON: {e}\nJSON received: {text}")))
    } else {
        shorthand::parse(text).map_err(|e| parse_error(option, e))
    }
}

fn list_value(option: &str, element: &Shape, texts: &[&str], fs: &dyn FileSystem) -> Result<Value, String> {
    if let [one] = texts {
        let text = load_text(option, one, fs)?;
        if text.trim_start().starts_with('[') {
            return structure(option, &text);
        }
        if !matches!(element.required(), Shape::Struct(_) | Shape::Map(_)) {
            return Ok(Value::Array(text.split(',').map(|s| Value::String(s.trim().to_string())).collect()));
        }
    }
    let items: Result<Vec<Value>, String> = texts.iter().map(|t| value_for(option, "", element, t, fs)).collect();
    Ok(Value::Array(items?))
}

#[cfg(test)]
mod tests {
    use super::super::fs::MemoryFs;
    use super::super::shape::input_shape;
    use super::*;
    use proptest::prelude::*;
    use serde_json::json;

    fn parse(op: &str, line: &str, fs: &MemoryFs) -> Result<OperationArgs, String> {
        let words: Vec<String> = super::super::tokenize::split_words(line).unwrap();
        parse_operation_args(&input_shape("S3", op), &words, fs)
    }

    #[test]
    fn scalars_structures_and_flags() {
        let fs = MemoryFs::new();
        let a = parse("CreateBucket", "--bucket b --create-bucket-configuration LocationConstraint=eu-west-1", &fs)
            .unwrap();
        assert_eq!(
            Value::Object(a.input),
            json!({"Bucket": "b", "CreateBucketConfiguration": {"LocationConstraint": "eu-west-1"}})
        );
        let a = parse("ListObjectsV2", "--bucket=b --max-keys 10 --no-fetch-owner", &fs).unwrap();
        assert_eq!(Value::Object(a.input), json!({"Bucket": "b", "MaxKeys": "10", "FetchOwner": false}));
        let a = parse("PutBucketTagging", "--bucket b --tagging 'TagSet=[{Key=a,Value=1}]'", &fs).unwrap();
        assert_eq!(a.input["Tagging"], json!({"TagSet": [{"Key": "a", "Value": "1"}]}));
    }

    #[test]
    fn files_and_blobs() {
        let mut fs = MemoryFs::new();
        fs.write("index.html", b"<h1>hi</h1>").unwrap();
        fs.write("policy.json", br#"{"Version": "2012-10-17"}"#).unwrap();
        let a = parse("PutObject", "--bucket b --key k --body index.html", &fs).unwrap();
        assert_eq!(a.input["Body"], json!(Bytes::from("<h1>hi</h1>").to_base64()));
        let a = parse("PutBucketPolicy", "--bucket b --policy file://policy.json", &fs).unwrap();
        assert_eq!(a.input["Policy"], json!(r#"{"Version": "2012-10-17"}"#));
        let e = parse("PutObject", "--bucket b --key k --body missing.txt", &fs).unwrap_err();
        assert!(e.contains("Blob values must be a path to a file"), "{e}");
        assert!(parse("PutBucketPolicy", "--bucket b --policy file://nope", &fs).is_err());
    }

    #[test]
    fn leftovers_are_reported() {
        let fs = MemoryFs::new();
        let a = parse("GetObject", "--bucket b --key k out.txt --nope 1", &fs).unwrap();
        assert_eq!(a.positionals, ["out.txt", "1"]);
        assert_eq!(a.unknown, ["--nope"]);
        assert!(parse("GetObject", "--bucket", &fs).unwrap_err().contains("expected one argument"));
    }

    proptest! {
        #[test]
        fn never_panics(words in proptest::collection::vec("(--)?[a-z=,{}\\[\\]:-]{0,12}", 0..8)) {
            let fs = MemoryFs::new();
            for op in ["PutObject", "CreateBucket", "PutBucketTagging", "ListObjectsV2"] {
                let _ = parse_operation_args(&input_shape("S3", op), &words, &fs);
            }
        }
    }
}
