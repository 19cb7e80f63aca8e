//! The Ruby dialect, in its three generations: Crystalline (`*::String*`,
//! `Crystalline::Nilable.new(T)`, `Crystalline::Array<T>`, `Crystalline::Hash[Symbol, T]`,
//! `Crystalline::Union.new(A, B)`), Sorbet with `::` (`T.nilable(::String)`,
//! `T::Array<T>`, `T::Hash[Symbol, T]`, `T.any(A, B)`) and the 2023 Sorbet without `::`
//! (`*String*`, `[Shared::M](…)`). Model links name `Models::Components::M` (newer) or
//! `Shared::M` (2023).
//!
//! The grammar, read from the raw cell text:
//!
//! ```text
//! type := "[" type "]" "(" url ")" | PATH args?
//! PATH := "::"? IDENT (("::" | ".") IDENT)*        T.nilable, Crystalline::Boolean.new
//! args := "(" type ("," type)* ")" | "<" type ("," type)* ">" | "[" type ("," type)* "]"
//! ```
//!
//! `*emphasis*`, whitespace and backslash escapes are dropped between tokens; `[` right
//! after a name opens arguments (`T::Hash[…]`), anywhere else a link.
//!
//! What `Nilable` means: Ruby writes `T.nilable(T)` for a property that may be absent or
//! `null` alike, and newer generators also for required properties that may be `null`;
//! it is read as Go's pointer and PHP's `?T` are, by [`absent_or_null`].
//!
//! Dates: Ruby docs swap the labels. `[Date](…/Date.html)` is written for date-time
//! fields and `[DateTime](…/DateTime.html)` for calendar dates (the SDK's sources say
//! `::DateTime` and `::Date`), so the labels are read swapped.

use super::dialect::{absent_or_null, Cell, FrontEnd};
use super::java::is_doc_link;
use super::ty::MAX_DEPTH;
use crate::diag::Diagnostic;
use crate::ir::{ModelRef, Type};
use crate::source::{FileId, Span};

/// The Ruby front end.
pub struct Ruby;

impl FrontEnd for Ruby {

    fn type_cell(&self, cell: &str, file: FileId, base: usize, required: bool) -> Result<Cell, Diagnostic> {
        let expr = Parser { text: cell, pos: 0, file, base, depth: 0 }.whole()?;
        let read = interpret(&expr, None)?;
        let presence = absent_or_null(required, read.nullable, &read.ty);
        Ok(Cell { ty: read.ty, presence })
    }

    fn property(&self, field: &str) -> String {
        match field.strip_suffix('_') {
            Some(stem) if ESCAPED.contains(&stem) => stem.to_owned(),
            _ => field.to_owned(),
        }
    }

    fn is_catch_all(&self, field: &str) -> bool {
        field == "additional_properties"
    }

    fn open_enum(&self, example_usage: &str) -> bool {
        example_usage.contains("Open enum") || example_usage.contains(".deserialize(")
    }

    fn type_names(&self) -> &'static [&'static str] {
        BUILTIN_NAMES
    }
}

/// Properties Ruby SDKs write with a `_` appended: Ruby's keywords, and names the SDK's
/// model base class uses itself (`str_`, 2023; `fields_`, newer).
const ESCAPED: &[&str] = &[
    "str", "fields", "alias", "and", "begin", "break", "case", "class", "def", "defined", "do", "else", "elsif", "end",
    "ensure", "false", "for", "if", "in", "module", "next", "nil", "not", "or", "redo", "rescue", "retry", "return",
    "self", "super", "then", "true", "undef", "unless", "until", "when", "while", "yield",
];

/// A type as written: syntax, before it is given meaning.
#[derive(Debug)]
enum Expr {
    /// `Name`, `Name(args)`, `Name<args>` or `Name[args]`.
    Path { name: String, args: Option<(Bracket, Vec<Expr>)>, span: Span },
    /// `[T](url)`.
    Link { inner: Box<Expr>, url: String, url_span: Span },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Bracket {
    Paren,
    Angle,
    Square,
}

impl Bracket {
    fn close(self) -> char {
        match self {
            Bracket::Paren => ')',
            Bracket::Angle => '>',
            Bracket::Square => ']',
        }
    }
}

const TYPE_NOTE: &str = "expected a Ruby type such as `*::String*`, `*T.nilable(::Integer)*`, `T::Array<*::String*>`, `T::Hash[Symbol, *::Object*]` or a link to a model doc";

struct Parser<'a> {
    text: &'a str,
    pos: usize,
    file: FileId,
    base: usize,
    depth: usize,
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

    fn peek(&self) -> Option<char> {
        self.text[self.pos..].chars().next()
    }

    /// Skips whitespace, emphasis markers and backslash escapes.
    fn skip_noise(&mut self) {
        let rest = &self.text[self.pos..];
        let trimmed = rest.trim_start_matches(|c: char| c.is_whitespace() || c == '*' || c == '\\');
        self.pos += rest.len() - trimmed.len();
    }

    fn eat(&mut self, c: char) -> bool {
        self.skip_noise();
        if self.peek() == Some(c) {
            self.pos += c.len_utf8();
            true
        } else {
            false
        }
    }

    fn whole(mut self) -> Result<Expr, Diagnostic> {
        self.skip_noise();
        if self.pos == self.text.len() {
            return Err(Diagnostic::error("empty Type cell")
                .at(self.span(0, self.text.len()), "no type here")
                .note(TYPE_NOTE));
        }
        let expr = self.parse_type()?;
        self.skip_noise();
        if self.pos < self.text.len() {
            return Err(self.error(self.pos, "unexpected text after the type", "expected the end of the cell"));
        }
        Ok(expr)
    }

    fn parse_type(&mut self) -> Result<Expr, Diagnostic> {
        self.skip_noise();
        if self.depth == MAX_DEPTH {
            return Err(self.error(self.pos, "the type is nested too deeply", &format!("types nest at most {MAX_DEPTH} levels deep")));
        }
        self.depth += 1;
        let expr = self.parse_primary();
        self.depth -= 1;
        expr
    }

    fn parse_primary(&mut self) -> Result<Expr, Diagnostic> {
        let start = self.pos;
        match self.peek() {
            Some('[') => {
                self.pos += 1;
                let inner = self.parse_type()?;
                if !self.eat(']') {
                    return Err(self.error(self.pos, "expected `]`", "a link's text ends with `]`"));
                }
                if self.peek() != Some('(') {
                    return Err(self.error(
                        self.pos,
                        "expected `(` after `]`",
                        "a link to a model doc reads `[Models::Components::Name](../../models/components/name.md)`",
                    ));
                }
                let paren = self.pos;
                let url_start = paren + 1;
                let Some(len) = self.text[url_start..].find(')') else {
                    return Err(Diagnostic::error("cannot parse Type cell: unclosed link target")
                        .at(self.span(paren, url_start), "this `(` is never closed")
                        .note("expected `)` before the end of the cell"));
                };
                let url = self.text[url_start..url_start + len].trim();
                self.pos = url_start + len + 1;
                if url.is_empty() {
                    return Err(self.error(url_start, "empty link target", "expected the path of a model doc"));
                }
                Ok(Expr::Link { inner: Box::new(inner), url: url.to_owned(), url_span: self.span(url_start, url_start + len) })
            }
            Some(c) if c == ':' || is_ident_start(c) => {
                let name = self.path()?;
                // `[` opens arguments only right after the name; `(` and `<` anywhere.
                let bracket = match self.peek() {
                    Some('[') => Some(Bracket::Square),
                    _ => {
                        let save = self.pos;
                        if self.eat('(') {
                            self.pos -= 1;
                            Some(Bracket::Paren)
                        } else if self.eat('<') {
                            self.pos -= 1;
                            Some(Bracket::Angle)
                        } else {
                            self.pos = save;
                            None
                        }
                    }
                };
                let name_end = self.pos;
                let Some(bracket) = bracket else {
                    return Ok(Expr::Path { name, args: None, span: self.span(start, name_end) });
                };
                let open = self.pos;
                self.pos += 1;
                let mut args = Vec::new();
                loop {
                    args.push(self.parse_type()?);
                    if self.eat(',') {
                        continue;
                    }
                    if self.eat(bracket.close()) {
                        break;
                    }
                    let opening = &self.text[open..open + 1];
                    let message = format!("unclosed `{opening}` after `{name}`");
                    if self.pos == self.text.len() {
                        return Err(Diagnostic::error(format!("cannot parse Type cell: {message}"))
                            .at(self.span(open, open + 1), format!("this `{opening}` is never closed"))
                            .note(format!("expected `{}` before the end of the cell", bracket.close())));
                    }
                    return Err(self.error(self.pos, &message, &format!("expected `,` or `{}`", bracket.close())));
                }
                Ok(Expr::Path { name, args: Some((bracket, args)), span: self.span(start, self.pos) })
            }
            _ => Err(self.error(self.pos, "expected a type name", TYPE_NOTE)),
        }
    }

    /// `::Integer`, `Models::Components::Pet`, `T.nilable`, `Crystalline::Boolean.new`.
    fn path(&mut self) -> Result<String, Diagnostic> {
        let start = self.pos;
        let bytes = self.text.as_bytes();
        if self.text[self.pos..].starts_with("::") {
            self.pos += 2;
        }
        loop {
            let part = self.pos;
            while bytes.get(self.pos).is_some_and(|&b| b.is_ascii_alphanumeric() || b == b'_') {
                self.pos += 1;
            }
            if self.pos == part {
                return Err(self.error(self.pos, "expected a name", "Ruby names read `Models::Components::Pet` or `T.nilable`"));
            }
            if self.text[self.pos..].starts_with("::") && bytes.get(self.pos + 2).is_some_and(|b| b.is_ascii_alphabetic()) {
                self.pos += 2;
            } else if bytes.get(self.pos) == Some(&b'.') && bytes.get(self.pos + 1).is_some_and(|b| b.is_ascii_alphabetic()) {
                self.pos += 1;
            } else {
                return Ok(self.text[start..self.pos].to_owned());
            }
        }
    }
}

fn is_ident_start(c: char) -> bool {
    c.is_ascii_alphabetic() || c == '_'
}

/// A type with whether it admits `null` (`T.nilable(T)`).
#[derive(Debug)]
struct Read {
    ty: Type,
    nullable: bool,
}

impl Read {
    fn item(self) -> Type {
        if self.nullable { Type::Nullable(Box::new(self.ty)) } else { self.ty }
    }
}

/// The meaning of `expr`; `link` is the target of an enclosing link, which names the
/// model at its leaf (whatever the link's text calls it).
fn interpret(expr: &Expr, link: Option<(&str, &Span)>) -> Result<Read, Diagnostic> {
    let (name, args, span) = match expr {
        Expr::Link { inner, url, url_span } => return interpret(inner, Some((url, url_span))),
        Expr::Path { name, args, span } => (name.as_str(), args, span),
    };
    let plain = |ty| Ok(Read { ty, nullable: false });
    let Some((bracket, args)) = args else {
        if let Some(builtin) = builtin(name) {
            return plain(builtin);
        }
        return plain(model(name, span, link)?);
    };
    let one = || match args.as_slice() {
        [arg] => Ok(arg),
        _ => Err(arity(name, span, 1)),
    };
    match (*bracket, name) {
        (Bracket::Paren, "T.nilable" | "Crystalline::Nilable.new") => {
            Ok(Read { nullable: true, ..interpret(one()?, link)? })
        }
        // The members of an inline union are named by title: a link around the union
        // goes to the union's own doc, not to a member's.
        (Bracket::Paren, "T.any" | "Crystalline::Union.new") => {
            let mut members = Vec::with_capacity(args.len());
            let mut nullable = false;
            for arg in args {
                let read = interpret(arg, None)?;
                nullable |= read.nullable;
                members.push(read.ty);
            }
            let ty = if members.len() == 1 { members.pop().unwrap_or(Type::Any) } else { Type::Union(members) };
            Ok(Read { ty, nullable })
        }
        (Bracket::Angle, "T::Array" | "Crystalline::Array" | "T::Set") => {
            plain(Type::List(Box::new(interpret(one()?, link)?.item())))
        }
        (Bracket::Square, "T::Hash" | "Crystalline::Hash") => {
            let [key, value] = args.as_slice() else { return Err(arity(name, span, 2)) };
            let key_ok = matches!(key, Expr::Path { name, args: None, .. } if matches!(name.trim_start_matches("::"), "Symbol" | "String"));
            if !key_ok {
                let key_span = match key {
                    Expr::Path { span, .. } => span.clone(),
                    Expr::Link { url_span, .. } => url_span.clone(),
                };
                return Err(Diagnostic::error("map keys must be `Symbol`")
                    .at(key_span, "not `Symbol`")
                    .note("JSON object keys are strings; expected `T::Hash[Symbol, T]`"));
            }
            plain(Type::Map(Box::new(interpret(value, link)?.item())))
        }
        _ => Err(Diagnostic::error(format!("unknown generic type `{name}`"))
            .at(span.clone(), "unknown wrapper")
            .note("expected `T.nilable(…)`, `T.any(…)`, `T::Array<…>`, `T::Hash[Symbol, …]` or their `Crystalline::` forms")
            .did_you_mean(name, GENERIC_NAMES.iter().copied())),
    }
}

fn arity(name: &str, span: &Span, expected: usize) -> Diagnostic {
    let plural = if expected == 1 { "" } else { "s" };
    Diagnostic::error(format!("`{name}` takes {expected} type argument{plural}")).at(span.clone(), "wrong number of type arguments")
}

/// The namespaces of model classes in link text.
const MODEL_NAMESPACES: &[&str] = &["Models::", "Shared::", "Operations::", "Errors::", "Callbacks::", "Components::"];

/// A model named by `name` (`Models::Components::Pet`, `Shared::Pet` or a bare `Pet`).
fn model(name: &str, span: &Span, link: Option<(&str, &Span)>) -> Result<Type, Diagnostic> {
    let simple = name.rsplit("::").next().unwrap_or(name);
    let namespaced = MODEL_NAMESPACES.iter().any(|ns| name.starts_with(ns));
    let bare = !name.contains([':', '.']) && simple.starts_with(|c: char| c.is_ascii_uppercase());
    if !namespaced && !bare {
        return Err(Diagnostic::error(format!("unknown type `{name}`"))
            .at(span.clone(), "not a Ruby type of the docs")
            .note("expected `::String`, `::Integer`, `::Float`, `T::Boolean`, `::Object` or a model such as `Models::Components::Pet`")
            .did_you_mean(name, BUILTIN_NAMES.iter().copied()));
    }
    let link = link.filter(|(url, _)| is_doc_link(url)).map(|(url, url_span)| (url.to_owned(), url_span.clone()));
    Ok(Type::Model(ModelRef { namespace: None, link, name: simple.to_owned(), span: span.clone() }))
}

/// The Ruby type names [`builtin`] knows, the most common first.
const BUILTIN_NAMES: &[&str] = &[
    "::String", "::Integer", "::Float", "T::Boolean", "::Object", "Crystalline::Boolean.new", "String", "Integer",
    "Float", "Object", "Date", "DateTime", "Faraday::Response", "T.untyped", "Symbol",
];

/// The generic types of the dialect, suggested for an unknown one.
const GENERIC_NAMES: &[&str] =
    &["T.nilable", "T.any", "T::Array", "T::Hash", "Crystalline::Nilable.new", "Crystalline::Union.new", "Crystalline::Array", "Crystalline::Hash"];

/// Ruby types of the dialect. `Integer` has no width (64 bits is the widest JSON integer
/// an SDK writes); `Float` is a double.
fn builtin(name: &str) -> Option<Type> {
    Some(match name {
        "T::Boolean" | "Crystalline::Boolean.new" | "Crystalline::Boolean" => Type::Bool,
        "T.untyped" => Type::Any,
        "Faraday::Response" => Type::Raw,
        _ => match name.strip_prefix("::").unwrap_or(name) {
            "String" | "Symbol" => Type::String,
            "Integer" => Type::I64,
            "Float" | "Numeric" => Type::F64,
            "Object" => Type::Any,
            // Swapped labels (see the module docs).
            "Date" => Type::DateTime,
            "DateTime" => Type::Date,
            _ => return None,
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::Presence;

    fn cell(text: &str, required: bool) -> Cell {
        Ruby.type_cell(text, 0, 0, required).unwrap_or_else(|e| panic!("{text}: {}", e.message))
    }

    fn model(ty: &Type) -> (&str, Option<&str>) {
        let Type::Model(m) = ty else { panic!("not a model: {ty:?}") };
        (m.name.as_str(), m.link.as_ref().map(|(url, _)| url.as_str()))
    }

    #[test]
    fn every_generation_of_primitives() {
        for (text, ty) in [
            ("*::String*", Type::String),
            ("*String*", Type::String),
            ("*::Integer*", Type::I64),
            ("*Integer*", Type::I64),
            ("*::Float*", Type::F64),
            ("*Float*", Type::F64),
            ("*Crystalline::Boolean.new*", Type::Bool),
            ("*T::Boolean*", Type::Bool),
            ("*::Object*", Type::Any),
            ("*Object*", Type::Any),
        ] {
            assert_eq!(cell(text, true), Cell { ty, presence: Presence::Required }, "{text}");
        }
        assert_eq!(cell("*::String*", false).presence, Presence::Optional);
    }

    #[test]
    fn nilable_says_absent_or_null() {
        assert_eq!(cell("*T.nilable(::String)*", false), Cell { ty: Type::String, presence: Presence::Nullable });
        assert_eq!(cell("*T.nilable(String)*", false).presence, Presence::Nullable);
        assert_eq!(cell("*Crystalline::Nilable.new(::Integer)*", true), Cell { ty: Type::I64, presence: Presence::RequiredNullable });
        assert_eq!(cell("*Crystalline::Nilable.new(Crystalline::Boolean.new)*", false).ty, Type::Bool);
        let c = cell("[T.nilable(Models::Components::Media)](../../models/shared/media.md)", false);
        assert_eq!((c.presence, model(&c.ty)), (Presence::Nullable, ("Media", Some("../../models/shared/media.md"))));
        let c = cell("[Crystalline::Nilable.new(Models::Components::X)](../../models/shared/m.md)", false);
        assert_eq!(model(&c.ty), ("X", Some("../../models/shared/m.md")), "the link, not the text, names the doc");
        assert_eq!(model(&cell("[Shared::SimpleObject](../../models/shared/simpleobject.md)", true).ty).0, "SimpleObject");
        assert_eq!(model(&cell("[T.nilable(Operations::Res)](../../models/operations/res.md)", false).ty).0, "Res");
    }

    #[test]
    fn arrays_hashes_and_dates() {
        assert_eq!(cell("T::Array<*::String*>", true).ty, Type::List(Box::new(Type::String)));
        assert_eq!(cell("Crystalline::Array<*::String*>", true).ty, Type::List(Box::new(Type::String)));
        assert_eq!(cell("Crystalline::Hash[Symbol, *::Object*]", true).ty, Type::Map(Box::new(Type::Any)));
        assert_eq!(cell("T::Hash[Symbol, *String*]", true).ty, Type::Map(Box::new(Type::String)));
        let Type::Map(inner) = cell("T::Hash[Symbol, T::Array<[Shared::M](../../models/shared/m.md)>]", true).ty else { panic!() };
        let Type::List(item) = *inner else { panic!() };
        assert_eq!(model(&item), ("M", Some("../../models/shared/m.md")));
        assert_eq!(cell("T::Array<T::Hash[Symbol, *String*]>", true).ty, Type::List(Box::new(Type::Map(Box::new(Type::String)))));
        assert_eq!(cell("[Date](https://ruby-doc.org/stdlib/libdoc/date/rdoc/Date.html)", true).ty, Type::DateTime);
        assert_eq!(cell("[DateTime](https://ruby-doc.org/stdlib/libdoc/date/rdoc/DateTime.html)", true).ty, Type::Date);
        assert_eq!(cell("T::Hash[Symbol, [Date](https://ruby-doc.org/x/Date.html)]", true).ty, Type::Map(Box::new(Type::DateTime)));
        assert_eq!(cell("[Faraday::Response](https://www.rubydoc.info/gems/faraday/Faraday/Response)", true).ty, Type::Raw);
        assert_eq!(cell("T::Array<*T.nilable(::String)*>", true).ty, Type::List(Box::new(Type::Nullable(Box::new(Type::String)))));
    }

    #[test]
    fn inline_unions_list_their_members() {
        let c = cell("T::Array<[T.any(Models::Components::A, Models::Components::B)](../../models/shared/u.md)>", true);
        let Type::List(item) = c.ty else { panic!() };
        let Type::Union(members) = *item else { panic!("a union: {item:?}") };
        assert_eq!(members.iter().map(|m| model(m)).collect::<Vec<_>>(), [("A", None), ("B", None)]);
        let c = cell("[Crystalline::Nilable.new(Crystalline::Union.new(Models::Components::A, ::String))](../../models/shared/u.md)", false);
        assert_eq!(c.presence, Presence::Nullable);
        let Type::Union(members) = c.ty else { panic!() };
        assert_eq!(members[1], Type::String);
    }

    #[test]
    fn escapes_catch_alls_and_open_enums() {
        assert_eq!(Ruby.property("str_"), "str");
        assert_eq!(Ruby.property("fields_"), "fields");
        assert_eq!(Ruby.property("class_"), "class");
        assert_eq!(Ruby.property("name_"), "name_");
        assert!(Ruby.is_catch_all("additional_properties"));
        assert!(Ruby.open_enum("# Open enum: use .deserialize() to create instances from custom string values"));
        assert!(!Ruby.open_enum("value = Status::PENDING"));
    }

    #[test]
    fn malformed_cells_are_located_errors() {
        let error = |text: &str| {
            let e = Ruby.type_cell(text, 0, 100, true).unwrap_err();
            (e.message.clone(), e.span().map(|s| s.range.clone()))
        };
        assert_eq!(error(""), ("empty Type cell".to_owned(), Some(100..100)));
        assert_eq!(error("T::Array<*::String*"), ("cannot parse Type cell: unclosed `<` after `T::Array`".to_owned(), Some(108..109)));
        assert_eq!(error("T::Hash[::Integer, *::String*]"), ("map keys must be `Symbol`".to_owned(), Some(108..117)));
        assert_eq!(error("*::Strin*").0, "unknown type `::Strin`");
        assert_eq!(error("*T.nillable(::String)*").0, "unknown generic type `T.nillable`");
        assert_eq!(error("*T.nilable(::String, ::Integer)*").0, "`T.nilable` takes 1 type argument");
        assert_eq!(error("*::String* junk").0, "cannot parse Type cell: unexpected text after the type");
        assert_eq!(error("[Shared::M](../m.md").0, "cannot parse Type cell: unclosed link target");
        assert_eq!(error("<>").0, "cannot parse Type cell: expected a type name");
        assert_eq!(error("::").0, "cannot parse Type cell: expected a name");
        let suggested = Ruby.type_cell("*T.nillable(::String)*", 0, 0, true).unwrap_err();
        assert!(suggested.notes.iter().any(|n| n.text.contains("T.nilable")), "{:?}", suggested.notes);
        for open in ["T::Array<", "[", "T.nilable("] {
            assert!(Ruby.type_cell(&open.repeat(10_000), 0, 0, true).is_err());
        }
    }
}
