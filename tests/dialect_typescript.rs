//! The TypeScript front end on the shared TypeScript trees: newer docs of one real API
//! (`fastpix`) and the 2023 generation test suite, each held against the Java tree of the
//! same API.

mod common;

use common::agreement::{check_agreement, generate_tree, key_accuracy, lint_crates, wire_keys};
use docmodels_build::{Dialect, WireCase};

/// Java and TypeScript differ on this field's type only where TypeScript cannot say more.
fn explain(java: &str, ts: &str) -> Option<&'static str> {
    (common::agreement::replace_words(java, &["i16", "i32", "i64", "i128", "f64"], "serde_json::Number") == ts)
        .then_some("number: integer or float, width not carried")
}

const FASTPIX: &str = "fastpix/typescript/models";
const SUITE: &str = "openapi-generation-tests/typescript";

#[test]
fn fastpix_agrees_with_java() {
    check_agreement(FASTPIX, "fastpix/java/models", Dialect::TypeScript, None, true, &explain);
}

#[test]
fn suite_agrees_with_java() {
    check_agreement(SUITE, "openapi-generation-tests/java", Dialect::TypeScript, Some("openapi-generation-tests/doc-map.tsv"), false, &explain);
}

/// Both trees generate with no dialect flag and no errors, and their crates are lint-free.
#[test]
fn trees_generate_into_clean_crates() {
    let fastpix = generate_tree(FASTPIX, "ts_fastpix", Some(WireCase::CamelCase));
    let suite = generate_tree(SUITE, "ts_suite", Some(WireCase::CamelCase));
    for (tree, generated) in [(FASTPIX, &fastpix), (SUITE, &suite)] {
        println!("{tree}: {} models, {} warnings", generated.stats.models, generated.warnings.len());
    }
    assert_eq!((fastpix.stats.models, suite.stats.models), (463, 553));
    lint_crates("dialect-typescript-crates", &[("ts_fastpix", &fastpix), ("ts_suite", &suite)]);
}

/// The keys of each tree against its SDK's real keys, with one `--wire-case` each (the
/// counts measured when the inference last changed: a regression of one key fails).
#[test]
fn keys_match_the_sdks() {
    for (tree, at_least, total) in [(FASTPIX, 957, 961), (SUITE, 535, 621)] {
        let generated = generate_tree(tree, "keys", Some(WireCase::CamelCase));
        let (right, found, misses) = key_accuracy(&generated, &wire_keys(tree));
        println!("{tree} --wire-case camelCase: {right}/{found} keys right");
        for miss in &misses {
            println!("    {miss}");
        }
        assert_eq!(found, total, "wire-keys.tsv changed");
        assert!(right >= at_least, "{right}/{found} keys right, expected at least {at_least}");
    }
}

/// The suite's payloads through the TypeScript crate (with the TypeScript SDK's keys):
/// none may come back changed.
#[test]
fn payloads_round_trip() {
    let (counts, changed) = common::agreement::payload_round_trips(SUITE, "typescript", "dialect-typescript-payloads");
    for ((label, outcome), n) in &counts {
        println!("{label:>5} {outcome:<8} {n}");
    }
    assert!(changed.is_empty(), "{} payloads came back changed:\n{}", changed.len(), changed.join("\n"));
}
