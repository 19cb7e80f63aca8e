//! `generate` never panics, whatever the docs hold: property tests over (1) real docs
//! mutated byte by byte and (2) random tables. A run may fail; it must fail with
//! diagnostics that render, never with a panic or an `internal error`.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Component, Path, PathBuf};

use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::{Config, FileFailurePersistence};

use docmodels_build::{Dialect, Output};

/// A spec folder as a map from relative path to file content.
type Tree = BTreeMap<String, Vec<u8>>;

fn manifest_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Every file under `root`, by `/`-separated relative path.
fn read_tree(root: &Path) -> Tree {
    fn walk(root: &Path, dir: &Path, out: &mut Tree) {
        for entry in fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(root, &path, out);
            } else {
                let rel = path.strip_prefix(root).unwrap().to_string_lossy().replace('\\', "/");
                out.insert(rel, fs::read(&path).unwrap());
            }
        }
    }
    let mut out = Tree::new();
    walk(root, root, &mut out);
    out
}

/// `link` (relative to the doc `from`) as a path relative to the tree's root, when it
/// stays inside a tree whose root folder is named `root_name`.
fn join(from: &str, link: &str, root_name: &str) -> Option<String> {
    let mut parts: Vec<String> = vec![root_name.to_owned()];
    parts.extend(from.split('/').map(str::to_owned));
    parts.pop();
    for component in Path::new(link).components() {
        match component {
            Component::ParentDir => {
                parts.pop()?;
            }
            Component::Normal(part) => parts.push(part.to_str()?.to_owned()),
            _ => {}
        }
    }
    (parts.first().map(String::as_str) == Some(root_name)).then(|| parts[1..].join("/"))
}

/// The doc `rel` of `tree` and every doc it reaches by links: a small spec that resolves.
fn neighbourhood(tree: &Tree, rel: &str, root_name: &str) -> Tree {
    let mut out = Tree::new();
    let mut queue = vec![rel.to_owned()];
    while let Some(rel) = queue.pop() {
        if out.contains_key(&rel) {
            continue;
        }
        let text = String::from_utf8_lossy(&tree[&rel]).into_owned();
        out.insert(rel.clone(), tree[&rel].clone());
        for piece in text.split("](").skip(1) {
            let Some(end) = piece.find(')') else { continue };
            let link = &piece[..end];
            if !link.ends_with(".md") || link.contains("://") {
                continue;
            }
            // As the resolver does, a link through a folder that does not exist (newer
            // Ruby docs) leads to the one doc of its file name.
            let by_path = join(&rel, link, root_name).filter(|t| tree.contains_key(t));
            let file = link.rsplit('/').next().unwrap_or(link).to_lowercase();
            let mut by_name = tree.keys().filter(|k| k.rsplit('/').next().is_some_and(|f| f.to_lowercase() == file));
            let by_name = match (by_name.next(), by_name.next()) {
                (Some(only), None) => Some(only.clone()),
                _ => None,
            };
            queue.extend(by_path.or(by_name));
        }
    }
    out
}

/// Small real specs to mutate: every doc of the project's spec with its neighbours, the
/// whole spec with its config, and a sample of the corpus (if it is present).
fn seeds() -> &'static [Tree] {
    static SEEDS: std::sync::OnceLock<Vec<Tree>> = std::sync::OnceLock::new();
    SEEDS.get_or_init(|| {
        let mut seeds = Vec::new();
        let spec = read_tree(Path::new(common::SPEC));
        for rel in spec.keys().filter(|rel| rel.ends_with(".md")) {
            seeds.push(neighbourhood(&spec, rel, "spec"));
        }
        seeds.push(spec);
        let corpus = manifest_dir().join("../../shared/corpus/docusign-iam-java/models");
        assert!(corpus.is_dir(), "the corpus is missing at {}: ../shared must be beside the repo", corpus.display());
        let corpus = read_tree(&corpus);
        let mut picked: Vec<&String> = corpus.keys().step_by(15).collect();
        for name in ["components/CurrencyCode.md", "components/Method.md", "components/DefaultValue.md", "components/TriggerInputs.md"] {
            picked.extend(corpus.keys().find(|k| *k == name));
        }
        for rel in picked {
            // Corpus links read `../../models/components/X.md`: the root is `models`.
            seeds.push(neighbourhood(&corpus, rel, "models").into_iter().map(|(k, v)| (format!("models/{k}"), v)).collect());
        }
        // A few docs of every shared tree, with the dialect set in the config (a handful
        // of docs may not show it clearly).
        for (tree, root_name, dialect) in DIALECT_TREES {
            let path = manifest_dir().join("../../shared/corpus").join(tree);
            assert!(path.is_dir(), "the shared tree is missing at {}", path.display());
            let docs = read_tree(&path);
            let step = (docs.len() / 5).max(1);
            for rel in docs.keys().filter(|rel| rel.ends_with(".md")).step_by(step) {
                let mut seed = neighbourhood(&docs, rel, root_name);
                seed.insert("codegen.toml".to_owned(), format!("dialect = \"{dialect}\"\n").into_bytes());
                seeds.push(seed);
            }
        }
        seeds
    })
}

/// The shared trees of every dialect: (folder below the corpus, the name its links climb
/// through, its dialect).
const DIALECT_TREES: [(&str, &str, Dialect); 14] = [
    ("fastpix/java/models", "models", Dialect::Java),
    ("fastpix/typescript/models", "models", Dialect::TypeScript),
    ("fastpix/python/models", "models", Dialect::Python),
    ("fastpix/csharp/Models", "Models", Dialect::CSharp),
    ("fastpix/go/models", "models", Dialect::Go),
    ("fastpix/php/Models", "Models", Dialect::Php),
    ("fastpix/ruby/models", "models", Dialect::Ruby),
    ("openapi-generation-tests/java", "java", Dialect::Java),
    ("openapi-generation-tests/typescript", "typescript", Dialect::TypeScript),
    ("openapi-generation-tests/python", "python", Dialect::Python),
    ("openapi-generation-tests/csharp", "csharp", Dialect::CSharp),
    ("openapi-generation-tests/go", "go", Dialect::Go),
    ("openapi-generation-tests/php", "php", Dialect::Php),
    ("openapi-generation-tests/ruby", "ruby", Dialect::Ruby),
];

/// A scratch spec folder, emptied and filled with `tree`.
fn write_tree(name: &str, tree: &Tree) -> PathBuf {
    let dir = common::scratch(Path::new("no_panic").join(name));
    for (rel, bytes) in tree {
        let path = dir.join(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, bytes).unwrap();
    }
    dir
}

/// Runs the generator and checks that whatever comes back can be shown.
fn check(dir: &Path) -> Result<(), TestCaseError> {
    let (diagnostics, rendered, sources) = match docmodels_build::Config::new().output(Output::SourceTree).generate(dir) {
        Ok(generated) => {
            prop_assert!(!generated.files.is_empty());
            let rendered = generated.render_warnings();
            (generated.warnings, rendered, generated.sources)
        }
        Err(failure) => {
            prop_assert!(failure.diagnostics.iter().any(|d| d.is_error()), "a failure without an error");
            let rendered = failure.to_string();
            (failure.diagnostics, rendered, failure.sources)
        }
    };
    for diagnostic in &diagnostics {
        prop_assert!(!diagnostic.message.starts_with("internal error"), "{rendered}");
        let _ = diagnostic.location(&sources);
    }
    Ok(())
}

/// Text inserted by mutations: table and type syntax, escapes, line breaks, non-ASCII.
const PIECES: &[&str] = &[
    "|", "<", ">", "[", "]", "(", ")", "`", "\\", "\n", "\r\n", "\t", " ", "*", "~~", "#", "# ",
    "## ", "\\<", "\\\\<", "\\|", "-", ":", ",", "é", "😀", "\u{200b}", "\u{feff}", "\u{0}", "\u{301}",
    "ß", "İ", "<br/>", "](", "](../", ".md", "](x.md)", "| --- |", ":heavy_check_mark:",
    ":heavy_minus_sign:", "List\\<", "Map\\<", "Optional\\<", "JsonNullable\\<", "@", "?", "$", "\"",
    "```", "> ", "\n\n", "    ",
];

#[derive(Debug, Clone)]
enum Mutation {
    Delete(Index, usize),
    Insert(Index, usize),
    /// Inserts one byte that is not valid UTF-8 on its own.
    RawByte(Index, u8),
    DuplicateLine(Index),
    DeleteLine(Index),
    SwapLines(Index, Index),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        12 => (any::<Index>(), 1..4usize).prop_map(|(at, n)| Mutation::Delete(at, n)),
        24 => (any::<Index>(), 0..PIECES.len()).prop_map(|(at, p)| Mutation::Insert(at, p)),
        1 => (any::<Index>(), 0x80..=0xffu8).prop_map(|(at, b)| Mutation::RawByte(at, b)),
        3 => any::<Index>().prop_map(Mutation::DuplicateLine),
        3 => any::<Index>().prop_map(Mutation::DeleteLine),
        3 => (any::<Index>(), any::<Index>()).prop_map(|(a, b)| Mutation::SwapLines(a, b)),
    ]
}

/// Applies `mutation` to `bytes`, at character boundaries when the text is UTF-8.
fn apply(bytes: &mut Vec<u8>, mutation: &Mutation) {
    let boundaries: Vec<usize> = match std::str::from_utf8(bytes) {
        Ok(text) => text.char_indices().map(|(i, _)| i).chain([text.len()]).collect(),
        Err(_) => (0..=bytes.len()).collect(),
    };
    let line_starts: Vec<usize> =
        [0].into_iter().chain(bytes.iter().enumerate().filter(|(_, b)| **b == b'\n').map(|(i, _)| i + 1)).collect();
    let line = |at: &Index| {
        let n = at.index(line_starts.len());
        let start = line_starts[n];
        let end = line_starts.get(n + 1).copied().unwrap_or(bytes.len());
        start..end
    };
    match mutation {
        Mutation::Delete(at, n) => {
            let i = at.index(boundaries.len());
            let end = boundaries[(i + n).min(boundaries.len() - 1)];
            bytes.drain(boundaries[i]..end);
        }
        Mutation::Insert(at, piece) => {
            let i = boundaries[at.index(boundaries.len())];
            bytes.splice(i..i, PIECES[*piece].bytes());
        }
        Mutation::RawByte(at, byte) => {
            let i = boundaries[at.index(boundaries.len())];
            bytes.insert(i, *byte);
        }
        Mutation::DuplicateLine(at) => {
            let range = line(at);
            let copy = bytes[range.clone()].to_vec();
            bytes.splice(range.start..range.start, copy);
        }
        Mutation::DeleteLine(at) => {
            bytes.drain(line(at));
        }
        Mutation::SwapLines(a, b) => {
            let (a, b) = (line(a), line(b));
            let (first, second) = if a.start <= b.start { (a, b) } else { (b, a) };
            if first.end <= second.start {
                let mut out = bytes[..first.start].to_vec();
                out.extend_from_slice(&bytes[second.clone()]);
                out.extend_from_slice(&bytes[first.end..second.start]);
                out.extend_from_slice(&bytes[first.clone()]);
                out.extend_from_slice(&bytes[second.end..]);
                *bytes = out;
            }
        }
    }
}

/// `cases` runs, or `PROPTEST_CASES` when set (for long hunts).
fn config(cases: u32) -> Config {
    Config {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(cases),
        // Shrunk failures are printed; nothing is written into the source tree.
        failure_persistence: Some(Box::new(FileFailurePersistence::Off)),
        ..Config::default()
    }
}

proptest! {
    #![proptest_config(config(256))]

    /// Real docs with random deletions, insertions of Markdown and type syntax, raw bytes
    /// and shuffled lines. Several files of one seed may be hit.
    #[test]
    fn mutated_real_docs_never_panic(
        seed in any::<Index>(),
        edits in prop::collection::vec((any::<Index>(), mutation()), 1..6),
    ) {
        let seeds = seeds();
        let mut tree = seeds[seed.index(seeds.len())].clone();
        let files: Vec<String> = tree.keys().cloned().collect();
        for (file, mutation) in &edits {
            let bytes = tree.get_mut(&files[file.index(files.len())]).unwrap();
            apply(bytes, mutation);
        }
        let dir = write_tree("mutated", &tree);
        check(&dir)?;
    }

    /// Random docs built from table syntax: titles, sections, headers, delimiter rows and
    /// cells drawn from real forms and junk, in two groups that link to each other.
    #[test]
    fn random_tables_never_panic(docs in prop::collection::vec(doc(), 1..4), config in config_file()) {
        let mut tree = Tree::new();
        for (i, doc) in docs.iter().enumerate() {
            let (path, title) = [("models/a/A.md", "A"), ("models/b/B.md", "B"), ("models/a/C.md", "C")][i];
            tree.insert(path.to_owned(), doc.replace(TITLE, title).into_bytes());
        }
        if let Some(config) = config {
            tree.insert("codegen.toml".to_owned(), config.into_bytes());
        }
        let dir = write_tree("random", &tree);
        check(&dir)?;
    }
}

/// A Type cell: real forms, nested, and junk.
fn type_cell() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        Just("*String*".to_owned()),
        Just("*int*".to_owned()),
        Just("*Long*".to_owned()),
        Just("*double*".to_owned()),
        Just("*boolean*".to_owned()),
        Just("*Object*".to_owned()),
        Just("*BigDecimal*".to_owned()),
        Just("byte[]".to_owned()),
        Just("*InputStream*".to_owned()),
        Just("[OffsetDateTime](https://docs.oracle.com/x.html)".to_owned()),
        Just("[LocalDate](https://docs.oracle.com/x.html)".to_owned()),
        Just("[HttpResponse\\<InputStream>](https://docs.oracle.com/x.html)".to_owned()),
        Just("[B](../b/B.md)".to_owned()),
        Just("[A](A.md)".to_owned()),
        Just("[C](../../models/a/C.md)".to_owned()),
        Just("[X](../../../X.md)".to_owned()),
        Just("*A*".to_owned()),
        Just("*Foo*".to_owned()),
        Just("?".to_owned()),
        "[a-zA-Z<>\\[\\]()*\\\\ ?@,.]{0,8}",
    ];
    leaf.prop_recursive(4, 24, 2, |inner| {
        prop_oneof![
            inner.clone().prop_map(|t| format!("List\\<{t}>")),
            inner.clone().prop_map(|t| format!("List\\\\<{t}>")),
            inner.clone().prop_map(|t| format!("Optional\\<{t}>")),
            inner.clone().prop_map(|t| format!("JsonNullable\\<{t}>")),
            inner.clone().prop_map(|t| format!("@Nullable {t}")),
            inner.clone().prop_map(|t| format!("{t}[]")),
            (inner.clone(), inner.clone()).prop_map(|(k, v)| format!("Map\\<{k}, {v}>")),
            inner.clone().prop_map(|t| format!("[{t}](../b/B.md)")),
            inner.prop_map(|t| format!("*{t}*")),
        ]
    })
}

/// Any cell: names, markers, values, types, junk.
fn cell() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => "`[a-zA-Z_0-9]{0,10}`",
        1 => prop::sample::select(vec![
            "`type`", "`self`", "`Self`", "`crate`", "`super`", "`clientId`", "`client_id`", "`enum_`",
            "`2fa`", "`---`", "``", "` `", "~~`old`~~", "`a`", "`A`", "`_`", "`r#type`", "`é`",
        ]).prop_map(str::to_owned),
        2 => prop::sample::select(vec![
            ":heavy_check_mark:", ":heavy_minus_sign:", "", "maybe", "✔️", "N/A", "1", "01", "-1", "+2",
            "99999999999999999999", "a", "in_progress", "Open enum", ": warning: ** DEPRECATED **: gone.",
            "text<br/><br/>more", "{<br/>\"a\": 1<br/>}", "\\|", "<https://x.y>", "[l](http://x)",
        ]).prop_map(str::to_owned),
        3 => type_cell(),
        2 => "[ -~é😀|<>\\[\\]()`\\\\*\u{200b}]{0,12}",
    ]
}

/// Stands for the title that matches the doc's file name.
const TITLE: &str = "{TITLE}";

/// A doc: mostly well-formed tables with odd cells, sometimes free-form junk.
fn doc() -> impl Strategy<Value = String> {
    prop_oneof![3 => structured_doc(), 1 => free_doc()]
}

/// A `## Fields` or `## Values` doc whose cells follow the columns, with rows that
/// sometimes gain or lose a cell.
fn structured_doc() -> impl Strategy<Value = String> {
    let field_row = (
        cell_of(0),
        type_cell(),
        cell_of(2),
        cell(),
        prop::option::weighted(0.03, cell()),
    )
        .prop_map(|(name, ty, required, description, extra)| {
            let mut row = vec![name, ty, required, description];
            row.extend(extra);
            row
        });
    let value_row = (cell_of(0), cell_of(1), prop::option::weighted(0.03, cell())).prop_map(|(name, value, extra)| {
        let mut row = vec![name, value];
        row.extend(extra);
        row
    });
    let fields = prop::collection::vec(field_row, 0..8).prop_map(|rows| {
        let mut doc = format!("# {TITLE}\n\nA model.\n\n## Fields\n\n| Field | Type | Required | Description |\n| --- | --- | --- | --- |\n");
        for row in rows {
            doc.push_str(&format!("| {} |\n", row.join(" | ")));
        }
        doc
    });
    let values = (prop::collection::vec(value_row, 0..6), any::<bool>()).prop_map(|(rows, open)| {
        let example = if open { "## Example Usage\n\n```java\nX.of(\"y\"); // Open enum: use .of()\n```\n\n" } else { "" };
        let mut doc = format!("# {TITLE}\n\n{example}## Values\n\n| Name | Value |\n| --- | --- |\n");
        for row in rows {
            doc.push_str(&format!("| {} |\n", row.join(" | ")));
        }
        doc
    });
    prop_oneof![
        3 => fields,
        1 => values,
        1 => Just(format!("# {TITLE}\n\nAny JSON value.\n")),
    ]
}

/// A cell for column `column` of a well-formed table: 0 names, 1 enum values, 2 markers.
fn cell_of(column: usize) -> BoxedStrategy<String> {
    let usual = match column {
        0 => prop_oneof![
            "`[a-z][a-zA-Z0-9_]{0,8}`",
            prop::sample::select(vec!["`type`", "`self`", "`clientId`", "`client_id`", "`enum_`", "`2fa`", "`a`", "`a`", "~~`old`~~", "`A_B`"]).prop_map(str::to_owned),
        ]
        .boxed(),
        1 => prop_oneof![
            "-?[0-9]{1,3}",
            "[a-z_:.-]{1,10}",
            prop::sample::select(vec!["1", "01", "+1", "99999999999999999999", "", "a", "a"]).prop_map(str::to_owned),
        ]
        .boxed(),
        _ => prop::sample::select(vec![":heavy_check_mark:", ":heavy_minus_sign:", ":heavy_check_mark:", ":heavy_minus_sign:", ""]).prop_map(str::to_owned).boxed(),
    };
    prop_oneof![6 => usual, 1 => cell()].boxed()
}

/// Table syntax put together at random.
fn free_doc() -> impl Strategy<Value = String> {
    let title = prop_oneof![
        4 => Just(TITLE.to_owned()),
        1 => Just("A".to_owned()),
        1 => Just("B".to_owned()),
        1 => Just("~~C~~".to_owned()),
        1 => Just("".to_owned()),
        1 => "[a-zA-Z0-9 _~`*<>-]{0,10}",
    ];
    let section = prop::sample::select(vec![
        "## Fields", "## Values", "## Supported Types", "## Example Usage", "## Other", "### Deep", "",
    ]);
    let column = prop_oneof![
        6 => prop::sample::select(vec![
            "Field", "Type", "Required", "Description", "Example", "Name", "Value", "Getter Type",
            "Setter Type", "type", "",
        ]).prop_map(str::to_owned),
        1 => "[ -~]{0,6}",
    ];
    let header = prop::collection::vec(column, 0..7);
    let rows = prop::collection::vec(prop::collection::vec(cell(), 0..8), 0..6);
    let delimiter = prop::sample::select(vec!["| - ", "|---", "| :--: ", "", "| x "]);
    let example = prop::sample::select(vec![
        "",
        "## Example Usage\n\n```java\nA.of(1); // Open enum: use .of()\n```\n\n",
        "## Example Usage\n\n```\nunclosed\n",
        "> :warning: **DEPRECATED**: Use B.\n\n",
        "- item\n  - nested [link](x.md)\n\n",
        "<https://x.y> and <br/> `code` <div>html</div>\n\n",
    ]);
    (title, example, section, header, delimiter, rows, any::<bool>()).prop_map(
        |(title, example, section, header, delimiter, rows, outer_pipes)| {
            let line = |cells: &[String]| {
                let inner = cells.join(" | ");
                if outer_pipes { format!("| {inner} |\n") } else { format!("{inner}\n") }
            };
            let mut doc = format!("# {title}\n\n{example}{section}\n\n");
            doc.push_str(&line(&header));
            doc.push_str(&delimiter.repeat(header.len().max(1)));
            doc.push_str("|\n");
            for row in &rows {
                doc.push_str(&line(row));
            }
            doc
        },
    )
}

fn config_file() -> impl Strategy<Value = Option<String>> {
    prop::option::weighted(0.3, prop_oneof![
        12 => prop::sample::select(vec![
            "wire-case = \"snake_case\"\n",
            "wire-case = \"camelCase\"\n[models.A]\nwire-case = \"as-written\"\n",
            "[models.A]\nkeys = { a = \"_a\", type = \"t\" }\n",
            "[models.A]\nkeys = { a = \"b\" }\n",
            "[models.B]\nopen = true\n",
            "[models.\"models/a/A\"]\nwire-case = \"snake_case\"\n",
        ]).prop_map(str::to_owned),
        1 => prop::sample::select(vec!["[models.Nope]\n", "wire-case = 1\n", "[models]\nA = 3\n"]).prop_map(str::to_owned),
        1 => "[ -~\n]{0,40}",
    ])
}

#[test]
fn seeds_are_found_and_generate() {
    let seeds = seeds();
    assert!(seeds.len() >= 20, "{} seeds", seeds.len());
    // Unmutated, every seed generates, so mutations start from working specs.
    for (i, tree) in seeds.iter().enumerate() {
        let dir = write_tree("seed", tree);
        if let Err(failure) = docmodels_build::Config::new().output(Output::SourceTree).generate(&dir) {
            panic!("seed {i} ({:?}) fails:\n{failure}", tree.keys().collect::<Vec<_>>());
        }
    }
}
