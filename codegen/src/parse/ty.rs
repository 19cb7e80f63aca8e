//! The Type cell grammar of the Java dialect.
//!
//! ```text
//! type    := primary ("[" "]")*
//! primary := "[" type "]" "(" url ")" | "?" "extends" type | NAME ("<" type ("," type)* ">")?
//! ```
//!
//! Markdown decoration is dropped on the way: `*emphasis*`, backslash escapes (`\<`, and
//! the doubled `\\<` of nested generics), and the `<` of an unescaped generic.

use crate::diag::Diagnostic;
use crate::source::{FileId, Span};

/// A type as written in a Type cell: syntax, before a front end gives it meaning.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TypeExpr {
    /// `Name` or `Name<args>`; names may be fully qualified (`org.example.M`).
    Named { name: String, args: Vec<TypeExpr>, span: Span },
    /// `T[]`
    Array { element: Box<TypeExpr>, span: Span },
    /// `[T](url)`: the text of a Markdown link, with the link's target.
    Link { inner: Box<TypeExpr>, url: String, url_span: Span, span: Span },
}

impl TypeExpr {
    pub fn span(&self) -> &Span {
        match self {
            TypeExpr::Named { span, .. } | TypeExpr::Array { span, .. } | TypeExpr::Link { span, .. } => span,
        }
    }
}

const TYPE_NOTE: &str =
    "expected a type such as `*String*`, `List\\<*Long*>` or a link to a model doc";

/// Parses the raw Markdown text of a Type cell that starts at byte `base` of `file`.
pub fn parse_type(cell: &str, file: FileId, base: usize) -> Result<TypeExpr, Diagnostic> {
    let mut parser = Parser { text: cell, pos: 0, file, base, depth: 0 };
    parser.skip_noise();
    if parser.pos == cell.len() {
        return Err(Diagnostic::error("empty Type cell")
            .at(Span::new(file, base..base + cell.len()), "no type here")
            .note(TYPE_NOTE));
    }
    let ty = parser.parse_type()?;
    parser.skip_noise();
    if parser.pos < cell.len() {
        return Err(parser.error(
            parser.pos,
            "unexpected text after the type",
            "expected the end of the cell",
        ));
    }
    Ok(ty)
}

/// Types nest at most this deep (`List<List<...>>`, links in links), so that no cell can
/// exhaust the stack here or in the passes after parsing.
pub const MAX_DEPTH: usize = 32;

struct Parser<'a> {
    text: &'a str,
    pos: usize,
    file: FileId,
    base: usize,
    /// How many types enclose the one being parsed.
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
        Diagnostic::error(format!("cannot parse Type cell: {message}"))
            .at(self.span(at, end), found)
            .note(note)
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

    fn expect(&mut self, c: char, note: &str) -> Result<(), Diagnostic> {
        if self.eat(c) {
            Ok(())
        } else {
            Err(self.error(self.pos, &format!("expected `{c}`"), note))
        }
    }

    fn parse_type(&mut self) -> Result<TypeExpr, Diagnostic> {
        self.skip_noise();
        if self.depth == MAX_DEPTH {
            return Err(self.error(
                self.pos,
                "the type is nested too deeply",
                &format!("types nest at most {MAX_DEPTH} levels deep"),
            ));
        }
        self.depth += 1;
        let ty = self.parse_nested();
        self.depth -= 1;
        ty
    }

    fn parse_nested(&mut self) -> Result<TypeExpr, Diagnostic> {
        let start = self.pos;
        let mut ty = self.parse_primary()?;
        loop {
            let save = self.pos;
            if self.eat('[') && self.eat(']') {
                ty = TypeExpr::Array { element: Box::new(ty), span: self.span(start, self.pos) };
                continue;
            }
            self.pos = save;
            return Ok(ty);
        }
    }

    fn parse_primary(&mut self) -> Result<TypeExpr, Diagnostic> {
        self.skip_noise();
        let start = self.pos;
        match self.peek() {
            Some('[') => {
                self.pos += 1;
                let inner = self.parse_type()?;
                self.expect(']', "a link's text ends with `]`")?;
                if self.peek() != Some('(') {
                    return Err(self.error(
                        self.pos,
                        "expected `(` after `]`",
                        "a link to a model doc reads `[Name](../../models/group/Name.md)`",
                    ));
                }
                let paren = self.pos;
                self.pos += 1;
                let url_start = self.pos;
                let Some(len) = self.text[url_start..].find(')') else {
                    return Err(Diagnostic::error("cannot parse Type cell: unclosed link target")
                        .at(self.span(paren, url_start), "this `(` is never closed")
                        .note("a link to a model doc reads `[Name](../../models/group/Name.md)`; expected `)` before the end of the cell"));
                };
                let url = self.text[url_start..url_start + len].trim();
                self.pos = url_start + len + 1;
                if url.is_empty() {
                    return Err(self.error(
                        url_start,
                        "empty link target",
                        "expected the path of a model doc",
                    ));
                }
                Ok(TypeExpr::Link {
                    inner: Box::new(inner),
                    url: url.to_owned(),
                    url_span: self.span(url_start, url_start + len),
                    span: self.span(start, self.pos),
                })
            }
            Some('?') => {
                // Java wildcards: `? extends T` and `? super T` are `T` on the wire; a bare
                // `?` (as in `HttpResponse<?>`) is any value.
                self.pos += 1;
                let save = self.pos;
                self.skip_noise();
                let word = self.ident();
                if word == "extends" || word == "super" {
                    return self.parse_type();
                }
                self.pos = save;
                Ok(TypeExpr::Named { name: "?".to_owned(), args: Vec::new(), span: self.span(start, save) })
            }
            Some('@') => {
                // An annotation such as `@Nullable *String*` wraps the type that follows.
                self.pos += 1;
                let name = format!("@{}", self.ident());
                if name == "@" {
                    return Err(self.error(start, "expected an annotation name after `@`", "such as `@Nullable`"));
                }
                let inner = self.parse_type()?;
                Ok(TypeExpr::Named { name, args: vec![inner], span: self.span(start, self.pos) })
            }
            Some(c) if is_ident_start(c) => {
                let name = self.ident().to_owned();
                let mut args = Vec::new();
                let save = self.pos;
                if self.eat('<') {
                    let open = self.pos - 1;
                    loop {
                        args.push(self.parse_type()?);
                        if self.eat(',') {
                            continue;
                        }
                        if self.eat('>') {
                            break;
                        }
                        let message = format!("unclosed `<` after `{name}`");
                        if self.pos == self.text.len() {
                            return Err(Diagnostic::error(format!("cannot parse Type cell: {message}"))
                                .at(self.span(open, open + 1), "this `<` is never closed")
                                .note("expected `>` before the end of the cell"));
                        }
                        return Err(self.error(self.pos, &message, "expected `,` or `>`"));
                    }
                } else {
                    self.pos = save;
                }
                Ok(TypeExpr::Named { name, args, span: self.span(start, self.pos) })
            }
            _ => Err(self.error(self.pos, "expected a type name", TYPE_NOTE)),
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
    c.is_alphabetic() || c == '_' || c == '$'
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Renders a type expression compactly for assertions.
    fn show(ty: &TypeExpr) -> String {
        match ty {
            TypeExpr::Named { name, args, .. } if args.is_empty() => name.clone(),
            TypeExpr::Named { name, args, .. } => {
                let args: Vec<_> = args.iter().map(show).collect();
                format!("{name}<{}>", args.join(", "))
            }
            TypeExpr::Array { element, .. } => format!("{}[]", show(element)),
            TypeExpr::Link { inner, url, .. } => format!("[{}]({url})", show(inner)),
        }
    }

    fn parse(cell: &str) -> String {
        show(&parse_type(cell, 0, 0).unwrap())
    }

    #[test]
    fn every_form_of_the_java_dialect() {
        assert_eq!(parse("*String*"), "String");
        assert_eq!(parse("*Optional\\<String>*"), "Optional<String>");
        assert_eq!(parse("*JsonNullable\\<Long>*"), "JsonNullable<Long>");
        assert_eq!(parse("[M](../../models/components/M.md)"), "[M](../../models/components/M.md)");
        assert_eq!(parse("[Optional\\<M>](../M.md)"), "[Optional<M>](../M.md)");
        assert_eq!(
            parse("[org.example.models.shared.M](../shared/M.md)"),
            "[org.example.models.shared.M](../shared/M.md)"
        );
        assert_eq!(parse("List\\<*String*>"), "List<String>");
        assert_eq!(parse("List\\<[M](M.md)>"), "List<[M](M.md)>");
        assert_eq!(parse("List\\<List\\\\<*String*>>"), "List<List<String>>");
        assert_eq!(parse("Map\\<String, *Object*>"), "Map<String, Object>");
        assert_eq!(parse("Map\\<String, List\\\\<[M](M.md)>>"), "Map<String, List<[M](M.md)>>");
        assert_eq!(parse("[Optional\\<List\\<M>>](M.md)"), "[Optional<List<M>>](M.md)");
        assert_eq!(parse("byte[]"), "byte[]");
        assert_eq!(parse("*byte[]*"), "byte[]");
        assert_eq!(parse("List<String>"), "List<String>");
        assert_eq!(parse("*Optional<? extends Object>*"), "Optional<Object>");
        assert_eq!(parse("[HttpResponse\\<?>](https://x/HttpResponse.html)"), "[HttpResponse<?>](https://x/HttpResponse.html)");
        assert_eq!(parse("@Nullable *String*"), "@Nullable<String>");
        assert_eq!(parse("Map<String, List<*String*>>"), "Map<String, List<String>>");
        assert_eq!(
            parse("[HttpResponse\\<InputStream>](https://docs.oracle.com/x.html)"),
            "[HttpResponse<InputStream>](https://docs.oracle.com/x.html)"
        );
    }

    #[test]
    fn spans_point_into_the_cell() {
        let ty = parse_type("  List\\<*String*>", 3, 100).unwrap();
        assert_eq!(ty.span(), &Span::new(3, 102..117));
        let TypeExpr::Named { args, .. } = ty else { panic!("not a named type") };
        assert_eq!(args[0].span(), &Span::new(3, 109..115));
    }

    #[test]
    fn errors_name_what_was_expected() {
        let e = parse_type("List\\<String", 0, 0).unwrap_err();
        assert_eq!(e.message, "cannot parse Type cell: unclosed `<` after `List`");
        let e = parse_type("*String* junk", 0, 0).unwrap_err();
        assert_eq!(e.message, "cannot parse Type cell: unexpected text after the type");
        assert_eq!(e.span().unwrap().range, 9..10);
        let e = parse_type("   ", 0, 10).unwrap_err();
        assert_eq!(e.message, "empty Type cell");
        let e = parse_type("<>", 0, 0).unwrap_err();
        assert_eq!(e.message, "cannot parse Type cell: expected a type name");
        let e = parse_type("Map\\<String, *Long*", 0, 0).unwrap_err();
        assert_eq!(e.span().unwrap().range, 4..5, "points at the unclosed `<`");
        let e = parse_type("[M](M.md", 0, 0).unwrap_err();
        assert_eq!(e.message, "cannot parse Type cell: unclosed link target");
        assert_eq!(e.span().unwrap().range, 3..4, "points at the unclosed `(`");
    }

    #[test]
    fn nesting_is_bounded() {
        let ok = format!("{}String{}", "List<".repeat(MAX_DEPTH - 1), ">".repeat(MAX_DEPTH - 1));
        assert!(parse_type(&ok, 0, 0).is_ok());
        let deep = format!("{}String{}", "List<".repeat(MAX_DEPTH), ">".repeat(MAX_DEPTH));
        let e = parse_type(&deep, 0, 0).unwrap_err();
        assert_eq!(e.message, "cannot parse Type cell: the type is nested too deeply");
        // Brackets and wildcards nest too; none of them can exhaust the stack.
        for open in ["[", "? extends ", "@A "] {
            let deep = open.repeat(100_000);
            assert!(parse_type(&deep, 0, 0).is_err());
        }
    }
}
