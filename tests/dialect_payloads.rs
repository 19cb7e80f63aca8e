//! `payloads.jsonl` of the 2023 suite through the Python, Go, PHP and Ruby crates of the
//! suite (each with its dialect's `wire-keys.tsv` as config; `doc-map.tsv` maps the Java
//! docs the payloads name to the dialect's): as far as each dialect carries the
//! information, and never a silently changed value. (TypeScript and C# have this test in
//! their own files.)

mod common;

#[test]
fn payloads_round_trip_through_every_other_dialect() {
    let mut changed = Vec::new();
    for (tree, column) in [
        ("openapi-generation-tests/python", "python"),
        ("openapi-generation-tests/go", "go"),
        ("openapi-generation-tests/php", "php"),
        ("openapi-generation-tests/ruby", "ruby"),
    ] {
        let (counts, lost) = common::agreement::payload_round_trips(tree, column, &format!("dialect-{column}-payloads"));
        for ((label, outcome), n) in &counts {
            println!("{column:<6} {label:>5} {outcome:<8} {n}");
        }
        changed.extend(lost.into_iter().map(|line| format!("{column}: {line}")));
    }
    assert!(changed.is_empty(), "{} payloads came back changed:\n{}", changed.len(), changed.join("\n"));
}
