//! A user's crate made from nothing but the README: its `Cargo.toml`, `build.rs` and
//! `src/lib.rs` are the README's fenced blocks marked `<!-- readme-crate MODE: FILE -->`,
//! so the README cannot drift from what works. Both layouts build (the models included
//! from `OUT_DIR` in a module beside the user's code, and a checked-in source tree), and a
//! payload deserializes; the include layout also builds from a docs tree copied to a
//! folder named `api-docs`, whose links climb out through a `models` folder it no longer
//! has.
//!
//! The README's dependency lines name this repository by a placeholder URL; here they
//! point at the local paths, and the workspace's `Cargo.lock` keeps versions offline.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use common::Order;

/// The fenced block after `<!-- readme-crate {mode}: {file} -->`.
fn block(readme: &str, mode: &str, file: &str) -> String {
    let marker = format!("<!-- readme-crate {mode}: {file} -->");
    let after = readme.split_once(&marker).unwrap_or_else(|| panic!("the README has no `{marker}`")).1;
    let fence = after.trim_start().strip_prefix("```").expect("a fenced block follows the marker");
    let body = fence.split_once('\n').expect("the fence has a language line").1;
    body.split_once("\n```").expect("the fenced block is closed").0.to_owned() + "\n"
}

/// The README's manifest with its dependencies on this repository made local.
fn local_manifest(manifest: &str) -> String {
    let root = common::root();
    let path = |dir: &Path| format!("path = {:?}", dir.display().to_string());
    let placeholder = "git = \"URL-OF-THIS-REPOSITORY\"";
    assert_eq!(manifest.matches(placeholder).count(), 2, "{manifest}");
    let manifest = manifest.replacen(placeholder, &path(&root.join("codegen/runtime")), 1);
    let manifest = manifest.replacen(placeholder, &path(&root.join("codegen")), 1);
    // Outside this workspace, as a user's crate is.
    format!("{manifest}\n[workspace]\n")
}

/// This repository's spec as an SDK's docs tree: the model folders and `codegen.toml`
/// directly in `docs`.
fn copy_docs(to: &Path) {
    common::copy_tree(&common::root().join("spec/models"), to, Order::Sorted);
    fs::copy(common::root().join("spec/codegen.toml"), to.join("codegen.toml")).unwrap();
}

/// A test of the user's crate that reads a payload through `read` (a path to a function
/// taking the JSON text).
fn payload_test(read: &str) -> String {
    format!(
        "#[test]\nfn a_payload_deserializes() {{\n    let money = {read}(r#\"{{\"amount\": 19.99, \"currency\": \"EUR\"}}\"#).unwrap();\n    \
         assert_eq!(money.currency, \"EUR\");\n    assert_eq!(money.amount.to_string(), \"19.99\");\n}}\n"
    )
}

fn scratch_crate(name: &str, mode: &str, files: &[&str]) -> (PathBuf, String) {
    let readme = fs::read_to_string(common::root().join("README.md")).unwrap();
    let dir = common::scratch(name);
    fs::create_dir_all(&dir).unwrap();
    for file in files {
        let mut text = block(&readme, mode, file);
        if *file == "Cargo.toml" {
            text = local_manifest(&text);
        }
        let path = dir.join(file);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }
    fs::copy(common::root().join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();
    (dir, readme)
}

fn cargo_test(dir: &Path) {
    let target = Path::new(env!("CARGO_TARGET_TMPDIR")).join("readme-target");
    let output = common::cargo(dir, &target).args(["test", "--offline", "--quiet"]).output().unwrap();
    assert!(
        output.status.success(),
        "`cargo test` failed in {}:\n{}{}",
        dir.display(),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("test result: ok. 1 passed"), "the payload test did not run:\n{stdout}");
}

#[test]
fn the_readme_include_crate_builds_and_reads_a_payload() {
    let (dir, _) = scratch_crate("readme-include", "include", &["Cargo.toml", "build.rs", "src/lib.rs"]);
    copy_docs(&dir.join("docs/models"));
    fs::create_dir_all(dir.join("tests")).unwrap();
    fs::write(dir.join("tests/payload.rs"), payload_test("my_api::parse_price")).unwrap();
    cargo_test(&dir);
    // The models went to OUT_DIR, not into the crate.
    assert!(!dir.join("src/models.rs").exists());
}

#[test]
fn the_readme_include_crate_builds_from_docs_named_api_docs() {
    let (dir, _) = scratch_crate("readme-api-docs", "include", &["Cargo.toml", "build.rs", "src/lib.rs"]);
    let build = fs::read_to_string(dir.join("build.rs")).unwrap();
    assert!(build.contains("\"docs/models\""), "{build}");
    fs::write(dir.join("build.rs"), build.replace("\"docs/models\"", "\"api-docs\"")).unwrap();
    copy_docs(&dir.join("api-docs"));
    // Another name: crates of one name share build output in the shared target folder.
    let manifest = fs::read_to_string(dir.join("Cargo.toml")).unwrap();
    fs::write(dir.join("Cargo.toml"), manifest.replace("name = \"my-api\"", "name = \"my-api-docs\"")).unwrap();
    fs::create_dir_all(dir.join("tests")).unwrap();
    fs::write(dir.join("tests/payload.rs"), payload_test("my_api_docs::parse_price")).unwrap();
    cargo_test(&dir);
}

#[test]
fn the_readme_source_tree_crate_builds_and_reads_a_payload() {
    let (dir, readme) = scratch_crate("readme-tree", "tree", &["Cargo.toml", "build.rs"]);
    copy_docs(&dir.join("docs/models"));
    // The README's placeholder step, run as written.
    let init = block(&readme, "tree", "sh");
    let status = std::process::Command::new("sh").arg("-c").arg(&init).current_dir(&dir).status().unwrap();
    assert!(status.success(), "{init}");
    fs::create_dir_all(dir.join("tests")).unwrap();
    let read = "(|json: &str| docmodels_runtime::serde_json::from_str::<my_models::shared::Money>(json))";
    fs::write(dir.join("tests/payload.rs"), payload_test(read)).unwrap();
    cargo_test(&dir);
    // The build script wrote the crate root over the placeholder, and the modules.
    let lib = fs::read_to_string(dir.join("generated/lib.rs")).unwrap();
    assert!(lib.contains("pub mod shared;"), "{lib}");
    assert!(dir.join("generated/components.rs").exists());
}
