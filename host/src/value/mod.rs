//! Python values that cross the sandbox boundary.
//!
//! A [`Value`] is a tree of the Python types that have a value form: `None`, `bool`, `int` (of
//! any size), `float`, `str`, `bytes`, `list`, `tuple` and `dict`. Anything else (a function, an
//! object) is refused by the guest with a `TypeError` naming its type.
//!
//! Conversions:
//! - native Rust types: `From<T> for Value` and `TryFrom<Value> for T` for integers, floats,
//!   `bool`, strings, [`Bytes`], `Vec<T>`, `HashMap`/`BTreeMap`, `Option<T>`, tuples and `()`;
//! - any serde type: [`to_value`] and [`from_value`] (see the mapping below);
//! - JSON: [`Value`] is `Serialize`/`Deserialize`, and [`Value::to_json`] writes exact JSON
//!   (integers of any size as JSON numbers).
//!
//! # The serde data model
//!
//! | serde | `Value` |
//! |---|---|
//! | unit, unit struct, `None` | `None` |
//! | `bool` | `Bool` |
//! | integers (`i8`..`i128`, `u8`..`u128`) | `Int`, or `BigInt` outside `i64` |
//! | `f32`, `f64` | `Float` |
//! | `char`, `str` | `Str` |
//! | bytes (`serde_bytes`, [`Bytes`]) | `Bytes` |
//! | sequence (`Vec`, slices, sets) | `List` |
//! | tuple, tuple struct | `Tuple` |
//! | map, struct | `Dict` (struct fields as `Str` keys) |
//! | `Some(x)`, newtype struct | the value of `x` |
//! | unit variant | `Str` holding the variant's name |
//! | newtype, tuple or struct variant | a one-entry `Dict`: `{variant: content}` |
//!
//! Serializing a `Value` into another format (JSON, say) follows the same table backwards;
//! an integer outside the 128-bit range, which serde cannot express, is serialized as its
//! decimal string (except into a `Value`, where it stays an integer). Deserializing a `Value`
//! from a self-describing format reads sequences as `List` (serde does not tell a tuple from
//! a list there) and map keys as they come (`Str` from JSON).

mod convert;
mod de;
mod json;
pub(crate) mod nodes;
mod repr;
mod ser;

use std::cmp::Ordering;

use num_bigint::BigInt;
use num_traits::ToPrimitive;

pub use self::de::from_value;
pub use self::json::JsonError;
#[doc(hidden)]
pub use self::nodes::fuzz_decode;
pub use self::ser::to_value;

/// The deepest nesting of containers that crosses the boundary, in both directions.
///
/// The guest refuses deeper values, and the host refuses guest data that is deeper, so that
/// neither building nor dropping a received [`Value`] can exhaust the host's stack.
pub const MAX_DEPTH: usize = 512;

/// A Python value: the typed tree that crosses the sandbox boundary.
///
/// Integers are normalised: a value built by this crate holds [`Value::Int`] for every integer
/// that fits in an `i64` and [`Value::BigInt`] only for the others. Equality compares integers
/// by value, so `Value::BigInt(5.into()) == Value::Int(5)` holds all the same.
///
/// [`Display`](std::fmt::Display) prints the value as Python's `repr` does.
#[derive(Clone, Debug)]
pub enum Value {
    /// `None`.
    None,
    /// `bool`.
    Bool(bool),
    /// `int` in the 64-bit range.
    Int(i64),
    /// `int` outside the 64-bit range.
    BigInt(BigInt),
    /// `float`.
    Float(f64),
    /// `str`.
    Str(String),
    /// `bytes`.
    Bytes(Vec<u8>),
    /// `list`.
    List(Vec<Value>),
    /// `tuple`.
    Tuple(Vec<Value>),
    /// `dict`: (key, value) pairs, in the dict's iteration order. Keys are hashable values
    /// (no `list` or `dict`, nor a `tuple` that holds one). (MicroPython's `dict` iterates in
    /// hash order; its `OrderedDict`, in insertion order.)
    Dict(Vec<(Value, Value)>),
}

/// A byte string, so that `Vec<u8>` can convert to and from [`Value::Bytes`] (a plain
/// `Vec<u8>` converts to a list of ints, as any `Vec<T>` does).
///
/// Serializes with serde's bytes type, like `serde_bytes`.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Bytes(pub Vec<u8>);

impl Value {
    /// The Python type name of this value: `NoneType`, `bool`, `int`, `float`, `str`, `bytes`,
    /// `list`, `tuple` or `dict`.
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::None => "NoneType",
            Value::Bool(_) => "bool",
            Value::Int(_) | Value::BigInt(_) => "int",
            Value::Float(_) => "float",
            Value::Str(_) => "str",
            Value::Bytes(_) => "bytes",
            Value::List(_) => "list",
            Value::Tuple(_) => "tuple",
            Value::Dict(_) => "dict",
        }
    }

    /// Builds an integer value, [`Value::Int`] when it fits in an `i64`.
    pub fn int(value: impl Into<BigInt>) -> Value {
        let value = value.into();
        match value.to_i64() {
            Some(small) => Value::Int(small),
            None => Value::BigInt(value),
        }
    }

    /// Returns the value with every integer normalised (see [`Value`]).
    pub fn normalized(self) -> Value {
        match self {
            Value::BigInt(big) => Value::int(big),
            Value::List(items) => Value::List(items.into_iter().map(Value::normalized).collect()),
            Value::Tuple(items) => Value::Tuple(items.into_iter().map(Value::normalized).collect()),
            Value::Dict(pairs) => Value::Dict(
                pairs
                    .into_iter()
                    .map(|(k, v)| (k.normalized(), v.normalized()))
                    .collect(),
            ),
            other => other,
        }
    }

    /// `true` for `None`.
    pub fn is_none(&self) -> bool {
        matches!(self, Value::None)
    }

    /// The boolean, for a `bool`.
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Value::Bool(b) => Some(*b),
            _ => None,
        }
    }

    /// The integer, for an `int` in the 64-bit range.
    pub fn as_i64(&self) -> Option<i64> {
        match self {
            Value::Int(i) => Some(*i),
            Value::BigInt(big) => big.to_i64(),
            _ => None,
        }
    }

    /// The float, for a `float`, or an `int` converted to the nearest float.
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Value::Float(f) => Some(*f),
            Value::Int(i) => Some(*i as f64),
            Value::BigInt(big) => big.to_f64(),
            _ => None,
        }
    }

    /// The text, for a `str`.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }

    /// The bytes, for a `bytes`.
    pub fn as_bytes(&self) -> Option<&[u8]> {
        match self {
            Value::Bytes(b) => Some(b),
            _ => None,
        }
    }

    /// The items, for a `list` or a `tuple`.
    pub fn as_slice(&self) -> Option<&[Value]> {
        match self {
            Value::List(items) | Value::Tuple(items) => Some(items),
            _ => None,
        }
    }

    /// The (key, value) pairs, for a `dict`.
    pub fn as_dict(&self) -> Option<&[(Value, Value)]> {
        match self {
            Value::Dict(pairs) => Some(pairs),
            _ => None,
        }
    }

    /// Looks up `key` in a `dict` (by equality, as a scan). `None` for a missing key or a
    /// value that is not a `dict`.
    pub fn get(&self, key: impl Into<Value>) -> Option<&Value> {
        let key = key.into();
        self.as_dict()?
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, v)| v)
    }
}

impl PartialEq for Value {
    /// Structural equality; integers compare by value whatever their variant, floats as IEEE
    /// numbers (so `NaN != NaN`), and dicts as Python compares them: the same pairs, in any
    /// order. As in Rust (and unlike Python), `1 != 1.0` and `True != 1`: the types differ.
    fn eq(&self, other: &Value) -> bool {
        match (self, other) {
            (Value::None, Value::None) => true,
            (Value::Bool(a), Value::Bool(b)) => a == b,
            (Value::Int(a), Value::Int(b)) => a == b,
            (Value::BigInt(a), Value::BigInt(b)) => a == b,
            (Value::Int(a), Value::BigInt(b)) | (Value::BigInt(b), Value::Int(a)) => {
                b.cmp(&BigInt::from(*a)) == Ordering::Equal
            }
            (Value::Float(a), Value::Float(b)) => a == b,
            (Value::Str(a), Value::Str(b)) => a == b,
            (Value::Bytes(a), Value::Bytes(b)) => a == b,
            (Value::List(a), Value::List(b)) | (Value::Tuple(a), Value::Tuple(b)) => a == b,
            (Value::Dict(a), Value::Dict(b)) => a.len() == b.len() && (a == b || same_pairs(a, b)),
            _ => false,
        }
    }
}

/// Whether `a` and `b` hold the same pairs in some order (`a.len() == b.len()`).
fn same_pairs(a: &[(Value, Value)], b: &[(Value, Value)]) -> bool {
    let mut matched = vec![false; b.len()];
    a.iter().all(
        |pair| match (0..b.len()).find(|&j| !matched[j] && b[j] == *pair) {
            Some(j) => {
                matched[j] = true;
                true
            }
            None => false,
        },
    )
}

impl Default for Value {
    /// `None`.
    fn default() -> Value {
        Value::None
    }
}

impl From<Vec<u8>> for Bytes {
    fn from(bytes: Vec<u8>) -> Bytes {
        Bytes(bytes)
    }
}

impl From<&[u8]> for Bytes {
    fn from(bytes: &[u8]) -> Bytes {
        Bytes(bytes.to_vec())
    }
}

impl From<Bytes> for Vec<u8> {
    fn from(bytes: Bytes) -> Vec<u8> {
        bytes.0
    }
}

impl std::ops::Deref for Bytes {
    type Target = Vec<u8>;
    fn deref(&self) -> &Vec<u8> {
        &self.0
    }
}

/// Why a value could not be converted, encoded or decoded.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ValueError {
    /// The value has another Python type than the target needs.
    #[error("expected {expected}, found {found}")]
    Type {
        /// What the conversion needed (a Python type name or a short description).
        expected: &'static str,
        /// The Python type name of the value.
        found: &'static str,
    },
    /// An integer does not fit in the target type.
    #[error("int {value} is out of range for {target}")]
    OutOfRange {
        /// The integer, in decimal.
        value: String,
        /// The Rust target type.
        target: &'static str,
    },
    /// A tuple or list has another length than the target tuple.
    #[error("expected a sequence of {expected} items, found {found}")]
    Length {
        /// The target's number of items.
        expected: usize,
        /// The value's number of items.
        found: usize,
    },
    /// The value is nested deeper than [`MAX_DEPTH`] containers.
    #[error("value nested deeper than {} levels", MAX_DEPTH)]
    TooDeep,
    /// A flat node list (the wire form of a value) is malformed.
    #[error("malformed value: {0}")]
    Malformed(String),
    /// A message from a serde `Serialize` or `Deserialize` implementation.
    #[error("{0}")]
    Custom(String),
}

impl ValueError {
    pub(crate) fn expected(expected: &'static str, found: &Value) -> ValueError {
        ValueError::Type {
            expected,
            found: found.type_name(),
        }
    }
}
