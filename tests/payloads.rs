//! Real payloads through generated models: Speakeasy's public generation test suite
//! (`../shared/corpus/openapi-generation-tests`), its Java docs tree and `payloads.jsonl`,
//! JSON valid per the OpenAPI spec the docs were generated from.
//!
//! The Java tree is generated twice: from the docs alone, and with the keys of its
//! `wire-keys.tsv` as config. A scratch crate reads every payload into its model in both
//! and writes it back. What each payload must do is its `expect` label:
//!
//! - `exact`: the same JSON back from the docs alone;
//! - `keys`: the same JSON back once the keys are given;
//! - `docs`: the docs lack what it needs; it may fail to read, but must never come back
//!   changed (a silently changed value), with or without the keys.
//!
//! "The same" is equality of JSON values with numbers compared by value (an integer in a
//! float field comes back as `7.0`) and date-times by instant (`+00:00` comes back `Z`).

mod common;

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

const SUITE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus/openapi-generation-tests");

fn suite() -> &'static Path {
    let path = Path::new(SUITE);
    assert!(
        path.join("java/models").is_dir() && path.join("payloads.jsonl").is_file(),
        "the suite `{}` is missing: this test needs `shared/corpus/openapi-generation-tests` next to the workspace",
        path.display()
    );
    path
}

/// `java/wire-keys.tsv` as a config file: every field's key, by model title.
fn keys_config(dir: &Path) -> PathBuf {
    let tsv = fs::read_to_string(suite().join("java/wire-keys.tsv")).unwrap();
    let mut models: BTreeMap<&str, Vec<(&str, &str)>> = BTreeMap::new();
    for line in tsv.lines().skip(1) {
        let [model, field, key] = line.split('\t').collect::<Vec<_>>()[..] else { panic!("bad row `{line}`") };
        models.entry(model).or_default().push((field, key));
    }
    let mut toml = String::new();
    for (model, keys) in models {
        let keys: Vec<String> = keys.iter().map(|(field, key)| format!("{field:?} = {key:?}")).collect();
        writeln!(toml, "[models.{model:?}]\nkeys = {{ {} }}\n", keys.join(", ")).unwrap();
    }
    let path = dir.join("wire-keys.toml");
    fs::write(&path, toml).unwrap();
    path
}

/// One payload of `payloads.jsonl`.
struct Payload {
    doc: String,
    json: String,
}

fn payloads() -> Vec<Payload> {
    let text = fs::read_to_string(suite().join("payloads.jsonl")).unwrap();
    text.lines()
        .map(|line| {
            let value: serde_json::Value = serde_json::from_str(line).unwrap();
            let field = |name: &str| value[name].as_str().unwrap_or_else(|| panic!("no `{name}` in {line}")).to_owned();
            Payload { doc: field("doc"), json: field("json") }
        })
        .collect()
}

/// The harness: reads `payloads.jsonl` and prints, per payload, its label and what each
/// crate made of it (`same`, `changed <where>` or `error <message>`).
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

/// Where `b` differs from `a`, if anywhere: numbers by value, date-times by instant.
fn difference(a: &Value, b: &Value, at: &str) -> Option<String> {
    match (a, b) {
        (Value::Object(a), Value::Object(b)) => {
            for (key, value) in a {
                match b.get(key) {
                    None => return Some(format!("{at}.{key} dropped")),
                    Some(other) => {
                        if let Some(found) = difference(value, other, &format!("{at}.{key}")) {
                            return Some(found);
                        }
                    }
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
        let (doc, json, expect) = (
            payload["doc"].as_str().unwrap(),
            payload["json"].as_str().unwrap(),
            payload["expect"].as_str().unwrap(),
        );
        let clean = |s: String| s.replace(['\t', '\n'], " ");
        println!("{expect}\t{doc}\t{}\t{}", clean(docs_only(doc, json)), clean(with_keys(doc, json)));
    }
}
"##;

/// `fn name(doc, json)`: the round trip of `json` through the model of `doc` in `krate`.
fn dispatch(name: &str, krate: &str, models: &[docmodels_build::ModelPath], docs: &[&str]) -> String {
    let mut out = format!("fn {name}(doc: &str, json: &str) -> String {{\n    match doc {{\n");
    for doc in docs {
        let model = models.iter().find(|m| m.doc == *doc).unwrap_or_else(|| panic!("no model for `{doc}`"));
        writeln!(out, "        {doc:?} => round_trip::<{krate}::{}::{}>(json),", model.module, model.name).unwrap();
    }
    out.push_str("        _ => \"error no model\".to_owned(),\n    }\n}\n");
    out
}

#[test]
fn payloads_round_trip_as_far_as_the_docs_say() {
    let root = common::scratch("payload-suite");
    fs::create_dir_all(&root).unwrap();
    let spec = suite().join("java");
    let docs_only = docmodels_build::Config::new().output(docmodels_build::Output::Crate("docs_only".into())).generate(&spec)
        .unwrap_or_else(|failure| panic!("the suite's Java tree does not generate:\n{failure}"));
    let options = docmodels_build::Config::new().output(docmodels_build::Output::Crate("with_keys".into())).config_file(keys_config(&root));
    let with_keys = options.generate(&spec)
        .unwrap_or_else(|failure| panic!("the suite's Java tree does not generate with its keys:\n{failure}"));
    assert_eq!(docs_only.stats.models, 553);

    let payloads = payloads();
    let mut docs: Vec<&str> = payloads.iter().map(|p| p.doc.as_str()).collect();
    docs.sort_unstable();
    docs.dedup();
    common::write_member_crate(&root.join("docs_only"), &docs_only.files);
    common::write_member_crate(&root.join("with_keys"), &with_keys.files);
    let main = format!(
        "{HARNESS}\n{}\n{}",
        dispatch("docs_only", "docs_only", &docs_only.models, &docs),
        dispatch("with_keys", "with_keys", &with_keys.models, &docs)
    );
    common::write_member_crate(
        &root.join("harness"),
        &BTreeMap::from([
            ("src/main.rs".to_owned(), main),
            (
                "Cargo.toml".to_owned(),
                "[package]\nname = \"harness\"\nversion = \"0.1.0\"\nedition = \"2024\"\npublish = false\n\n[dependencies]\n\
                 docs_only = { path = \"../docs_only\" }\nwith_keys = { path = \"../with_keys\" }\n\
                 chrono = { version = \"0.4\", default-features = false, features = [\"std\"] }\n\
                 serde = \"1\"\nserde_json = \"1\"\n"
                    .to_owned(),
            ),
        ]),
    );
    fs::write(root.join("Cargo.toml"), "[workspace]\nmembers = [\"docs_only\", \"with_keys\", \"harness\"]\nresolver = \"3\"\n").unwrap();
    // The workspace's own lock file pins the versions the generated code is checked with.
    fs::copy(common::root().join("Cargo.lock"), root.join("Cargo.lock")).unwrap();

    let output = common::cargo(&root, &root.join("target"))
        .args(["run", "--quiet", "-p", "harness", "--"])
        .arg(suite().join("payloads.jsonl"))
        .output()
        .unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(output.status.success(), "the harness failed:\n{}", String::from_utf8_lossy(&output.stderr));
    let rows: Vec<Vec<&str>> = stdout.lines().map(|line| line.split('\t').collect()).collect();
    assert_eq!(rows.len(), payloads.len(), "one line per payload");

    // (label, crate) -> (same, changed, error); and every failure that must not happen.
    let mut counts: BTreeMap<(&str, &str), [usize; 3]> = BTreeMap::new();
    let mut failures = Vec::new();
    for (row, payload) in rows.iter().zip(&payloads) {
        let [expect, doc, from_docs, from_keys] = row[..] else { panic!("bad harness line {row:?}") };
        for (krate, outcome) in [("docs alone", from_docs), ("with keys", from_keys)] {
            let kind = usize::from(outcome.starts_with("changed")) + 2 * usize::from(outcome.starts_with("error"));
            counts.entry((expect, krate)).or_default()[kind] += 1;
            // A `keys` payload read without its keys loses the keys it cannot place,
            // which is why it is labelled so; it is counted, not judged.
            let ok = match expect {
                "exact" => outcome == "same",
                "keys" => krate == "docs alone" || outcome == "same",
                _ => !outcome.starts_with("changed"),
            };
            if !ok {
                failures.push(format!("{expect} payload of {doc} ({krate}): {outcome}\n  {}", payload.json));
            }
        }
    }
    let table: String = counts
        .iter()
        .map(|((expect, krate), [same, changed, error])| {
            format!("{expect:>5} {krate:<10}: {same} same, {changed} changed, {error} rejected\n")
        })
        .collect();
    eprintln!("{table}");
    assert!(failures.is_empty(), "{} failures:\n{}\n\n{table}", failures.len(), failures.join("\n"));
    // Every label is there in the numbers the suite documents.
    let total = |label: &str| counts[&(label, "docs alone")].iter().sum::<usize>();
    assert_eq!((total("exact"), total("keys"), total("docs")), (1635, 351, 159));
}
