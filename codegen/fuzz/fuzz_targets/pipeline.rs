//! Arbitrary bytes through the whole pipeline: read, parse, resolve, emit, render.
//!
//! The input is split on `\n%%\n` into up to three files: the doc `models/a/A.md`, the
//! doc `models/b/B.md` (another group, so links between them resolve) and the config
//! `codegen.toml`. Any result is fine; a panic, an abort or an `internal error` is not.

#![no_main]

use std::fs;
use std::path::PathBuf;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;

const FILES: [&str; 3] = ["models/a/A.md", "models/b/B.md", "codegen.toml"];
const SEPARATOR: &[u8] = b"\n%%\n";

/// A scratch spec folder of this process, rewritten for every input.
fn spec_dir() -> &'static PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| std::env::temp_dir().join(format!("codegen-fuzz-{}", std::process::id())))
}

fn split(data: &[u8]) -> Vec<&[u8]> {
    let mut parts = Vec::new();
    let mut rest = data;
    while parts.len() < FILES.len() - 1 {
        match rest.windows(SEPARATOR.len()).position(|w| w == SEPARATOR) {
            Some(at) => {
                parts.push(&rest[..at]);
                rest = &rest[at + SEPARATOR.len()..];
            }
            None => break,
        }
    }
    parts.push(rest);
    parts
}

fuzz_target!(|data: &[u8]| {
    let dir = spec_dir();
    let _ = fs::remove_dir_all(dir);
    for (part, rel) in split(data).into_iter().zip(FILES) {
        let path = dir.join(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, part).unwrap();
    }
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
