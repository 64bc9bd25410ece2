// The workspace's target folder, resolved one way for `host/build.rs` and for xtask (which
// includes this file): `$CARGO_TARGET_DIR` (relative to the workspace root when relative), or
// `target/` in the workspace root.

/// The target folder of the workspace rooted at `root`.
pub fn target_dir(root: &std::path::Path) -> std::path::PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR").map(std::path::PathBuf::from) {
        Some(dir) if dir.is_relative() => root.join(dir),
        Some(dir) => dir,
        None => root.join("target"),
    }
}
