//! The byte form of a [`Snapshot`]: what [`Snapshot::to_bytes`] writes and
//! [`Snapshot::from_bytes`] reads.
//!
//! ```text
//! magic        8 bytes   "MPSNAP\r\n"
//! version      u32       FORMAT_VERSION
//! component    32 bytes  SHA-256 of the component that took it
//! memory       u32       bytes of linear memory the state needs
//! regions      u32       number of regions
//! raw length   u64       bytes of the payload before compression
//! packed len   u64       bytes of the compressed payload that follow
//! payload      LZ4 block of, per region: address u32, length u32, the bytes
//! checksum     32 bytes  BLAKE3 of everything before it
//! ```
//!
//! Integers are little-endian. A snapshot file is untrusted input: every field is checked
//! before use, and the guest checks the layout again when it takes the state; the worst a
//! crafted file can do is a guest that misbehaves inside its sandbox and its limits (the
//! checksum catches damage, not a forger, who can recompute it).

use super::{Inner, Snapshot, SnapshotError};
use crate::bindings::exports::mpsandbox::sandbox::snapshot::{Image, Region};
use std::sync::Arc;

/// The first bytes of every snapshot file.
const MAGIC: &[u8; 8] = b"MPSNAP\r\n";

/// The version of the byte form this library writes and reads.
pub const FORMAT_VERSION: u32 = 1;

const HEADER_LEN: usize = 8 + 4 + 32 + 4 + 4 + 8 + 8;
const CHECKSUM_LEN: usize = 32;
/// The most regions a guest hands out (guest-micropython/snapshot.c).
const MAX_REGIONS: u32 = 512;
/// LZ4 expands at most about 255 times: a larger claim is a forgery, refused before the
/// allocation it asks for.
const MAX_EXPANSION: u64 = 255;

impl Snapshot {
    /// The byte form: header, LZ4-compressed state, checksum (see the module's documentation
    /// in the source for the layout).
    pub fn to_bytes(&self) -> Vec<u8> {
        let image = &self.inner.image;
        let raw_len: usize = image.regions.iter().map(|r| 8 + r.bytes.len()).sum();
        let mut raw = Vec::with_capacity(raw_len);
        for region in &image.regions {
            raw.extend_from_slice(&region.address.to_le_bytes());
            raw.extend_from_slice(&(region.bytes.len() as u32).to_le_bytes());
            raw.extend_from_slice(&region.bytes);
        }
        let packed = lz4_flex::block::compress(&raw);
        let mut out = Vec::with_capacity(HEADER_LEN + packed.len() + CHECKSUM_LEN);
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
        out.extend_from_slice(&component_bytes(&self.inner.component));
        out.extend_from_slice(&image.memory.to_le_bytes());
        out.extend_from_slice(&(image.regions.len() as u32).to_le_bytes());
        out.extend_from_slice(&(raw.len() as u64).to_le_bytes());
        out.extend_from_slice(&(packed.len() as u64).to_le_bytes());
        out.extend_from_slice(&packed);
        let checksum = blake3::hash(&out);
        out.extend_from_slice(checksum.as_bytes());
        out
    }

    /// Reads the byte form written by [`to_bytes`](Self::to_bytes).
    ///
    /// Fails with [`SnapshotError::Malformed`] (not a snapshot, truncated, inconsistent),
    /// [`SnapshotError::Version`] or [`SnapshotError::Checksum`]. Whether it fits an engine's
    /// component is checked when it is restored ([`SnapshotError::OtherComponent`]).
    pub fn from_bytes(bytes: &[u8]) -> Result<Snapshot, SnapshotError> {
        let malformed = |what: &str| SnapshotError::Malformed(what.to_owned());
        if bytes.len() < MAGIC.len() || &bytes[..MAGIC.len()] != MAGIC {
            return Err(malformed("it does not start with the snapshot header"));
        }
        let mut reader = Reader { bytes, at: 8 };
        let version = reader.u32()?;
        if version != FORMAT_VERSION {
            return Err(SnapshotError::Version {
                found: version,
                supported: FORMAT_VERSION,
            });
        }
        if bytes.len() < HEADER_LEN + CHECKSUM_LEN {
            return Err(malformed("it is truncated"));
        }
        let component = hex(reader.take(32)?);
        let memory = reader.u32()?;
        let count = reader.u32()?;
        let raw_len = reader.u64()?;
        let packed_len = reader.u64()?;
        if packed_len != (bytes.len() - HEADER_LEN - CHECKSUM_LEN) as u64 {
            return Err(malformed("it is truncated, or has bytes past its end"));
        }
        let (body, checksum) = bytes.split_at(bytes.len() - CHECKSUM_LEN);
        if blake3::hash(body).as_bytes() != checksum {
            return Err(SnapshotError::Checksum);
        }
        if count == 0 || count > MAX_REGIONS {
            return Err(malformed("its number of regions is out of range"));
        }
        if raw_len > u64::from(memory) + 8 * u64::from(count)
            || raw_len > packed_len.saturating_mul(MAX_EXPANSION).saturating_add(64)
        {
            return Err(malformed("its state is larger than its memory"));
        }
        let raw = lz4_flex::block::decompress(reader.take(packed_len as usize)?, raw_len as usize)
            .map_err(|e| malformed(&format!("its state does not decompress: {e}")))?;
        if raw.len() as u64 != raw_len {
            return Err(malformed("its state has the wrong length"));
        }
        let regions = read_regions(&raw, count, memory)?;
        Ok(Snapshot {
            inner: Arc::new(Inner {
                component,
                image: Image { memory, regions },
                origin: None,
            }),
        })
    }
}

/// The regions of a decompressed payload: in order, apart, non-empty, within `memory`.
fn read_regions(raw: &[u8], count: u32, memory: u32) -> Result<Vec<Region>, SnapshotError> {
    let malformed = |what: &str| SnapshotError::Malformed(what.to_owned());
    let mut reader = Reader { bytes: raw, at: 0 };
    let mut regions = Vec::with_capacity(count as usize);
    let mut lowest = 0u64;
    for _ in 0..count {
        let address = reader.u32()?;
        let len = reader.u32()?;
        let end = u64::from(address) + u64::from(len);
        if len == 0 || u64::from(address) < lowest || end > u64::from(memory) {
            return Err(malformed("its regions overlap, or lie outside its memory"));
        }
        lowest = end;
        regions.push(Region {
            address,
            bytes: reader.take(len as usize)?.to_vec(),
        });
    }
    if reader.at != raw.len() {
        return Err(malformed("its state has bytes past its last region"));
    }
    Ok(regions)
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], SnapshotError> {
        let end = self
            .at
            .checked_add(n)
            .filter(|&end| end <= self.bytes.len());
        let end = end.ok_or_else(|| SnapshotError::Malformed("it is truncated".to_owned()))?;
        let taken = &self.bytes[self.at..end];
        self.at = end;
        Ok(taken)
    }

    fn u32(&mut self) -> Result<u32, SnapshotError> {
        Ok(u32::from_le_bytes(
            self.take(4)?.try_into().expect("4 bytes"),
        ))
    }

    fn u64(&mut self) -> Result<u64, SnapshotError> {
        Ok(u64::from_le_bytes(
            self.take(8)?.try_into().expect("8 bytes"),
        ))
    }
}

/// The 32 bytes of a hex SHA-256 (zeros where it is not hex, which no component id is).
fn component_bytes(id: &str) -> [u8; 32] {
    let mut out = [0u8; 32];
    for (i, byte) in out.iter_mut().enumerate() {
        *byte = id
            .get(2 * i..2 * i + 2)
            .and_then(|h| u8::from_str_radix(h, 16).ok())
            .unwrap_or(0);
    }
    out
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Snapshot {
        Snapshot {
            inner: Arc::new(Inner {
                component: "ab".repeat(32),
                image: Image {
                    memory: 4 << 16,
                    regions: vec![
                        Region {
                            address: 0x1_0000,
                            bytes: vec![7; 100],
                        },
                        Region {
                            address: 0x2_0000,
                            bytes: vec![0; 70_000],
                        },
                    ],
                },
                origin: None,
            }),
        }
    }

    #[test]
    fn round_trips_and_compresses_zeros() {
        let bytes = sample().to_bytes();
        assert!(bytes.len() < 1_000, "{} bytes", bytes.len());
        let back = Snapshot::from_bytes(&bytes).unwrap();
        assert_eq!(back.component_id(), "ab".repeat(32));
        let (a, b) = (back.image(), sample());
        assert_eq!(a.memory, b.image().memory);
        let layout = |regions: &[Region]| -> Vec<(u32, Vec<u8>)> {
            regions
                .iter()
                .map(|r| (r.address, r.bytes.clone()))
                .collect()
        };
        assert_eq!(layout(&a.regions), layout(b.regions()));
    }

    #[test]
    fn refuses_every_damaged_form() {
        let bytes = sample().to_bytes();
        for cut in [0, 5, 8, 20, HEADER_LEN, bytes.len() - 1] {
            assert!(
                matches!(
                    Snapshot::from_bytes(&bytes[..cut]),
                    Err(SnapshotError::Malformed(_))
                ),
                "cut at {cut}"
            );
        }
        let mut flipped = bytes.clone();
        flipped[HEADER_LEN + 3] ^= 1;
        assert_eq!(
            Snapshot::from_bytes(&flipped).unwrap_err(),
            SnapshotError::Checksum
        );
        let mut version = bytes.clone();
        version[8] = 9;
        assert!(matches!(
            Snapshot::from_bytes(&version),
            Err(SnapshotError::Version { found: 9, .. })
        ));
        let mut longer = bytes.clone();
        longer.push(0);
        assert!(matches!(
            Snapshot::from_bytes(&longer),
            Err(SnapshotError::Malformed(_))
        ));
    }

    /// A forged file with a valid checksum is still checked: regions outside memory,
    /// overlapping, or a size claim out of proportion are refused.
    #[test]
    fn refuses_forged_layouts() {
        let forge = |memory: u32, regions: Vec<Region>| {
            Snapshot {
                inner: Arc::new(Inner {
                    component: "00".repeat(32),
                    image: Image { memory, regions },
                    origin: None,
                }),
            }
            .to_bytes()
        };
        let region = |address, len| Region {
            address,
            bytes: vec![1; len],
        };
        for bytes in [
            forge(1 << 16, vec![region(0xffff, 2)]),
            forge(4 << 16, vec![region(100, 50), region(120, 10)]),
            forge(4 << 16, vec![region(100, 0)]),
        ] {
            assert!(matches!(
                Snapshot::from_bytes(&bytes),
                Err(SnapshotError::Malformed(_))
            ));
        }
        let mut huge = forge(u32::MAX, vec![region(0, 10)]);
        let raw_at = 8 + 4 + 32 + 4 + 4;
        huge[raw_at..raw_at + 8].copy_from_slice(&(3u64 << 30).to_le_bytes());
        let n = huge.len() - CHECKSUM_LEN;
        let checksum = *blake3::hash(&huge[..n]).as_bytes();
        huge[n..].copy_from_slice(&checksum);
        assert!(matches!(
            Snapshot::from_bytes(&huge),
            Err(SnapshotError::Malformed(_))
        ));
    }
}
