//! Cross-dialect checks shared by `dialect_php.rs` and `dialect_ruby.rs`: a docs tree of
//! one dialect generated without a dialect flag, its crate held to clippy and rustdoc,
//! its models compared with the Java tree of the same corpus, and its keys with the
//! tree's `wire-keys.tsv`.

// Each test binary compiles this module and uses only some of its items; differences
// are shown through `Debug`.
#![allow(dead_code)]

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use docmodels_build::{Config, Generated, KeyRecord, Output, Shape as Kind, WireCase};

pub const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus");

/// A tree of the shared corpus, relative to [`CORPUS`].
pub fn tree(rel: &str) -> PathBuf {
    let path = Path::new(CORPUS).join(rel);
    assert!(path.is_dir(), "the shared tree `{}` is missing", path.display());
    path
}

/// Generates `rel` as the crate `name`, failing on any error.
pub fn generated(rel: &str, name: &str, wire_case: Option<WireCase>) -> Generated {
    let mut config = Config::new().output(Output::Crate(name.to_owned()));
    if let Some(case) = wire_case {
        config = config.wire_case(case);
    }
    config.generate(tree(rel)).unwrap_or_else(|failure| panic!("`{rel}` does not generate:\n{failure}"))
}

/// Writes the crates into one scratch workspace (`dir`) and holds them to
/// `clippy -D warnings` and `rustdoc -D warnings`. Every test binary builds into the same
/// target folder, so the dependencies are built once.
pub fn lint_and_doc(dir: &str, crates: &[(&str, &Generated)]) {
    let root = crate::common::scratch(dir);
    fs::create_dir_all(&root).unwrap();
    for (name, generated) in crates {
        crate::common::write_member_crate(&root.join(name), &generated.files);
    }
    let members: Vec<String> = crates.iter().map(|(name, _)| format!("{name:?}")).collect();
    fs::write(root.join("Cargo.toml"), format!("[workspace]\nmembers = [{}]\nresolver = \"3\"\n", members.join(", "))).unwrap();
    fs::copy(crate::common::root().join("Cargo.lock"), root.join("Cargo.lock")).unwrap();
    let target = Path::new(env!("CARGO_TARGET_TMPDIR")).join("dialects-target");
    let run = |args: &[&str], env: Option<(&str, &str)>| {
        let mut command = crate::common::cargo(&root, &target);
        command.args(args);
        if let Some((key, value)) = env {
            command.env(key, value);
        }
        let output = command.output().unwrap();
        assert!(output.status.success(), "`cargo {}` failed:\n{}", args.join(" "), String::from_utf8_lossy(&output.stderr));
    };
    run(&["clippy", "--quiet", "--workspace", "--", "-D", "warnings"], None);
    run(&["doc", "--quiet", "--workspace", "--no-deps"], Some(("RUSTDOCFLAGS", "-D warnings")));
}

/// `wire-keys.tsv` next to a tree: (model, field) to key.
pub fn wire_keys(tsv: &str) -> BTreeMap<(String, String), String> {
    let text = fs::read_to_string(Path::new(CORPUS).join(tsv)).unwrap();
    text.lines()
        .skip(1)
        .map(|line| {
            let [model, field, key] = line.split('\t').collect::<Vec<_>>()[..] else { panic!("bad row `{line}`") };
            ((model.to_owned(), field.to_owned()), key.to_owned())
        })
        .collect()
}

/// How many of the tree's fields that `wire-keys.tsv` lists have its key, how many it
/// lists, and the misses.
pub fn key_accuracy(generated: &Generated, tsv: &str) -> (usize, usize, Vec<String>) {
    let expected = wire_keys(tsv);
    let mut right = 0;
    let mut checked = 0;
    let mut wrong = Vec::new();
    for record in &generated.keys {
        if let Some(key) = expected.get(&(record.model.trim_matches('~').to_owned(), record.field.clone())) {
            checked += 1;
            if *key == record.key {
                right += 1;
            } else {
                wrong.push(format!("{}.{}: `{}`, expected `{key}` ({})", record.model, record.field, record.key, record.detail));
            }
        }
    }
    (right, checked, wrong)
}

/// A model as compared across dialects: its kind, and its fields (by a name that all
/// dialects' Field cells reduce to) or its enum values.
#[derive(Debug, Default)]
struct Shape {
    kind: &'static str,
    fields: BTreeMap<String, (String, String)>,
    values: BTreeSet<String>,
}

/// The name of a field in every dialect's case: `created_at`, `createdAt`, `enum_` and
/// `str_` all reduce to letters and digits, lower-cased, with a keyword escape dropped.
fn field_name(field: &str) -> String {
    field.trim_end_matches('_').chars().filter(char::is_ascii_alphanumeric).map(|c| c.to_ascii_lowercase()).collect()
}

/// The models of a generated tree by (folder, title), lower-cased; `rename` maps a
/// dialect's (folder, title) to Java's where the title differs.
fn shapes(generated: &Generated, rename: &BTreeMap<(String, String), (String, String)>) -> BTreeMap<(String, String), Shape> {
    let mut out: BTreeMap<(String, String), Shape> = BTreeMap::new();
    let key = |folder: &str, title: &str| {
        let k = (folder.to_lowercase(), title.to_lowercase());
        rename.get(&k).cloned().unwrap_or(k)
    };
    for model in &generated.models {
        let shape = out.entry(key(&model.folder, &model.title)).or_default();
        shape.kind = match &model.shape {
            Kind::Struct => "struct",
            Kind::Enum { values, .. } => {
                shape.values = values.iter().cloned().collect();
                "enum"
            }
            Kind::Union(_) => "union",
            Kind::Any => "any",
        };
    }
    for record in &generated.keys {
        let shape = out.entry(key(&record.folder, &record.model)).or_default();
        // Module names follow the folders below the spec folder (`models_shared` for a tree
        // rooted above `Models/`): not part of the type.
        let ty = record.rust_type.replace("models_", "");
        shape.fields.insert(field_name(&record.field), (ty, format!("{:?}", record.presence)));
    }
    out
}

/// The differences between the models of a dialect's tree and the Java tree of the same
/// corpus, by kind (as `classify` names them), with an example of each.
pub fn differences(
    java: &Generated,
    other: &Generated,
    rename: &BTreeMap<(String, String), (String, String)>,
    classify: impl Fn(&Difference) -> String,
) -> BTreeMap<String, (usize, String)> {
    let java_shapes = shapes(java, &BTreeMap::new());
    let other_shapes = shapes(other, rename);
    let mut kinds: BTreeMap<String, (usize, String)> = BTreeMap::new();
    let mut note = |d: Difference| {
        let entry = kinds.entry(classify(&d)).or_insert((0, String::new()));
        entry.0 += 1;
        if entry.1.is_empty() {
            entry.1 = format!("{d:?}");
        }
    };
    for (model, shape) in &other_shapes {
        let Some(java_shape) = java_shapes.get(model) else {
            note(Difference::Model { model: model.1.clone(), java: None, other: Some(shape.kind) });
            continue;
        };
        if java_shape.kind != shape.kind {
            note(Difference::Model { model: model.1.clone(), java: Some(java_shape.kind), other: Some(shape.kind) });
        }
        if java_shape.values != shape.values {
            note(Difference::Values { model: model.1.clone(), java: java_shape.values.clone(), other: shape.values.clone() });
        }
        let names: BTreeSet<&String> = java_shape.fields.keys().chain(shape.fields.keys()).collect();
        for name in names {
            let (java_field, field) = (java_shape.fields.get(name), shape.fields.get(name));
            if java_field != field {
                note(Difference::Field {
                    model: model.1.clone(),
                    field: name.clone(),
                    java: java_field.cloned(),
                    other: field.cloned(),
                });
            }
        }
    }
    kinds
}

/// One way a model of a dialect's tree differs from the Java model of the same doc.
#[derive(Debug)]
pub enum Difference {
    /// Kinds differ, or the dialect has a model Java lacks.
    Model { model: String, java: Option<&'static str>, other: Option<&'static str> },
    Values { model: String, java: BTreeSet<String>, other: BTreeSet<String> },
    /// (Rust type, presence) of a field in each, where they differ.
    Field { model: String, field: String, java: Option<(String, String)>, other: Option<(String, String)> },
}

/// The kind [`classify`] gives a title-only Java union doc that the dialect lists.
const UNION_LISTED: &str = "union: the dialect lists the members, Java's doc is title-only";

/// Prints the differences by kind, and returns those of a kind the dialect could carry:
/// none of `lossy`, no listed union, and (on the same API) no `older API`.
pub fn report(tree: &str, kinds: &BTreeMap<String, (usize, String)>, lossy: &[Lossy]) -> Vec<String> {
    let allowed = |kind: &str| kind == UNION_LISTED || kind.starts_with("older API") || lossy.iter().any(|(label, _)| *label == kind);
    println!("{tree}: differences from the Java tree, by kind");
    for (kind, (count, example)) in kinds {
        println!("  {count:>4}  {kind}\n        e.g. {example}");
    }
    let unexpected: Vec<String> =
        kinds.iter().filter(|(kind, _)| !allowed(kind)).map(|(kind, (n, e))| format!("{tree}: {n} × {kind}: {e}")).collect();
    unexpected
}

/// `doc-map.tsv`: a dialect's (folder, title) to Java's, for docs whose titles differ
/// other than in case. Titles are file names (lower-cased in some dialects).
pub fn suite_renames(column: usize) -> BTreeMap<(String, String), (String, String)> {
    let text = fs::read_to_string(Path::new(CORPUS).join("openapi-generation-tests/doc-map.tsv")).unwrap();
    let split = |path: &str| {
        let (folder, file) = path.rsplit_once('/').unwrap_or(("", path));
        (folder.to_lowercase(), file.trim_end_matches(".md").to_lowercase())
    };
    text.lines()
        .skip(1)
        .filter_map(|line| {
            let cells: Vec<&str> = line.split('\t').collect();
            let (java, other) = (split(cells[0]), split(cells[column]));
            (java != other).then_some((other, java))
        })
        .collect()
}

/// A difference a dialect cannot avoid: its label, and whether a Java field's
/// (type, presence) becomes the dialect's by it.
pub type Lossy = (&'static str, fn(&(String, String), &(String, String)) -> bool);

/// The kind of a difference: the first of `lossy` that explains a field's difference;
/// anything else, on a tree that documents another version of the API than the Java
/// tree (`same_api` false), `older API: …`, else named as it is.
pub fn classify(d: &Difference, lossy: &[Lossy], same_api: bool) -> String {
    let (kind, named) = match d {
        Difference::Model { java: None, .. } => ("model Java does not have".to_owned(), false),
        Difference::Model { java: Some("any"), other: Some("union"), .. } => {
            return UNION_LISTED.to_owned();
        }
        Difference::Model { java, other, .. } => (format!("model kind {java:?} -> {other:?}"), false),
        Difference::Values { .. } => ("enum values".to_owned(), false),
        Difference::Field { java: None, .. } => ("field Java does not have".to_owned(), false),
        Difference::Field { other: None, .. } => ("field the dialect does not have".to_owned(), false),
        Difference::Field { java: Some(j), other: Some(o), .. } => {
            if let Some((label, _)) = lossy.iter().find(|(_, explains)| explains(j, o)) {
                return (*label).to_owned();
            }
            (format!("type/presence {} {} -> {} {}", j.0, j.1, o.0, o.1), true)
        }
    };
    match (same_api, named) {
        (true, _) => kind,
        (false, true) => "older API: a field's type or presence differs".to_owned(),
        (false, false) => format!("older API: {kind}"),
    }
}

/// Whether `java` becomes `other` when each `(from, to)` is replaced in it.
pub fn replaced(java: &str, other: &str, pairs: &[(&str, &str)]) -> bool {
    let mut text = java.to_owned();
    for (from, to) in pairs {
        text = text.replace(from, to);
    }
    text == other
}

/// The record of a field, for tests that look at one.
pub fn record<'g>(generated: &'g Generated, model: &str, field: &str) -> &'g KeyRecord {
    generated.keys.iter().find(|r| r.model == model && r.field == field).unwrap_or_else(|| panic!("no field {model}.{field}"))
}
