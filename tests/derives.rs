//! `derives`: models with fewer standard derives (or more) still compile warning-free,
//! and their example tests still read and write every example, compared as JSON.

mod common;

use std::fs;

use docmodels_build::{Config, Output};

#[test]
fn models_with_only_debug_compile_and_pass_their_examples() {
    let generated = Config::new()
        .output(Output::Crate("lean_models".into()))
        .derives(["Debug"])
        .generate(common::root().join("spec"))
        .unwrap_or_else(|f| panic!("{f}"));
    let text: String = generated.files.values().map(String::as_str).collect();
    assert!(text.contains("#[derive(Debug, Serialize)]\npub struct Address {"), "{text}");
    // Enums keep their own derives; error bodies keep `Debug`, which `Error` needs.
    assert!(text.contains("#[derive(\n    Debug,\n    Clone,\n    Copy,\n    PartialEq,"), "{text}");
    assert!(!text.contains("PartialEq + std::fmt::Debug"), "the example tests compare models");

    let dir = common::scratch("derives");
    common::write_member_crate(&dir, &generated.files);
    let manifest = dir.join("Cargo.toml");
    let mut text = fs::read_to_string(&manifest).unwrap();
    text.push_str("\n[workspace]\n");
    fs::write(&manifest, text).unwrap();
    fs::copy(common::root().join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();
    let target = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("derives-target");
    common::lint_and_test(&dir, &target);
}

#[test]
fn extra_derives_go_on_every_model() {
    let generated = Config::new()
        .output(Output::SourceTree)
        .derives(["Debug", "Clone", "PartialEq", "my_derives::Audit"])
        .generate(common::root().join("spec"))
        .unwrap_or_else(|f| panic!("{f}"));
    let text: String = generated.files.values().map(String::as_str).collect();
    let address = "#[derive(Debug, Clone, PartialEq, my_derives::Audit, Serialize)]\n#[serde(crate = \"serde\")]\npub struct Address {";
    assert!(text.contains(address), "{text}");
    assert!(text.contains("    Ord,\n    my_derives::Audit,\n    Serialize,"), "an enum without the extra derive:\n{text}");
    assert!(!text.contains("Default, my_derives::Audit"), "a struct with a derive it was not given:\n{text}");
}
