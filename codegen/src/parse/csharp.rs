//! The C# dialect: `*string*`, `*int*`, `*long*`, `*double*`, `*bool*`, `*object*`,
//! `*byte[]*`, raw generics `List<T>` and `Dictionary<String, T>`, links `[M](…)` and
//! `[Models.Components.M](…)`, `DateTime` and NodaTime's `LocalDate`, the 2023 big-number
//! types, PascalCase properties, the `AdditionalProperties` catch-all, and unions whose
//! `## Supported Types` headings are the SDK's variant names (`### Manual` with
//! `Playlist.CreateManual(…)`).
//!
//! Integer widths and dates are kept; nothing in a cell says `null`, so the Required
//! column is the only presence signal.

use super::dialect::{Cell, FrontEnd};
use super::java::is_doc_link;
use super::ty::{parse_type, TypeExpr};
use super::typescript::{split_namespace, unticked};
use crate::diag::Diagnostic;
use crate::ir::{Member, ModelRef, Presence, Type};
use crate::source::{FileId, Span};

/// The C# front end.
pub struct CSharp;

impl FrontEnd for CSharp {

    fn type_cell(&self, cell: &str, file: FileId, base: usize, required: bool) -> Result<Cell, Diagnostic> {
        let ty = interpret(&parse_type(cell, file, base)?, None)?;
        let presence = if required { Presence::Required } else { Presence::Optional };
        Ok(Cell { ty, presence })
    }

    fn property(&self, field: &str) -> String {
        // PascalCase as written: key inference derives the camelCase and snake_case forms.
        field.to_owned()
    }

    fn is_catch_all(&self, field: &str) -> bool {
        field == "AdditionalProperties"
    }

    fn open_enum(&self, example_usage: &str) -> bool {
        example_usage.contains("Open enum") || example_usage.contains(".Of(")
    }

    fn type_names(&self) -> &'static [&'static str] {
        BUILTIN_NAMES
    }

    fn union_member(&self, heading: &str, code: &str, file: FileId, base: usize) -> Result<Option<Member>, Diagnostic> {
        let span = Span::new(file, base..base + heading.len());
        let (name, offset) = unticked(heading);
        if name.is_empty() {
            return Err(Diagnostic::error("empty union member heading")
                .at(span, "no variant name here")
                .note("expected the SDK's variant name, such as `### Str` or `### Pet`"));
        }
        if !is_identifier(name) {
            let start = base + offset;
            return Err(Diagnostic::error(format!("union member heading `{name}` is not a variant name"))
                .at(Span::new(file, start..start + name.len()), "not a C# identifier")
                .note("C# docs head each member with the SDK's variant name, such as `### Str` or `### Pet`, followed by `Union.CreatePet(…)`"));
        }
        // The snippet `Union.CreateName(…)` names the variant too; where it names another,
        // the heading is still the member's name and the snippet is only an example.
        let _ = code;
        let name_span = Span::new(file, base + offset..base + offset + name.len());
        let ty = match name {
            "Str" => Type::String,
            "Integer" => Type::I64,
            "Number" => Type::F64,
            "Boolean" => Type::Bool,
            "MapOfAny" => Type::Map(Box::new(Type::Any)),
            "ArrayOfAny" => Type::List(Box::new(Type::Any)),
            // Most variants are named after a model, maybe in another case (`OtpCode` for
            // `OTPCode`); titles are looked up ignoring case.
            _ => Type::Model(ModelRef { link: None, name: name.to_owned(), span: name_span, namespace: None }),
        };
        Ok(Some(Member { ty, name: Some(name.to_owned()), span }))
    }
}

fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_alphabetic() || c == '_') && chars.all(|c| c.is_alphanumeric() || c == '_')
}

/// The C# type names [`builtin`] knows, the most common first (error notes show the first
/// few), suggested for a name close to one of them.
const BUILTIN_NAMES: &[&str] = &[
    "string", "long", "int", "bool", "double", "object", "DateTime", "LocalDate", "float", "decimal",
    "BigInteger", "short", "HttpResponseMessage", "HttpRequestMessage",
];

/// The generic types of the dialect, suggested for an unknown one.
const GENERIC_NAMES: &[&str] = &["List", "Dictionary"];

/// C# types of the dialect.
fn builtin(name: &str) -> Option<Type> {
    Some(match name {
        "string" | "String" => Type::String,
        "short" => Type::I16,
        "int" => Type::I32,
        "long" => Type::I64,
        // `BigInteger` and `decimal` travel as a JSON number or as a string, and the docs
        // do not say which (Java and TypeScript do).
        "BigInteger" => Type::BigInteger,
        // As in Java, a 32-bit float is read as 64 bits, which writes every value back.
        "float" | "double" => Type::F64,
        "decimal" => Type::BigDecimal,
        "bool" => Type::Bool,
        "object" => Type::Any,
        "DateTime" => Type::DateTime,
        "LocalDate" => Type::Date,
        "HttpResponseMessage" | "HttpRequestMessage" => Type::Raw,
        _ => return None,
    })
}

/// `Models.Components.Pet` -> `Pet`.
fn simple_name(name: &str) -> &str {
    name.rfind('.').map_or(name, |dot| &name[dot + 1..])
}

fn peel_link<'e>(mut expr: &'e TypeExpr, mut link: Option<(&'e str, &'e Span)>) -> (&'e TypeExpr, Option<(&'e str, &'e Span)>) {
    while let TypeExpr::Link { inner, url, url_span, .. } = expr {
        link = Some((url.as_str(), url_span));
        expr = inner;
    }
    (expr, link)
}

fn arity(name: &str, span: &Span, expected: usize) -> Diagnostic {
    let plural = if expected == 1 { "" } else { "s" };
    Diagnostic::error(format!("`{name}` takes {expected} type argument{plural}")).at(span.clone(), "wrong number of type arguments")
}

/// Interprets a C# type. `link` is the target of an enclosing Markdown link.
fn interpret(expr: &TypeExpr, link: Option<(&str, &Span)>) -> Result<Type, Diagnostic> {
    let (expr, link) = peel_link(expr, link);
    match expr {
        TypeExpr::Link { .. } => unreachable!("peeled above"),
        TypeExpr::Array { element, .. } => {
            if matches!(element.as_ref(), TypeExpr::Named { name, args, .. } if args.is_empty() && name == "byte") {
                return Ok(Type::Bytes);
            }
            Ok(Type::List(Box::new(interpret(element, link)?)))
        }
        TypeExpr::Named { name, args, span } if !args.is_empty() => match simple_name(name) {
            "List" => {
                let [item] = args.as_slice() else { return Err(arity(name, span, 1)) };
                Ok(Type::List(Box::new(interpret(item, link)?)))
            }
            "Dictionary" => {
                let [key, value] = args.as_slice() else { return Err(arity(name, span, 2)) };
                let (key_expr, _) = peel_link(key, None);
                if !matches!(key_expr, TypeExpr::Named { name, args, .. } if args.is_empty() && matches!(name.as_str(), "String" | "string")) {
                    return Err(Diagnostic::error("dictionary keys must be `String`")
                        .at(key.span().clone(), "not `String`")
                        .note("JSON object keys are strings; expected `Dictionary<String, T>`"));
                }
                Ok(Type::Map(Box::new(interpret(value, link)?)))
            }
            simple => Err(Diagnostic::error(format!("unknown generic type `{simple}`"))
                .at(span.clone(), "unknown generic")
                .note("expected `List<T>` or `Dictionary<String, T>`")
                .did_you_mean(simple, GENERIC_NAMES.iter().copied())),
        },
        TypeExpr::Named { name, span, .. } => {
            let (simple, namespace) = split_namespace(name);
            // A link to a doc names a model; a model may share a name with a C# type.
            if let Some((url, url_span)) = link.filter(|(url, _)| is_doc_link(url)) {
                return Ok(Type::Model(ModelRef { link: Some((url.to_owned(), url_span.clone())), name: simple.to_owned(), span: span.clone(), namespace: None }));
            }
            if let Some(builtin) = builtin(simple) {
                return Ok(builtin);
            }
            let namespace = namespace.map(str::to_owned);
            Ok(Type::Model(ModelRef { link: None, name: simple.to_owned(), span: span.clone(), namespace }))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ty(text: &str) -> Type {
        CSharp.type_cell(text, 0, 0, true).unwrap_or_else(|e| panic!("{text}: {}", e.message)).ty
    }

    fn named(ty: &Type) -> (Option<String>, String) {
        let Type::Model(reference) = ty else { panic!("not a model: {ty:?}") };
        (reference.link.as_ref().map(|(l, _)| l.clone()), reference.name.clone())
    }

    fn list(ty: Type) -> Type {
        Type::List(Box::new(ty))
    }

    fn map(ty: Type) -> Type {
        Type::Map(Box::new(ty))
    }

    #[test]
    fn every_type_cell_form() {
        assert_eq!(ty("*string*"), Type::String);
        assert_eq!(ty("*int*"), Type::I32);
        assert_eq!(ty("*long*"), Type::I64);
        assert_eq!(ty("*float*"), Type::F64);
        assert_eq!(ty("*double*"), Type::F64);
        assert_eq!(ty("*bool*"), Type::Bool);
        assert_eq!(ty("*object*"), Type::Any);
        assert_eq!(ty("*byte[]*"), Type::Bytes);
        assert_eq!(ty("*BigInteger*"), Type::BigInteger);
        assert_eq!(ty("*decimal*"), Type::BigDecimal);
        assert_eq!(ty("[DateTime](https://learn.microsoft.com/en-us/dotnet/api/system.datetime?view=net-5.0)"), Type::DateTime);
        assert_eq!(ty("[LocalDate](https://nodatime.org/3.1.x/api/NodaTime.LocalDate.html)"), Type::Date);
        assert_eq!(ty("[HttpResponseMessage](https://learn.microsoft.com/x)"), Type::Raw);
        assert_eq!(ty("*HttpRequestMessage*"), Type::Raw);
        assert_eq!(ty("List<*long*>"), list(Type::I64));
        assert_eq!(ty("List<List<*string*>>"), list(list(Type::String)));
        assert_eq!(ty("Dictionary<String, *object*>"), map(Type::Any));
        assert_eq!(ty("Dictionary<String, List<*string*>>"), map(list(Type::String)));
        assert_eq!(ty("Dictionary<String, Dictionary<String, *string*>>"), map(map(Type::String)));
        assert_eq!(ty("List<[LocalDate](https://nodatime.org/x)>"), list(Type::Date));
        assert_eq!(ty("Dictionary<String, [DateTime](https://learn.microsoft.com/x)>"), map(Type::DateTime));
        assert_eq!(ty("List<*BigInteger*>"), list(Type::BigInteger));

        let link = "../../Models/Components/Pet.md";
        assert_eq!(named(&ty(&format!("[Pet]({link})"))), (Some(link.to_owned()), "Pet".to_owned()));
        assert_eq!(named(&ty(&format!("[Models.Components.Pet]({link})"))), (Some(link.to_owned()), "Pet".to_owned()));
        let Type::List(item) = ty(&format!("List<[Models.Components.Pet]({link})>")) else { panic!("a list") };
        assert_eq!(named(&item).1, "Pet");
        let Type::List(maps) = ty(&format!("List<Dictionary<String, [Pet]({link})>>")) else { panic!("a list") };
        let Type::Map(pet) = *maps else { panic!("a list of maps") };
        assert_eq!(named(&pet).1, "Pet");
        // A doc named like a C# type is still the model it links to.
        assert_eq!(named(&ty("[Decimal](../../Models/Shared/Decimal.md)")).1, "Decimal");
    }

    #[test]
    fn properties_and_markers() {
        assert_eq!(CSharp.property("PetName"), "PetName");
        assert!(CSharp.is_catch_all("AdditionalProperties"));
        assert!(!CSharp.is_catch_all("additionalProperties"));
        assert!(CSharp.open_enum("// Open enum: use .Of() to create instances from custom string values"));
        assert!(!CSharp.open_enum("var value = Status.Pending;"));
        assert_eq!(CSharp.type_cell("*string*", 0, 0, false).unwrap().presence, Presence::Optional);
    }

    #[test]
    fn union_headings_are_variant_names() {
        let member = |heading: &str| CSharp.union_member(heading, "U.CreateX(/* values here */);", 0, 0).unwrap().unwrap();
        assert_eq!(member(" Str").ty, Type::String);
        assert_eq!(member(" Integer").ty, Type::I64);
        assert_eq!(member(" Number").ty, Type::F64);
        assert_eq!(member(" Boolean").ty, Type::Bool);
        assert_eq!(member(" MapOfAny").ty, map(Type::Any));
        assert_eq!(member(" ArrayOfAny").ty, list(Type::Any));
        let manual = member(" Manual");
        assert_eq!(manual.name.as_deref(), Some("Manual"));
        assert_eq!(named(&manual.ty), (None, "Manual".to_owned()));
        let Type::Model(reference) = CSharp.union_member(" OtpCode", "", 2, 50).unwrap().unwrap().ty else { panic!() };
        assert_eq!(reference.span, Span::new(2, 51..58));
    }

    #[test]
    fn malformed_cells_are_located_errors() {
        let error = |text: &str| CSharp.type_cell(text, 0, 0, true).unwrap_err();
        let e = error("Dictionary<long, *string*>");
        assert_eq!(e.message, "dictionary keys must be `String`");
        assert_eq!(e.span().unwrap().range, 11..15);
        let e = error("Lst<*string*>");
        assert_eq!(e.message, "unknown generic type `Lst`");
        assert_eq!(error("Dictionary<String>").message, "`Dictionary` takes 2 type arguments");
        assert_eq!(error("List<*string*").message, "cannot parse Type cell: unclosed `<` after `List`");
        assert_eq!(error("[Pet](../Pet.md").message, "cannot parse Type cell: unclosed link target");
        let e = CSharp.union_member(" Not a name", "", 0, 10).unwrap_err();
        assert_eq!(e.message, "union member heading `Not a name` is not a variant name");
        assert_eq!(e.span().unwrap().range, 11..21);
        assert_eq!(CSharp.union_member("  ", "", 0, 0).unwrap_err().message, "empty union member heading");
    }

    #[test]
    fn suggested_types_are_known() {
        for name in BUILTIN_NAMES {
            assert!(builtin(name).is_some(), "{name}");
        }
        assert_eq!(crate::diag::closest("Dictonary", GENERIC_NAMES.iter().copied()), Some("Dictionary"));
    }
}
