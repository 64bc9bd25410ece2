//! Conversions between [`Value`] and native Rust types.

use std::collections::{BTreeMap, HashMap};
use std::hash::{BuildHasher, Hash};

use num_bigint::BigInt;
use num_traits::ToPrimitive;

use super::{Bytes, Value, ValueError};

// ---------------------------------------------------------------------------------------------
// Rust -> Value

impl From<bool> for Value {
    fn from(b: bool) -> Value {
        Value::Bool(b)
    }
}

macro_rules! from_small_int {
    ($($t:ty),*) => {$(
        impl From<$t> for Value {
            fn from(i: $t) -> Value {
                Value::Int(i64::from(i))
            }
        }
    )*};
}
from_small_int!(i8, i16, i32, i64, u8, u16, u32);

macro_rules! from_wide_int {
    ($($t:ty),*) => {$(
        impl From<$t> for Value {
            fn from(i: $t) -> Value {
                match i64::try_from(i) {
                    Ok(small) => Value::Int(small),
                    Err(_) => Value::BigInt(BigInt::from(i)),
                }
            }
        }
    )*};
}
from_wide_int!(isize, u64, usize, i128, u128);

impl From<BigInt> for Value {
    fn from(i: BigInt) -> Value {
        Value::int(i)
    }
}

impl From<f32> for Value {
    fn from(f: f32) -> Value {
        Value::Float(f64::from(f))
    }
}

impl From<f64> for Value {
    fn from(f: f64) -> Value {
        Value::Float(f)
    }
}

impl From<char> for Value {
    fn from(c: char) -> Value {
        Value::Str(c.to_string())
    }
}

impl From<&str> for Value {
    fn from(s: &str) -> Value {
        Value::Str(s.to_owned())
    }
}

impl From<String> for Value {
    fn from(s: String) -> Value {
        Value::Str(s)
    }
}

impl From<&String> for Value {
    fn from(s: &String) -> Value {
        Value::Str(s.clone())
    }
}

impl From<Bytes> for Value {
    fn from(b: Bytes) -> Value {
        Value::Bytes(b.0)
    }
}

impl From<()> for Value {
    fn from(_: ()) -> Value {
        Value::None
    }
}

impl<T: Into<Value>> From<Option<T>> for Value {
    /// `None` for `None`, else the value of the content.
    fn from(o: Option<T>) -> Value {
        o.map_or(Value::None, Into::into)
    }
}

impl<T: Into<Value>> From<Vec<T>> for Value {
    /// A `list`. (For `bytes`, wrap a `Vec<u8>` in [`Bytes`].)
    fn from(items: Vec<T>) -> Value {
        Value::List(items.into_iter().map(Into::into).collect())
    }
}

impl<T: Clone + Into<Value>> From<&[T]> for Value {
    /// A `list`.
    fn from(items: &[T]) -> Value {
        Value::List(items.iter().cloned().map(Into::into).collect())
    }
}

impl<T: Into<Value>, const N: usize> From<[T; N]> for Value {
    /// A `list`.
    fn from(items: [T; N]) -> Value {
        Value::List(items.into_iter().map(Into::into).collect())
    }
}

impl<K: Into<Value>, V: Into<Value>, S> From<HashMap<K, V, S>> for Value {
    /// A `dict`, in the map's iteration order.
    fn from(map: HashMap<K, V, S>) -> Value {
        Value::Dict(map.into_iter().map(|(k, v)| (k.into(), v.into())).collect())
    }
}

impl<K: Into<Value>, V: Into<Value>> From<BTreeMap<K, V>> for Value {
    /// A `dict`, in key order.
    fn from(map: BTreeMap<K, V>) -> Value {
        Value::Dict(map.into_iter().map(|(k, v)| (k.into(), v.into())).collect())
    }
}

impl<K: Into<Value>, V: Into<Value>> FromIterator<(K, V)> for Value {
    /// A `dict` of the pairs.
    fn from_iter<I: IntoIterator<Item = (K, V)>>(pairs: I) -> Value {
        Value::Dict(
            pairs
                .into_iter()
                .map(|(k, v)| (k.into(), v.into()))
                .collect(),
        )
    }
}

macro_rules! tuples {
    ($($len:literal => ($($name:ident $idx:tt),+);)*) => {$(
        impl<$($name: Into<Value>),+> From<($($name,)+)> for Value {
            /// A `tuple`.
            fn from(t: ($($name,)+)) -> Value {
                Value::Tuple(vec![$(t.$idx.into()),+])
            }
        }

        impl<$($name),+> TryFrom<Value> for ($($name,)+)
        where
            $($name: TryFrom<Value, Error = ValueError>),+
        {
            type Error = ValueError;
            /// From a `tuple` (or a `list`) of exactly this length.
            fn try_from(value: Value) -> Result<Self, ValueError> {
                let items = match value {
                    Value::Tuple(items) | Value::List(items) => items,
                    other => return Err(ValueError::expected("tuple", &other)),
                };
                if items.len() != $len {
                    return Err(ValueError::Length { expected: $len, found: items.len() });
                }
                let mut items = items.into_iter();
                Ok(($($name::try_from(items.next().expect(concat!("length checked ", stringify!($idx))))?,)+))
            }
        }
    )*};
}
tuples! {
    1 => (A 0);
    2 => (A 0, B 1);
    3 => (A 0, B 1, C 2);
    4 => (A 0, B 1, C 2, D 3);
    5 => (A 0, B 1, C 2, D 3, E 4);
    6 => (A 0, B 1, C 2, D 3, E 4, F 5);
    7 => (A 0, B 1, C 2, D 3, E 4, F 5, G 6);
    8 => (A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7);
}

// ---------------------------------------------------------------------------------------------
// Value -> Rust

impl TryFrom<Value> for bool {
    type Error = ValueError;
    /// From a `bool` only.
    fn try_from(value: Value) -> Result<bool, ValueError> {
        value
            .as_bool()
            .ok_or_else(|| ValueError::expected("bool", &value))
    }
}

macro_rules! try_into_int {
    ($($t:ty),*) => {$(
        impl TryFrom<Value> for $t {
            type Error = ValueError;
            /// From an `int` in range (not from a `bool`).
            fn try_from(value: Value) -> Result<$t, ValueError> {
                let out_of_range = |value: String| ValueError::OutOfRange {
                    value,
                    target: stringify!($t),
                };
                match value {
                    Value::Int(i) => <$t>::try_from(i).map_err(|_| out_of_range(i.to_string())),
                    Value::BigInt(big) => <$t>::try_from(&big).map_err(|_| out_of_range(big.to_string())),
                    other => Err(ValueError::expected("int", &other)),
                }
            }
        }
    )*};
}
try_into_int!(
    i8, i16, i32, i64, i128, isize, u8, u16, u32, u64, u128, usize
);

impl TryFrom<Value> for BigInt {
    type Error = ValueError;
    /// From an `int`.
    fn try_from(value: Value) -> Result<BigInt, ValueError> {
        match value {
            Value::Int(i) => Ok(BigInt::from(i)),
            Value::BigInt(big) => Ok(big),
            other => Err(ValueError::expected("int", &other)),
        }
    }
}

impl TryFrom<Value> for f64 {
    type Error = ValueError;
    /// From a `float`, or an `int` (to the nearest float, as Python's `float(n)`; an `int`
    /// too large for a float is out of range).
    fn try_from(value: Value) -> Result<f64, ValueError> {
        match value {
            Value::Float(f) => Ok(f),
            Value::Int(i) => Ok(i as f64),
            Value::BigInt(big) => {
                big.to_f64()
                    .filter(|f| f.is_finite())
                    .ok_or_else(|| ValueError::OutOfRange {
                        value: big.to_string(),
                        target: "f64",
                    })
            }
            other => Err(ValueError::expected("float", &other)),
        }
    }
}

impl TryFrom<Value> for f32 {
    type Error = ValueError;
    /// As for `f64`, then rounded to the nearest `f32`.
    fn try_from(value: Value) -> Result<f32, ValueError> {
        f64::try_from(value).map(|f| f as f32)
    }
}

impl TryFrom<Value> for String {
    type Error = ValueError;
    /// From a `str`.
    fn try_from(value: Value) -> Result<String, ValueError> {
        match value {
            Value::Str(s) => Ok(s),
            other => Err(ValueError::expected("str", &other)),
        }
    }
}

impl TryFrom<Value> for char {
    type Error = ValueError;
    /// From a `str` of exactly one character.
    fn try_from(value: Value) -> Result<char, ValueError> {
        if let Value::Str(s) = &value {
            let mut chars = s.chars();
            if let (Some(c), None) = (chars.next(), chars.next()) {
                return Ok(c);
            }
        }
        Err(ValueError::expected("a str of one character", &value))
    }
}

impl TryFrom<Value> for Bytes {
    type Error = ValueError;
    /// From a `bytes`.
    fn try_from(value: Value) -> Result<Bytes, ValueError> {
        match value {
            Value::Bytes(b) => Ok(Bytes(b)),
            other => Err(ValueError::expected("bytes", &other)),
        }
    }
}

impl TryFrom<Value> for () {
    type Error = ValueError;
    /// From `None`.
    fn try_from(value: Value) -> Result<(), ValueError> {
        match value {
            Value::None => Ok(()),
            other => Err(ValueError::expected("None", &other)),
        }
    }
}

impl<T: TryFrom<Value, Error = ValueError>> TryFrom<Value> for Option<T> {
    type Error = ValueError;
    /// `None` from `None`, else `Some` of the converted value.
    fn try_from(value: Value) -> Result<Option<T>, ValueError> {
        match value {
            Value::None => Ok(None),
            other => T::try_from(other).map(Some),
        }
    }
}

impl<T: TryFrom<Value, Error = ValueError>> TryFrom<Value> for Vec<T> {
    type Error = ValueError;
    /// From a `list` or a `tuple`, item by item.
    fn try_from(value: Value) -> Result<Vec<T>, ValueError> {
        match value {
            Value::List(items) | Value::Tuple(items) => {
                items.into_iter().map(T::try_from).collect()
            }
            other => Err(ValueError::expected("list", &other)),
        }
    }
}

/// Converts a `dict`'s keys and values into any map (a later duplicate key, after
/// conversion, replaces an earlier one).
fn dict_entries<K, V, M>(value: Value) -> Result<M, ValueError>
where
    K: TryFrom<Value, Error = ValueError>,
    V: TryFrom<Value, Error = ValueError>,
    M: FromIterator<(K, V)>,
{
    match value {
        Value::Dict(pairs) => pairs
            .into_iter()
            .map(|(k, v)| Ok((K::try_from(k)?, V::try_from(v)?)))
            .collect(),
        other => Err(ValueError::expected("dict", &other)),
    }
}

impl<K, V, S> TryFrom<Value> for HashMap<K, V, S>
where
    K: TryFrom<Value, Error = ValueError> + Eq + Hash,
    V: TryFrom<Value, Error = ValueError>,
    S: BuildHasher + Default,
{
    type Error = ValueError;
    /// From a `dict`; a later duplicate key (after conversion) replaces an earlier one.
    fn try_from(value: Value) -> Result<HashMap<K, V, S>, ValueError> {
        dict_entries(value)
    }
}

impl<K, V> TryFrom<Value> for BTreeMap<K, V>
where
    K: TryFrom<Value, Error = ValueError> + Ord,
    V: TryFrom<Value, Error = ValueError>,
{
    type Error = ValueError;
    /// From a `dict`; a later duplicate key (after conversion) replaces an earlier one.
    fn try_from(value: Value) -> Result<BTreeMap<K, V>, ValueError> {
        dict_entries(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integers_are_normalised() {
        assert_eq!(Value::from(5u64), Value::Int(5));
        assert!(matches!(Value::from(u64::MAX), Value::BigInt(_)));
        assert!(matches!(
            Value::from(i128::from(i64::MIN)),
            Value::Int(i64::MIN)
        ));
        assert!(matches!(
            Value::from(i128::from(i64::MIN) - 1),
            Value::BigInt(_)
        ));
        assert!(matches!(Value::from(BigInt::from(7)), Value::Int(7)));
        assert_eq!(Value::BigInt(BigInt::from(7)), Value::Int(7));
    }

    #[test]
    fn dicts_compare_in_any_order() {
        let ab = Value::from_iter([("a", 1), ("b", 2)]);
        assert_eq!(ab, Value::from_iter([("b", 2), ("a", 1)]));
        assert_ne!(ab, Value::from_iter([("b", 2), ("a", 2)]));
        assert_ne!(ab, Value::from_iter([("a", 1)]));
        // Each pair matches once.
        let twice = Value::from_iter([("a", 1), ("a", 1)]);
        assert_ne!(twice, Value::from_iter([("a", 1), ("b", 2)]));
        assert_ne!(Value::from_iter([("a", 1), ("b", 2)]), twice);
        assert_ne!(ab, Value::List(vec![]));
    }

    #[test]
    fn integers_convert_back_with_range_checks() {
        assert_eq!(u8::try_from(Value::Int(255)), Ok(255));
        assert_eq!(
            u8::try_from(Value::Int(256)),
            Err(ValueError::OutOfRange {
                value: "256".into(),
                target: "u8"
            })
        );
        assert_eq!(u64::try_from(Value::from(u64::MAX)), Ok(u64::MAX));
        assert_eq!(i128::try_from(Value::from(i128::MIN)), Ok(i128::MIN));
        assert_eq!(
            i64::try_from(Value::Bool(true)),
            Err(ValueError::Type {
                expected: "int",
                found: "bool"
            })
        );
        assert_eq!(f64::try_from(Value::Int(3)), Ok(3.0));
    }

    #[test]
    fn containers_round_trip() {
        let v = Value::from(vec![(1, "a".to_string()), (2, "b".to_string())]);
        assert_eq!(
            v,
            Value::List(vec![
                Value::Tuple(vec![Value::Int(1), Value::from("a")]),
                Value::Tuple(vec![Value::Int(2), Value::from("b")]),
            ])
        );
        let back: Vec<(i32, String)> = v.try_into().unwrap();
        assert_eq!(back, vec![(1, "a".to_string()), (2, "b".to_string())]);

        let map: BTreeMap<String, Option<i64>> =
            [("x".to_string(), Some(1)), ("y".to_string(), None)]
                .into_iter()
                .collect();
        let v = Value::from(map.clone());
        assert_eq!(v.get("y"), Some(&Value::None));
        assert_eq!(BTreeMap::<String, Option<i64>>::try_from(v), Ok(map));

        let h: HashMap<i64, bool> = [(1, true)].into_iter().collect();
        assert_eq!(
            HashMap::<i64, bool>::try_from(Value::from(h.clone())),
            Ok(h)
        );
    }

    #[test]
    fn bytes_need_the_wrapper() {
        assert_eq!(Value::from(Bytes(vec![1, 2])), Value::Bytes(vec![1, 2]));
        assert_eq!(
            Value::from(vec![1u8, 2]),
            Value::List(vec![Value::Int(1), Value::Int(2)])
        );
        assert_eq!(Bytes::try_from(Value::Bytes(vec![3])), Ok(Bytes(vec![3])));
    }

    #[test]
    fn tuple_lengths_are_checked() {
        let v = Value::Tuple(vec![Value::Int(1)]);
        assert_eq!(
            <(i64, i64)>::try_from(v),
            Err(ValueError::Length {
                expected: 2,
                found: 1
            })
        );
        assert_eq!(
            <(i64,)>::try_from(Value::List(vec![Value::Int(1)])),
            Ok((1,))
        );
        assert_eq!(char::try_from(Value::from("é")), Ok('é'));
        assert!(char::try_from(Value::from("ab")).is_err());
    }
}
