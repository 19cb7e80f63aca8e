//! A docs tree works from any folder name. The Docusign corpus links every model as
//! `../../models/components/X.md`, climbing out of its `models` folder and back in by
//! that name; copied under other names it must generate exactly what it generates in
//! place.

mod common;

use std::path::Path;

use common::Order;

fn generate(spec: &Path) -> docmodels_build::Generated {
    docmodels_build::Config::new().output(docmodels_build::Output::SourceTree).generate(spec)
        .unwrap_or_else(|failure| panic!("`{}` does not generate:\n{failure}", spec.display()))
}

fn counts(generated: &docmodels_build::Generated) -> (usize, usize, usize, usize, usize) {
    let s = generated.stats;
    (s.models, s.structs, s.enums, s.fields, s.values)
}

/// The spec folder is the `components` folder's parent, named `api-docs` instead of
/// `models`: every link climbs out through a name the folder no longer has.
#[test]
fn the_corpus_generates_the_same_from_a_folder_named_otherwise() {
    let original = generate(Path::new(common::DOCUSIGN_MODELS));
    let spec = common::scratch("moved-corpus").join("api-docs");
    common::copy_tree(Path::new(common::DOCUSIGN_MODELS), &spec, Order::Reversed);
    let moved = generate(&spec);

    assert_eq!(counts(&moved), (214, 190, 18, 793, 234), "(models, structs, enums, fields, values)");
    assert_eq!(counts(&moved), counts(&original));
    assert_eq!(
        moved.files.keys().collect::<Vec<_>>(),
        original.files.keys().collect::<Vec<_>>(),
        "the same files"
    );
    for (path, text) in &original.files {
        assert!(moved.files[path] == *text, "`{path}` differs when generated from `api-docs`");
    }
    assert_eq!(moved.key_report(), original.key_report());
    assert_eq!(moved.warnings.len(), original.warnings.len());
}

/// The spec folder is the `components` folder itself, under another name: the links
/// climb two folders out, and only their file names are left to match.
#[test]
fn the_components_folder_generates_alone_under_another_name() {
    let spec = common::scratch("moved-components").join("parts");
    common::copy_tree(&Path::new(common::DOCUSIGN_MODELS).join("components"), &spec, Order::Sorted);
    let moved = generate(&spec);
    let original = generate(Path::new(common::DOCUSIGN_MODELS));
    let components = original.keys.iter().filter(|k| k.folder == "components").count();
    assert_eq!(moved.stats.models, 114);
    assert_eq!(moved.stats.fields, components, "every field of the components folder");
    assert!(moved.files.contains_key("models.rs"), "{:?}", moved.files.keys());
}
