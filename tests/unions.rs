//! Unions, typed: a fixture in the TypeScript dialect (`codegen/tests/fixtures/unions`)
//! with `## Supported Types` docs (a struct of two required keys, a struct of one, a
//! string and a number; two structs, one of whose payloads the other would also read)
//! and a union listed in a Type cell (`Tag | string`). In the
//! generated crate, a payload of each member reads into that member and writes back
//! unchanged, and a value of no member is an error.

mod common;

use std::fs;

use docmodels_build::{Config, Output};

/// Built inside the generated crate, whose names it uses.
const MEMBERS: &str = r#"
use serde_json::{json, Value};
use unions::components::{Marker, Note, NoteAuthor, Subject};

fn back<T: serde::Serialize + serde::de::DeserializeOwned>(value: &Value) -> T {
    let read: T = serde_json::from_value(value.clone()).expect("the payload reads");
    assert_eq!(&serde_json::to_value(&read).unwrap(), value, "written back unchanged");
    read
}

#[test]
fn each_member_reads_its_own_json() {
    let pet = json!({ "name": "Rex", "age": 3, "tags": [{ "label": "calm" }] });
    assert!(matches!(back::<Subject>(&pet), Subject::Pet(p) if p.name == "Rex" && p.tags.is_some()));
    // A tag's payload has none of a pet's required keys: it is the tag.
    assert!(matches!(back::<Subject>(&json!({ "label": "calm" })), Subject::Tag(t) if t.label == "calm"));
    assert!(matches!(back::<Subject>(&json!("the yard")), Subject::String(s) if s == "the yard"));
    // Numbers keep their kind: an integer comes back an integer, a float a float.
    assert!(matches!(back::<Subject>(&json!(7)), Subject::Number(n) if n.as_i64() == Some(7)));
    assert!(matches!(back::<Subject>(&json!(7.5)), Subject::Number(n) if n.as_f64() == Some(7.5)));
    assert!(serde_json::from_value::<Subject>(json!(true)).is_err());
    assert!(serde_json::from_value::<Subject>(json!([1])).is_err());
}

#[test]
fn the_member_with_more_required_keys_is_tried_first() {
    // Read as a tag, a badge would lose its colour.
    assert!(matches!(back::<Marker>(&json!({ "label": "vet", "color": "red" })), Marker::Badge(_)));
    assert!(matches!(back::<Marker>(&json!({ "label": "calm" })), Marker::Tag(_)));
}

#[test]
fn unions_in_type_cells_are_types_of_their_own() {
    let by_tag = json!({ "subject": "the yard", "author": { "label": "staff" }, "text": "Dug a hole." });
    let note: Note = back(&by_tag);
    assert!(matches!(note.author, Some(NoteAuthor::Tag(t)) if t.label == "staff"));
    let by_name = json!({ "subject": 12, "author": "Ana", "text": "Fed." });
    let note: Note = back(&by_name);
    assert!(matches!(note.author, Some(NoteAuthor::String(ref s)) if s == "Ana"));
    assert!(matches!(note.subject, Subject::Number(_)));
    assert!(serde_json::from_value::<Note>(json!({ "subject": 1, "author": 5, "text": "x" })).is_err());
}
"#;

#[test]
fn union_members_round_trip_through_their_own_variant() {
    let spec = common::root().join("codegen/tests/fixtures/unions");
    let generated = Config::new()
        .output(Output::Crate("unions".into()))
        .generate(&spec)
        .unwrap_or_else(|failure| panic!("the union fixture does not generate:\n{failure}"));
    assert!(generated.warnings.is_empty(), "{}", generated.render_warnings());
    let dir = common::scratch("unions-crate");
    common::write_member_crate(&dir, &generated.files);
    let manifest = dir.join("Cargo.toml");
    let mut text = fs::read_to_string(&manifest).unwrap();
    text.push_str("\n[dev-dependencies]\nserde = \"1\"\nserde_json = \"1\"\n\n[workspace]\n");
    fs::write(&manifest, text).unwrap();
    fs::create_dir_all(dir.join("tests")).unwrap();
    fs::write(dir.join("tests/members.rs"), MEMBERS).unwrap();
    fs::copy(common::root().join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();
    let target = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("unions-target");
    common::lint_and_test(&dir, &target);
}
