//! serde deserialization: `Deserialize for Value`, and `Value` as a `Deserializer` into any
//! `Deserialize` type ([`from_value`]).

use std::fmt;

use num_bigint::BigInt;
use num_traits::ToPrimitive;
use serde::de::value::{StrDeserializer, StringDeserializer};
use serde::de::{
    self, Deserialize, DeserializeOwned, DeserializeSeed, Deserializer, EnumAccess,
    IntoDeserializer, MapAccess, SeqAccess, VariantAccess, Visitor,
};

use super::ser::BIG_INT_TOKEN;
use super::{Bytes, Value, ValueError};

impl de::Error for ValueError {
    fn custom<T: fmt::Display>(msg: T) -> ValueError {
        ValueError::Custom(msg.to_string())
    }
}

impl<'de> Deserialize<'de> for Value {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(ValueVisitor)
    }
}

struct ValueVisitor;

impl<'de> Visitor<'de> for ValueVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a Python value (None, bool, int, float, str, bytes, list, tuple or dict)")
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Int(v))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_i128<E: de::Error>(self, v: i128) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_u128<E: de::Error>(self, v: u128) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Value, E> {
        Ok(Value::Float(v))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Value, E> {
        Ok(Value::Str(v))
    }
    fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<Value, E> {
        Ok(Value::Bytes(v.to_vec()))
    }
    fn visit_byte_buf<E: de::Error>(self, v: Vec<u8>) -> Result<Value, E> {
        Ok(Value::Bytes(v))
    }
    fn visit_none<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::None)
    }
    fn visit_unit<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::None)
    }
    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        Value::deserialize(deserializer)
    }
    fn visit_newtype_struct<D: Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<Value, D::Error> {
        Value::deserialize(deserializer)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Value::List(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut pairs = Vec::with_capacity(map.size_hint().unwrap_or(0).min(4096));
        while let Some(key) = map.next_key::<Value>()? {
            if pairs.is_empty() && key.as_str() == Some(BIG_INT_TOKEN) {
                let text: String = map.next_value()?;
                return BigInt::parse_bytes(text.as_bytes(), 10)
                    .map(Value::int)
                    .ok_or_else(|| de::Error::custom(format!("invalid big integer {text:?}")));
            }
            pairs.push((key, map.next_value()?));
        }
        Ok(Value::Dict(pairs))
    }
}

impl<'de> Deserialize<'de> for Bytes {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Bytes, D::Error> {
        struct BytesVisitor;
        impl<'de> Visitor<'de> for BytesVisitor {
            type Value = Bytes;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("bytes")
            }
            fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<Bytes, E> {
                Ok(Bytes(v.to_vec()))
            }
            fn visit_byte_buf<E: de::Error>(self, v: Vec<u8>) -> Result<Bytes, E> {
                Ok(Bytes(v))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Bytes, E> {
                Ok(Bytes(v.as_bytes().to_vec()))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Bytes, A::Error> {
                let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1 << 16));
                while let Some(byte) = seq.next_element()? {
                    out.push(byte);
                }
                Ok(Bytes(out))
            }
        }
        deserializer.deserialize_byte_buf(BytesVisitor)
    }
}

/// Converts a [`Value`] to any serde `Deserialize` type (see the [module's table](crate::value)).
///
/// ```
/// # use mpsandbox::{from_value, Value};
/// #[derive(serde::Deserialize, Debug, PartialEq)]
/// struct Point { x: i32, y: i32 }
/// let v = Value::Dict(vec![("x".into(), 1.into()), ("y".into(), 2.into())]);
/// assert_eq!(from_value::<Point>(v).unwrap(), Point { x: 1, y: 2 });
/// ```
pub fn from_value<T: DeserializeOwned>(value: Value) -> Result<T, ValueError> {
    T::deserialize(value)
}

impl IntoDeserializer<'_, ValueError> for Value {
    type Deserializer = Value;
    fn into_deserializer(self) -> Value {
        self
    }
}

impl<'de> Deserializer<'de> for Value {
    type Error = ValueError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ValueError> {
        match self {
            Value::None => visitor.visit_unit(),
            Value::Bool(b) => visitor.visit_bool(b),
            Value::Int(i) => visitor.visit_i64(i),
            Value::BigInt(big) => {
                if let Some(i) = big.to_i64() {
                    visitor.visit_i64(i)
                } else if let Some(u) = big.to_u64() {
                    visitor.visit_u64(u)
                } else if let Some(i) = big.to_i128() {
                    visitor.visit_i128(i)
                } else if let Some(u) = big.to_u128() {
                    visitor.visit_u128(u)
                } else {
                    visitor.visit_map(BigIntAccess {
                        text: Some(big.to_string()),
                    })
                }
            }
            Value::Float(f) => visitor.visit_f64(f),
            Value::Str(s) => visitor.visit_string(s),
            Value::Bytes(b) => visitor.visit_byte_buf(b),
            Value::List(items) | Value::Tuple(items) => visit_seq(items, visitor),
            Value::Dict(pairs) => {
                let mut access = DictAccess {
                    pairs: pairs.into_iter(),
                    value: None,
                };
                let out = visitor.visit_map(&mut access)?;
                let left = access.pairs.len();
                if left > 0 {
                    return Err(de::Error::invalid_length(
                        left,
                        &"fewer entries in the dict",
                    ));
                }
                Ok(out)
            }
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ValueError> {
        match self {
            Value::None => visitor.visit_none(),
            other => visitor.visit_some(other),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, ValueError> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, ValueError> {
        match self {
            Value::Str(variant) => visitor.visit_enum(EnumDeserializer {
                variant,
                content: None,
            }),
            Value::Dict(mut pairs) if pairs.len() == 1 => {
                let (key, content) = pairs.pop().expect("one pair");
                match key {
                    Value::Str(variant) => visitor.visit_enum(EnumDeserializer {
                        variant,
                        content: Some(content),
                    }),
                    other => Err(ValueError::expected("a str variant name", &other)),
                }
            }
            other => Err(ValueError::expected(
                "a str or a one-entry dict (an enum)",
                &other,
            )),
        }
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ValueError> {
        drop(self);
        visitor.visit_unit()
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct seq tuple tuple_struct map struct identifier
    }
}

fn visit_seq<'de, V: Visitor<'de>>(items: Vec<Value>, visitor: V) -> Result<V::Value, ValueError> {
    let mut access = SeqDeserializer {
        items: items.into_iter(),
    };
    let out = visitor.visit_seq(&mut access)?;
    let left = access.items.len();
    if left > 0 {
        return Err(de::Error::invalid_length(
            left,
            &"fewer items in the sequence",
        ));
    }
    Ok(out)
}

struct SeqDeserializer {
    items: std::vec::IntoIter<Value>,
}

impl<'de> SeqAccess<'de> for SeqDeserializer {
    type Error = ValueError;
    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, ValueError> {
        self.items
            .next()
            .map(|item| seed.deserialize(item))
            .transpose()
    }
    fn size_hint(&self) -> Option<usize> {
        Some(self.items.len())
    }
}

struct DictAccess {
    pairs: std::vec::IntoIter<(Value, Value)>,
    value: Option<Value>,
}

impl<'de> MapAccess<'de> for DictAccess {
    type Error = ValueError;
    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, ValueError> {
        match self.pairs.next() {
            Some((key, value)) => {
                self.value = Some(value);
                seed.deserialize(key).map(Some)
            }
            None => Ok(None),
        }
    }
    fn next_value_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<T::Value, ValueError> {
        let value = self
            .value
            .take()
            .ok_or_else(|| ValueError::Custom("dict value requested before its key".into()))?;
        seed.deserialize(value)
    }
    fn size_hint(&self) -> Option<usize> {
        Some(self.pairs.len())
    }
}

/// An integer outside the 128-bit range, as the one-entry map `Value`'s own visitor reads back.
struct BigIntAccess {
    text: Option<String>,
}

impl<'de> MapAccess<'de> for BigIntAccess {
    type Error = ValueError;
    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, ValueError> {
        if self.text.is_none() {
            return Ok(None);
        }
        let key: StrDeserializer<'_, ValueError> = BIG_INT_TOKEN.into_deserializer();
        seed.deserialize(key).map(Some)
    }
    fn next_value_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<T::Value, ValueError> {
        let text = self
            .text
            .take()
            .ok_or_else(|| ValueError::Custom("no big integer left".into()))?;
        let value: StringDeserializer<ValueError> = text.into_deserializer();
        seed.deserialize(value)
    }
}

struct EnumDeserializer {
    variant: String,
    content: Option<Value>,
}

impl<'de> EnumAccess<'de> for EnumDeserializer {
    type Error = ValueError;
    type Variant = VariantDeserializer;
    fn variant_seed<V: DeserializeSeed<'de>>(
        self,
        seed: V,
    ) -> Result<(V::Value, VariantDeserializer), ValueError> {
        let name: StringDeserializer<ValueError> = self.variant.into_deserializer();
        let variant = seed.deserialize(name)?;
        Ok((
            variant,
            VariantDeserializer {
                content: self.content,
            },
        ))
    }
}

struct VariantDeserializer {
    content: Option<Value>,
}

impl<'de> VariantAccess<'de> for VariantDeserializer {
    type Error = ValueError;
    fn unit_variant(self) -> Result<(), ValueError> {
        match self.content {
            None | Some(Value::None) => Ok(()),
            Some(other) => Err(ValueError::expected("None (a unit variant)", &other)),
        }
    }
    fn newtype_variant_seed<T: DeserializeSeed<'de>>(
        self,
        seed: T,
    ) -> Result<T::Value, ValueError> {
        seed.deserialize(self.content.unwrap_or(Value::None))
    }
    fn tuple_variant<V: Visitor<'de>>(
        self,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, ValueError> {
        match self.content {
            Some(Value::Tuple(items) | Value::List(items)) => visit_seq(items, visitor),
            Some(other) => Err(ValueError::expected("tuple", &other)),
            None => Err(ValueError::Type {
                expected: "tuple",
                found: "str",
            }),
        }
    }
    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, ValueError> {
        match self.content {
            Some(content @ Value::Dict(_)) => content.deserialize_any(visitor),
            Some(other) => Err(ValueError::expected("dict", &other)),
            None => Err(ValueError::Type {
                expected: "dict",
                found: "str",
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use serde::{Deserialize, Serialize};

    use super::super::to_value;
    use super::*;

    #[derive(Serialize, Deserialize, Debug, PartialEq)]
    enum Shape {
        Empty,
        Circle(f64),
        Rect(u32, u32),
        Named { name: String, sides: Option<u8> },
    }

    #[derive(Serialize, Deserialize, Debug, PartialEq)]
    struct Doc {
        id: u64,
        big: i128,
        title: String,
        tags: Vec<String>,
        shapes: Vec<Shape>,
        pair: (bool, char),
        extra: BTreeMap<String, f32>,
        missing: Option<String>,
        blob: Bytes,
        unit: (),
        raw: Value,
    }

    fn doc() -> Doc {
        Doc {
            id: u64::MAX,
            big: i128::MIN,
            title: "t".into(),
            tags: vec!["a".into(), "b".into()],
            shapes: vec![
                Shape::Empty,
                Shape::Circle(0.5),
                Shape::Rect(2, 3),
                Shape::Named {
                    name: "tri".into(),
                    sides: Some(3),
                },
            ],
            pair: (true, 'x'),
            extra: [("k".to_string(), 1.5)].into_iter().collect(),
            missing: None,
            blob: Bytes(vec![0, 1, 255]),
            unit: (),
            raw: Value::Tuple(vec![
                Value::int(BigInt::from(7) << 200u32),
                Value::Bytes(vec![9]),
            ]),
        }
    }

    #[test]
    fn serde_types_round_trip_through_value() {
        let v = to_value(&doc()).unwrap();
        assert_eq!(v.get("id"), Some(&Value::from(u64::MAX)));
        assert_eq!(
            v.get("shapes").unwrap().as_slice().unwrap()[0],
            Value::from("Empty")
        );
        assert_eq!(
            v.get("shapes").unwrap().as_slice().unwrap()[2],
            Value::Dict(vec![(
                "Rect".into(),
                Value::Tuple(vec![2.into(), 3.into()])
            )])
        );
        assert_eq!(
            v.get("pair"),
            Some(&Value::Tuple(vec![true.into(), "x".into()]))
        );
        assert_eq!(v.get("blob"), Some(&Value::Bytes(vec![0, 1, 255])));
        assert_eq!(v.get("missing"), Some(&Value::None));
        // A Value inside a serde type keeps its huge integer in both directions; its tuple
        // reads back as a list (serde's deserializing side has no tuple of unknown length).
        assert_eq!(v.get("raw"), Some(&doc().raw));
        let mut expected = doc();
        if let Value::Tuple(items) = expected.raw {
            expected.raw = Value::List(items);
        }
        assert_eq!(from_value::<Doc>(v).unwrap(), expected);
    }

    #[test]
    fn values_round_trip_through_json() {
        let v = Value::Dict(vec![
            ("n".into(), Value::from(u64::MAX)),
            ("f".into(), Value::Float(0.25)),
            (
                "l".into(),
                Value::List(vec![Value::None, Value::Bool(false), "s".into()]),
            ),
        ]);
        let json = serde_json::to_string(&v).unwrap();
        assert_eq!(
            json,
            r#"{"n":18446744073709551615,"f":0.25,"l":[null,false,"s"]}"#
        );
        assert_eq!(serde_json::from_str::<Value>(&json).unwrap(), v);
        // serde_json writes 128-bit integers (it reads them back as floats).
        assert_eq!(
            serde_json::to_string(&Value::from(i128::MIN)).unwrap(),
            i128::MIN.to_string()
        );
        // Beyond 128 bits serde has no integer: a string stands in.
        let huge = Value::int(BigInt::from(1) << 130u32);
        assert_eq!(
            serde_json::to_string(&huge).unwrap(),
            "\"1361129467683753853853498429727072845824\""
        );
    }

    #[test]
    fn conversion_errors_are_typed() {
        let err = from_value::<u8>(Value::Int(300)).unwrap_err();
        assert!(err.to_string().contains("300"), "{err}");
        let err = from_value::<String>(Value::Int(1)).unwrap_err();
        assert!(matches!(err, ValueError::Custom(_)));
        let err =
            from_value::<(i32, i32)>(Value::Tuple(vec![1.into(), 2.into(), 3.into()])).unwrap_err();
        assert!(err.to_string().contains("fewer items"), "{err}");
        assert!(from_value::<Shape>(Value::Int(1)).is_err());
    }
}
