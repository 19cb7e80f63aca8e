// How the fuzz target turns its bytes into a spec folder; included by the target
// (`fuzz_targets/pipeline.rs`) and by the test of its seeds (`codegen/tests/fuzz_seeds.rs`),
// so both read an input the same way.

/// The files an input is split into, in order.
const FILES: [&str; 3] = ["models/a/A.md", "models/b/B.md", "codegen.toml"];

/// What separates the files of an input.
const SEPARATOR: &[u8] = b"\n%%\n";

/// `data` split on [`SEPARATOR`] into at most as many parts as [`FILES`]; the last part
/// keeps any further separators.
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

/// Empties `dir` and writes the files of `data` into it.
fn write_spec(dir: &std::path::Path, data: &[u8]) {
    let _ = std::fs::remove_dir_all(dir);
    for (part, rel) in split(data).into_iter().zip(FILES) {
        let path = dir.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, part).unwrap();
    }
}
