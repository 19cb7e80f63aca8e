//! The TypeScript front end on the shared TypeScript trees: newer docs of one real API
//! (`fastpix`) and the 2023 generation test suite, each held against the Java tree of the
//! same API.

mod common;

use common::agreement::{check_agreement, generate_tree, key_accuracy, lint_crates, wire_keys};
use docmodels_build::{Dialect, WireCase};

const WIDTH_LOST: &str = "number: integer or float, width not carried";

/// Java and TypeScript differ on this field's type only where TypeScript cannot say more.
fn explain(java: &str, ts: &str) -> Option<&'static str> {
    (common::agreement::replace_words(java, &["i16", "i32", "i64", "i128", "f64"], "serde_json::Number") == ts)
        .then_some(WIDTH_LOST)
}

const FASTPIX: &str = "fastpix/typescript/models";
const SUITE: &str = "openapi-generation-tests/typescript";

/// `number` fields whose kind stays unknown: of FastPix's 139 (112 Java `long`, 27
/// `double`), the 17 whose Example cell writes a fraction are `f64`, as in Java; of the
/// suite's 338 (215 `int`, 70 `long`, 50 `double`, 3 `float`), 12. Integers are not
/// recovered: an integral example is no evidence (a `double` may show `10`).
#[test]
fn fastpix_agrees_with_java() {
    let agreement = check_agreement(FASTPIX, "fastpix/java/models", Dialect::TypeScript, None, true, &explain);
    assert_eq!(agreement.kinds.get(WIDTH_LOST), Some(&122));
}

#[test]
fn suite_agrees_with_java() {
    let agreement =
        check_agreement(SUITE, "openapi-generation-tests/java", Dialect::TypeScript, Some("openapi-generation-tests/doc-map.tsv"), false, &explain);
    assert_eq!(agreement.kinds.get(WIDTH_LOST), Some(&326));
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
    for (tree, at_least, total) in [(FASTPIX, 959, 961), (SUITE, 535, 621)] {
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

/// Malformed TypeScript cells, code blocks and headings: each a located error.
#[test]
fn malformed_docs_are_located_errors() {
    const HEADER: &str = "| Field | Type | Required | Description |\n| ----- | ---- | -------- | ----------- |\n";
    let pet = format!(
        "# Pet\n\n## Fields\n\n{HEADER}\
         | `a` | Record<number, *string*> | :heavy_check_mark: | x |\n\
         | `b` | Recrod<string, *string*> | :heavy_check_mark: | x |\n\
         | `c` | *\"manual* | :heavy_check_mark: | x |\n\
         | `d` | *string* \\| \\| *number* | :heavy_minus_sign: | x |\n\
         | `e` | *strng* | :heavy_minus_sign: | x |\n\
         | `f` | [components.Gone](../components/gone.md) | :heavy_minus_sign: | x |\n"
    );
    let union = "# Shape\n\n## Supported Types\n\n### ``\n\n```typescript\nconst value = 1;\n```\n";
    let block = "# Kind\n\n## Values\n\n```typescript\n\"a\" | b\n```\n";
    let found = common::agreement::diagnostics_of(
        "dialect-typescript-malformed",
        Dialect::TypeScript,
        &[("components/pet.md", &pet), ("components/shape.md", union), ("components/kind.md", block)],
    );
    assert_eq!(
        found,
        [
            "components/kind.md:3:1: section has no table",
            "components/pet.md:7:16: record keys must be `string`",
            "components/pet.md:8:9: unknown generic type `Recrod`",
            "components/pet.md:9:10: cannot parse Type cell: unclosed string literal",
            "components/pet.md:10:20: cannot parse Type cell: empty member of an inline union",
            "components/shape.md:5:5: empty union member heading",
            "components/shape.md:3:1: the members of this union are not all known; the type keeps any JSON value",
            "components/pet.md:11:10: unknown type `strng`",
            "components/pet.md:12:27: link to a missing doc `components/gone.md`",
        ],
        "{found:#?}"
    );
}

/// Unlinked names are found by title; where two folders hold a model of that title, the
/// name's namespace says which (the spec folder itself is named by its own name).
#[test]
fn namespaces_choose_among_models_of_one_title() {
    const HEADER: &str = "| Field | Type | Required | Description |\n| ----- | ---- | -------- | ----------- |\n";
    let input = format!("# Input\n\n## Fields\n\n{HEADER}| `url` | *string* | :heavy_check_mark: | x |\n");
    let user = format!(
        "# User\n\n## Fields\n\n{HEADER}| `a` | *models.Input*[] | :heavy_check_mark: | x |\n| `b` | *operations.Input* | :heavy_check_mark: | x |\n| `c` | *number* | :heavy_check_mark: | x |\n"
    );
    let spec = "dialect-typescript-namespaces/models";
    let files = [("input.md", input.as_str()), ("operations/input.md", input.as_str()), ("user.md", user.as_str())];
    assert_eq!(common::agreement::diagnostics_of(spec, Dialect::TypeScript, &files), Vec::<String>::new());
    let unknown = format!("# User\n\n## Fields\n\n{HEADER}| `a` | *shared.Input* | :heavy_check_mark: | x |\n");
    let files = [("input.md", input.as_str()), ("operations/input.md", input.as_str()), ("user.md", unknown.as_str())];
    let found = common::agreement::diagnostics_of(spec, Dialect::TypeScript, &files);
    assert_eq!(found, ["user.md:7:10: ambiguous type `Input`: several models have this name"]);
}
