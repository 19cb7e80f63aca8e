//! The C# front end on the shared C# trees: newer docs of one real API (`fastpix`) and the
//! 2023 generation test suite, each held against the Java tree of the same API.

mod common;

use common::agreement::{check_agreement, generate_tree, key_accuracy, lint_crates, replace_words, wire_keys};
use docmodels_build::{Dialect, WireCase};

const FASTPIX: &str = "fastpix/csharp/Models";
const SUITE: &str = "openapi-generation-tests/csharp";

/// Java and C# differ on this field's type only where C# says something else.
fn explain(java: &str, cs: &str) -> Option<&'static str> {
    // 2023 `BigInteger` and `decimal` hide whether the value travels as a JSON number or a
    // string, so C# keeps either (a union of the two); Java says which (`Long` or
    // `Double`, or `String`) but not that it is big.
    let kept = |union: &str| {
        // The item of a list or the value of a map is the last type named.
        let last = |t: &str| java.rsplit_once(t).map(|(head, tail)| format!("{head}{union}{tail}"));
        ["i64", "f64", "String"].iter().any(|t| replace_words(java, &[t], union) == cs || last(t).as_deref() == Some(cs))
    };
    ["(i128 | String)", "(String | rust_decimal::Decimal)"].into_iter().any(|union| cs.contains(union) && kept(union))
        .then_some("big number: C# BigInteger or decimal, as a JSON number or string; Java Long, Double or String")
}

#[test]
fn fastpix_agrees_with_java() {
    check_agreement(FASTPIX, "fastpix/java/models", Dialect::CSharp, None, true, &explain);
}

#[test]
fn suite_agrees_with_java() {
    check_agreement(SUITE, "openapi-generation-tests/java", Dialect::CSharp, Some("openapi-generation-tests/doc-map.tsv"), false, &explain);
}

/// Both trees generate with no dialect flag and no errors, and their crates are lint-free.
#[test]
fn trees_generate_into_clean_crates() {
    let fastpix = generate_tree(FASTPIX, "cs_fastpix", Some(WireCase::CamelCase));
    let suite = generate_tree(SUITE, "cs_suite", Some(WireCase::CamelCase));
    for (tree, generated) in [(FASTPIX, &fastpix), (SUITE, &suite)] {
        println!("{tree}: {} models, {} warnings", generated.stats.models, generated.warnings.len());
    }
    assert_eq!((fastpix.stats.models, suite.stats.models), (468, 553));
    lint_crates("dialect-csharp-crates", &[("cs_fastpix", &fastpix), ("cs_suite", &suite)]);
}

/// The keys of each tree against its SDK's real keys with `--wire-case camelCase`: C#
/// writes PascalCase properties, whose camelCase form is the key unless the docs show
/// otherwise (the counts measured when the inference last changed).
#[test]
fn keys_match_the_sdks() {
    for (tree, at_least, total) in [(FASTPIX, 960, 960), (SUITE, 535, 621)] {
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

/// `PetName` travels as `petName` under `--wire-case camelCase` where the docs show nothing.
#[test]
fn pascal_case_properties_take_the_wire_case() {
    let generated = generate_tree(SUITE, "keys", Some(WireCase::CamelCase));
    let key = |model: &str, field: &str| {
        generated.keys.iter().find(|k| k.model == model && k.field == field).map(|k| k.key.clone())
    };
    assert_eq!(key("SimpleObject", "Str").as_deref(), Some("str"));
    assert_eq!(key("SimpleObject", "StrOpt").as_deref(), Some("strOpt"));
}

/// The suite's payloads through the C# crate (with the C# SDK's keys): none may come back
/// changed.
#[test]
fn payloads_round_trip() {
    let (counts, changed) = common::agreement::payload_round_trips(SUITE, "csharp", "dialect-csharp-payloads");
    for ((label, outcome), n) in &counts {
        println!("{label:>5} {outcome:<8} {n}");
    }
    assert!(changed.is_empty(), "{} payloads came back changed:\n{}", changed.len(), changed.join("\n"));
}

/// Malformed C# cells and union headings: each a located error.
#[test]
fn malformed_docs_are_located_errors() {
    const HEADER: &str = "| Field | Type | Required | Description |\n| ----- | ---- | -------- | ----------- |\n";
    let pet = format!(
        "# Pet\n\n## Fields\n\n{HEADER}\
         | `A` | Dictionary<long, *string*> | :heavy_check_mark: | x |\n\
         | `B` | Lst<*string*> | :heavy_check_mark: | x |\n\
         | `C` | List<*string* | :heavy_check_mark: | x |\n\
         | `D` | *strng* | :heavy_minus_sign: | x |\n\
         | `E` | [Gone](../../Models/Components/Gone.md) | :heavy_minus_sign: | x |\n"
    );
    let union = "# Shape\n\n## Supported Types\n\n### Not a name\n\n```csharp\nShape.CreateX(/* values here */);\n```\n";
    let found = common::agreement::diagnostics_of(
        "dialect-csharp-malformed",
        Dialect::CSharp,
        &[("Models/Components/Pet.md", &pet), ("Models/Components/Shape.md", union)],
    );
    assert_eq!(
        found,
        [
            "Models/Components/Pet.md:7:20: dictionary keys must be `String`",
            "Models/Components/Pet.md:8:9: unknown generic type `Lst`",
            "Models/Components/Pet.md:9:13: cannot parse Type cell: unclosed `<` after `List`",
            "Models/Components/Shape.md:5:5: union member heading `Not a name` is not a variant name",
            "Models/Components/Shape.md:3:1: the members of this union are not all known; the type keeps any JSON value",
            "Models/Components/Pet.md:10:10: unknown type `strng`",
            "Models/Components/Pet.md:11:16: link to a missing doc `Models/Components/Gone.md`",
        ],
        "{found:#?}"
    );
}
