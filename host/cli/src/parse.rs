//! Parsers for the values of `--memory`, `--max-output` (sizes, parsed by
//! [`mpsandbox::ByteSize`]) and `--timeout` (durations).

use std::time::Duration;

/// A size in bytes, as [`mpsandbox::ByteSize`] parses it: `64MiB`, `1.5 MB`, `4096`.
pub fn size(text: &str) -> Result<usize, String> {
    text.parse::<mpsandbox::ByteSize>()
        .map(mpsandbox::ByteSize::as_usize)
        .map_err(|e| e.to_string())
}

/// A duration: a number with a unit `ms`, `s`, `m`/`min` or `h`, or several such parts
/// (`1m30s`); a bare number is seconds. `2s`, `500ms`, `1.5s`.
pub fn duration(text: &str) -> Result<Duration, String> {
    let mut rest = text.trim();
    if rest.is_empty() {
        return Err("empty duration".into());
    }
    let mut total = Duration::ZERO;
    while !rest.is_empty() {
        let digits = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(rest.len());
        let number = number_value(&rest[..digits])?;
        rest = rest[digits..].trim_start();
        let letters = rest
            .find(|c: char| !c.is_ascii_alphabetic())
            .unwrap_or(rest.len());
        let seconds = match rest[..letters].to_ascii_lowercase().as_str() {
            "" if total.is_zero() && letters == rest.len() => 1.0,
            "ms" => 1e-3,
            "us" => 1e-6,
            "s" | "sec" => 1.0,
            "m" | "min" => 60.0,
            "h" => 3600.0,
            unit => {
                return Err(format!(
                    "unknown duration unit {unit:?} (use ms, s, min or h, for example 500ms or 2s)"
                ));
            }
        };
        total += Duration::try_from_secs_f64(number * seconds).map_err(|e| e.to_string())?;
        rest = rest[letters..].trim_start();
    }
    Ok(total)
}

fn number_value(number: &str) -> Result<f64, String> {
    let clean = number.replace('_', "");
    if clean.is_empty() || !clean.chars().any(|c| c.is_ascii_digit()) {
        return Err(format!("expected a number, found {number:?}"));
    }
    clean
        .parse::<f64>()
        .map_err(|_| format!("not a number: {number:?}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes() {
        assert_eq!(size("64MiB"), Ok(64 << 20));
        assert!(size("12 parsecs").is_err());
    }

    #[test]
    fn durations() {
        assert_eq!(duration("2s"), Ok(Duration::from_secs(2)));
        assert_eq!(duration("500ms"), Ok(Duration::from_millis(500)));
        assert_eq!(duration("1.5s"), Ok(Duration::from_millis(1500)));
        assert_eq!(duration("3"), Ok(Duration::from_secs(3)));
        assert_eq!(duration("1m30s"), Ok(Duration::from_secs(90)));
        assert_eq!(duration("2 min"), Ok(Duration::from_secs(120)));
        assert!(duration("").is_err());
        assert!(duration("5 fortnights").is_err());
        assert!(duration("s").is_err());
        assert!(duration("1s2").is_err());
    }
}
