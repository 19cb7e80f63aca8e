//! Snapshots of emitted code for a fixture full of edge cases: shadowed prelude names,
//! keywords, collisions, digits, deprecation across modules, open integer enums.
//! The same fixture is compiled warning-free by `tests/corpus.rs` in the root package.

use std::path::Path;

use docmodels_build::{generate, Options};

#[test]
fn edge_cases_emit_as_snapshotted() {
    let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/edge/models");
    let generated = generate(&spec, &Options::default()).unwrap_or_else(|f| panic!("{f}"));
    // One module per folder and the crate root.
    assert_eq!(generated.files.keys().collect::<Vec<_>>(), ["components.rs", "lib.rs", "operations.rs"]);
    for (path, text) in &generated.files {
        insta::assert_snapshot!(path.replace(['/', '.'], "_"), text);
    }
    let warnings: Vec<&str> = generated.warnings.iter().map(|w| w.message.as_str()).collect();
    assert_eq!(warnings, ["fields `fooBar` and `foo_bar` have the same Rust name `foo_bar`"]);
}
