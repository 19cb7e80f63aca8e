//! The Go dialect: `*string*`, `**T*` pointers (absent or null), prefix `[]` lists,
//! `map[string]T`, links with a pointer in their text (`[*components.M](url)`), Go's
//! number, time, big-number and byte types, and union members from constructor snippets
//! (`CreatePercentageInteger(int64{...})`).

use super::dialect::{absent_or_null, Cell, FrontEnd};
use super::java::is_doc_link;
use super::python::{in_snippet, respan};
use super::ty::MAX_DEPTH;
use crate::diag::Diagnostic;
use crate::ir::{Member, ModelRef, Type};
use crate::source::{FileId, Span};

/// The Go front end.
pub struct Go;

impl FrontEnd for Go {

    fn type_cell(&self, cell: &str, file: FileId, base: usize, required: bool) -> Result<Cell, Diagnostic> {
        // A pointer around the whole type (`**string*`, `[*components.Pet](…)`) is Go's
        // "absent or null", read as PHP's `?T` and Ruby's `T.nilable` are; a pointer that
        // is part of a type Go always points to (`*big.Int`, `*http.Response`) marks
        // nothing.
        let expr = parse(cell, file, base)?;
        let ty = interpret(&expr)?;
        let presence = absent_or_null(required, is_marked(&expr), &ty);
        Ok(Cell { ty, presence })
    }

    fn property(&self, field: &str) -> String {
        field.to_owned()
    }

    fn is_catch_all(&self, field: &str) -> bool {
        field == "AdditionalProperties"
    }

    fn is_catch_all_among(&self, field: &str, fields: &[String]) -> bool {
        // When a real property is named `AdditionalProperties`, the catch-all row is
        // `AdditionalPropertiesT`.
        match field {
            "AdditionalProperties" => !fields.iter().any(|f| f == "AdditionalPropertiesT"),
            "AdditionalPropertiesT" => fields.iter().any(|f| f == "AdditionalProperties"),
            _ => false,
        }
    }

    fn open_enum(&self, _example_usage: &str) -> bool {
        // Go docs mark no enum open.
        false
    }

    fn type_names(&self) -> &'static [&'static str] {
        BUILTIN_NAMES
    }

    fn union_member(&self, heading: &str, code: &str, file: FileId, base: usize) -> Result<Option<Member>, Diagnostic> {
        let span = Span::new(file, base..base + heading.len());
        let snippet = constructor(code);
        let name = snippet.and_then(|(variant, _)| variant).map(str::to_owned);
        // `### M` names a model by its title; an empty heading leaves the type to the
        // snippet `x := components.CreateXInteger(int64{/* values here */})`.
        let written = heading.trim();
        let ty = if written.is_empty() {
            let Some((_, text)) = snippet else {
                return Err(Diagnostic::error("union member names no type")
                    .at(span, "empty heading")
                    .note("expected a heading such as `### Pet` or a snippet `x := components.CreateXStr(string{/* values here */})` after it"));
            };
            let read = parse_as(text, file, base, true).and_then(|expr| interpret(&expr));
            let mut ty = read.map_err(|e| in_snippet(e, &span, text))?;
            respan(&mut ty, &span);
            ty
        } else {
            let offset = heading.find(written).unwrap_or(0);
            interpret(&parse(written, file, base + offset)?)?
        };
        Ok(Some(Member { ty, name, span }))
    }

    fn not_a_model(&self, rel: &str, text: &str) -> Option<&'static str> {
        let file = rel.rsplit('/').next().unwrap_or(rel);
        (file.eq_ignore_ascii_case("option.md") && text.trim_start().starts_with("## Options"))
            .then_some("`option.md` documents the SDK's call options (`WithServerURL`, `WithRetries`, ...), not a model of the API; it is left out")
    }
}

/// From a union member's snippet `x := ns.CreateUnionVariant(T{/* values here */})`: the
/// variant's name (the constructor's name after `Create` and the union's name, which is
/// the variable's name capitalised) and the type `T`.
fn constructor(code: &str) -> Option<(Option<&str>, &str)> {
    code.lines().find_map(|line| {
        let (variable, call) = line.split_once(":=")?;
        let (function, rest) = call.trim().split_once('(')?;
        let ty = rest.rsplit_once('{').map_or(rest, |(ty, _)| ty).trim();
        let function = function.rsplit('.').next()?;
        let variable = variable.trim();
        let variant = function.strip_prefix("Create").and_then(|union| {
            let mut chars = variable.chars();
            let first = chars.next()?;
            let rest = union.strip_prefix(first.to_ascii_uppercase())?.strip_prefix(chars.as_str())?;
            (!rest.is_empty()).then_some(rest)
        });
        (!ty.is_empty()).then_some((variant, ty))
    })
}

/// Whether a Type cell carries Go's absent-or-null marker: a pointer around the whole
/// type, but for the types whose Go values are always pointers (DIALECTS.md, Go:
/// "`*big.Int`, `*decimal.Big` (2023) are pointers on every row: types, not markers"; the
/// raw `*http.Response` and `*http.Request` likewise).
fn is_marked(expr: &Expr) -> bool {
    match expr {
        Expr::Name { name, pointer, .. } => *pointer && !POINTER_TYPES.contains(&name.as_str()),
        Expr::List { .. } | Expr::Map { .. } => false,
    }
}

/// Go types written with a pointer on every row, required or not.
const POINTER_TYPES: &[&str] = &["big.Int", "decimal.Big", "http.Response", "http.Request"];

/// A Go type as written.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Expr {
    /// A type name (`string`, `components.Pet`, `interface{}`), with `*` before it or not.
    Name { name: String, pointer: bool, link: Option<(String, Span)>, span: Span },
    /// `[]T`
    List { item: Box<Expr> },
    /// `map[K]V`
    Map { key: String, key_span: Span, value: Box<Expr> },
}

const TYPE_NOTE: &str =
    "expected a type such as `*string*`, `**int64*`, `[]*string*`, `map[string]*any*` or a link to a model doc";

fn parse(cell: &str, file: FileId, base: usize) -> Result<Expr, Diagnostic> {
    parse_as(cell, file, base, false)
}

/// Parses a Type cell, or with `bare` Go source text (a snippet's `*big.Int`, where `*`
/// is a pointer and never emphasis).
fn parse_as(cell: &str, file: FileId, base: usize, bare: bool) -> Result<Expr, Diagnostic> {
    let mut parser = Parser { text: cell, pos: 0, file, base, bare };
    parser.skip_blanks();
    if parser.pos == cell.len() {
        return Err(Diagnostic::error("empty Type cell")
            .at(Span::new(file, base..base + cell.len()), "no type here")
            .note(TYPE_NOTE));
    }
    let expr = parser.parse_type(0)?;
    parser.skip_blanks();
    if parser.pos < cell.len() {
        return Err(parser.error(parser.pos, "unexpected text after the type", "expected the end of the cell"));
    }
    Ok(expr)
}

struct Parser<'a> {
    text: &'a str,
    pos: usize,
    file: FileId,
    base: usize,
    /// Go source text rather than Markdown.
    bare: bool,
}

impl Parser<'_> {
    fn span(&self, start: usize, end: usize) -> Span {
        Span::new(self.file, self.base + start..self.base + end)
    }

    fn error(&self, at: usize, message: &str, note: &str) -> Diagnostic {
        let (found, end) = match self.text[at..].chars().next() {
            Some(c) => (format!("found `{c}`"), at + c.len_utf8()),
            None => ("found the end of the cell".to_owned(), at),
        };
        Diagnostic::error(format!("cannot parse Type cell: {message}")).at(self.span(at, end), found).note(note)
    }

    fn rest(&self) -> &str {
        &self.text[self.pos..]
    }

    fn skip_blanks(&mut self) {
        let rest = self.rest();
        self.pos += rest.len() - rest.trim_start().len();
    }

    /// `[]T`, `map[string]T`, a link, or a name in emphasis (`*string*`, `**string*`,
    /// `*[]byte*`) or bare (inside a link or a snippet: `*components.M`, `int64`).
    fn parse_type(&mut self, depth: usize) -> Result<Expr, Diagnostic> {
        self.skip_blanks();
        if depth == MAX_DEPTH {
            return Err(self.error(self.pos, "the type is nested too deeply", &format!("types nest at most {MAX_DEPTH} levels deep")));
        }
        let start = self.pos;
        if self.rest().starts_with("[]") {
            self.pos += 2;
            let item = self.parse_type(depth + 1)?;
            return Ok(Expr::List { item: Box::new(item) });
        }
        if let Some(rest) = self.rest().strip_prefix("map[") {
            let Some(close) = rest.find(']') else {
                return Err(self.error(start + 3, "unclosed `[` after `map`", "expected `map[string]T`"));
            };
            let key_start = start + 4;
            let key = rest[..close].trim().to_owned();
            let key_span = self.span(key_start, key_start + close);
            self.pos = key_start + close + 1;
            let value = self.parse_type(depth + 1)?;
            return Ok(Expr::Map { key, key_span, value: Box::new(value) });
        }
        if self.rest().starts_with('[') {
            return self.link(depth);
        }
        // Emphasis: `*T*`, and a pointer inside it: `**T*`.
        if !self.bare && self.rest().starts_with('*') {
            let (text_start, pointer) = if self.rest().starts_with("**") { (start + 2, true) } else { (start + 1, false) };
            let Some(len) = self.text[text_start..].find('*') else {
                return Err(self.error(start, "unclosed emphasis", "a type name in a cell reads `*string*`, or `**string*` for a pointer"));
            };
            self.pos = text_start + len + 1;
            return self.name_in(&self.text[text_start..text_start + len], text_start, pointer, None, depth);
        }
        let rest = self.rest();
        let len = rest.find(|c: char| !(c.is_alphanumeric() || matches!(c, '_' | '.' | '*' | '{' | '}' | '[' | ']'))).unwrap_or(rest.len());
        if len == 0 {
            return Err(self.error(self.pos, "expected a type name", TYPE_NOTE));
        }
        let body = &self.text[start..start + len];
        self.pos = start + len;
        self.name_in(body, start, false, None, depth)
    }

    /// `[T](url)`: a model doc, or Go's documentation of a standard type.
    fn link(&mut self, depth: usize) -> Result<Expr, Diagnostic> {
        let open = self.pos;
        let Some(close) = self.rest().find("](") else {
            return Err(self.error(open, "unclosed link", "a link to a model doc reads `[components.Pet](../../models/components/pet.md)`"));
        };
        let text_start = open + 1;
        let text_end = open + close;
        let url_start = text_end + 2;
        let Some(len) = self.text[url_start..].find(')') else {
            return Err(Diagnostic::error("cannot parse Type cell: unclosed link target")
                .at(self.span(text_end + 1, url_start), "this `(` is never closed")
                .note("expected `)` before the end of the cell"));
        };
        let url = self.text[url_start..url_start + len].trim().to_owned();
        if url.is_empty() {
            return Err(self.error(url_start, "empty link target", "expected the path of a model doc"));
        }
        let url_span = self.span(url_start, url_start + len);
        self.pos = url_start + len + 1;
        self.name_in(&self.text[text_start..text_end], text_start, false, Some((url, url_span)), depth)
    }

    /// The text of a name (emphasis or link text taken off), which may itself be a list
    /// or a pointer (`[]byte`, `*components.M`).
    fn name_in(&self, body: &str, at: usize, pointer: bool, link: Option<(String, Span)>, depth: usize) -> Result<Expr, Diagnostic> {
        let (body, at, pointer) = match body.strip_prefix('*') {
            Some(rest) => (rest, at + 1, true),
            None => (body, at, pointer),
        };
        if body.starts_with("[]") || body.starts_with("map[") {
            let mut inner = Parser { text: body, pos: 0, file: self.file, base: self.base + at, bare: true };
            return inner.parse_type(depth + 1);
        }
        let valid = !body.is_empty() && body.chars().all(|c| c.is_alphanumeric() || matches!(c, '_' | '.'))
            || body == "interface{}";
        if !valid {
            let bad = body.find(|c: char| !(c.is_alphanumeric() || matches!(c, '_' | '.'))).unwrap_or(0);
            return Err(self.error(at + bad, "expected a type name", TYPE_NOTE));
        }
        Ok(Expr::Name { name: body.to_owned(), pointer, link, span: self.span(at, at + body.len()) })
    }
}

fn interpret(expr: &Expr) -> Result<Type, Diagnostic> {
    match expr {
        Expr::List { item } => match item.as_ref() {
            Expr::Name { name, pointer: false, .. } if name == "byte" || name == "uint8" => Ok(Type::Bytes),
            item => Ok(Type::List(Box::new(interpret(item)?))),
        },
        Expr::Map { key, key_span, value } => {
            if key != "string" {
                return Err(Diagnostic::error("map keys must be `string`")
                    .at(key_span.clone(), "not `string`")
                    .note("JSON object keys are strings; expected `map[string]T`"));
            }
            Ok(Type::Map(Box::new(interpret(value)?)))
        }
        Expr::Name { name, link, span, .. } => {
            // Go's own types first: `types.Date` links to a page of the SDK, not a model.
            if let Some(builtin) = qualified_builtin(name) {
                return Ok(builtin);
            }
            let simple = name.rfind('.').map_or(name.as_str(), |dot| &name[dot + 1..]);
            if let Some((url, url_span)) = link.as_ref().filter(|(url, _)| is_doc_link(url)) {
                return Ok(Type::Model(ModelRef { namespace: None, link: Some((url.clone(), url_span.clone())), name: simple.to_owned(), span: span.clone() }));
            }
            if let Some(builtin) = builtin(name) {
                return Ok(builtin);
            }
            Ok(Type::Model(ModelRef { namespace: None, link: None, name: simple.to_owned(), span: span.clone() }))
        }
    }
}

/// The Go type names [`builtin`] and [`qualified_builtin`] know, the most common first.
const BUILTIN_NAMES: &[&str] = &[
    "string", "int64", "bool", "float64", "any", "int", "float32", "int32", "time.Time", "types.Date",
    "big.Int", "decimal.Big", "interface{}", "io.ReadCloser", "http.Response", "http.Request",
];

fn qualified_builtin(name: &str) -> Option<Type> {
    Some(match name {
        "time.Time" => Type::DateTime,
        "types.Date" => Type::Date,
        // Big numbers travel as JSON numbers or as strings, and the docs do not say which.
        "big.Int" => Type::BigInteger,
        "decimal.Big" => Type::BigDecimal,
        "io.Reader" | "io.ReadCloser" | "http.Response" | "http.Request" => Type::Raw,
        _ => return None,
    })
}

fn builtin(name: &str) -> Option<Type> {
    Some(match name {
        "string" => Type::String,
        "int64" | "uint32" => Type::I64,
        // 2023 trees write `int` for 32-bit integers.
        "int" | "int32" | "uint16" => Type::I32,
        "int16" | "int8" | "uint8" => Type::I16,
        "float64" | "float32" => Type::F64,
        "bool" => Type::Bool,
        "any" | "interface{}" => Type::Any,
        other => return qualified_builtin(other),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::Presence;

    fn cell(text: &str, required: bool) -> Cell {
        Go.type_cell(text, 0, 0, required).unwrap_or_else(|e| panic!("{text}: {}", e.message))
    }

    fn model(ty: Type) -> ModelRef {
        match ty {
            Type::Model(model) => model,
            other => panic!("not a model: {other:?}"),
        }
    }

    fn list(ty: Type) -> Type {
        Type::List(Box::new(ty))
    }

    fn map(ty: Type) -> Type {
        Type::Map(Box::new(ty))
    }

    #[test]
    fn a_pointer_says_absent_or_null() {
        assert_eq!(cell("*string*", true), Cell { ty: Type::String, presence: Presence::Required });
        assert_eq!(cell("*string*", false), Cell { ty: Type::String, presence: Presence::Optional });
        assert_eq!(cell("**string*", false), Cell { ty: Type::String, presence: Presence::Nullable });
        // A pointer on a required row: always sent, may be `null`.
        assert_eq!(cell("**int64*", true), Cell { ty: Type::I64, presence: Presence::RequiredNullable });
        let pet = cell("[*components.Pet](../../models/components/pet.md)", false);
        assert_eq!(pet.presence, Presence::Nullable);
        let pet = model(pet.ty);
        assert_eq!((pet.name.as_str(), pet.link.unwrap().0.as_str()), ("Pet", "../../models/components/pet.md"));
        assert_eq!(cell("[shared.Pet](../../../pkg/models/shared/pet.md)", false).presence, Presence::Optional);
        assert_eq!(cell("[*time.Time](https://pkg.go.dev/time#Time)", false).presence, Presence::Nullable);
        // Lists, maps and `any` carry no pointer; a pointer inside them is no marker.
        assert_eq!(cell("[]*string*", false).presence, Presence::Optional);
        assert_eq!(cell("map[string][*components.Pet](../../models/components/pet.md)", false).presence, Presence::Optional);
        assert_eq!(cell("*any*", false).presence, Presence::Optional);
        // Pointers that are part of the type mark nothing.
        assert_eq!(cell("[*big.Int](https://pkg.go.dev/math/big#Int)", true), Cell { ty: Type::BigInteger, presence: Presence::Required });
        assert_eq!(cell("[*big.Int](https://pkg.go.dev/math/big#Int)", false).presence, Presence::Optional);
        assert_eq!(cell("[*decimal.Big](https://pkg.go.dev/github.com/ericlagergren/decimal#Big)", false).presence, Presence::Optional);
        assert_eq!(cell("[*http.Response](https://pkg.go.dev/net/http#Response)", true).presence, Presence::Required);
        assert_eq!(cell("[*http.Request](https://pkg.go.dev/net/http#Request)", true).presence, Presence::Required);
    }

    #[test]
    fn every_type_form() {
        assert_eq!(cell("*int64*", true).ty, Type::I64);
        assert_eq!(cell("*int*", true).ty, Type::I32);
        assert_eq!(cell("*float64*", true).ty, Type::F64);
        assert_eq!(cell("**float32*", false).ty, Type::F64);
        assert_eq!(cell("*bool*", true).ty, Type::Bool);
        assert_eq!(cell("*any*", true).ty, Type::Any);
        assert_eq!(cell("*interface{}*", true).ty, Type::Any);
        assert_eq!(cell("*[]byte*", true).ty, Type::Bytes);
        assert_eq!(cell("*io.ReadCloser*", false).ty, Type::Raw);
        assert_eq!(cell("[*http.Response](https://pkg.go.dev/net/http#Response)", true).ty, Type::Raw);
        assert_eq!(cell("[time.Time](https://pkg.go.dev/time#Time)", true).ty, Type::DateTime);
        assert_eq!(cell("[*time.Time](https://pkg.go.dev/time#Time)", false).ty, Type::DateTime);
        assert_eq!(cell("[*types.Date](../../types/date.md)", false).ty, Type::Date);
        assert_eq!(cell("[*decimal.Big](https://pkg.go.dev/github.com/ericlagergren/decimal#Big)", true).ty, Type::BigDecimal);
        assert_eq!(cell("[]*string*", true).ty, list(Type::String));
        assert_eq!(cell("[][]*string*", true).ty, list(list(Type::String)));
        assert_eq!(cell("map[string]*any*", true).ty, map(Type::Any));
        assert_eq!(cell("map[string]map[string]*string*", true).ty, map(map(Type::String)));
        assert_eq!(cell("map[string][]*string*", true).ty, map(list(Type::String)));
        assert_eq!(cell("[][types.Date](../../types/date.md)", true).ty, list(Type::Date));
        let Type::List(item) = cell("[][components.Pet](../../models/components/pet.md)", true).ty else { panic!("a list") };
        assert_eq!(model(*item).name, "Pet");
        let Type::List(item) = cell("[]map[string][shared.M](../../../pkg/models/shared/m.md)", true).ty else { panic!("a list") };
        let Type::Map(value) = *item else { panic!("a map") };
        assert_eq!(model(*value).link.unwrap().0, "../../../pkg/models/shared/m.md");
    }

    #[test]
    fn union_members_from_headings_and_snippets() {
        let member = |heading: &str, code: &str| Go.union_member(heading, code, 0, 0).unwrap().unwrap();
        let integer = member("", "percentage := components.CreatePercentageInteger(int64{/* values here */})");
        assert_eq!((integer.ty, integer.name.as_deref()), (Type::I64, Some("Integer")));
        assert_eq!(member("", "numericUnion := shared.CreateNumericUnionBigint(*big.Int{/* values here */})").ty, Type::BigInteger);
        assert_eq!(member("", "x := shared.CreateXArrayOfStr([]string{/* values here */})").ty, list(Type::String));
        assert_eq!(member("", "u := shared.CreateUDateTime(time.Time{/* values here */})").ty, Type::DateTime);
        let boat = member("ExampleBoat", "exampleVehicle := shared.CreateExampleVehicleExampleBoat(shared.ExampleBoat{/* values here */})");
        assert_eq!((model(boat.ty).name.as_str(), boat.name.as_deref()), ("ExampleBoat", Some("ExampleBoat")));
        assert_eq!(Go.union_member("", "", 0, 0).unwrap_err().message, "union member names no type");
    }

    #[test]
    fn catch_alls_and_non_models() {
        let names = |list: &[&str]| list.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
        assert!(Go.is_catch_all_among("AdditionalProperties", &names(&["AdditionalProperties", "Name"])));
        let both = names(&["AdditionalProperties", "AdditionalPropertiesT"]);
        assert!(!Go.is_catch_all_among("AdditionalProperties", &both));
        assert!(Go.is_catch_all_among("AdditionalPropertiesT", &both));
        assert_eq!(Go.property("URL"), "URL");
        assert!(Go.not_a_model("models/operations/option.md", "## Options\n\n### WithServerURL\n").is_some());
        assert!(Go.not_a_model("models/operations/option.md", "# Option\n").is_none());
    }

    #[test]
    fn malformed_cells_are_located_errors() {
        let error = |text: &str| {
            let e = Go.type_cell(text, 0, 10, true).unwrap_err();
            (e.message.clone(), e.span().map(|s| s.range.clone()))
        };
        assert_eq!(error("map[int64]*string*"), ("map keys must be `string`".to_owned(), Some(14..19)));
        assert_eq!(error("map[string*string*").0, "cannot parse Type cell: unclosed `[` after `map`");
        assert_eq!(error("*string").0, "cannot parse Type cell: unclosed emphasis");
        assert_eq!(error("*string* junk"), ("cannot parse Type cell: unexpected text after the type".to_owned(), Some(19..20)));
        assert_eq!(error("[components.M](../m.md").0, "cannot parse Type cell: unclosed link target");
        assert_eq!(error("[components.M").0, "cannot parse Type cell: unclosed link");
        assert_eq!(error("*str-ing*").0, "cannot parse Type cell: expected a type name");
        assert_eq!(error("   ").0, "empty Type cell");
        assert_eq!(error(&"[]".repeat(MAX_DEPTH + 1)).0, "cannot parse Type cell: the type is nested too deeply");
        for text in ["[]".repeat(100_000), "map[string]".repeat(100_000), "*".repeat(1000), "**".to_owned(), "[](".to_owned()] {
            assert!(Go.type_cell(&text, 0, 0, true).is_err(), "{text:.20}");
        }
    }

    #[test]
    fn suggested_types_are_known() {
        for name in BUILTIN_NAMES {
            assert!(builtin(name).is_some(), "{name}");
        }
    }
}
