//! Arbitrary bytes through the whole pipeline: read, parse, resolve, emit, render.
//!
//! The input is split on `\n%%\n` into up to three files: the doc `models/a/A.md`, the
//! doc `models/b/B.md` (another group, so links between them resolve) and the config
//! `codegen.toml` (see `../input.rs`). Any result is fine; a panic, an abort or an
//! `internal error` is not. `../seeds/` holds one input per dialect.

#![no_main]

use std::path::PathBuf;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;

include!("../input.rs");

/// A scratch spec folder of this process, rewritten for every input.
fn spec_dir() -> &'static PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| std::env::temp_dir().join(format!("codegen-fuzz-{}", std::process::id())))
}

fuzz_target!(|data: &[u8]| {
    let dir = spec_dir();
    write_spec(dir, data);
    let options = docmodels_build::Config::new().output(docmodels_build::Output::SourceTree);
    match options.generate(dir) {
        Ok(generated) => {
            let rendered = generated.render_warnings();
            for warning in &generated.warnings {
                assert!(!warning.message.starts_with("internal error"), "{rendered}");
                let _ = warning.location(&generated.sources);
            }
        }
        Err(failure) => {
            let rendered = failure.to_string();
            assert!(failure.diagnostics.iter().any(|d| d.is_error()), "{rendered}");
            for diagnostic in &failure.diagnostics {
                assert!(!diagnostic.message.starts_with("internal error"), "{rendered}");
                let _ = diagnostic.location(&failure.sources);
            }
        }
    }
});
