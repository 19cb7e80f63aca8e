//! The Ruby docs trees of the shared corpus (`fastpix/ruby/models`, Sorbet with `::`; the
//! 2023 suite's `openapi-generation-tests/ruby`, Sorbet without `::`): generated with no
//! dialect flag, linted and documented, compared model by model with the Java tree of the
//! same corpus, and their keys held to `wire-keys.tsv`.
//!
//! FastPix's Ruby SDK documents an older, smaller version of the API than its Java SDK:
//! differences there that no dialect rule explains are counted as `older API`. The suite's
//! trees come from one spec, so there every difference must be one Ruby cannot carry.

mod common;
#[path = "common/cross.rs"]
mod cross;

use std::collections::BTreeMap;

use cross::{replaced, Lossy};
use docmodels_build::WireCase;

const FASTPIX: &str = "fastpix/ruby/models";
const SUITE: &str = "openapi-generation-tests/ruby";

/// Presences equal, or Java's Optional is Ruby's `T.nilable` (Nullable).
fn merged(j: &(String, String), o: &(String, String)) -> bool {
    j.1 == o.1 || (j.1 == "Optional" && o.1 == "Nullable")
}

/// What Ruby cannot say that Java does (DIALECTS.md, "Lost vs Java").
const LOSSY: &[Lossy] = &[
    ("`Integer` has no width: Java `int`/`short` read as i64", |j, o| j.1 == o.1 && replaced(&j.0, &o.0, &[("i32", "i64"), ("i16", "i64")])),
    ("bytes are `String`", |j, o| j.0.contains("Vec<u8>") && replaced(&j.0, &o.0, &[("Vec<u8>", "String")]) && merged(j, o)),
    ("`T.nilable` is absent or null alike: read as Nullable where Java says Optional", |j, o| {
        j.0.replace("i32", "i64") == o.0 && j.1 == "Optional" && o.1 == "Nullable"
    }),
    ("inline union `T.any(…)`: its members, where Java links the title-only union doc", |j, o| {
        o.0.contains("serde_json::Value") && !j.0.contains("serde_json::Value") && merged(j, o)
    }),
];

#[test]
fn ruby_trees_generate_lint_agree_with_java_and_key_right() {
    // Field names are snake_case; FastPix's keys are snake_case too, the suite's camelCase.
    let fastpix = cross::generated(FASTPIX, "fastpix_ruby", Some(WireCase::AsWritten));
    let suite = cross::generated(SUITE, "suite_ruby", Some(WireCase::CamelCase));
    for (tree, generated, tsv) in [(FASTPIX, &fastpix, "fastpix/ruby/wire-keys.tsv"), (SUITE, &suite, "openapi-generation-tests/ruby/wire-keys.tsv")] {
        println!("{tree}: {} models, 0 errors, {} warnings", generated.stats.models, generated.warnings.len());
        let (right, total, wrong) = cross::key_accuracy(generated, tsv);
        println!("{tree}: keys: {right} of {total} fields listed in wire-keys.tsv right");
        for miss in &wrong {
            println!("  {miss}");
        }
    }
    let java_fastpix = cross::generated("fastpix/java/models", "fastpix_java", None);
    let java_suite = cross::generated("openapi-generation-tests/java", "suite_java", None);
    let kinds = cross::differences(&java_fastpix, &fastpix, &BTreeMap::new(), |d| cross::classify(d, LOSSY, false));
    let mut unexpected = cross::report(FASTPIX, &kinds, LOSSY);
    let kinds = cross::differences(&java_suite, &suite, &cross::suite_renames(6), |d| cross::classify(d, LOSSY, true));
    unexpected.extend(cross::report(SUITE, &kinds, LOSSY));
    assert!(unexpected.is_empty(), "differences the dialect can carry:\n{}", unexpected.join("\n"));
    cross::lint_and_doc("dialect-ruby", &[("fastpix_ruby", &fastpix), ("suite_ruby", &suite)]);
}
