//! Dialect detection on every shared docs tree: the seven dialects of one real API
//! (`fastpix`) and of Speakeasy's 2023 generation test suite (`openapi-generation-tests`).

use std::path::Path;

use docmodels_build::{detect_dialect, Dialect};

const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus");

/// Every shared tree (relative to the corpus folder) and the dialect it is written in.
const TREES: [(&str, Dialect); 14] = [
    ("fastpix/java/models", Dialect::Java),
    ("fastpix/typescript/models", Dialect::TypeScript),
    ("fastpix/python/models", Dialect::Python),
    ("fastpix/csharp/Models", Dialect::CSharp),
    ("fastpix/go/models", Dialect::Go),
    ("fastpix/php/Models", Dialect::Php),
    ("fastpix/ruby/models", Dialect::Ruby),
    ("openapi-generation-tests/java", Dialect::Java),
    ("openapi-generation-tests/typescript", Dialect::TypeScript),
    ("openapi-generation-tests/python", Dialect::Python),
    ("openapi-generation-tests/csharp", Dialect::CSharp),
    ("openapi-generation-tests/go", Dialect::Go),
    ("openapi-generation-tests/php", Dialect::Php),
    ("openapi-generation-tests/ruby", Dialect::Ruby),
];

#[test]
fn every_shared_tree_is_told_apart() {
    let mut wrong = Vec::new();
    for (tree, expected) in TREES {
        let path = Path::new(CORPUS).join(tree);
        assert!(path.is_dir(), "the shared tree `{}` is missing", path.display());
        match detect_dialect(&path) {
            Ok((dialect, votes)) => {
                println!("{tree}: {dialect} ({votes})");
                if dialect != expected {
                    wrong.push(format!("{tree}: detected {dialect}, expected {expected} ({votes})"));
                }
            }
            Err(failure) => wrong.push(format!("{tree}: {failure}")),
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn docusign_is_java() {
    let path = Path::new(CORPUS).join("docusign-iam-java/models");
    assert_eq!(detect_dialect(&path).unwrap().0, Dialect::Java);
}
