//! The Python front end on the shared trees: the fastpix API's newer docs and the 2023
//! generation test suite. Each generates with its dialect detected, agrees with the Java
//! tree of the same API model by model (but for what Python cannot say), and gets the
//! keys of its `wire-keys.tsv`.

mod common;
#[path = "common/dialect.rs"]
mod dialect;

use docmodels_build::{Config, Dialect, WireCase};
use dialect::{agree, Allowed, by_title, corpus, doc_map, key_accuracy, load};

#[test]
fn python_trees_agree_with_java() {
    let mut unexpected = Vec::new();
    for (java, python, seed) in [("fastpix/java/models", "fastpix/python/models", None), ("openapi-generation-tests/java", "openapi-generation-tests/python", Some("python"))] {
        let java = load(&corpus(java), &Config::new());
        let tree = load(&corpus(python), &Config::new());
        assert_eq!(tree.dialect, Dialect::Python);
        let seed = match seed {
            Some(column) => doc_map(column),
            None => by_title(&java, &tree),
        };
        let agreement = agree(&java, &tree, &seed);
        unexpected.extend(agreement.report(python, ALLOWED).into_iter().map(|k| format!("{python}: {k}")));
    }
    assert!(unexpected.is_empty(), "differences Python does not explain:\n{}", unexpected.join("\n"));
}

/// Kinds of difference Python explains (counts in the test output).
const ALLOWED: &[Allowed] = &[
    a("type: java `i32`, python `i64`", "Python `int` has no width (2023 Java keeps `Integer`)"),
    a("type: java `String`, python `i64`", "2023 big integers as strings: Python `int` hides the string encoding"),
    a("type: java `indexmap::IndexMap<String, String>`, python `indexmap::IndexMap<String, i64>`", "the same, as map values"),
    a("type: java `String`, python `(String | rust_decimal::Decimal)`", "2023 decimals as strings: Python `Decimal` hides the string encoding"),
    a("type: java `Vec<String>`, python `Vec<(String | rust_decimal::Decimal)>`", "the same, as list items"),
    a("type: java `f64`, python `(String | rust_decimal::Decimal)`", "2023 decimals: Java `Double`, Python keeps `Decimal`"),
    a("type: java `indexmap::IndexMap<String, f64>`, python `indexmap::IndexMap<String, (String | rust_decimal::Decimal)>`", "the same, as map values"),
    a("presence: java Required, python RequiredNullable", "2023 `Optional[T]` on a required row says null is sent; 2023 Java cannot say it"),
    a("type: java `serde_json::Value`, python `M:union`", "2023 Java has no union docs (`*Object*`); Python documents the union"),
    a("type: java `indexmap::IndexMap<String, serde_json::Value>`, python `indexmap::IndexMap<String, M:union>`", "the same, as map values"),
    a("shape: java any, python union", "newer Java union docs are title-only; Python lists the members"),
    a("type: java `indexmap::IndexMap<String, M:struct>`, python `M:struct`", "Java reduces an object with properties and extra keys to a map of the extras; Python keeps both"),
    a("type: java `indexmap::IndexMap<String, String>`, python `M:struct`", "the same"),
    a("type: java `indexmap::IndexMap<String, chrono::NaiveDate>`, python `M:struct`", "the same"),
    a("model only in python: union", "unions (newer: also the operation response unions `Body | DefaultError`), which Java does not document"),
    a("model only in python: enum", "per-parent enums that 2023 Java merges into one doc, and union members' enums"),
    a("model only in python: struct", "2023 union members and objects with extra keys; newer operation bodies that Java names otherwise"),
    a("type: java `M:enum`, python `String`", "consts: Java links a one-value enum, Python writes `Literal[\"manual\"]`"),
    d("enum values differ", "Java merges same-shaped inline enums into one doc (`Type`); fastpix: the Java docs list `360`/`360p`, Python's not (another spec version)", &["models/shared/type.md", "getallmediaresponsesourceresolution.md", "getmediaresponsesourceresolution.md", "livemediaclipssourceresolution.md", "mediasourceresolution.md", "sourceaccessmediasourceresolution.md"]),
    d("field only in java", "fastpix: the Java docs are of a later spec version (`title`, `optimizeAudio`, `frameRate`); 2023: the error envelope's fields Python raises instead", &["addtrackrequest.md.title", "addtrackresponse.md.title", "audiotrack.md.title", "generatetrackresponse.md.title", "subtitletrack.md.title", "tracksubtitlesgeneraterequest.md.title", "updatetrackrequest.md.title", "updatetrackresponse.md.title", "videotrack.md.title", "videotrackforgetall.md.", "getallmediaresponse.md.optimizeAudio", "getmediaresponse.md.optimizeAudio", "livemediaclips.md.optimizeAudio", "media.md.optimizeAudio", "sourceaccessmedia.md.optimizeAudio", "updatemedia.md.optimizeAudio", "models/operations/statusgetxspeakeasyerrorsresponse.md."]),
    d("field only in python", "fastpix: another spec version; 2023: the error's raw response, and the real `additional_properties` property next to the catch-all", &["updatetrackrequest.md.url", "models/errors/statusgetxspeakeasyerrorsresponsebody.md.raw_response", "models/shared/objwithobjadditionalproperties.md.additional_properties"]),
    d("presence: java Required, python Optional", "fastpix: the security scheme's credentials, optional in the Python docs", &["security.md."]),
    d("shape: java struct, python enum", "fastpix: another spec version (Java: MP4 renditions as objects; Python: an enum)", &["getallmediaresponsemp4support.md", "getmediaresponsemp4support.md", "livemediaclipsmp4support.md", "mediamp4support.md", "sourceaccessmediamp4support.md", "updatemediamp4support.md"]),
    d("type: java `Vec<M:struct>`, python `M:enum`", "the same fields", &["getallmediaresponse.md.mp4_support", "getmediaresponse.md.mp4_support", "livemediaclips.md.mp4_support", "media.md.mp4_support", "sourceaccessmedia.md.mp4_support", "updatemedia.md.mp4_support"]),
    d("type: java `i64`, python `f64`", "fastpix: the Python docs say `float` for a video's width and height", &["videotrack.md.", "videotrackforgetall.md."]),
];

const fn a(kind: &'static str, why: &'static str) -> Allowed {
    Allowed { kind, why, docs: None }
}

const fn d(kind: &'static str, why: &'static str, docs: &'static [&'static str]) -> Allowed {
    Allowed { kind, why, docs: Some(docs) }
}

/// With one `--wire-case` flag per tree, at least this many real keys are right (the
/// counts measured when the inference last changed; the misses print).
#[test]
fn python_keys_match_wire_keys() {
    for (tree, case, at_least) in [("fastpix/python", WireCase::CamelCase, 969), ("openapi-generation-tests/python", WireCase::CamelCase, 585)] {
        let spec = if tree.starts_with("fastpix") { corpus(&format!("{tree}/models")) } else { corpus(tree) };
        let (right, total, misses) = key_accuracy(&spec, &corpus(&format!("{tree}/wire-keys.tsv")), Some(case));
        println!("{tree} --wire-case {}: {right}/{total} keys right", case.as_str());
        for miss in &misses {
            println!("   {miss}");
        }
        assert!(right >= at_least, "{tree}: {right}/{total} right, expected at least {at_least}");
    }
}

#[test]
fn python_crates_pass_clippy_and_rustdoc() {
    dialect::crates_are_clean("dialect-python", &[("python_fastpix", "fastpix/python/models"), ("python_2023", "openapi-generation-tests/python")]);
}
