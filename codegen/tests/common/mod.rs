//! Helpers shared by the integration tests of the codegen package.

// Each test binary compiles this module and uses only some of its items.
#![allow(dead_code)]

use std::fs;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};

/// The workspace's spec folder: model docs and `codegen.toml`.
pub const SPEC: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../spec");

/// An empty folder `rel` under the target's scratch folder; what a previous run left
/// there is removed.
pub fn scratch(rel: impl AsRef<Path>) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(rel);
    match fs::remove_dir_all(&dir) {
        Err(e) if e.kind() != ErrorKind::NotFound => panic!("cannot empty {}: {e}", dir.display()),
        _ => {}
    }
    fs::create_dir_all(&dir).unwrap();
    dir
}
