//! Cross-dialect agreement: the models generated from one dialect's docs tree against the
//! models generated from the Java tree of the same API, doc by doc.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use docmodels_build::{Config, Dialect, Generated, Output, Presence, Shape as Kind, WireCase};

/// The two shared corpora, beside the workspace.
pub const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus");

pub fn corpus(tree: &str) -> PathBuf {
    let path = Path::new(CORPUS).join(tree);
    assert!(path.is_dir(), "the shared tree `{}` is missing", path.display());
    path
}

/// A tree generated with no dialect flag, with its warnings counted.
pub fn generate_tree(tree: &str, crate_name: &str, wire_case: Option<WireCase>) -> Generated {
    let mut config = Config::new().output(Output::Crate(crate_name.into()));
    if let Some(case) = wire_case {
        config = config.wire_case(case);
    }
    config.generate(corpus(tree)).unwrap_or_else(|failure| panic!("`{tree}` does not generate:\n{failure}"))
}

/// What a model doc holds, in Rust terms where they exist.
#[derive(Debug, Clone)]
pub struct Shape {
    pub title: String,
    pub kind: &'static str,
    /// Normalised field name -> (Rust type, marked `raw ` or `catch-all ` where it is one,
    /// and presence).
    pub fields: BTreeMap<String, (String, Presence)>,
    pub values: Vec<String>,
    pub open: bool,
}

/// Every model doc of a generated tree (by path relative to the spec folder), from what it
/// became: its kind, enum values and fields (types and presence from the key records).
pub fn shapes(generated: &Generated, _dialect: Dialect) -> BTreeMap<String, Shape> {
    let mut types: BTreeMap<(String, String), BTreeMap<String, (String, Presence)>> = BTreeMap::new();
    for key in &generated.keys {
        let ty = if key.raw { format!("raw {}", key.rust_type) } else { key.rust_type.clone() };
        types.entry((key.folder.clone(), key.model.clone())).or_default().insert(normalise(&key.field), (ty, key.presence));
    }
    let mut out = BTreeMap::new();
    for model in &generated.models {
        let (kind, values, open) = match &model.shape {
            Kind::Struct => ("struct", Vec::new(), false),
            Kind::Enum { values, open } => ("enum", values.clone(), *open),
            Kind::Union(_) => ("union", Vec::new(), false),
            Kind::Any => ("any", Vec::new(), false),
        };
        let mut fields = types.remove(&(model.folder.clone(), model.title.clone())).unwrap_or_default();
        if let Some((name, ty)) = &model.catch_all {
            fields.insert(normalise(name), (format!("catch-all {ty}"), Presence::Required));
        }
        out.insert(model.doc.replace('\\', "/"), Shape { title: model.title.clone(), kind, fields, values, open });
    }
    out
}

/// `petName`, `PetName`, `pet_name` -> `petname`.
pub fn normalise(name: &str) -> String {
    name.chars().filter(|c| *c != '_').flat_map(char::to_lowercase).collect()
}

/// Dialect doc -> Java doc: from `doc-map.tsv` (the 2023 suite), else by title ignoring case
/// and whether the doc is an operation's (fastpix).
pub fn doc_pairs(java: &BTreeMap<String, Shape>, other: &BTreeMap<String, Shape>, doc_map: Option<(&Path, &str)>) -> BTreeMap<String, String> {
    let mut pairs = BTreeMap::new();
    if let Some((tsv, column)) = doc_map {
        let text = fs::read_to_string(tsv).unwrap();
        let mut lines = text.lines();
        let header: Vec<&str> = lines.next().unwrap().split('\t').collect();
        let col = header.iter().position(|h| *h == column).unwrap();
        // The spec folders sit below the dialect folders the map is relative to.
        let strip = |path: &str, tree: &BTreeMap<String, Shape>| {
            tree.keys().find(|doc| path.ends_with(doc.as_str()) && path[..path.len() - doc.len()].ends_with('/') || path == doc.as_str()).cloned()
        };
        for line in lines {
            let cells: Vec<&str> = line.split('\t').collect();
            if let (Some(j), Some(o)) = (strip(cells[0], java), strip(cells[col], other)) {
                pairs.insert(o, j);
            }
        }
        return pairs;
    }
    let is_operation = |doc: &str| {
        let lower = doc.to_lowercase();
        lower.contains("operations/") || lower.contains("requests/")
    };
    let mut by_title: BTreeMap<(String, bool), Vec<&String>> = BTreeMap::new();
    for (doc, shape) in java {
        by_title.entry((shape.title.to_lowercase(), is_operation(doc))).or_default().push(doc);
    }
    for (doc, shape) in other {
        let title = shape.title.to_lowercase();
        // Reserved-word titles get a `T` (`FileT`, `ErrorT` for Java's `File`, `Error`).
        let titles = [Some(title.as_str()), title.strip_suffix('t')];
        let found = titles.into_iter().flatten().find_map(|title| match by_title.get(&(title.to_owned(), is_operation(doc))).map(Vec::as_slice) {
            Some([java_doc]) => Some((*java_doc).clone()),
            _ => None,
        });
        if let Some(java_doc) = found {
            pairs.insert(doc.clone(), java_doc);
        }
    }
    pairs
}

/// Rewrites the model paths of a dialect's Rust type into the Java crate's paths.
fn java_paths(ty: &str, paths: &BTreeMap<String, String>) -> String {
    let mut out = String::new();
    let mut rest = ty;
    while let Some(pos) = rest.find("::") {
        let start = rest[..pos].rfind(|c: char| !(c.is_alphanumeric() || c == '_')).map_or(0, |i| i + 1);
        let end = pos + 2 + rest[pos + 2..].find(|c: char| !(c.is_alphanumeric() || c == '_')).unwrap_or(rest.len() - pos - 2);
        let path = &rest[start..end];
        out.push_str(&rest[..start]);
        out.push_str(paths.get(path).map_or(path, String::as_str));
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// The differences between the models of a dialect's tree and the Java tree, by kind: the
/// kinds `allowed` explains (what the dialect cannot carry) and every other difference.
pub struct Agreement {
    pub kinds: BTreeMap<String, usize>,
    pub unexplained: Vec<String>,
    pub compared: usize,
}

impl Agreement {
    pub fn report(&self, tree: &str) -> String {
        let mut out = format!("{tree}: {} models compared with Java's\n", self.compared);
        for (kind, count) in &self.kinds {
            writeln!(out, "  {count:>5}  {kind}").unwrap();
        }
        writeln!(out, "  {:>5}  other differences", self.unexplained.len()).unwrap();
        out
    }
}

/// A difference of one field: what kind it is, if the dialect explains it.
pub type Explain<'a> = &'a dyn Fn(&str, &str) -> Option<&'static str>;

/// `snapshots_differ`: the two trees document different versions of the API (fastpix's
/// SDKs were published months apart), so fields, values and types the API changed in
/// between are counted as such rather than failed.
pub fn compare(
    java: (&Generated, &BTreeMap<String, Shape>),
    other: (&Generated, &BTreeMap<String, Shape>),
    pairs: &BTreeMap<String, String>,
    explain_type: Explain<'_>,
    snapshots_differ: bool,
) -> Agreement {
    let (java_gen, java_shapes) = java;
    let (other_gen, other_shapes) = other;
    let java_path: BTreeMap<&str, String> =
        java_gen.models.iter().map(|m| (m.doc.as_str(), format!("{}::{}", m.module, m.name))).collect();
    let java_docs: BTreeMap<String, &str> = java_path.iter().map(|(doc, path)| (path.clone(), *doc)).collect();
    let java_to_other: BTreeMap<&str, &str> = pairs.iter().map(|(other, java)| (java.as_str(), other.as_str())).collect();
    let mut paths = BTreeMap::new();
    for model in &other_gen.models {
        if let Some(path) = pairs.get(&model.doc).and_then(|java_doc| java_path.get(java_doc.as_str())) {
            paths.insert(format!("{}::{}", model.module, model.name), path.clone());
        }
    }
    let mut kinds: BTreeMap<String, usize> = BTreeMap::new();
    let mut unexplained = Vec::new();
    let mut compared = 0;
    let mut count = |kind: &str| *kinds.entry(kind.to_owned()).or_default() += 1;
    // A difference no dialect explains: the API changed between snapshots, or a failure.
    let mut other_difference = |kind: &str, what: String, count: &mut dyn FnMut(&str)| {
        if snapshots_differ {
            if std::env::var_os("AGREEMENT_VERBOSE").is_some() {
                println!("    snapshot? {what}");
            }
            count(&format!("API changed between the snapshots: {kind}"));
        } else {
            unexplained.push(what);
        }
    };
    for (doc, shape) in other_shapes {
        let Some(java) = pairs.get(doc).and_then(|d| java_shapes.get(d)) else {
            count(&format!("doc with no Java doc ({})", shape.kind));
            continue;
        };
        compared += 1;
        if shape.kind != java.kind {
            let operation_body = java.fields.values().any(|(ty, _)| ty.starts_with("raw "));
            match (java.kind, shape.kind) {
                ("any", "union") => count("union members listed where the Java doc is title-only"),
                ("struct", "union") if operation_body => {
                    count("operation response: the body union, where Java documents the HTTP envelope")
                }
                _ => other_difference("kind of doc", format!("{doc}: a {} where Java has a {}", shape.kind, java.kind), &mut count),
            }
            continue;
        }
        if shape.title != java.title {
            count("title renamed (reserved word)");
        }
        if shape.kind == "enum" {
            let (mut a, mut b) = (shape.values.clone(), java.values.clone());
            a.sort();
            b.sort();
            if a != b {
                other_difference("enum values", format!("{doc}: values {a:?}, Java {b:?}"), &mut count);
            }
            if shape.open != java.open {
                count(if shape.open { "enum open here, closed in Java" } else { "enum closed here, open in Java" });
            }
            continue;
        }
        for (name, (java_ty, java_presence)) in &java.fields {
            let Some((ty, presence)) = shape.fields.get(name) else {
                // Newer C# envelopes hold one `HttpMeta` (the HTTPMetadata doc: raw request
                // and response) where Java lists the status, content type and raw body.
                let http_meta = shape.fields.contains_key("httpmeta") && ["contenttype", "statuscode", "rawresponse"].contains(&name.as_str());
                if http_meta {
                    count("response envelope: one HttpMeta field for Java's contentType, statusCode and rawResponse");
                    continue;
                }
                let in_errors = java_docs.get(java_ty.as_str()).and_then(|d| java_to_other.get(*d)).is_some_and(|d| d.contains("errors/"));
                if in_errors {
                    count("error body: thrown as an error here, a field of Java's response envelope");
                    continue;
                }
                other_difference("field only in Java's", format!("{doc}: no field `{name}` (Java: {java_ty})"), &mut count);
                continue;
            };
            let ty = java_paths(ty, &paths);
            let one_value_enum = java_docs.get(java_ty.as_str()).and_then(|d| java_shapes.get(*d)).is_some_and(|s| s.kind == "enum" && s.values.len() == 1);
            if ty == "String" && one_value_enum {
                count("const: a string literal where Java links a one-value enum");
            } else if ty != *java_ty {
                match explain_type(java_ty, &ty) {
                    Some(kind) => count(kind),
                    None => other_difference("field type", format!("{doc}: `{name}` is {ty}, Java {java_ty}"), &mut count),
                }
            }
            if presence != java_presence {
                match (java_presence, presence) {
                    (Presence::Nullable, Presence::Optional) | (Presence::RequiredNullable, Presence::Required) => {
                        count("may be null: not carried")
                    }
                    _ => other_difference("required or not", format!("{doc}: `{name}` is {presence:?}, Java {java_presence:?}"), &mut count),
                }
            }
        }
        for (name, (ty, _)) in shape.fields.iter().filter(|(name, _)| !java.fields.contains_key(*name)) {
            if name == "httpmeta" && !java.fields.contains_key("httpmeta") {
                continue;
            }
            if ty.starts_with("raw ") && doc.contains("errors/") {
                count("raw HTTP response field of an error model");
                continue;
            }
            other_difference("field Java does not have", format!("{doc}: field `{name}` that Java does not have"), &mut count);
        }
    }
    Agreement { kinds, unexplained, compared }
}

/// Share of a dialect's `wire-keys.tsv` rows whose field got its real key.
pub fn key_accuracy(generated: &Generated, tsv: &Path) -> (usize, usize, Vec<String>) {
    let text = fs::read_to_string(tsv).unwrap();
    let chosen: BTreeMap<(&str, &str), &str> =
        generated.keys.iter().map(|k| ((k.model.as_str(), k.field.as_str()), k.key.as_str())).collect();
    let mut right = 0;
    let mut total = 0;
    let mut misses = Vec::new();
    for line in text.lines().skip(1).filter(|l| !l.is_empty()) {
        let [model, field, key] = line.split('\t').collect::<Vec<_>>()[..] else { panic!("bad row `{line}`") };
        total += 1;
        match chosen.get(&(model, field)) {
            Some(chosen) if *chosen == key => right += 1,
            Some(chosen) => misses.push(format!("{model}.{field}: real `{key}`, chose `{chosen}`")),
            None => misses.push(format!("{model}.{field}: not generated")),
        }
    }
    (right, total, misses)
}

/// `ty` with every whole word of `words` (Rust type names) replaced by `by`.
pub fn replace_words(ty: &str, words: &[&str], by: &str) -> String {
    let mut out = String::new();
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String| {
        out.push_str(if words.contains(&word.as_str()) { by } else { word.as_str() });
        word.clear();
    };
    for c in ty.chars() {
        if c.is_alphanumeric() || c == '_' || c == ':' {
            word.push(c);
        } else {
            flush(&mut word, &mut out);
            out.push(c);
        }
    }
    flush(&mut word, &mut out);
    out
}

/// The `wire-keys.tsv` of a tree: in its folder, or in the dialect folder above it.
pub fn wire_keys(tree: &str) -> PathBuf {
    let dir = corpus(tree);
    [dir.join("wire-keys.tsv"), dir.join("../wire-keys.tsv")].into_iter().find(|p| p.is_file()).expect("a wire-keys.tsv")
}

/// Generates `tree` (in `dialect`) and `java_tree`, compares them, prints the differences
/// by kind and fails on any the dialect does not explain.
pub fn check_agreement(tree: &str, java_tree: &str, dialect: Dialect, doc_map: Option<&str>, snapshots_differ: bool, explain: Explain<'_>) -> Agreement {
    let java = generate_tree(java_tree, "java", None);
    let other = generate_tree(tree, "other", None);
    let java_shapes = shapes(&java, Dialect::Java);
    let other_shapes = shapes(&other, dialect);
    let map = doc_map.map(|m| Path::new(CORPUS).join(m));
    let pairs = doc_pairs(&java_shapes, &other_shapes, map.as_deref().map(|p| (p, dialect.as_str())));
    let agreement = compare((&java, &java_shapes), (&other, &other_shapes), &pairs, explain, snapshots_differ);
    println!("{}", agreement.report(tree));
    assert!(
        agreement.unexplained.is_empty(),
        "{} differences from the Java tree that the dialect does not explain:\n{}",
        agreement.unexplained.len(),
        agreement.unexplained.join("\n")
    );
    agreement
}

/// Writes each generated crate into a scratch workspace `name` and runs clippy with
/// `-D warnings` and rustdoc with `-D warnings` on it. The target folder is shared by the
/// dialect tests, so the dependencies build once.
pub fn lint_crates(name: &str, crates: &[(&str, &Generated)]) {
    let root = super::scratch(name);
    fs::create_dir_all(&root).unwrap();
    let mut members = Vec::new();
    for (crate_name, generated) in crates {
        super::write_member_crate(&root.join(crate_name), &generated.files);
        members.push(format!("{crate_name:?}"));
    }
    fs::write(root.join("Cargo.toml"), format!("[workspace]\nmembers = [{}]\nresolver = \"3\"\n", members.join(", "))).unwrap();
    fs::copy(super::root().join("Cargo.lock"), root.join("Cargo.lock")).unwrap();
    let target = Path::new(env!("CARGO_TARGET_TMPDIR")).join("dialect-crates-target");
    let clippy = super::cargo(&root, &target).args(["clippy", "--quiet", "--workspace", "--", "-D", "warnings"]).output().unwrap();
    assert!(clippy.status.success(), "clippy -D warnings fails on {name}:\n{}", String::from_utf8_lossy(&clippy.stderr));
    let doc = super::cargo(&root, &target).env("RUSTDOCFLAGS", "-D warnings").args(["doc", "--quiet", "--no-deps", "--workspace"]).output().unwrap();
    assert!(doc.status.success(), "rustdoc -D warnings fails on {name}:\n{}", String::from_utf8_lossy(&doc.stderr));
}

/// A dialect's `wire-keys.tsv` as a config file in `dir`: every field's key, by title.
pub fn keys_config(tree: &str, dir: &Path) -> PathBuf {
    let tsv = fs::read_to_string(wire_keys(tree)).unwrap();
    let mut models: BTreeMap<&str, Vec<(&str, &str)>> = BTreeMap::new();
    for line in tsv.lines().skip(1).filter(|l| !l.is_empty()) {
        let [model, field, key] = line.split('\t').collect::<Vec<_>>()[..] else { panic!("bad row `{line}`") };
        models.entry(model).or_default().push((field, key));
    }
    let mut toml = String::new();
    for (model, keys) in models {
        let keys: Vec<String> = keys.iter().map(|(field, key)| format!("{field:?} = {key:?}")).collect();
        writeln!(toml, "[models.{model:?}]\nkeys = {{ {} }}\n", keys.join(", ")).unwrap();
    }
    fs::create_dir_all(dir).unwrap();
    let path = dir.join("wire-keys.toml");
    fs::write(&path, toml).unwrap();
    path
}

/// Reads each payload of the suite's `payloads.jsonl` into the model of its doc and writes
/// it back; prints one line per payload: its label and `same`, `changed <where>` or
/// `error <message>`.
const HARNESS: &str = r##"
use serde::{de::DeserializeOwned, Serialize};
use serde_json::Value;

fn round_trip<T: Serialize + DeserializeOwned>(json: &str) -> String {
    let model: T = match serde_json::from_str(json) {
        Ok(model) => model,
        Err(e) => return format!("error {e}"),
    };
    let back = serde_json::to_value(&model).expect("a model serializes");
    let sent: Value = serde_json::from_str(json).expect("payloads are JSON");
    match difference(&sent, &back, "$") {
        None => "same".to_owned(),
        Some(at) => format!("changed {at}"),
    }
}

/// Where `b` differs from `a`: numbers by value, date-times by instant.
fn difference(a: &Value, b: &Value, at: &str) -> Option<String> {
    match (a, b) {
        (Value::Object(a), Value::Object(b)) => {
            for (key, value) in a {
                let Some(other) = b.get(key) else { return Some(format!("{at}.{key} dropped")) };
                if let Some(found) = difference(value, other, &format!("{at}.{key}")) {
                    return Some(found);
                }
            }
            b.keys().find(|key| !a.contains_key(*key)).map(|key| format!("{at}.{key} added"))
        }
        (Value::Array(a), Value::Array(b)) if a.len() == b.len() => {
            a.iter().zip(b).enumerate().find_map(|(i, (a, b))| difference(a, b, &format!("{at}[{i}]")))
        }
        (Value::Number(x), Value::Number(y)) => {
            let same = match (x.as_i64(), y.as_i64(), x.as_u64(), y.as_u64()) {
                (Some(x), Some(y), _, _) => x == y,
                (_, _, Some(x), Some(y)) => x == y,
                _ => x.as_f64() == y.as_f64() && x.as_f64().is_some(),
            };
            (!same).then(|| format!("{at}: {x} became {y}"))
        }
        (Value::String(x), Value::String(y)) if x != y => {
            let instant = |s: &str| chrono::DateTime::parse_from_rfc3339(s).ok();
            match (instant(x), instant(y)) {
                (Some(x), Some(y)) if x == y => None,
                _ => Some(format!("{at}: {x:?} became {y:?}")),
            }
        }
        _ if a == b => None,
        _ => Some(format!("{at}: {a} became {b}")),
    }
}

fn main() {
    let path = std::env::args().nth(1).expect("the path of payloads.jsonl");
    let text = std::fs::read_to_string(path).expect("payloads.jsonl reads");
    for line in text.lines() {
        let payload: Value = serde_json::from_str(line).expect("a payload line is JSON");
        let (doc, json, expect) =
            (payload["doc"].as_str().unwrap(), payload["json"].as_str().unwrap(), payload["expect"].as_str().unwrap());
        println!("{expect}\t{doc}\t{}", round_trip_doc(doc, json).replace(['\t', '\n'], " "));
    }
}
"##;

/// Every payload of the 2023 suite through the crate generated from `tree` (with that
/// dialect's keys as config; `column` is its column of `doc-map.tsv`): counts by label and
/// outcome, and the payloads that came back changed.
pub fn payload_round_trips(tree: &str, column: &str, scratch: &str) -> (BTreeMap<(String, String), usize>, Vec<String>) {
    let suite = Path::new(CORPUS).join("openapi-generation-tests");
    let root = super::scratch(scratch);
    let config = Config::new().output(Output::Crate("models".into())).config_file(keys_config(tree, &root));
    let generated = config.generate(corpus(tree)).unwrap_or_else(|failure| panic!("`{tree}` does not generate:\n{failure}"));
    let map = fs::read_to_string(suite.join("doc-map.tsv")).unwrap();
    let mut lines = map.lines();
    let col = lines.next().unwrap().split('\t').position(|h| h == column).unwrap();
    let to_dialect: BTreeMap<&str, &str> = lines.map(|l| l.split('\t').collect::<Vec<_>>()).map(|c| (c[0], c[col])).collect();
    let mut arms = String::new();
    let mut java_docs: Vec<String> = fs::read_to_string(suite.join("payloads.jsonl"))
        .unwrap()
        .lines()
        .map(|line| serde_json::from_str::<serde_json::Value>(line).unwrap()["doc"].as_str().unwrap().to_owned())
        .collect();
    java_docs.sort();
    java_docs.dedup();
    for java_doc in &java_docs {
        let doc = to_dialect.get(java_doc.as_str()).unwrap_or_else(|| panic!("`{java_doc}` is not in doc-map.tsv"));
        let model = generated.models.iter().find(|m| m.doc == *doc).unwrap_or_else(|| panic!("no model for `{doc}`"));
        writeln!(arms, "        {java_doc:?} => round_trip::<models::{}::{}>(json),", model.module, model.name).unwrap();
    }
    let main = format!(
        "{HARNESS}\nfn round_trip_doc(doc: &str, json: &str) -> String {{\n    match doc {{\n{arms}        _ => \"error no model\".to_owned(),\n    }}\n}}\n"
    );
    super::write_member_crate(&root.join("models"), &generated.files);
    let files: Vec<(PathBuf, String)> = vec![
        (root.join("harness/src/main.rs"), main),
        (
            root.join("harness/Cargo.toml"),
            "[package]\nname = \"harness\"\nversion = \"0.1.0\"\nedition = \"2024\"\npublish = false\n\n[dependencies]\nmodels = { path = \"../models\" }\n\
             chrono = { version = \"0.4\", default-features = false, features = [\"std\"] }\nserde = \"1\"\nserde_json = \"1\"\n"
                .to_owned(),
        ),
        (root.join("Cargo.toml"), "[workspace]\nmembers = [\"models\", \"harness\"]\nresolver = \"3\"\n".to_owned()),
    ];
    for (path, text) in files {
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }
    fs::copy(super::root().join("Cargo.lock"), root.join("Cargo.lock")).unwrap();
    let target = Path::new(env!("CARGO_TARGET_TMPDIR")).join("dialect-crates-target");
    let output = super::cargo(&root, &target).args(["run", "--quiet", "-p", "harness", "--"]).arg(suite.join("payloads.jsonl")).output().unwrap();
    assert!(output.status.success(), "the harness failed:\n{}", String::from_utf8_lossy(&output.stderr));
    let mut counts: BTreeMap<(String, String), usize> = BTreeMap::new();
    let mut changed = Vec::new();
    for line in String::from_utf8(output.stdout).unwrap().lines() {
        let [expect, doc, outcome] = line.splitn(3, '\t').collect::<Vec<_>>()[..] else { panic!("bad harness line `{line}`") };
        let kind = outcome.split(' ').next().unwrap_or(outcome);
        *counts.entry((expect.to_owned(), kind.to_owned())).or_default() += 1;
        if kind == "changed" {
            changed.push(format!("{expect} payload of {doc}: {outcome}"));
        }
    }
    (counts, changed)
}

/// Generates the docs `files` (path, text) of a scratch spec in `dialect` and returns every
/// diagnostic as `file:line:col: message`, the file relative to the spec folder.
pub fn diagnostics_of(name: &str, dialect: Dialect, files: &[(&str, &str)]) -> Vec<String> {
    let spec = super::scratch(name);
    fs::create_dir_all(&spec).unwrap();
    for (path, text) in files {
        let path = spec.join(path);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }
    let (diagnostics, sources) = match Config::new().dialect(dialect).generate(&spec) {
        Ok(generated) => (generated.warnings, generated.sources),
        Err(failure) => (failure.diagnostics, failure.sources),
    };
    let prefix = format!("{}/", sources.root.display());
    diagnostics
        .iter()
        .map(|d| {
            let location = d.location(&sources).unwrap_or_default();
            format!("{}: {}", location.strip_prefix(&prefix).unwrap_or(&location), d.message)
        })
        .collect()
}
