//! The Java dialect: `*String*`, `Optional\<T>`, `JsonNullable\<T>`, `List\<T>`,
//! `Map\<String, T>`, links to model docs (maybe with fully qualified names), Java's
//! date and number types, and the `_` escape of properties named like Java keywords.

use super::dialect::{Cell, FrontEnd};
use super::ty::{parse_type, TypeExpr};
use crate::diag::Diagnostic;
use crate::ir::{ModelRef, Presence, Type};
use crate::source::{FileId, Span};

/// The Java front end.
pub struct Java;

impl FrontEnd for Java {

    fn type_cell(&self, cell: &str, file: FileId, base: usize, required: bool) -> Result<Cell, Diagnostic> {
        let expr = parse_type(cell, file, base)?;
        let (expr, link) = peel_link(&expr, None);
        // An outermost `Optional` or `JsonNullable` says whether the key may be absent
        // or null; what the SDK does with each, per Required marker (Jackson):
        if let TypeExpr::Named { name, args, span } = expr {
            let wrapper = match simple_name(name) {
                "Optional" | "@Nullable" => Some(false),
                "JsonNullable" => Some(true),
                _ => None,
            };
            if let Some(three_states) = wrapper {
                let [inner] = args.as_slice() else { return Err(arity(name, span, 1)) };
                let ty = interpret(inner, link)?;
                let presence = match (three_states, required) {
                    // Always written, `null` when empty (`@JsonInclude(ALWAYS)`).
                    (_, true) if !ty.holds_raw() => Presence::RequiredNullable,
                    (true, false) => Presence::Nullable,
                    _ => Presence::Optional,
                };
                return Ok(Cell { ty, presence });
            }
        }
        let ty = interpret(expr, link)?;
        Ok(Cell { ty, presence: if required { Presence::Required } else { Presence::Optional } })
    }

    fn property(&self, field: &str) -> String {
        strip_java_escape(field)
    }

    fn is_catch_all(&self, field: &str) -> bool {
        field == "additionalProperties"
    }

    fn open_enum(&self, example_usage: &str) -> bool {
        example_usage.contains("Open enum") || example_usage.contains(".of(")
    }

    fn type_names(&self) -> &'static [&'static str] {
        BUILTIN_NAMES
    }
}

/// The item type of a list or the value type of a map, which may be `Optional<T>` or
/// `JsonNullable<T>`: an item that may be `null`.
fn interpret_item(expr: &TypeExpr, link: Option<(&str, &Span)>) -> Result<Type, Diagnostic> {
    let (inner, link) = peel_link(expr, link);
    if let TypeExpr::Named { name, args, span } = inner
        && matches!(simple_name(name), "Optional" | "JsonNullable")
    {
        let [item] = args.as_slice() else { return Err(arity(name, span, 1)) };
        return Ok(Type::Nullable(Box::new(interpret(item, link)?)));
    }
    interpret(expr, link)
}

/// Interprets a value type. `link` is the target of an enclosing Markdown link, which
/// names the model at the leaf of the expression.
fn interpret(expr: &TypeExpr, link: Option<(&str, &Span)>) -> Result<Type, Diagnostic> {
    let (expr, link) = peel_link(expr, link);
    match expr {
        TypeExpr::Link { .. } => unreachable!("peeled above"),
        TypeExpr::Array { element, .. } => {
            if let TypeExpr::Named { name, args, .. } = element.as_ref()
                && args.is_empty()
                && matches!(simple_name(name), "byte" | "Byte")
            {
                return Ok(Type::Bytes);
            }
            Ok(Type::List(Box::new(interpret_item(element, link)?)))
        }
        TypeExpr::Named { name, args, span } => {
            let simple = simple_name(name);
            if !args.is_empty() {
                return match simple {
                    "List" | "Set" | "Collection" | "Iterable" => {
                        let [inner] = args.as_slice() else { return Err(arity(name, span, 1)) };
                        Ok(Type::List(Box::new(interpret_item(inner, link)?)))
                    }
                    "Map" => {
                        let [key, value] = args.as_slice() else { return Err(arity(name, span, 2)) };
                        let (key_expr, _) = peel_link(key, None);
                        let key_ok = matches!(key_expr, TypeExpr::Named { name, args, .. } if args.is_empty() && simple_name(name) == "String");
                        if !key_ok {
                            return Err(Diagnostic::error("map keys must be `String`")
                                .at(key.span().clone(), "not `String`")
                                .note("JSON object keys are strings; expected `Map\\<String, T>`"));
                        }
                        Ok(Type::Map(Box::new(interpret_item(value, link)?)))
                    }
                    "HttpResponse" => Ok(Type::Raw),
                    "Optional" | "JsonNullable" => Err(Diagnostic::error(format!(
                        "`{simple}` is only allowed around the whole type"
                    ))
                    .at(span.clone(), "nested wrapper")
                    .note("expected `Optional\\<T>` or `JsonNullable\\<T>` as the outermost type, or as a list's items or a map's values")),
                    _ => Err(Diagnostic::error(format!("unknown generic type `{simple}`"))
                        .at(span.clone(), "unknown wrapper")
                        .note("expected `Optional`, `JsonNullable`, `List` or `Map`")
                        .did_you_mean(simple, GENERIC_NAMES.iter().copied())),
                };
            }
            // A leaf: a model when a link to a doc names it, else a Java type, else a
            // model named without a link (resolved by title).
            if let Some((url, url_span)) = link.filter(|(url, _)| is_doc_link(url)) {
                return Ok(Type::Model(ModelRef {
                    link: Some((url.to_owned(), url_span.clone())),
                    name: simple.to_owned(),
                    span: span.clone(),
                    namespace: None,
                }));
            }
            if let Some(builtin) = builtin(simple) {
                return Ok(builtin);
            }
            Ok(Type::Model(ModelRef { link: None, name: simple.to_owned(), span: span.clone(), namespace: None }))
        }
    }
}

fn arity(name: &str, span: &Span, expected: usize) -> Diagnostic {
    let plural = if expected == 1 { "" } else { "s" };
    Diagnostic::error(format!("`{name}` takes {expected} type argument{plural}")).at(span.clone(), "wrong number of type arguments")
}

/// Removes Markdown links around `expr`, keeping the innermost target.
fn peel_link<'e>(mut expr: &'e TypeExpr, mut link: Option<(&'e str, &'e Span)>) -> (&'e TypeExpr, Option<(&'e str, &'e Span)>) {
    while let TypeExpr::Link { inner, url, url_span, .. } = expr {
        link = Some((url.as_str(), url_span));
        expr = inner;
    }
    (expr, link)
}

/// A link to another doc (as opposed to a link to Java documentation on the web).
pub(crate) fn is_doc_link(url: &str) -> bool {
    !url.contains("://") && url.split(['#', '?']).next().is_some_and(|p| p.to_ascii_lowercase().ends_with(".md"))
}

/// `org.example.Foo` -> `Foo`.
fn simple_name(name: &str) -> &str {
    name.rfind('.').map_or(name, |dot| &name[dot + 1..])
}

/// The Java type names [`builtin`] knows, the most common first (error notes show the
/// first few), suggested for a name close to one of them.
const BUILTIN_NAMES: &[&str] = &[
    "String", "int", "long", "double", "boolean", "Object", "OffsetDateTime", "string", "UUID", "URI", "URL",
    "short", "Short", "Integer", "Long", "BigInteger", "float", "Float", "Double", "Number", "Boolean",
    "BigDecimal", "JsonNode", "Any", "ZonedDateTime", "Instant", "Date", "LocalDate", "LocalDateTime",
    "InputStream", "Blob",
];

/// The generic types of the dialect, suggested for an unknown one.
const GENERIC_NAMES: &[&str] =
    &["Optional", "JsonNullable", "List", "Set", "Collection", "Iterable", "Map", "HttpResponse"];

/// Java types of the dialect.
fn builtin(name: &str) -> Option<Type> {
    Some(match name {
        "String" | "string" | "UUID" | "URI" | "URL" => Type::String,
        "short" | "Short" => Type::I16,
        "int" | "Integer" => Type::I32,
        "long" | "Long" => Type::I64,
        "BigInteger" => Type::I128,
        // A 32-bit float is read as 64 bits: an API documented as `float` may send more
        // digits than an f32 holds, and an f64 writes every f32 value back unchanged.
        "float" | "Float" | "double" | "Double" | "Number" => Type::F64,
        "boolean" | "Boolean" => Type::Bool,
        "BigDecimal" => Type::Decimal,
        "Object" | "JsonNode" | "Any" | "?" => Type::Any,
        "OffsetDateTime" | "ZonedDateTime" | "Instant" | "Date" => Type::DateTime,
        "LocalDate" => Type::Date,
        "LocalDateTime" => Type::NaiveDateTime,
        "InputStream" | "Blob" => Type::Raw,
        _ => return None,
    })
}

/// Java SDKs append `_` to properties named like Java keywords; the JSON key has none.
pub fn strip_java_escape(name: &str) -> String {
    const JAVA_KEYWORDS: &[&str] = &[
        "abstract", "assert", "boolean", "break", "byte", "case", "catch", "char", "class", "const",
        "continue", "default", "do", "double", "else", "enum", "extends", "final", "finally", "float",
        "for", "goto", "if", "implements", "import", "instanceof", "int", "interface", "long", "native",
        "new", "package", "private", "protected", "public", "return", "short", "static", "strictfp",
        "super", "switch", "synchronized", "this", "throw", "throws", "transient", "try", "void",
        "volatile", "while", "true", "false", "null", "var", "record", "yield",
    ];
    match name.strip_suffix('_') {
        Some(stem) if JAVA_KEYWORDS.contains(&stem) => stem.to_owned(),
        _ => name.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cell(text: &str, required: bool) -> Cell {
        Java.type_cell(text, 0, 0, required).unwrap_or_else(|e| panic!("{text}: {}", e.message))
    }

    #[test]
    fn wrappers_and_the_required_column_say_presence() {
        assert_eq!(cell("*String*", true), Cell { ty: Type::String, presence: Presence::Required });
        assert_eq!(cell("*String*", false).presence, Presence::Optional);
        assert_eq!(cell("*Optional\\<String>*", false).presence, Presence::Optional);
        assert_eq!(cell("*Optional\\<String>*", true).presence, Presence::RequiredNullable);
        assert_eq!(cell("*JsonNullable\\<Long>*", false), Cell { ty: Type::I64, presence: Presence::Nullable });
        assert_eq!(cell("*JsonNullable\\<Long>*", true).presence, Presence::RequiredNullable);
        // A raw body is never JSON: a required `Optional` of one is only optional.
        assert_eq!(cell("*Optional\\<InputStream>*", true), Cell { ty: Type::Raw, presence: Presence::Optional });
    }

    #[test]
    fn types_say_what_they_hold() {
        assert_eq!(cell("*float*", true).ty, Type::F64);
        assert_eq!(cell("byte[]", true).ty, Type::Bytes);
        assert_eq!(cell("List\\<*Optional\\\\<String>*>", true).ty, Type::List(Box::new(Type::Nullable(Box::new(Type::String)))));
        assert_eq!(cell("Map\\<String, *Object*>", true).ty, Type::Map(Box::new(Type::Any)));
        let Type::List(item) = cell("List\\<[org.x.models.Pet](../../models/components/Pet.md)>", true).ty else { panic!() };
        let Type::Model(model) = *item else { panic!("a model") };
        assert_eq!(model.name, "Pet");
        assert_eq!(model.link.unwrap().0, "../../models/components/Pet.md");
        let Type::Model(unlinked) = cell("*Pet*", true).ty else { panic!("a model by title") };
        assert_eq!((unlinked.link, unlinked.name.as_str()), (None, "Pet"));
        assert_eq!(cell("[OffsetDateTime](https://docs.oracle.com/x.html)", true).ty, Type::DateTime);
    }

    #[test]
    fn malformed_cells_are_errors() {
        let error = |text: &str| Java.type_cell(text, 0, 0, true).unwrap_err().message;
        assert_eq!(error("Map\\<Long, *String*>"), "map keys must be `String`");
        assert_eq!(error("Lst\\<*String*>"), "unknown generic type `Lst`");
        assert_eq!(error("*Optional\\<Optional\\\\<String>>*"), "`Optional` is only allowed around the whole type");
        assert_eq!(error("Map\\<String>"), "`Map` takes 2 type arguments");
    }

    #[test]
    fn suggested_types_are_known() {
        for name in BUILTIN_NAMES {
            assert!(builtin(name).is_some(), "{name}");
        }
        assert_eq!(crate::diag::closest("bolean", BUILTIN_NAMES.iter().copied()), Some("boolean"));
        assert_eq!(crate::diag::closest("Lsit", GENERIC_NAMES.iter().copied()), Some("List"));
        assert_eq!(crate::diag::closest("Optinal", GENERIC_NAMES.iter().copied()), Some("Optional"));
    }

    #[test]
    fn java_escapes_are_stripped_from_properties() {
        assert_eq!(Java.property("enum_"), "enum");
        assert_eq!(Java.property("default_"), "default");
        assert_eq!(Java.property("name_"), "name_");
        assert_eq!(Java.property("class"), "class");
    }
}
