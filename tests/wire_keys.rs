//! JSON key inference measured against the real keys of the DocuSign corpus
//! (`wire-keys.tsv`, read from that SDK's sources): how many fields get their real
//! serde key, with no config and with each `--wire-case` fallback.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use docmodels_build::{Config, Output, WireCase};

/// (model, field) -> real JSON key.
fn real_keys() -> BTreeMap<(String, String), String> {
    let text = fs::read_to_string(Path::new(common::DOCUSIGN).join("wire-keys.tsv"))
        .expect("../shared/corpus/docusign-iam-java/wire-keys.tsv is readable");
    text.lines()
        .skip(1)
        .filter(|line| !line.is_empty())
        .map(|line| {
            let cols: Vec<&str> = line.split('\t').collect();
            ((cols[0].to_owned(), cols[1].to_owned()), cols[2].to_owned())
        })
        .collect()
}

/// Share of real keys the generator matches under `wire_case`, with the misses.
fn measure(wire_case: Option<WireCase>) -> (usize, usize, Vec<String>) {
    let mut config = Config::new().output(Output::SourceTree);
    if let Some(case) = wire_case {
        config = config.wire_case(case);
    }
    let generated = config
        .generate(Path::new(common::DOCUSIGN).join("models"))
        .unwrap_or_else(|f| panic!("{f}"));
    let chosen: BTreeMap<(String, String), &docmodels_build::KeyRecord> =
        generated.keys.iter().map(|k| ((k.model.clone(), k.field.clone()), k)).collect();
    let real = real_keys();
    let mut misses = Vec::new();
    for ((model, field), key) in &real {
        match chosen.get(&(model.clone(), field.clone())) {
            Some(record) if record.key == *key => {}
            Some(record) => misses.push(format!("{model}.{field}: real `{key}`, chose `{}` ({}: {})", record.key, record.source, record.detail)),
            None => misses.push(format!("{model}.{field}: no such field generated")),
        }
    }
    let sources: Vec<String> = generated.key_sources().iter().map(|(s, n)| format!("{n} {s}")).collect();
    println!("key sources ({wire_case:?}): {}", sources.join(", "));
    (real.len() - misses.len(), real.len(), misses)
}

/// At least `at_least` of the real keys are right (the counts measured when the
/// inference last changed: a regression of one key fails).
fn check(wire_case: Option<WireCase>, at_least: usize) {
    let (right, total, misses) = measure(wire_case);
    println!("wire keys ({wire_case:?}): {right}/{total} = {:.1}% right", right as f64 * 100.0 / total as f64);
    for miss in &misses {
        println!("  {miss}");
    }
    assert_eq!(total, 471, "wire-keys.tsv changed");
    assert!(right >= at_least, "{right}/{total} right, expected at least {at_least}:\n{}", misses.join("\n"));
}

#[test]
fn keys_inferred_with_no_config() {
    // The 6 misses have no evidence in the docs: `_action_templates` and `_actions` of
    // the bulk-job models, and the credentials of the two `*Security` operation models.
    check(None, 465);
}

#[test]
fn keys_inferred_with_snake_case_fallback() {
    check(Some(WireCase::SnakeCase), 465);
}

#[test]
fn evidence_outweighs_a_wrong_fallback() {
    // Even when told to fall back to the names as written, the examples and the models
    // they reach keep most keys right.
    check(Some(WireCase::AsWritten), 289);
}
