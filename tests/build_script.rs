//! The build script on a scratch copy of this workspace: a no-op build does not rerun it,
//! a spec change rewrites only the files whose content changed, and a spec error fails
//! the build with a rustc-style diagnostic and leaves `generated/` as it was.

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;
use std::time::SystemTime;

use common::Order;

/// A copy of the workspace as a user would check it out, without tests or build output.
fn scratch_workspace() -> PathBuf {
    let root = common::root();
    let copy = common::scratch("build-script-ws");
    for dir in ["spec", "generated", "codegen/src", "codegen/runtime/src"] {
        common::copy_tree(&root.join(dir), &copy.join(dir), Order::Sorted);
    }
    for file in ["Cargo.toml", "Cargo.lock", "build.rs", "codegen/Cargo.toml", "codegen/runtime/Cargo.toml"] {
        fs::copy(root.join(file), copy.join(file)).unwrap();
    }
    copy
}

fn cargo_build(workspace: &Path) -> Output {
    common::cargo(workspace, &Path::new(env!("CARGO_TARGET_TMPDIR")).join("build-script-target"))
        .args(["build", "--locked", "-v", "-p", "docmodels"])
        .output()
        .unwrap()
}

fn text(output: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr))
}

fn mtimes(dir: &Path) -> Vec<(String, SystemTime)> {
    let mut all: Vec<_> = fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (e.file_name().to_string_lossy().into_owned(), e.metadata().unwrap().modified().unwrap())
        })
        .collect();
    all.sort();
    all
}

#[test]
fn build_script_reruns_only_when_the_spec_changes() {
    let ws = scratch_workspace();
    let first = cargo_build(&ws);
    assert!(first.status.success(), "{}", text(&first));

    // Unchanged spec: the build script does not run and nothing is recompiled.
    let noop = cargo_build(&ws);
    let log = text(&noop);
    assert!(noop.status.success(), "{log}");
    assert!(log.contains("Fresh docmodels"), "{log}");
    assert!(!log.contains("build-script-build`"), "the build script ran again:\n{log}");

    // A description edit changes one generated file; the others keep their mtime.
    let before = mtimes(&ws.join("generated"));
    let parcel = ws.join("spec/models/components/Parcel.md");
    let doc = fs::read_to_string(&parcel).unwrap();
    fs::write(&parcel, doc.replace("One box of a shipment.", "One box of a shipment, sealed.")).unwrap();
    let changed = cargo_build(&ws);
    assert!(changed.status.success(), "{}", text(&changed));
    let after = mtimes(&ws.join("generated"));
    let rewritten: Vec<&str> = before
        .iter()
        .zip(&after)
        .filter(|(b, a)| b.1 != a.1)
        .map(|(b, _)| b.0.as_str())
        .collect();
    assert_eq!(rewritten, ["components.rs"]);
    assert!(fs::read_to_string(ws.join("generated/components.rs")).unwrap().contains("sealed"));

    // A spec error fails the build with a diagnostic, and generated/ stays as it was.
    fs::write(&parcel, doc.replace("| *Long* |", "| *List\\<Long* |")).unwrap();
    let broken = cargo_build(&ws);
    let log = text(&broken);
    assert!(!broken.status.success(), "{log}");
    assert!(log.contains("error: cannot parse Type cell: unclosed `<` after `List`"), "{log}");
    assert!(log.contains("--> spec/models/components/Parcel.md:10:"), "{log}");
    assert_eq!(mtimes(&ws.join("generated")), after);
}
