//! The PHP docs trees of the shared corpus (`fastpix/php/Models`, the 2023 suite's
//! `openapi-generation-tests/php`): generated with no dialect flag, linted and documented,
//! compared model by model with the Java tree of the same corpus, and their keys held to
//! `wire-keys.tsv`.
//!
//! FastPix's PHP SDK documents an older, smaller version of the API than its Java SDK:
//! differences there that no dialect rule explains are counted as `older API`. The suite's
//! trees come from one spec, so there every difference must be one PHP cannot carry.

mod common;
#[path = "common/cross.rs"]
mod cross;

use std::collections::BTreeMap;

use cross::{replaced, Lossy};
use docmodels_build::WireCase;

const FASTPIX: &str = "fastpix/php/Models";
const SUITE: &str = "openapi-generation-tests/php";

/// What PHP cannot say that Java does (DIALECTS.md, "Lost vs Java").
const LOSSY: &[Lossy] = &[
    ("`int` is 64 bits: Java `int`/`short` read as i64", |j, o| j.1 == o.1 && replaced(&j.0, &o.0, &[("i32", "i64"), ("i16", "i64")])),
    ("`\\DateTime` for dates too: a Java `LocalDate` with no date-only example read as a date-time", |j, o| {
        j.1 == o.1 && replaced(&j.0, &o.0, &[("chrono::NaiveDate", "chrono::DateTime<chrono::FixedOffset>")])
    }),
    ("bytes are `string`", |j, o| j.0.contains("Vec<u8>") && replaced(&j.0, &o.0, &[("Vec<u8>", "String")]) && merged(j, o)),
    ("reserved-word title: PHP `EmptyT` for Java `Empty`", |j, o| j.0.contains("Empty") && replaced(&j.0, &o.0, &[("Empty", "EmptyT")]) && merged(j, o)),
    ("`?T` is absent or null alike: read as Nullable where Java says Optional", |j, o| {
        j.0.replace("i32", "i64") == o.0 && j.1 == "Optional" && o.1 == "Nullable"
    }),
];

/// Presences equal, or Java's Optional is PHP's `?T` (Nullable).
fn merged(j: &(String, String), o: &(String, String)) -> bool {
    j.1 == o.1 || (j.1 == "Optional" && o.1 == "Nullable")
}

#[test]
fn php_trees_generate_lint_agree_with_java_and_key_right() {
    // The keys of both trees are their Field names as written (camelCase).
    let fastpix = cross::generated(FASTPIX, "fastpix_php", Some(WireCase::AsWritten));
    let suite = cross::generated(SUITE, "suite_php", Some(WireCase::AsWritten));
    let mut key_misses = Vec::new();
    for (tree, generated, tsv) in [(FASTPIX, &fastpix, "fastpix/php/wire-keys.tsv"), (SUITE, &suite, "openapi-generation-tests/php/wire-keys.tsv")] {
        println!("{tree}: {} models, 0 errors, {} warnings", generated.stats.models, generated.warnings.len());
        let (right, total, wrong) = cross::key_accuracy(generated, tsv);
        println!("{tree}: keys: {right} of {total} fields listed in wire-keys.tsv right");
        for miss in &wrong {
            println!("  {miss}");
        }
        key_misses.push((tree, right, total));
    }
    let java_fastpix = cross::generated("fastpix/java/models", "fastpix_java", None);
    let java_suite = cross::generated("openapi-generation-tests/java", "suite_java", None);
    let kinds = cross::differences(&java_fastpix, &fastpix, &BTreeMap::new(), |d| cross::classify(d, LOSSY, false));
    let mut unexpected = cross::report(FASTPIX, &kinds, LOSSY);
    let kinds = cross::differences(&java_suite, &suite, &cross::suite_renames(5), |d| cross::classify(d, LOSSY, true));
    unexpected.extend(cross::report(SUITE, &kinds, LOSSY));
    assert!(unexpected.is_empty(), "differences the dialect can carry:\n{}", unexpected.join("\n"));
    cross::lint_and_doc("dialect-php", &[("fastpix_php", &fastpix), ("suite_php", &suite)]);
}
