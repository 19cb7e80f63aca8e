//! The `Config` builder: its settings win over the spec's `codegen.toml`, are checked and
//! reported like the file's, and `roots` keep only what the named models reach.

mod common;

use docmodels_build::{Config, KeySource, Output, WireCase};

use common::SPEC;

fn key_of<'g>(generated: &'g docmodels_build::Generated, model: &str, field: &str) -> &'g docmodels_build::KeyRecord {
    generated.keys.iter().find(|k| k.model == model && k.field == field).unwrap()
}

#[test]
fn builder_settings_win_over_the_config_file() {
    // codegen.toml: `[models.Shipment] keys = { links = "_links" }`, `[models.Address]
    // wire-case = "as-written"`, `wire-case = "snake_case"`.
    let plain = Config::new().generate(SPEC).unwrap();
    assert_eq!(key_of(&plain, "Shipment", "links").key, "_links");
    assert_eq!(key_of(&plain, "Address", "postalCode").key, "postalCode");

    let built = Config::new()
        .key("Shipment", "links", "hal_links")
        .model_wire_case("Address", WireCase::SnakeCase)
        .generate(SPEC)
        .unwrap_or_else(|f| panic!("{f}"));
    let links = key_of(&built, "Shipment", "links");
    assert_eq!((links.key.as_str(), links.source), ("hal_links", KeySource::Config));
    assert_eq!(key_of(&built, "Address", "postalCode").key, "postal_code");
    // What the builder does not set still comes from the file.
    assert_eq!(built.fallback, plain.fallback);
    assert!(built.fallback.as_deref().is_some_and(|f| f.starts_with("snake_case (config wire-case)")), "{:?}", built.fallback);
}

#[test]
fn builder_settings_are_checked_like_the_file() {
    let failure = Config::new().key("Shipmnt", "links", "x").open_enum("Money", true).generate(SPEC).unwrap_err();
    let text = failure.to_string();
    assert!(text.contains("error: config names a model that does not exist: `Shipmnt`"), "{text}");
    assert!(text.contains("--> <docmodels_build::Config>:"), "{text}");
    assert!(text.contains("not an enum"), "{text}");
}

#[test]
fn field_types_set_by_the_builder_win_over_the_type_cells() {
    let built = Config::new()
        .field_type("Parcel", "weightGrams", "decimal")
        .field_type("Parcel", "serial", "big-integer")
        .field_type("Parcel", "handling", "list<map<date>>")
        .generate(SPEC)
        .unwrap_or_else(|f| panic!("{f}"));
    assert_eq!(key_of(&built, "Parcel", "weightGrams").rust_type, "rust_decimal::Decimal");
    assert_eq!(key_of(&built, "Parcel", "serial").rust_type, "(i128 | String)");
    assert_eq!(key_of(&built, "Parcel", "handling").rust_type, "Vec<indexmap::IndexMap<String, chrono::NaiveDate>>");
    // The docs' own type where none is set; the presence stays the docs'.
    assert_eq!(key_of(&built, "Parcel", "length").rust_type, "f64");
    assert_eq!(key_of(&built, "Parcel", "serial").presence, key_of(&Config::new().generate(SPEC).unwrap(), "Parcel", "serial").presence);
}

#[test]
fn field_types_naming_nothing_are_located_with_a_suggestion() {
    let failure = Config::new().field_type("Parcel", "wieghtGrams", "i64").generate(SPEC).unwrap_err();
    let text = failure.to_string();
    assert!(text.contains("error: config sets the type of `wieghtGrams`, which is not a field of `Parcel`"), "{text}");
    assert!(text.contains("--> <docmodels_build::Config>:"), "{text}");
    assert!(text.contains("= help: did you mean `weightGrams`?"), "{text}");
    let text = Config::new().field_type("Parcel", "serial", "bigdecimal").generate(SPEC).unwrap_err().to_string();
    assert!(text.contains("error: invalid config: unknown type `bigdecimal`"), "{text}");
    assert!(text.contains("= help: did you mean `big-decimal`?"), "{text}");
    // Keys naming a missing field get the suggestion too.
    let text = Config::new().key("Parcel", "parcelID", "id").generate(SPEC).unwrap_err().to_string();
    assert!(text.contains("= help: did you mean `parcelId`?"), "{text}");
}

#[test]
fn roots_keep_what_the_named_models_reach() {
    let all = Config::new().output(Output::SourceTree).generate(SPEC).unwrap();
    let money = Config::new().output(Output::SourceTree).root("Money").generate(SPEC).unwrap();
    assert_eq!(money.stats.models, 1);
    assert_eq!(money.files.keys().collect::<Vec<_>>(), ["examples.rs", "lib.rs", "shared.rs"]);

    let shipment = Config::new().root("Shipment").generate(SPEC).unwrap();
    let kept: Vec<&str> = shipment.models.iter().map(|m| m.name.as_str()).collect();
    assert!(kept.contains(&"Shipment") && kept.contains(&"Money") && kept.contains(&"Address"), "{kept:?}");
    assert!(!kept.contains(&"ApiError") && !kept.contains(&"AuthorizationCodeGrant"), "{kept:?}");
    assert!(shipment.stats.models < all.stats.models);
    // Every type named by a kept model is kept (the include file refers to no dropped one).
    let text = &shipment.files["models.rs"];
    assert!(!text.contains("pub mod operations"), "operations kept without a root there");

    // A root naming nothing is an error with a suggestion.
    let failure = Config::new().root("Shipmemt").generate(SPEC).unwrap_err().to_string();
    assert!(failure.contains("`roots` names a model that does not exist: `Shipmemt`"), "{failure}");
    assert!(failure.contains("did you mean `Shipment`?"), "{failure}");
}

#[test]
fn roots_come_from_the_config_file_too() {
    let dir = common::scratch("builder-roots-config");
    let config = dir.join("codegen.toml");
    let file = std::fs::read_to_string(format!("{SPEC}/codegen.toml")).unwrap();
    std::fs::write(&config, format!("roots = [\"components/Route\"]\n{file}")).unwrap();
    let generated = Config::new().config_file(&config).generate(SPEC).unwrap_or_else(|f| panic!("{f}"));
    let kept: Vec<&str> = generated.models.iter().map(|m| m.name.as_str()).collect();
    assert!(kept.contains(&"Route") && kept.contains(&"Stop"), "{kept:?}");
    assert!(!kept.contains(&"Shipment"), "{kept:?}");
    // The builder's roots replace the file's.
    let generated = Config::new().config_file(&config).root("Money").generate(SPEC).unwrap();
    assert_eq!(generated.stats.models, 1);
}

#[test]
fn structs_derive_deserialize_only_when_asked() {
    let text = |config: Config| {
        let generated = config.output(Output::SourceTree).generate(SPEC).unwrap_or_else(|f| panic!("{f}"));
        generated.files.values().map(String::as_str).collect::<String>()
    };
    let written_out = text(Config::new());
    assert!(written_out.contains("impl crate::de::Object for Address {"), "{written_out}");
    assert!(written_out.contains("mod de {"));

    let derived = text(Config::new().derive_deserialize(true));
    assert!(!derived.contains("de::Object"), "{derived}");
    assert!(derived.contains("deserialize_with = \"serde_with::rust::unwrap_or_skip::deserialize\""));

    // The same from the config file, and the builder wins over it.
    let file = config_file("derive-deserialize = true\n");
    assert!(!text(Config::new().config_file(&file)).contains("de::Object"));
    assert!(text(Config::new().config_file(&file).derive_deserialize(false)).contains("de::Object"));
}

/// A config file with `text`, in a folder of its own under the target dir.
fn config_file(text: &str) -> std::path::PathBuf {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("builder-derive-deserialize");
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("codegen.toml");
    std::fs::write(&file, text).unwrap();
    file
}
