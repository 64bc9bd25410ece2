//! [`Display`](fmt::Display) for [`Value`]: Python's `repr`.

use std::fmt::{self, Write as _};

use super::Value;

impl fmt::Display for Value {
    /// Writes the value as Python's `repr` does: `None`, `True`, `12`, `1.5`, `1e+16`, `'it'`,
    /// `b'\x00'`, `[1, 2]`, `(1,)`, `{'a': 1}`. (Which non-ASCII characters a `str` escapes is
    /// an approximation of Python's `str.isprintable`.)
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::None => f.write_str("None"),
            Value::Bool(true) => f.write_str("True"),
            Value::Bool(false) => f.write_str("False"),
            Value::Int(i) => write!(f, "{i}"),
            Value::BigInt(big) => write!(f, "{big}"),
            Value::Float(x) => f.write_str(&float_repr(*x)),
            Value::Str(s) => str_repr(s, f),
            Value::Bytes(b) => bytes_repr(b, f),
            Value::List(items) => {
                f.write_char('[')?;
                items_repr(items, f)?;
                f.write_char(']')
            }
            Value::Tuple(items) => {
                f.write_char('(')?;
                items_repr(items, f)?;
                if items.len() == 1 {
                    f.write_char(',')?;
                }
                f.write_char(')')
            }
            Value::Dict(pairs) => {
                f.write_char('{')?;
                for (i, (k, v)) in pairs.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{k}: {v}")?;
                }
                f.write_char('}')
            }
        }
    }
}

fn items_repr(items: &[Value], f: &mut fmt::Formatter<'_>) -> fmt::Result {
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            f.write_str(", ")?;
        }
        write!(f, "{item}")?;
    }
    Ok(())
}

/// Python's `repr(float)`: the shortest text that reads back as the same float, positional
/// for exponents from -4 to 15 and scientific (`1e+16`, `1.5e-05`) otherwise.
pub(crate) fn float_repr(x: f64) -> String {
    if x.is_nan() {
        return "nan".into();
    }
    if x.is_infinite() {
        return if x > 0.0 { "inf".into() } else { "-inf".into() };
    }
    // Rust's `{:e}` gives the shortest round-trip digits: "-1.2345e2", "0e0".
    let sci = format!("{x:e}");
    let (mantissa, exp) = sci.split_once('e').expect("`{:e}` writes an exponent");
    let exp: i32 = exp.parse().expect("`{:e}` writes an integer exponent");
    let (sign, mantissa) = match mantissa.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", mantissa),
    };
    let digits: String = mantissa.chars().filter(|&c| c != '.').collect();
    let mut out = String::from(sign);
    if (-4..16).contains(&exp) {
        if exp >= 0 {
            let int_len = exp as usize + 1;
            if digits.len() <= int_len {
                out.push_str(&digits);
                out.extend(std::iter::repeat_n('0', int_len - digits.len()));
                out.push_str(".0");
            } else {
                out.push_str(&digits[..int_len]);
                out.push('.');
                out.push_str(&digits[int_len..]);
            }
        } else {
            out.push_str("0.");
            out.extend(std::iter::repeat_n('0', (-exp - 1) as usize));
            out.push_str(&digits);
        }
    } else {
        out.push_str(&digits[..1]);
        if digits.len() > 1 {
            out.push('.');
            out.push_str(&digits[1..]);
        }
        let _ = write!(
            out,
            "e{}{:02}",
            if exp < 0 { '-' } else { '+' },
            exp.unsigned_abs()
        );
    }
    out
}

/// The quote Python's `repr` uses: `'` unless the text holds `'` and no `"`.
fn quote_for(has_single: bool, has_double: bool) -> char {
    if has_single && !has_double { '"' } else { '\'' }
}

fn str_repr(s: &str, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    let quote = quote_for(s.contains('\''), s.contains('"'));
    f.write_char(quote)?;
    for c in s.chars() {
        match c {
            '\\' => f.write_str("\\\\")?,
            '\n' => f.write_str("\\n")?,
            '\r' => f.write_str("\\r")?,
            '\t' => f.write_str("\\t")?,
            c if c == quote => write!(f, "\\{c}")?,
            c if is_printable(c) => f.write_char(c)?,
            c if (c as u32) < 0x100 => write!(f, "\\x{:02x}", c as u32)?,
            c if (c as u32) < 0x10000 => write!(f, "\\u{:04x}", c as u32)?,
            c => write!(f, "\\U{:08x}", c as u32)?,
        }
    }
    f.write_char(quote)
}

/// An approximation of Python's `str.isprintable` for one character.
fn is_printable(c: char) -> bool {
    !(c.is_control()
        || matches!(c,
            '\u{a0}' | '\u{ad}' | '\u{2000}'..='\u{200f}' | '\u{2028}'..='\u{202f}'
            | '\u{205f}'..='\u{206f}' | '\u{3000}' | '\u{e000}'..='\u{f8ff}' | '\u{feff}'
            | '\u{fff9}'..='\u{fffb}' | '\u{f0000}'..))
}

fn bytes_repr(b: &[u8], f: &mut fmt::Formatter<'_>) -> fmt::Result {
    let quote = quote_for(b.contains(&b'\''), b.contains(&b'"'));
    f.write_char('b')?;
    f.write_char(quote)?;
    for &byte in b {
        match byte {
            b'\\' => f.write_str("\\\\")?,
            b'\n' => f.write_str("\\n")?,
            b'\r' => f.write_str("\\r")?,
            b'\t' => f.write_str("\\t")?,
            byte if byte == quote as u8 => write!(f, "\\{quote}")?,
            0x20..=0x7e => f.write_char(byte as char)?,
            byte => write!(f, "\\x{byte:02x}")?,
        }
    }
    f.write_char(quote)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floats_print_as_python() {
        let cases = [
            (0.0, "0.0"),
            (-0.0, "-0.0"),
            (1.0, "1.0"),
            (1.5, "1.5"),
            (0.1, "0.1"),
            (100.0, "100.0"),
            (1e15, "1000000000000000.0"),
            (1e16, "1e+16"),
            (1.5e16, "1.5e+16"),
            (0.0001, "0.0001"),
            (0.00001, "1e-05"),
            (1.25e-7, "1.25e-07"),
            (123456.789, "123456.789"),
            (1e300, "1e+300"),
            (f64::MAX, "1.7976931348623157e+308"),
            (5e-324, "5e-324"),
            (f64::NAN, "nan"),
            (f64::NEG_INFINITY, "-inf"),
        ];
        for (x, text) in cases {
            assert_eq!(float_repr(x), text, "{x:e}");
        }
    }

    #[test]
    fn values_print_as_python() {
        let v = Value::Dict(vec![
            (
                Value::from("it's"),
                Value::List(vec![Value::None, Value::Bool(true)]),
            ),
            (Value::Tuple(vec![Value::Int(1)]), Value::Tuple(vec![])),
            (
                Value::from("a\n\u{7}é"),
                Value::Bytes(b"\x00'\"\\ok".to_vec()),
            ),
            (Value::from(u128::MAX), Value::Float(2.0)),
        ]);
        assert_eq!(
            v.to_string(),
            r#"{"it's": [None, True], (1,): (), 'a\n\x07é': b'\x00\'"\\ok', 340282366920938463463374607431768211455: 2.0}"#
        );
    }
}
