//! The fuzz target's seeds (`fuzz/seeds/`, one input per dialect) are real specs: each
//! splits into its three files and generates in the dialect its config names with no
//! error and no warning, so mutating it explores that dialect's front
//! end rather than its error paths.

mod common;

use std::fs;
use std::path::Path;

use docmodels_build::{Config, Dialect, Output};

include!("../fuzz/input.rs");

#[test]
fn every_dialect_has_a_seed_that_generates() {
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/seeds");
    let mut covered = Vec::new();
    let mut names: Vec<_> = fs::read_dir(&seeds).unwrap().map(|e| e.unwrap().path()).collect();
    names.sort();
    for path in names {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let data = fs::read(&path).unwrap();
        assert_eq!(split(&data).len(), FILES.len(), "{name}: not three files");
        let dir = common::scratch(format!("fuzz-seeds/{name}"));
        write_spec(&dir, &data);
        let config = fs::read_to_string(dir.join("codegen.toml")).unwrap();
        let dialect: Dialect = config
            .trim()
            .strip_prefix("dialect = ")
            .and_then(|d| d.trim_matches('"').parse().ok())
            .unwrap_or_else(|| panic!("{name}: the config names no dialect: {config}"));
        assert_eq!(dialect.to_string(), name, "seeds are named after their dialect");
        let generated = Config::new()
            .output(Output::SourceTree)
            .generate(&dir)
            .unwrap_or_else(|failure| panic!("{name}:\n{failure}"));
        assert!(generated.warnings.is_empty(), "{name}:\n{}", generated.render_warnings());
        assert_eq!(generated.models.len(), 2, "{name}: {:?}", generated.models);
        covered.push(dialect);
    }
    covered.sort();
    let mut all = Dialect::ALL.to_vec();
    all.sort();
    assert_eq!(covered, all, "one seed per dialect");
}
