//! Malformed docs of the Python, Go, PHP and Ruby dialects: each problem a located error
//! (`file:line:col`), all of a run's problems at once, as for Java (`codegen/tests/malformed.rs`)
//! and for TypeScript and C# (their own test files).

mod common;

use docmodels_build::Dialect;

const HEADER: &str = "| Field | Type | Required | Description |\n| ----- | ---- | -------- | ----------- |\n";

/// `# Pet` with the Type cells `cells` on rows `a`, `b`, ... from line 7.
fn pet(cells: &[&str]) -> String {
    let rows: String = cells
        .iter()
        .zip('a'..)
        .map(|(cell, name)| format!("| `{name}` | {cell} | :heavy_minus_sign: | x |\n"))
        .collect();
    format!("# Pet\n\n## Fields\n\n{HEADER}{rows}")
}

fn check(name: &str, dialect: Dialect, files: &[(&str, &str)], expected: &[&str]) {
    let found = common::agreement::diagnostics_of(name, dialect, files);
    assert_eq!(found, expected, "{found:#?}");
}

#[test]
fn python() {
    let pet = pet(&[
        "*strr*",
        "Dict[int, *str*]",
        "List[*str*",
        "*Optional[]*",
        "[models.Gone](../models/gone.md)",
        "*Union[str, ]*",
    ]);
    let union = "# Shape\n\n## Supported Types\n\n### `Strr`\n\n```python\nvalue: Strr = /* values here */\n```\n";
    check("dialect-malformed/python", Dialect::Python, &[("models/pet.md", &pet), ("models/shape.md", union)], &[
            "models/pet.md:8:14: map keys must be `str`",
            "models/pet.md:9:13: cannot parse Type cell: unclosed `[` after `List`",
            "models/pet.md:10:19: cannot parse Type cell: expected a type name",
            "models/pet.md:12:21: cannot parse Type cell: expected a type name",
            "models/pet.md:7:10: unknown type `strr`",
            "models/pet.md:11:23: link to a missing doc `models/gone.md`",
            "models/shape.md:5:5: union member `Strr` names no model; the union keeps any JSON value",
        ]);
}

#[test]
fn go() {
    let pet = pet(&["*strng*", "map[int]*string*", "[]", "**", "[*components.Gone](../../models/components/gone.md)", "*int63*"]);
    check("dialect-malformed/go", Dialect::Go, &[("models/components/pet.md", &pet)], &[
            "models/components/pet.md:8:13: map keys must be `string`",
            "models/components/pet.md:9:11: cannot parse Type cell: expected a type name",
            "models/components/pet.md:10:9: cannot parse Type cell: unclosed emphasis",
            "models/components/pet.md:7:10: unknown type `strng`",
            "models/components/pet.md:11:28: link to a missing doc `models/components/gone.md`",
            "models/components/pet.md:12:10: unknown type `int63`",
        ]);
}

#[test]
fn php() {
    let pet = pet(&["*strng*", "array<int, *string*>", "array<*string*", "*?*", "[Components\\Gone](../../Models/Components/Gone.md)", "*?flaot*"]);
    check("dialect-malformed/php", Dialect::Php, &[("Models/Components/Pet.md", &pet)], &[
            "Models/Components/Pet.md:7:10: unknown type `strng`",
            "Models/Components/Pet.md:8:15: map keys must be `string`",
            "Models/Components/Pet.md:9:14: cannot parse Type cell: unclosed `<` after `array`",
            "Models/Components/Pet.md:10:12: cannot parse Type cell: expected a type name",
            "Models/Components/Pet.md:12:11: unknown type `flaot`",
            "Models/Components/Pet.md:11:27: link to a missing doc `Models/Components/Gone.md`",
        ]);
}

#[test]
fn ruby() {
    let pet = pet(&[
        "*::Strng*",
        "T::Hash[Integer, *::String*]",
        "T::Array<*::String*",
        "*T.nilable()*",
        "[Models::Components::Gone](../../models/components/gone.md)",
        "*T.nillable(::Integer)*",
    ]);
    check("dialect-malformed/ruby", Dialect::Ruby, &[("models/components/pet.md", &pet)], &[
            "models/components/pet.md:7:10: unknown type `::Strng`",
            "models/components/pet.md:8:17: map keys must be `Symbol`",
            "models/components/pet.md:9:17: cannot parse Type cell: unclosed `<` after `T::Array`",
            "models/components/pet.md:10:20: cannot parse Type cell: expected a type name",
            "models/components/pet.md:12:10: unknown generic type `T.nillable`",
            "models/components/pet.md:11:36: link to a missing doc `models/components/gone.md`",
        ]);
}
