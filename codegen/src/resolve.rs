//! Resolution: gives the IR its meaning in Rust. Links become model references, Type
//! cells become Rust types, names become identifiers (collisions and keywords handled),
//! JSON keys follow the config, recursive types get a `Box`, and each type learns which
//! traits it can derive.

use std::collections::hash_map::Entry;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::rc::Rc;

use heck::{ToSnakeCase, ToUpperCamelCase};

use crate::config::{Config, ModelConfig, WireCase};
use crate::diag::Diagnostic;
use crate::infer::{self, FieldFacts, Forms, ModelFacts, Source, Target};
pub use crate::ir::Presence;
use crate::ir::{self, Enumeration, ModelKind, ModelRef, Paragraph, Spec, Type};
use crate::payloads::PayloadFile;
use crate::source::{find_linked, LinkMiss, SourceMap, Span};

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

/// A union listed in a Type cell (`A | B`), made a type next to the model whose field
/// holds it.
struct InlineUnion {
    /// The model whose field it is.
    parent: usize,
    field: String,
    variants: Vec<UnionVariant>,
}

impl<'a, 'c> Resolver<'a, 'c> {
    fn run(&mut self) -> Crate<'a> {
        for (index, model) in self.spec.models.iter().enumerate() {
            let rel = &self.sources.get(model.file).rel;
            self.by_path.insert(rel.to_lowercase(), index);
            self.by_name.entry(model.name.to_lowercase()).or_default().push(index);
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

    /// Gives every group a module name and every model a type name, unique in its module.
    fn assign_names(&mut self) {
        let mut module_of_folder: BTreeMap<&str, String> = BTreeMap::new();
        let mut taken_modules: HashMap<String, &str> = HashMap::new();
        for model in &self.spec.models {
            if module_of_folder.contains_key(model.group.as_str()) {
                continue;
            }
            let base = module_name(&model.group);
            let mut name = base.clone();
            let mut n = 2;
            while taken_modules.contains_key(&name) {
                name = format!("{base}_{n}");
                n += 1;
            }
            taken_modules.insert(name.clone(), &model.group);
            module_of_folder.insert(&model.group, name);
        }

        // Models are sorted by (group, name), so collisions resolve in that order. Each
        // folder has a module of its own, so names are taken per folder.
        let mut taken: HashMap<&str, HashMap<String, usize>> = HashMap::new();
        for (index, model) in self.spec.models.iter().enumerate() {
            let module = module_of_folder[model.group.as_str()].clone();
            let in_folder = taken.entry(model.group.as_str()).or_default();
            let base = match ident(&model.name.to_upper_camel_case(), "T") {
                Some(base) => base,
                None => {
                    self.diagnostics.push(
                        Diagnostic::error(format!("model name `{}` cannot be a Rust identifier", model.name))
                            .at(model.title_span.clone(), "no letters or digits")
                            .note("expected a title with at least one ASCII letter or digit, such as `# Pet`"),
                    );
                    "Model".to_owned()
                }
            };
            let mut name = base.clone();
            let mut n = 2;
            while let Some(&other) = in_folder.get(&name) {
                let other = &self.spec.models[other];
                if n == 2 && other.name == model.name {
                    self.diagnostics.push(
                        Diagnostic::error(format!("two models named `{}` in `{}`", model.name, model.group))
                            .at(model.title_span.clone(), "second model with this name")
                            .note(format!("the other is `{}`", self.sources.get(other.file).path.display())),
                    );
                } else if n == 2 {
                    self.diagnostics.push(
                        Diagnostic::warning(format!(
                            "models `{}` and `{}` have the same Rust name `{base}`",
                            other.name, model.name
                        ))
                        .at(model.title_span.clone(), "renamed to avoid the collision")
                        .note(format!("this one is named `{base}{n}`")),
                    );
                }
                name = format!("{base}{n}");
                n += 1;
            }
            in_folder.insert(name.clone(), index);
            self.names.push((module, name));
        }
    }

    /// The models `name` names: a title, or `folder/Title` (by docs folder or module).
    fn models_named(&self, name: &str) -> Vec<usize> {
        self.spec
            .models
            .iter()
            .enumerate()
            .filter(|(index, model)| {
                name == model.name
                    || names_in(name, &model.group, &model.name)
                    || names_in(name, &self.names[*index].0, &model.name)
            })
            .map(|(index, _)| index)
            .collect()
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

    /// The model a reference names: the target of its link, else the model of its title.
    fn model_ref(&mut self, model_index: usize, reference: &ModelRef) -> Option<Ty> {
        if let Some((url, url_span)) = &reference.link {
            return self.link_target(model_index, url, url_span);
        }
        let name = &reference.name;
        let mut candidates = self.by_name.get(&name.to_lowercase()).cloned().unwrap_or_default();
        if let (Some(namespace), [_, _, ..]) = (&reference.namespace, candidates.as_slice()) {
            // Models of one title in several folders: the one in the folder the name's
            // namespace names, where the spec folder itself is named by its own name.
            let root = self.sources.root.file_name().map(|name| name.to_string_lossy().into_owned()).unwrap_or_default();
            let in_folder = |&index: &usize| {
                let group = &self.spec.models[index].group;
                group.rsplit('/').next().filter(|folder| !folder.is_empty()).unwrap_or(&root).eq_ignore_ascii_case(namespace)
            };
            let narrowed: Vec<usize> = candidates.iter().copied().filter(in_folder).collect();
            if narrowed.len() == 1 {
                candidates = narrowed;
            }
        }
        match candidates.as_slice() {
            [index] => return Some(self.model_ty(*index)),
            [] => {
                // The dialect's types first, then the models' titles, in the spec's order.
                let names = self.spec.type_names;
                let titles = self.spec.models.iter().map(|model| model.name.as_str());
                let shown: Vec<&str> = names.iter().copied().take(7).collect();
                self.diagnostics.push(
                    Diagnostic::error(format!("unknown type `{name}`"))
                        .at(reference.span.clone(), "not a known type")
                        .note(format!("expected a type of the docs' dialect ({}, ...) or a link to a model doc", shown.join(", ")))
                        .did_you_mean(name, names.iter().copied().chain(titles)),
                );
            }
            several => {
                let docs: Vec<String> = several
                    .iter()
                    .map(|&i| format!("`{}`", self.sources.get(self.spec.models[i].file).rel))
                    .collect();
                self.diagnostics.push(
                    Diagnostic::error(format!("ambiguous type `{name}`: several models have this name"))
                        .at(reference.span.clone(), "ambiguous")
                        .note(format!("link the doc to say which: {}", docs.join(", "))),
                );
            }
        }
        None
    }

    fn link_target(&mut self, model_index: usize, url: &str, url_span: &Span) -> Option<Ty> {
        /// What a candidate path of a link names.
        enum Hit {
            Model(usize),
            /// A doc that could not be read or parsed, already reported.
            Unparsed,
        }
        let from = &self.sources.get(self.spec.models[model_index].file).rel;
        let path = url.split(['#', '?']).next().unwrap_or(url);
        let (by_path, unparsed) = (&self.by_path, self.unparsed);
        let found = find_linked(&self.sources.root, from, path, |candidate| match by_path.get(candidate) {
            Some(&index) => Some(Hit::Model(index)),
            None => unparsed.contains(candidate).then_some(Hit::Unparsed),
        });
        // No path matched: a doc with the link's file name, if exactly one has it (newer
        // Ruby docs link components through a `shared/` folder that does not exist).
        let found = match found {
            Err(LinkMiss::Missing { .. }) if let Some(index) = self.by_file_name(path) => Ok(Hit::Model(index)),
            other => other,
        };
        let diagnostic = match found {
            Ok(Hit::Model(index)) => return Some(self.model_ty(index)),
            Ok(Hit::Unparsed) => return None,
            Err(LinkMiss::Absolute) => Diagnostic::error(format!("link `{url}` leaves the spec folder"))
                .at(url_span.clone(), "points outside the spec folder")
                .note("links are resolved relative to the linking doc; an absolute path names no doc of the spec folder"),
            Err(LinkMiss::Missing { written: Some(target), tried }) => {
                let diagnostic = Diagnostic::error(format!("link to a missing doc `{target}`"))
                    .at(url_span.clone(), "no such doc in the spec folder")
                    .note(format!("expected a model doc at `{target}` (relative to the spec folder)"));
                match tried.get(1..) {
                    Some(others @ [_, ..]) => diagnostic.note(format!(
                        "the link climbs out of the spec folder, so the paths below the climb were tried too: {}",
                        code_list(others, "and")
                    )),
                    _ => diagnostic,
                }
            }
            Err(LinkMiss::Missing { written: None, tried }) => Diagnostic::error(format!("link `{url}` leaves the spec folder"))
                .at(url_span.clone(), "points outside the spec folder")
                .note(format!(
                    "a link that climbs out of the spec folder is matched by its path below the climb; no doc is at {} (relative to the spec folder)",
                    code_list(&tried, "or")
                )),
        };
        self.diagnostics.push(diagnostic);
        None
    }

    /// The variants of a union doc, in document order (ordered for reading later, once
    /// every model is known); `None` when a member cannot be one (its error reported).
    fn union_variants(&mut self, model_index: usize, members: &[ir::Member]) -> Option<Vec<UnionVariant>> {
        let mut variants: Vec<UnionVariant> = Vec::with_capacity(members.len());
        let mut idents: HashMap<String, usize> = HashMap::new();
        let mut complete = true;
        for member in members {
            // A member named without a link (C#'s `### Manual`) may name a model by its
            // own title or by the union's title before it (`PlaylistManual`); one that
            // names neither leaves the union keeping any JSON value.
            let mut ty = member.ty.clone();
            if let Type::Model(reference) = &mut ty
                && reference.link.is_none()
                && !self.by_name.contains_key(&reference.name.to_lowercase())
            {
                let qualified = format!("{}{}", self.spec.models[self.origin(model_index)].name, reference.name);
                if self.by_name.contains_key(&qualified.to_lowercase()) {
                    reference.name = qualified;
                } else {
                    self.diagnostics.push(
                        Diagnostic::warning(format!("union member `{}` names no model; the union keeps any JSON value", reference.name))
                            .at(member.span.clone(), "no model of this name")
                            .note(format!("expected a model titled `{}` or `{qualified}`", reference.name)),
                    );
                    return None;
                }
            }
            let Some((ty, raw)) = self.interpret(model_index, &ty) else {
                complete = false;
                continue;
            };
            if raw {
                self.diagnostics.push(
                    Diagnostic::error("a raw HTTP body cannot be a member of a union")
                        .at(member.span.clone(), "not JSON")
                        .note("a union's members are the JSON values it may hold"),
                );
                complete = false;
                continue;
            }
            // The same type twice (an integer-or-float union shows `number` twice) is one
            // member.
            if variants.iter().any(|v| v.ty == ty) {
                continue;
            }
            let base = member
                .name
                .as_deref()
                .and_then(|name| ident(&name.to_upper_camel_case(), "V"))
                .unwrap_or_else(|| variant_name(&ty));
            let mut name = base.clone();
            let mut n = 2;
            while idents.contains_key(&name) {
                name = format!("{base}{n}");
                n += 1;
            }
            idents.insert(name.clone(), variants.len());
            variants.push(UnionVariant { ident: name, ty });
        }
        (complete && !variants.is_empty()).then_some(variants)
    }

    /// A union listed in a Type cell: a type of its own next to the model, named after
    /// the model and the field (`PetOwner`); a union of one type is that type.
    fn inline_union(&mut self, model_index: usize, members: &[Type]) -> Option<(Ty, bool)> {
        let members: Vec<ir::Member> = members
            .iter()
            .map(|ty| ir::Member { ty: ty.clone(), name: None, span: Span::new(self.spec.models[model_index].file, 0..0) })
            .collect();
        let field = self.current_field.unwrap_or("member").to_owned();
        let variants = self.union_variants(model_index, &members)?;
        if let [only] = variants.as_slice() {
            return Some((only.ty.clone(), false));
        }
        let module = self.names[model_index].0.clone();
        let base = format!("{}{}", self.names[model_index].1, ident(&field.to_upper_camel_case(), "V").unwrap_or_default());
        let mut name = base.clone();
        let mut n = 2;
        while self.names.iter().any(|(m, taken)| *m == module && *taken == name) {
            name = format!("{base}{n}");
            n += 1;
        }
        let id = self.names.len();
        self.names.push((module.clone(), name.clone()));
        self.inline.push(InlineUnion { parent: model_index, field, variants });
        Some((Ty::Model { module, name, boxed: false, id }, false))
    }

    /// The spec model a model id comes from: itself, or for an inline union the model
    /// whose field holds it.
    fn origin(&self, id: usize) -> usize {
        match id.checked_sub(self.spec.models.len()) {
            None => id,
            Some(offset) => self.inline[offset].parent,
        }
    }

    /// The model a link `path` that matched no path names by its file name (any case):
    /// the one doc of the spec with that name, parsed or not; or, where docs of several
    /// folders have it, the one in the folder that the link's folder stands for: the
    /// folder where the other links through the same folder name lead when their file
    /// name is unique (newer Ruby docs link components through a `shared/` folder that
    /// does not exist, and some component names are also operation names).
    fn by_file_name(&mut self, path: &str) -> Option<usize> {
        let (dir, file) = folder_and_file(path)?;
        let candidates = self.docs_named(&file);
        let unparsed = self.unparsed.iter().filter(|rel| folder_and_file(rel).is_some_and(|(_, f)| f == file)).count();
        match (candidates.as_slice(), unparsed) {
            ([(_, index)], 0) => Some(*index),
            ([], _) | (_, 1..) => None,
            _ => {
                let folder = self.folder_stands_for(&dir)?;
                candidates.iter().find(|(rel, _)| folder_and_file(rel).is_some_and(|(d, _)| d == folder)).map(|&(_, index)| index)
            }
        }
    }

    /// The parsed docs whose file name is `file` (lower case), by path.
    fn docs_named(&self, file: &str) -> Vec<(String, usize)> {
        let mut docs: Vec<(String, usize)> = self
            .by_path
            .iter()
            .filter(|(rel, _)| folder_and_file(rel).is_some_and(|(_, f)| f == file))
            .map(|(rel, &index)| (rel.clone(), index))
            .collect();
        docs.sort();
        docs
    }

    /// Where the links written through the folder name `dir` lead, by majority of those
    /// whose file name is unique (ties to the first folder by name); `None` when a doc is
    /// in a folder of that name (its links matched by path) or none lead anywhere.
    fn folder_stands_for(&mut self, dir: &str) -> Option<String> {
        if let Some(known) = self.folder_stands_for.get(dir) {
            return known.clone();
        }
        let exists = self.by_path.keys().any(|rel| folder_and_file(rel).is_some_and(|(d, _)| d == dir));
        let mut links = Vec::new();
        if !exists {
            for model in &self.spec.models {
                if let ModelKind::Struct(fields) = &model.kind {
                    for field in fields {
                        collect_links(&field.ty, &mut links);
                    }
                }
            }
        }
        let mut votes: BTreeMap<String, usize> = BTreeMap::new();
        for url in links {
            let path = url.split(['#', '?']).next().unwrap_or(url);
            let Some((link_dir, file)) = folder_and_file(path) else { continue };
            if link_dir != dir {
                continue;
            }
            if let [(rel, _)] = self.docs_named(&file).as_slice()
                && let Some((folder, _)) = folder_and_file(rel)
            {
                *votes.entry(folder).or_default() += 1;
            }
        }
        let best = votes.iter().max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0))).map(|(folder, _)| folder.clone());
        self.folder_stands_for.insert(dir.to_owned(), best.clone());
        best
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
            let base = ident(&source.to_upper_camel_case(), "V")
                .or_else(|| ident(&value.value.to_upper_camel_case(), "V"))
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

/// The name of a union variant holding `ty`: the model's name, else what the type is.
fn variant_name(ty: &Ty) -> String {
    match ty {
        Ty::String => "String".to_owned(),
        Ty::I16 | Ty::I32 | Ty::I64 | Ty::I128 => "Integer".to_owned(),
        Ty::F64 | Ty::Number => "Number".to_owned(),
        Ty::Bool => "Boolean".to_owned(),
        Ty::Decimal => "Decimal".to_owned(),
        Ty::Json => "Any".to_owned(),
        Ty::DateTime => "DateTime".to_owned(),
        Ty::Date => "Date".to_owned(),
        Ty::NaiveDateTime => "NaiveDateTime".to_owned(),
        Ty::Bytes => "Bytes".to_owned(),
        Ty::List(inner) => format!("ListOf{}", variant_name(inner)),
        Ty::Map(inner) => format!("MapOf{}", variant_name(inner)),
        Ty::Nullable(inner) => format!("Nullable{}", variant_name(inner)),
        Ty::Model { name, .. } => name.clone(),
    }
}

/// Orders each union's variants so that untagged reading (the first variant that reads
/// a value wins) gives each member's JSON to that member: booleans, integers (before
/// numbers, which would take them too), numbers, dates, enums, strings, decimals (which
/// read strings too), then objects with the most required keys first (a struct ignores
/// keys it does not know, so one with fewer required keys would take the others' values),
/// lists, maps, and any JSON last. The sort is stable: members of one rank keep the docs'
/// order. Struct members are boxed.
fn order_union_variants(items: &mut [Item]) {
    let rank = |ty: &Ty, items: &[Item]| -> (u8, isize, isize) {
        match ty {
            Ty::Bool => (0, 0, 0),
            Ty::I16 | Ty::I32 | Ty::I64 | Ty::I128 => (1, 0, 0),
            Ty::F64 | Ty::Number => (2, 0, 0),
            // A decimal reads strings as well as numbers: after the strings, which then
            // keep theirs.
            Ty::Decimal => (5, 1, 0),
            Ty::Date | Ty::NaiveDateTime | Ty::DateTime => (3, 0, 0),
            Ty::Model { id, .. } => match &items[*id].kind {
                ItemKind::Enum(_) => (4, 0, 0),
                ItemKind::Struct(fields) => {
                    let required = fields.iter().filter(|f| matches!(f.presence, Presence::Required | Presence::RequiredNullable) && !f.raw).count();
                    (6, -(required as isize), -(fields.len() as isize))
                }
                ItemKind::Union(_) => (8, 0, 0),
                ItemKind::Any => (10, 0, 0),
            },
            Ty::String | Ty::Bytes => (5, 0, 0),
            Ty::List(_) => (7, 0, 0),
            Ty::Map(_) | Ty::Nullable(_) => (9, 0, 0),
            Ty::Json => (10, 0, 0),
        }
    };
    for i in 0..items.len() {
        let ItemKind::Union(variants) = &items[i].kind else { continue };
        let mut order: Vec<(usize, (u8, isize, isize))> =
            variants.iter().enumerate().map(|(index, v)| (index, rank(&v.ty, items))).collect();
        order.sort_by_key(|(index, key)| (*key, *index));
        let is_struct: Vec<bool> =
            variants.iter().map(|v| matches!(v.ty, Ty::Model { id, .. } if matches!(items[id].kind, ItemKind::Struct(_)))).collect();
        let ItemKind::Union(variants) = &mut items[i].kind else { continue };
        let mut taken: Vec<Option<UnionVariant>> = variants.drain(..).map(Some).collect();
        // A struct member is boxed: the enum is then as small as its other members, not as
        // large as its largest struct.
        for (variant, is_struct) in taken.iter_mut().zip(is_struct) {
            if let Some(UnionVariant { ty: Ty::Model { boxed, .. }, .. }) = variant {
                *boxed |= is_struct;
            }
        }
        variants.extend(order.into_iter().filter_map(|(index, _)| taken[index].take()));
    }
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

/// Whether `name` is `{folder}/{title}`.
fn names_in(name: &str, folder: &str, title: &str) -> bool {
    name.strip_prefix(folder).and_then(|rest| rest.strip_prefix('/')) == Some(title)
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



/// Module name of a docs folder: `models/components` -> `components`.
fn module_name(folder: &str) -> String {
    let mut parts: Vec<&str> = folder.split('/').filter(|p| !p.is_empty()).collect();
    if parts.first() == Some(&"models") && parts.len() > 1 {
        parts.remove(0);
    }
    let joined = parts.join("_").to_snake_case();
    ident(&joined, "m").unwrap_or_else(|| "models".to_owned())
}

/// Strict and reserved keywords of Rust, sorted (by byte) for binary search: every
/// field, variant and type name is checked.
const RUST_KEYWORDS: &[&str] = &[
    "Self", "abstract", "as", "async", "await", "become", "box", "break", "const", "continue",
    "crate", "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if",
    "impl", "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv",
    "pub", "ref", "return", "self", "static", "struct", "super", "trait", "true", "try", "type",
    "typeof", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Turns an already cased name into a Rust identifier: drops characters that cannot
/// appear in one, prefixes a leading digit, and escapes keywords (`r#type`, `self_`).
/// `None` when nothing usable is left.
pub fn ident(cased: &str, digit_prefix: &str) -> Option<String> {
    let is_ident_char = |c: char| c.is_ascii_alphanumeric() || c == '_';
    // Cased names are almost always clean already: checked as bytes (any byte of a
    // non-ASCII character fails) and copied whole rather than char by char.
    let clean = cased.bytes().all(|b| is_ident_char(char::from(b)));
    let cleaned: String = if clean { cased.to_owned() } else { cased.chars().filter(|&c| is_ident_char(c)).collect() };
    if !cleaned.bytes().any(|b| b.is_ascii_alphanumeric()) {
        return None;
    }
    let cleaned = if cleaned.starts_with(|c: char| c.is_ascii_digit()) {
        format!("{digit_prefix}{cleaned}")
    } else {
        cleaned
    };
    Some(if RUST_KEYWORDS.binary_search(&cleaned.as_str()).is_ok() {
        if matches!(cleaned.as_str(), "self" | "Self" | "super" | "crate") {
            format!("{cleaned}_")
        } else {
            format!("r#{cleaned}")
        }
    } else {
        cleaned
    })
}

/// Puts a `Box` on every direct reference (not behind a `Vec` or map, which already
/// allocate) that closes a cycle of structs.
fn box_cycles(items: &mut [Item]) {
    let edges: Vec<Vec<usize>> = items
        .iter()
        .map(|item| {
            direct_types(item)
                .filter_map(|ty| match ty {
                    Ty::Model { id, .. } => Some(*id),
                    _ => None,
                })
                .collect()
        })
        .collect();
    let component = strongly_connected(&edges);
    for (i, item) in items.iter_mut().enumerate() {
        let types: Vec<&mut Ty> = match &mut item.kind {
            ItemKind::Struct(fields) => fields.iter_mut().map(|f| &mut f.ty).collect(),
            ItemKind::Union(variants) => variants.iter_mut().map(|v| &mut v.ty).collect(),
            _ => Vec::new(),
        };
        for ty in types {
            if let Ty::Model { id, boxed, .. } = ty {
                *boxed |= component[*id] == component[i];
            }
        }
    }
}

/// The types a struct's fields or a union's variants hold.
fn direct_types<'i>(item: &'i Item) -> Box<dyn Iterator<Item = &'i Ty> + 'i> {
    match &item.kind {
        ItemKind::Struct(fields) => Box::new(fields.iter().map(|f| &f.ty)),
        ItemKind::Union(variants) => Box::new(variants.iter().map(|v| &v.ty)),
        _ => Box::new(std::iter::empty()),
    }
}

/// Tarjan's algorithm, iterative. Returns the component id of each node.
fn strongly_connected(edges: &[Vec<usize>]) -> Vec<usize> {
    const UNSEEN: usize = usize::MAX;
    let n = edges.len();
    let mut order = vec![UNSEEN; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut component = vec![UNSEEN; n];
    let mut stack = Vec::new();
    let mut counter = 0;
    let mut components = 0;
    for root in 0..n {
        if order[root] != UNSEEN {
            continue;
        }
        let mut work = vec![(root, 0usize)];
        while let Some(&mut (node, ref mut next)) = work.last_mut() {
            if *next == 0 && order[node] == UNSEEN {
                order[node] = counter;
                low[node] = counter;
                counter += 1;
                stack.push(node);
                on_stack[node] = true;
            }
            if let Some(&child) = edges[node].get(*next) {
                *next += 1;
                if order[child] == UNSEEN {
                    work.push((child, 0));
                } else if on_stack[child] {
                    low[node] = low[node].min(order[child]);
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[node]);
            }
            if low[node] == order[node] {
                while let Some(member) = stack.pop() {
                    on_stack[member] = false;
                    component[member] = components;
                    if member == node {
                        break;
                    }
                }
                components += 1;
            }
        }
    }
    component
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

/// The last folder name and the file name of a path, lower-cased (`""` for no folder).
fn folder_and_file(path: &str) -> Option<(String, String)> {
    let mut parts = path.rsplit('/');
    let file = parts.next().filter(|f| !f.is_empty())?.to_lowercase();
    Some((parts.next().unwrap_or("").to_lowercase(), file))
}

/// The link targets of the model references in `ty`.
fn collect_links<'t>(ty: &'t Type, out: &mut Vec<&'t str>) {
    match ty {
        Type::Model(ModelRef { link: Some((url, _)), .. }) => out.push(url),
        Type::List(inner) | Type::Map(inner) | Type::Nullable(inner) => collect_links(inner, out),
        Type::Union(members) => members.iter().for_each(|m| collect_links(m, out)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_are_always_valid() {
        assert_eq!(ident("type", "_").as_deref(), Some("r#type"));
        assert_eq!(ident("gen", "_").as_deref(), Some("r#gen"));
        assert_eq!(ident("self", "_").as_deref(), Some("self_"));
        assert_eq!(ident("Self", "T").as_deref(), Some("Self_"));
        assert_eq!(ident("123abc", "_").as_deref(), Some("_123abc"));
        assert_eq!(ident("1", "V").as_deref(), Some("V1"));
        assert_eq!(ident("foo-bar", "_").as_deref(), Some("foobar"));
        assert_eq!(ident("", "_"), None);
        assert_eq!(ident("__", "_"), None);
    }

    #[test]
    fn keywords_are_sorted_for_binary_search() {
        assert!(RUST_KEYWORDS.is_sorted());
    }

    #[test]
    fn module_names_drop_the_models_folder() {
        assert_eq!(module_name("models/components"), "components");
        assert_eq!(module_name("components"), "components");
        assert_eq!(module_name(""), "models");
        assert_eq!(module_name("models"), "models");
        assert_eq!(module_name("models/shared/v2"), "shared_v2");
        assert_eq!(module_name("models/Type"), "r#type");
    }

    #[test]
    fn models_are_found_by_id() {
        let mut sources = SourceMap::default();
        let mut spec = Spec::default();
        for (group, name, text) in [
            ("models/b", "Zed", "# Zed\n"),
            ("models/a", "Pet", "# Pet\n\n## Fields\n\n| Field | Type | Required | Description |\n| --- | --- | --- | --- |\n| `owner` | [Zed](../../models/b/Zed.md) | :heavy_check_mark: | N/A |\n"),
            ("models/a", "Cat", "# Cat\n"),
        ] {
            let rel = format!("{group}/{name}.md");
            sources.files.push(crate::source::SourceFile { path: rel.clone().into(), rel, text: text.to_owned() });
            let id = sources.files.len() - 1;
            let java = crate::parse::Dialect::Java.front_end();
            spec.models.extend(crate::parse::parse_doc(id, sources.get(id), java).model);
        }
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
    fn union_members_are_ordered_for_reading() {
        let mut sources = SourceMap::default();
        let docs = [
            ("models/a/Pet.md", "# Pet\n\n## Fields\n\n| Field | Type | Required | Description |\n| --- | --- | --- | --- |\n| `name` | *String* | :heavy_check_mark: | N/A |\n| `age` | *long* | :heavy_check_mark: | N/A |\n"),
            ("models/a/Tag.md", "# Tag\n\n## Fields\n\n| Field | Type | Required | Description |\n| --- | --- | --- | --- |\n| `name` | *String* | :heavy_check_mark: | N/A |\n"),
            ("models/a/Value.md", "# Value\n"),
        ];
        let java = crate::parse::Dialect::Java.front_end();
        let mut spec = Spec::default();
        for (rel, text) in docs {
            sources.files.push(crate::source::SourceFile { path: rel.into(), rel: rel.to_owned(), text: text.to_owned() });
            let id = sources.files.len() - 1;
            spec.models.extend(crate::parse::parse_doc(id, sources.get(id), java).model);
        }
        let span = Span::new(2, 0..0);
        let model = |name: &str| Type::Model(ModelRef { namespace: None, link: None, name: name.to_owned(), span: span.clone() });
        let member = |ty: Type, name: Option<&str>| ir::Member { ty, name: name.map(str::to_owned), span: span.clone() };
        // Docs order: a string, the struct with fewer required keys, a float, an integer,
        // the struct with more, a float again (the same member twice).
        spec.models[2].kind = ModelKind::Union(vec![
            member(Type::String, None),
            member(model("Tag"), None),
            member(Type::F64, Some("amount")),
            member(Type::I64, None),
            member(model("Pet"), None),
            member(Type::F64, None),
        ]);
        let (krate, _) = resolve(&spec, &Config::default(), None, &sources, &HashSet::new(), &[]).unwrap();
        let ItemKind::Union(variants) = &krate.item(2).kind else { panic!("Value is a union") };
        let order: Vec<&str> = variants.iter().map(|v| v.ident.as_str()).collect();
        assert_eq!(order, ["Integer", "Amount", "String", "Pet", "Tag"]);
        assert_eq!(krate.item(2).traits, Traits { eq: false, hash: false, default: false });
    }

    #[test]
    fn unions_listed_in_type_cells_are_types_of_their_own() {
        let mut sources = SourceMap::default();
        let text = "# Pet\n\n## Fields\n\n| Field | Type | Required | Description |\n| --- | --- | --- | --- |\n| `owner` | *String* | :heavy_check_mark: | N/A |\n| `tag` | *String* | :heavy_minus_sign: | N/A |\n";
        sources.files.push(crate::source::SourceFile { path: "models/a/Pet.md".into(), rel: "models/a/Pet.md".into(), text: text.to_owned() });
        let java = crate::parse::Dialect::Java.front_end();
        let mut spec = Spec::default();
        spec.models.extend(crate::parse::parse_doc(0, sources.get(0), java).model);
        let ModelKind::Struct(fields) = &mut spec.models[0].kind else { panic!("Pet is a struct") };
        fields[0].ty = Type::Union(vec![Type::String, Type::List(Box::new(Type::String)), Type::I64]);
        fields[1].ty = Type::Union(vec![Type::String, Type::String]);
        let (krate, _) = resolve(&spec, &Config::default(), None, &sources, &HashSet::new(), &[]).unwrap();
        let ItemKind::Struct(fields) = &krate.item(0).kind else { panic!("Pet is a struct") };
        // A union of one type is that type.
        assert_eq!(fields[1].ty, Ty::String);
        let Ty::Model { id, ref name, .. } = fields[0].ty else { panic!("owner is a union: {:?}", fields[0].ty) };
        assert_eq!(name, "PetOwner");
        let union = krate.item(id);
        assert_eq!(union.note.as_deref(), Some("One of the types the `owner` field of `Pet` holds."));
        let ItemKind::Union(variants) = &union.kind else { panic!("a union") };
        assert_eq!(variants.iter().map(|v| v.ident.as_str()).collect::<Vec<_>>(), ["Integer", "String", "ListOfString"]);
        assert_eq!(krate.modules[0].items.iter().map(|i| i.name.as_str()).collect::<Vec<_>>(), ["Pet", "PetOwner"]);
    }

    #[test]
    fn numbers_of_hidden_encoding_keep_a_number_or_a_string() {
        let mut sources = SourceMap::default();
        let text = "# Amount\n\n## Fields\n\n| Field | Type | Required | Description |\n| --- | --- | --- | --- |\n| `units` | *String* | :heavy_check_mark: | N/A |\n| `value` | *String* | :heavy_check_mark: | N/A |\n| `history` | *String* | :heavy_check_mark: | N/A |\n";
        sources.files.push(crate::source::SourceFile { path: "models/a/Amount.md".into(), rel: "models/a/Amount.md".into(), text: text.to_owned() });
        let java = crate::parse::Dialect::Java.front_end();
        let mut spec = Spec::default();
        spec.models.extend(crate::parse::parse_doc(0, sources.get(0), java).model);
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

    #[test]
    fn cycles_are_found() {
        // 0 -> 1 -> 0 is a cycle; 2 -> 2 is a self loop; 3 is alone.
        let components = strongly_connected(&[vec![1], vec![0, 3], vec![2], vec![]]);
        assert_eq!(components[0], components[1]);
        assert_ne!(components[0], components[2]);
        assert_ne!(components[3], components[0]);
        assert_ne!(components[3], components[2]);
    }
}
