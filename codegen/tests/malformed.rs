//! Malformed specs, one per way a doc (or the config, or the folder) can be wrong. Each
//! case is built in a scratch folder, run through `docmodels_build::generate`, and every
//! diagnostic of the run is checked: severity, exact `file:line:col` and exact message.
//!
//! Locations are relative to the spec folder; messages that name the spec folder itself
//! write it as `<spec>`. A location of `""` means the diagnostic has no span (a problem
//! with the folder rather than with a line of a doc).

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use docmodels_build::diag::Severity;
use docmodels_build::{Config, Diagnostic, Output};

/// The header of a `## Fields` table, as SDK generators write it.
macro_rules! fields_header {
    () => {
        "| Field | Type | Required | Description |\n| ----- | ---- | -------- | ----------- |\n"
    };
}

/// A struct doc titled `$title` whose Fields table has the rows `$rows`. The first row
/// is on line 7.
macro_rules! fields_doc {
    ($title:literal, $($rows:literal),* $(,)?) => {
        concat!("# ", $title, "\n\n## Fields\n\n", fields_header!(), $($rows),*)
    };
}

/// An enum doc titled `$title` whose Values table has the rows `$rows`. The first row is
/// on line 7.
macro_rules! values_doc {
    ($title:literal, $($rows:literal),* $(,)?) => {
        concat!("# ", $title, "\n\n## Values\n\n| Name | Value |\n| ---- | ----- |\n", $($rows),*)
    };
}

/// What a case puts in the scratch folder. Paths are relative to the spec folder; a path
/// starting with `../` lands next to it, outside.
enum Entry {
    Doc(&'static str, &'static str),
    Bytes(&'static str, &'static [u8]),
    /// A symlink at the first path pointing to the second (as written in the link).
    Symlink(&'static str, &'static str),
    /// An empty folder.
    Dir(&'static str),
    /// Do not create the spec folder at all.
    NoSpecFolder,
    /// Make the spec path a file instead of a folder.
    SpecIsAFile,
}
use Entry::*;

/// One expected diagnostic: location relative to the spec folder, exact message.
#[derive(Debug, PartialEq, Eq, Clone)]
enum Expected {
    E(&'static str, &'static str),
    W(&'static str, &'static str),
}
use Expected::*;

enum Outcome {
    /// `generate` fails with exactly these diagnostics, in this order.
    Fails(&'static [Expected]),
    /// `generate` succeeds with exactly these warnings, and each `(file, text)` pair
    /// names a generated file that contains the text.
    Succeeds(&'static [Expected], &'static [(&'static str, &'static str)]),
}
use Outcome::*;

/// Builds the case `name` under the target's scratch folder and returns the spec folder.
fn build(name: &str, entries: &[Entry]) -> PathBuf {
    let root = common::scratch(Path::new("malformed").join(name));
    let spec = root.join("spec");
    if entries.iter().any(|e| matches!(e, SpecIsAFile)) {
        fs::write(&spec, "# Pet\n").unwrap();
    } else if !entries.iter().any(|e| matches!(e, NoSpecFolder)) {
        fs::create_dir_all(&spec).unwrap();
    }
    for entry in entries {
        let write = |rel: &str, bytes: &[u8]| {
            let path = spec.join(rel);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, bytes).unwrap();
        };
        match entry {
            Doc(rel, text) => write(rel, text.as_bytes()),
            Bytes(rel, bytes) => write(rel, bytes),
            Symlink(rel, target) => {
                let path = spec.join(rel);
                fs::create_dir_all(path.parent().unwrap()).unwrap();
                #[cfg(unix)]
                std::os::unix::fs::symlink(target, &path).unwrap();
                #[cfg(not(unix))]
                unreachable!("symlink cases run on unix only: {target} {}", path.display());
            }
            Dir(rel) => fs::create_dir_all(spec.join(rel)).unwrap(),
            NoSpecFolder | SpecIsAFile => {}
        }
    }
    spec
}

/// A diagnostic as the table writes it: location relative to `spec`, `<spec>` for the
/// folder in messages.
fn observed(diagnostic: &Diagnostic, sources: &docmodels_build::SourceMap, spec: &Path) -> Expected {
    let prefix = format!("{}/", spec.display());
    let location = diagnostic.location(sources).unwrap_or_default();
    let location = location.strip_prefix(&prefix).unwrap_or(&location).to_owned();
    let message = diagnostic.message.replace(&spec.display().to_string(), "<spec>");
    // The table holds `&'static str`; leaking in a test keeps the comparison simple.
    let (location, message): (&'static str, &'static str) =
        (Box::leak(location.into_boxed_str()), Box::leak(message.into_boxed_str()));
    match diagnostic.severity {
        Severity::Error => E(location, message),
        Severity::Warning => W(location, message),
    }
}

fn run(name: &str, entries: &[Entry], outcome: Outcome) {
    let spec = build(name, entries);
    match (Config::new().output(Output::SourceTree).generate(&spec), outcome) {
        (Err(failure), Fails(expected)) => {
            let found: Vec<Expected> =
                failure.diagnostics.iter().map(|d| observed(d, &failure.sources, &spec)).collect();
            assert_eq!(found, expected, "case `{name}`:\n{failure}");
            assert!(failure.diagnostics.iter().any(Diagnostic::is_error), "case `{name}`");
            // Every located diagnostic renders with a `-->` line and a caret.
            let rendered = failure.to_string();
            for diagnostic in &failure.diagnostics {
                let text = diagnostic.render(&failure.sources);
                if diagnostic.span().is_some() {
                    assert!(text.contains("--> ") && text.contains('^'), "case `{name}`:\n{text}");
                }
                assert!(rendered.contains(&text), "case `{name}`");
            }
            assert!(rendered.contains("error: could not generate models due to"), "{rendered}");
        }
        (Ok(generated), Succeeds(expected, contains)) => {
            let found: Vec<Expected> = generated
                .warnings
                .iter()
                .map(|d| observed(d, &generated.sources, &spec))
                .collect();
            assert_eq!(found, expected, "case `{name}`:\n{}", generated.render_warnings());
            for (file, text) in contains {
                let code = generated.files.get(*file).unwrap_or_else(|| panic!("no file `{file}`"));
                assert!(code.contains(text), "case `{name}`: `{file}` lacks `{text}`:\n{code}");
            }
        }
        (Ok(generated), Fails(expected)) => panic!(
            "case `{name}`: expected a failure with {expected:?}, but generation succeeded; warnings:\n{}",
            generated.render_warnings()
        ),
        (Err(failure), Succeeds(..)) => panic!("case `{name}`: expected success, got:\n{failure}"),
    }
}

/// One `#[test]` per row; `CASES` lists them so the suite's size is checked.
macro_rules! cases {
    ($( $(#[$attr:meta])* $name:ident: [$($entry:expr),* $(,)?] => $outcome:expr; )*) => {
        $(
            #[test]
            $(#[$attr])*
            fn $name() {
                run(stringify!($name), &[$($entry),*], $outcome);
            }
        )*
        const CASES: &[&str] = &[$(stringify!($name)),*];
    };
}

const PET: &str = "models/components/Pet.md";
const OWNER: &str = "models/components/Owner.md";
const KIND: &str = "models/components/Kind.md";
const CONFIG: &str = "codegen.toml";
const GOOD_PET: &str = fields_doc!("Pet", "| `name` | *String* | :heavy_check_mark: | N/A |\n");
const GOOD_OWNER: &str = fields_doc!("Owner", "| `name` | *String* | :heavy_check_mark: | N/A |\n");

cases! {
    // ---- titles and models ------------------------------------------------------------

    no_title: [Doc(PET, "A pet without a heading.\n\n## Fields\n")] => Fails(&[
        E("models/components/Pet.md:1:1", "model doc has no title"),
    ]);

    empty_title: [Doc(PET, "#\n\n## Fields\n")] => Fails(&[
        E("models/components/Pet.md:1:1", "model doc has an empty title"),
    ]);

    two_models_with_one_name_in_a_group: [
        Doc(PET, GOOD_PET),
        Doc("models/components/PetCopy.md", GOOD_PET),
    ] => Fails(&[
        E("models/components/PetCopy.md:1:1", "two models named `Pet` in `models/components`"),
    ]);

    title_that_is_not_a_name: [Doc(PET, "# ---\n\nNo name.\n")] => Fails(&[
        E("models/components/Pet.md:1:1", "model name `---` cannot be a Rust identifier"),
    ]);

    models_colliding_after_conversion: [
        Doc("models/components/JWTGrant.md", fields_doc!("JWTGrant", "| `a` | *String* | :heavy_check_mark: | N/A |\n")),
        Doc("models/components/JwtGrant.md", fields_doc!("JwtGrant", "| `b` | *String* | :heavy_check_mark: | N/A |\n")),
    ] => Succeeds(&[
        W("models/components/JwtGrant.md:1:1", "models `JWTGrant` and `JwtGrant` have the same Rust name `JwtGrant`"),
    ], &[("components.rs", "pub struct JwtGrant2 {")]);

    two_kinds_of_table: [Doc(PET, "# Pet\n\n## Fields\n\n| Field | Type | Required | Description |\n| - | - | - | - |\n| `a` | *String* | :heavy_check_mark: | N/A |\n\n## Values\n\n| Name | Value |\n| - | - |\n| `A` | a |\n")] => Fails(&[
        E("models/components/Pet.md:9:1", "a doc describes one model, but this one has two kinds of table"),
    ]);

    fields_heading_without_a_table: [Doc(PET, "# Pet\n\n## Fields\n\nNothing here yet.\n")] => Fails(&[
        E("models/components/Pet.md:3:1", "section has no table"),
    ]);

    table_without_a_delimiter_row: [Doc(PET, "# Pet\n\n## Fields\n\n| Field | Type | Required | Description |\n| `a` | *String* | :heavy_check_mark: | N/A |\n")] => Fails(&[
        E("models/components/Pet.md:5:1", "table has no delimiter row"),
    ]);

    table_outside_a_section_is_ignored: [Doc(PET, "# Pet\n\n| a | b |\n| - | - |\n| 1 | 2 |\n")] => Succeeds(&[
        W("models/components/Pet.md:3:1", "table outside a `## Fields` or `## Values` section is ignored"),
    ], &[]);

    // ---- table shape ------------------------------------------------------------------

    row_with_too_many_cells: [Doc(PET, fields_doc!("Pet",
        "| `a` | *String* | :heavy_check_mark: | Either a | b. |\n",
    ))] => Fails(&[
        E("models/components/Pet.md:7:1", "table row has 5 cells, but the header has 4"),
    ]);

    row_with_too_few_cells: [Doc(PET, fields_doc!("Pet",
        "| `a` | *String* | :heavy_check_mark: | N/A |\n",
        "| `b` | *String* |\n",
    ))] => Fails(&[
        E("models/components/Pet.md:8:1", "table row has 2 cells, but the header has 4"),
    ]);

    row_with_one_cell: [Doc(KIND, values_doc!("Kind",
        "| `A` | a |\n",
        "| `B` |\n",
    ))] => Fails(&[
        E("models/components/Kind.md:8:1", "table row has 1 cell, but the header has 2"),
    ]);

    missing_column: [Doc(PET, "# Pet\n\n## Fields\n\n| Field | Type | Description |\n| - | - | - |\n| `a` | *String* | N/A |\n")] => Fails(&[
        E("models/components/Pet.md:5:1", "table has no `Required` column"),
    ]);

    missing_type_column: [Doc(PET, "# Pet\n\n## Fields\n\n| Field | Required |\n| - | - |\n| `a` | :heavy_check_mark: |\n")] => Fails(&[
        E("models/components/Pet.md:5:1", "table has no `Type` column"),
    ]);

    unknown_column: [Doc(PET, "# Pet\n\n## Fields\n\n| Field | Type | Required | Default |\n| - | - | - | - |\n| `a` | *String* | :heavy_check_mark: | x |\n")] => Fails(&[
        E("models/components/Pet.md:5:29", "unknown column `Default`"),
    ]);

    column_named_twice: [Doc(PET, "# Pet\n\n## Fields\n\n| Field | Type | Required | Type |\n| - | - | - | - |\n| `a` | *String* | :heavy_check_mark: | *Long* |\n")] => Fails(&[
        E("models/components/Pet.md:5:29", "column `Type` appears twice"),
    ]);

    values_table_with_wrong_columns: [Doc(KIND, "# Kind\n\n## Values\n\n| Name | Wire |\n| - | - |\n| `A` | a |\n")] => Fails(&[
        E("models/components/Kind.md:5:10", "unknown column `Wire`"),
        E("models/components/Kind.md:5:1", "table has no `Value` column"),
    ]);

    // ---- cells --------------------------------------------------------------------------

    unknown_required_marker: [Doc(PET, fields_doc!("Pet",
        "| `a` | *String* | :white_check_mark: | N/A |\n",
    ))] => Fails(&[
        E("models/components/Pet.md:7:20", "unknown Required marker `:white_check_mark:`"),
    ]);

    empty_field_cell: [Doc(PET, fields_doc!("Pet",
        "|  | *String* | :heavy_check_mark: | N/A |\n",
    ))] => Fails(&[
        E("models/components/Pet.md:7:2", "empty Field cell"),
    ]);

    field_name_that_is_not_usable: [Doc(PET, fields_doc!("Pet",
        "| `---` | *String* | :heavy_check_mark: | N/A |\n",
    ))] => Fails(&[
        E("models/components/Pet.md:7:3", "field name `---` cannot be a Rust identifier"),
    ]);

    field_name_of_bare_backticks: [Doc(PET, fields_doc!("Pet",
        "| `` | *String* | :heavy_check_mark: | N/A |\n",
    ))] => Fails(&[
        E("models/components/Pet.md:7:3", "empty Field cell"),
    ]);

    empty_type_cell: [Doc(PET, fields_doc!("Pet",
        "| `a` |  | :heavy_check_mark: | N/A |\n",
    ))] => Fails(&[
        E("models/components/Pet.md:7:8", "empty Type cell"),
    ]);

    type_with_unbalanced_angle: [Doc(PET, fields_doc!("Pet",
        "| `a` | List\\<*String* | :heavy_check_mark: | N/A |\n",
    ))] => Fails(&[
        E("models/components/Pet.md:7:14", "cannot parse Type cell: unclosed `<` after `List`"),
    ]);

    type_with_extra_closing_angle: [Doc(PET, fields_doc!("Pet",
        "| `a` | List\\<*String*>> | :heavy_check_mark: | N/A |\n",
    ))] => Fails(&[
        E("models/components/Pet.md:7:24", "cannot parse Type cell: unexpected text after the type"),
    ]);

    type_with_unknown_wrapper: [Doc(PET, fields_doc!("Pet",
        "| `a` | *Foo\\<String>* | :heavy_check_mark: | N/A |\n",
    ))] => Fails(&[
        E("models/components/Pet.md:7:10", "unknown generic type `Foo`"),
    ]);

    type_with_trailing_junk: [Doc(PET, fields_doc!("Pet",
        "| `a` | *String* or *Long* | :heavy_check_mark: | N/A |\n",
    ))] => Fails(&[
        E("models/components/Pet.md:7:18", "cannot parse Type cell: unexpected text after the type"),
    ]);

    type_with_empty_generic: [Doc(PET, fields_doc!("Pet",
        "| `a` | List\\<> | :heavy_check_mark: | N/A |\n",
    ))] => Fails(&[
        E("models/components/Pet.md:7:15", "cannot parse Type cell: expected a type name"),
    ]);

    unknown_type_name: [Doc(PET, fields_doc!("Pet",
        "| `a` | *Strnig* | :heavy_check_mark: | N/A |\n",
    ))] => Fails(&[
        E("models/components/Pet.md:7:10", "unknown type `Strnig`"),
    ]);

    map_with_a_non_string_key: [Doc(PET, fields_doc!("Pet",
        "| `a` | Map\\<*Long*, *String*> | :heavy_check_mark: | N/A |\n",
    ))] => Fails(&[
        E("models/components/Pet.md:7:15", "map keys must be `String`"),
    ]);

    map_with_one_type_argument: [Doc(PET, fields_doc!("Pet",
        "| `a` | Map\\<*String*> | :heavy_check_mark: | N/A |\n",
    ))] => Fails(&[
        E("models/components/Pet.md:7:9", "`Map` takes 2 type arguments"),
    ]);

    nullable_list_items_and_map_values: [Doc(PET, fields_doc!("Pet",
        "| `a` | List\\<*Optional\\\\<String>*> | :heavy_check_mark: | N/A |\n",
        "| `b` | Map\\<String, *JsonNullable\\\\<Long>*> | :heavy_minus_sign: | N/A |\n",
    ))] => Succeeds(&[], &[
        ("components.rs", "pub a: Vec<Option<String>>,"),
        ("components.rs", "pub b: Option<indexmap::IndexMap<String, Option<i64>>>,"),
    ]);

    nested_optional: [Doc(PET, fields_doc!("Pet",
        "| `a` | *Optional\\<Optional\\\\<String>>* | :heavy_check_mark: | N/A |\n",
    ))] => Fails(&[
        E("models/components/Pet.md:7:20", "`Optional` is only allowed around the whole type"),
    ]);

    nullable_bytes: [Doc(PET, fields_doc!("Pet",
        "| `photo` | *JsonNullable\\<byte[]>* | :heavy_minus_sign: | N/A |\n",
    ))] => Fails(&[
        E("models/components/Pet.md:7:13", "binary data that may be absent or null is not supported"),
    ]);

    ambiguous_type_name: [
        Doc(PET, fields_doc!("Pet", "| `owner` | *Owner* | :heavy_check_mark: | N/A |\n")),
        Doc(OWNER, GOOD_OWNER),
        Doc("models/shared/Owner.md", GOOD_OWNER),
    ] => Fails(&[
        E("models/components/Pet.md:7:14", "ambiguous type `Owner`: several models have this name"),
    ]);

    // ---- links --------------------------------------------------------------------------

    link_to_a_missing_doc: [Doc(PET, fields_doc!("Pet",
        "| `owner` | [Owner](../../models/components/Owner.md) | :heavy_check_mark: | N/A |\n",
    ))] => Fails(&[
        E("models/components/Pet.md:7:21", "link to a missing doc `models/components/Owner.md`"),
    ]);

    link_leaving_the_spec_folder: [
        Doc(PET, fields_doc!("Pet",
            "| `owner` | [Owner](../../../Owner.md) | :heavy_check_mark: | N/A |\n",
        )),
        // The target exists, outside the spec folder: it must not be read.
        Doc("../Owner.md", fields_doc!("Owner", "| `a` | *String* | :heavy_check_mark: | N/A |\n")),
    ] => Fails(&[
        E("models/components/Pet.md:7:21", "link `../../../Owner.md` leaves the spec folder"),
    ]);

    // The spec folder is named `spec`, not `models`: the link climbs out through a name
    // the folder does not have, and is matched by its path below the climb.
    link_climbing_out_through_another_name: [
        Doc("components/Pet.md", fields_doc!("Pet", "| `owner` | [Owner](../../models/components/Owner.md) | :heavy_check_mark: | N/A |\n")),
        Doc("components/Owner.md", GOOD_OWNER),
    ] => Succeeds(&[], &[("components.rs", "pub owner: Owner,")]);

    link_climbing_out_to_nothing: [
        Doc("components/Pet.md", fields_doc!("Pet", "| `owner` | [Owner](../../models/shared/Owner.md) | :heavy_check_mark: | N/A |\n")),
        Doc("components/People.md", GOOD_OWNER),
    ] => Fails(&[
        E("components/Pet.md:7:21", "link `../../models/shared/Owner.md` leaves the spec folder"),
    ]);

    // Newer Ruby docs link through a folder that does not exist: the one doc of that
    // file name is the target.
    link_through_a_missing_folder_resolves_by_file_name: [
        Doc("components/Pet.md", fields_doc!("Pet", "| `owner` | [Owner](../../models/shared/Owner.md) | :heavy_check_mark: | N/A |\n")),
        Doc("components/Owner.md", GOOD_OWNER),
    ] => Succeeds(&[], &[("components.rs", "pub owner: Owner,")]);

    absolute_link: [Doc(PET, fields_doc!("Pet",
        "| `owner` | [Owner](/etc/Owner.md) | :heavy_check_mark: | N/A |\n",
    ))] => Fails(&[
        E("models/components/Pet.md:7:21", "link `/etc/Owner.md` leaves the spec folder"),
    ]);

    unclosed_link_target: [Doc(PET, fields_doc!("Pet",
        "| `owner` | [Owner](Owner.md | :heavy_check_mark: | N/A |\n",
    ))] => Fails(&[
        E("models/components/Pet.md:7:20", "cannot parse Type cell: unclosed link target"),
    ]);

    empty_link_target: [Doc(PET, fields_doc!("Pet",
        "| `owner` | [Owner]() | :heavy_check_mark: | N/A |\n",
    ))] => Fails(&[
        E("models/components/Pet.md:7:21", "cannot parse Type cell: empty link target"),
    ]);

    link_text_without_target: [Doc(PET, fields_doc!("Pet",
        "| `owner` | [Owner] | :heavy_check_mark: | N/A |\n",
    ))] => Fails(&[
        E("models/components/Pet.md:7:20", "cannot parse Type cell: expected `(` after `]`"),
    ]);

    // ---- fields -------------------------------------------------------------------------

    duplicate_field_names: [Doc(PET, fields_doc!("Pet",
        "| `name` | *String* | :heavy_check_mark: | N/A |\n",
        "| `age` | *int* | :heavy_check_mark: | N/A |\n",
        "| `name` | *String* | :heavy_minus_sign: | N/A |\n",
    ))] => Fails(&[
        E("models/components/Pet.md:9:3", "field `name` is listed twice"),
    ]);

    fields_colliding_after_conversion: [Doc(PET, fields_doc!("Pet",
        "| `clientId` | *String* | :heavy_check_mark: | N/A |\n",
        "| `client_id` | *String* | :heavy_check_mark: | N/A |\n",
    ))] => Succeeds(&[
        W("models/components/Pet.md:8:3", "fields `clientId` and `client_id` have the same Rust name `client_id`"),
    ], &[("components.rs", "pub client_id_2: String,")]);

    fields_with_one_json_key: [
        Doc(CONFIG, "wire-case = \"snake_case\"\n"),
        Doc(PET, fields_doc!("Pet",
            "| `clientId` | *String* | :heavy_check_mark: | N/A |\n",
            "| `client_id` | *String* | :heavy_check_mark: | N/A |\n",
        )),
    ] => Fails(&[
        W("models/components/Pet.md:8:3", "fields `clientId` and `client_id` have the same Rust name `client_id`"),
        E("models/components/Pet.md:8:3", "fields `clientId` and `client_id` of `Pet` have the same JSON key `client_id`"),
    ]);

    // The first field of a key is named from the resolved fields, not the doc's rows:
    // a row that failed to resolve must not shift the name.
    json_key_collision_after_a_failed_row: [
        Doc(CONFIG, "wire-case = \"snake_case\"\n"),
        Doc(PET, fields_doc!("Pet",
            "| `broken` | *Nope* | :heavy_check_mark: | N/A |\n",
            "| `clientId` | *String* | :heavy_check_mark: | N/A |\n",
            "| `client_id` | *String* | :heavy_check_mark: | N/A |\n",
        )),
    ] => Fails(&[
        E("models/components/Pet.md:7:15", "unknown type `Nope`"),
        W("models/components/Pet.md:9:3", "fields `clientId` and `client_id` have the same Rust name `client_id`"),
        E("models/components/Pet.md:9:3", "fields `clientId` and `client_id` of `Pet` have the same JSON key `client_id`"),
    ]);

    // ---- enums --------------------------------------------------------------------------

    enum_with_no_values: [Doc(KIND, "# Kind\n\n## Values\n\n| Name | Value |\n| ---- | ----- |\n")] => Fails(&[
        E("models/components/Kind.md:1:1", "enum `Kind` has no values"),
    ]);

    duplicate_enum_values: [Doc(KIND, values_doc!("Kind",
        "| `CAT` | cat |\n",
        "| `DOG` | dog |\n",
        "| `KITTEN` | cat |\n",
    ))] => Fails(&[
        E("models/components/Kind.md:9:14", "enum value `cat` is listed twice"),
    ]);

    duplicate_enum_names: [Doc(KIND, values_doc!("Kind",
        "| `CAT` | cat |\n",
        "| `CAT` | kitten |\n",
    ))] => Fails(&[
        E("models/components/Kind.md:8:3", "enum constant `CAT` is listed twice"),
    ]);

    enum_names_colliding_after_conversion: [Doc(KIND, values_doc!("Kind",
        "| `IN_PROGRESS` | in_progress |\n",
        "| `InProgress` | in-progress |\n",
    ))] => Succeeds(&[
        W("models/components/Kind.md:8:3", "enum constants `IN_PROGRESS` and `InProgress` have the same Rust name `InProgress`"),
    ], &[("components.rs", "InProgress2")]);

    integer_values_equal_as_numbers: [Doc(KIND, values_doc!("Kind",
        "| `ONE` | 1 |\n",
        "| `UNO` | 01 |\n",
    ))] => Fails(&[
        E("models/components/Kind.md:8:11", "enum value `01` is listed twice"),
    ]);

    // Mixed values are legal but worth a warning: the enum is a string enum and `1`
    // travels as `"1"`.
    mixed_string_and_integer_values: [Doc(KIND, values_doc!("Kind",
        "| `ONE` | 1 |\n",
        "| `TWO` | two |\n",
    ))] => Succeeds(&[], &[
        ("components.rs", "Self::One => serializer.serialize_i64(1)"),
        ("components.rs", "Self::Two => serializer.serialize_str(\"two\")"),
    ]);

    // ---- recorded payloads ---------------------------------------------------------------

    payload_that_is_not_json: [
        Doc(PET, fields_doc!("Pet", "| `name` | *String* | :heavy_check_mark: | N/A |\n")),
        Doc("payloads/Pet.json", "[\n  {\"name\": \"Rex\"},\n  {\"name\": }\n]\n"),
    ] => Fails(&[
        E("payloads/Pet.json:3:12", "recorded payload is not JSON: expected value at line 3 column 12"),
    ]);

    payload_of_no_model: [
        Doc(PET, fields_doc!("Pet", "| `name` | *String* | :heavy_check_mark: | N/A |\n")),
        Doc("payloads/Cat.json", "{\"name\": \"Tom\"}"),
    ] => Fails(&[
        E("payloads/Cat.json:1:1", "recorded payloads for `Cat`, which is not a model"),
    ]);

    payload_that_does_not_fit: [
        Doc(PET, fields_doc!("Pet",
            "| `name` | *String* | :heavy_check_mark: | N/A |\n",
            "| `tags` | List\\<*String*> | :heavy_minus_sign: | N/A |\n",
        )),
        Doc("payloads/Pet.json", "[\n  {\"name\": \"Rex\"},\n  {\"name\": \"Tom\", \"tags\": [\"a\", 7]}\n]\n"),
    ] => Succeeds(&[
        W("payloads/Pet.json:3:33", "a recorded payload does not fit `Pet`: `tags`: expected a string, found `7`"),
    ], &[("examples.rs", "\"payloads/Pet.json:2\"")]);

    payload_with_a_key_of_no_field: [
        Doc(PET, fields_doc!("Pet", "| `name` | *String* | :heavy_check_mark: | N/A |\n")),
        Doc("payloads/components/Pet.json", "{\"name\": \"Rex\", \"age\": 3}"),
    ] => Succeeds(&[
        W("payloads/components/Pet.json:1:24", "a recorded payload does not fit `Pet`: `age`: `Pet` has no field with this key"),
    ], &[]);

    catch_all_row_that_is_not_a_map: [Doc(PET, fields_doc!("Pet",
        "| `additionalProperties` | *String* | :heavy_minus_sign: | N/A |\n",
    ))] => Fails(&[
        E("models/components/Pet.md:7:28", "the catch-all row `additionalProperties` must be a map"),
    ]);

    open_enum_mixing_string_and_integer_values: [Doc(KIND, concat!(
        "# Kind\n\n## Example Usage\n\n```java\n// Open enum: use .of() to create instances from custom string values\n```\n\n",
        "## Values\n\n| Name | Value |\n| ---- | ----- |\n| `ONE` | 1 |\n| `TWO` | two |\n",
    ))] => Succeeds(&[
        W("models/components/Kind.md:14:11", "open enum `Kind` mixes integer and string values; all of them travel as strings"),
    ], &[("components.rs", "Unknown(String)")]);

    values_heading_without_a_table: [Doc(KIND, "# Kind\n\n## Values\n")] => Fails(&[
        E("models/components/Kind.md:3:1", "section has no table"),
    ]);

    // ---- several problems at once ------------------------------------------------------

    three_errors_in_three_files: [
        Doc("models/components/A.md", "No title.\n"),
        Doc("models/components/B.md", fields_doc!("B", "| `a` | *String* | sometimes | N/A |\n")),
        Doc("models/operations/C.md", fields_doc!("C", "| `a` | Map\\<*String* | :heavy_check_mark: | N/A |\n")),
    ] => Fails(&[
        E("models/components/A.md:1:1", "model doc has no title"),
        E("models/components/B.md:7:20", "unknown Required marker `sometimes`"),
        E("models/operations/C.md:7:13", "cannot parse Type cell: unclosed `<` after `Map`"),
    ]);

    // A bad row is left out, and the doc's other rows are still resolved.
    bad_row_and_unknown_type_in_one_doc: [Doc(PET, fields_doc!("Pet",
        "| `a` | *String* | maybe | N/A |\n",
        "| `b` | *Strnig* | :heavy_check_mark: | N/A |\n",
        "| `c` | *String* |\n",
        "| `d` | [Owner](Owner.md) | :heavy_check_mark: | N/A |\n",
    ))] => Fails(&[
        E("models/components/Pet.md:7:20", "unknown Required marker `maybe`"),
        E("models/components/Pet.md:9:1", "table row has 2 cells, but the header has 4"),
        E("models/components/Pet.md:8:10", "unknown type `Strnig`"),
        E("models/components/Pet.md:10:17", "link to a missing doc `models/components/Owner.md`"),
    ]);

    every_problem_of_a_row: [Doc(PET, fields_doc!("Pet",
        "|  | List\\<*String* | sometimes | N/A |\n",
    ))] => Fails(&[
        E("models/components/Pet.md:7:2", "empty Field cell"),
        E("models/components/Pet.md:7:11", "cannot parse Type cell: unclosed `<` after `List`"),
        E("models/components/Pet.md:7:23", "unknown Required marker `sometimes`"),
    ]);

    // Links to a doc with a bad row still find it.
    link_to_a_doc_with_a_bad_row: [
        Doc(PET, fields_doc!("Pet", "| `owner` | [Owner](Owner.md) | :heavy_check_mark: | N/A |\n")),
        Doc(OWNER, fields_doc!("Owner", "| `name` | *String* | yes please | N/A |\n", "| `age` | *lnog* | :heavy_check_mark: | N/A |\n")),
    ] => Fails(&[
        E("models/components/Owner.md:7:23", "unknown Required marker `yes please`"),
        E("models/components/Owner.md:8:12", "unknown type `lnog`"),
    ]);

    // The rows left out are not checked again: no key for a missing field, no empty enum.
    config_naming_a_field_whose_row_is_bad: [
        Doc(CONFIG, "[models.Pet]\nkeys = { name = \"pet_name\" }\n"),
        Doc(PET, fields_doc!("Pet", "| `name` | *String* | :heavy_check: | N/A |\n")),
    ] => Fails(&[
        E("models/components/Pet.md:7:23", "unknown Required marker `:heavy_check:`"),
    ]);

    config_opening_a_doc_whose_values_table_is_bad: [
        Doc(CONFIG, "[models.Kind]\nopen = true\n"),
        Doc(KIND, "# Kind\n\n## Values\n\n| Name | Value |\n| `A` | a |\n"),
    ] => Fails(&[
        E("models/components/Kind.md:5:1", "table has no delimiter row"),
    ]);

    enum_whose_only_row_is_bad: [Doc(KIND, values_doc!("Kind", "| `A` | a | extra |\n"))] => Fails(&[
        E("models/components/Kind.md:7:1", "table row has 3 cells, but the header has 2"),
    ]);

    non_utf8_doc_among_others: [
        Bytes(OWNER, b"# Owner\n\nCaf\xe9.\n"),
        Doc(PET, fields_doc!("Pet",
            "| `owner` | [Owner](Owner.md) | :heavy_check_mark: | N/A |\n",
            "| `name` | *Strin* | :heavy_check_mark: | N/A |\n",
        )),
    ] => Fails(&[
        E("models/components/Owner.md:3:4", "file is not valid UTF-8"),
        E("models/components/Pet.md:8:13", "unknown type `Strin`"),
    ]);

    config_and_doc_errors_together: [
        Doc(CONFIG, "wire-case = \"kebab\"\n"),
        Doc(PET, fields_doc!("Pet", "| `a` | *String* |  N/A |\n")),
    ] => Fails(&[
        E("codegen.toml:1:13", "invalid config: unknown variant `kebab`, expected one of `as-written`, `snake_case`, `camelCase`"),
        E("models/components/Pet.md:7:1", "table row has 3 cells, but the header has 4"),
    ]);

    many_errors_in_one_table: [Doc(PET, fields_doc!("Pet",
        "| `a` | *String* | :heavy_check_mark: |\n",
        "| `b` | *String* | maybe | N/A |\n",
        "| `c` |  | :heavy_check_mark: | N/A |\n",
        "| `d` | *Optional\\<String* | :heavy_check_mark: | N/A |\n",
        "| `e` | *String* | :heavy_check_mark: | N/A |\n",
    ))] => Fails(&[
        E("models/components/Pet.md:7:1", "table row has 3 cells, but the header has 4"),
        E("models/components/Pet.md:8:20", "unknown Required marker `maybe`"),
        E("models/components/Pet.md:9:8", "empty Type cell"),
        E("models/components/Pet.md:10:19", "cannot parse Type cell: unclosed `<` after `Optional`"),
    ]);

    parse_and_resolve_errors_together: [
        Doc("models/components/A.md", "No title.\n"),
        Doc(PET, fields_doc!("Pet", "| `owner` | [Owner](Owner.md) | :heavy_check_mark: | N/A |\n")),
    ] => Fails(&[
        E("models/components/A.md:1:1", "model doc has no title"),
        E("models/components/Pet.md:7:21", "link to a missing doc `models/components/Owner.md`"),
    ]);

    // ---- config -------------------------------------------------------------------------

    config_with_an_unknown_key: [Doc(CONFIG, "wire-case = \"snake_case\"\nwirecase = \"camelCase\"\n"), Doc(PET, GOOD_PET)] => Fails(&[
        E("codegen.toml:2:1", "invalid config: unknown field `wirecase`, expected one of `wire-case`, `dialect`, `derive-deserialize`, `derives`, `roots`, `models`"),
    ]);

    config_with_an_unknown_model_key: [Doc(CONFIG, "[models.Pet]\nrename = \"Animal\"\n"), Doc(PET, GOOD_PET)] => Fails(&[
        E("codegen.toml:2:1", "invalid config: unknown field `rename`, expected one of `wire-case`, `keys`, `types`, `open`"),
    ]);

    config_with_an_invalid_wire_case: [Doc(CONFIG, "wire-case = \"kebab\"\n"), Doc(PET, GOOD_PET)] => Fails(&[
        E("codegen.toml:1:13", "invalid config: unknown variant `kebab`, expected one of `as-written`, `snake_case`, `camelCase`"),
    ]);

    config_that_is_not_toml: [Doc(CONFIG, "[models.Pet\nopen = true\n"), Doc(PET, GOOD_PET)] => Fails(&[
        E("codegen.toml:1:12", "invalid config: unclosed table, expected `]`"),
    ]);

    config_naming_a_missing_model: [Doc(CONFIG, "[models.Dog]\nwire-case = \"snake_case\"\n"), Doc(PET, GOOD_PET)] => Fails(&[
        E("codegen.toml:1:9", "config names a model that does not exist: `Dog`"),
    ]);

    config_naming_a_missing_field: [Doc(CONFIG, "[models.Pet]\nkeys = { name = \"name\", links = \"_links\" }\n"), Doc(PET, GOOD_PET)] => Fails(&[
        E("codegen.toml:2:25", "config sets the key of `links`, which is not a field of `Pet`"),
    ]);

    config_typing_a_missing_field: [Doc(CONFIG, "[models.Pet]\ntypes = { nme = \"i64\" }\n"), Doc(PET, GOOD_PET)] => Fails(&[
        E("codegen.toml:2:11", "config sets the type of `nme`, which is not a field of `Pet`"),
    ]);

    config_with_an_unknown_field_type: [Doc(CONFIG, "[models.Pet]\ntypes = { name = \"list<intger>\" }\n"), Doc(PET, GOOD_PET)] => Fails(&[
        E("codegen.toml:2:18", "invalid config: unknown type `intger`"),
    ]);

    config_opening_a_struct: [Doc(CONFIG, "[models.Pet]\nopen = true\n"), Doc(PET, GOOD_PET)] => Fails(&[
        E("codegen.toml:1:9", "config sets `open` on `Pet`, which is not an enum"),
    ]);

    config_naming_an_ambiguous_model: [
        Doc(CONFIG, "[models.Pet]\nwire-case = \"snake_case\"\n"),
        Doc(PET, GOOD_PET),
        Doc("models/shared/Pet.md", GOOD_PET),
    ] => Fails(&[
        E("codegen.toml:1:9", "config model `Pet` is ambiguous"),
    ]);

    // ---- files and folders --------------------------------------------------------------

    non_utf8_doc: [Bytes(PET, b"# Pet\n\nCaf\xe9 au lait.\n")] => Fails(&[
        E("models/components/Pet.md:3:4", "file is not valid UTF-8"),
    ]);

    non_utf8_config: [Bytes(CONFIG, b"wire-case = \"\xff\"\n"), Doc(PET, GOOD_PET)] => Fails(&[
        E("codegen.toml:1:14", "file is not valid UTF-8"),
    ]);

    byte_order_mark_is_not_part_of_the_title: [Doc(PET, "\u{feff}# Pet\n\n## Fields\n\n| Field | Type | Required | Description |\n| - | - | - | - |\n| `a` | *String* | yes? | N/A |\n")] => Fails(&[
        E("models/components/Pet.md:7:20", "unknown Required marker `yes?`"),
    ]);

    crlf_line_endings: [Doc(PET, "# Pet\r\n\r\n## Fields\r\n\r\n| Field | Type | Required | Description |\r\n| - | - | - | - |\r\n| `a` | *String* | :heavy_check_mark: | N/A |\r\n| `b` | List\\<*Strin*> | :heavy_check_mark: | N/A |\r\n")] => Fails(&[
        E("models/components/Pet.md:8:16", "unknown type `Strin`"),
    ]);

    empty_spec_folder: [] => Fails(&[
        E("", "spec folder `<spec>` holds no model docs"),
    ]);

    spec_folder_with_only_a_config: [Doc(CONFIG, "wire-case = \"snake_case\"\n"), Dir("models/components")] => Fails(&[
        E("", "spec folder `<spec>` holds no model docs"),
    ]);

    #[cfg(unix)] // symlinks and the wording of OS errors
    spec_folder_missing: [NoSpecFolder] => Fails(&[
        E("", "cannot read spec folder `<spec>`: No such file or directory (os error 2)"),
    ]);

    spec_folder_is_a_file: [SpecIsAFile] => Fails(&[
        E("", "spec path `<spec>` is not a folder"),
    ]);

    #[cfg(unix)] // symlinks and the wording of OS errors
    symlink_leaving_the_spec_folder: [
        Doc(PET, GOOD_PET),
        Doc("../secret.md", "# Secret\n"),
        Symlink("models/components/Secret.md", "../../../secret.md"),
    ] => Fails(&[
        E("", "`<spec>/models/components/Secret.md` is a symlink that leaves the spec folder"),
    ]);

    #[cfg(unix)] // symlinks and the wording of OS errors
    broken_symlink: [
        Doc(PET, GOOD_PET),
        Symlink("models/components/Gone.md", "Nowhere.md"),
    ] => Fails(&[
        E("", "`<spec>/models/components/Gone.md` is a broken symlink"),
    ]);

    #[cfg(unix)] // symlinks and the wording of OS errors
    symlink_loop: [
        Doc(PET, GOOD_PET),
        Symlink("models/components/again", ".."),
    ] => Fails(&[
        E("", "`<spec>/models/components/again` is a symlink to a folder that contains it"),
    ]);
}

#[test]
fn the_suite_is_large_enough() {
    assert!(CASES.len() >= 30, "{} cases", CASES.len());
}

/// Builds a case from text made at run time.
fn run_owned(name: &str, files: Vec<(&'static str, String)>, outcome: Outcome) {
    let entries: Vec<Entry> = files
        .into_iter()
        .map(|(rel, text)| Doc(rel, Box::leak(text.into_boxed_str())))
        .collect();
    run(name, &entries, outcome);
}

#[test]
fn type_nested_too_deeply() {
    // `List<` 40 times: more than the parser allows, and far less than a stack holds.
    let cell = format!("{}*String*{}", "List\\<".repeat(40), ">".repeat(40));
    let doc = format!("# Pet\n\n## Fields\n\n{}| `a` | {cell} | :heavy_check_mark: | N/A |\n", fields_header!());
    run_owned("type_nested_too_deeply", vec![(PET, doc)], Fails(&[
        // The 33rd `List` starts at column 9 + 32 * 6.
        E("models/components/Pet.md:7:201", "cannot parse Type cell: the type is nested too deeply"),
    ]));
}

#[test]
fn deep_but_allowed_nesting_generates() {
    let cell = format!("{}*String*{}", "List\\<".repeat(20), ">".repeat(20));
    let doc = format!("# Pet\n\n## Fields\n\n{}| `a` | {cell} | :heavy_check_mark: | N/A |\n", fields_header!());
    run_owned("deep_but_allowed_nesting_generates", vec![(PET, doc)], Succeeds(&[], &[("components.rs", "Vec<Vec<Vec<")]));
}

#[test]
fn errors_beyond_the_limit_are_counted() {
    let rows: String = (0..60).map(|i| format!("| `f{i}` | *String* | maybe | N/A |\n")).collect();
    let spec = build("errors_beyond_the_limit_are_counted", &[]);
    fs::create_dir_all(spec.join("models")).unwrap();
    fs::write(spec.join("models/Pet.md"), format!("# Pet\n\n## Fields\n\n{}{rows}", fields_header!())).unwrap();
    let failure = Config::new().output(Output::SourceTree).generate(&spec).unwrap_err();
    assert_eq!(failure.diagnostics.len(), 60);
    let rendered = failure.to_string();
    assert_eq!(rendered.matches("error: unknown Required marker `maybe`").count(), 50, "{rendered}");
    assert!(rendered.contains("... and 10 more\n"), "{rendered}");
    assert!(rendered.ends_with("error: could not generate models due to 60 previous errors\n"), "{rendered}");
}

#[test]
fn rendering_points_at_the_cell() {
    let spec = build("rendering_points_at_the_cell", &[Doc(PET, fields_doc!("Pet",
        "| `a` | *String* | :heavy_check_mark: | N/A |\n",
        "| `b` | *Strnig* | :heavy_check_mark: | N/A |\n",
    ))]);
    let failure = Config::new().output(Output::SourceTree).generate(&spec).unwrap_err();
    let rendered = failure.to_string();
    let path = spec.join(PET);
    let expected = format!(
        "error: unknown type `Strnig`\n --> {}:8:10\n  |\n8 | | `b` | *Strnig* | :heavy_check_mark: | N/A |\n  |          ^^^^^^ not a known type\n",
        path.display()
    );
    assert!(rendered.starts_with(&expected), "{rendered}");
    assert!(rendered.contains("  = note: expected "), "{rendered}");
    assert!(rendered.ends_with("error: could not generate models due to 1 previous error\n"), "{rendered}");
}

#[test]
fn non_utf8_rendering_shows_the_line() {
    let spec = build("non_utf8_rendering_shows_the_line", &[Bytes(PET, b"# Pet\n\nCaf\xe9 au lait.\nMore.\n")]);
    let failure = Config::new().output(Output::SourceTree).generate(&spec).unwrap_err();
    let rendered = failure.to_string();
    assert!(rendered.contains(&format!(" --> {}:3:4\n", spec.join(PET).display())), "{rendered}");
    assert!(rendered.contains("3 | Caf\u{fffd} au lait.\n"), "{rendered}");
    assert!(rendered.contains("^ byte 0xE9 is not UTF-8"), "{rendered}");
}

/// Five problems of three docs, one of them not UTF-8: a Required marker and a type a
/// typo away from known ones, a short row, and an unknown column.
const FIVE_PROBLEMS: [Entry; 3] = [
    Bytes(OWNER, b"# Owner\n\n## Fields\n\n| Field | Type | Required | Description |\n| - | - | - | - |\n| `name` | *String* | :heavy_check_mark: | Na\xefve. |\n"),
    Doc(PET, fields_doc!("Pet",
        "| `name` | *String* | :heavy_check: | N/A |\n",
        "| `alive` | *bolean* | :heavy_check_mark: | N/A |\n",
        "| `owner` | [Owner](Owner.md) | :heavy_check_mark: | N/A |\n",
        "| `tags` | List\\<*String*> | :heavy_minus_sign: |\n",
    )),
    Doc("models/operations/Order.md", "# Order\n\n## Fields\n\n| Field | Type | Required | Exemple |\n| - | - | - | - |\n| `pet` | [Pet](../../models/components/Pet.md) | :heavy_check_mark: | N/A |\n"),
];

/// Every problem is reported in one run: the file that is not UTF-8 among the others
/// (and the link to it is not reported as a link to a missing doc), and the rows of
/// `Pet` after its bad ones still resolved. Names close to known ones get a suggestion.
#[test]
fn five_problems_in_three_docs() {
    run("five_problems_in_three_docs", &FIVE_PROBLEMS, Fails(&[
        E("models/components/Owner.md:7:46", "file is not valid UTF-8"),
        E("models/components/Pet.md:7:23", "unknown Required marker `:heavy_check:`"),
        E("models/components/Pet.md:10:1", "table row has 3 cells, but the header has 4"),
        E("models/operations/Order.md:5:29", "unknown column `Exemple`"),
        E("models/components/Pet.md:8:14", "unknown type `bolean`"),
    ]));
    let spec = build("five_problems_in_three_docs", &FIVE_PROBLEMS);
    let rendered = Config::new().output(Output::SourceTree).generate(&spec).unwrap_err().to_string();
    let rendered = rendered.replace(&format!("{}/", spec.display()), "");
    for help in [
        "= help: did you mean `:heavy_check_mark:`?",
        "= help: did you mean `boolean`?",
        "= help: did you mean `Example`?",
    ] {
        assert!(rendered.contains(help), "{help}:\n{rendered}");
    }
    assert_eq!(rendered.matches("= help:").count(), 3, "{rendered}");
    assert!(rendered.ends_with("error: could not generate models due to 5 previous errors\n"), "{rendered}");
}

/// A tree whose Type cells are half Java and half Python has no dialect: one error that
/// says what was seen, and how to set the dialect.
#[test]
fn mixed_dialects_are_reported() {
    let spec = build("mixed_dialects_are_reported", &[
        Doc(PET, fields_doc!("Pet",
            "| `name` | *String* | :heavy_check_mark: | N/A |\n",
            "| `age` | *Long* | :heavy_check_mark: | N/A |\n",
            "| `tags` | List\\<*String*> | :heavy_minus_sign: | N/A |\n",
        )),
        Doc("models/components/Owner.md", fields_doc!("Owner",
            "| `name` | *str* | :heavy_check_mark: | N/A |\n",
            "| `age` | *int* | :heavy_check_mark: | N/A |\n",
            "| `tags` | List[*str*] | :heavy_minus_sign: | N/A |\n",
        )),
    ]);
    let failure = Config::new().output(Output::SourceTree).generate(&spec).unwrap_err();
    let rendered = failure.to_string();
    assert_eq!(failure.diagnostics.len(), 1, "{rendered}");
    assert!(rendered.starts_with("error: cannot tell which SDK language the docs are written for: "), "{rendered}");
    assert!(rendered.contains("no dialect has a clear majority: java 3, python 2; "), "{rendered}");
    assert!(rendered.contains("= note: set it with `dialect = \"java\"`"), "{rendered}");
    // `detect_dialect` says the same.
    let detected = docmodels_build::detect_dialect(&spec).unwrap_err().to_string();
    assert!(detected.starts_with("error: cannot tell which SDK language the docs are written for: "), "{detected}");
    // Set, the dialect decides: the Python doc's cells are then unknown Java types.
    fs::write(spec.join("codegen.toml"), "dialect = \"java\"\n").unwrap();
    let failure = Config::new().output(Output::SourceTree).generate(&spec).unwrap_err();
    assert!(failure.to_string().contains("unknown type `str`"), "{failure}");
}
