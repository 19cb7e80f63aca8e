//! The TypeScript dialect: `*string*`, `*number*`, suffix `[]` lists, `Record<string, T>`,
//! links `[components.M](…)` and unlinked `*components.M*` names, `Date` and `RFCDate`,
//! byte types, inline unions `A \| B`, const literals `*"manual"*`, enums written as code
//! blocks `"a" | "b" | Unrecognized<string>` and unions whose `## Supported Types`
//! headings are TypeScript types in backticks.
//!
//! TypeScript has one `number` for integers and floats alike, so a `number` is read as a
//! JSON number of unknown kind ([`Type::Number`]), which writes back whatever arrived.
//! The Required column is the only presence signal: nothing in a cell says `null`.

use super::dialect::{BlockValue, Cell, FrontEnd};
use super::java::is_doc_link;
use super::ty::{parse_type, TypeExpr};
use crate::diag::Diagnostic;
use crate::ir::{Member, ModelRef, Presence, Type};
use crate::source::{FileId, Span};

/// The TypeScript front end.
pub struct TypeScript;

impl FrontEnd for TypeScript {

    fn type_cell(&self, cell: &str, file: FileId, base: usize, required: bool) -> Result<Cell, Diagnostic> {
        let ty = cell_type(cell, file, base, &interpret)?;
        let presence = if required { Presence::Required } else { Presence::Optional };
        Ok(Cell { ty, presence })
    }

    fn property(&self, field: &str) -> String {
        // TypeScript SDKs keep keyword-named properties as they are (`type`, `default`).
        field.to_owned()
    }

    fn is_catch_all(&self, field: &str) -> bool {
        field == "additionalProperties"
    }

    fn open_enum(&self, example_usage: &str) -> bool {
        example_usage.contains("Unrecognized<")
    }

    fn type_names(&self) -> &'static [&'static str] {
        BUILTIN_NAMES
    }

    fn values_block(&self, code: &str) -> Option<(Vec<BlockValue>, bool)> {
        literal_union(code)
    }

    fn union_member(&self, heading: &str, code: &str, file: FileId, base: usize) -> Result<Option<Member>, Diagnostic> {
        let _ = code;
        let span = Span::new(file, base..base + heading.len());
        let (text, offset) = unticked(heading);
        if text.is_empty() {
            return Err(Diagnostic::error("empty union member heading")
                .at(span, "no type here")
                .note("expected the member's TypeScript type in backticks, such as ``### `components.Pet` ``"));
        }
        let ty = if let Some((value, value_offset)) = index_signature(text) {
            Type::Map(Box::new(cell_type(value, file, base + offset + value_offset, &interpret)?))
        } else {
            cell_type(text, file, base + offset, &interpret)?
        };
        Ok(Some(Member { ty, name: None, span }))
    }
}

/// Where `inner`, a slice of `outer`, starts in it.
pub(super) fn offset_in(outer: &str, inner: &str) -> usize {
    (inner.as_ptr() as usize).saturating_sub(outer.as_ptr() as usize).min(outer.len())
}

/// The text inside the backticks of a heading (or the trimmed heading when it has none),
/// and where that text starts in the heading.
pub(super) fn unticked(heading: &str) -> (&str, usize) {
    let trimmed = heading.trim();
    let inner = trimmed.strip_prefix('`').and_then(|t| t.strip_suffix('`')).map_or(trimmed, str::trim);
    (inner, offset_in(heading, inner))
}

/// `{ [k: string]: T }`, TypeScript's index signature: the text of `T` and where it starts.
fn index_signature(text: &str) -> Option<(&str, usize)> {
    let body = text.strip_prefix('{')?.strip_suffix('}')?.trim();
    let (key, rest) = body.strip_prefix('[')?.split_once(']')?;
    let (name, key_type) = key.split_once(':')?;
    let name = name.trim();
    if name.is_empty() || !name.chars().all(|c| c.is_alphanumeric() || c == '_') || key_type.trim() != "string" {
        return None;
    }
    let value = rest.trim_start().strip_prefix(':')?.trim().trim_end_matches(';').trim_end();
    Some((value, offset_in(text, value)))
}

/// How a front end gives meaning to one parsed type.
pub(super) type Interpret = dyn Fn(&TypeExpr, Option<(&str, &Span)>) -> Result<Type, Diagnostic>;

/// Reads a Type cell that may list several types (`[File](…) \| [Blob](…)`, an inline
/// union) or be a string literal (`*"manual"*`, a constant string).
pub(super) fn cell_type(cell: &str, file: FileId, base: usize, interpret: &Interpret) -> Result<Type, Diagnostic> {
    let parts = split_alternatives(cell);
    if parts.len() == 1 {
        return single_type(cell, file, base, interpret);
    }
    let mut members: Vec<Type> = Vec::with_capacity(parts.len());
    for (start, end) in parts {
        let part = &cell[start..end];
        if part.trim_matches(|c: char| c.is_whitespace() || c == '*').is_empty() {
            return Err(Diagnostic::error("cannot parse Type cell: empty member of an inline union")
                .at(Span::new(file, base + start..base + end.max(start + 1).min(cell.len())), "no type between these pipes")
                .note("an inline union reads `A \\| B`, a type on each side of every `\\|`"));
        }
        let ty = single_type(part, file, base + start, interpret)?;
        // `File \| Blob` are both bytes on the wire: one member is enough.
        if !members.contains(&ty) {
            members.push(ty);
        }
    }
    Ok(if members.len() == 1 { members.remove(0) } else { Type::Union(members) })
}

fn single_type(cell: &str, file: FileId, base: usize, interpret: &Interpret) -> Result<Type, Diagnostic> {
    let bare = cell.trim_matches(|c: char| c.is_whitespace() || c == '*');
    if bare.starts_with(['"', '\'']) {
        return match string_literal(bare) {
            Some((_, "")) => Ok(Type::String),
            _ => {
                let start = base + offset_in(cell, bare);
                Err(Diagnostic::error("cannot parse Type cell: unclosed string literal")
                    .at(Span::new(file, start..start + 1), "this quote is never closed")
                    .note("a constant reads `*\"value\"*`"))
            }
        };
    }
    let expr = parse_type(cell, file, base)?;
    interpret(&expr, None)
}

/// The byte ranges of the types of a cell separated by pipes (`\|` in a table cell)
/// outside brackets, parentheses and angle brackets.
fn split_alternatives(cell: &str) -> Vec<(usize, usize)> {
    let bytes = cell.as_bytes();
    let mut parts = Vec::new();
    let mut depth = 0usize;
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'[' | b'(' | b'<' => depth += 1,
            b']' | b')' | b'>' => depth = depth.saturating_sub(1),
            b'\\' if bytes.get(i + 1) == Some(&b'|') && depth == 0 => {
                parts.push((start, i));
                i += 2;
                start = i;
                continue;
            }
            b'|' if depth == 0 => {
                parts.push((start, i));
                start = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    parts.push((start, cell.len()));
    parts
}

/// A string literal at the start of `text` (`"a"` or `'a'`, with backslash escapes): its
/// value and the text after it.
pub(super) fn string_literal(text: &str) -> Option<(String, &str)> {
    let quote = text.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let mut value = String::new();
    let mut chars = text[1..].char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '\\' => {
                let (_, escaped) = chars.next()?;
                value.push(match escaped {
                    'n' => '\n',
                    't' => '\t',
                    'r' => '\r',
                    other => other,
                });
            }
            c if c == quote => return Some((value, &text[1 + i + 1..])),
            c => value.push(c),
        }
    }
    None
}

/// The values of `"a" | "b" | 1 | Unrecognized<string>`, and whether an `Unrecognized`
/// member makes the enum open; `None` for anything else.
fn literal_union(code: &str) -> Option<(Vec<BlockValue>, bool)> {
    let mut values = Vec::new();
    let mut open = false;
    let mut rest = code.trim().trim_end_matches(';').trim_end();
    // A union written over several lines may start with a `|`.
    rest = rest.strip_prefix('|').unwrap_or(rest).trim_start();
    loop {
        let after = if rest.starts_with(['"', '\'']) {
            let (value, after) = string_literal(rest)?;
            values.push(BlockValue { value, quoted: true });
            after
        } else {
            let end = rest.find('|').unwrap_or(rest.len());
            let word = rest[..end].trim();
            if word.starts_with("Unrecognized<") && word.ends_with('>') {
                open = true;
            } else if is_number(word) {
                values.push(BlockValue { value: word.to_owned(), quoted: false });
            } else {
                return None;
            }
            &rest[end..]
        };
        let after = after.trim_start();
        if after.is_empty() {
            break;
        }
        rest = after.strip_prefix('|')?.trim_start();
    }
    (!values.is_empty()).then_some((values, open))
}

/// A JSON number literal (`-1`, `2.5`, `1e3`).
fn is_number(word: &str) -> bool {
    let digits = word.strip_prefix('-').unwrap_or(word);
    digits.starts_with(|c: char| c.is_ascii_digit()) && serde_json::from_str::<serde_json::Number>(word).is_ok()
}

/// The TypeScript type names [`builtin`] knows, the most common first (error notes show
/// the first few), suggested for a name close to one of them.
const BUILTIN_NAMES: &[&str] =
    &["string", "number", "boolean", "any", "Date", "RFCDate", "Uint8Array", "File", "Blob", "AxiosResponse", "unknown"];

/// The generic types of the dialect, suggested for an unknown one.
const GENERIC_NAMES: &[&str] = &["Record", "Array", "ReadableStream"];

/// TypeScript types of the dialect.
fn builtin(name: &str) -> Option<Type> {
    Some(match name {
        "string" => Type::String,
        // Integer or float: the docs do not say, so the number is kept as it travels.
        "number" => Type::Number,
        "boolean" => Type::Bool,
        "any" | "unknown" => Type::Any,
        "Date" => Type::DateTime,
        // The SDK's own date type: its doc (`../../types/rfcdate.md`) is not a model.
        "RFCDate" => Type::Date,
        "Uint8Array" | "File" | "Blob" => Type::Bytes,
        "AxiosResponse" => Type::Raw,
        _ => return None,
    })
}

/// `components.Pet` -> (`Pet`, `components`): the simple name, and the namespace's last
/// part, if one is given.
pub(super) fn split_namespace(name: &str) -> (&str, Option<&str>) {
    match name.rsplit_once('.') {
        Some((namespace, simple)) => (simple, Some(namespace.rsplit('.').next().unwrap_or(namespace))),
        None => (name, None),
    }
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

/// Interprets a TypeScript type. `link` is the target of an enclosing Markdown link.
fn interpret(expr: &TypeExpr, link: Option<(&str, &Span)>) -> Result<Type, Diagnostic> {
    let (expr, link) = peel_link(expr, link);
    match expr {
        TypeExpr::Link { .. } => unreachable!("peeled above"),
        TypeExpr::Array { element, .. } => Ok(Type::List(Box::new(interpret(element, link)?))),
        TypeExpr::Named { name, args, span } if !args.is_empty() => match name.as_str() {
            "Record" => {
                let [key, value] = args.as_slice() else { return Err(arity(name, span, 2)) };
                let (key_expr, _) = peel_link(key, None);
                if !matches!(key_expr, TypeExpr::Named { name, args, .. } if args.is_empty() && name == "string") {
                    return Err(Diagnostic::error("record keys must be `string`")
                        .at(key.span().clone(), "not `string`")
                        .note("JSON object keys are strings; expected `Record<string, T>`"));
                }
                Ok(Type::Map(Box::new(interpret(value, link)?)))
            }
            "Array" => {
                let [item] = args.as_slice() else { return Err(arity(name, span, 1)) };
                Ok(Type::List(Box::new(interpret(item, link)?)))
            }
            "ReadableStream" => {
                let [_] = args.as_slice() else { return Err(arity(name, span, 1)) };
                Ok(Type::Bytes)
            }
            _ => Err(Diagnostic::error(format!("unknown generic type `{name}`"))
                .at(span.clone(), "unknown generic")
                .note("expected `Record<string, T>`, `T[]` or `ReadableStream<Uint8Array>`")
                .did_you_mean(name, GENERIC_NAMES.iter().copied())),
        },
        TypeExpr::Named { name, span, .. } => {
            let (simple, namespace) = split_namespace(name);
            // `[Date](mdn)`, `[RFCDate](../../types/rfcdate.md)`: models are always
            // written with their namespace, so a bare known name is the SDK's type.
            if namespace.is_none() && let Some(builtin) = builtin(simple) {
                return Ok(builtin);
            }
            let link = link.filter(|(url, _)| is_doc_link(url)).map(|(url, url_span)| (url.to_owned(), url_span.clone()));
            let namespace = namespace.map(str::to_owned);
            Ok(Type::Model(ModelRef { link, name: simple.to_owned(), span: span.clone(), namespace }))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ty(text: &str) -> Type {
        TypeScript.type_cell(text, 0, 0, true).unwrap_or_else(|e| panic!("{text}: {}", e.message)).ty
    }

    /// The model a type names, without spans.
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
        assert_eq!(ty("*number*"), Type::Number);
        assert_eq!(ty("*boolean*"), Type::Bool);
        assert_eq!(ty("*any*"), Type::Any);
        assert_eq!(ty("*string*[]"), list(Type::String));
        assert_eq!(ty("*string*[][]"), list(list(Type::String)));
        assert_eq!(ty("Record<string, *number*>"), map(Type::Number));
        assert_eq!(ty("Record<string, *string*[]>"), map(list(Type::String)));
        assert_eq!(ty("[Date](https://developer.mozilla.org/en-US/docs/Web/JavaScript/Reference/Global_Objects/Date)"), Type::DateTime);
        assert_eq!(ty("[RFCDate](../../types/rfcdate.md)"), Type::Date);
        assert_eq!(ty("[RFCDate](../../types/rfcdate.md)[]"), list(Type::Date));
        assert_eq!(ty("Record<string, [Date](https://developer.mozilla.org/x)>"), map(Type::DateTime));
        assert_eq!(ty("*ReadableStream<Uint8Array>*"), Type::Bytes);
        assert_eq!(ty("*Uint8Array*"), Type::Bytes);
        assert_eq!(ty("[AxiosResponse](https://axios-http.com/docs/res_schema)"), Type::Raw);
        assert_eq!(ty("*\"manual\"*"), Type::String);

        let link = "../../models/components/pet.md";
        assert_eq!(named(&ty(&format!("[components.Pet]({link})"))), (Some(link.to_owned()), "Pet".to_owned()));
        let Type::List(item) = ty(&format!("[components.Pet]({link})[]")) else { panic!("a list") };
        assert_eq!(named(&item), (Some(link.to_owned()), "Pet".to_owned()));
        let Type::List(outer) = ty("[shared.Pet](../../../sdk/models/shared/pet.md)[][]") else { panic!("a list") };
        assert!(matches!(*outer, Type::List(_)));
        let Type::Map(inner) = ty("Record<string, Record<string, [shared.Pet](../../../sdk/models/shared/pet.md)>>") else { panic!() };
        let Type::Map(pet) = *inner else { panic!("a map of maps") };
        assert_eq!(named(&pet).1, "Pet");
        let Type::List(records) = ty("Record<string, [shared.Pet](../x/pet.md)>[]") else { panic!("a list") };
        assert!(matches!(*records, Type::Map(_)));
        // Unlinked model names are found by title.
        assert_eq!(named(&ty("*components.SpecUnion*")), (None, "SpecUnion".to_owned()));
        let Type::List(item) = ty("*components.SpecUnion*[]") else { panic!("a list") };
        assert_eq!(named(&item), (None, "SpecUnion".to_owned()));
        let Type::Map(value) = ty("Record<string, *components.SpecUnion*>") else { panic!("a map") };
        assert_eq!(named(&value), (None, "SpecUnion".to_owned()));
    }

    #[test]
    fn inline_unions_list_their_members() {
        let cell = "[File](https://developer.mozilla.org/en-US/docs/Web/API/File) \\| [Blob](https://developer.mozilla.org/en-US/docs/Web/API/Blob) \\| [components.FileContent](../../models/components/filecontent.md)";
        let Type::Union(members) = ty(cell) else { panic!("a union") };
        assert_eq!(members.len(), 2, "File and Blob are both bytes");
        assert_eq!(members[0], Type::Bytes);
        assert_eq!(named(&members[1]).1, "FileContent");
        let Type::Model(reference) = &members[1] else { panic!() };
        let start = cell.find("components.FileContent").unwrap();
        assert_eq!(reference.span.range, start..start + "components.FileContent".len());
    }

    #[test]
    fn presence_is_the_required_column() {
        assert_eq!(TypeScript.type_cell("*string*", 0, 0, false).unwrap().presence, Presence::Optional);
        assert_eq!(TypeScript.type_cell("*string*", 0, 0, true).unwrap().presence, Presence::Required);
    }

    #[test]
    fn code_block_enums() {
        let (values, open) = TypeScript.values_block("\"public\" | \"private\" | \"drm\" | Unrecognized<string>\n").unwrap();
        assert!(open);
        assert_eq!(values.iter().map(|v| v.value.as_str()).collect::<Vec<_>>(), ["public", "private", "drm"]);
        assert!(values.iter().all(|v| v.quoted));
        let (values, open) = TypeScript.values_block("\"2160\" | 1 | \"a|b\"").unwrap();
        assert!(!open);
        assert_eq!(values[0], BlockValue { value: "2160".into(), quoted: true });
        assert_eq!(values[1], BlockValue { value: "1".into(), quoted: false });
        assert_eq!(values[2].value, "a|b");
        let (values, _) = TypeScript.values_block("| \"a\"\n| \"b\";\n").unwrap();
        assert_eq!(values.len(), 2);
        assert_eq!(TypeScript.values_block("const x = 1;"), None);
        assert_eq!(TypeScript.values_block("\"a\" | "), None);
        assert_eq!(TypeScript.values_block("\"a"), None);
        assert_eq!(TypeScript.values_block(""), None);
    }

    #[test]
    fn union_headings_name_members() {
        let member = |heading: &str| TypeScript.union_member(heading, "", 0, 0).unwrap().unwrap().ty;
        assert_eq!(named(&member(" `components.Pet`")), (None, "Pet".to_owned()));
        assert_eq!(member(" `number`"), Type::Number);
        assert_eq!(member("`string`"), Type::String);
        assert_eq!(member("`boolean`"), Type::Bool);
        assert_eq!(member("`{ [k: string]: any }`"), map(Type::Any));
        assert_eq!(member("`{ [k: string]: string[] }`"), map(list(Type::String)));
        assert_eq!(member("`any[]`"), list(Type::Any));
        assert_eq!(named(&member("`operations.GetPetResponseBody`")), named(&member("`models.GetPetResponseBody`")));
        let heading = " `models.Pet` ";
        let found = TypeScript.union_member(heading, "", 4, 100).unwrap().unwrap();
        assert_eq!(found.span, Span::new(4, 100..100 + heading.len()));
        let Type::Model(reference) = found.ty else { panic!() };
        assert_eq!(reference.span.range, 102..112);
    }

    #[test]
    fn malformed_cells_are_located_errors() {
        let error = |text: &str| TypeScript.type_cell(text, 0, 0, true).unwrap_err();
        assert_eq!(error("Record<number, *string*>").message, "record keys must be `string`");
        let e = error("Recrod<string, *string*>");
        assert_eq!(e.message, "unknown generic type `Recrod`");
        assert_eq!(e.span().unwrap().range, 0..24);
        assert_eq!(error("Record<string>").message, "`Record` takes 2 type arguments");
        assert_eq!(error("*string*[").message, "cannot parse Type cell: unexpected text after the type");
        let e = error("*\"manual*");
        assert_eq!(e.message, "cannot parse Type cell: unclosed string literal");
        assert_eq!(e.span().unwrap().range, 1..2);
        let e = error("*string* \\| ");
        assert_eq!(e.message, "cannot parse Type cell: empty member of an inline union");
        assert_eq!(error("Record<string, *string*").message, "cannot parse Type cell: unclosed `<` after `Record`");
        let e = TypeScript.union_member(" ``", "", 0, 10).unwrap_err();
        assert_eq!(e.message, "empty union member heading");
        assert!(TypeScript.union_member("`Record<number, any>`", "", 0, 0).is_err());
    }

    #[test]
    fn suggested_types_are_known() {
        for name in BUILTIN_NAMES {
            assert!(builtin(name).is_some(), "{name}");
        }
    }
}
