//! `generated/` holds exactly what codegen makes of `spec/`, and generation gives the same
//! bytes whatever order the files were created in.

use std::fs;
use std::path::{Path, PathBuf};

use codegen::{generate, Options};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn generated_code_is_up_to_date() {
    let generated = generate(&root().join("spec"), &Options::default()).unwrap_or_else(|f| panic!("{f}"));
    let mut stale = Vec::new();
    for (path, content) in &generated.files {
        let on_disk = fs::read_to_string(root().join("generated").join(path)).unwrap_or_default();
        if on_disk != *content {
            stale.push(path.clone());
        }
    }
    let mut on_disk: Vec<String> = fs::read_dir(root().join("generated"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".rs"))
        .collect();
    on_disk.sort();
    let expected: Vec<&String> = generated.files.keys().collect();
    assert!(
        stale.is_empty() && on_disk.iter().collect::<Vec<_>>() == expected,
        "generated/ is not up to date ({stale:?}; on disk {on_disk:?}): run `cargo build` and commit generated/"
    );
}

/// Copies every file under `from` into `to`, creating them in reverse path order.
fn copy_reversed(from: &Path, to: &Path) {
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
    all.reverse();
    for file in all {
        let target = to.join(file.strip_prefix(from).unwrap());
        fs::create_dir_all(target.parent().unwrap()).unwrap();
        fs::copy(&file, &target).unwrap();
    }
}

#[test]
fn output_does_not_depend_on_file_order() {
    let copy = Path::new(env!("CARGO_TARGET_TMPDIR")).join("spec-reversed");
    let _ = fs::remove_dir_all(&copy);
    copy_reversed(&root().join("spec"), &copy);
    let first = generate(&root().join("spec"), &Options::default()).unwrap();
    let again = generate(&root().join("spec"), &Options::default()).unwrap();
    let reversed = generate(&copy, &Options::default()).unwrap();
    assert_eq!(first.files, again.files);
    assert_eq!(first.files, reversed.files);
    fs::remove_dir_all(&copy).unwrap();
}
