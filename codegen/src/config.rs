//! The generator's config file, `codegen.toml` in the spec folder.
//!
//! ```toml
//! wire-case = "snake_case"          # JSON keys of every field: as-written | snake_case | camelCase
//!
//! [models.Agreement]                # a model title, or "group/Title" to pick one group's
//! wire-case = "as-written"          # this model's default
//! keys = { links = "_links" }       # JSON keys of single fields, by Field-column name
//! types = { weight = "decimal" }    # the type of single fields, over the docs' (see TYPE_NAMES)
//!
//! [models.Status]
//! open = true                       # an enum that keeps values the docs do not list
//! ```
//!
//! `roots = ["Shipment"]` (top level) keeps only the models reachable from those named.
//! A build script's [`crate::Config`] settings arrive as a second file of the same
//! format, merged over this one (see [`FileConfig::merge`]).

use std::collections::BTreeMap;
use std::str::FromStr;

use serde::Deserialize;
use toml::Spanned;

use crate::diag::Diagnostic;
use crate::ir::Type;
use crate::parse::{Dialect, MAX_DEPTH};
use crate::source::{FileId, Span};

/// How the JSON key of a field is derived from its Field-column name.
///
/// Its names ([`WireCase::as_str`]) are those of `codegen.toml` and of `--wire-case`; the
/// serde renames below must spell them the same (a unit test checks).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
pub enum WireCase {
    /// The name exactly as the docs write it (`clientId`).
    #[default]
    #[serde(rename = "as-written")]
    AsWritten,
    /// `clientId` travels as `client_id`.
    #[serde(rename = "snake_case")]
    SnakeCase,
    /// `client_id` travels as `clientId`.
    #[serde(rename = "camelCase")]
    CamelCase,
}

impl WireCase {
    /// Every wire case.
    pub const ALL: [WireCase; 3] = [WireCase::AsWritten, WireCase::SnakeCase, WireCase::CamelCase];

    /// The name of this case in `codegen.toml` and on the command line.
    pub const fn as_str(self) -> &'static str {
        match self {
            WireCase::AsWritten => "as-written",
            WireCase::SnakeCase => "snake_case",
            WireCase::CamelCase => "camelCase",
        }
    }
}

impl FromStr for WireCase {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let [a, b, c] = WireCase::ALL.map(WireCase::as_str);
        WireCase::ALL
            .into_iter()
            .find(|case| case.as_str() == s)
            .ok_or_else(|| format!("unknown wire case `{s}`; expected `{a}`, `{b}` or `{c}`"))
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawConfig {
    wire_case: Option<WireCase>,
    dialect: Option<Spanned<String>>,
    derive_deserialize: Option<bool>,
    derives: Option<Vec<Spanned<String>>>,
    #[serde(default)]
    roots: Vec<Spanned<String>>,
    #[serde(default)]
    models: BTreeMap<Spanned<String>, RawModel>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawModel {
    wire_case: Option<WireCase>,
    #[serde(default)]
    keys: BTreeMap<Spanned<String>, String>,
    #[serde(default)]
    types: BTreeMap<Spanned<String>, Spanned<String>>,
    open: Option<bool>,
}

/// The parsed config, with spans kept so overrides naming nothing can be reported.
#[derive(Debug, Default)]
pub struct FileConfig {
    /// The default key policy, if the file sets one; otherwise it is inferred.
    pub wire_case: Option<WireCase>,
    /// The docs' dialect, if the file sets it; otherwise it is detected.
    pub dialect: Option<Dialect>,
    /// Structs derive serde's `Deserialize` instead of getting a written-out one
    /// (`derive-deserialize = true`).
    pub derive_deserialize: Option<bool>,
    /// The derives of structs, unions and free-form models (`derives = [...]`), if the
    /// file sets them; otherwise [`Derives::default`].
    pub derives: Option<Derives>,
    /// Models to keep with what they refer to (`Title` or `group/Title`); empty keeps all.
    pub roots: Vec<Root>,
    pub models: Vec<ModelConfig>,
}

/// The name the resolver knows the parsed config by.
pub type Config = FileConfig;

/// The derives of the models that hold fields (structs, unions and free-form models),
/// beside serde's: each standard one where every field allows it (`Eq`, `Hash` and
/// `Default` need fields that have them), then the `extra` paths (`schemars::JsonSchema`)
/// on every model, enums too. Enums keep their own standard derives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Derives {
    pub debug: bool,
    pub clone: bool,
    pub partial_eq: bool,
    pub eq: bool,
    pub hash: bool,
    pub default: bool,
    /// Paths of other derive macros, as written.
    pub extra: Vec<String>,
}

impl Default for Derives {
    /// Every standard derive, no extra one.
    fn default() -> Derives {
        Derives { debug: true, clone: true, partial_eq: true, eq: true, hash: true, default: true, extra: Vec::new() }
    }
}

/// The standard derives `derives` may name.
pub const DERIVE_NAMES: &[&str] = &["Debug", "Clone", "PartialEq", "Eq", "Hash", "Default"];

impl Derives {
    /// Reads the names of `derives`: standard ones of [`DERIVE_NAMES`], or paths with
    /// `::`. The error points at the name that is wrong.
    fn parse(file: FileId, names: &[Spanned<String>]) -> Result<Derives, Diagnostic> {
        let mut derives = Derives {
            debug: false,
            clone: false,
            partial_eq: false,
            eq: false,
            hash: false,
            default: false,
            extra: Vec::new(),
        };
        for name in names {
            let span = Span::new(file, name.span());
            let text = name.get_ref().trim();
            let flag = match text {
                "Debug" => &mut derives.debug,
                "Clone" => &mut derives.clone,
                "PartialEq" => &mut derives.partial_eq,
                "Eq" => &mut derives.eq,
                "Hash" => &mut derives.hash,
                "Default" => &mut derives.default,
                path if path.contains("::") && is_path(path) => {
                    if !derives.extra.iter().any(|p| p == path) {
                        derives.extra.push(path.to_owned());
                    }
                    continue;
                }
                other => {
                    let diagnostic = Diagnostic::error(format!("invalid config: unknown derive `{other}`"))
                        .at(span, "not a derive of `derives`")
                        .note(format!(
                            "expected one of {}, or the path of another derive macro (`schemars::JsonSchema`)",
                            code_names(DERIVE_NAMES)
                        ));
                    return Err(match crate::diag::closest(other, DERIVE_NAMES.iter().copied()) {
                        Some(best) => diagnostic.help(format!("did you mean `{best}`?")),
                        None => diagnostic,
                    });
                }
            };
            *flag = true;
        }
        if derives.eq && !derives.partial_eq {
            let at = names.iter().find(|n| n.get_ref().trim() == "Eq").map_or(0..0, |n| n.span());
            return Err(Diagnostic::error("invalid config: `Eq` needs `PartialEq`")
                .at(Span::new(file, at), "`Eq` without `PartialEq`")
                .help("add `PartialEq` to `derives`, or leave `Eq` out"));
        }
        Ok(derives)
    }
}

/// Whether `text` is a Rust path of identifiers (`schemars::JsonSchema`, `::a::B`).
fn is_path(text: &str) -> bool {
    let text = text.strip_prefix("::").unwrap_or(text);
    text.split("::").all(|segment| {
        let mut chars = segment.chars();
        chars.next().is_some_and(|c| c == '_' || c.is_alphabetic()) && chars.all(|c| c == '_' || c.is_alphanumeric())
    })
}

/// One of the `roots`.
#[derive(Debug)]
pub struct Root {
    pub name: String,
    pub span: Span,
}

#[derive(Debug)]
pub struct ModelConfig {
    /// `Title` or `group/Title`.
    pub name: String,
    pub span: Span,
    pub wire_case: Option<WireCase>,
    pub keys: Vec<KeyOverride>,
    pub types: Vec<TypeOverride>,
    pub open: Option<bool>,
}

#[derive(Debug)]
pub struct KeyOverride {
    pub field: String,
    pub key: String,
    pub span: Span,
}

/// The type of one field, set over what its Type cell says (`types = { bigint_str =
/// "string" }`), for docs whose dialect hides it (Python's `int` for a big integer sent
/// as a string).
#[derive(Debug)]
pub struct TypeOverride {
    pub field: String,
    pub ty: Type,
    /// The Field-column name in the config.
    pub span: Span,
}

/// The type names of `types`, in the words of no dialect; `list<T>` and `map<T>` (string
/// keys) wrap any of them.
pub const TYPE_NAMES: &[&str] = &[
    "string", "bool", "i32", "i64", "f64", "number", "decimal", "big-integer", "big-decimal", "date", "date-time", "bytes",
    "any",
];

/// The meaning of one of [`TYPE_NAMES`], or of `list<T>` / `map<T>` around one.
fn type_named(name: &str) -> Option<Type> {
    Some(match name {
        "string" => Type::String,
        "bool" => Type::Bool,
        "i32" => Type::I32,
        "i64" => Type::I64,
        "f64" => Type::F64,
        "number" => Type::Number,
        "decimal" => Type::Decimal,
        "big-integer" => Type::BigInteger,
        "big-decimal" => Type::BigDecimal,
        "date" => Type::Date,
        "date-time" => Type::DateTime,
        "bytes" => Type::Bytes,
        "any" => Type::Any,
        _ => return None,
    })
}

/// Reads a type of `types`: a name of [`TYPE_NAMES`], or `list<T>` / `map<T>` around
/// a type, at most [`MAX_DEPTH`] deep (as Type cells), read without recursion. The error says what
/// was wrong, and the name that was meant where one is close.
fn parse_type_override(text: &str) -> Result<Type, (String, Option<&'static str>)> {
    let mut rest = text.trim();
    let mut wrappers = Vec::new();
    loop {
        let (wrapper, inner) = match (rest.strip_prefix("list<"), rest.strip_prefix("map<")) {
            (Some(inner), _) => (Type::List as fn(Box<Type>) -> Type, inner),
            (_, Some(inner)) => (Type::Map as fn(Box<Type>) -> Type, inner),
            (None, None) => break,
        };
        let Some(inner) = inner.strip_suffix('>') else {
            return Err((format!("unclosed `<` in `{text}`"), None));
        };
        if wrappers.len() == MAX_DEPTH {
            return Err((format!("the type is nested too deeply (types nest at most {MAX_DEPTH} levels deep)"), None));
        }
        wrappers.push(wrapper);
        rest = inner.trim();
    }
    let Some(leaf) = type_named(rest) else {
        let hint = crate::diag::closest(rest, TYPE_NAMES.iter().copied());
        return Err((format!("unknown type `{rest}`"), hint));
    };
    Ok(wrappers.into_iter().rev().fold(leaf, |inner, wrap| wrap(Box::new(inner))))
}

impl FileConfig {
    /// Parses the config file `file` whose text is `text`.
    pub fn parse(file: FileId, text: &str) -> Result<FileConfig, Diagnostic> {
        let raw: RawConfig = toml::from_str(text).map_err(|e| {
            let range = e.span().unwrap_or(0..0);
            Diagnostic::error(format!("invalid config: {}", e.message()))
                .at(Span::new(file, range), "here")
                .note("see the README for the keys `wire-case`, `dialect`, `derive-deserialize`, `derives`, `roots` and `[models.Name]` (`wire-case`, `keys`, `types`, `open`)")
        })?;
        let dialect = match raw.dialect {
            None => None,
            Some(name) => Some(name.get_ref().parse::<Dialect>().map_err(|why| {
                Diagnostic::error(format!("invalid config: {why}")).at(Span::new(file, name.span()), "not a dialect")
            })?),
        };
        let derives = raw.derives.as_deref().map(|names| Derives::parse(file, names)).transpose()?;
        let mut models = Vec::with_capacity(raw.models.len());
        for (name, model) in raw.models {
            let mut types = Vec::with_capacity(model.types.len());
            for (field, ty) in model.types {
                let parsed = parse_type_override(ty.get_ref()).map_err(|(why, hint)| {
                    let diagnostic = Diagnostic::error(format!("invalid config: {why}"))
                        .at(Span::new(file, ty.span()), "not a type of `types`")
                        .note(format!("expected one of {}, or `list<T>` or `map<T>` of one", code_names(TYPE_NAMES)));
                    match hint {
                        Some(best) => diagnostic.help(format!("did you mean `{best}`?")),
                        None => diagnostic,
                    }
                })?;
                types.push(TypeOverride { span: Span::new(file, field.span()), field: field.into_inner(), ty: parsed });
            }
            models.push(ModelConfig {
                span: Span::new(file, name.span()),
                name: name.into_inner(),
                wire_case: model.wire_case,
                keys: model
                    .keys
                    .into_iter()
                    .map(|(field, key)| KeyOverride {
                        span: Span::new(file, field.span()),
                        field: field.into_inner(),
                        key,
                    })
                    .collect(),
                types,
                open: model.open,
            });
        }
        let roots = raw.roots.into_iter().map(|root| Root { span: Span::new(file, root.span()), name: root.into_inner() }).collect();
        Ok(FileConfig { wire_case: raw.wire_case, dialect, derive_deserialize: raw.derive_deserialize, derives, roots, models })
    }

    /// `self` with `over` on top: its wire case, dialect, roots (when it names any) and each
    /// model's settings win; the keys and types of a model's fields add up, `over`'s winning.
    pub fn merge(mut self, over: FileConfig) -> FileConfig {
        if over.wire_case.is_some() {
            self.wire_case = over.wire_case;
        }
        if over.derive_deserialize.is_some() {
            self.derive_deserialize = over.derive_deserialize;
        }
        if over.derives.is_some() {
            self.derives = over.derives;
        }
        if over.dialect.is_some() {
            self.dialect = over.dialect;
        }
        if !over.roots.is_empty() {
            self.roots = over.roots;
        }
        for model in over.models {
            match self.models.iter_mut().find(|m| m.name == model.name) {
                None => self.models.push(model),
                Some(base) => {
                    base.span = model.span;
                    base.wire_case = model.wire_case.or(base.wire_case);
                    base.open = model.open.or(base.open);
                    base.keys.retain(|k| !model.keys.iter().any(|o| o.field == k.field));
                    base.keys.extend(model.keys);
                    base.types.retain(|t| !model.types.iter().any(|o| o.field == t.field));
                    base.types.extend(model.types);
                }
            }
        }
        self
    }
}

/// `` `a`, `b`, `c` ``.
fn code_names(names: &[&str]) -> String {
    names.iter().map(|name| format!("`{name}`")).collect::<Vec<_>>().join(", ")
}

/// A TOML basic string: `"text"` with quotes, backslashes and control characters escaped.
pub fn toml_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_readme_config_parses_to_the_defaults_it_names() {
        let readme = include_str!("../../README.md");
        let section = &readme[readme.find("## The config file").unwrap()..];
        let start = section.find("```toml\n").unwrap() + "```toml\n".len();
        let block = &section[start..start + section[start..].find("```").unwrap()];
        let config = FileConfig::parse(0, block).unwrap_or_else(|d| panic!("{}", d.message));
        assert_eq!(config.derives, Some(Derives::default()));
        assert_eq!(config.derive_deserialize, Some(false));
        assert_eq!(config.models.len(), 2);
    }

    #[test]
    fn derives_name_standard_traits_or_paths() {
        let config = FileConfig::parse(0, "derives = [\"Debug\", \"schemars::JsonSchema\"]\n").unwrap();
        let derives = config.derives.unwrap();
        assert!(derives.debug && !derives.clone && !derives.partial_eq && !derives.hash);
        assert_eq!(derives.extra, ["schemars::JsonSchema"]);
        for bad in ["[\"Debg\"]", "[\"Eq\"]", "[\"a::\"]", "[\"a::b c\"]"] {
            assert!(FileConfig::parse(0, &format!("derives = {bad}\n")).is_err(), "{bad}");
        }
    }

    #[test]
    fn parses_defaults_and_overrides() {
        let config = FileConfig::parse(
            0,
            "wire-case = \"snake_case\"\n[models.Pet]\nwire-case = \"camelCase\"\nkeys = { links = \"_links\" }\nopen = true\n",
        )
        .unwrap();
        assert_eq!(config.wire_case, Some(WireCase::SnakeCase));
        assert_eq!(config.models[0].name, "Pet");
        assert_eq!(config.models[0].wire_case, Some(WireCase::CamelCase));
        assert_eq!(config.models[0].keys[0].field, "links");
        assert_eq!(config.models[0].keys[0].key, "_links");
        assert_eq!(config.models[0].open, Some(true));
    }

    #[test]
    fn wire_case_names_parse_and_deserialize() {
        #[derive(Deserialize)]
        struct File {
            case: WireCase,
        }
        for case in WireCase::ALL {
            // No wildcard: a new variant breaks this match, a reminder to add it to `ALL`.
            match case {
                WireCase::AsWritten | WireCase::SnakeCase | WireCase::CamelCase => {}
            }
            assert_eq!(case.as_str().parse::<WireCase>(), Ok(case));
            let file: File = toml::from_str(&format!("case = \"{}\"", case.as_str())).unwrap();
            assert_eq!(file.case, case, "serde reads `{}` as another case", case.as_str());
        }
        assert_eq!(
            "kebab".parse::<WireCase>(),
            Err("unknown wire case `kebab`; expected `as-written`, `snake_case` or `camelCase`".to_owned())
        );
    }

    #[test]
    fn later_settings_win_and_keys_add_up() {
        let file = FileConfig::parse(0, "wire-case = \"snake_case\"\nroots = [\"A\"]\n[models.Pet]\nopen = true\nkeys = { a = \"x\", b = \"y\" }\ntypes = { a = \"string\", b = \"f64\" }\n").unwrap();
        let over = FileConfig::parse(1, &format!("roots = [{}]\n[models.Pet]\nkeys = {{ b = \"z\" }}\ntypes = {{ b = \"i64\" }}\n", toml_string("B\"\\"))).unwrap();
        let merged = file.merge(over);
        assert_eq!(merged.wire_case, Some(WireCase::SnakeCase));
        assert_eq!(merged.roots.iter().map(|r| r.name.as_str()).collect::<Vec<_>>(), ["B\"\\"]);
        let pet = &merged.models[0];
        assert_eq!(pet.open, Some(true));
        let keys: Vec<(&str, &str)> = pet.keys.iter().map(|k| (k.field.as_str(), k.key.as_str())).collect();
        assert_eq!(keys, [("a", "x"), ("b", "z")]);
        let types: Vec<(&str, &Type)> = pet.types.iter().map(|t| (t.field.as_str(), &t.ty)).collect();
        assert_eq!(types, [("a", &Type::String), ("b", &Type::I64)]);
    }

    #[test]
    fn field_types_are_read_in_a_neutral_vocabulary() {
        let config = FileConfig::parse(
            0,
            "[models.Numbers]\ntypes = { bigint_str = \"string\", big = \"big-integer\", ids = \"list<i64>\", rates = \" map< list<decimal> > \" }\n",
        )
        .unwrap();
        let types: BTreeMap<&str, &Type> = config.models[0].types.iter().map(|t| (t.field.as_str(), &t.ty)).collect();
        assert_eq!(types["bigint_str"], &Type::String);
        assert_eq!(types["big"], &Type::BigInteger);
        assert_eq!(types["ids"], &Type::List(Box::new(Type::I64)));
        assert_eq!(types["rates"], &Type::Map(Box::new(Type::List(Box::new(Type::Decimal)))));
        for name in TYPE_NAMES {
            assert!(type_named(name).is_some(), "{name}");
        }
        // The field's name in the config is where an unknown field is reported.
        let text = "[models.A]\ntypes = { n = \"i32\" }\n";
        let n = &FileConfig::parse(0, text).unwrap().models[0].types[0];
        assert_eq!(&text[n.span.range.clone()], "n");
    }

    #[test]
    fn unknown_field_types_are_located_with_a_suggestion() {
        let text = "[models.A]\ntypes = { n = \"strng\" }\n";
        let e = FileConfig::parse(0, text).unwrap_err();
        assert_eq!(e.message, "invalid config: unknown type `strng`");
        assert_eq!(&text[e.span().unwrap().range.clone()], "\"strng\"");
        assert!(e.notes.iter().any(|n| n.help && n.text == "did you mean `string`?"), "{:?}", e.notes);
        let e = FileConfig::parse(0, "[models.A]\ntypes = { n = \"list<date-tme>\" }\n").unwrap_err();
        assert_eq!(e.message, "invalid config: unknown type `date-tme`");
        assert!(e.notes.iter().any(|n| n.text == "did you mean `date-time`?"), "{:?}", e.notes);
        let e = FileConfig::parse(0, "[models.A]\ntypes = { n = \"list<i64\" }\n").unwrap_err();
        assert_eq!(e.message, "invalid config: unclosed `<` in `list<i64`");
        let e = FileConfig::parse(0, "[models.A]\ntypes = { n = \"Vec<i64>\" }\n").unwrap_err();
        assert_eq!(e.message, "invalid config: unknown type `Vec<i64>`");
        let e = FileConfig::parse(0, "[models.A]\ntypes = { n = 1 }\n").unwrap_err();
        assert!(e.message.starts_with("invalid config: invalid type: integer"), "{}", e.message);
        // Nesting is bounded as in Type cells, and read without recursion.
        let nested = |depth: usize| format!("[models.A]\ntypes = {{ n = \"{}i64{}\" }}\n", "list<".repeat(depth), ">".repeat(depth));
        assert!(FileConfig::parse(0, &nested(MAX_DEPTH)).is_ok());
        let e = FileConfig::parse(0, &nested(100_000)).unwrap_err();
        assert!(e.message.starts_with("invalid config: the type is nested too deeply"), "{}", e.message);
    }

    #[test]
    fn rejects_unknown_keys_with_a_span() {
        let e = FileConfig::parse(0, "wire-case = \"snake_case\"\nwirecase = 1\n").unwrap_err();
        assert!(e.message.contains("unknown field `wirecase`"), "{}", e.message);
        assert_eq!(e.span().unwrap().range.start, 25);
        let e = FileConfig::parse(0, "wire-case = \"kebab\"\n").unwrap_err();
        assert!(e.message.contains("unknown variant `kebab`"), "{}", e.message);
        let e = Config::parse(0, "dialect = \"kotlin\"\n").unwrap_err();
        assert!(e.message.starts_with("invalid config: unknown dialect `kotlin`"), "{}", e.message);
        assert_eq!(e.span().unwrap().range, 10..18);
        assert_eq!(Config::parse(0, "dialect = \"python\"\n").unwrap().dialect, Some(Dialect::Python));
    }
}
