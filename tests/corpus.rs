//! The generator against a real docs tree: the 214 Java-dialect model docs of the Docusign
//! IAM SDK in `../shared/corpus/docusign-iam-java/models`.
//!
//! - `corpus_counts`: every model, field and enum value of the corpus is generated.
//! - `every_field_type_matches_its_type_cell`: an independent oracle reads the Markdown itself
//!   (line by line, no code shared with the generator) and checks the generated Rust, parsed
//!   with syn, against the documented type mapping: the type, optionality and order of every
//!   field, the values of every enum, and the shape of every free-form model.
//! - `generated_corpus_crate_builds_warning_free`: the generated crate passes
//!   `cargo clippy -D warnings` and a serde round trip of hand-written JSON.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use quote::ToTokens;

fn corpus() -> &'static Path {
    let path = Path::new(common::DOCUSIGN_MODELS);
    assert!(
        path.is_dir(),
        "the corpus folder `{}` is missing: these tests need the Docusign IAM Java docs tree \
         (`shared/corpus/docusign-iam-java/models` next to the workspace)",
        path.display()
    );
    path
}

fn generate_corpus() -> docmodels_build::Generated {
    docmodels_build::Config::new().output(docmodels_build::Output::Crate("iam".to_owned())).generate(corpus())
        .unwrap_or_else(|failure| panic!("the corpus does not generate:\n{failure}"))
}

#[test]
fn corpus_counts() {
    let stats = generate_corpus().stats;
    assert_eq!(
        (stats.models, stats.structs, stats.enums, stats.fields, stats.values),
        (214, 190, 18, 793, 234),
        "(models, structs, enums, fields, values)"
    );
}

// ---------------------------------------------------------------------------------------
// The oracle: what the docs say, read without the generator.
// ---------------------------------------------------------------------------------------

/// One model doc as the oracle reads it.
struct Doc {
    /// `group/File.md`, for messages.
    path: String,
    group: String,
    title: String,
    kind: Kind,
}

enum Kind {
    /// `## Fields`: (field name, Type cell, required) in document order.
    Fields(Vec<(String, String, bool)>),
    /// `## Values`: the Value cells in document order.
    Values(Vec<String>),
    /// No table: a free-form value.
    FreeForm,
}

fn read_corpus() -> Vec<Doc> {
    let mut docs = Vec::new();
    let mut groups: Vec<_> = fs::read_dir(corpus()).unwrap().map(|e| e.unwrap().path()).collect();
    groups.sort();
    for group_dir in groups.into_iter().filter(|p| p.is_dir()) {
        let group = group_dir.file_name().unwrap().to_str().unwrap().to_owned();
        let mut files: Vec<_> =
            fs::read_dir(&group_dir).unwrap().map(|e| e.unwrap().path()).collect();
        files.sort();
        for file in files.into_iter().filter(|p| p.extension().is_some_and(|e| e == "md")) {
            let path = format!("{group}/{}", file.file_name().unwrap().to_str().unwrap());
            let text = fs::read_to_string(&file).unwrap();
            let title = text
                .lines()
                .find_map(|line| line.strip_prefix("# "))
                .unwrap_or_else(|| panic!("{path}: no `# Title` line"))
                .trim()
                .trim_matches('~')
                .to_owned();
            // A Fields table without rows lists nothing: a free-form value, like no table.
            let fields = table(&text, "## Fields").filter(|rows| !rows.is_empty());
            let kind = if let Some(rows) = fields {
                Kind::Fields(
                    rows.iter()
                        .map(|row| {
                            let name = row["Field"].trim_matches('~').trim_matches('`').to_owned();
                            (name, row["Type"].clone(), row["Required"] == ":heavy_check_mark:")
                        })
                        .collect(),
                )
            } else if let Some(rows) = table(&text, "## Values") {
                Kind::Values(rows.iter().map(|row| row["Value"].clone()).collect())
            } else {
                Kind::FreeForm
            };
            docs.push(Doc { path, group: group.clone(), title, kind });
        }
    }
    docs
}

/// The rows of the table under `heading`, each as a map from header name to cell.
fn table(text: &str, heading: &str) -> Option<Vec<BTreeMap<String, String>>> {
    let mut lines = text.lines().skip_while(|line| line.trim() != heading).skip(1);
    let mut rows = lines
        .by_ref()
        .skip_while(|line| !line.starts_with('|') && !line.starts_with("## "))
        .take_while(|line| line.starts_with('|'));
    let header = cells(rows.next()?);
    rows.next(); // | --- | --- |
    Some(rows.map(|row| header.iter().cloned().zip(cells(row)).collect()).collect())
}

/// The trimmed cells of a table row, split on unescaped pipes (`\|` is a pipe in a cell).
fn cells(row: &str) -> Vec<String> {
    let mut cells = vec![String::new()];
    let mut chars = row.trim().chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek() == Some(&'|') => {
                cells.last_mut().unwrap().push(chars.next().unwrap())
            }
            '|' => cells.push(String::new()),
            c => cells.last_mut().unwrap().push(c),
        }
    }
    // The row starts and ends with a pipe: drop the empty outer cells.
    cells.remove(0);
    cells.pop();
    cells.into_iter().map(|cell| cell.trim().to_owned()).collect()
}

/// A Java type from a Type cell.
#[derive(Debug)]
enum Ty {
    /// A leaf, spelled as the generated code spells it.
    Rust(String),
    /// An HTTP body (`HttpResponse<InputStream>`, `InputStream`): bytes that serde skips.
    RawBody,
    List(Box<Ty>),
    Map(Box<Ty>),
    Optional(Box<Ty>),
    Nullable(Box<Ty>),
}

/// Parses a Type cell: `*Optional\<String>*`, `List\<[M](../../models/g/M.md)>`,
/// `[JsonNullable\<M>](…)`, `Map\<String, List\\<*String*>>`, `[OffsetDateTime](…)`…
fn parse_cell(cell: &str) -> Result<Ty, String> {
    let cell = cell.replace('\\', "");
    let cell = cell.trim();
    if let Some(inner) = generic(cell, "List") {
        return Ok(Ty::List(Box::new(parse_cell(inner)?)));
    }
    if let Some(inner) = generic(cell, "Map") {
        let value = inner
            .strip_prefix("String,")
            .ok_or_else(|| format!("a map key is not String: `{cell}`"))?;
        return Ok(Ty::Map(Box::new(parse_cell(value)?)));
    }
    if let Some(inner) = cell.strip_prefix('*').and_then(|c| c.strip_suffix('*')) {
        return parse_java(inner, None);
    }
    if let Some((text, url)) =
        cell.strip_prefix('[').and_then(|c| c.strip_suffix(')')?.split_once("]("))
    {
        return parse_java(text, Some(url));
    }
    parse_java(cell, None)
}

/// Parses a Java type name such as `Optional<List<M>>`; model names resolve through `url`.
fn parse_java(text: &str, url: Option<&str>) -> Result<Ty, String> {
    let text = text.trim();
    if let Some(inner) = generic(text, "Optional") {
        return Ok(Ty::Optional(Box::new(parse_java(inner, url)?)));
    }
    if let Some(inner) = generic(text, "JsonNullable") {
        return Ok(Ty::Nullable(Box::new(parse_java(inner, url)?)));
    }
    if let Some(inner) = generic(text, "List") {
        return Ok(Ty::List(Box::new(parse_java(inner, url)?)));
    }
    if let Some(inner) = generic(text, "Map") {
        let value = inner
            .strip_prefix("String,")
            .ok_or_else(|| format!("a map key is not String: `{text}`"))?;
        return Ok(Ty::Map(Box::new(parse_java(value, url)?)));
    }
    let rust = match text {
        "HttpResponse<InputStream>" | "InputStream" => return Ok(Ty::RawBody),
        "String" => "::std::string::String",
        "int" | "Integer" => "i32",
        "long" | "Long" => "i64",
        // Read as 64 bits: an f64 writes back every digit an API sends for a `float`.
        "float" | "Float" | "double" | "Double" => "f64",
        "boolean" | "Boolean" => "bool",
        "Object" => "::serde_json::Value",
        "OffsetDateTime" => "::chrono::DateTime<::chrono::FixedOffset>",
        "LocalDate" => "::chrono::NaiveDate",
        "byte[]" => "::std::vec::Vec<u8>",
        "BigDecimal" => "::rust_decimal::Decimal",
        _ => {
            // A model: `[M](../../models/<group>/M.md)`, M maybe fully qualified.
            let url = url.ok_or_else(|| format!("`{text}` is neither a known type nor a link"))?;
            let mut segments = url.rsplit('/');
            let (file, group) = (segments.next().unwrap_or(""), segments.next().unwrap_or(""));
            if !file.ends_with(".md") || group.is_empty() || group.starts_with('.') {
                return Err(format!("`{text}` links to `{url}`, not to a model doc"));
            }
            let name = text.rsplit('.').next().unwrap();
            return Ok(Ty::Rust(format!("crate::{group}::{}", upper_camel(name))));
        }
    };
    Ok(Ty::Rust(rust.to_owned()))
}

/// The argument of `Name<…>` when `text` is exactly that.
fn generic<'a>(text: &'a str, name: &str) -> Option<&'a str> {
    Some(text.strip_prefix(name)?.strip_prefix('<')?.strip_suffix('>')?.trim())
}

fn render(ty: &Ty) -> String {
    match ty {
        Ty::Rust(leaf) => leaf.clone(),
        Ty::RawBody => "::std::vec::Vec<u8>".to_owned(),
        Ty::List(item) => format!("::std::vec::Vec<{}>", render(item)),
        Ty::Map(value) => format!("::indexmap::IndexMap<::std::string::String, {}>", render(value)),
        Ty::Optional(inner) | Ty::Nullable(inner) => option(&render(inner)),
    }
}

fn option(ty: &str) -> String {
    format!("::std::option::Option<{ty}>")
}

/// The Rust type of a field: `Optional`/`:heavy_minus_sign:` may be absent, and an optional
/// `JsonNullable` may also be null.
fn expected_field_type(ty: &Ty, required: bool) -> String {
    match (ty, required) {
        (Ty::Optional(_), _) | (_, true) => render(ty),
        // An optional plain T, or an optional JsonNullable<T>: Option<Option<T>>.
        (_, false) => option(&render(ty)),
    }
}

fn has_raw_body(ty: &Ty) -> bool {
    match ty {
        Ty::RawBody => true,
        Ty::Rust(_) => false,
        Ty::List(t) | Ty::Map(t) | Ty::Optional(t) | Ty::Nullable(t) => has_raw_body(t),
    }
}

/// heck-style words: split on non-alphanumerics, before an upper-case letter that follows a
/// lower-case one (`grantType`), and before the last capital of an acronym (`JWTGrant`).
fn words(text: &str) -> Vec<String> {
    let mut words = Vec::new();
    for part in text.split(|c: char| !c.is_alphanumeric()).filter(|p| !p.is_empty()) {
        let chars: Vec<char> = part.chars().collect();
        let mut word = String::new();
        for (i, &c) in chars.iter().enumerate() {
            // Digits continue the case of what came before them.
            let previous = chars[..i].iter().rev().find(|c| c.is_lowercase() || c.is_uppercase());
            let next = chars.get(i + 1);
            let boundary = c.is_uppercase()
                && (previous.is_some_and(|p| p.is_lowercase())
                    || previous.is_some_and(|p| p.is_uppercase())
                        && next.is_some_and(|n| n.is_lowercase()));
            if boundary && !word.is_empty() {
                words.push(std::mem::take(&mut word));
            }
            word.push(c);
        }
        words.push(word);
    }
    words
}

fn upper_camel(text: &str) -> String {
    words(text)
        .iter()
        .map(|word| {
            let mut chars = word.chars();
            let first =
                chars.next().map(|c| c.to_uppercase().collect::<String>()).unwrap_or_default();
            first + &chars.as_str().to_lowercase()
        })
        .collect()
}

/// The Rust name of a field: snake_case, a keyword raw (`r#type`), and the keywords that
/// cannot be raw with a trailing underscore (`self_`).
fn field_name(text: &str) -> String {
    const KEYWORDS: &[&str] = &[
        "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "do",
        "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in",
        "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
        "return", "static", "struct", "trait", "true", "try", "type", "typeof", "unsafe",
        "unsized", "use", "virtual", "where", "while", "yield",
    ];
    let snake = words(text).join("_").to_lowercase();
    match snake.as_str() {
        "self" | "super" | "crate" => format!("{snake}_"),
        name if KEYWORDS.contains(&name) => format!("r#{snake}"),
        _ => snake,
    }
}

// ---------------------------------------------------------------------------------------
// The generated code, parsed with syn.
// ---------------------------------------------------------------------------------------

/// What a bare name means in one generated module: the prelude, the module's `use`
/// declarations and its own items, each as a path from the crate root or an extern crate.
type Scope = BTreeMap<String, Vec<String>>;

fn prelude() -> Scope {
    [
        ("String", "std::string::String"),
        ("Vec", "std::vec::Vec"),
        ("Option", "std::option::Option"),
        ("Box", "std::boxed::Box"),
    ]
    .into_iter()
    .map(|(name, path)| (name.to_owned(), path.split("::").map(str::to_owned).collect()))
    .collect()
}

/// Adds the names a `use` tree brings into scope.
fn add_use(scope: &mut Scope, module: &str, prefix: &[String], tree: &syn::UseTree) {
    let extend = |name: &syn::Ident| match prefix {
        [] => absolute(vec![name.to_string()], module, scope),
        _ => [prefix, &[name.to_string()]].concat(),
    };
    match tree {
        syn::UseTree::Path(path) => {
            let prefix = extend(&path.ident);
            add_use(scope, module, &prefix, &path.tree);
        }
        syn::UseTree::Name(name) => {
            let path = extend(&name.ident);
            scope.insert(name.ident.to_string(), path);
        }
        syn::UseTree::Rename(rename) => {
            let path = extend(&rename.ident);
            scope.insert(rename.rename.to_string(), path);
        }
        syn::UseTree::Group(group) => {
            group.items.iter().for_each(|tree| add_use(scope, module, prefix, tree))
        }
        syn::UseTree::Glob(_) => {}
    }
}

/// Makes a path start at the crate root or at an extern crate: `self::X` and `super::m::X`
/// (modules are top-level) become `crate::…`, and a first segment in scope is expanded.
fn absolute(path: Vec<String>, module: &str, scope: &Scope) -> Vec<String> {
    let (first, rest) = path.split_first().expect("a path has a segment");
    let start = match first.as_str() {
        "crate" => vec![first.clone()],
        "self" => vec!["crate".to_owned(), module.to_owned()],
        "super" => vec!["crate".to_owned()],
        name => scope.get(name).cloned().unwrap_or_else(|| vec![first.clone()]),
    };
    [start.as_slice(), rest].concat()
}

/// A type spelled canonically: every path absolute without a leading `::`, no whitespace,
/// and without `Box` wrappers (allowed anywhere for recursive types). So `Option<String>`
/// in a module and `::std::option::Option<::std::string::String>` read the same.
fn canonical(ty: &syn::Type, module: &str, scope: &Scope) -> String {
    let syn::Type::Path(syn::TypePath { qself: None, path, .. }) = ty else {
        return squash(&ty.to_token_stream().to_string());
    };
    let mut names: Vec<String> = path.segments.iter().map(|s| s.ident.to_string()).collect();
    let mut args: Vec<Vec<String>> = path
        .segments
        .iter()
        .map(|segment| match &segment.arguments {
            syn::PathArguments::AngleBracketed(generic) => generic
                .args
                .iter()
                .map(|arg| match arg {
                    syn::GenericArgument::Type(ty) => canonical(ty, module, scope),
                    other => squash(&other.to_token_stream().to_string()),
                })
                .collect(),
            _ => Vec::new(),
        })
        .collect();
    if path.leading_colon.is_none() {
        let expanded = absolute(names.clone(), module, scope);
        let added = expanded.len() - names.len();
        args = std::iter::repeat_n(Vec::new(), added).chain(args).collect();
        names = expanded;
    }
    if names == ["std", "boxed", "Box"] && args[2].len() == 1 {
        return args[2][0].clone();
    }
    names
        .iter()
        .zip(&args)
        .map(
            |(name, args)| {
                if args.is_empty() { name.clone() } else { format!("{name}<{}>", args.join(",")) }
            },
        )
        .collect::<Vec<_>>()
        .join("::")
}

/// An expected type (written fully qualified) in the same canonical spelling.
fn canonical_expected(ty: &str) -> String {
    let parsed =
        syn::parse_str::<syn::Type>(ty).unwrap_or_else(|e| panic!("oracle type `{ty}`: {e}"));
    canonical(&parsed, "", &Scope::new())
}

fn squash(text: &str) -> String {
    text.split_whitespace().collect()
}

/// The items of `#[serde(…)]` attributes: `skip` as `("skip", None)`, `rename = "x"` as
/// `("rename", Some("x"))`.
fn serde_items(attrs: &[syn::Attribute]) -> Result<Vec<(String, Option<String>)>, String> {
    let mut items = Vec::new();
    for attr in attrs.iter().filter(|attr| attr.path().is_ident("serde")) {
        attr.parse_nested_meta(|meta| {
            let key = meta.path.to_token_stream().to_string();
            let value = if meta.input.peek(syn::Token![=]) {
                Some(match meta.value()?.parse::<syn::Lit>()? {
                    syn::Lit::Str(text) => text.value(),
                    other => other.to_token_stream().to_string(),
                })
            } else {
                None
            };
            items.push((key, value));
            Ok(())
        })
        .map_err(|e| format!("unreadable `#[serde]` attribute: {e}"))?;
    }
    Ok(items)
}

/// The generated code: the structs and enums of every module by (module, name), and what
/// bare names mean in each module.
struct Generated {
    items: BTreeMap<(String, String), syn::Item>,
    scopes: BTreeMap<String, Scope>,
    /// The structs whose `Deserialize` is written out (an impl of the crate's `Object`
    /// trait), with the keys that impl reads.
    written_out: BTreeMap<(String, String), Vec<String>>,
}

/// How many `Option`s a type is wrapped in: 1 for `Option<T>`, 2 for `Option<Option<T>>`.
fn option_depth(ty: &syn::Type) -> usize {
    let syn::Type::Path(path) = ty else { return 0 };
    let Some(last) = path.path.segments.last() else { return 0 };
    match &last.arguments {
        syn::PathArguments::AngleBracketed(args) if last.ident == "Option" => {
            1 + args.args.first().map_or(0, |arg| match arg {
                syn::GenericArgument::Type(inner) => option_depth(inner),
                _ => 0,
            })
        }
        _ => 0,
    }
}

/// The keys of an `impl Object for Name` (its `KEYS`), and the name.
fn object_impl(item: &syn::ItemImpl) -> Option<(String, Vec<String>)> {
    let (trait_path, _) = item.trait_.as_ref()?;
    if trait_path.segments.last()?.ident != "Object" {
        return None;
    }
    let syn::Type::Path(self_ty) = &*item.self_ty else { return None };
    let name = self_ty.path.segments.last()?.ident.to_string();
    let keys = item.items.iter().find_map(|item| match item {
        syn::ImplItem::Const(c) if c.ident == "KEYS" => Some(&c.expr),
        _ => None,
    })?;
    let syn::Expr::Reference(keys) = keys else { return None };
    let syn::Expr::Array(keys) = &*keys.expr else { return None };
    let keys = keys
        .elems
        .iter()
        .filter_map(|key| match key {
            syn::Expr::Lit(syn::ExprLit { lit: syn::Lit::Str(s), .. }) => Some(s.value()),
            _ => None,
        })
        .collect();
    Some((name, keys))
}

fn parse_generated(files: &BTreeMap<String, String>) -> Generated {
    let mut generated =
        Generated { items: BTreeMap::new(), scopes: BTreeMap::new(), written_out: BTreeMap::new() };
    for (path, text) in files {
        let Some(module) = path.strip_prefix("src/").and_then(|p| p.strip_suffix(".rs")) else {
            continue;
        };
        let file =
            syn::parse_file(text).unwrap_or_else(|e| panic!("generated `{path}` is not Rust: {e}"));
        let mut scope = prelude();
        for item in file.items {
            let name = match &item {
                syn::Item::Struct(item) => item.ident.to_string(),
                syn::Item::Enum(item) => item.ident.to_string(),
                syn::Item::Use(item) => {
                    add_use(&mut scope, module, &[], &item.tree);
                    continue;
                }
                syn::Item::Impl(item) => {
                    if let Some((name, keys)) = object_impl(item) {
                        generated.written_out.insert((module.to_owned(), name), keys);
                    }
                    continue;
                }
                _ => continue,
            };
            scope.insert(name.clone(), vec!["crate".to_owned(), module.to_owned(), name.clone()]);
            generated.items.insert((module.to_owned(), name), item);
        }
        generated.scopes.insert(module.to_owned(), scope);
    }
    generated
}

/// Every difference between one doc and its generated item.
/// What the oracle counted while checking.
#[derive(Default)]
struct Counts {
    fields: usize,
    /// Required rows whose Type is `Optional<T>`: written as `null` when empty.
    required_optional: usize,
    /// Docs whose struct has a written-out `Deserialize`.
    written_out: usize,
}

/// `written_out`: the keys the struct's written-out `Deserialize` reads, if it has one.
fn check(
    doc: &Doc,
    item: &syn::Item,
    scope: &Scope,
    written_out: Option<&[String]>,
    counts: &mut Counts,
) -> Vec<String> {
    let mut problems = Vec::new();
    let module = doc.group.as_str();
    match (&doc.kind, item) {
        (Kind::Fields(rows), syn::Item::Struct(item)) => {
            let syn::Fields::Named(named) = &item.fields else {
                return vec![
                    "has a `## Fields` table but is not a struct with named fields".to_owned(),
                ];
            };
            let actual: Vec<String> =
                named.named.iter().map(|f| f.ident.as_ref().unwrap().to_string()).collect();
            let expected: Vec<String> = rows.iter().map(|(name, _, _)| field_name(name)).collect();
            if actual != expected {
                problems.push(format!(
                    "fields are {actual:?}, the doc has {expected:?} (in this order)"
                ));
            }
            for (name, cell, required) in rows {
                counts.fields += 1;
                let rust_name = field_name(name);
                let Some(field) =
                    named.named.iter().find(|f| f.ident.as_ref().unwrap() == &rust_name)
                else {
                    problems.push(format!("field `{name}`: no field `{rust_name}`"));
                    continue;
                };
                let ty = match parse_cell(cell) {
                    Ok(ty) => ty,
                    Err(e) => {
                        problems.push(format!(
                            "field `{name}`: the oracle cannot read the Type cell: {e}"
                        ));
                        continue;
                    }
                };
                let expected = canonical_expected(&expected_field_type(&ty, *required));
                let actual = canonical(&field.ty, module, scope);
                if actual != expected {
                    let required = if *required { "required" } else { "optional" };
                    problems.push(format!(
                        "field `{name}` ({required}, Type `{cell}`): expected `{expected}`, generated `{actual}`"
                    ));
                }
                // On the wire: a required row is always written (a required `Optional` as
                // `null` when empty); an optional row is left out when empty, and reads
                // `null` as a value only when it is `JsonNullable` (or holds any JSON).
                let items = serde_items(&field.attrs).unwrap_or_default();
                let has = |key: &str| items.iter().any(|(k, _)| k == key);
                if !has_raw_body(&ty) {
                    if *required && matches!(ty, Ty::Optional(_)) {
                        counts.required_optional += 1;
                    }
                    if has("skip_serializing_if") == *required {
                        problems.push(format!(
                            "field `{name}` ({}): `skip_serializing_if` is {}",
                            if *required { "required" } else { "optional" },
                            if *required { "set" } else { "missing" }
                        ));
                    }
                    // The derive needs a `deserialize_with`; the written-out impl reads
                    // the `T` of an optional `Option<T>`, and an `Option<T>` where the
                    // field is required or an `Option<Option<T>>`.
                    let rejects_null = match written_out {
                        None => items.iter().any(|(k, v)| {
                            k == "deserialize_with"
                                && v.as_deref() == Some("serde_with::rust::unwrap_or_skip::deserialize")
                        }),
                        Some(keys) => {
                            let key = items
                                .iter()
                                .find(|(k, _)| k == "rename")
                                .and_then(|(_, v)| v.clone())
                                .unwrap_or_else(|| rust_name.trim_start_matches("r#").to_owned());
                            if !keys.contains(&key) {
                                problems.push(format!("field `{name}`: the written-out `Deserialize` does not read `{key}`"));
                            }
                            !*required && option_depth(&field.ty) == 1
                        }
                    };
                    let plain_optional = !*required && !matches!(ty, Ty::Nullable(_)) && !cell.contains("byte[]");
                    if plain_optional != rejects_null {
                        problems.push(format!("field `{name}`: an optional, non-nullable field must not read `null` as absent"));
                    }
                }
                if has_raw_body(&ty) {
                    match serde_items(&field.attrs) {
                        Ok(items)
                            if items
                                .iter()
                                .any(|(key, value)| key == "skip" && value.is_none()) => {}
                        Ok(_) => problems.push(format!(
                            "field `{name}` is a raw HTTP body but lacks `#[serde(skip)]`"
                        )),
                        Err(e) => problems.push(format!("field `{name}`: {e}")),
                    }
                }
            }
        }
        (Kind::Values(values), syn::Item::Enum(item)) => {
            let mut actual = Vec::new();
            for variant in &item.variants {
                if variant.ident == "Unknown" && matches!(variant.fields, syn::Fields::Unnamed(_)) {
                    continue; // the catch-all of an open enum
                }
                let rename = match serde_items(&variant.attrs) {
                    Ok(items) => items
                        .into_iter()
                        .find(|(key, _)| key == "rename")
                        .and_then(|(_, value)| value),
                    Err(e) => {
                        problems.push(format!("variant `{}`: {e}", variant.ident));
                        None
                    }
                };
                let discriminant = variant
                    .discriminant
                    .as_ref()
                    .map(|(_, expr)| squash(&expr.to_token_stream().to_string()));
                actual.push(rename.or(discriminant).unwrap_or_else(|| variant.ident.to_string()));
            }
            if &actual != values {
                problems.push(format!("enum values are {actual:?}, the doc has {values:?}"));
            }
        }
        (Kind::FreeForm, syn::Item::Struct(item)) => {
            let wraps_value = match &item.fields {
                syn::Fields::Unnamed(fields) => {
                    fields.unnamed.len() == 1
                        && canonical(&fields.unnamed[0].ty, module, scope) == "serde_json::Value"
                }
                _ => false,
            };
            if !wraps_value {
                problems.push(
                    "has no table but is not a tuple struct of `::serde_json::Value`".to_owned(),
                );
            }
        }
        (Kind::Fields(_), _) => {
            problems.push("has a `## Fields` table but is not a struct".to_owned())
        }
        (Kind::Values(_), _) => {
            problems.push("has a `## Values` table but is not an enum".to_owned())
        }
        (Kind::FreeForm, _) => problems.push("has no table but is not a struct".to_owned()),
    }
    problems
}

#[test]
fn every_field_type_matches_its_type_cell() {
    let docs = read_corpus();
    let generated = generate_corpus();
    let generated = parse_generated(&generated.files);

    let mut problems = Vec::new();
    let mut counts = Counts::default();
    for doc in &docs {
        let name = upper_camel(&doc.title);
        match generated.items.get(&(doc.group.clone(), name.clone())) {
            None => {
                problems.push(format!("{}: no struct or enum `{}::{name}`", doc.path, doc.group))
            }
            Some(item) => {
                let scope = &generated.scopes[&doc.group];
                let written_out = generated
                    .written_out
                    .get(&(doc.group.clone(), name.clone()))
                    .map(Vec::as_slice);
                counts.written_out += usize::from(written_out.is_some());
                for problem in check(doc, item, scope, written_out, &mut counts) {
                    problems.push(format!("{} (`{}::{name}`): {problem}", doc.path, doc.group));
                }
            }
        }
    }
    // The oracle itself must have seen the whole corpus.
    assert_eq!((docs.len(), counts.fields), (214, 793), "the oracle read (docs, fields)");
    assert_eq!(counts.required_optional, 18, "required `Optional` rows (written as `null`)");
    assert_eq!(counts.written_out, 188, "structs with a written-out `Deserialize`");
    assert!(
        problems.is_empty(),
        "{} mismatches between the docs and the generated code:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

// ---------------------------------------------------------------------------------------
// The generated crate, built and used.
// ---------------------------------------------------------------------------------------

/// Hand-written JSON through a few corpus models and back. Keys are the Field names as
/// written, the generator's default.
const ROUND_TRIP: &str = r##"//! Hand-written JSON through generated corpus models and back.

use serde_json::{json, Value};

fn round_trip<T: serde::Serialize + serde::de::DeserializeOwned>(input: Value) -> T {
    let model: T = serde_json::from_value(input.clone()).expect("the JSON deserializes");
    assert_eq!(serde_json::to_value(&model).expect("the model serializes"), input);
    model
}

#[test]
fn seed_model_with_an_enum_field() {
    use iam::operations::{AuthorizationCodeGrant, GetTokenFromRefreshTokenGrantType};
    let grant: AuthorizationCodeGrant =
        round_trip(json!({"grant_type": "refresh_token", "refresh_token": "abc"}));
    assert_eq!(grant.grant_type, Some(GetTokenFromRefreshTokenGrantType::RefreshToken));
    assert_eq!(grant.refresh_token, "abc");
    assert_eq!(grant.client_id, None);
    let grant: AuthorizationCodeGrant = round_trip(json!({"refresh_token": "abc", "client_id": "me"}));
    assert_eq!(grant.client_id.as_deref(), Some("me"));
    // A required field may not be missing.
    assert!(serde_json::from_value::<AuthorizationCodeGrant>(json!({"grant_type": "refresh_token"})).is_err());
}

#[test]
fn nullable_field_tells_null_from_absent() {
    use iam::components::Agreement;
    let absent: Agreement = round_trip(json!({}));
    assert_eq!(absent.links, None);
    let null: Agreement = round_trip(json!({"_links": null}));
    assert_eq!(null.links, Some(None));
    let set: Agreement = round_trip(json!({"_links": {"document": {"href": "https://example.com/d"}}}));
    let href = set.links.flatten().and_then(|links| links.document.flatten()).map(|link| link.href);
    assert_eq!(href.as_deref(), Some("https://example.com/d"));
}

#[test]
fn enum_values_travel_as_documented() {
    use iam::components::BulkJobStatus;
    let status: BulkJobStatus = round_trip(json!("IN_PROGRESS"));
    assert_eq!(status, BulkJobStatus::InProgress);
    assert_eq!("CANCELLED".parse::<BulkJobStatus>().ok(), Some(BulkJobStatus::Cancelled));
    assert!(serde_json::from_value::<BulkJobStatus>(json!("in_progress")).is_err());
}

#[test]
fn required_optional_fields_write_null() {
    // `requestId` and `responseDurationMs` are `Optional` on required rows: always sent,
    // `null` when empty.
    let metadata = iam::components::ResponseMetadata::new(None, None, "2024-10-17T14:30:00Z".parse().unwrap());
    assert_eq!(
        serde_json::to_value(&metadata).unwrap(),
        json!({"request_id": null, "response_duration_ms": null, "response_timestamp": "2024-10-17T14:30:00Z"})
    );
    let read: iam::components::ResponseMetadata = round_trip(json!({
        "page_limit": null, "request_id": "3f7c", "response_duration_ms": null, "response_timestamp": "2024-10-17T14:30:00Z"
    }));
    assert_eq!(read.request_id.as_deref(), Some("3f7c"));
}

#[test]
fn bytes_dates_raw_bodies_and_free_form_values() {
    let file: iam::components::AddWorkspaceDocumentRequestFile =
        round_trip(json!({"file_name": "a.txt", "content": "aGVsbG8="}));
    assert_eq!(file.content, b"hello");

    let error: iam::errors::Error = round_trip(json!({"code": 42, "timestamp": "2024-05-06T07:08:09+02:00"}));
    assert_eq!(error.timestamp.map(|t| t.offset().local_minus_utc()), Some(7200));

    let response: iam::operations::AddWorkspaceDocumentResponse =
        round_trip(json!({"content_type": "application/json", "status_code": 201}));
    assert!(response.raw_response.is_empty());

    let any: iam::components::CustomProperty = round_trip(json!({"any": [1, "two", null]}));
    assert_eq!(any.0["any"][1], "two");
}
"##;

#[test]
fn generated_corpus_crate_builds_warning_free() {
    let mut files = generate_corpus().files;
    let manifest = files.get_mut("Cargo.toml").expect("a crate layout has a Cargo.toml");
    assert!(!manifest.contains("[dev-dependencies]"), "unexpected dev-dependencies:\n{manifest}");
    // The round-trip tests below need serde_json.
    manifest.push_str("\n[dev-dependencies]\nserde_json = \"1\"\n");
    files.insert("tests/roundtrip.rs".to_owned(), ROUND_TRIP.to_owned());
    let (dir, target) = scratch_crate("corpus-crate", files);
    run_cargo(&dir, &target, &["clippy", "--all-targets", "--quiet", "--", "-D", "warnings"]);
    run_cargo(&dir, &target, &["test", "--quiet"]);
    run_cargo(&dir, &target, &["doc", "--no-deps", "--quiet"]);
}

/// Writes a generated crate into a fresh folder under the target dir, outside this
/// workspace (`[workspace]`), and returns it with the shared target dir in which
/// dependencies build once.
fn scratch_crate(name: &str, files: BTreeMap<String, String>) -> (PathBuf, PathBuf) {
    // The manifest makes the crate a workspace of its own, so it builds inside another.
    let manifest = files.get("Cargo.toml").expect("a crate layout has a Cargo.toml");
    assert!(manifest.contains("\n[workspace]\n"), "no `[workspace]` table:\n{manifest}");
    let dir = common::scratch(name);
    docmodels_build::write_files(&dir, &files).unwrap();
    // This workspace's lockfile pins the versions the generated crate resolves to, so
    // the build does not pick up whatever was released since.
    fs::copy(common::root().join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();
    (dir, Path::new(env!("CARGO_TARGET_TMPDIR")).join("corpus-target"))
}

/// The edge-case fixture of the snapshot tests (shadowed prelude names, keywords,
/// collisions, deprecation across modules) compiles warning-free too.
#[test]
fn edge_fixture_crate_builds_warning_free() {
    let spec = common::root().join("codegen/tests/fixtures/edge/models");
    let options = docmodels_build::Config::new().output(docmodels_build::Output::Crate("edge".to_owned()));
    let files = options.generate(&spec).unwrap_or_else(|f| panic!("{f}")).files;
    let (dir, target) = scratch_crate("edge-crate", files);
    run_cargo(&dir, &target, &["clippy", "--quiet", "--", "-D", "warnings"]);
    run_cargo(&dir, &target, &["doc", "--no-deps", "--quiet"]);
}

/// A crate whose only dependency is the runtime, with `models.rs` of the include layout
/// included in a module of its own beside code of the crate's.
fn include_crate(name: &str, spec: &Path, lib: &str) -> (PathBuf, PathBuf) {
    let generated = docmodels_build::Config::new().generate(spec).unwrap_or_else(|f| panic!("{f}"));
    let runtime = common::root().join("codegen/runtime");
    let mut files = BTreeMap::from([
        (
            "Cargo.toml".to_owned(),
            format!(
                "[package]\nname = \"{name}\"\nversion = \"0.1.0\"\nedition = \"2024\"\npublish = false\n\n[workspace]\n\n\
                 [dependencies]\ndocmodels-runtime = {{ path = {:?} }}\n",
                runtime.display().to_string()
            ),
        ),
        ("src/lib.rs".to_owned(), lib.to_owned()),
    ]);
    files.insert("src/models.rs".to_owned(), generated.files["models.rs"].clone());
    scratch_crate(name, files)
}

/// The corpus and the edge fixture in the include layout, through the runtime: one file
/// included in a module, warning-free under clippy and rustdoc, its example tests passing.
#[test]
fn include_layout_builds_warning_free_through_the_runtime() {
    let lib = "//! Models beside the crate's own code.\n\n/// The generated models.\npub mod api {\n    include!(\"models.rs\");\n}\n\n\
               /// Code of the crate's own, using the models.\npub fn models_in(json: &str) -> usize {\n    \
               docmodels_runtime::serde_json::from_str::<docmodels_runtime::serde_json::Value>(json).map_or(0, |v| v.as_object().map_or(0, |o| o.len()))\n}\n";
    let (dir, target) = include_crate("corpus-include", corpus(), lib);
    run_cargo(&dir, &target, &["clippy", "--all-targets", "--quiet", "--", "-D", "warnings"]);
    run_cargo(&dir, &target, &["test", "--quiet"]);
    run_cargo(&dir, &target, &["doc", "--no-deps", "--quiet"]);
    let spec = common::root().join("codegen/tests/fixtures/edge/models");
    let (dir, target) = include_crate("edge-include", &spec, lib);
    run_cargo(&dir, &target, &["clippy", "--all-targets", "--quiet", "--", "-D", "warnings"]);
    run_cargo(&dir, &target, &["doc", "--no-deps", "--quiet"]);
}

/// Runs cargo in `dir` with warnings denied for rustdoc too.
fn run_cargo(dir: &Path, target: &Path, args: &[&str]) {
    let output = common::cargo(dir, target)
        .args(args)
        .env("RUSTDOCFLAGS", "-D warnings")
        .output()
        .expect("cargo runs");
    assert!(
        output.status.success(),
        "`cargo {}` failed in {}:\n--- stdout\n{}\n--- stderr\n{}",
        args.join(" "),
        dir.display(),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

/// Every Example cell of the corpus whose field has structure either becomes a round-trip
/// test of the generated crate (run by `generated_corpus_crate_builds_warning_free`) or is
/// reported with its file and line.
#[test]
fn every_example_round_trips_or_is_reported() {
    let generated = generate_corpus();
    let reported: Vec<&docmodels_build::Diagnostic> = generated
        .warnings
        .iter()
        .filter(|w| w.message.starts_with("the example of "))
        .collect();
    println!(
        "examples: {} round-trip tests, {} reported",
        generated.examples_tested, generated.examples_reported
    );
    for warning in &reported {
        let location = warning.location(&generated.sources).expect("a reported example has a location");
        println!("  {location}: {}", warning.message);
        assert!(location.contains(".md:"), "{location}");
    }
    assert_eq!(reported.len(), generated.examples_reported);
    let tests = &generated.files["src/examples.rs"];
    assert_eq!(tests.matches("round_trip::<").count(), generated.examples_tested);
    assert_eq!((generated.examples_tested, generated.examples_reported), (46, 2));
}
