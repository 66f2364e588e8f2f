//! A serde Deserializer over `serde_json::Value` that reads CLI input the way the AWS CLI does:
//! strings become numbers or booleans when the field asks for one (`--max-keys 10`), struct
//! field names and enum variants match case-insensitively with dashes ignored
//! (`locationconstraint`, `content-md5`), a single value stands for a one-element list, and every
//! error names the parameter path (`Tagging.TagSet[0]`). It never panics: bad input is an error.

use super::names::same_name;
use super::reader::{EnumReader, MapReader, Reader, SeqReader};
use serde::de::{self, DeserializeOwned, DeserializeSeed, Visitor};
use serde_json::{Map, Value};
use std::fmt;

/// Why a value does not fit its type, with the path of the parameter it concerns (empty for
/// the operation's input itself).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CoerceError {
    Missing { path: Option<String>, field: String },
    Unknown { path: Option<String>, field: String, expected: Vec<String> },
    Invalid { path: Option<String>, message: String },
}

impl CoerceError {
    fn path_slot(&mut self) -> &mut Option<String> {
        match self {
            CoerceError::Missing { path, .. }
            | CoerceError::Unknown { path, .. }
            | CoerceError::Invalid { path, .. } => path,
        }
    }
    /// Sets the path if nothing deeper set it already.
    fn at(mut self, location: &str) -> Self {
        self.path_slot().get_or_insert_with(|| location.to_string());
        self
    }
    pub fn path(&self) -> &str {
        match self {
            CoerceError::Missing { path, .. }
            | CoerceError::Unknown { path, .. }
            | CoerceError::Invalid { path, .. } => path.as_deref().unwrap_or(""),
        }
    }
    fn invalid(path: &str, message: impl Into<String>) -> Self {
        CoerceError::Invalid { path: Some(path.to_string()), message: message.into() }
    }
}

impl fmt::Display for CoerceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let place = |p: &str| if p.is_empty() { "input".to_string() } else { p.to_string() };
        match self {
            CoerceError::Missing { field, .. } => {
                write!(f, "Missing required parameter in {}: \"{field}\"", place(self.path()))
            }
            CoerceError::Unknown { field, expected, .. } => write!(
                f,
                "Unknown parameter in {}: \"{field}\", must be one of: {}",
                place(self.path()),
                expected.join(", ")
            ),
            CoerceError::Invalid { message, .. } => {
                write!(f, "Invalid value for parameter {}: {message}", place(self.path()))
            }
        }
    }
}

impl std::error::Error for CoerceError {}

impl de::Error for CoerceError {
    fn custom<M: fmt::Display>(msg: M) -> Self {
        CoerceError::Invalid { path: None, message: msg.to_string() }
    }
    fn missing_field(field: &'static str) -> Self {
        CoerceError::Missing { path: None, field: field.to_string() }
    }
    fn unknown_field(field: &str, expected: &'static [&'static str]) -> Self {
        CoerceError::Unknown {
            path: None,
            field: field.to_string(),
            expected: expected.iter().map(|e| e.to_string()).collect(),
        }
    }
}

/// Reads `value` as a `T`, coercing as the CLI does.
pub fn from_value<T: DeserializeOwned>(value: &Value) -> Result<T, CoerceError> {
    T::deserialize(Reader::Coerce(Coerce { value, path: String::new() }))
}

/// The deserializer: one JSON value and where it sits in the input.
pub struct Coerce<'v> {
    value: &'v Value,
    path: String,
}

impl<'v> Coerce<'v> {
    pub(super) fn new(value: &'v Value) -> Coerce<'v> {
        Coerce { value, path: String::new() }
    }
    fn child(&self, value: &'v Value, step: &str) -> Coerce<'v> {
        let path = if self.path.is_empty() {
            step.trim_start_matches('.').to_string()
        } else if step.starts_with('[') {
            format!("{}{step}", self.path)
        } else {
            format!("{}.{}", self.path, step.trim_start_matches('.'))
        };
        Coerce { value, path }
    }
    fn text(&self) -> Option<String> {
        match self.value {
            Value::String(s) => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            Value::Bool(b) => Some(b.to_string()),
            _ => None,
        }
    }
    fn wrong(&self, expected: &str) -> CoerceError {
        let got = match self.value {
            Value::String(s) => format!("'{s}'"),
            other => other.to_string(),
        };
        CoerceError::invalid(&self.path, format!("expected {expected}, got {got}"))
    }
    fn integer(&self) -> Result<Integer, CoerceError> {
        match self.value {
            Value::Number(n) => n
                .as_i64()
                .map(Integer::Signed)
                .or(n.as_u64().map(Integer::Unsigned))
                .ok_or_else(|| self.wrong("an integer")),
            Value::String(s) => {
                let t = s.trim();
                t.parse::<i64>()
                    .map(Integer::Signed)
                    .or_else(|_| t.parse::<u64>().map(Integer::Unsigned))
                    .map_err(|_| self.wrong("an integer"))
            }
            _ => Err(self.wrong("an integer")),
        }
    }
}

enum Integer {
    Signed(i64),
    Unsigned(u64),
}

macro_rules! integer_methods {
    ($($method:ident)*) => {
        $(fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, CoerceError> {
            let path = self.path.clone();
            match self.integer()? {
                Integer::Signed(n) => visitor.visit_i64(n),
                Integer::Unsigned(n) => visitor.visit_u64(n),
            }
            .map_err(|e: CoerceError| e.at(&path))
        })*
    };
}

impl<'de, 'v> de::Deserializer<'de> for Coerce<'v> {
    type Error = CoerceError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, CoerceError> {
        match self.value {
            Value::Null => visitor.visit_unit(),
            Value::Bool(b) => visitor.visit_bool(*b),
            Value::Number(n) => match (n.as_u64(), n.as_i64(), n.as_f64()) {
                (Some(u), _, _) => visitor.visit_u64(u),
                (_, Some(i), _) => visitor.visit_i64(i),
                (_, _, Some(f)) => visitor.visit_f64(f),
                _ => Err(self.wrong("a number")),
            },
            Value::String(s) => visitor.visit_str(s),
            Value::Array(items) => {
                visitor.visit_seq(SeqReader::Coerce(Elements { parent: &self, items: items.iter(), index: 0 }))
            }
            Value::Object(map) => {
                visitor.visit_map(MapReader::Entries(Entries { parent: &self, entries: map.iter(), pending: None }))
            }
        }
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, CoerceError> {
        match self.value {
            Value::Bool(b) => visitor.visit_bool(*b),
            Value::String(s) if s.trim().eq_ignore_ascii_case("true") => visitor.visit_bool(true),
            Value::String(s) if s.trim().eq_ignore_ascii_case("false") => visitor.visit_bool(false),
            _ => Err(self.wrong("true or false")),
        }
    }

    integer_methods! {
        deserialize_i8 deserialize_i16 deserialize_i32 deserialize_i64
        deserialize_u8 deserialize_u16 deserialize_u32 deserialize_u64
    }

    fn deserialize_f32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, CoerceError> {
        self.deserialize_f64(visitor)
    }

    fn deserialize_f64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, CoerceError> {
        let number = match self.value {
            Value::Number(n) => n.as_f64(),
            Value::String(s) => s.trim().parse::<f64>().ok().filter(|f| f.is_finite()),
            _ => None,
        };
        match number {
            Some(f) => visitor.visit_f64(f),
            None => Err(self.wrong("a number")),
        }
    }

    fn deserialize_char<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, CoerceError> {
        self.deserialize_string(visitor)
    }
    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, CoerceError> {
        self.deserialize_string(visitor)
    }
    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, CoerceError> {
        match self.text() {
            Some(text) => visitor.visit_string(text).map_err(|e: CoerceError| e.at(&self.path)),
            None => Err(self.wrong("a string")),
        }
    }
    fn deserialize_bytes<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, CoerceError> {
        match self.value {
            Value::String(s) => visitor.visit_bytes(s.as_bytes()),
            Value::Array(_) => self.deserialize_seq(visitor),
            _ => Err(self.wrong("bytes")),
        }
    }
    fn deserialize_byte_buf<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, CoerceError> {
        self.deserialize_bytes(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, CoerceError> {
        match self.value {
            Value::Null => visitor.visit_none(),
            _ => visitor.visit_some(Reader::Coerce(self)),
        }
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, CoerceError> {
        match self.value {
            Value::Null => visitor.visit_unit(),
            Value::Object(m) if m.is_empty() => visitor.visit_unit(),
            Value::Array(a) if a.is_empty() => visitor.visit_unit(),
            _ => Err(self.wrong("nothing")),
        }
    }
    fn deserialize_unit_struct<V: Visitor<'de>>(self, _: &'static str, visitor: V) -> Result<V::Value, CoerceError> {
        self.deserialize_unit(visitor)
    }
    fn deserialize_newtype_struct<V: Visitor<'de>>(self, _: &'static str, visitor: V) -> Result<V::Value, CoerceError> {
        visitor.visit_newtype_struct(Reader::Coerce(self))
    }

    /// A list; a lone value (or `null`) stands for a list of one (or none).
    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, CoerceError> {
        match self.value {
            Value::Array(items) => {
                visitor.visit_seq(SeqReader::Coerce(Elements { parent: &self, items: items.iter(), index: 0 }))
            }
            Value::Null => visitor.visit_seq(SeqReader::Coerce(Elements { parent: &self, items: [].iter(), index: 0 })),
            single => visitor.visit_seq(SeqReader::Coerce(Elements {
                parent: &self,
                items: std::slice::from_ref(single).iter(),
                index: 0,
            })),
        }
    }
    fn deserialize_tuple<V: Visitor<'de>>(self, _: usize, visitor: V) -> Result<V::Value, CoerceError> {
        self.deserialize_seq(visitor)
    }
    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: usize,
        visitor: V,
    ) -> Result<V::Value, CoerceError> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, CoerceError> {
        match self.value {
            Value::Object(map) => {
                visitor.visit_map(MapReader::Entries(Entries { parent: &self, entries: map.iter(), pending: None }))
            }
            _ => Err(self.wrong("a map (key1=value1,key2=value2 or JSON)")),
        }
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, CoerceError> {
        let Value::Object(map) = self.value else {
            return Err(self.wrong("a structure (Key=Value,... or JSON)"));
        };
        let access = Fields { parent: &self, fields, entries: map.iter(), pending: None };
        visitor.visit_map(MapReader::Fields(access)).map_err(|e| e.at(&self.path))
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, CoerceError> {
        let (name, content) = match self.value {
            Value::String(s) => (s.as_str(), None),
            Value::Object(map) if map.len() == 1 => {
                let (k, v) = map.iter().next().expect("one entry");
                (k.as_str(), Some(v))
            }
            _ => return Err(self.wrong(&format!("one of: {}", variants.join(", ")))),
        };
        let Some(variant) = variants.iter().find(|v| same_name(v, name)) else {
            return Err(CoerceError::invalid(
                &self.path,
                format!("'{name}' is not valid; valid values: {}", variants.join(", ")),
            ));
        };
        visitor.visit_enum(EnumReader::Coerce(Variant {
            name: variant,
            content: content.map(|c| Coerce { value: c, path: self.path.clone() }),
        }))
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, CoerceError> {
        self.deserialize_string(visitor)
    }
    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, CoerceError> {
        visitor.visit_unit()
    }
}

pub struct Elements<'a, 'v> {
    parent: &'a Coerce<'v>,
    items: std::slice::Iter<'v, Value>,
    index: usize,
}

impl<'de, 'a, 'v> de::SeqAccess<'de> for Elements<'a, 'v> {
    type Error = CoerceError;
    fn next_element_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> Result<Option<S::Value>, CoerceError> {
        let Some(item) = self.items.next() else { return Ok(None) };
        let child = self.parent.child(item, &format!("[{}]", self.index));
        self.index += 1;
        let path = child.path.clone();
        seed.deserialize(Reader::Coerce(child)).map(Some).map_err(|e| e.at(&path))
    }
}

/// A map's entries, keys as they are.
pub struct Entries<'a, 'v> {
    parent: &'a Coerce<'v>,
    entries: serde_json::map::Iter<'v>,
    pending: Option<(&'v String, &'v Value)>,
}

impl<'de, 'a, 'v> de::MapAccess<'de> for Entries<'a, 'v> {
    type Error = CoerceError;
    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, CoerceError> {
        let Some((k, v)) = self.entries.next() else { return Ok(None) };
        self.pending = Some((k, v));
        let key = Value::String(k.clone());
        seed.deserialize(Reader::Coerce(Coerce { value: &key, path: self.parent.path.clone() })).map(Some)
    }
    fn next_value_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> Result<S::Value, CoerceError> {
        let (k, v) =
            self.pending.take().ok_or_else(|| CoerceError::invalid(&self.parent.path, "a key without a value"))?;
        let child = self.parent.child(v, k);
        let path = child.path.clone();
        seed.deserialize(Reader::Coerce(child)).map_err(|e| e.at(&path))
    }
}

/// A structure's entries, each key replaced by the field it names.
pub struct Fields<'a, 'v> {
    parent: &'a Coerce<'v>,
    fields: &'static [&'static str],
    entries: serde_json::map::Iter<'v>,
    pending: Option<(&'static str, &'v Value)>,
}

impl<'de, 'a, 'v> de::MapAccess<'de> for Fields<'a, 'v> {
    type Error = CoerceError;
    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, CoerceError> {
        let Some((k, v)) = self.entries.next() else { return Ok(None) };
        let field = self.fields.iter().find(|f| **f == k).or_else(|| self.fields.iter().find(|f| same_name(f, k)));
        let Some(field) = field else {
            return Err(CoerceError::Unknown {
                path: Some(self.parent.path.clone()),
                field: k.clone(),
                expected: self.fields.iter().map(|f| f.to_string()).collect(),
            });
        };
        self.pending = Some((field, v));
        let key = Value::String(field.to_string());
        seed.deserialize(Reader::Coerce(Coerce::new(&key))).map(Some)
    }
    fn next_value_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> Result<S::Value, CoerceError> {
        let (field, v) =
            self.pending.take().ok_or_else(|| CoerceError::invalid(&self.parent.path, "a key without a value"))?;
        let child = self.parent.child(v, field);
        let path = child.path.clone();
        seed.deserialize(Reader::Coerce(child)).map_err(|e| e.at(&path))
    }
}

pub struct Variant<'v> {
    name: &'static str,
    content: Option<Coerce<'v>>,
}

impl<'de, 'v> de::EnumAccess<'de> for Variant<'v> {
    type Error = CoerceError;
    type Variant = Self;
    fn variant_seed<S: DeserializeSeed<'de>>(self, seed: S) -> Result<(S::Value, Self), CoerceError> {
        let name = Value::String(self.name.to_string());
        Ok((seed.deserialize(Reader::Coerce(Coerce::new(&name)))?, self))
    }
}

impl<'de, 'v> de::VariantAccess<'de> for Variant<'v> {
    type Error = CoerceError;
    fn unit_variant(self) -> Result<(), CoerceError> {
        Ok(())
    }
    fn newtype_variant_seed<S: DeserializeSeed<'de>>(self, seed: S) -> Result<S::Value, CoerceError> {
        match self.content {
            Some(content) => seed.deserialize(Reader::Coerce(content)),
            None => seed.deserialize(Reader::Coerce(Coerce::new(&Value::Null))),
        }
    }
    fn tuple_variant<V: Visitor<'de>>(self, len: usize, visitor: V) -> Result<V::Value, CoerceError> {
        match self.content {
            Some(content) => de::Deserializer::deserialize_tuple(content, len, visitor),
            None => Err(CoerceError::invalid("", format!("{} needs a value", self.name))),
        }
    }
    fn struct_variant<V: Visitor<'de>>(
        self,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, CoerceError> {
        let empty = Value::Object(Map::new());
        match self.content {
            Some(content) => de::Deserializer::deserialize_struct(content, "", fields, visitor),
            None => {
                de::Deserializer::deserialize_struct(Coerce { value: &empty, path: String::new() }, "", fields, visitor)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::services::s3::{CreateBucketRequest, ListObjectsV2Request, PutBucketTaggingRequest, Tag};
    use crate::services::Request;
    use proptest::prelude::*;
    use serde_json::json;

    #[test]
    fn strings_become_numbers_and_booleans() {
        let r: ListObjectsV2Request =
            from_value(&json!({"bucket": "b", "max-keys": "10", "fetch-owner": "true"})).unwrap();
        assert_eq!(r.max_keys, Some(10));
        assert_eq!(r.fetch_owner, Some(true));
        let e = from_value::<ListObjectsV2Request>(&json!({"Bucket": "b", "MaxKeys": "ten"})).unwrap_err();
        assert_eq!(e.path(), "MaxKeys");
        assert!(e.to_string().contains("expected an integer"), "{e}");
    }

    #[test]
    fn names_match_loosely() {
        let r: CreateBucketRequest =
            from_value(&json!({"bucket": "b", "createbucketconfiguration": {"locationconstraint": "eu-west-1"}}))
                .unwrap();
        assert_eq!(r.create_bucket_configuration.unwrap().location_constraint.as_deref(), Some("eu-west-1"));
        let req: Request = from_value(&json!({"s3": {"create-bucket": {"Bucket": "x"}}})).unwrap();
        assert_eq!(req.operation(), "CreateBucket");
    }

    #[test]
    fn missing_and_unknown_fields_name_their_place() {
        let e = from_value::<CreateBucketRequest>(&json!({})).unwrap_err();
        assert_eq!(e, CoerceError::Missing { path: Some(String::new()), field: "Bucket".into() });
        let e = from_value::<PutBucketTaggingRequest>(&json!({"Bucket": "b", "Tagging": {"TagSet": [{"Key": "a"}]}}))
            .unwrap_err();
        assert_eq!(e.to_string(), "Missing required parameter in Tagging.TagSet[0]: \"Value\"");
        let e = from_value::<CreateBucketRequest>(&json!({"Bucket": "b", "Nope": 1})).unwrap_err();
        assert!(matches!(e, CoerceError::Unknown { ref field, .. } if field == "Nope"), "{e:?}");
    }

    #[test]
    fn a_lone_value_is_a_list_of_one() {
        let r: PutBucketTaggingRequest =
            from_value(&json!({"Bucket": "b", "Tagging": {"TagSet": {"Key": "a", "Value": "1"}}})).unwrap();
        assert_eq!(r.tagging.tag_set, vec![Tag { key: "a".into(), value: "1".into() }]);
    }

    fn json_tree() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(Value::from),
            "\\PC{0,8}".prop_map(Value::String),
            prop_oneof![Just("s3"), Just("S3"), Just("CreateBucket"), Just("Bucket"), Just("TagSet"), Just("10")]
                .prop_map(|s| Value::String(s.into())),
        ];
        leaf.prop_recursive(4, 32, 4, |inner| {
            let key = prop_oneof![
                "[A-Za-z-]{1,8}",
                Just("S3".to_string()),
                Just("PutBucketTagging".to_string()),
                Just("Bucket".to_string()),
                Just("Tagging".to_string()),
                Just("TagSet".to_string()),
                Just("Key".to_string()),
            ];
            prop_oneof![
                proptest::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
                proptest::collection::btree_map(key, inner, 0..4).prop_map(|m| Value::Object(m.into_iter().collect())),
            ]
        })
    }

    proptest! {
        #[test]
        fn errors_never_panics(value in json_tree()) {
            let _ = from_value::<Request>(&value);
            let _ = from_value::<PutBucketTaggingRequest>(&value);
            let _ = from_value::<ListObjectsV2Request>(&value);
        }

        #[test]
        fn requests_survive_json(bucket in "[a-z0-9.-]{0,20}", max in proptest::option::of(any::<i64>())) {
            let r = Request::S3(crate::services::s3::S3Request::ListObjectsV2(ListObjectsV2Request {
                bucket, max_keys: max, ..Default::default()
            }));
            let back: Request = from_value(&serde_json::to_value(&r).unwrap()).unwrap();
            prop_assert_eq!(back, r);
        }
    }
}
