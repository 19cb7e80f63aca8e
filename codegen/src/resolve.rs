//! Resolution: gives the IR its meaning in Rust. Links become model references, Type
//! cells become Rust types, names become identifiers (collisions and keywords handled),
//! JSON keys follow the config, recursive types get a `Box`, and each type learns which
//! traits it can derive.
//!
//! This module holds the resolved crate's types and the [`Resolver`]'s walk over the
//! models (fields, keys, enums, traits); each concern the walk calls on has a module of
//! its own: [`links`] (what a model reference names), [`names`] (module, type and
//! identifier names), [`unions`] (union variants and their order) and [`cycles`] (boxes
//! for recursive structs).

use std::collections::hash_map::Entry;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::rc::Rc;


use crate::case::upper_camel;
use crate::config::{Config, ModelConfig, WireCase};
use crate::diag::Diagnostic;
use crate::infer::{self, FieldFacts, Forms, ModelFacts, Source, Target};
pub use crate::ir::Presence;
use crate::ir::{self, Enumeration, ModelKind, Paragraph, Spec, Type};
use crate::payloads::PayloadFile;
use crate::source::{SourceMap, Span};

mod cycles;
mod links;
mod names;
mod unions;

use cycles::{box_cycles, direct_types};
use links::folder_and_file;
pub use names::ident;
use names::variant_name;
use unions::{order_union_variants, InlineUnion};

/// The resolved crate: modules in name order, items in name order.
#[derive(Debug)]
pub struct Crate<'s> {
    pub modules: Vec<Module<'s>>,
    /// The recorded payloads, each with the id of its model (see [`Crate::item`]).
    pub payloads: Vec<(usize, &'s PayloadFile)>,
    /// Where each model is, by its id (see [`Ty::Model`]): (module, item) indexes.
    pub(crate) places: Vec<(usize, usize)>,
}

#[derive(Debug)]
pub struct Module<'s> {
    /// Rust identifier of the module.
    pub name: String,
    /// The docs folder it comes from, relative to the spec folder.
    pub folder: String,
    pub items: Vec<Item<'s>>,
}

/// A model. Its text (title, docs, examples) is borrowed from the docs' IR.
#[derive(Debug)]
pub struct Item<'s> {
    /// The model's id (see [`Ty::Model`]).
    pub id: usize,
    /// Rust identifier of the type.
    pub name: String,
    /// The model's title in the docs.
    pub title: &'s str,
    /// The model's doc.
    pub file: crate::source::FileId,
    pub docs: &'s [Paragraph],
    pub deprecated: Option<&'s str>,
    pub traits: Traits,
    /// The model is an error body (its doc is in an `errors` folder): it implements
    /// `Display` and `std::error::Error`.
    pub error: bool,
    /// What the type is, for a type the docs give no doc of its own (a union listed in a
    /// Type cell).
    pub note: Option<String>,
    pub kind: ItemKind<'s>,
}

#[derive(Debug)]
pub enum ItemKind<'s> {
    Struct(Vec<StructField<'s>>),
    Enum(Enum<'s>),
    /// A value of one of these types, tried in this order: the more particular first,
    /// so the first that reads a value is the member whose JSON it is.
    Union(Vec<UnionVariant>),
    /// A doc without a table: any JSON value.
    Any,
}

/// Traits a type can derive beyond `Debug, Clone, PartialEq, Serialize, Deserialize`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Traits {
    pub eq: bool,
    pub hash: bool,
    pub default: bool,
}

#[derive(Debug)]
pub struct StructField<'s> {
    /// The SDK property name from the Field column.
    pub name: String,
    /// The property name with the dialect's keyword escape undone.
    pub property: &'s str,
    /// Where the field's row is in the docs.
    pub span: Span,
    /// Rust identifier, `r#type` style when the name is a keyword.
    pub ident: String,
    /// The JSON key.
    pub key: String,
    /// Why the key is what it is.
    pub key_source: Source,
    pub key_detail: String,
    pub ty: Ty,
    pub presence: Presence,
    pub docs: &'s [Paragraph],
    pub example: Option<&'s str>,
    pub deprecated: Option<&'s str>,
    /// A raw HTTP body (`HttpResponse<InputStream>`, `InputStream`): kept in the struct
    /// for the SDK's operation envelopes but never part of the JSON.
    pub raw: bool,
    /// The catch-all row (`additionalProperties`): a map of the keys no other field
    /// names, which travel at the object's top level (`#[serde(flatten)]`). Its type is
    /// always a [`Ty::Map`] and its presence [`Presence::Required`] (empty when there are
    /// no extra keys).
    pub flatten: bool,
}

/// A Rust type of a field, before it is printed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ty {
    String,
    I16,
    I32,
    I64,
    I128,
    F64,
    /// A JSON number of either kind, kept as written (`serde_json::Number`).
    Number,
    Bool,
    Decimal,
    /// Any JSON value.
    Json,
    /// Date and time with offset (`OffsetDateTime`).
    DateTime,
    /// Calendar date (`LocalDate`).
    Date,
    /// Date and time without offset (`LocalDateTime`).
    NaiveDateTime,
    /// Binary data, base64 in JSON.
    Bytes,
    List(Box<Ty>),
    Map(Box<Ty>),
    /// An item of a list or a value of a map that may be `null` (`List<Optional<T>>`).
    Nullable(Box<Ty>),
    /// A model of the crate. `id` is its place in resolution order (the order of the
    /// spec's models), so passes that follow references index arrays instead of
    /// looking names up.
    Model { module: String, name: String, boxed: bool, id: usize },
}

/// One member of a union.
#[derive(Debug)]
pub struct UnionVariant {
    /// Rust identifier of the variant.
    pub ident: String,
    pub ty: Ty,
}

#[derive(Debug)]
pub struct Enum<'s> {
    /// Every value is an integer: the enum travels as JSON numbers.
    pub integer: bool,
    /// Some values are integers and some are not (a closed enum only): each travels as
    /// its own JSON kind, the integers as numbers and the rest as strings.
    pub mixed: bool,
    pub open: bool,
    pub variants: Vec<Variant<'s>>,
}

#[derive(Debug)]
pub struct Variant<'s> {
    pub ident: String,
    /// The wire value (a string, or a decimal integer for integer enums).
    pub value: String,
    /// The value travels as a JSON number (every value of an integer enum, the integer
    /// values of a mixed one).
    pub number: bool,
    pub docs: &'s [Paragraph],
}

/// The type as a short Rust path (`Vec<Option<String>>`, `components::Pet`), for reports
/// and for comparing the crates of two dialects.
impl std::fmt::Display for Ty {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Ty::String => f.write_str("String"),
            Ty::I16 => f.write_str("i16"),
            Ty::I32 => f.write_str("i32"),
            Ty::I64 => f.write_str("i64"),
            Ty::I128 => f.write_str("i128"),
            Ty::F64 => f.write_str("f64"),
            Ty::Number => f.write_str("serde_json::Number"),
            Ty::Bool => f.write_str("bool"),
            Ty::Decimal => f.write_str("rust_decimal::Decimal"),
            Ty::Json => f.write_str("serde_json::Value"),
            Ty::DateTime => f.write_str("chrono::DateTime<chrono::FixedOffset>"),
            Ty::Date => f.write_str("chrono::NaiveDate"),
            Ty::NaiveDateTime => f.write_str("chrono::NaiveDateTime"),
            Ty::Bytes => f.write_str("Vec<u8>"),
            Ty::List(inner) => write!(f, "Vec<{inner}>"),
            Ty::Map(inner) => write!(f, "indexmap::IndexMap<String, {inner}>"),
            Ty::Nullable(inner) => write!(f, "Option<{inner}>"),
            Ty::Model { module, name, .. } => write!(f, "{module}::{name}"),
        }
    }
}

impl Ty {
    /// Whether binary data (base64 in JSON) appears anywhere in the type.
    pub fn holds_bytes(&self) -> bool {
        match self {
            Ty::Bytes => true,
            Ty::List(inner) | Ty::Map(inner) | Ty::Nullable(inner) => inner.holds_bytes(),
            _ => false,
        }
    }
}

/// Counts for the summary line.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Stats {
    pub models: usize,
    pub structs: usize,
    pub enums: usize,
    pub fields: usize,
    pub values: usize,
}

impl<'s> Crate<'s> {
    /// The model with this id (the `id` of [`Ty::Model`]).
    pub fn item(&self, id: usize) -> &Item<'s> {
        let (module, item) = self.places[id];
        &self.modules[module].items[item]
    }

    pub fn stats(&self) -> Stats {
        let mut stats = Stats::default();
        // Unions listed in Type cells are types, not models of the docs.
        for item in self.modules.iter().flat_map(|m| &m.items).filter(|item| item.note.is_none()) {
            stats.models += 1;
            match &item.kind {
                ItemKind::Struct(fields) => {
                    stats.structs += 1;
                    stats.fields += fields.len();
                }
                ItemKind::Enum(e) => {
                    stats.enums += 1;
                    stats.values += e.variants.len();
                }
                ItemKind::Union(_) | ItemKind::Any => {}
            }
        }
        stats
    }
}

/// Resolves `spec` under `config`. `wire_case` is the fallback of key inference.
/// `unparsed` holds the lower-cased paths of docs that could not be read or parsed into
/// a model: links to them are not reported again. The crate borrows the docs' text from `spec`.
pub fn resolve<'s>(
    spec: &'s Spec,
    config: &Config,
    wire_case: Option<WireCase>,
    sources: &SourceMap,
    unparsed: &HashSet<String>,
    payloads: &'s [PayloadFile],
) -> Result<(Crate<'s>, Vec<Diagnostic>), Vec<Diagnostic>> {
    let mut resolver = Resolver {
        spec,
        payloads,
        config,
        sources,
        unparsed,
        flag: wire_case,
        diagnostics: Vec::new(),
        by_path: HashMap::with_capacity(spec.models.len()),
        by_file: HashMap::with_capacity(spec.models.len()),
        folders: HashSet::new(),
        unparsed_files: unparsed.iter().filter_map(|rel| folder_and_file(rel)).map(|(_, file)| file).collect(),
        by_name: HashMap::with_capacity(spec.models.len()),
        names: Vec::new(),
        forms: HashMap::new(),
        inline: Vec::new(),
        current_field: None,
        folder_stands_for: HashMap::new(),
    };
    let krate = resolver.run();
    if resolver.diagnostics.iter().any(Diagnostic::is_error) {
        Err(resolver.diagnostics)
    } else {
        Ok((krate, resolver.diagnostics))
    }
}

/// Resolves the models of `spec` (`'a`, which the crate borrows) under a config and
/// sources that are only read (`'c`).
struct Resolver<'a, 'c> {
    spec: &'a Spec,
    payloads: &'a [PayloadFile],
    config: &'c Config,
    sources: &'c SourceMap,
    unparsed: &'c HashSet<String>,
    /// `--wire-case`: the fallback of key inference.
    flag: Option<WireCase>,
    diagnostics: Vec<Diagnostic>,
    /// Lower-cased doc path (relative to the spec folder) to model index.
    by_path: HashMap<String, usize>,
    /// The parsed docs by lower-case file name, each list sorted by path: links whose
    /// folder does not exist are matched through it.
    by_file: HashMap<String, Vec<(String, usize)>>,
    /// Lower-case folder names that hold a parsed doc.
    folders: HashSet<String>,
    /// Lower-case file names of the docs that did not parse.
    unparsed_files: HashSet<String>,
    /// Lower-cased title to model indexes, for type names written without a link.
    by_name: HashMap<String, Vec<usize>>,
    /// (module, type name) of each model.
    names: Vec<(String, String)>,
    /// The case forms of each distinct field name, for identifiers and key inference.
    forms: HashMap<&'a str, Rc<Forms>>,
    /// Unions listed in Type cells, each a type of its own: their ids follow the spec's
    /// models.
    inline: Vec<InlineUnion>,
    /// The Field-column name of the row being resolved, which names its inline unions.
    current_field: Option<&'a str>,
    /// For a folder name that links write but no doc is in: the folder its links lead
    /// to by file name (see [`Resolver::by_file_name`]).
    folder_stands_for: HashMap<String, Option<String>>,
}

impl<'a, 'c> Resolver<'a, 'c> {
    fn run(&mut self) -> Crate<'a> {
        for (index, model) in self.spec.models.iter().enumerate() {
            let rel = &self.sources.get(model.file).rel;
            let rel = rel.to_lowercase();
            if let Some((folder, file)) = folder_and_file(&rel) {
                self.folders.insert(folder);
                self.by_file.entry(file).or_default().push((rel.clone(), index));
            }
            self.by_path.insert(rel, index);
            self.by_name.entry(model.name.to_lowercase()).or_default().push(index);
        }
        for docs in self.by_file.values_mut() {
            docs.sort();
        }
        self.assign_names();
        let overrides = self.config_overrides();
        let recorded = self.match_payloads();

        let spec = self.spec;
        let mut items: Vec<Item<'a>> = Vec::with_capacity(spec.models.len());
        for (index, model) in spec.models.iter().enumerate() {
            let kind = match &model.kind {
                // A Fields table without rows lists nothing: keep any JSON rather than a
                // struct that would drop every key.
                ModelKind::Struct(fields) if fields.is_empty() => ItemKind::Any,
                ModelKind::Struct(fields) => ItemKind::Struct(self.fields(index, fields, overrides.get(&index).copied())),
                ModelKind::Enum(enumeration) => {
                    let open = overrides.get(&index).and_then(|o| o.open);
                    ItemKind::Enum(self.enumeration(model, enumeration, open))
                }
                ModelKind::Union(members) => match self.union_variants(index, members) {
                    Some(variants) => ItemKind::Union(variants),
                    None => ItemKind::Any,
                },
                ModelKind::Any => ItemKind::Any,
            };
            items.push(Item {
                id: index,
                name: self.names[index].1.clone(),
                title: &model.name,
                file: model.file,
                docs: &model.description,
                deprecated: model.deprecated.as_deref(),
                traits: Traits { eq: true, hash: true, default: true },
                error: !matches!(kind, ItemKind::Enum(_)) && is_error_folder(&model.group),
                note: None,
                kind,
            });
        }
        for offset in 0..self.inline.len() {
            let union = &mut self.inline[offset];
            let variants = std::mem::take(&mut union.variants);
            let parent = &spec.models[union.parent];
            let id = spec.models.len() + offset;
            items.push(Item {
                id,
                name: self.names[id].1.clone(),
                title: &parent.name,
                file: parent.file,
                docs: &[],
                deprecated: None,
                traits: Traits { eq: true, hash: true, default: false },
                error: false,
                note: Some(format!("One of the types the `{}` field of `{}` holds.", union.field, parent.name)),
                kind: ItemKind::Union(variants),
            });
        }

        // Model types carry their model's place in `items`, so these passes follow
        // references by index.
        self.assign_keys(&mut items, &overrides, &recorded);
        order_union_variants(&mut items);
        box_cycles(&mut items);
        derive_traits(&mut items);

        // Each module's items with their ids, sorted by name; then where each id went.
        let names = std::mem::take(&mut self.names);
        let mut grouped: BTreeMap<String, (String, Vec<(usize, Item<'a>)>)> = BTreeMap::new();
        for (id, item) in items.into_iter().enumerate() {
            let module = names[id].0.clone();
            grouped
                .entry(module)
                .or_insert_with(|| (self.spec.models[self.origin(id)].group.clone(), Vec::new()))
                .1
                .push((id, item));
        }
        let mut places = vec![(0, 0); names.len()];
        let mut modules = Vec::with_capacity(grouped.len());
        for (m, (name, (folder, mut items))) in grouped.into_iter().enumerate() {
            items.sort_by(|(_, a), (_, b)| a.name.cmp(&b.name));
            for (i, &(id, _)) in items.iter().enumerate() {
                places[id] = (m, i);
            }
            modules.push(Module { name, folder, items: items.into_iter().map(|(_, item)| item).collect() });
        }
        Crate { modules, payloads: recorded, places }
    }

    /// Matches each recorded payload file to its model, by the path below `payloads/`.
    fn match_payloads(&mut self) -> Vec<(usize, &'a PayloadFile)> {
        let mut out = Vec::with_capacity(self.payloads.len());
        for file in self.payloads {
            let at = Span::new(file.file, 0..0);
            match self.models_named(&file.model).as_slice() {
                [index] => out.push((*index, file)),
                [] => self.diagnostics.push(
                    Diagnostic::error(format!("recorded payloads for `{}`, which is not a model", file.model))
                        .at(at, "no model of this name")
                        .note("expected `payloads/<Title>.json`, or `payloads/<folder>/<Title>.json`, naming a model doc's title"),
                ),
                _ => self.diagnostics.push(
                    Diagnostic::error(format!("recorded payloads for `{}` could be of several models", file.model))
                        .at(at, "more than one model has this title")
                        .note("move the file to `payloads/<folder>/<Title>.json` to pick one folder's model"),
                ),
            }
        }
        out
    }

    /// Matches `[models.X]` sections of the config to models.
    fn config_overrides(&mut self) -> HashMap<usize, &'c crate::config::ModelConfig> {
        let config = self.config;
        let mut out = HashMap::new();
        for model_config in &config.models {
            let matches: Vec<usize> = self.models_named(&model_config.name);
            if matches.is_empty() {
                self.diagnostics.push(
                    Diagnostic::error(format!("config names a model that does not exist: `{}`", model_config.name))
                        .at(model_config.span.clone(), "no such model")
                        .note("expected a model title, or `group/Title` to pick one group's model"),
                );
                continue;
            }
            if matches.len() > 1 {
                self.diagnostics.push(
                    Diagnostic::error(format!("config model `{}` is ambiguous", model_config.name))
                        .at(model_config.span.clone(), "matches more than one model")
                        .note("several groups have a model with this title; write `group/Title`"),
                );
                continue;
            }
            let index = matches[0];
            let model = &self.spec.models[index];
            let names: &[ir::Field] = match &model.kind {
                ModelKind::Struct(fields) => fields,
                _ => &[],
            };
            let settings = model_config.keys.iter().map(|k| ("key", &k.field, &k.span));
            let settings = settings.chain(model_config.types.iter().map(|t| ("type", &t.field, &t.span)));
            for (what, field, span) in settings {
                // A row left out for a problem of its own may be the field.
                if !names.iter().any(|f| f.name == *field) && !model.skipped.may_hold(field) {
                    self.diagnostics.push(
                        Diagnostic::error(format!("config sets the {what} of `{field}`, which is not a field of `{}`", model.name))
                            .at(span.clone(), "no such field")
                            .note("expected a name from the Field column of the model's doc")
                            .did_you_mean(field, names.iter().map(|f| f.name.as_str())),
                    );
                }
            }
            // A doc whose table could not be read may be an enum.
            if model_config.open.is_some() && !matches!(model.kind, ModelKind::Enum(_)) && !model.skipped.table {
                self.diagnostics.push(
                    Diagnostic::error(format!("config sets `open` on `{}`, which is not an enum", model.name))
                        .at(model_config.span.clone(), "not an enum"),
                );
            }
            out.insert(index, model_config);
        }
        out
    }

    /// The fields of a struct; `config` is its `[models.X]` section, whose `types` win over
    /// the Type cells.
    fn fields(&mut self, model_index: usize, fields: &'a [ir::Field], config: Option<&'c ModelConfig>) -> Vec<StructField<'a>> {
        let mut out = Vec::with_capacity(fields.len());
        let mut idents: HashMap<String, usize> = HashMap::with_capacity(fields.len());
        let mut first_of_name: HashMap<&str, usize> = HashMap::with_capacity(fields.len());
        for (position, field) in fields.iter().enumerate() {
            if let Some(&first) = first_of_name.get(field.name.as_str()) {
                self.diagnostics.push(
                    Diagnostic::error(format!("field `{}` is listed twice", field.name))
                        .at(field.name_span.clone(), "second row with this name")
                        .note(format!("first listed at line {}", self.sources.line_col(fields[first].name_span.file, fields[first].name_span.range.start).0)),
                );
                continue;
            }
            first_of_name.insert(&field.name, position);
            self.current_field = Some(&field.name);
            let set = config.and_then(|c| c.types.iter().find(|t| t.field == field.name));
            let interpreted = self.interpret(model_index, set.map_or(&field.ty, |t| &t.ty));
            self.current_field = None;
            let Some((mut ty, raw)) = interpreted else { continue };
            if let Some(example) = &field.example {
                ty = floats_by_example(ty, example);
            }
            let flatten = field.catch_all;
            if flatten {
                match ty {
                    Ty::Map(_) if !raw => {}
                    // Any JSON object: its keys are the extra keys.
                    Ty::Json => ty = Ty::Map(Box::new(Ty::Json)),
                    _ => {
                        self.diagnostics.push(
                            Diagnostic::error(format!("the catch-all row `{}` must be a map", field.name))
                                .at(field.ty_span.clone(), "not a map")
                                .note("the row holds the object's extra keys; expected a map of string keys"),
                        );
                        continue;
                    }
                }
            }
            // The catch-all map is empty when there are no extra keys.
            let presence = if flatten { Presence::Required } else { field.presence };
            if presence == Presence::Nullable && !raw && ty.holds_bytes() {
                self.diagnostics.push(
                    Diagnostic::error("binary data that may be absent or null is not supported")
                        .at(field.ty_span.clone(), "absent, null and base64 bytes cannot be told apart here")
                        .note("expected binary data that may be absent, or a required one"),
                );
                continue;
            }

            let forms = self.forms.entry(&field.property).or_insert_with(|| Rc::new(Forms::of(&field.property)));
            let forms = Rc::clone(forms);
            let Some(base) = ident(&forms.snake, "_") else {
                self.diagnostics.push(
                    Diagnostic::error(format!("field name `{}` cannot be a Rust identifier", field.name))
                        .at(field.name_span.clone(), "no letters or digits")
                        .note("expected a name with at least one ASCII letter or digit"),
                );
                continue;
            };
            let mut rust = base.clone();
            let mut n = 2;
            while let Some(&other) = idents.get(&rust) {
                if n == 2 {
                    self.diagnostics.push(
                        Diagnostic::warning(format!(
                            "fields `{}` and `{}` have the same Rust name `{base}`",
                            fields[other].name, field.name
                        ))
                        .at(field.name_span.clone(), "renamed to avoid the collision")
                        .note(format!("this one is named `{base}_{n}`")),
                    );
                }
                rust = format!("{base}_{n}");
                n += 1;
            }
            idents.insert(rust.clone(), position);

            out.push(StructField {
                name: field.name.clone(),
                property: &field.property,
                span: field.name_span.clone(),
                ident: rust,
                // Chosen by `assign_keys` once every model is known.
                key: String::new(),
                key_source: Source::Default,
                key_detail: String::new(),
                ty,
                presence,
                docs: &field.description,
                example: field.example.as_deref(),
                deprecated: field.deprecated.as_deref(),
                raw,
                flatten,
            });
        }
        out
    }

    /// Infers the JSON key of every field (see [`crate::infer`]) and reports fields of
    /// one struct that would share a key.
    fn assign_keys(&mut self, items: &mut [Item], overrides: &HashMap<usize, &'c ModelConfig>, recorded: &[(usize, &'a PayloadFile)]) {
        let is_struct: Vec<bool> = items.iter().map(|item| matches!(item.kind, ItemKind::Struct(_))).collect();
        let mut payloads: Vec<Vec<&serde_json::Value>> = vec![Vec::new(); items.len()];
        for (index, file) in recorded {
            payloads[*index].extend(file.payloads.iter().map(|p| &p.value));
        }
        let facts: Vec<ModelFacts> = items
            .iter()
            .enumerate()
            .map(|(i, item)| {
                let model = &self.spec.models[self.origin(i)];
                let fields = match &item.kind {
                    ItemKind::Struct(fields) => fields
                        .iter()
                        .map(|f| FieldFacts {
                            name: &f.name,
                            // Every field that made it into a struct has its forms.
                            forms: Rc::clone(&self.forms[f.property]),
                            target: if f.raw { Target::Leaf } else { target(&f.ty, &is_struct) },
                            example: f.example,
                            description: paragraphs_text(f.docs),
                        })
                        .collect(),
                    _ => Vec::new(),
                };
                let config = overrides.get(&i);
                if i >= self.spec.models.len() {
                    return ModelFacts { title: &model.name, fields, ..ModelFacts::default() };
                }
                ModelFacts {
                    title: &model.name,
                    payloads: std::mem::take(&mut payloads[i]),
                    description: paragraphs_text(&model.description),
                    fields,
                    config_case: config.and_then(|c| c.wire_case),
                    config_keys: config
                        .map(|c| c.keys.iter().map(|k| (k.field.as_str(), k.key.as_str())).collect())
                        .unwrap_or_default(),
                }
            })
            .collect();
        let choices = infer::infer_keys(&facts, self.flag, self.config.wire_case);
        for (i, (item, choices)) in items.iter_mut().zip(choices).enumerate() {
            let ItemKind::Struct(fields) = &mut item.kind else { continue };
            for (field, choice) in fields.iter_mut().zip(choices) {
                field.key = choice.key;
                field.key_source = choice.source;
                field.key_detail = choice.detail;
            }
            // The first field with each key, by name: the resolved fields, not the doc's
            // rows (rows that failed to resolve are not fields).
            let mut first_with_key: HashMap<&str, &str> = HashMap::with_capacity(fields.len());
            for field in fields.iter().filter(|f| !f.raw && !f.flatten) {
                match first_with_key.entry(&field.key) {
                    Entry::Vacant(slot) => {
                        slot.insert(&field.name);
                    }
                    Entry::Occupied(first) => {
                        let other = *first.get();
                        self.diagnostics.push(
                            Diagnostic::error(format!(
                                "fields `{other}` and `{}` of `{}` have the same JSON key `{}`",
                                field.name, self.spec.models[i].name, field.key
                            ))
                            .at(field.span.clone(), "second field with this key")
                            .note("set a distinct key for one of them under `[models.<Model>.keys]` in codegen.toml"),
                        );
                    }
                }
            }
        }
    }

    /// The Rust type of a field's type; models are found by link or by title. The flag
    /// marks raw HTTP bodies (the type is then `Bytes`).
    fn interpret(&mut self, model_index: usize, ty: &Type) -> Option<(Ty, bool)> {
        let plain = |ty| Some((ty, false));
        match ty {
            Type::String => plain(Ty::String),
            Type::I16 => plain(Ty::I16),
            Type::I32 => plain(Ty::I32),
            Type::I64 => plain(Ty::I64),
            Type::I128 => plain(Ty::I128),
            Type::F64 => plain(Ty::F64),
            Type::Number => plain(Ty::Number),
            Type::Bool => plain(Ty::Bool),
            Type::Decimal => plain(Ty::Decimal),
            Type::BigInteger | Type::BigDecimal => self.inline_union(model_index, &either_encoding(ty)),
            Type::Any => plain(Ty::Json),
            Type::DateTime => plain(Ty::DateTime),
            Type::Date => plain(Ty::Date),
            Type::NaiveDateTime => plain(Ty::NaiveDateTime),
            Type::Bytes => plain(Ty::Bytes),
            Type::Raw => Some((Ty::Bytes, true)),
            Type::List(inner) => self.interpret(model_index, inner).map(|(ty, raw)| (Ty::List(Box::new(ty)), raw)),
            Type::Map(inner) => self.interpret(model_index, inner).map(|(ty, raw)| (Ty::Map(Box::new(ty)), raw)),
            Type::Nullable(inner) => self.interpret(model_index, inner).map(|(ty, raw)| (Ty::Nullable(Box::new(ty)), raw)),
            Type::Model(reference) => self.model_ref(model_index, reference).map(|ty| (ty, false)),
            Type::Union(members) => self.inline_union(model_index, members),
        }
    }

    fn model_ty(&self, index: usize) -> Ty {
        let (module, name) = &self.names[index];
        Ty::Model { module: module.clone(), name: name.clone(), boxed: false, id: index }
    }

    fn enumeration(&mut self, model: &ir::Model, enumeration: &'a Enumeration, open: Option<bool>) -> Enum<'a> {
        // Rows left out were reported already; the enum may well have values.
        if enumeration.values.is_empty() && model.skipped.is_empty() {
            self.diagnostics.push(
                Diagnostic::error(format!("enum `{}` has no values", model.name))
                    .at(model.title_span.clone(), "empty enum")
                    .note("expected rows `| `NAME` | value |` in the `## Values` table"),
            );
        }
        // A value written as a string literal is a string, even when it looks like a number.
        let numbers: Vec<Option<i64>> =
            enumeration.values.iter().map(|v| if v.quoted { None } else { v.value.parse().ok() }).collect();
        let integer = !numbers.is_empty() && numbers.iter().all(Option::is_some);
        let open = open.unwrap_or(enumeration.open);
        let first_integer = numbers.iter().position(Option::is_some);
        let first_text = numbers.iter().position(Option::is_none);
        let mut mixed = false;
        if let (Some(first_integer), Some(text)) = (first_integer, first_text) {
            if open {
                // An open enum keeps unknown values of one kind: the value it holds.
                // Which kind came second decides where the mix shows.
                let at = &enumeration.values[text.max(first_integer)];
                self.diagnostics.push(
                    Diagnostic::warning(format!(
                        "open enum `{}` mixes integer and string values; all of them travel as strings",
                        model.name
                    ))
                    .at(at.span.clone(), "this value is of the other kind")
                    .note("an open enum keeps unknown values as strings, or as integers when every value is one"),
                );
            } else {
                mixed = true;
            }
        }
        // Values that are equal on the wire (`1` and `01` in an integer enum) are one value.
        let wire: Vec<String> = enumeration
            .values
            .iter()
            .zip(&numbers)
            .map(|(v, n)| match n {
                Some(n) if integer || mixed => n.to_string(),
                _ => v.value.clone(),
            })
            .collect();
        let count = enumeration.values.len();
        let mut first_of_value: HashMap<&str, usize> = HashMap::with_capacity(count);
        let mut first_of_name: HashMap<&str, usize> = HashMap::with_capacity(count);
        let mut variants: Vec<Variant> = Vec::with_capacity(count);
        let mut idents: HashMap<String, usize> = HashMap::with_capacity(count);
        for (position, value) in enumeration.values.iter().enumerate() {
            if let Some(&first) = first_of_value.get(wire[position].as_str()) {
                self.diagnostics.push(
                    Diagnostic::error(format!("enum value `{}` is listed twice", value.value))
                        .at(value.span.clone(), "duplicate value")
                        .note(format!("first listed as `{}`", enumeration.values[first].name)),
                );
                continue;
            }
            first_of_value.insert(&wire[position], position);
            if let Some(&first) = first_of_name.get(value.name.as_str()).filter(|_| !value.name.is_empty()) {
                self.diagnostics.push(
                    Diagnostic::error(format!("enum constant `{}` is listed twice", value.name))
                        .at(value.name_span.clone(), "second row with this name")
                        .note(format!("first listed for the value `{}`", enumeration.values[first].value)),
                );
                continue;
            }
            first_of_name.insert(&value.name, position);
            let source = if value.name.is_empty() { &value.value } else { &value.name };
            let base = ident(&upper_camel(source), "V")
                .or_else(|| ident(&upper_camel(&value.value), "V"))
                .unwrap_or_else(|| "Empty".to_owned());
            let mut rust = base.clone();
            let mut n = 2;
            while let Some(&other) = idents.get(&rust) {
                if n == 2 {
                    self.diagnostics.push(
                        Diagnostic::warning(format!(
                            "enum constants `{}` and `{}` have the same Rust name `{base}`",
                            enumeration.values[other].name, value.name
                        ))
                        .at(value.name_span.clone(), "renamed to avoid the collision")
                        .note(format!("this one is named `{base}{n}`")),
                    );
                }
                rust = format!("{base}{n}");
                n += 1;
            }
            idents.insert(rust.clone(), position);
            let number = integer || (mixed && numbers[position].is_some());
            variants.push(Variant { ident: rust, value: wire[position].clone(), number, docs: &value.description });
        }
        Enum { integer, mixed, open, variants }
    }
}

/// A JSON number of unknown kind (TypeScript's `number`) whose Example cell writes a
/// number with a fraction or an exponent (`0.5`, `[1.5, 2]`, `{"a": 2e-3}`) is a float,
/// read as `f64` as Java's `double` is. Measured on the two shared corpora, every such
/// field is a `float` or `double` in the Java docs of the same API (17 of 17 and 12 of
/// 12) and no integer field has such an example. An integral example says nothing (9 of
/// the 106 fields with one in the newer corpus are Java doubles), so those stay numbers
/// of either kind. Any other type, or an example that is not numbers in the type's
/// shape, leaves the type as it is.
fn floats_by_example(ty: Ty, example: &str) -> Ty {
    fn holds_number(ty: &Ty) -> bool {
        match ty {
            Ty::Number => true,
            Ty::List(inner) | Ty::Map(inner) | Ty::Nullable(inner) => holds_number(inner),
            _ => false,
        }
    }
    fn numbers_only(ty: &Ty, value: &serde_json::Value) -> bool {
        use serde_json::Value;
        match (ty, value) {
            (Ty::Number, Value::Number(_)) | (Ty::Nullable(_), Value::Null) => true,
            (Ty::Nullable(inner), value) => numbers_only(inner, value),
            (Ty::List(inner), Value::Array(items)) => items.iter().all(|item| numbers_only(inner, item)),
            (Ty::Map(inner), Value::Object(values)) => values.values().all(|value| numbers_only(inner, value)),
            _ => false,
        }
    }
    fn floats(ty: Ty) -> Ty {
        match ty {
            Ty::Number => Ty::F64,
            Ty::List(inner) => Ty::List(Box::new(floats(*inner))),
            Ty::Map(inner) => Ty::Map(Box::new(floats(*inner))),
            Ty::Nullable(inner) => Ty::Nullable(Box::new(floats(*inner))),
            other => other,
        }
    }
    if !holds_number(&ty) {
        return ty;
    }
    let text = example.trim();
    if !serde_json::from_str(text).is_ok_and(|value| numbers_only(&ty, &value)) {
        return ty;
    }
    // The text as written, not the parsed value (which reads `1e3` as it reads `1000.0`,
    // and an integer too large for 64 bits as a float): outside strings (map keys), only
    // a number can hold `.`, `e` or `E`, as `null` holds none and booleans do not fit.
    let mut in_string = false;
    let mut escaped = false;
    let fraction = text.bytes().any(|byte| {
        if in_string {
            match byte {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
            return false;
        }
        in_string = byte == b'"';
        matches!(byte, b'.' | b'e' | b'E')
    });
    if fraction { floats(ty) } else { ty }
}

/// The members of the union a number of hidden JSON encoding ([`Type::BigInteger`],
/// [`Type::BigDecimal`]) becomes: the number, and a string, each read as it came and
/// written back so. (A decimal string would read as a number too: the string is tried
/// first, see [`order_union_variants`].) The one place these types get their Rust form.
fn either_encoding(ty: &Type) -> [Type; 2] {
    match ty {
        Type::BigInteger => [Type::I128, Type::String],
        _ => [Type::Decimal, Type::String],
    }
}

/// Whether docs in `folder` are error bodies: its last part is `errors` (or the
/// `sdkerrors` / `apierrors` of some SDK layouts), in any case.
fn is_error_folder(folder: &str) -> bool {
    let last = folder.rsplit('/').next().unwrap_or_default().to_ascii_lowercase();
    matches!(last.as_str(), "errors" | "sdkerrors" | "apierrors")
}

/// Names quoted for a message, the last after `last_joined_by`: `` `a`, `b` or `c` ``.
fn code_list(names: &[String], last_joined_by: &str) -> String {
    let quoted: Vec<String> = names.iter().map(|name| format!("`{name}`")).collect();
    match quoted.split_last() {
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} {last_joined_by} {last}", rest.join(", ")),
        None => "no path".to_owned(),
    }
}

/// The plain text of paragraphs, one line each.
fn paragraphs_text(paragraphs: &[Paragraph]) -> String {
    let mut text = String::new();
    for (index, paragraph) in paragraphs.iter().enumerate() {
        if index > 0 {
            text.push('\n');
        }
        text.push_str(&crate::parse::plain_text(paragraph));
    }
    text
}

/// What a field holds, for walking JSON examples and following references between
/// models. Only structs have keys: two models that use one enum share no convention.
fn target(ty: &Ty, is_struct: &[bool]) -> Target {
    match ty {
        Ty::List(inner) => Target::List(Box::new(target(inner, is_struct))),
        Ty::Map(inner) => Target::Map(Box::new(target(inner, is_struct))),
        Ty::Nullable(inner) => target(inner, is_struct),
        Ty::Model { id, .. } if is_struct[*id] => Target::Model(*id),
        _ => Target::Leaf,
    }
}

/// Decides `Eq`, `Hash` and `Default` for every type: a type has a trait when all its
/// members do. Everything starts with every trait; a type whose traits drop puts the
/// types that hold it back on the work list. Traits only ever drop, so this is linear,
/// and recursive types keep what they can.
fn derive_traits(items: &mut [Item]) {
    let mut holders: Vec<Vec<usize>> = vec![Vec::new(); items.len()];
    for (i, item) in items.iter_mut().enumerate() {
        if matches!(item.kind, ItemKind::Enum(_)) {
            item.traits = Traits { eq: true, hash: true, default: false };
        }
        for target in direct_types(item).filter_map(model_in) {
            holders[target].push(i);
        }
    }
    let mut work: Vec<usize> = (0..items.len()).rev().collect();
    let mut queued = vec![true; items.len()];
    while let Some(i) = work.pop() {
        queued[i] = false;
        let traits = match &items[i].kind {
            ItemKind::Struct(fields) => {
                let mut traits = Traits { eq: true, hash: true, default: true };
                for field in fields {
                    let t = ty_traits(&field.ty, items);
                    traits.eq &= t.eq;
                    traits.hash &= t.hash;
                    if field.presence == Presence::Required && !field.raw {
                        traits.default &= t.default;
                    }
                }
                traits
            }
            // A union has no one default value.
            ItemKind::Union(variants) => variants.iter().fold(Traits { eq: true, hash: true, default: false }, |traits, v| {
                let t = ty_traits(&v.ty, items);
                Traits { eq: traits.eq && t.eq, hash: traits.hash && t.hash, default: false }
            }),
            _ => continue,
        };
        if traits != items[i].traits {
            items[i].traits = traits;
            for &holder in &holders[i] {
                if !queued[holder] {
                    queued[holder] = true;
                    work.push(holder);
                }
            }
        }
    }
}

/// The model a type mentions, behind collections too (a type names at most one).
fn model_in(ty: &Ty) -> Option<usize> {
    match ty {
        Ty::List(inner) | Ty::Map(inner) | Ty::Nullable(inner) => model_in(inner),
        Ty::Model { id, .. } => Some(*id),
        _ => None,
    }
}

fn ty_traits(ty: &Ty, items: &[Item]) -> Traits {
    let all = Traits { eq: true, hash: true, default: true };
    match ty {
        Ty::F64 => Traits { eq: false, hash: false, default: true },
        Ty::Number => Traits { eq: true, hash: true, default: false },
        Ty::List(inner) => Traits { default: true, ..ty_traits(inner, items) },
        Ty::Map(inner) => Traits { hash: false, default: true, ..ty_traits(inner, items) },
        Ty::Nullable(inner) => Traits { default: true, ..ty_traits(inner, items) },
        Ty::Model { id, .. } => items[*id].traits,
        _ => all,
    }
}

/// A spec of Java docs `(path, text)` and their sources, for the resolver's unit tests.
#[cfg(test)]
fn java_spec(docs: &[(&str, &str)]) -> (SourceMap, Spec) {
    let mut sources = SourceMap::default();
    let mut spec = Spec::default();
    let java = crate::parse::Dialect::Java.front_end();
    for &(rel, text) in docs {
        sources.files.push(crate::source::SourceFile { path: rel.into(), rel: rel.to_owned(), text: text.to_owned() });
        let id = sources.files.len() - 1;
        spec.models.extend(crate::parse::parse_doc(id, sources.get(id), java).model);
    }
    (sources, spec)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn examples_with_fractions_make_numbers_floats() {
        let list = |ty| Ty::List(Box::new(ty));
        let map = |ty| Ty::Map(Box::new(ty));
        let nullable = |ty| Ty::Nullable(Box::new(ty));
        for (ty, example, expected) in [
            (Ty::Number, "0.045843694", Ty::F64),
            (Ty::Number, " 3339357.5 ", Ty::F64),
            (Ty::Number, "2e-3", Ty::F64),
            (Ty::Number, "1E3", Ty::F64),
            (Ty::Number, "-1.0", Ty::F64),
            (list(Ty::Number), "[1, 2.5]", list(Ty::F64)),
            (list(list(Ty::Number)), "[[1], [2, 0.5]]", list(list(Ty::F64))),
            (map(Ty::Number), r#"{"a.b": 1, "c": 0.5}"#, map(Ty::F64)),
            (list(nullable(Ty::Number)), "[null, 0.5]", list(nullable(Ty::F64))),
            // Integers say nothing: a float field may show one.
            (Ty::Number, "10", Ty::Number),
            (Ty::Number, "-3", Ty::Number),
            (Ty::Number, "18446744073709551616123", Ty::Number),
            (list(Ty::Number), "[1,\n2]", list(Ty::Number)),
            // Dots and `e`s in map keys are no numbers.
            (map(Ty::Number), r#"{"e.g.\"x": 1, "E": 2}"#, map(Ty::Number)),
            (list(nullable(Ty::Number)), "[null, 1]", list(nullable(Ty::Number))),
            // Not numbers in the type's shape, or not JSON: no evidence.
            (Ty::Number, "1.5 seconds", Ty::Number),
            (Ty::Number, r#""1.5""#, Ty::Number),
            (list(Ty::Number), r#"[1.5, "x"]"#, list(Ty::Number)),
            (list(Ty::Number), "1.5", list(Ty::Number)),
            (map(Ty::Number), r#"{"a": true, "b": 1.5}"#, map(Ty::Number)),
            (Ty::Number, r#"{"example": 60.5}"#, Ty::Number),
            // Types of a known kind are left alone.
            (Ty::I64, "1.5", Ty::I64),
            (Ty::String, "1.5", Ty::String),
            (Ty::Json, "1.5", Ty::Json),
        ] {
            assert_eq!(floats_by_example(ty.clone(), example), expected, "{ty} with example {example:?}");
        }
    }

    #[test]
    fn models_are_found_by_id() {
        let (sources, spec) = java_spec(&[
            ("models/b/Zed.md", "# Zed\n"),
            ("models/a/Pet.md", "# Pet\n\n## Fields\n\n| Field | Type | Required | Description |\n| --- | --- | --- | --- |\n| `owner` | [Zed](../../models/b/Zed.md) | :heavy_check_mark: | N/A |\n"),
            ("models/a/Cat.md", "# Cat\n"),
        ]);
        let (krate, _) = resolve(&spec, &Config::default(), None, &sources, &HashSet::new(), &[]).unwrap();
        // Items are sorted into modules by name; ids stay the spec's order.
        for (id, title) in ["Zed", "Pet", "Cat"].into_iter().enumerate() {
            assert_eq!(krate.item(id).title, title);
        }
        let ItemKind::Struct(fields) = &krate.item(1).kind else { panic!("Pet is a struct") };
        let Ty::Model { id, .. } = fields[0].ty else { panic!("owner is a model") };
        assert_eq!(krate.item(id).title, "Zed");
    }

    #[test]
    fn numbers_of_hidden_encoding_keep_a_number_or_a_string() {
        let text = "# Amount\n\n## Fields\n\n| Field | Type | Required | Description |\n| --- | --- | --- | --- |\n| `units` | *String* | :heavy_check_mark: | N/A |\n| `value` | *String* | :heavy_check_mark: | N/A |\n| `history` | *String* | :heavy_check_mark: | N/A |\n";
        let (sources, mut spec) = java_spec(&[("models/a/Amount.md", text)]);
        let ModelKind::Struct(fields) = &mut spec.models[0].kind else { panic!("Amount is a struct") };
        fields[0].ty = Type::BigInteger;
        fields[1].ty = Type::BigDecimal;
        fields[2].ty = Type::List(Box::new(Type::BigDecimal));
        let (krate, _) = resolve(&spec, &Config::default(), None, &sources, &HashSet::new(), &[]).unwrap();
        let ItemKind::Struct(fields) = &krate.item(0).kind else { panic!("Amount is a struct") };
        let members = |ty: &Ty| {
            let Ty::Model { id, .. } = ty else { panic!("a union: {ty:?}") };
            let ItemKind::Union(variants) = &krate.item(*id).kind else { panic!("a union") };
            variants.iter().map(|v| v.ty.clone()).collect::<Vec<_>>()
        };
        assert_eq!(members(&fields[0].ty), [Ty::I128, Ty::String]);
        // A decimal reads strings too: the string is tried first, and keeps them strings.
        assert_eq!(members(&fields[1].ty), [Ty::String, Ty::Decimal]);
        let Ty::List(item) = &fields[2].ty else { panic!("a list") };
        assert_eq!(members(item), [Ty::String, Ty::Decimal]);
    }
}
