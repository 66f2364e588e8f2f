//! What an operation's input or output looks like, learned from its serde types alone: a probe
//! Deserializer walks a path into the type and records what the type asks for there (a struct
//! and its field names, a list, a map, an option, a string, a number...). Strings are told apart
//! by offering test values: anything goes for a plain string, an empty string for a blob
//! (base64), an ISO date for a timestamp. No per-operation tables: a new operation is described
//! the moment it exists.

use super::coerce::{Coerce, CoerceError};
use super::reader::{EnumReader, MapReader, Reader, SeqReader};
use crate::services::Request;
#[cfg(feature = "output-shapes")]
use crate::services::Response;
use serde::de::{self, DeserializeOwned, DeserializeSeed, Visitor};
use serde_json::Value;
use std::cell::RefCell;

/// The shape of a value, as far as the CLI cares.
#[derive(Clone, Debug, PartialEq)]
pub enum Shape {
    /// Fields in declaration order, with their wire names (`Bucket`, `SSEKMSKeyId`).
    Struct(Vec<(String, Shape)>),
    List(Box<Shape>),
    Map(Box<Shape>),
    Optional(Box<Shape>),
    Str,
    /// Binary data (base64 in JSON).
    Blob,
    Timestamp,
    Integer,
    Float,
    Boolean,
    Enum(Vec<String>),
    /// Free-form JSON, or a type the probe could not see into.
    Any,
}

impl Shape {
    /// The shape inside any number of `Optional`s.
    pub fn required(&self) -> &Shape {
        match self {
            Shape::Optional(inner) => inner.required(),
            other => other,
        }
    }

    /// The fields of a struct shape (empty for anything else).
    pub fn fields(&self) -> &[(String, Shape)] {
        match self.required() {
            Shape::Struct(fields) => fields,
            _ => &[],
        }
    }

    pub fn field(&self, name: &str) -> Option<&Shape> {
        self.fields().iter().find(|(f, _)| f == name).map(|(_, s)| s)
    }

    /// How `help` names the type: `string`, `integer`, `structure`, `list`...
    pub fn type_name(&self) -> &'static str {
        match self.required() {
            Shape::Struct(_) => "structure",
            Shape::List(_) => "list",
            Shape::Map(_) => "map",
            Shape::Str | Shape::Enum(_) => "string",
            Shape::Blob => "blob",
            Shape::Timestamp => "timestamp",
            Shape::Integer => "integer",
            Shape::Float => "double",
            Shape::Boolean => "boolean",
            Shape::Any | Shape::Optional(_) => "document",
        }
    }

    /// A JSON value of this shape that deserializes (used to find required fields).
    pub fn skeleton(&self) -> serde_json::Value {
        use serde_json::Value;
        match self {
            Shape::Struct(fields) => {
                Value::Object(crate::sort::json_object(fields.iter().map(|(f, s)| (f.clone(), s.skeleton()))))
            }
            Shape::List(_) => Value::Array(Vec::new()),
            Shape::Map(_) => Value::Object(Default::default()),
            Shape::Optional(_) | Shape::Any => Value::Null,
            Shape::Str => Value::String("x".into()),
            Shape::Blob => Value::String(String::new()),
            Shape::Timestamp => Value::String(TIMESTAMP_SAMPLE.into()),
            Shape::Integer | Shape::Float => Value::from(0),
            Shape::Boolean => Value::Bool(false),
            Shape::Enum(variants) => Value::String(variants.first().cloned().unwrap_or_default()),
        }
    }
}

const TIMESTAMP_SAMPLE: &str = "2026-01-01T00:00:00Z";
/// Deep enough for any AWS shape; stops a type that contains itself.
const MAX_DEPTH: usize = 12;

/// The input shape of `service` (its `Request` variant name, `S3`) `operation`.
pub fn input_shape(service: &str, operation: &str) -> Shape {
    explore::<Request>(&mut vec![Step::Variant(service.into()), Step::Variant(operation.into())], 0)
}

/// Operations whose output `Body` streams to a file (`aws s3api get-object ... outfile`).
const STREAMING_OUTPUTS: &[(&str, &str)] = &[("S3", "GetObject")];

/// Whether the operation's output streams to an outfile argument.
pub fn streams_output(service: &str, operation: &str) -> bool {
    STREAMING_OUTPUTS.contains(&(service, operation))
}

/// The output shape of an operation.
#[cfg(feature = "output-shapes")]
pub fn output_shape(service: &str, operation: &str) -> Shape {
    explore::<Response>(&mut vec![Step::Variant(service.into()), Step::Variant(operation.into())], 0)
}

/// The shape of any deserializable type.
pub fn shape_of<T: DeserializeOwned>() -> Shape {
    explore::<T>(&mut Vec::new(), 0)
}

#[derive(Clone, Debug, PartialEq)]
enum Step {
    Variant(String),
    Field(String),
    Some,
    Elem,
    Value,
}

#[derive(Clone, Debug)]
enum Kind {
    Struct(Vec<String>),
    Optional,
    List,
    Map,
    Str,
    Integer,
    Float,
    Boolean,
    Enum(Vec<String>),
    Any,
}

#[derive(Default)]
struct Found {
    kind: Option<Kind>,
    /// In offer mode: whether the type accepted the offered string.
    accepted: Option<bool>,
}

#[derive(Clone, Copy)]
enum Mode<'a> {
    Record,
    Offer(&'a str),
}

fn explore<T: DeserializeOwned>(path: &mut Vec<Step>, depth: usize) -> Shape {
    if depth > MAX_DEPTH {
        return Shape::Any;
    }
    let child = |path: &mut Vec<Step>, step: Step| {
        path.push(step);
        let shape = explore::<T>(path, depth + 1);
        path.pop();
        shape
    };
    match run::<T>(path, Mode::Record).kind {
        None | Some(Kind::Any) => Shape::Any,
        Some(Kind::Struct(fields)) => Shape::Struct(
            fields
                .into_iter()
                .map(|f| {
                    let shape = child(path, Step::Field(f.clone()));
                    (f, shape)
                })
                .collect(),
        ),
        Some(Kind::Optional) => Shape::Optional(Box::new(child(path, Step::Some))),
        Some(Kind::List) => Shape::List(Box::new(child(path, Step::Elem))),
        Some(Kind::Map) => Shape::Map(Box::new(child(path, Step::Value))),
        Some(Kind::Str) => classify_string::<T>(path),
        Some(Kind::Integer) => Shape::Integer,
        Some(Kind::Float) => Shape::Float,
        Some(Kind::Boolean) => Shape::Boolean,
        Some(Kind::Enum(variants)) => Shape::Enum(variants),
    }
}

fn classify_string<T: DeserializeOwned>(path: &[Step]) -> Shape {
    let accepts = |text: &str| run::<T>(path, Mode::Offer(text)).accepted == Some(true);
    if accepts("%%") {
        Shape::Str
    } else if accepts("") {
        Shape::Blob
    } else if accepts(TIMESTAMP_SAMPLE) {
        Shape::Timestamp
    } else {
        Shape::Str
    }
}

fn run<T: DeserializeOwned>(path: &[Step], mode: Mode) -> Found {
    let found = RefCell::new(Found::default());
    let _ = T::deserialize(Reader::Probe(Probe { path, mode, found: &found }));
    found.into_inner()
}

/// The probe's error: it always stops the deserialization once it has seen what it wanted.
type Stop = CoerceError;

fn stop(why: &str) -> Stop {
    de::Error::custom(why)
}

#[derive(Clone, Copy)]
pub struct Probe<'p> {
    path: &'p [Step],
    mode: Mode<'p>,
    found: &'p RefCell<Found>,
}

impl<'p> Probe<'p> {
    fn rest(self) -> Probe<'p> {
        Probe { path: &self.path[1..], ..self }
    }
    fn record(self, kind: Kind) -> Stop {
        self.found.borrow_mut().kind = Some(kind);
        stop("probed")
    }
    fn at_leaf(&self) -> bool {
        self.path.is_empty()
    }
    fn off_path() -> Stop {
        stop("the path does not lead here")
    }
    /// Lets a child deserialize, noting whether a leaf accepted what it was offered.
    fn hand_off<'de, R>(child: Probe<'p>, deserialize: impl FnOnce(Probe<'p>) -> Result<R, Stop>) -> Result<R, Stop> {
        let leaf = child.at_leaf();
        let result = deserialize(child);
        if leaf {
            child.found.borrow_mut().accepted = Some(result.is_ok());
        }
        result
    }
    fn scalar<'de, V: Visitor<'de>>(self, kind: Kind, visitor: V) -> Result<V::Value, Stop> {
        if !self.at_leaf() {
            return Err(Self::off_path());
        }
        match (self.mode, &kind) {
            (Mode::Offer(text), Kind::Str | Kind::Any) => visitor.visit_str(text),
            _ => Err(self.record(kind)),
        }
    }
}

macro_rules! scalar_methods {
    ($($method:ident => $kind:expr;)*) => {
        $(fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Stop> {
            self.scalar($kind, visitor)
        })*
    };
}

impl<'de, 'p> de::Deserializer<'de> for Probe<'p> {
    type Error = Stop;

    scalar_methods! {
        deserialize_any => Kind::Any;
        deserialize_bool => Kind::Boolean;
        deserialize_i8 => Kind::Integer;
        deserialize_i16 => Kind::Integer;
        deserialize_i32 => Kind::Integer;
        deserialize_i64 => Kind::Integer;
        deserialize_u8 => Kind::Integer;
        deserialize_u16 => Kind::Integer;
        deserialize_u32 => Kind::Integer;
        deserialize_u64 => Kind::Integer;
        deserialize_f32 => Kind::Float;
        deserialize_f64 => Kind::Float;
        deserialize_char => Kind::Str;
        deserialize_str => Kind::Str;
        deserialize_string => Kind::Str;
        deserialize_bytes => Kind::Str;
        deserialize_byte_buf => Kind::Str;
        deserialize_unit => Kind::Any;
        deserialize_identifier => Kind::Str;
        deserialize_ignored_any => Kind::Any;
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(self, _: &'static str, visitor: V) -> Result<V::Value, Stop> {
        self.scalar(Kind::Any, visitor)
    }
    fn deserialize_tuple<V: Visitor<'de>>(self, _: usize, visitor: V) -> Result<V::Value, Stop> {
        self.scalar(Kind::Any, visitor)
    }
    fn deserialize_tuple_struct<V: Visitor<'de>>(self, _: &'static str, _: usize, v: V) -> Result<V::Value, Stop> {
        self.scalar(Kind::Any, v)
    }
    fn deserialize_newtype_struct<V: Visitor<'de>>(self, _: &'static str, visitor: V) -> Result<V::Value, Stop> {
        visitor.visit_newtype_struct(Reader::Probe(self))
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Stop> {
        match self.path.first() {
            None => Err(self.record(Kind::Optional)),
            Some(Step::Some) => Probe::hand_off(self.rest(), |child| visitor.visit_some(Reader::Probe(child))),
            Some(_) => Err(Self::off_path()),
        }
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Stop> {
        match self.path.first() {
            None => Err(self.record(Kind::List)),
            Some(Step::Elem) => visitor.visit_seq(SeqReader::Probe(OneElement(Some(self.rest())))),
            Some(_) => Err(Self::off_path()),
        }
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Stop> {
        match self.path.first() {
            None => Err(self.record(Kind::Map)),
            Some(Step::Value) => {
                visitor.visit_map(MapReader::Probe(OneEntry { key: Some("key".into()), value: Some(self.rest()) }))
            }
            Some(_) => Err(Self::off_path()),
        }
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Stop> {
        match self.path.first() {
            None => Err(self.record(Kind::Struct(fields.iter().map(|f| f.to_string()).collect()))),
            Some(Step::Field(f)) => {
                visitor.visit_map(MapReader::Probe(OneEntry { key: Some(f.clone()), value: Some(self.rest()) }))
            }
            Some(_) => Err(Self::off_path()),
        }
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Stop> {
        match self.path.first() {
            None => Err(self.record(Kind::Enum(variants.iter().map(|v| v.to_string()).collect()))),
            Some(Step::Variant(v)) => {
                visitor.visit_enum(EnumReader::Probe(OneVariant { name: v.clone(), content: self.rest() }))
            }
            Some(_) => Err(Self::off_path()),
        }
    }
}

pub struct OneElement<'p>(Option<Probe<'p>>);

impl<'de, 'p> de::SeqAccess<'de> for OneElement<'p> {
    type Error = Stop;
    fn next_element_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> Result<Option<S::Value>, Stop> {
        match self.0.take() {
            Some(child) => Probe::hand_off(child, |c| seed.deserialize(Reader::Probe(c))).map(Some),
            None => Ok(None),
        }
    }
}

pub struct OneEntry<'p> {
    key: Option<String>,
    value: Option<Probe<'p>>,
}

impl<'de, 'p> de::MapAccess<'de> for OneEntry<'p> {
    type Error = Stop;
    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, Stop> {
        match self.key.take() {
            Some(key) => {
                let key = Value::String(key);
                seed.deserialize(Reader::Coerce(Coerce::new(&key))).map(Some)
            }
            None => Ok(None),
        }
    }
    fn next_value_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> Result<S::Value, Stop> {
        let child = self.value.take().ok_or_else(|| stop("no value"))?;
        Probe::hand_off(child, |c| seed.deserialize(Reader::Probe(c)))
    }
}

pub struct OneVariant<'p> {
    name: String,
    content: Probe<'p>,
}

impl<'de, 'p> de::EnumAccess<'de> for OneVariant<'p> {
    type Error = Stop;
    type Variant = Probe<'p>;
    fn variant_seed<S: DeserializeSeed<'de>>(self, seed: S) -> Result<(S::Value, Probe<'p>), Stop> {
        let name = Value::String(self.name);
        Ok((seed.deserialize(Reader::Coerce(Coerce::new(&name)))?, self.content))
    }
}

impl<'de, 'p> de::VariantAccess<'de> for Probe<'p> {
    type Error = Stop;
    fn unit_variant(self) -> Result<(), Stop> {
        Ok(())
    }
    fn newtype_variant_seed<S: DeserializeSeed<'de>>(self, seed: S) -> Result<S::Value, Stop> {
        Probe::hand_off(self, |c| seed.deserialize(Reader::Probe(c)))
    }
    fn tuple_variant<V: Visitor<'de>>(self, _: usize, _: V) -> Result<V::Value, Stop> {
        Err(Self::off_path())
    }
    fn struct_variant<V: Visitor<'de>>(self, fields: &'static [&'static str], visitor: V) -> Result<V::Value, Stop> {
        de::Deserializer::deserialize_struct(self, "", fields, visitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn put_object_input_is_described() {
        let shape = input_shape("S3", "PutObject");
        let names: Vec<&str> = shape.fields().iter().map(|(f, _)| f.as_str()).collect();
        assert_eq!(&names[..3], ["Bucket", "Key", "Body"]);
        assert_eq!(shape.field("Bucket"), Some(&Shape::Str));
        assert_eq!(shape.field("Body"), Some(&Shape::Blob));
        assert_eq!(shape.field("Metadata"), Some(&Shape::Map(Box::new(Shape::Str))));
        assert!(names.contains(&"SSEKMSKeyId"));
    }

    #[test]
    fn nested_and_numeric_fields() {
        let create = input_shape("S3", "CreateBucket");
        let config = create.field("CreateBucketConfiguration").unwrap();
        assert_eq!(config.required().field("LocationConstraint"), Some(&Shape::Optional(Box::new(Shape::Str))));
        let list = input_shape("S3", "ListObjectsV2");
        assert_eq!(list.field("MaxKeys").map(Shape::required), Some(&Shape::Integer));
        assert_eq!(list.field("FetchOwner").map(Shape::required), Some(&Shape::Boolean));
    }

    #[cfg(feature = "output-shapes")]
    #[test]
    fn streaming_outputs_are_the_ones_with_a_blob_body() {
        for service in crate::services::SERVICES {
            for op in service.operations {
                let blob_body =
                    output_shape(service.id, op).field(crate::cli::args::STREAMING_FIELD) == Some(&Shape::Blob);
                assert_eq!(streams_output(service.id, op), blob_body, "{op}");
            }
        }
    }

    #[cfg(feature = "output-shapes")]
    #[test]
    fn outputs_show_timestamps_and_blobs() {
        let out = output_shape("S3", "GetObject");
        assert_eq!(out.field("Body"), Some(&Shape::Blob));
        assert_eq!(out.field("LastModified"), Some(&Shape::Timestamp));
    }

    #[test]
    fn unknown_operations_have_no_shape() {
        assert_eq!(input_shape("S3", "NoSuchOperation"), Shape::Any);
        assert_eq!(input_shape("Nope", "CreateBucket"), Shape::Any);
    }

    #[test]
    fn every_operation_has_a_struct_input() {
        for service in crate::services::SERVICES {
            for op in service.operations {
                assert!(matches!(input_shape(service.id, op), Shape::Struct(_)), "{op}");
            }
        }
    }
}
