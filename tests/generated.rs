//! `generated/` holds exactly what codegen makes of `spec/`, and generation gives the same
//! bytes whatever order the files were created in.

mod common;

use std::fs;

use docmodels_build::{Config, Output};
use common::{root, Order};

#[test]
fn generated_code_is_up_to_date() {
    let generated = Config::new().output(Output::SourceTree).generate(root().join("spec")).unwrap_or_else(|f| panic!("{f}"));
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

#[test]
fn output_does_not_depend_on_file_order() {
    let copy = common::scratch("spec-reversed");
    // The copy's files are created in reverse path order.
    common::copy_tree(&root().join("spec"), &copy, Order::Reversed);
    let first = Config::new().output(Output::SourceTree).generate(root().join("spec")).unwrap();
    let again = Config::new().output(Output::SourceTree).generate(root().join("spec")).unwrap();
    let reversed = Config::new().output(Output::SourceTree).generate(&copy).unwrap();
    assert_eq!(first.files, again.files);
    assert_eq!(first.files, reversed.files);
    fs::remove_dir_all(&copy).unwrap();
}
