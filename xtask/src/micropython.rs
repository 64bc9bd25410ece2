//! MicroPython's source: Debian's `micropython` source package (its upstream tarball holds the
//! whole tree), downloaded from the machine's own Debian mirror, checksum-verified, cached
//! under `target/` and extracted there, then patched (`guest-micropython/patches`, see
//! [`crate::patches`]). Nothing of it is committed.

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail, ensure};
use sha2::{Digest, Sha256};

use crate::patches;
use crate::paths::Paths;
use crate::step::Step;

/// The pinned tarball (Debian's stable suite keeps this file for years).
const TARBALL: &str = "micropython_1.25.0+ds.orig.tar.xz";
/// Its sha256.
const SHA256: &str = "7b25be99a502f070b2de81dafc08da7051d992325d6e67daa9045a918fffdbea";
/// The tree's top folder inside the tarball.
const TOP: &str = "micropython-1.25.0";
/// Where the source package lives on a Debian mirror.
const POOL_PATH: &str = "pool/main/m/micropython";

/// Overrides the download: a MicroPython checkout (a folder holding `py/`, used as it is:
/// our patches are not applied to it) or a tarball.
const OVERRIDE_ENV: &str = "MPSANDBOX_MICROPYTHON";
/// Overrides the Debian mirror read from the apt configuration.
const MIRROR_ENV: &str = "MPSANDBOX_DEBIAN_MIRROR";

/// Makes sure MicroPython's source tree exists and returns its root.
pub fn ensure(paths: &Paths) -> Result<PathBuf> {
    let step = Step::start("micropython", "checking the source");
    if let Some(custom) = std::env::var_os(OVERRIDE_ENV).map(PathBuf::from) {
        if custom.join("py/mpconfig.h").is_file() {
            step.finish(&format!("using the checkout at {}", custom.display()));
            return Ok(custom);
        }
        let tree = extract_once(paths, &custom, &step)?;
        step.finish(&format!("extracted {}", custom.display()));
        return Ok(tree);
    }
    let tarball = paths.micropython().join(TARBALL);
    if !tarball.exists() {
        let url = format!("{}/{POOL_PATH}/{TARBALL}", mirror()?);
        step.doing(&format!("downloading {url}"));
        download(&url, &tarball)?;
    }
    let tree = extract_once(paths, &tarball, &step)?;
    step.finish(&format!("{TOP} (sha256 verified)"));
    Ok(tree)
}

/// Verifies, extracts and patches `tarball` unless that was already done with these
/// patches, returning the tree's root.
fn extract_once(paths: &Paths, tarball: &Path, step: &Step) -> Result<PathBuf> {
    let dest = paths.micropython().join("src");
    let stamp_file = paths.micropython().join("src.ok");
    let tree = dest.join(TOP);
    let patch_files = patches::list(&paths.guest_src().join("patches"))?;
    let stamp = format!(
        "{}\npatches {}",
        tarball.to_string_lossy(),
        patches::digest(&patch_files)?
    );
    if fs::read_to_string(&stamp_file).is_ok_and(|s| s == stamp) {
        return Ok(tree);
    }
    let bytes = fs::read(tarball).with_context(|| format!("cannot read {}", tarball.display()))?;
    let custom = tarball.file_name().is_some_and(|name| name != TARBALL);
    if !custom {
        let actual = hex(&Sha256::digest(&bytes));
        ensure!(
            actual == SHA256,
            "{} has sha256 {actual}, expected {SHA256}; delete it and build again",
            tarball.display()
        );
    }
    step.doing("extracting");
    if dest.exists() {
        fs::remove_dir_all(&dest)?;
    }
    let decoder = xz2::read::XzDecoder::new(bytes.as_slice());
    tar::Archive::new(decoder)
        .unpack(&dest)
        .with_context(|| format!("cannot extract {}", tarball.display()))?;
    if !tree.join("py/mpconfig.h").is_file() {
        bail!("{} does not hold {TOP}/py/mpconfig.h", tarball.display());
    }
    step.doing("patching");
    patches::apply(&tree, &patch_files)?;
    // Extracted files keep the tarball's old times: objects built from an earlier (patched)
    // tree would look up to date, so they go.
    if paths.guest_build().exists() {
        fs::remove_dir_all(paths.guest_build())?;
    }
    fs::write(&stamp_file, stamp)?;
    Ok(tree)
}

/// Downloads `url` to `dest` through a temporary file, so a partial download never counts.
fn download(url: &str, dest: &Path) -> Result<()> {
    let response = ureq::get(url)
        .call()
        .with_context(|| format!("cannot download {url} (set {OVERRIDE_ENV} to a local copy)"))?;
    let mut bytes = Vec::new();
    response
        .into_body()
        .into_reader()
        .take(64 << 20)
        .read_to_end(&mut bytes)
        .with_context(|| format!("download of {url} broke off"))?;
    let actual = hex(&Sha256::digest(&bytes));
    ensure!(
        actual == SHA256,
        "{url} has sha256 {actual}, expected {SHA256}"
    );
    fs::create_dir_all(dest.parent().expect("dest is in a folder"))?;
    let partial = dest.with_extension("partial");
    fs::write(&partial, &bytes)?;
    fs::rename(&partial, dest)?;
    Ok(())
}

/// The Debian mirror this machine's apt uses: the first `URIs:` of a deb822 source or URL of
/// a `deb` line whose suite is not a security suite.
fn mirror() -> Result<String> {
    if let Ok(mirror) = std::env::var(MIRROR_ENV) {
        return Ok(mirror.trim_end_matches('/').to_owned());
    }
    let mut texts = Vec::new();
    if let Ok(entries) = fs::read_dir("/etc/apt/sources.list.d") {
        let mut files: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
        files.sort();
        texts.extend(files.iter().filter_map(|f| fs::read_to_string(f).ok()));
    }
    texts.extend(fs::read_to_string("/etc/apt/sources.list").ok());
    texts
        .iter()
        .flat_map(|text| mirror_candidates(text))
        .find(|uri| !uri.contains("security"))
        .with_context(|| {
            format!("no Debian mirror in /etc/apt; set {MIRROR_ENV} or {OVERRIDE_ENV}")
        })
}

/// The repository URIs named in one apt sources file (either format).
fn mirror_candidates(text: &str) -> Vec<String> {
    let mut uris = Vec::new();
    for line in text.lines().map(str::trim) {
        if let Some(rest) = line.strip_prefix("URIs:") {
            uris.extend(rest.split_whitespace().map(str::to_owned));
        } else if let Some(rest) = line.strip_prefix("deb ") {
            let url = rest.split_whitespace().find(|word| !word.starts_with('['));
            uris.extend(url.map(str::to_owned));
        }
    }
    uris.into_iter()
        .filter(|uri| uri.starts_with("http"))
        .map(|uri| uri.trim_end_matches('/').to_owned())
        .collect()
}

/// Lowercase hex of `bytes` (sha256 digests).
pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::mirror_candidates;

    #[test]
    fn reads_both_apt_formats() {
        let deb822 = "Types: deb\nURIs: http://mirror.example/debian/\nSuites: bookworm\n";
        assert_eq!(mirror_candidates(deb822), ["http://mirror.example/debian"]);
        let legacy = "# comment\ndeb [arch=amd64] http://m.example/debian bookworm main\n";
        assert_eq!(mirror_candidates(legacy), ["http://m.example/debian"]);
        assert!(mirror_candidates("deb-src http://x/debian bookworm main").is_empty());
    }
}
