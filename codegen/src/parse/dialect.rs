//! Docs dialects: the seven SDK languages whose generators write model docs, each with
//! its own Type cells, wrappers, escapes and enum markers. A [`FrontEnd`] reads one
//! dialect into the dialect-neutral IR; [`detect`] tells which dialect a tree is in.

use std::fmt;
use std::str::FromStr;

use crate::diag::Diagnostic;
use crate::ir::{Member, Presence, Type};
use crate::source::FileId;

/// An SDK language whose docs the generator can be given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Dialect {
    Java,
    TypeScript,
    Python,
    CSharp,
    Go,
    Php,
    Ruby,
}

impl Dialect {
    /// Every dialect, in the order ties are broken.
    pub const ALL: [Dialect; 7] =
        [Dialect::Java, Dialect::TypeScript, Dialect::Python, Dialect::CSharp, Dialect::Go, Dialect::Php, Dialect::Ruby];

    /// The dialect's name in `codegen.toml` and on the command line.
    pub const fn as_str(self) -> &'static str {
        match self {
            Dialect::Java => "java",
            Dialect::TypeScript => "typescript",
            Dialect::Python => "python",
            Dialect::CSharp => "csharp",
            Dialect::Go => "go",
            Dialect::Php => "php",
            Dialect::Ruby => "ruby",
        }
    }

    /// The front end that reads this dialect.
    pub(crate) fn front_end(self) -> &'static dyn FrontEnd {
        match self {
            Dialect::Java => &super::java::Java,
            Dialect::TypeScript => &super::typescript::TypeScript,
            Dialect::Python => &super::python::Python,
            Dialect::CSharp => &super::csharp::CSharp,
            Dialect::Go => &super::go::Go,
            Dialect::Php => &super::php::Php,
            Dialect::Ruby => &super::ruby::Ruby,
        }
    }
}

impl fmt::Display for Dialect {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Dialect {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Dialect::ALL.into_iter().find(|d| d.as_str() == s).ok_or_else(|| {
            let names: Vec<String> = Dialect::ALL.iter().map(|d| format!("`{d}`")).collect();
            format!("unknown dialect `{s}`; expected one of {}", names.join(", "))
        })
    }
}

/// A Type cell read by a front end: what the field holds, and whether it may be absent
/// or null (from the cell's wrapper and the row's Required column together).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cell {
    pub ty: Type,
    pub presence: Presence,
}

/// The presence of a row in a dialect whose one marker means "absent or `null`" alike and
/// never tells the two apart: Go's `*T` pointer, PHP's `?T` (and `T|null`), Ruby's
/// `T.nilable(T)` / `Crystalline::Nilable.new(T)` (DIALECTS.md, "Absent, null, and what the
/// marker means on the wire"). `required` is the row's Required column, `marked` whether
/// the Type cell carries the marker (a pointer that is part of a type, as Go's `*big.Int`,
/// is not one), `ty` the type the cell holds.
///
/// A marked field is read as keeping absent and `null` apart ([`Presence::Nullable`]; on a
/// required row, whose key is always sent, [`Presence::RequiredNullable`], as Java's
/// `Optional<T>` on a required row): that loses nothing on any payload valid for the
/// field, since an absent key stays absent and a `null` stays `null`, where
/// [`Presence::Optional`] would reject the `null` the SDK may send. An unmarked field says
/// no more than the Required column. A marked raw HTTP body is never JSON: only whether
/// the envelope has one matters, so it is [`Presence::Optional`].
pub(crate) fn absent_or_null(required: bool, marked: bool, ty: &Type) -> Presence {
    match (marked, required) {
        (false, true) => Presence::Required,
        (false, false) => Presence::Optional,
        (true, _) if ty.holds_raw() => Presence::Optional,
        (true, true) => Presence::RequiredNullable,
        (true, false) => Presence::Nullable,
    }
}

/// What a dialect's docs mean. Only a front end knows its dialect's names.
pub trait FrontEnd: Sync {
    /// Reads the raw Markdown text `cell` of a Type cell, which starts at byte `base` of
    /// `file`, on a row whose Required column says `required`.
    fn type_cell(&self, cell: &str, file: FileId, base: usize, required: bool) -> Result<Cell, Diagnostic>;

    /// Refines a Type cell read by [`FrontEnd::type_cell`] with the row's Example cell,
    /// for dialects whose Type cells merge kinds an example tells apart (PHP writes
    /// `\DateTime` for dates and date-times alike).
    fn with_example(&self, cell: Cell, example: Option<&str>) -> Cell {
        let _ = example;
        cell
    }

    /// The property name of a Field cell with the dialect's keyword escape undone.
    fn property(&self, field: &str) -> String;

    /// Whether the row named `field` is the catch-all of an object's extra keys.
    fn is_catch_all(&self, field: &str) -> bool;

    /// Whether the row named `field`, in a table whose rows are named `fields`, is the
    /// catch-all: some dialects rename it when a real property has its name.
    fn is_catch_all_among(&self, field: &str, fields: &[String]) -> bool {
        let _ = fields;
        self.is_catch_all(field)
    }

    /// Why the doc `rel` (relative to the spec folder), whose text is `text`, is not a
    /// model (the SDK's own options, say), if it is not; such a doc is left out with a note.
    fn not_a_model(&self, rel: &str, text: &str) -> Option<&'static str> {
        let _ = (rel, text);
        None
    }

    /// Whether an enum's `## Example Usage` text marks it open (unknown values kept).
    fn open_enum(&self, example_usage: &str) -> bool;

    /// The type names of the dialect, suggested for a name that is unknown.
    fn type_names(&self) -> &'static [&'static str];

    /// The values of an enum whose `## Values` section is a code block instead of a table
    /// (TypeScript's `"READ" | "WRITE"`), and whether the block marks the enum open;
    /// `None` when the dialect writes no such blocks or this is not one.
    fn values_block(&self, code: &str) -> Option<(Vec<BlockValue>, bool)> {
        let _ = code;
        None
    }

    /// The member of a union that a `### ...` heading of `## Supported Types` names (raw
    /// heading text after `###`, starting at byte `base` of `file`), with the code block
    /// that follows it (`""` if none). `Ok(None)` when the heading names no type the
    /// dialect knows; the union then keeps any JSON value.
    fn union_member(&self, heading: &str, code: &str, file: FileId, base: usize) -> Result<Option<Member>, Diagnostic> {
        let _ = (heading, code, file, base);
        Ok(None)
    }
}

/// A value of an enum written as a code block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BlockValue {
    /// As it travels (the text of a string literal, or the digits of a number).
    pub value: String,
    /// Written as a string literal.
    pub quoted: bool,
}

/// Votes for each dialect (in [`Dialect::ALL`] order) from the Type cells of a tree, and
/// the case of its field names and of its link targets' file names, which break ties
/// between dialects that share type names (2023 Ruby writes `*String*` like Java).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Votes {
    pub cells: [usize; 7],
    /// Field names in snake_case, camelCase and PascalCase.
    pub names: [usize; 3],
    /// Link targets whose file name starts in lower case, and in upper case.
    pub files: [usize; 2],
}

/// The cases of field names, as [`Votes::names`] counts them.
const SNAKE: usize = 0;
const CAMEL: usize = 1;
const PASCAL: usize = 2;

impl Dialect {
    /// The case of the dialect's field names (DIALECTS.md, "Field names").
    fn name_case(self) -> usize {
        match self {
            Dialect::Python | Dialect::Ruby => SNAKE,
            Dialect::Java | Dialect::TypeScript | Dialect::Php => CAMEL,
            Dialect::CSharp | Dialect::Go => PASCAL,
        }
    }

    /// Whether the dialect's doc files are named in lower case (`pet.md`).
    fn lower_files(self) -> bool {
        matches!(self, Dialect::TypeScript | Dialect::Python | Dialect::Go | Dialect::Ruby)
    }
}

impl Votes {
    /// Adds the votes of the `## Fields` rows of one doc's text.
    pub fn add_doc(&mut self, text: &str) {
        for (field, cell) in field_rows(text) {
            if let Some(dialect) = cell_dialect(cell) {
                self.cells[dialect as usize] += 1;
            }
            if let Some(case) = name_case(field) {
                self.names[case] += 1;
            }
            if let Some(lower) = link_file_case(cell) {
                self.files[usize::from(!lower)] += 1;
            }
        }
    }

    /// The dialect with a clear majority of the Type-cell votes (more than half, and at
    /// least twice the runner-up), counting only dialects that agree with the tree's
    /// field-name case and file-name case where those are clear; or the reason there is
    /// none. A tree none of whose cells show a dialect (links and `*string*`-like cells
    /// only, which every dialect reads alike) is read as Java, the reference dialect.
    pub fn decide(&self) -> Result<Dialect, String> {
        let case = clear_majority(&self.names);
        let lower_files = clear_majority(&self.files).map(|i| i == 0);
        let fits = |d: Dialect| case.is_none_or(|c| d.name_case() == c) && lower_files.is_none_or(|l| d.lower_files() == l);
        let mut ranked: Vec<(usize, Dialect)> =
            Dialect::ALL.iter().map(|&d| (if fits(d) { self.cells[d as usize] } else { 0 }, d)).collect();
        ranked.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        let total: usize = ranked.iter().map(|(n, _)| n).sum();
        let (best, dialect) = ranked[0];
        if self.cells.iter().sum::<usize>() == 0 {
            return Ok(Dialect::Java);
        }
        if total > 0 && 2 * best > total && best >= 2 * ranked[1].0 {
            Ok(dialect)
        } else {
            Err(format!("no dialect has a clear majority: {self}"))
        }
    }
}

/// Type cells that show a dialect after which a clear majority is taken as the answer:
/// the first docs of a tree decide for the rest (in a few thousand bytes), so detection
/// costs the same on a tree of ten thousand docs as on one of fifty.
const ENOUGH_VOTES: usize = 64;

/// The dialect of the docs whose texts are `docs` (in the spec's order), and the votes
/// it was told by.
pub fn detect<'t>(docs: impl IntoIterator<Item = &'t str>) -> (Result<Dialect, String>, Votes) {
    let mut votes = Votes::default();
    for text in docs {
        votes.add_doc(text);
        if votes.cells.iter().sum::<usize>() >= ENOUGH_VOTES && votes.decide().is_ok() {
            break;
        }
    }
    (votes.decide(), votes)
}

/// The index holding more than two thirds of `counts`, if one does.
fn clear_majority(counts: &[usize]) -> Option<usize> {
    let total: usize = counts.iter().sum();
    let (index, &best) = counts.iter().enumerate().max_by_key(|(_, n)| **n)?;
    (total > 0 && 3 * best > 2 * total).then_some(index)
}

/// `java 12, python 3; field names 40 camelCase`: what the tree showed.
impl fmt::Display for Votes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut seen: Vec<(usize, Dialect)> =
            Dialect::ALL.iter().map(|&d| (self.cells[d as usize], d)).filter(|(n, _)| *n > 0).collect();
        seen.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        let parts: Vec<String> = seen.iter().map(|(n, d)| format!("{d} {n}")).collect();
        f.write_str(&parts.join(", "))?;
        let [snake, camel, pascal] = self.names;
        write!(f, "; field names: {snake} snake_case, {camel} camelCase, {pascal} PascalCase")?;
        let [lower, upper] = self.files;
        write!(f, "; linked files: {lower} lower-case, {upper} capitalised")
    }
}

/// The Field and Type cells of the `## Fields` tables of a doc's text, found line by
/// line without a Markdown parser (detection runs before any doc is parsed).
fn field_rows(text: &str) -> impl Iterator<Item = (&str, &str)> {
    let mut in_fields = false;
    let mut columns: Option<(usize, usize)> = None;
    let mut header_seen = false;
    text.lines().filter_map(move |line| {
        let line = line.trim_start();
        if let Some(heading) = line.strip_prefix("## ") {
            in_fields = heading.trim().eq_ignore_ascii_case("fields");
            columns = None;
            header_seen = false;
            return None;
        }
        if !in_fields || !line.starts_with('|') {
            return None;
        }
        if !header_seen {
            header_seen = true;
            let find = |name: &str| cells(line).position(|c| c.trim() == name);
            columns = find("Field").zip(find("Type"));
            return None;
        }
        let (field, ty) = columns?;
        let (first, second) = (field.min(ty), field.max(ty));
        let mut row = cells(line);
        let a = row.nth(first)?.trim();
        let b = row.nth(second - first - 1)?.trim();
        let (field, ty) = if field < ty { (a, b) } else { (b, a) };
        // The delimiter row.
        if ty.bytes().all(|b| b == b'-' || b == b':') {
            return None;
        }
        Some((field, ty))
    })
}

/// The cells of a table row, split at pipes that are not escaped (`\|`).
fn cells(line: &str) -> impl Iterator<Item = &str> {
    let inner = line.trim_end();
    let inner = inner.strip_prefix('|').unwrap_or(inner);
    let inner = inner.strip_suffix('|').unwrap_or(inner);
    let bytes = inner.as_bytes();
    let mut start = 0;
    let mut done = false;
    std::iter::from_fn(move || {
        if done {
            return None;
        }
        let mut at = start;
        while let Some(offset) = memchr::memchr(b'|', &bytes[at..]) {
            let pipe = at + offset;
            if pipe > 0 && bytes[pipe - 1] == b'\\' {
                at = pipe + 1;
                continue;
            }
            let cell = &inner[start..pipe];
            start = pipe + 1;
            return Some(cell);
        }
        done = true;
        Some(&inner[start..])
    })
}

/// The case of a Field cell's name: snake_case, camelCase or PascalCase; `None` for a
/// name that does not tell (one lower-case word, or an escape such as `in_`).
fn name_case(field: &str) -> Option<usize> {
    let name = field.trim_matches(|c: char| c == '`' || c == '~' || c.is_whitespace());
    let inner = name.trim_matches('_');
    let first = inner.chars().next()?;
    if inner.contains('_') && !inner.chars().any(|c| c.is_ascii_uppercase()) {
        Some(SNAKE)
    } else if first.is_ascii_uppercase() && inner.chars().any(|c| c.is_ascii_lowercase()) {
        Some(PASCAL)
    } else if first.is_ascii_lowercase() && inner.chars().any(|c| c.is_ascii_uppercase()) {
        Some(CAMEL)
    } else {
        None
    }
}

/// Whether the file name of the first doc link in a Type cell starts in lower case.
fn link_file_case(cell: &str) -> Option<bool> {
    let start = cell.find("](")? + 2;
    let target = &cell[start..];
    let end = target.find(')')?;
    let path = &target[..end];
    if path.contains("://") || !path.ends_with(".md") {
        return None;
    }
    let file = path.rsplit('/').next()?;
    let first = file.chars().next()?;
    first.is_ascii_alphabetic().then(|| first.is_ascii_lowercase())
}


/// The dialect whose distinctive tokens a Type cell shows, if any (DIALECTS.md, "Telling
/// the dialect apart"). Cells that several dialects write alike (`*string*`, `*int*`,
/// `*bool*`) vote for none.
fn cell_dialect(cell: &str) -> Option<Dialect> {
    let has = |token: &str| cell.contains(token);
    // Most distinctive first: namespaces and wrappers no other dialect writes.
    if has("::") || has("T.nilable(") || has("Crystalline") {
        return Some(Dialect::Ruby);
    }
    if has("*?") || has("[?") || has("array<") || has("*mixed*") || has("\\DateTime") || has("Components\\") || has("\\OpenAPI\\") {
        return Some(Dialect::Php);
    }
    if has("Optional[") || has("Nullable[") || has("List[") || has("Dict[str") || has("*str*") || has("Literal[") || has("Union[") || has("*Any*") {
        return Some(Dialect::Python);
    }
    if has("map[string]") || has("*int64*") || has("*float64*") || has("*float32*") || has("**") || cell.starts_with("[]") || has("time.Time") || has("*interface{}*") {
        return Some(Dialect::Go);
    }
    if has("*number*") || has("Record<string") || has("*boolean*[]") || has("*string*[]") || has("*any*") || has(")[]") || has("RFCDate") || has("Uint8Array") {
        return Some(Dialect::TypeScript);
    }
    if has("Dictionary<") || has("*object*") || has("Models.") || has("*long*") && !has("\\<") || has("HttpResponseMessage") || has("*decimal*") || has("*BigInteger*") {
        return Some(Dialect::CSharp);
    }
    if has("\\<") || has("*String*") || has("*Long*") || has("*Boolean*") || has("*Integer*") || has("*Object*") || has("*Double*") || has("org.") || has("OffsetDateTime") || has("Map<String,") {
        return Some(Dialect::Java);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_absent_or_null_marker_keeps_absent_and_null_apart() {
        assert_eq!(absent_or_null(true, false, &Type::String), Presence::Required);
        assert_eq!(absent_or_null(false, false, &Type::String), Presence::Optional);
        assert_eq!(absent_or_null(false, true, &Type::String), Presence::Nullable);
        assert_eq!(absent_or_null(true, true, &Type::String), Presence::RequiredNullable);
        // A raw HTTP body is there or not, marked or not.
        assert_eq!(absent_or_null(true, true, &Type::Raw), Presence::Optional);
        assert_eq!(absent_or_null(false, true, &Type::List(Box::new(Type::Raw))), Presence::Optional);
        assert_eq!(absent_or_null(true, false, &Type::Raw), Presence::Required);
    }

    #[test]
    fn names_round_trip() {
        for dialect in Dialect::ALL {
            assert_eq!(dialect.as_str().parse::<Dialect>(), Ok(dialect));
        }
        assert!("kotlin".parse::<Dialect>().unwrap_err().contains("`java`, `typescript`"));
    }

    #[test]
    fn rows_are_found_under_fields_only() {
        let doc = "# Pet\n\n## Fields\n\n| Field | Type | Required | Description |\n| --- | --- | --- | --- |\n\
                   | `a` | *String* | :heavy_check_mark: | x \\| y |\n| `b` | List\\<*Long*> | :heavy_minus_sign: | N/A |\n\n\
                   ## Values\n\n| Name | Value |\n| --- | --- |\n| `A` | *str* |\n";
        assert_eq!(field_rows(doc).collect::<Vec<_>>(), [("`a`", "*String*"), ("`b`", "List\\<*Long*>")]);
    }

    #[test]
    fn names_and_links_show_their_case() {
        assert_eq!(name_case("`created_at`"), Some(SNAKE));
        assert_eq!(name_case("~~`createdAt`~~"), Some(CAMEL));
        assert_eq!(name_case("`CreatedAt`"), Some(PASCAL));
        assert_eq!(name_case("`ID`"), None);
        assert_eq!(name_case("`name`"), None);
        assert_eq!(name_case("`in_`"), None);
        assert_eq!(link_file_case("[shared.Pet](../../models/shared/pet.md)"), Some(true));
        assert_eq!(link_file_case("List<[Pet](../../models/shared/Pet.md)>"), Some(false));
        assert_eq!(link_file_case("[Date](https://developer.mozilla.org/x)"), None);
    }

    #[test]
    fn cells_vote_for_their_dialect() {
        let cases = [
            ("*Optional\\<String>*", Some(Dialect::Java)),
            ("[org.openapis.openapi.models.shared.M](../../models/shared/M.md)", Some(Dialect::Java)),
            ("*number*", Some(Dialect::TypeScript)),
            ("[components.M](../../models/components/m.md)[]", Some(Dialect::TypeScript)),
            ("*Optional[str]*", Some(Dialect::Python)),
            ("Dict[str, *Any*]", Some(Dialect::Python)),
            ("Dictionary<String, *object*>", Some(Dialect::CSharp)),
            ("*long*", Some(Dialect::CSharp)),
            ("**int64*", Some(Dialect::Go)),
            ("[][components.M](../../models/components/m.md)", Some(Dialect::Go)),
            ("*?string*", Some(Dialect::Php)),
            ("array<string, *mixed*>", Some(Dialect::Php)),
            ("*T.nilable(::String)*", Some(Dialect::Ruby)),
            ("Crystalline::Array<*::String*>", Some(Dialect::Ruby)),
            ("*string*", None),
            ("*bool*", None),
        ];
        for (cell, dialect) in cases {
            assert_eq!(cell_dialect(cell), dialect, "{cell}");
        }
    }

    #[test]
    fn a_tree_needs_a_clear_majority() {
        let votes = |cells, names, files| Votes { cells, names, files };
        assert_eq!(votes([10, 0, 1, 0, 0, 0, 3], [0; 3], [0; 2]).decide(), Ok(Dialect::Java));
        assert_eq!(
            votes([5, 0, 4, 0, 0, 0, 0], [0; 3], [0; 2]).decide(),
            Err("no dialect has a clear majority: java 5, python 4; field names: 0 snake_case, 0 camelCase, 0 PascalCase; linked files: 0 lower-case, 0 capitalised".to_owned())
        );
        // Snake-case names and lower-case files rule Java out: Ruby wins with fewer cells.
        assert_eq!(votes([758, 0, 0, 0, 0, 0, 811], [900, 3, 0], [400, 0]).decide(), Ok(Dialect::Ruby));
        assert_eq!(Votes::default().decide(), Ok(Dialect::Java));
    }
}
