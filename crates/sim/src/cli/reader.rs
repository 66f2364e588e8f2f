//! One Deserializer type for everything the CLI reads with serde: coercing input values
//! ([`Coerce`]) and probing a type's shape ([`Probe`]). Each operation's `Deserialize` code is
//! compiled once per Deserializer type it meets, so sharing one type (and one type per access
//! kind below) keeps a single copy of every request type's deserializer in the browser build.

use super::coerce::{Coerce, CoerceError, Elements, Entries, Fields, Variant};
use super::shape::{OneElement, OneEntry, OneVariant, Probe};
use serde::de::{self, DeserializeSeed, Visitor};

pub enum Reader<'a> {
    Coerce(Coerce<'a>),
    Probe(Probe<'a>),
}

macro_rules! forward {
    ($($method:ident ( $($arg:ident : $ty:ty),* );)*) => {
        $(fn $method<V: Visitor<'de>>(self, $($arg: $ty,)* visitor: V) -> Result<V::Value, CoerceError> {
            match self {
                Reader::Coerce(c) => c.$method($($arg,)* visitor),
                Reader::Probe(p) => p.$method($($arg,)* visitor),
            }
        })*
    };
}

impl<'de, 'a> de::Deserializer<'de> for Reader<'a> {
    type Error = CoerceError;
    forward! {
        deserialize_any();
        deserialize_bool();
        deserialize_i8();
        deserialize_i16();
        deserialize_i32();
        deserialize_i64();
        deserialize_u8();
        deserialize_u16();
        deserialize_u32();
        deserialize_u64();
        deserialize_f32();
        deserialize_f64();
        deserialize_char();
        deserialize_str();
        deserialize_string();
        deserialize_bytes();
        deserialize_byte_buf();
        deserialize_option();
        deserialize_unit();
        deserialize_unit_struct(name: &'static str);
        deserialize_newtype_struct(name: &'static str);
        deserialize_seq();
        deserialize_tuple(len: usize);
        deserialize_tuple_struct(name: &'static str, len: usize);
        deserialize_map();
        deserialize_struct(name: &'static str, fields: &'static [&'static str]);
        deserialize_enum(name: &'static str, variants: &'static [&'static str]);
        deserialize_identifier();
        deserialize_ignored_any();
    }
}

pub enum SeqReader<'a, 'b> {
    Coerce(Elements<'b, 'a>),
    Probe(OneElement<'a>),
}

impl<'de, 'a, 'b> de::SeqAccess<'de> for SeqReader<'a, 'b> {
    type Error = CoerceError;
    fn next_element_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> Result<Option<S::Value>, CoerceError> {
        match self {
            SeqReader::Coerce(e) => e.next_element_seed(seed),
            SeqReader::Probe(p) => p.next_element_seed(seed),
        }
    }
}

pub enum MapReader<'a, 'b> {
    Entries(Entries<'b, 'a>),
    Fields(Fields<'b, 'a>),
    Probe(OneEntry<'a>),
}

impl<'de, 'a, 'b> de::MapAccess<'de> for MapReader<'a, 'b> {
    type Error = CoerceError;
    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, CoerceError> {
        match self {
            MapReader::Entries(m) => m.next_key_seed(seed),
            MapReader::Fields(m) => m.next_key_seed(seed),
            MapReader::Probe(m) => m.next_key_seed(seed),
        }
    }
    fn next_value_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> Result<S::Value, CoerceError> {
        match self {
            MapReader::Entries(m) => m.next_value_seed(seed),
            MapReader::Fields(m) => m.next_value_seed(seed),
            MapReader::Probe(m) => m.next_value_seed(seed),
        }
    }
}

pub enum EnumReader<'a> {
    Coerce(Variant<'a>),
    Probe(OneVariant<'a>),
}

impl<'de, 'a> de::EnumAccess<'de> for EnumReader<'a> {
    type Error = CoerceError;
    type Variant = VariantReader<'a>;
    fn variant_seed<S: DeserializeSeed<'de>>(self, seed: S) -> Result<(S::Value, VariantReader<'a>), CoerceError> {
        match self {
            EnumReader::Coerce(v) => v.variant_seed(seed).map(|(x, v)| (x, VariantReader::Coerce(v))),
            EnumReader::Probe(v) => v.variant_seed(seed).map(|(x, p)| (x, VariantReader::Probe(p))),
        }
    }
}

pub enum VariantReader<'a> {
    Coerce(Variant<'a>),
    Probe(Probe<'a>),
}

impl<'de, 'a> de::VariantAccess<'de> for VariantReader<'a> {
    type Error = CoerceError;
    fn unit_variant(self) -> Result<(), CoerceError> {
        match self {
            VariantReader::Coerce(v) => v.unit_variant(),
            VariantReader::Probe(p) => p.unit_variant(),
        }
    }
    fn newtype_variant_seed<S: DeserializeSeed<'de>>(self, seed: S) -> Result<S::Value, CoerceError> {
        match self {
            VariantReader::Coerce(v) => v.newtype_variant_seed(seed),
            VariantReader::Probe(p) => p.newtype_variant_seed(seed),
        }
    }
    fn tuple_variant<V: Visitor<'de>>(self, len: usize, visitor: V) -> Result<V::Value, CoerceError> {
        match self {
            VariantReader::Coerce(v) => v.tuple_variant(len, visitor),
            VariantReader::Probe(p) => p.tuple_variant(len, visitor),
        }
    }
    fn struct_variant<V: Visitor<'de>>(
        self,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, CoerceError> {
        match self {
            VariantReader::Coerce(v) => v.struct_variant(fields, visitor),
            VariantReader::Probe(p) => p.struct_variant(fields, visitor),
        }
    }
}
