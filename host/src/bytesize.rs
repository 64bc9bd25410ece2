//! [`ByteSize`]: the one type of every size setting (memory, output, stack, HTTP bodies).

use std::fmt;
use std::str::FromStr;

/// A number of bytes, as every size setting takes it.
///
/// Converts from `u64`, `usize` and `u32`, and parses from text ([`FromStr`]): a number
/// (integer or decimal, `_` allowed between digits) with an optional unit, case-insensitive,
/// spaces allowed before it: `B`; `K`/`KB` (1000), `KiB` (1024); `M`/`MB`, `MiB`; `G`/`GB`,
/// `GiB`; `T`/`TB`, `TiB`. So `64MiB`, `1.5 MB`, `1KB` and `4096` all parse; fractions of a
/// byte round to the nearest byte. It displays for people (`64 MiB`, `1.5 KiB`,
/// `100 bytes`).
///
/// ```
/// use mpsandbox::ByteSize;
/// assert_eq!("64MiB".parse::<ByteSize>().unwrap(), ByteSize::mib(64));
/// assert_eq!("1KB".parse::<ByteSize>().unwrap().bytes(), 1000);
/// assert_eq!(ByteSize::from(512u64).to_string(), "512 bytes");
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ByteSize(pub u64);

impl ByteSize {
    /// `n` bytes.
    pub const fn b(n: u64) -> ByteSize {
        ByteSize(n)
    }

    /// `n` KiB (`n` × 1024 bytes), saturating.
    pub const fn kib(n: u64) -> ByteSize {
        ByteSize(n.saturating_mul(1 << 10))
    }

    /// `n` MiB (`n` × 2^20 bytes), saturating.
    pub const fn mib(n: u64) -> ByteSize {
        ByteSize(n.saturating_mul(1 << 20))
    }

    /// `n` GiB (`n` × 2^30 bytes), saturating.
    pub const fn gib(n: u64) -> ByteSize {
        ByteSize(n.saturating_mul(1 << 30))
    }

    /// The number of bytes.
    pub const fn bytes(self) -> u64 {
        self.0
    }

    /// The number of bytes as a `usize`, saturating on targets where it is narrower.
    pub fn as_usize(self) -> usize {
        usize::try_from(self.0).unwrap_or(usize::MAX)
    }
}

impl From<u64> for ByteSize {
    fn from(bytes: u64) -> ByteSize {
        ByteSize(bytes)
    }
}

impl From<usize> for ByteSize {
    fn from(bytes: usize) -> ByteSize {
        ByteSize(bytes as u64)
    }
}

impl From<u32> for ByteSize {
    fn from(bytes: u32) -> ByteSize {
        ByteSize(u64::from(bytes))
    }
}

impl From<ByteSize> for u64 {
    fn from(size: ByteSize) -> u64 {
        size.0
    }
}

/// Text that is not a size (see [`ByteSize`]'s `FromStr`).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct ParseByteSizeError(String);

impl FromStr for ByteSize {
    type Err = ParseByteSizeError;

    fn from_str(text: &str) -> Result<ByteSize, ParseByteSizeError> {
        let error = |message: String| ParseByteSizeError(message);
        let text = text.trim();
        let end = text
            .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == '_'))
            .unwrap_or(text.len());
        let (number, unit) = (&text[..end], text[end..].trim());
        let factor: u64 = match unit.to_ascii_lowercase().as_str() {
            "" | "b" => 1,
            "k" | "kb" => 1000,
            "kib" => 1 << 10,
            "m" | "mb" => 1000 * 1000,
            "mib" => 1 << 20,
            "g" | "gb" => 1000 * 1000 * 1000,
            "gib" => 1 << 30,
            "t" | "tb" => 1000 * 1000 * 1000 * 1000,
            "tib" => 1 << 40,
            _ => {
                return Err(error(format!(
                    "unknown size unit {unit:?} (use B, KB, KiB, MB, MiB, GB, GiB, TB or TiB)"
                )));
            }
        };
        let clean = number.replace('_', "");
        if !clean.chars().any(|c| c.is_ascii_digit()) {
            return Err(error(format!("expected a number, found {number:?}")));
        }
        let bytes = match clean.parse::<u64>() {
            // Whole numbers stay exact (an f64 holds only 53 bits).
            Ok(n) => n.checked_mul(factor),
            Err(_) => {
                let value = clean
                    .parse::<f64>()
                    .map_err(|_| error(format!("not a number: {number:?}")))?
                    * factor as f64;
                (value < u64::MAX as f64).then(|| value.round() as u64)
            }
        };
        bytes
            .map(ByteSize)
            .ok_or_else(|| error(format!("size too large: {text:?}")))
    }
}

impl fmt::Display for ByteSize {
    /// For people: `16 MiB`, `1.5 KiB`, `100 bytes`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const UNITS: [&str; 4] = ["KiB", "MiB", "GiB", "TiB"];
        let bytes = self.0;
        if bytes < 1024 {
            return write!(f, "{bytes} bytes");
        }
        let mut value = bytes as f64 / 1024.0;
        let mut unit = 0;
        while value >= 1024.0 && unit + 1 < UNITS.len() {
            value /= 1024.0;
            unit += 1;
        }
        if value.fract() == 0.0 {
            write!(f, "{value} {}", UNITS[unit])
        } else {
            write!(f, "{value:.1} {}", UNITS[unit])
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn size(text: &str) -> Result<u64, ParseByteSizeError> {
        text.parse::<ByteSize>().map(ByteSize::bytes)
    }

    #[test]
    fn parses_numbers_and_units() {
        assert_eq!(size("64MiB"), Ok(64 << 20));
        assert_eq!(size("64 mib"), Ok(64 << 20));
        assert_eq!(size("1.5KiB"), Ok(1536));
        assert_eq!(size("1KB"), Ok(1000));
        assert_eq!(size("2MB"), Ok(2_000_000));
        assert_eq!(size("512"), Ok(512));
        assert_eq!(size("1_000"), Ok(1000));
        assert_eq!(size("1G"), Ok(1_000_000_000));
        assert_eq!(size("2TiB"), Ok(2 << 40));
        assert_eq!(size("18446744073709551615"), Ok(u64::MAX));
    }

    #[test]
    fn refuses_what_is_not_a_size() {
        for bad in [
            "",
            "MiB",
            "12 parsecs",
            "-1",
            "1.2.3",
            "1..",
            "99999999999999999999GiB",
        ] {
            assert!(size(bad).is_err(), "{bad:?}");
        }
        assert_eq!(
            size("3 furlongs").unwrap_err().to_string(),
            "unknown size unit \"furlongs\" (use B, KB, KiB, MB, MiB, GB, GiB, TB or TiB)"
        );
    }

    #[test]
    fn converts_and_displays() {
        assert_eq!(ByteSize::from(7usize), ByteSize(7));
        assert_eq!(ByteSize::from(7u32), ByteSize::b(7));
        assert_eq!(ByteSize::kib(2).bytes(), 2048);
        assert_eq!(ByteSize::gib(1).as_usize(), 1 << 30);
        assert_eq!(ByteSize(100).to_string(), "100 bytes");
        assert_eq!(ByteSize::mib(16).to_string(), "16 MiB");
        assert_eq!(ByteSize(1536).to_string(), "1.5 KiB");
    }
}
