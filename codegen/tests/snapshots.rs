//! Snapshots of emitted code for a fixture full of edge cases: shadowed prelude names,
//! keywords, collisions, digits, deprecation across modules, open integer enums.
//! The same fixture is compiled warning-free by `tests/corpus.rs` in the root package.

use std::path::Path;

use docmodels_build::{Config, Output};

#[test]
fn edge_cases_emit_as_snapshotted() {
    let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/edge/models");
    let generated = Config::new().output(Output::SourceTree).generate(&spec).unwrap_or_else(|f| panic!("{f}"));
    // One module per folder and the crate root.
    assert_eq!(generated.files.keys().collect::<Vec<_>>(), ["components.rs", "lib.rs", "operations.rs"]);
    for (path, text) in &generated.files {
        insta::assert_snapshot!(path.replace(['/', '.'], "_"), text);
    }
    let warnings: Vec<&str> = generated.warnings.iter().map(|w| w.message.as_str()).collect();
    assert_eq!(warnings, ["fields `fooBar` and `foo_bar` have the same Rust name `foo_bar`"]);
}

/// The same fixture in the include layout: one file, modules nested inline with their
/// docs and attributes outside, `super::` paths, the shared items inside.
#[test]
fn edge_cases_emit_as_one_file_to_include() {
    let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/edge/models");
    let generated = Config::new().output(Output::Include).generate(&spec).unwrap_or_else(|f| panic!("{f}"));
    assert_eq!(generated.files.keys().collect::<Vec<_>>(), ["models.rs"]);
    let text = &generated.files["models.rs"];
    assert!(!text.contains("//!") && !text.contains("#!["), "inner docs or attributes in the include file");
    assert!(!text.contains("crate::"), "a `crate::` path in the include file");
    insta::assert_snapshot!("include_models_rs", text);
}
