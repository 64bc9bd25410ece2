//! Exact JSON text for a [`Value`].

use std::fmt::Write as _;

use super::Value;

impl Value {
    /// Writes the value as JSON text, exactly (unlike serde, integers of any size stay JSON
    /// numbers):
    ///
    /// | `Value` | JSON |
    /// |---|---|
    /// | `None` | `null` |
    /// | `Bool`, `Int`, `BigInt` | `true`/`false`, a number with every digit |
    /// | `Float` | a number (`1.0`, `1e300`); `NaN` and infinities, which JSON lacks, as `null` |
    /// | `Str` | a string |
    /// | `Bytes` | an array of numbers (as `serde_json` writes bytes) |
    /// | `List`, `Tuple` | an array |
    /// | `Dict` | an object; a key that is not a `str` is written as its own JSON text, as a string (`1` → `"1"`, `None` → `"null"`, `(1, 2)` → `"[1,2]"`) |
    ///
    /// ```
    /// # use mpsandbox::Value;
    /// let v = Value::Dict(vec![(Value::Int(1), Value::from(u128::MAX) )]);
    /// assert_eq!(v.to_json(), r#"{"1":340282366920938463463374607431768211455}"#);
    /// ```
    pub fn to_json(&self) -> String {
        let mut out = String::new();
        write_json(self, &mut out);
        out
    }
}

/// JSON text that [`Value::from_json`] could not read: where and why.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("invalid JSON: {0}")]
pub struct JsonError(String);

impl Value {
    /// Reads JSON text exactly, as Python's `json.loads` does: integers of any size stay
    /// integers (`Int` or `BigInt`, never a rounded float), objects become `Dict`s with `Str`
    /// keys in their order (a repeated key keeps its first place and its last value), arrays
    /// become `List`s. Nesting deeper than the parser's recursion limit (200 levels) is an
    /// error, as are `NaN` and infinities, which JSON lacks.
    ///
    /// ```
    /// # use mpsandbox::Value;
    /// let v = Value::from_json(r#"{"n": 340282366920938463463374607431768211455}"#).unwrap();
    /// assert_eq!(v, Value::Dict(vec![("n".into(), Value::from(u128::MAX))]));
    /// ```
    pub fn from_json(text: &str) -> Result<Value, JsonError> {
        let parsed = jiter::JsonValue::parse(text.as_bytes(), false)
            .map_err(|e| JsonError(e.description(text.as_bytes())))?;
        Ok(from_jiter(&parsed))
    }
}

fn from_jiter(json: &jiter::JsonValue<'_>) -> Value {
    use jiter::JsonValue as J;
    match json {
        J::Null => Value::None,
        J::Bool(b) => Value::Bool(*b),
        J::Int(i) => Value::Int(*i),
        J::BigInt(big) => Value::int(big.clone()),
        J::Float(f) => Value::Float(*f),
        J::Str(s) => Value::Str(s.to_string()),
        J::Array(items) => Value::List(items.iter().map(from_jiter).collect()),
        J::Object(members) => {
            let mut pairs: Vec<(Value, Value)> = Vec::with_capacity(members.len());
            let mut index: std::collections::HashMap<&str, usize> =
                std::collections::HashMap::with_capacity(members.len());
            for (key, item) in members.iter() {
                let item = from_jiter(item);
                match index.get(key.as_ref()) {
                    Some(&at) => pairs[at].1 = item,
                    None => {
                        index.insert(key.as_ref(), pairs.len());
                        pairs.push((Value::Str(key.to_string()), item));
                    }
                }
            }
            Value::Dict(pairs)
        }
    }
}

fn write_json(value: &Value, out: &mut String) {
    match value {
        Value::None => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Int(i) => {
            let _ = write!(out, "{i}");
        }
        Value::BigInt(big) => {
            let _ = write!(out, "{big}");
        }
        Value::Float(f) => {
            if f.is_finite() {
                out.push_str(&serde_json::to_string(f).expect("a finite float serializes"));
            } else {
                out.push_str("null");
            }
        }
        Value::Str(s) => write_str(s, out),
        Value::Bytes(bytes) => {
            out.push('[');
            for (i, byte) in bytes.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                let _ = write!(out, "{byte}");
            }
            out.push(']');
        }
        Value::List(items) | Value::Tuple(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_json(item, out);
            }
            out.push(']');
        }
        Value::Dict(pairs) => {
            out.push('{');
            for (i, (key, item)) in pairs.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                match key {
                    Value::Str(s) => write_str(s, out),
                    other => write_str(&other.to_json(), out),
                }
                out.push(':');
                write_json(item, out);
            }
            out.push('}');
        }
    }
}

fn write_str(s: &str, out: &mut String) {
    out.push_str(&serde_json::to_string(s).expect("a str serializes"));
}

#[cfg(test)]
mod tests {
    use num_bigint::BigInt;

    use super::*;

    #[test]
    fn json_is_exact() {
        let v = Value::List(vec![
            Value::None,
            Value::Bool(true),
            Value::Int(-3),
            Value::int(BigInt::from(1) << 200u32),
            Value::Float(1.0),
            Value::Float(f64::NAN),
            Value::from("q\"\n"),
            Value::Bytes(vec![0, 255]),
            Value::Tuple(vec![]),
            Value::Dict(vec![
                (Value::Tuple(vec![1.into(), 2.into()]), Value::None),
                (Value::None, 1.into()),
                (Value::from("k"), Value::Dict(vec![])),
            ]),
        ]);
        let json = v.to_json();
        assert_eq!(
            json,
            r#"[null,true,-3,1606938044258990275541962092341162602522202993782792835301376,1.0,null,"q\"\n",[0,255],[],{"[1,2]":null,"null":1,"k":{}}]"#
        );
        // Valid JSON, which serde_json reads back (the huge number as a float: that is serde's
        // limit, not the text's).
        let parsed: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(parsed[2], serde_json::json!(-3));
    }

    #[test]
    fn from_json_is_exact() {
        let text = r#"[null, true, -3, 1606938044258990275541962092341162602522202993782792835301376,
            -9223372036854775809, 1.5, "q\"\n\ud83d\ude00", {"a": 1, "b": [], "a": 2}]"#;
        assert_eq!(
            Value::from_json(text).unwrap(),
            Value::List(vec![
                Value::None,
                Value::Bool(true),
                Value::Int(-3),
                Value::int(BigInt::from(1) << 200u32),
                Value::int(BigInt::from(i64::MIN) - 1),
                Value::Float(1.5),
                Value::from("q\"\n\u{1F600}"),
                Value::Dict(vec![
                    (Value::from("a"), Value::Int(2)),
                    (Value::from("b"), Value::List(vec![])),
                ]),
            ])
        );
        // As Python's json.loads: a float too large is infinite.
        assert_eq!(Value::from_json("1e400"), Ok(Value::Float(f64::INFINITY)));
        // Round trip of exact JSON.
        let v = Value::from_json(text).unwrap();
        assert_eq!(Value::from_json(&v.to_json()).unwrap(), v);
    }

    #[test]
    fn from_json_refuses_bad_text() {
        for bad in ["", "[1,", "{'a': 1}", "NaN", "01", "[1] x", "\"\\ud800\""] {
            let e = Value::from_json(bad);
            assert!(e.is_err() || bad.contains("ud800"), "{bad:?}: {e:?}");
        }
        let deep = "[".repeat(100_000);
        assert!(Value::from_json(&deep).is_err());
    }
}
