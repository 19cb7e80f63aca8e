//! Comparing the models generated from one API's docs in two dialects, and measuring keys
//! against a tree's `wire-keys.tsv`: shared by the dialect tests.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use docmodels_build::{Config, Dialect, Output, Shape as Kind, WireCase};

/// The shared corpus, beside the workspace.
pub const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus");

pub fn corpus(tree: &str) -> PathBuf {
    let path = Path::new(CORPUS).join(tree);
    assert!(path.exists(), "the shared corpus has no `{}`", path.display());
    path
}

/// What a doc is, as the dialect's front end reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Shape {
    Struct,
    Enum(BTreeSet<String>),
    Union,
    Any,
}

impl Shape {
    fn name(&self) -> &'static str {
        match self {
            Shape::Struct => "struct",
            Shape::Enum(_) => "enum",
            Shape::Union => "union",
            Shape::Any => "any",
        }
    }
}

/// One field as generated.
#[derive(Debug, Clone)]
pub struct FieldInfo {
    pub name: String,
    pub rust_type: String,
    pub presence: String,
}

/// One model doc of a tree.
#[derive(Debug, Clone)]
pub struct ModelInfo {
    pub title: String,
    pub shape: Shape,
    /// By normalised field name (lower case, no `_`).
    pub fields: BTreeMap<String, FieldInfo>,
}

/// A generated tree: its models by doc path (relative to the spec folder, lower case).
pub struct Tree {
    pub dialect: Dialect,
    pub models: BTreeMap<String, ModelInfo>,
    /// `module::Name` of each generated type -> its doc.
    pub doc_of_type: BTreeMap<String, String>,
}

/// `playback_ids`, `playbackIds`, `PlaybackIDs`, `in_` -> `playbackids`, `in`.
pub fn normalise(field: &str) -> String {
    field.chars().filter(|c| *c != '_').flat_map(char::to_lowercase).collect()
}

/// Generates the tree at `spec` (dialect detected) with `config`, and reads each doc's
/// shape from what it became.
pub fn load(spec: &Path, config: &Config) -> Tree {
    let generated = config.generate(spec).unwrap_or_else(|f| panic!("`{}` does not generate:\n{f}", spec.display()));
    let (dialect, _) = docmodels_build::detect_dialect(spec).unwrap_or_else(|f| panic!("{f}"));
    let mut fields: BTreeMap<(String, String), BTreeMap<String, FieldInfo>> = BTreeMap::new();
    for record in &generated.keys {
        let info = FieldInfo {
            name: record.field.clone(),
            rust_type: record.rust_type.clone(),
            presence: format!("{:?}", record.presence),
        };
        fields.entry((record.folder.clone(), record.model.clone())).or_default().insert(normalise(&record.field), info);
    }
    let mut models = BTreeMap::new();
    for model in &generated.models {
        let shape = match &model.shape {
            Kind::Struct => Shape::Struct,
            Kind::Enum { values, .. } => Shape::Enum(values.iter().cloned().collect()),
            Kind::Union(_) => Shape::Union,
            Kind::Any => Shape::Any,
        };
        let fields = fields.remove(&(model.folder.clone(), model.title.clone())).unwrap_or_default();
        models.insert(model.doc.to_lowercase(), ModelInfo { title: model.title.clone(), shape, fields });
    }
    let doc_of_type =
        generated.models.iter().map(|m| (format!("{}::{}", m.module, m.name), m.doc.to_lowercase())).collect();
    Tree { dialect, models, doc_of_type }
}

/// The `module::Name` paths in a Rust type, in order.
fn type_refs(rust_type: &str) -> Vec<String> {
    let mut out = Vec::new();
    let bytes = rust_type.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let start = i;
        while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_' || bytes[i] == b':') {
            i += 1;
        }
        let token = &rust_type[start..i];
        if token.contains("::") && token.starts_with(|c: char| c.is_ascii_lowercase()) && !token.starts_with("chrono") && !token.starts_with("serde") && !token.starts_with("rust_decimal") && !token.starts_with("indexmap") {
            out.push(token.to_owned());
        }
        i = i.max(start + 1);
    }
    out
}

/// A Rust type with its model paths blanked out.
fn skeleton(rust_type: &str) -> String {
    type_refs(rust_type).iter().fold(rust_type.to_owned(), |out, r| out.replacen(r, "M", 1))
}

/// The differences between a dialect tree and the Java tree of the same API.
pub struct Agreement {
    /// Kind of difference -> examples (`doc.field: detail`).
    pub kinds: BTreeMap<String, Vec<String>>,
    pub models_compared: usize,
    pub fields_compared: usize,
}

/// Compares every model of `other` with the Java model of the same doc: first joined by
/// `seed` (other doc -> Java doc), then by (parent, field) through the types of fields
/// already joined.
pub fn agree(java: &Tree, other: &Tree, seed: &BTreeMap<String, String>) -> Agreement {
    let mut join: BTreeMap<String, String> =
        seed.iter().filter(|(o, j)| other.models.contains_key(*o) && java.models.contains_key(*j)).map(|(o, j)| (o.clone(), j.clone())).collect();
    loop {
        let mut added = Vec::new();
        for (o_doc, j_doc) in &join {
            let (o, j) = (&other.models[o_doc], &java.models[j_doc]);
            for (name, of) in &o.fields {
                let Some(jf) = j.fields.get(name) else { continue };
                let (orefs, jrefs) = (type_refs(&of.rust_type), type_refs(&jf.rust_type));
                // Only types of one shape join their models (a Java map of `M` is not
                // the object with extra keys another dialect documents).
                if orefs.len() != jrefs.len() || skeleton(&of.rust_type) != skeleton(&jf.rust_type) {
                    continue;
                }
                for (oref, jref) in orefs.iter().zip(&jrefs) {
                    if let (Some(od), Some(jd)) = (other.doc_of_type.get(oref), java.doc_of_type.get(jref))
                        && !join.contains_key(od)
                    {
                        added.push((od.clone(), jd.clone()));
                    }
                }
            }
        }
        if added.is_empty() {
            break;
        }
        for (o, j) in added {
            join.entry(o).or_insert(j);
        }
    }

    let dialect = other.dialect.to_string();
    let canon = |tree: &Tree, rust_type: &str, map: &dyn Fn(&str) -> String| {
        let mut out = rust_type.to_owned();
        for r in type_refs(rust_type) {
            let doc = tree.doc_of_type.get(&r).cloned().unwrap_or_default();
            out = out.replacen(&r, &map(&doc), 1);
        }
        out
    };
    let mut kinds: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut push = |kind: String, example: String| kinds.entry(kind).or_default().push(example);
    let (mut models_compared, mut fields_compared) = (0, 0);
    for (o_doc, o) in &other.models {
        let Some(j_doc) = join.get(o_doc) else {
            push(format!("model only in {dialect}: {}", o.shape.name()), o_doc.clone());
            continue;
        };
        let j = &java.models[j_doc];
        models_compared += 1;
        match (&j.shape, &o.shape) {
            (Shape::Enum(jv), Shape::Enum(ov)) if jv != ov => push("enum values differ".into(), format!("{o_doc}: java {jv:?}, {dialect} {ov:?}")),
            (Shape::Struct, Shape::Struct) => {
                for (name, of) in &o.fields {
                    let Some(jf) = j.fields.get(name) else {
                        push(format!("field only in {dialect}"), format!("{o_doc}.{}", of.name));
                        continue;
                    };
                    fields_compared += 1;
                    let jt = canon(java, &jf.rust_type, &|doc| format!("<{doc}>"));
                    let ot = canon(other, &of.rust_type, &|doc| match join.get(doc) {
                        Some(j) => format!("<{j}>"),
                        None => format!("<{dialect}:{doc}>"),
                    });
                    if jt != ot {
                        // Bucketed with models named `M`.
                        let shape = |tree: &Tree, t: &str| canon(tree, t, &|doc| match tree.models.get(doc).map(|m| &m.shape) {
                            Some(shape) => format!("M:{}", shape.name()),
                            None => "M".to_owned(),
                        });
                        let (js, os) = (shape(java, &jf.rust_type), shape(other, &of.rust_type));
                        let kind = if js == os { format!("type: same shape `{js}`, other model") } else { format!("type: java `{js}`, {dialect} `{os}`") };
                        push(kind, format!("{o_doc}.{}: java `{jt}`, {dialect} `{ot}`", of.name));
                    }
                    if jf.presence != of.presence {
                        push(format!("presence: java {}, {dialect} {}", jf.presence, of.presence), format!("{o_doc}.{}", of.name));
                    }
                }
                for (name, jf) in &j.fields {
                    if !o.fields.contains_key(name) {
                        push("field only in java".to_owned(), format!("{o_doc}.{} (java {j_doc})", jf.name));
                    }
                }
            }
            (js, os) if js.name() != os.name() => push(format!("shape: java {}, {dialect} {}", js.name(), os.name()), format!("{o_doc} (java {j_doc})")),
            _ => {}
        }
    }
    Agreement { kinds, models_compared, fields_compared }
}

impl Agreement {
    /// Prints the kinds with counts and a few examples; returns the kinds not in `allowed`.
    pub fn report(&self, label: &str, allowed: &[Allowed]) -> Vec<String> {
        println!("{label}: {} models and {} fields compared with Java", self.models_compared, self.fields_compared);
        let mut unexpected = Vec::new();
        for (kind, examples) in &self.kinds {
            // A kind allowed for some docs only must show no other doc.
            let why = allowed
                .iter()
                .find(|a| a.kind == *kind && a.docs.is_none_or(|docs| examples.iter().all(|e| docs.iter().any(|d| e.contains(d)))))
                .map(|a| a.why);
            println!("  {:>4}  {kind}{}", examples.len(), why.map(|w| format!("  ({w})")).unwrap_or_default());
            for example in examples.iter().take(if std::env::var_os("SHOW_ALL").is_some() { usize::MAX } else { 6 }) {
                println!("          {example}");
            }
            if why.is_none() {
                unexpected.push(format!("{kind}: {} (e.g. {})", examples.len(), examples[..examples.len().min(5)].join("; ")));
            }
        }
        unexpected
    }
}

/// A kind of difference a dialect explains, and why; `docs` limits it to examples that
/// contain one of these (`doc.field`).
pub struct Allowed {
    pub kind: &'static str,
    pub why: &'static str,
    pub docs: Option<&'static [&'static str]>,
}

/// `wire-keys.tsv` of a tree: (model, field) -> key.
pub fn wire_keys(path: &Path) -> BTreeMap<(String, String), String> {
    let text = fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    text.lines()
        .skip(1)
        .filter(|line| !line.is_empty())
        .map(|line| {
            let cols: Vec<&str> = line.split('\t').collect();
            ((cols[0].to_owned(), cols[1].to_owned()), cols[2].to_owned())
        })
        .collect()
}

/// How many real keys of `tsv` the tree gets right under `wire_case`, with the misses.
pub fn key_accuracy(spec: &Path, tsv: &Path, wire_case: Option<WireCase>) -> (usize, usize, Vec<String>) {
    let mut config = Config::new();
    if let Some(case) = wire_case {
        config = config.wire_case(case);
    }
    let generated = config.generate(spec).unwrap_or_else(|f| panic!("{f}"));
    let chosen: BTreeMap<(String, String), &docmodels_build::KeyRecord> =
        generated.keys.iter().map(|k| ((k.model.clone(), k.field.clone()), k)).collect();
    let real = wire_keys(tsv);
    let mut misses = Vec::new();
    for ((model, field), key) in &real {
        match chosen.get(&(model.clone(), field.clone())) {
            Some(record) if record.key == *key => {}
            Some(record) => misses.push(format!("{model}.{field}: real `{key}`, chose `{}` ({})", record.key, record.source)),
            None => misses.push(format!("{model}.{field}: no such field generated")),
        }
    }
    (real.len() - misses.len(), real.len(), misses)
}

/// The doc-map of the 2023 suite: `dialect` doc (lower case) -> Java doc (lower case).
pub fn doc_map(dialect: &str) -> BTreeMap<String, String> {
    let text = fs::read_to_string(corpus("openapi-generation-tests").join("doc-map.tsv")).unwrap();
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split('\t').collect();
    let column = header.iter().position(|h| *h == dialect).unwrap_or_else(|| panic!("no `{dialect}` column"));
    lines
        .map(|line| line.split('\t').collect::<Vec<_>>())
        .map(|cols| (cols[column].to_lowercase(), cols[0].to_lowercase()))
        .collect()
}

/// Whether two models of one title are the same model: same shape and, for structs,
/// most fields in common (a title can name an operation's response wrapper in one
/// dialect and its body in another).
fn alike(a: &ModelInfo, b: &ModelInfo) -> bool {
    if a.shape.name() != b.shape.name() {
        return false;
    }
    let common = a.fields.keys().filter(|k| b.fields.contains_key(*k)).count();
    2 * common >= a.fields.len().min(b.fields.len())
}

/// Joins the docs of a newer tree with Java's by title, ignoring case, where the title
/// names one Java doc (the others are joined by (parent, field)).
pub fn by_title(java: &Tree, other: &Tree) -> BTreeMap<String, String> {
    let mut titles: BTreeMap<String, Vec<&String>> = BTreeMap::new();
    for (doc, model) in &java.models {
        titles.entry(model.title.to_lowercase()).or_default().push(doc);
    }
    other
        .models
        .iter()
        .filter_map(|(doc, m)| match titles.get(&m.title.to_lowercase()).map(Vec::as_slice) {
            Some([j]) if alike(&java.models[*j], m) => Some((doc.clone(), (*j).clone())),
            _ => None,
        })
        .collect()
}

/// Generates each `(crate name, tree)` as a crate of one scratch workspace `name` and
/// checks it with `cargo clippy -- -D warnings` and `cargo doc` with `-D warnings`; the
/// trees share the workspace's target, so dependencies build once.
pub fn crates_are_clean(name: &str, trees: &[(&str, &str)]) {
    let root = super::common::scratch(name);
    fs::create_dir_all(&root).unwrap();
    for (krate, tree) in trees {
        let generated = Config::new()
            .output(Output::Crate((*krate).to_owned()))
            .generate(corpus(tree))
            .unwrap_or_else(|f| panic!("{tree} does not generate:\n{f}"));
        assert!(!generated.warnings.iter().any(docmodels_build::Diagnostic::is_error));
        super::common::write_member_crate(&root.join(krate), &generated.files);
    }
    let members: Vec<String> = trees.iter().map(|(krate, _)| format!("{krate:?}")).collect();
    fs::write(root.join("Cargo.toml"), format!("[workspace]\nmembers = [{}]\nresolver = \"3\"\n", members.join(", "))).unwrap();
    fs::copy(super::common::root().join("Cargo.lock"), root.join("Cargo.lock")).unwrap();
    let target = root.join("target");
    for (args, flags) in [(&["clippy", "--workspace", "--quiet", "--", "-D", "warnings"][..], None), (&["doc", "--workspace", "--no-deps", "--quiet"][..], Some("-D warnings"))] {
        let mut command = super::common::cargo(&root, &target);
        command.args(args);
        if let Some(flags) = flags {
            command.env("RUSTDOCFLAGS", flags);
        }
        let output = command.output().unwrap();
        assert!(output.status.success(), "`cargo {}` failed:\n{}", args[0], String::from_utf8_lossy(&output.stderr));
    }
}
