//! The PHP dialect: `*string*`, `*int*`, `*?T*`, `array<T>`, `array<string, T>`, links
//! whose text names PHP classes with backslash namespaces (`Components\M`,
//! `\OpenAPI\OpenAPI\Models\Shared\M`), `\DateTime`, inline unions `A\|B\|null`, and
//! `## Supported Types` headings `` `Components\A|Components\B` ``.
//!
//! The grammar, read from the raw cell text (backslashes are part of PHP names, so they
//! cannot be skipped as Markdown escapes the way the Java grammar does; only `\|`, the
//! escaped pipe of a table cell, is one):
//!
//! ```text
//! type := alt (("|" | "\|") alt)*
//! alt  := "?" alt | "array" "<" type ("," type)? ">" | "[" type "]" "(" url ")" | NAME
//! NAME := "\"? IDENT ("\" IDENT)*
//! ```
//!
//! `*emphasis*` and whitespace are dropped between tokens.
//!
//! What `?` means: PHP writes `?T` (and `T|null`) for a property that may be absent or
//! `null` alike and never tells the two apart; it is read as Go's pointer and Ruby's
//! `T.nilable` are, by [`absent_or_null`].

use super::dialect::{absent_or_null, Cell, FrontEnd};
use super::java::is_doc_link;
use super::ty::MAX_DEPTH;
use crate::diag::Diagnostic;
use crate::ir::{Member, ModelRef, Type};
use crate::source::{FileId, Span};

/// The PHP front end.
pub struct Php;

impl FrontEnd for Php {

    fn type_cell(&self, cell: &str, file: FileId, base: usize, required: bool) -> Result<Cell, Diagnostic> {
        let read = Reader::new(cell, file, base).whole()?;
        let presence = absent_or_null(required, read.nullable, &read.ty);
        Ok(Cell { ty: read.ty, presence })
    }

    fn with_example(&self, cell: Cell, example: Option<&str>) -> Cell {
        // `\DateTime` is written for dates and date-times alike: an Example cell that
        // shows only calendar dates (`2020-01-01`) says which.
        match example.map(date_kind) {
            Some(Some(DateKind::Date)) => Cell { ty: dates_to_calendar(cell.ty), ..cell },
            _ => cell,
        }
    }

    fn property(&self, field: &str) -> String {
        field.to_owned()
    }

    fn is_catch_all(&self, field: &str) -> bool {
        field == "additionalProperties"
    }

    fn open_enum(&self, _example_usage: &str) -> bool {
        // PHP docs mark no enum open.
        false
    }

    fn type_names(&self) -> &'static [&'static str] {
        BUILTIN_NAMES
    }

    fn union_member(&self, heading: &str, _code: &str, file: FileId, base: usize) -> Result<Option<Member>, Diagnostic> {
        // `` `Components\M` `` or `` `Components\A|Components\B` ``: the type in backticks.
        let trimmed = heading.trim();
        let Some(inner) = trimmed.strip_prefix('`').and_then(|t| t.strip_suffix('`')) else {
            return Ok(None);
        };
        let start = base + (heading.len() - heading.trim_start().len()) + 1;
        let read = Reader::new(inner, file, start).whole()?;
        let ty = if read.nullable { Type::Nullable(Box::new(read.ty)) } else { read.ty };
        Ok(Some(Member { ty, name: None, span: Span::new(file, start..start + inner.len()) }))
    }
}

/// A type read from PHP text, and whether it admits `null` (`?T`, `T|null`).
#[derive(Debug)]
struct Read {
    ty: Type,
    nullable: bool,
}

impl Read {
    /// The type as a list item or map value, where `null` is part of the type.
    fn item(self) -> Type {
        if self.nullable { Type::Nullable(Box::new(self.ty)) } else { self.ty }
    }
}

const TYPE_NOTE: &str = "expected a PHP type such as `*string*`, `*?int*`, `array<*string*>`, `array<string, *mixed*>` or a link to a model doc";

struct Reader<'a> {
    text: &'a str,
    pos: usize,
    file: FileId,
    base: usize,
    depth: usize,
}

impl<'a> Reader<'a> {
    fn new(text: &'a str, file: FileId, base: usize) -> Self {
        Reader { text, pos: 0, file, base, depth: 0 }
    }

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

    fn rest(&self) -> &'a str {
        &self.text[self.pos..]
    }

    /// Skips whitespace and emphasis markers.
    fn skip_noise(&mut self) {
        let rest = self.rest();
        let trimmed = rest.trim_start_matches(|c: char| c.is_whitespace() || c == '*');
        self.pos += rest.len() - trimmed.len();
    }

    /// Eats `token` after any noise.
    fn eat(&mut self, token: &str) -> bool {
        self.skip_noise();
        if self.rest().starts_with(token) {
            self.pos += token.len();
            true
        } else {
            false
        }
    }

    /// The whole text as one type.
    fn whole(mut self) -> Result<Read, Diagnostic> {
        self.skip_noise();
        if self.pos == self.text.len() {
            return Err(Diagnostic::error("empty Type cell")
                .at(self.span(0, self.text.len()), "no type here")
                .note(TYPE_NOTE));
        }
        let read = self.union()?;
        self.skip_noise();
        if self.pos < self.text.len() {
            return Err(self.error(self.pos, "unexpected text after the type", "expected the end of the cell"));
        }
        Ok(read)
    }

    /// `alt (| alt)*`: a union when there are several alternatives; `null` among them
    /// makes the type nullable.
    fn union(&mut self) -> Result<Read, Diagnostic> {
        if self.depth == MAX_DEPTH {
            return Err(self.error(self.pos, "the type is nested too deeply", &format!("types nest at most {MAX_DEPTH} levels deep")));
        }
        self.depth += 1;
        let mut members = Vec::new();
        let mut nullable = false;
        loop {
            match self.alternative()? {
                // `null` adds no member; an alternative's own `?` makes the whole union nullable.
                Alternative::Null => nullable = true,
                Alternative::Type(read) => {
                    nullable |= read.nullable;
                    members.push(read.ty);
                }
            }
            if !(self.eat("\\|") || self.eat("|")) {
                break;
            }
        }
        self.depth -= 1;
        let ty = match members.len() {
            0 => return Err(self.error(self.pos, "`null` is not a type on its own", "expected `?T` or `T|null`")),
            1 => members.pop().unwrap_or(Type::Any),
            _ => Type::Union(members),
        };
        Ok(Read { ty, nullable })
    }

    fn alternative(&mut self) -> Result<Alternative, Diagnostic> {
        self.skip_noise();
        let start = self.pos;
        match self.rest().chars().next() {
            Some('?') => {
                // Read without recursion: `??T` is `?T`.
                while self.eat("?") {}
                match self.alternative()? {
                    Alternative::Type(inner) => Ok(Alternative::Type(Read { nullable: true, ..inner })),
                    Alternative::Null => Err(self.error(start, "`?null` is not a type", "expected `?T`")),
                }
            }
            Some('[') => {
                self.pos += 1;
                let inner = self.union()?;
                if !self.eat("]") {
                    return Err(self.error(self.pos, "expected `]`", "a link's text ends with `]`"));
                }
                if !self.rest().starts_with('(') {
                    return Err(self.error(self.pos, "expected `(` after `]`", "a link to a model doc reads `[Components\\Name](../../Models/Components/Name.md)`"));
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
                let url_span = self.span(url_start, url_start + len);
                let text_span = self.span(start, paren);
                Ok(Alternative::Type(link(inner, url, url_span, text_span)))
            }
            Some(c) if c == '\\' || is_ident_start(c) => {
                let name = self.name();
                let name_end = self.pos;
                let span = self.span(start, name_end);
                if name == "null" {
                    return Ok(Alternative::Null);
                }
                if name == "array" && self.eat("<") {
                    let open = self.pos - 1;
                    self.skip_noise();
                    let key_start = self.pos;
                    let first = self.union()?;
                    let key_end = self.pos;
                    let second = if self.eat(",") { Some(self.union()?) } else { None };
                    if !self.eat(">") {
                        if self.pos == self.text.len() {
                            return Err(Diagnostic::error("cannot parse Type cell: unclosed `<` after `array`")
                                .at(self.span(open, open + 1), "this `<` is never closed")
                                .note("expected `>` before the end of the cell"));
                        }
                        return Err(self.error(self.pos, "unclosed `<` after `array`", "expected `,` or `>`"));
                    }
                    let ty = match second {
                        None => Type::List(Box::new(first.item())),
                        Some(value) => {
                            if !matches!(first, Read { ty: Type::String, nullable: false }) {
                                return Err(Diagnostic::error("map keys must be `string`")
                                    .at(self.span(key_start, key_end), "not `string`")
                                    .note("JSON object keys are strings; expected `array<string, T>`"));
                            }
                            Type::Map(Box::new(value.item()))
                        }
                    };
                    return Ok(Alternative::Type(Read { ty, nullable: false }));
                }
                Ok(Alternative::Type(Read { ty: leaf(name, span)?, nullable: false }))
            }
            _ => Err(self.error(self.pos, "expected a type name", TYPE_NOTE)),
        }
    }

    /// A PHP name with its namespace (`\OpenAPI\Models\Shared\Pet`). A backslash before
    /// `|` is the cell's pipe escape, not part of the name.
    fn name(&mut self) -> &'a str {
        let start = self.pos;
        let bytes = self.text.as_bytes();
        while let Some(&b) = bytes.get(self.pos) {
            let part_of_name = b.is_ascii_alphanumeric()
                || b == b'_'
                || b >= 0x80
                || (b == b'\\' && bytes.get(self.pos + 1).is_some_and(|&n| n != b'|'));
            if !part_of_name {
                break;
            }
            self.pos += 1;
        }
        // Stay on a character boundary for the multi-byte letters taken above.
        while !self.text.is_char_boundary(self.pos) {
            self.pos += 1;
        }
        &self.text[start..self.pos]
    }
}

/// One alternative of a union: a type, or `null`.
enum Alternative {
    Type(Read),
    Null,
}

/// The meaning of a link: the doc it points to names the model, whatever its text says
/// (`[?Components\X](…/M.md)` is `M`); a link whose text lists several types
/// (`Components\A\|Components\B`) names the union's own doc.
fn link(inner: Read, url: &str, url_span: Span, text_span: Span) -> Read {
    let Read { ty, nullable } = inner;
    if !is_doc_link(url) {
        return Read { ty, nullable };
    }
    let ty = match ty {
        Type::Model(model) if model.link.is_none() => {
            Type::Model(ModelRef { link: Some((url.to_owned(), url_span)), ..model })
        }
        Type::Union(_) => {
            let path = url.split(['#', '?']).next().unwrap_or(url);
            let file = path.rsplit('/').next().unwrap_or(path);
            let name = file.rsplit_once('.').map_or(file, |(stem, _)| stem).to_owned();
            Type::Model(ModelRef { namespace: None, link: Some((url.to_owned(), url_span)), name, span: text_span })
        }
        other => other,
    };
    Read { ty, nullable }
}

/// A name without generics: a PHP type, or a model (the last part of its namespace).
fn leaf(name: &str, span: Span) -> Result<Type, Diagnostic> {
    if let Some(builtin) = builtin(name) {
        return Ok(builtin);
    }
    let simple = name.rsplit('\\').next().unwrap_or(name);
    if simple.is_empty() || name.ends_with('\\') {
        return Err(Diagnostic::error(format!("cannot parse Type cell: `{name}` names no class"))
            .at(span, "empty name after `\\`")
            .note("expected a class name such as `Components\\Pet`"));
    }
    // PHP's own types are lower case; model classes are capitalised.
    if !name.contains('\\') && simple.starts_with(|c: char| c.is_ascii_lowercase()) {
        return Err(Diagnostic::error(format!("unknown type `{name}`"))
            .at(span, "not a PHP type of the docs")
            .note("expected `string`, `int`, `float`, `bool`, `mixed` or a model class")
            .did_you_mean(name, BUILTIN_NAMES.iter().copied()));
    }
    Ok(Type::Model(ModelRef { namespace: None, link: None, name: simple.to_owned(), span }))
}

/// The PHP type names [`builtin`] knows, the most common first.
const BUILTIN_NAMES: &[&str] = &["string", "int", "bool", "float", "mixed", "\\DateTime", "array", "integer", "boolean", "double", "object"];

/// PHP types of the dialect. `int` is 64 bits in PHP; `float` a double.
fn builtin(name: &str) -> Option<Type> {
    Some(match name.trim_start_matches('\\') {
        "string" => Type::String,
        "int" | "integer" => Type::I64,
        "float" | "double" => Type::F64,
        "bool" | "boolean" => Type::Bool,
        "mixed" | "object" => Type::Any,
        // Date and date-time alike; an Example cell may tell (see `with_example`).
        "DateTime" | "DateTimeInterface" | "DateTimeImmutable" => Type::DateTime,
        "Psr\\Http\\Message\\ResponseInterface" | "Psr\\Http\\Message\\StreamInterface" => Type::Raw,
        _ => return None,
    })
}

fn is_ident_start(c: char) -> bool {
    c.is_alphabetic() || c == '_'
}

/// What the ISO dates of an Example cell are, if it shows any and they agree.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum DateKind {
    Date,
    DateTime,
}

/// Finds `YYYY-MM-DD` in `example`: a date-time when a time follows (`T` or a space and
/// two digits), else a date. `None` when there is none, or both kinds appear.
fn date_kind(example: &str) -> Option<DateKind> {
    let bytes = example.as_bytes();
    let digits = |range: std::ops::Range<usize>| bytes.get(range).is_some_and(|b| b.iter().all(u8::is_ascii_digit));
    let mut found = None;
    let mut i = 0;
    while i + 10 <= bytes.len() {
        let starts_word = i == 0 || !bytes[i - 1].is_ascii_digit();
        if starts_word && digits(i..i + 4) && bytes[i + 4] == b'-' && digits(i + 5..i + 7) && bytes[i + 7] == b'-' && digits(i + 8..i + 10) {
            let after = bytes.get(i + 10).copied();
            if after.is_some_and(|b| b.is_ascii_digit()) {
                i += 1;
                continue;
            }
            let timed = matches!(after, Some(b'T' | b't')) || (after == Some(b' ') && digits(i + 11..i + 13));
            let kind = if timed { DateKind::DateTime } else { DateKind::Date };
            match found {
                None => found = Some(kind),
                Some(previous) if previous != kind => return None,
                Some(_) => {}
            }
            i += 10;
        } else {
            i += 1;
        }
    }
    found
}

/// `ty` with every date-time read as a calendar date.
fn dates_to_calendar(ty: Type) -> Type {
    match ty {
        Type::DateTime => Type::Date,
        Type::List(inner) => Type::List(Box::new(dates_to_calendar(*inner))),
        Type::Map(inner) => Type::Map(Box::new(dates_to_calendar(*inner))),
        Type::Nullable(inner) => Type::Nullable(Box::new(dates_to_calendar(*inner))),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::Presence;

    fn cell(text: &str, required: bool) -> Cell {
        Php.type_cell(text, 0, 0, required).unwrap_or_else(|e| panic!("{text}: {}", e.message))
    }

    fn model(ty: &Type) -> (&str, Option<&str>) {
        let Type::Model(m) = ty else { panic!("not a model: {ty:?}") };
        (m.name.as_str(), m.link.as_ref().map(|(url, _)| url.as_str()))
    }

    #[test]
    fn primitives_and_the_question_mark() {
        assert_eq!(cell("*string*", true), Cell { ty: Type::String, presence: Presence::Required });
        assert_eq!(cell("*int*", true).ty, Type::I64);
        assert_eq!(cell("*float*", true).ty, Type::F64);
        assert_eq!(cell("*bool*", false), Cell { ty: Type::Bool, presence: Presence::Optional });
        assert_eq!(cell("*mixed*", true).ty, Type::Any);
        assert_eq!(cell("*?string*", false), Cell { ty: Type::String, presence: Presence::Nullable });
        assert_eq!(cell("*?int*", true), Cell { ty: Type::I64, presence: Presence::RequiredNullable });
    }

    #[test]
    fn links_name_models_by_their_target() {
        let c = cell("[Components\\PlaybackId](../../Models/Components/PlaybackId.md)", true);
        assert_eq!(model(&c.ty), ("PlaybackId", Some("../../Models/Components/PlaybackId.md")));
        let c = cell("[?\\OpenAPI\\OpenAPI\\Models\\Shared\\SimpleObject](../../Models/Shared/SimpleObject.md)", false);
        assert_eq!(c.presence, Presence::Nullable);
        assert_eq!(model(&c.ty), ("SimpleObject", Some("../../Models/Shared/SimpleObject.md")));
        // The text names another class than the target: the target counts.
        let c = cell("[?Components\\X](../../Models/Components/M.md)", false);
        assert_eq!(model(&c.ty).1, Some("../../Models/Components/M.md"));
        assert_eq!(cell("[\\DateTime](https://www.php.net/manual/en/class.datetime.php)", true).ty, Type::DateTime);
        let raw = cell("[\\Psr\\Http\\Message\\ResponseInterface](https://www.php-fig.org/psr/psr-7/)", true);
        assert_eq!(raw, Cell { ty: Type::Raw, presence: Presence::Required });
    }

    #[test]
    fn arrays_and_maps_nest() {
        assert_eq!(cell("array<*string*>", true).ty, Type::List(Box::new(Type::String)));
        assert_eq!(cell("array<string, *mixed*>", true).ty, Type::Map(Box::new(Type::Any)));
        let Type::Map(inner) = cell("array<string, array<[\\OpenAPI\\OpenAPI\\Models\\Shared\\SimpleObject](../../Models/Shared/SimpleObject.md)>>", true).ty else { panic!() };
        let Type::List(item) = *inner else { panic!() };
        assert_eq!(model(&item).0, "SimpleObject");
        assert_eq!(cell("array<array<*string*>>", true).ty, Type::List(Box::new(Type::List(Box::new(Type::String)))));
        assert_eq!(cell("array<string, [\\DateTime](https://php.net/x)>", true).ty, Type::Map(Box::new(Type::DateTime)));
        assert_eq!(cell("array<*?int*>", true).ty, Type::List(Box::new(Type::Nullable(Box::new(Type::I64)))));
    }

    #[test]
    fn inline_unions_name_their_doc() {
        let c = cell("[Components\\A\\|Components\\B](../../Models/Components/U.md)", true);
        assert_eq!(c.presence, Presence::Required);
        assert_eq!(model(&c.ty), ("U", Some("../../Models/Components/U.md")));
        let c = cell("[Components\\A\\|Components\\B\\|null](../../Models/Components/U.md)", false);
        assert_eq!(c.presence, Presence::Nullable);
        assert_eq!(model(&c.ty).0, "U");
        let Type::List(item) = cell("array<[Components\\A\\|Components\\B](../../Models/Components/U.md)>", true).ty else { panic!() };
        assert_eq!(model(&item).0, "U");
        // Unlinked, the members themselves.
        let Type::Union(members) = cell("*string\\|int*", true).ty else { panic!() };
        assert_eq!(members, [Type::String, Type::I64]);
    }

    #[test]
    fn union_headings() {
        let member = Php.union_member(" `Components\\Segment1`", "", 0, 10).unwrap().unwrap();
        assert_eq!(model(&member.ty), ("Segment1", None));
        assert_eq!(member.span.range, 12..31);
        let member = Php.union_member("`Components\\A|Components\\B`", "", 0, 0).unwrap().unwrap();
        let Type::Union(members) = member.ty else { panic!() };
        assert_eq!(members.len(), 2);
        assert_eq!(Php.union_member("`string`", "", 0, 0).unwrap().unwrap().ty, Type::String);
        assert!(Php.union_member("Variant", "", 0, 0).unwrap().is_none());
    }

    #[test]
    fn examples_tell_dates_from_date_times() {
        let date = cell("[\\DateTime](https://php.net/x)", true);
        assert_eq!(Php.with_example(date.clone(), Some("2020-01-01")).ty, Type::Date);
        assert_eq!(Php.with_example(date.clone(), Some("2020-01-01T00:00:00Z")).ty, Type::DateTime);
        assert_eq!(Php.with_example(date.clone(), None).ty, Type::DateTime);
        let list = cell("array<[\\DateTime](https://php.net/x)>", true);
        assert_eq!(Php.with_example(list, Some("[\"2021-02-03\", \"2021-02-04\"]")).ty, Type::List(Box::new(Type::Date)));
        assert_eq!(date_kind("2020-01-01 and 2020-01-01T10:00:00Z"), None);
        assert_eq!(date_kind("2020-01-01 12:00"), Some(DateKind::DateTime));
        assert_eq!(date_kind("12020-01-011"), None);
    }

    #[test]
    fn malformed_cells_are_located_errors() {
        let error = |text: &str| {
            let e = Php.type_cell(text, 0, 100, true).unwrap_err();
            (e.message.clone(), e.span().map(|s| s.range.clone()))
        };
        assert_eq!(error("   "), ("empty Type cell".to_owned(), Some(100..103)));
        assert_eq!(error("array<*string*"), ("cannot parse Type cell: unclosed `<` after `array`".to_owned(), Some(105..106)));
        assert_eq!(error("array<int, *string*>"), ("map keys must be `string`".to_owned(), Some(106..109)));
        assert_eq!(error("*strng*"), ("unknown type `strng`".to_owned(), Some(101..106)));
        assert_eq!(error("*string* junk").0, "cannot parse Type cell: unexpected text after the type");
        assert_eq!(error("[Components\\M](../M.md").0, "cannot parse Type cell: unclosed link target");
        assert_eq!(error("[Components\\M]").0, "cannot parse Type cell: expected `(` after `]`");
        assert_eq!(error("[Components\\](../M.md)").0, "cannot parse Type cell: `Components\\` names no class");
        assert_eq!(error("*null*").0, "cannot parse Type cell: `null` is not a type on its own");
        assert_eq!(error("<>").0, "cannot parse Type cell: expected a type name");
        let unknown = Php.type_cell("*strng*", 0, 0, true).unwrap_err();
        assert!(unknown.notes.iter().any(|n| n.text.contains("`string`")), "{:?}", unknown.notes);
        let deep = "array<".repeat(10_000);
        assert!(Php.type_cell(&deep, 0, 0, true).is_err());
        let deep = "[".repeat(10_000);
        assert!(Php.type_cell(&deep, 0, 0, true).is_err());
        let deep = "?".repeat(100_000);
        assert!(Php.type_cell(&deep, 0, 0, true).is_err());
    }
}
