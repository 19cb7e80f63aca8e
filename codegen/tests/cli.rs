//! The `codegen` binary: summary line, exit status, files written, diagnostics on stderr.

mod common;

use std::fs;
use std::process::{Command, Output};

use common::{scratch, SPEC};

fn codegen(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_codegen")).args(args).output().unwrap()
}

#[test]
fn generate_prints_one_summary_line() {
    let out = scratch("cli-generate");
    let output = codegen(&["generate", "--spec", SPEC, "--out", out.to_str().unwrap()]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert_eq!(stdout.lines().count(), 1, "{stdout}");
    assert!(
        stdout.starts_with("22 models (15 structs, 6 enums), 88 fields, 19 values; keys: 5 config, 5 payload, 38 model, 22 propagated, 17 default: snake_case (config wire-case); examples: 19 tested, 0 reported; payloads: 2 tested, 0 reported, 6 files written, 0 unchanged in "),
        "{stdout}"
    );
    assert!(stdout.trim_end().ends_with(" ms"), "{stdout}");
    assert!(out.join("lib.rs").exists() && out.join("components.rs").exists());

    // A second run finds every file already right and writes nothing.
    let output = codegen(&["generate", "--spec", SPEC, "--out", out.to_str().unwrap()]);
    assert!(String::from_utf8(output.stdout).unwrap().contains("0 files written, 6 unchanged"));
}

#[test]
fn generate_crate_writes_a_manifest_with_the_used_dependencies() {
    let out = scratch("cli-crate");
    let output = codegen(&["generate", "--spec", SPEC, "--out", out.to_str().unwrap(), "--crate", "shipping"]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let manifest = fs::read_to_string(out.join("Cargo.toml")).unwrap();
    assert!(manifest.contains("name = \"shipping\""));
    for dep in ["chrono", "indexmap", "rust_decimal", "serde ", "serde_json", "serde_repr", "serde_with"] {
        assert!(manifest.contains(&format!("\n{dep}")), "{dep} missing from\n{manifest}");
    }
    assert!(out.join("src/lib.rs").exists());
}

#[test]
fn check_validates_without_writing() {
    let output = codegen(&["check", "--spec", SPEC]);
    assert!(output.status.success());
    assert!(String::from_utf8(output.stdout).unwrap().starts_with("22 models"));
}

#[test]
fn errors_go_to_stderr_with_a_location_and_fail() {
    let spec = scratch("cli-bad-spec");
    fs::create_dir_all(spec.join("models/components")).unwrap();
    fs::write(
        spec.join("models/components/Pet.md"),
        "# Pet\n\n## Fields\n\n| Field | Type | Required | Description |\n| - | - | - | - |\n| `owner` | [Person](../../models/components/Person.md) | :heavy_check_mark: | N/A |\n",
    )
    .unwrap();
    let out = scratch("cli-bad-out");
    let output = codegen(&["generate", "--spec", spec.to_str().unwrap(), "--out", out.to_str().unwrap()]);
    assert!(!output.status.success());
    assert!(output.stdout.is_empty());
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("error: link to a missing doc `models/components/Person.md`"), "{stderr}");
    assert!(stderr.contains("models/components/Pet.md:7:22"), "{stderr}");
    assert_eq!(fs::read_dir(&out).unwrap().count(), 0, "a failed run wrote files");

    let output = codegen(&["check", "--spec", "/nonexistent/spec"]);
    assert!(!output.status.success());
    assert!(String::from_utf8(output.stderr).unwrap().contains("cannot read spec folder"));
}

/// The benchmark reports every phase (runs in this process and in fresh ones), both
/// floors, the syntax-tree reference and the ratios; with `--synthetic` it also reports
/// how time grows. Only the shape of the report is checked here: timings are for
/// `codegen bench` runs, not for tests.
#[test]
fn bench_reports_phases_floors_and_scaling() {
    let output = codegen(&["bench", "--spec", SPEC, "--iterations", "1", "--cli-runs", "1"]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let stdout = String::from_utf8(output.stdout).unwrap();
    let line = |start: &str| {
        stdout.lines().find(|l| l.starts_with(start)).unwrap_or_else(|| panic!("no line starting with {start:?} in\n{stdout}"))
    };
    line("22 models, medians of 1 runs, single thread (ms):");
    line("  phase          warm  fresh process");
    for phase in ["read", "parse", "resolve", "emit", "format", "write", "total"] {
        // A warm and a fresh-process time.
        let row = line(&format!("  {phase} "));
        let times: Vec<f64> = row.split_whitespace().skip(1).map(|t| t.parse().unwrap()).collect();
        assert_eq!(times.len(), 2, "{row}");
    }
    for start in [
        "floors (warm): pulldown-cmark ",
        "ratio warm total / floors: ",
        "syntax trees of the output (cloned and dropped): ",
        "default run, one thread (two from 500 models up), fresh process: ",
        "`codegen generate` end to end (process start to exit): ",
    ] {
        line(start);
    }

    let output = codegen(&["bench", "--synthetic", "20,40", "--iterations", "1"]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(stdout.contains("scaling: 40 models cost "), "{stdout}");
    assert!(stdout.contains("x 20 models in fresh processes ("), "{stdout}");
    assert!(stdout.contains("x warm); the floors grew "), "{stdout}");
    assert!(stdout.contains("x (2x the models)"), "{stdout}");
}

/// A benchmark run in its own process prints one line the bench reads back.
#[test]
fn bench_sample_prints_one_run() {
    let out = scratch("bench-sample");
    let output = codegen(&["bench-sample", "--spec", SPEC, "--out", out.to_str().unwrap()]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let stdout = String::from_utf8(output.stdout).unwrap();
    let sample = docmodels_build::bench::Sample::from_line(&stdout).unwrap_or_else(|| panic!("{stdout}"));
    assert_eq!(sample.models, 22);
    assert!(sample.total >= sample.phases.emit + sample.write, "{stdout}");
    assert!(out.join("lib.rs").is_file());
}

#[test]
fn init_writes_a_placeholder_root_once() {
    let out = scratch("cli-init");
    let output = codegen(&["init", "--out", out.join("generated").to_str().unwrap()]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let lib = fs::read_to_string(out.join("generated/lib.rs")).unwrap();
    assert!(lib.starts_with("// @generated"), "{lib}");
    // generate overwrites it (it carries the generated marker); init leaves a root alone.
    let output = codegen(&["generate", "--spec", SPEC, "--out", out.join("generated").to_str().unwrap()]);
    assert!(output.status.success());
    let output = codegen(&["init", "--out", out.join("generated").to_str().unwrap()]);
    assert!(String::from_utf8(output.stdout).unwrap().contains("already there"));
    assert!(fs::read_to_string(out.join("generated/lib.rs")).unwrap().contains("pub mod components;"));
}

#[test]
fn generate_include_writes_one_file_and_roots_cut_it_down() {
    let out = scratch("cli-include");
    let output = codegen(&["generate", "--spec", SPEC, "--out", out.to_str().unwrap(), "--include", "--root", "Money"]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    assert!(String::from_utf8(output.stdout).unwrap().starts_with("1 models (1 structs, 0 enums)"));
    let names: Vec<String> = fs::read_dir(&out).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
    assert_eq!(names, ["models.rs"]);
    let text = fs::read_to_string(out.join("models.rs")).unwrap();
    assert!(text.contains("pub mod shared {") && text.contains("pub struct Money"), "{text}");
}
