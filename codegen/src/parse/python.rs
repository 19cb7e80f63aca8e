//! The Python dialect: `*str*`, `Optional[T]`, `Nullable[T]`, `OptionalNullable[T]`,
//! `List[T]`, `Dict[str, T]`, `Literal[...]`, `Union[...]`, links whose text may hold the
//! wrapper (`[Optional[models.M]](url)`) or sit inside it (`List[[models.M](url)]`), the
//! swapped date labels, and the `_` escape of properties named like Python keywords.

use super::dialect::{Cell, FrontEnd};
use super::java::is_doc_link;
use super::ty::MAX_DEPTH;
use crate::diag::{Diagnostic, Place};
use crate::ir::{Member, ModelRef, Presence, Type};
use crate::source::{FileId, Span};

/// The Python front end.
pub struct Python;

impl FrontEnd for Python {

    fn type_cell(&self, cell: &str, file: FileId, base: usize, required: bool) -> Result<Cell, Diagnostic> {
        let expr = parse(cell, file, base)?;
        let (expr, link) = peel_link(&expr, None);
        if let Expr::Name { name, args, span } = expr
            && let Some(wrapper) = Wrapper::of(name)
        {
            let [inner] = args.as_slice() else { return Err(arity(name, span, 1)) };
            let ty = interpret(inner, link)?;
            let presence = match (wrapper, required) {
                // A raw body is never JSON: it is there or not.
                _ if ty.holds_raw() => Presence::Optional,
                // 2023 `Optional[T]` on a required row: always sent, may be `None`.
                (_, true) => Presence::RequiredNullable,
                (Wrapper::Optional, false) => Presence::Optional,
                (Wrapper::Nullable | Wrapper::OptionalNullable, false) => Presence::Nullable,
            };
            return Ok(Cell { ty, presence });
        }
        let ty = interpret(expr, link)?;
        Ok(Cell { ty, presence: if required { Presence::Required } else { Presence::Optional } })
    }

    fn property(&self, field: &str) -> String {
        match field.strip_suffix('_') {
            Some(stem) if ESCAPED.contains(&stem) => stem.to_owned(),
            _ => field.to_owned(),
        }
    }

    fn is_catch_all(&self, field: &str) -> bool {
        matches!(field, "__pydantic_extra__" | "additional_properties")
    }

    fn is_catch_all_among(&self, field: &str, fields: &[String]) -> bool {
        // When a real property is named `additional_properties`, the catch-all row is
        // `additional_properties_t`.
        let escaped = fields.iter().any(|f| f == "additional_properties_t");
        match field {
            "__pydantic_extra__" => true,
            "additional_properties" => !escaped,
            "additional_properties_t" => fields.iter().any(|f| f == "additional_properties"),
            _ => false,
        }
    }

    fn open_enum(&self, example_usage: &str) -> bool {
        example_usage.contains("Open enum") || example_usage.contains("UnrecognizedStr")
    }

    fn type_names(&self) -> &'static [&'static str] {
        BUILTIN_NAMES
    }

    fn union_member(&self, heading: &str, code: &str, file: FileId, base: usize) -> Result<Option<Member>, Diagnostic> {
        let span = Span::new(file, base..base + heading.len());
        // Newer headings name the type in backticks; 2023 ones name a model's bare title,
        // or nothing, and the snippet `name: T = /* values here */` says the type.
        let written = heading.trim().trim_matches('`');
        let ty = if written.trim().is_empty() {
            let Some(text) = snippet_type(code) else {
                return Err(Diagnostic::error("union member names no type")
                    .at(span, "empty heading")
                    .note("expected a heading such as ``### `models.Pet` `` or a snippet `value: str = /* values here */` after it"));
            };
            // The snippet is not part of the heading: what it names points at the heading.
            let read = parse(text, file, base).and_then(|expr| interpret(&expr, None));
            let mut ty = read.map_err(|e| in_snippet(e, &span, text))?;
            respan(&mut ty, &span);
            ty
        } else {
            let offset = heading.find(written).unwrap_or(0);
            interpret(&parse(written, file, base + offset)?, None)?
        };
        Ok(Some(Member { ty, name: None, span }))
    }

    fn not_a_model(&self, rel: &str, _text: &str) -> Option<&'static str> {
        rel.to_ascii_lowercase().ends_with("utils/retryconfig.md").then_some(
            "`utils/retryconfig.md` documents the SDK's retry options, not a model of the API; it is left out",
        )
    }
}

/// An error in a union member's snippet, which has no place in the doc's text: put at
/// the member's heading.
pub(super) fn in_snippet(mut diagnostic: Diagnostic, heading: &Span, snippet: &str) -> Diagnostic {
    diagnostic.place = Some(Place::Span(heading.clone()));
    diagnostic.label = "in the snippet under this heading".to_owned();
    diagnostic.note(format!("the snippet gives the member's type as `{snippet}`"))
}

/// Points every reference in `ty` at `span` (a type read from a snippet).
pub(super) fn respan(ty: &mut Type, span: &Span) {
    match ty {
        Type::Model(model) => {
            model.span = span.clone();
            if let Some((_, link_span)) = &mut model.link {
                *link_span = span.clone();
            }
        }
        Type::List(inner) | Type::Map(inner) | Type::Nullable(inner) => respan(inner, span),
        Type::Union(members) => members.iter_mut().for_each(|member| respan(member, span)),
        _ => {}
    }
}

/// The type of a union member's snippet `name: T = /* values here */`.
fn snippet_type(code: &str) -> Option<&str> {
    code.lines().find_map(|line| {
        let (_, rest) = line.split_once(':')?;
        let (ty, _) = rest.split_once('=')?;
        let ty = ty.trim();
        (!ty.is_empty()).then_some(ty)
    })
}

/// Properties the SDK escapes with a trailing `_`: Python keywords and the names of
/// types and modules its models use.
const ESCAPED: &[&str] = &[
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del",
    "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is", "lambda",
    "nonlocal", "not", "or", "pass", "raise", "return", "try", "while", "with", "yield", "date", "datetime",
    "format", "schema", "filter", "str", "int", "float", "bool", "bytes", "dict", "list", "type", "id", "object",
    "decimal", "json", "copy", "fields",
];

/// The outermost wrappers, which say whether the key may be absent or null.
#[derive(Clone, Copy)]
enum Wrapper {
    Optional,
    Nullable,
    OptionalNullable,
}

impl Wrapper {
    fn of(name: &str) -> Option<Wrapper> {
        match name {
            "Optional" => Some(Wrapper::Optional),
            "Nullable" => Some(Wrapper::Nullable),
            "OptionalNullable" => Some(Wrapper::OptionalNullable),
            _ => None,
        }
    }
}

/// A Python type as written: syntax, before it is given meaning.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Expr {
    /// `name` or `name[args]`; names may be qualified (`models.Pet`, `io.IOBase`).
    Name { name: String, args: Vec<Expr>, span: Span },
    /// The value of a `Literal[...]`: `"manual"`, `True`, `1`.
    Literal { text: String, span: Span },
    /// `[T](url)`: the text of a Markdown link, with the link's target.
    Link { inner: Box<Expr>, url: String, url_span: Span },
}

const TYPE_NOTE: &str = "expected a type such as `*str*`, `Optional[int]`, `List[[models.Pet](../models/pet.md)]` or a link to a model doc";

/// Parses the raw Markdown text of a Type cell that starts at byte `base` of `file`.
fn parse(cell: &str, file: FileId, base: usize) -> Result<Expr, Diagnostic> {
    let mut parser = Parser { text: cell, pos: 0, file, base, depth: 0 };
    parser.skip_noise();
    if parser.pos == cell.len() {
        return Err(Diagnostic::error("empty Type cell")
            .at(Span::new(file, base..base + cell.len()), "no type here")
            .note(TYPE_NOTE));
    }
    let expr = parser.parse_type()?;
    parser.skip_noise();
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

    /// Skips whitespace, emphasis markers and backslashes.
    fn skip_noise(&mut self) {
        while let Some(c) = self.peek() {
            if c.is_whitespace() || c == '*' || c == '\\' {
                self.pos += c.len_utf8();
            } else {
                break;
            }
        }
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
                    return Err(self.error(self.pos, "expected `(` after `]`", "a link to a model doc reads `[models.Pet](../models/pet.md)`"));
                }
                let paren = self.pos;
                let url_start = paren + 1;
                let Some(len) = self.text[url_start..].find(')') else {
                    return Err(Diagnostic::error("cannot parse Type cell: unclosed link target")
                        .at(self.span(paren, url_start), "this `(` is never closed")
                        .note("expected `)` before the end of the cell"));
                };
                self.pos = url_start + len + 1;
                let url = self.text[url_start..url_start + len].trim();
                if url.is_empty() {
                    return Err(self.error(url_start, "empty link target", "expected the path of a model doc"));
                }
                Ok(Expr::Link { inner: Box::new(inner), url: url.to_owned(), url_span: self.span(url_start, url_start + len) })
            }
            Some(c) if is_ident_start(c) => {
                let name = self.ident().to_owned();
                let mut args = Vec::new();
                if self.peek() == Some('[') {
                    let open = self.pos;
                    self.pos += 1;
                    loop {
                        if name == "Literal" {
                            args.push(self.literal()?);
                        } else {
                            args.push(self.parse_type()?);
                        }
                        if self.eat(',') {
                            continue;
                        }
                        if self.eat(']') {
                            break;
                        }
                        if self.pos == self.text.len() {
                            return Err(Diagnostic::error(format!("cannot parse Type cell: unclosed `[` after `{name}`"))
                                .at(self.span(open, open + 1), "this `[` is never closed")
                                .note("expected `]` before the end of the cell"));
                        }
                        return Err(self.error(self.pos, &format!("unclosed `[` after `{name}`"), "expected `,` or `]`"));
                    }
                }
                Ok(Expr::Name { name, args, span: self.span(start, self.pos) })
            }
            _ => Err(self.error(self.pos, "expected a type name", TYPE_NOTE)),
        }
    }

    /// A value of `Literal[...]`: a string in quotes, or a word or number.
    fn literal(&mut self) -> Result<Expr, Diagnostic> {
        self.skip_noise();
        let start = self.pos;
        match self.peek() {
            Some(quote @ ('"' | '\'')) => {
                let body = start + 1;
                let Some(len) = self.text[body..].find(quote) else {
                    return Err(Diagnostic::error("cannot parse Type cell: unclosed string literal")
                        .at(self.span(start, body), "this quote is never closed")
                        .note("expected a literal such as `Literal[\"manual\"]`"));
                };
                self.pos = body + len + 1;
                Ok(Expr::Literal { text: self.text[start..self.pos].to_owned(), span: self.span(start, self.pos) })
            }
            Some(c) if c.is_alphanumeric() || c == '-' => {
                while self.peek().is_some_and(|c| c.is_alphanumeric() || matches!(c, '-' | '.' | '_')) {
                    self.pos += 1;
                }
                Ok(Expr::Literal { text: self.text[start..self.pos].to_owned(), span: self.span(start, self.pos) })
            }
            _ => Err(self.error(self.pos, "expected a literal value", "expected a literal such as `Literal[\"manual\"]` or `Literal[True]`")),
        }
    }

    fn ident(&mut self) -> &str {
        let start = self.pos;
        while let Some(c) = self.peek() {
            if is_ident_start(c) || c.is_ascii_digit() || c == '.' {
                self.pos += c.len_utf8();
            } else {
                break;
            }
        }
        &self.text[start..self.pos]
    }
}

fn is_ident_start(c: char) -> bool {
    c.is_alphabetic() || c == '_'
}

impl Expr {
    fn span(&self) -> &Span {
        match self {
            Expr::Name { span, .. } | Expr::Literal { span, .. } => span,
            Expr::Link { url_span, .. } => url_span,
        }
    }
}

fn arity(name: &str, span: &Span, expected: usize) -> Diagnostic {
    let plural = if expected == 1 { "" } else { "s" };
    Diagnostic::error(format!("`{name}` takes {expected} type argument{plural}")).at(span.clone(), "wrong number of type arguments")
}

/// Removes Markdown links around `expr`, keeping the innermost target.
fn peel_link<'e>(mut expr: &'e Expr, mut link: Option<(&'e str, &'e Span)>) -> (&'e Expr, Option<(&'e str, &'e Span)>) {
    while let Expr::Link { inner, url, url_span } = expr {
        link = Some((url.as_str(), url_span));
        expr = inner;
    }
    (expr, link)
}

/// A list item or map value, which may be wrapped: an item that may be `None`.
fn interpret_item(expr: &Expr, link: Option<(&str, &Span)>) -> Result<Type, Diagnostic> {
    let (inner, link) = peel_link(expr, link);
    if let Expr::Name { name, args, span } = inner
        && Wrapper::of(name).is_some()
    {
        let [item] = args.as_slice() else { return Err(arity(name, span, 1)) };
        return Ok(Type::Nullable(Box::new(interpret(item, link)?)));
    }
    interpret(expr, link)
}

/// Interprets a value type. `link` is the target of an enclosing Markdown link.
fn interpret(expr: &Expr, link: Option<(&str, &Span)>) -> Result<Type, Diagnostic> {
    let (expr, link) = peel_link(expr, link);
    let doc_link = link.filter(|(url, _)| is_doc_link(url));
    match expr {
        Expr::Link { .. } => unreachable!("peeled above"),
        Expr::Literal { span, .. } => Err(Diagnostic::error("a literal value is not a type")
            .at(span.clone(), "a value")
            .note("literal values are written inside `Literal[...]`")),
        Expr::Name { name, args, span } if !args.is_empty() => match name.as_str() {
            "List" | "Set" | "Sequence" => {
                let [item] = args.as_slice() else { return Err(arity(name, span, 1)) };
                Ok(Type::List(Box::new(interpret_item(item, link)?)))
            }
            "Dict" | "Mapping" => {
                let [key, value] = args.as_slice() else { return Err(arity(name, span, 2)) };
                if !matches!(key, Expr::Name { name, args, .. } if args.is_empty() && name == "str") {
                    return Err(Diagnostic::error("map keys must be `str`")
                        .at(key.span().clone(), "not `str`")
                        .note("JSON object keys are strings; expected `Dict[str, T]`"));
                }
                Ok(Type::Map(Box::new(interpret_item(value, link)?)))
            }
            "Literal" => literal_type(args, span),
            "Union" if is_bytes_union(args) => Ok(Type::Bytes),
            // An inline union linked to its own doc is that doc's model.
            "Union" => match doc_link {
                Some((url, url_span)) => Ok(Type::Model(ModelRef { namespace: None, link: Some((url.to_owned(), url_span.clone())), name: doc_stem(url), span: span.clone() })),
                None => Ok(Type::Union(args.iter().map(|member| interpret(member, None)).collect::<Result<_, _>>()?)),
            },
            "Optional" | "Nullable" | "OptionalNullable" => Err(Diagnostic::error(format!("`{name}` is only allowed around the whole type"))
                .at(span.clone(), "nested wrapper")
                .note("expected `Optional[T]`, `Nullable[T]` or `OptionalNullable[T]` as the outermost type, or as a list's items or a map's values")),
            _ => Err(Diagnostic::error(format!("unknown generic type `{name}`"))
                .at(span.clone(), "unknown wrapper")
                .note("expected `Optional`, `Nullable`, `OptionalNullable`, `List`, `Dict`, `Union` or `Literal`")
                .did_you_mean(name, GENERIC_NAMES.iter().copied())),
        },
        Expr::Name { name, span, .. } => {
            if let Some((url, url_span)) = doc_link {
                return Ok(Type::Model(ModelRef { namespace: None, link: Some((url.to_owned(), url_span.clone())), name: simple_name(name).to_owned(), span: span.clone() }));
            }
            // The docs label date-times `date` and dates `datetime`, with a link to the
            // other type's documentation; written elsewhere the names mean what they say.
            let swapped = link.is_some_and(|(url, _)| url.contains("docs.python.org"));
            match (name.as_str(), swapped) {
                ("date", true) => return Ok(Type::DateTime),
                ("datetime", true) => return Ok(Type::Date),
                _ => {}
            }
            if let Some(builtin) = builtin(name) {
                return Ok(builtin);
            }
            Ok(Type::Model(ModelRef { namespace: None, link: None, name: simple_name(name).to_owned(), span: span.clone() }))
        }
    }
}

/// A constant is read as its plain type (`Literal["manual"]` is a string).
fn literal_type(args: &[Expr], span: &Span) -> Result<Type, Diagnostic> {
    let kind = |arg: &Expr| match arg {
        Expr::Literal { text, .. } if text.starts_with(['"', '\'']) => Some(Type::String),
        Expr::Literal { text, .. } if text == "True" || text == "False" => Some(Type::Bool),
        Expr::Literal { text, .. } if text == "None" => Some(Type::Any),
        Expr::Literal { text, .. } if text.parse::<i64>().is_ok() => Some(Type::I64),
        Expr::Literal { text, .. } if text.parse::<f64>().is_ok() => Some(Type::F64),
        _ => None,
    };
    let mut kinds = args.iter().map(|arg| kind(arg).ok_or(arg));
    let first = match kinds.next() {
        Some(Ok(ty)) => ty,
        Some(Err(arg)) => {
            return Err(Diagnostic::error("unknown literal value")
                .at(arg.span().clone(), "not a string, number, `True`, `False` or `None`")
                .note("expected a literal such as `Literal[\"manual\"]` or `Literal[True]`"));
        }
        None => return Err(arity("Literal", span, 1)),
    };
    for other in kinds {
        match other {
            Ok(ty) if ty == first => {}
            Ok(_) | Err(_) => {
                return Err(Diagnostic::error("literal values of different types")
                    .at(span.clone(), "mixed literal")
                    .note("expected the values of one `Literal[...]` to share one type"));
            }
        }
    }
    Ok(first)
}

/// `Union[bytes, IO[bytes], io.IOBase]`: an upload, read as bytes.
fn is_bytes_union(args: &[Expr]) -> bool {
    let is = |expr: &Expr, want: &str| matches!(expr, Expr::Name { name, .. } if name == want);
    matches!(args.first(), Some(first) if is(first, "bytes"))
        && args[1..].iter().all(|arg| matches!(arg, Expr::Name { name, .. } if name == "IO" || name.starts_with("io.")))
}

/// `../models/pet.md` -> `pet`: a name for a reference that is resolved by its link.
fn doc_stem(url: &str) -> String {
    let path = url.split(['#', '?']).next().unwrap_or(url);
    let file = path.rsplit('/').next().unwrap_or(path);
    file.strip_suffix(".md").unwrap_or(file).to_owned()
}

/// `models.Pet` -> `Pet`.
fn simple_name(name: &str) -> &str {
    name.rfind('.').map_or(name, |dot| &name[dot + 1..])
}

/// The Python type names [`builtin`] knows, the most common first.
const BUILTIN_NAMES: &[&str] = &[
    "str", "int", "float", "bool", "Any", "date", "datetime", "Decimal", "bytes", "requests.Response",
    "requests_http.Response", "httpx.Response",
];

/// The generic types of the dialect, suggested for an unknown one.
const GENERIC_NAMES: &[&str] = &["Optional", "Nullable", "OptionalNullable", "List", "Dict", "Union", "Literal"];

fn builtin(name: &str) -> Option<Type> {
    Some(match name {
        "str" => Type::String,
        "int" => Type::I64,
        "float" => Type::F64,
        "bool" => Type::Bool,
        "Any" | "object" => Type::Any,
        // A `Decimal` travels as a JSON number or a string, and the docs do not say which.
        "Decimal" => Type::BigDecimal,
        "bytes" => Type::Bytes,
        "datetime" => Type::DateTime,
        "date" => Type::Date,
        "requests.Response" | "requests_http.Response" | "httpx.Response" => Type::Raw,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cell(text: &str, required: bool) -> Cell {
        Python.type_cell(text, 0, 0, required).unwrap_or_else(|e| panic!("{text}: {}", e.message))
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
    fn wrappers_and_the_required_column_say_presence() {
        assert_eq!(cell("*str*", true), Cell { ty: Type::String, presence: Presence::Required });
        assert_eq!(cell("*int*", false), Cell { ty: Type::I64, presence: Presence::Optional });
        assert_eq!(cell("*Optional[str]*", false).presence, Presence::Optional);
        // 2023: `Optional` on a required row is sent, maybe as `None`.
        assert_eq!(cell("*Optional[int]*", true).presence, Presence::RequiredNullable);
        assert_eq!(cell("*OptionalNullable[float]*", false), Cell { ty: Type::F64, presence: Presence::Nullable });
        assert_eq!(cell("*Nullable[bool]*", true), Cell { ty: Type::Bool, presence: Presence::RequiredNullable });
        assert_eq!(cell("*Optional[requests_http.Response]*", true), Cell { ty: Type::Raw, presence: Presence::Optional });
        let linked = cell("[OptionalNullable[models.Pet]](../models/pet.md)", false);
        assert_eq!(linked.presence, Presence::Nullable);
        let pet = model(linked.ty);
        assert_eq!((pet.name.as_str(), pet.link.unwrap().0.as_str()), ("Pet", "../models/pet.md"));
    }

    #[test]
    fn every_type_form() {
        assert_eq!(cell("*Any*", true).ty, Type::Any);
        assert_eq!(cell("*Decimal*", true).ty, Type::BigDecimal);
        assert_eq!(cell("*bytes*", true).ty, Type::Bytes);
        assert_eq!(cell("*Union[bytes, IO[bytes], io.IOBase]*", true).ty, Type::Bytes);
        assert_eq!(cell("*Union[bytes, IO[bytes], io.BufferedReader]*", true).ty, Type::Bytes);
        assert_eq!(cell("*Literal[\"manual\"]*", true).ty, Type::String);
        assert_eq!(cell("*Optional[Literal[True]]*", false).ty, Type::Bool);
        assert_eq!(cell("*OptionalNullable[Literal[None]]*", false).ty, Type::Any);
        assert_eq!(cell("List[*str*]", true).ty, list(Type::String));
        assert_eq!(cell("List[List[*str*]]", true).ty, list(list(Type::String)));
        assert_eq!(cell("Dict[str, *Any*]", true).ty, map(Type::Any));
        assert_eq!(cell("Dict[str, Dict[str, *str*]]", true).ty, map(map(Type::String)));
        let Type::List(item) = cell("List[[models.PlaybackID](../models/playbackid.md)]", true).ty else { panic!("a list") };
        assert_eq!(model(*item).link.unwrap().0, "../models/playbackid.md");
        let Type::Map(value) = cell("Dict[str, List[[shared.M](../../models/shared/m.md)]]", true).ty else { panic!("a map") };
        let Type::List(item) = *value else { panic!("a list") };
        assert_eq!(model(*item).name, "M");
        assert_eq!(cell("[requests.Response](https://requests.readthedocs.io/en/latest/api/#requests.Response)", true).ty, Type::Raw);
    }

    #[test]
    fn date_labels_are_swapped_in_links_only() {
        let docs = "https://docs.python.org/3/library/datetime.html";
        assert_eq!(cell(&format!("[date]({docs}#date-objects)"), true).ty, Type::DateTime);
        assert_eq!(cell(&format!("[datetime]({docs}#datetime-objects)"), true).ty, Type::Date);
        assert_eq!(cell(&format!("List[[datetime]({docs}#datetime-objects)]"), true).ty, list(Type::Date));
        assert_eq!(cell(&format!("Dict[str, [date]({docs}#date-objects)]"), true).ty, map(Type::DateTime));
        let member = Python.union_member("", "unionDateTimeBigInt: datetime = /* values here */", 0, 0).unwrap().unwrap();
        assert_eq!(member.ty, Type::DateTime);
    }

    #[test]
    fn inline_unions_link_their_own_doc() {
        let union = cell("[Union[shared.A, shared.B]](../../models/shared/u.md)", true);
        assert_eq!(model(union.ty).link.unwrap().0, "../../models/shared/u.md");
        let optional = cell("[Optional[Union[bool, int]]](../../models/shared/v.md)", false);
        assert_eq!(optional.presence, Presence::Optional);
        assert_eq!(model(optional.ty).name, "v");
        let Type::Map(value) = cell("Dict[str, [Union[str, List[str]]](../../models/shared/w.md)]", true).ty else { panic!("a map") };
        assert_eq!(model(*value).name, "w");
        assert_eq!(cell("*Union[str, int]*", true).ty, Type::Union(vec![Type::String, Type::I64]));
    }

    #[test]
    fn union_members_from_headings_and_snippets() {
        let member = |heading: &str, code: &str| Python.union_member(heading, code, 0, 0).unwrap().unwrap().ty;
        assert_eq!(member("`int`", "value: int = /* values here */"), Type::I64);
        assert_eq!(model(member("`models.AudioTrack`", "")).name, "AudioTrack");
        assert_eq!(model(member("SimpleObject", "x: shared.SimpleObject = /* values here */")).name, "SimpleObject");
        assert_eq!(member("", "oneOfSameType: str = /* values here */"), Type::String);
        assert_eq!(member("", "oneOfFromArrayOfTypes: List[str] = /* values here */"), list(Type::String));
        let e = Python.union_member("", "", 0, 4).unwrap_err();
        assert_eq!(e.message, "union member names no type");
    }

    #[test]
    fn escapes_catch_alls_and_open_enums() {
        for (field, property) in [("in_", "in"), ("from_", "from"), ("format_", "format"), ("schema_", "schema"), ("filter_", "filter"), ("date_", "date"), ("datetime_", "datetime"), ("str_", "str"), ("name_", "name_"), ("name", "name")] {
            assert_eq!(Python.property(field), property);
        }
        let names = |list: &[&str]| list.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
        assert!(Python.is_catch_all_among("__pydantic_extra__", &names(&["a", "__pydantic_extra__"])));
        assert!(Python.is_catch_all_among("additional_properties", &names(&["additional_properties"])));
        let both = names(&["additional_properties", "additional_properties_t"]);
        assert!(!Python.is_catch_all_among("additional_properties", &both));
        assert!(Python.is_catch_all_among("additional_properties_t", &both));
        assert!(Python.open_enum("# Open enum: unrecognized values are captured as UnrecognizedStr"));
        assert!(!Python.open_enum("value = models.Kind.DOG"));
        assert!(Python.not_a_model("models/utils/retryconfig.md", "").is_some());
        assert!(Python.not_a_model("models/shared/pet.md", "").is_none());
    }

    #[test]
    fn malformed_cells_are_located_errors() {
        let error = |text: &str| {
            let e = Python.type_cell(text, 0, 10, true).unwrap_err();
            (e.message.clone(), e.span().map(|s| s.range.clone()))
        };
        assert_eq!(error("Dict[int, *str*]"), ("map keys must be `str`".to_owned(), Some(15..18)));
        assert_eq!(error("Lst[*str*]").0, "unknown generic type `Lst`");
        assert_eq!(error("*Optional[Optional[str]]*").0, "`Optional` is only allowed around the whole type");
        assert_eq!(error("Dict[str]").0, "`Dict` takes 2 type arguments");
        assert_eq!(error("List[*str*"), ("cannot parse Type cell: unclosed `[` after `List`".to_owned(), Some(14..15)));
        assert_eq!(error("*str* junk").0, "cannot parse Type cell: unexpected text after the type");
        assert_eq!(error("[models.M](../m.md").0, "cannot parse Type cell: unclosed link target");
        assert_eq!(error("*Literal[\"manual]*").0, "cannot parse Type cell: unclosed string literal");
        assert_eq!(error("   ").0, "empty Type cell");
        let deep = format!("{}str{}", "List[".repeat(MAX_DEPTH + 1), "]".repeat(MAX_DEPTH + 1));
        assert_eq!(error(&deep).0, "cannot parse Type cell: the type is nested too deeply");
        assert!(Python.type_cell(&"[".repeat(100_000), 0, 0, true).is_err());
    }

    #[test]
    fn suggested_types_are_known() {
        for name in BUILTIN_NAMES {
            assert!(builtin(name).is_some(), "{name}");
        }
        assert_eq!(crate::diag::closest("Optinal", GENERIC_NAMES.iter().copied()), Some("Optional"));
    }
}
