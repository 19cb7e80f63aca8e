//! Helpers shared by the integration tests of the root package.

// Each test binary compiles this module and uses only some of its items.
#![allow(dead_code)]

use std::fs;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The Docusign IAM Java SDK's docs tree, in `../shared` beside the workspace.
pub const DOCUSIGN: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus/docusign-iam-java");

/// The model docs of [`DOCUSIGN`]: the spec the corpus tests generate from.
pub const DOCUSIGN_MODELS: &str =
    concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus/docusign-iam-java/models");

/// The root of this workspace.
pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// `name` under the target's scratch folder, with whatever a previous run left there
/// removed. The folder itself is not created.
pub fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    match fs::remove_dir_all(&dir) {
        Err(e) if e.kind() != ErrorKind::NotFound => panic!("cannot empty {}: {e}", dir.display()),
        _ => {}
    }
    dir
}

/// The order in which [`copy_tree`] creates its copies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Order {
    /// By path.
    Sorted,
    /// By path, last first: files (and the folders they create) appear in the copy in
    /// the opposite order to the original's.
    Reversed,
}

/// Copies every file under `from` into `to`, creating folders as needed, one file after
/// another in `order`.
pub fn copy_tree(from: &Path, to: &Path, order: Order) {
    fn files(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                files(&path, out);
            } else {
                out.push(path);
            }
        }
    }
    let mut all = Vec::new();
    files(from, &mut all);
    all.sort();
    if order == Order::Reversed {
        all.reverse();
    }
    for file in all {
        let target = to.join(file.strip_prefix(from).unwrap());
        fs::create_dir_all(target.parent().unwrap()).unwrap();
        fs::copy(&file, &target).unwrap();
    }
}

/// A nested cargo in `dir` building into `target`, without the flags this test run was
/// given (`RUSTFLAGS`), so it builds as a user's cargo would.
pub fn cargo(dir: &Path, target: &Path) -> Command {
    let program = std::env::var_os("CARGO").unwrap_or_else(|| env!("CARGO").into());
    let mut command = Command::new(program);
    command
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target)
        .env_remove("RUSTFLAGS")
        .env_remove("CARGO_ENCODED_RUSTFLAGS");
    command
}

/// Runs `cargo clippy --all-targets -D warnings`, then `cargo test`, in the crate `dir`,
/// building into `target`; fails with their output.
pub fn lint_and_test(dir: &Path, target: &Path) {
    for args in [&["clippy", "--all-targets", "--quiet", "--", "-D", "warnings"][..], &["test", "--quiet"][..]] {
        let output = cargo(dir, target).args(args).output().unwrap();
        assert!(
            output.status.success(),
            "`cargo {}` failed:\n{}{}",
            args[0],
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
    }
}

/// Writes a generated crate's `files` into `dir` as a member of a workspace the caller
/// writes around it: the crate's own `[workspace]` table is dropped.
pub fn write_member_crate(dir: &Path, files: &std::collections::BTreeMap<String, String>) {
    for (path, text) in files {
        let text = if path == "Cargo.toml" { text.replace("\n[workspace]\n", "\n") } else { text.clone() };
        let path = dir.join(path);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }
}

pub mod agreement;
