//! Parsing model docs into the IR, in two stages: Markdown to sections (this module:
//! titles, descriptions, tables, code blocks, with byte offsets), then the dialect's
//! front end ([`dialect::FrontEnd`]) for what a dialect writes its own way (Type cells,
//! escapes, enum markers). Knows Markdown and the SDK-docs layout, nothing of Rust.

mod csharp;
pub mod dialect;
mod go;
mod java;
mod php;
mod python;
mod ruby;
mod ty;
mod typescript;

use std::ops::Range;

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

pub use dialect::{Dialect, FrontEnd};
pub(crate) use ty::MAX_DEPTH;

use crate::diag::Diagnostic;
use crate::ir::{EnumValue, Enumeration, Field, Inline, Member, Model, ModelKind, Paragraph, Skipped};
use crate::source::{FileId, SourceFile, Span};

type Spanned<'a> = (Event<'a>, Range<usize>);

/// The Required markers suggested for an unknown one (others are accepted too).
const REQUIRED_MARKERS: [&str; 2] = [":heavy_check_mark:", ":heavy_minus_sign:"];

/// The result of parsing one doc: the model (unless the doc is unusable) and every
/// problem found in it.
pub struct Parsed {
    pub model: Option<Model>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Parses the doc `file`, whose text is `source.text`, in the dialect `front` reads.
#[cfg(test)]
pub fn parse_doc(file: FileId, source: &SourceFile, front: &dyn FrontEnd) -> Parsed {
    parse_doc_with(file, source, front, &mut Events::default())
}

/// The Markdown events of one doc at a time: one buffer for every doc of a run. A doc's
/// events take tens of kilobytes; allocating and freeing that much per doc makes malloc
/// merge its free lists each time.
#[derive(Default)]
pub struct Events<'a>(Vec<Spanned<'a>>);

/// [`parse_doc`], reading the events into `events`.
pub fn parse_doc_with<'a>(file: FileId, source: &'a SourceFile, front: &'a dyn FrontEnd, events: &mut Events<'a>) -> Parsed {
    if let Some(why) = front.not_a_model(&source.rel, &source.text) {
        let first = source.text.lines().next().unwrap_or("").len();
        let note = Diagnostic::warning("this doc is not a model; it is left out")
            .at(Span::new(file, 0..first), "not a model")
            .note(why);
        return Parsed { model: None, diagnostics: vec![note] };
    }
    let mut doc = DocParser { file, text: &source.text, front, diagnostics: Vec::new(), skipped: Skipped::default() };
    let model = doc.parse(&source.rel, &mut events.0);
    Parsed { model, diagnostics: doc.diagnostics }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Section {
    Intro,
    ExampleUsage,
    Fields,
    Values,
    SupportedTypes,
    Other,
}

struct DocParser<'a> {
    file: FileId,
    text: &'a str,
    front: &'a dyn FrontEnd,
    diagnostics: Vec<Diagnostic>,
    /// What was left out of the model for a problem reported.
    skipped: Skipped,
}

/// A table as read: the header cells and the body rows, each cell with its events.
struct Table<'e, 'a> {
    /// The header row, as written.
    head_range: Range<usize>,
    head: Vec<Cell<'e, 'a>>,
    rows: Vec<Row<'e, 'a>>,
}

struct Row<'e, 'a> {
    range: Range<usize>,
    cells: Vec<Cell<'e, 'a>>,
}

struct Cell<'e, 'a> {
    range: Range<usize>,
    events: &'e [Spanned<'a>],
}

impl<'a> DocParser<'a> {
    fn span(&self, range: Range<usize>) -> Span {
        Span::new(self.file, range)
    }

    fn parse(&mut self, rel: &str, events: &mut Vec<Spanned<'a>>) -> Option<Model> {
        let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
        // SDK docs hold about one event per thirty bytes (their tables are padded), so
        // this capacity is rarely outgrown; growing it would copy every event again.
        events.clear();
        events.reserve(self.text.len() / 16);
        events.extend(Parser::new_ext(self.text, options).into_offset_iter());
        let events = &events[..];

        let mut title: Option<(String, Range<usize>, bool)> = None;
        let mut description = Vec::new();
        let mut deprecated = None;
        let mut section = Section::Intro;
        let mut example_usage = String::new();
        let mut fields: Option<Vec<Field>> = None;
        let mut values: Option<Vec<EnumValue>> = None;
        let mut kind_span: Option<(Range<usize>, Section)> = None;
        let mut not_a_table: Option<Range<usize>> = None;
        // `### ...` headings of `## Supported Types`: each heading's text after the hashes
        // (and where it starts), with the code block that follows it.
        let mut members: Vec<(Range<usize>, String)> = Vec::new();
        // A code block in `## Values`, which some dialects write instead of a table.
        let mut values_code: Option<(String, Range<usize>)> = None;

        let mut i = 0;
        while i < events.len() {
            let (event, range) = &events[i];
            let end = matching_end(events, i);
            let inner = &events[(i + 1).min(end)..end];
            match event {
                Event::Start(Tag::Heading { level: HeadingLevel::H1, .. }) if title.is_none() => {
                    let name = events_text(inner).trim().to_owned();
                    title = Some((name, first_line(self.text, range), struck_through(inner)));
                }
                Event::Start(Tag::Heading { level: HeadingLevel::H2, .. }) => {
                    let heading = events_text(inner);
                    section = match heading.trim().to_ascii_lowercase().as_str() {
                        "example usage" => Section::ExampleUsage,
                        "fields" => Section::Fields,
                        "values" => Section::Values,
                        "supported types" => Section::SupportedTypes,
                        _ => Section::Other,
                    };
                    if matches!(section, Section::Fields | Section::Values | Section::SupportedTypes) {
                        if let Some((previous, _)) = &kind_span {
                            self.skipped.table = true;
                            self.diagnostics.push(
                                Diagnostic::error("a doc describes one model, but this one has two kinds of table")
                                    .at(self.span(first_line(self.text, range)), "second section")
                                    .note(format!(
                                        "the doc already has a section at line {}; expected one of `## Fields`, `## Values` or `## Supported Types`",
                                        crate::source::line_col(self.text, previous.start).0
                                    )),
                            );
                        } else {
                            kind_span = Some((first_line(self.text, range), section));
                        }
                    }
                }
                Event::Start(Tag::Paragraph) if section == Section::Intro => {
                    let inlines = inlines(inner);
                    if !inlines.is_empty() {
                        description.push(inlines);
                    }
                }
                Event::Start(Tag::Paragraph)
                    if matches!(section, Section::Fields | Section::Values)
                        && self.text[range.clone()].starts_with('|') =>
                {
                    // Looks like a table, but Markdown did not read one.
                    not_a_table.get_or_insert_with(|| first_line(self.text, range));
                }
                Event::Start(Tag::BlockQuote(_)) if section == Section::Intro => {
                    match split_deprecation(inlines(inner)) {
                        (Some(reason), rest) => {
                            deprecated = Some(reason);
                            if !rest.is_empty() {
                                description.push(rest);
                            }
                        }
                        (None, inlines) => description.push(inlines),
                    }
                }
                Event::Start(Tag::List(_)) if section == Section::Intro => {
                    for item in list_items(inner) {
                        let mut paragraph = vec![Inline::Text("- ".into())];
                        paragraph.extend(item);
                        description.push(paragraph);
                    }
                }
                Event::Start(Tag::Heading { level: HeadingLevel::H3, .. }) if section == Section::SupportedTypes => {
                    let line = first_line(self.text, range);
                    let text = &self.text[line.clone()];
                    let hashes = text.len() - text.trim_start_matches('#').len();
                    let heading = trimmed(self.text, &(line.start + hashes..line.end));
                    members.push((heading, String::new()));
                }
                Event::Start(Tag::CodeBlock(_)) if matches!(section, Section::SupportedTypes | Section::Values) => {
                    let mut code = String::new();
                    for (event, _) in inner {
                        if let Event::Text(text) = event {
                            code.push_str(text);
                        }
                    }
                    match (section, members.last_mut()) {
                        (Section::SupportedTypes, Some((_, member_code))) if member_code.is_empty() => *member_code = code,
                        (Section::Values, _) if values_code.is_none() => values_code = Some((code, range.clone())),
                        _ => {}
                    }
                }
                Event::Start(Tag::CodeBlock(_)) if section == Section::ExampleUsage => {
                    for (event, _) in inner {
                        if let Event::Text(text) = event {
                            example_usage.push_str(text);
                        }
                    }
                }
                Event::Start(Tag::Table(_)) => {
                    let table = read_table(&events[i..=end]);
                    match section {
                        Section::Fields => fields = Some(self.fields(&table)),
                        Section::Values => values = Some(self.values(&table)),
                        _ => self.diagnostics.push(
                            Diagnostic::warning("table outside a `## Fields` or `## Values` section is ignored")
                                .at(self.span(range.start..range.start + 1), "this table"),
                        ),
                    }
                }
                _ => {}
            }
            i = end + 1;
        }

        let Some((name, title_range, struck)) = title else {
            self.diagnostics.push(
                Diagnostic::error("model doc has no title")
                    .at(self.span(0..0), "expected `# ModelName` here")
                    .note("every model doc starts with a level-one heading naming the model"),
            );
            return None;
        };
        if name.is_empty() {
            self.diagnostics.push(
                Diagnostic::error("model doc has an empty title")
                    .at(self.span(title_range), "no name here")
                    .note("expected `# ModelName`"),
            );
            return None;
        }
        if struck && deprecated.is_none() {
            deprecated = Some(String::new());
        }

        let block_values = match (&values, &values_code) {
            (None, Some((code, range))) => self.front.values_block(code).map(|(values, open)| (values, open, range.clone())),
            _ => None,
        };
        let union = match (&fields, &values, kind_span.as_ref().map(|(_, section)| *section)) {
            (None, None, Some(Section::SupportedTypes)) if !members.is_empty() => self.members(&members),
            _ => None,
        };
        let kind = match (fields, values, block_values, union) {
            (Some(fields), ..) => ModelKind::Struct(fields),
            (None, Some(values), ..) => {
                let open = self.front.open_enum(&example_usage);
                ModelKind::Enum(Enumeration { open, values })
            }
            (None, None, Some((values, open, range)), _) => {
                let span = self.span(first_line(self.text, &range));
                let values = values
                    .into_iter()
                    .map(|v| EnumValue {
                        name: String::new(),
                        name_span: span.clone(),
                        value: v.value,
                        quoted: v.quoted,
                        span: span.clone(),
                        description: Vec::new(),
                    })
                    .collect();
                ModelKind::Enum(Enumeration { open: open || self.front.open_enum(&example_usage), values })
            }
            (None, None, None, Some(members)) => ModelKind::Union(members),
            (None, None, None, None) => {
                if let Some((range, Section::SupportedTypes)) = kind_span {
                    self.diagnostics.push(
                        Diagnostic::warning("the members of this union are not all known; the type keeps any JSON value")
                            .at(self.span(range), "`## Supported Types` section")
                            .note("each `### ...` heading is expected to name a type of the docs' dialect or a model"),
                    );
                } else if let Some(line) = not_a_table {
                    self.skipped.table = true;
                    self.diagnostics.push(
                        Diagnostic::error("table has no delimiter row")
                            .at(self.span(line), "this header is not followed by `| --- | --- |`")
                            .note("a Markdown table needs a row such as `| --- | --- |` under its header, one `---` per column"),
                    );
                } else if let Some((range, section)) = kind_span {
                    let expected = if section == Section::Values {
                        "a `## Values` section holds a table `| Name | Value |`"
                    } else {
                        "a `## Fields` section holds a table `| Field | Type | Required | Description |`"
                    };
                    self.skipped.table = true;
                    self.diagnostics.push(
                        Diagnostic::error("section has no table")
                            .at(self.span(range), "expected a table after this heading")
                            .note(expected),
                    );
                }
                ModelKind::Any
            }
        };

        let group = rel.rsplit_once('/').map_or("", |(dir, _)| dir).to_owned();
        Some(Model {
            group,
            name,
            file: self.file,
            title_span: self.span(title_range),
            deprecated,
            description,
            kind,
            skipped: std::mem::take(&mut self.skipped),
        })
    }

    /// Finds the columns of a table by header name (any case). `wanted` holds each name as
    /// the docs write it and whether the table must have it. Reports unknown, repeated and
    /// missing columns.
    fn columns(&mut self, table: &Table, wanted: &[(&str, bool)]) -> (Vec<Option<usize>>, bool) {
        let headers: Vec<String> = table
            .head
            .iter()
            .map(|cell| events_text(cell.events).trim().to_owned())
            .collect();
        let known = |header: &str| wanted.iter().position(|(name, _)| name.eq_ignore_ascii_case(header));
        let mut ok = true;
        let mut found = vec![None; wanted.len()];
        for (index, header) in headers.iter().enumerate() {
            // Only reported problems need the cell's span; padded headers are long.
            let span = || self.span(trimmed(self.text, &table.head[index].range));
            match known(header) {
                None => {
                    let expected: Vec<String> = wanted.iter().map(|(n, _)| format!("`{n}`")).collect();
                    // Only a column the table lacks is worth suggesting.
                    let lacking = wanted
                        .iter()
                        .map(|&(name, _)| name)
                        .filter(|name| !headers.iter().any(|h| h.eq_ignore_ascii_case(name)));
                    self.diagnostics.push(
                        Diagnostic::error(format!("unknown column `{header}`"))
                            .at(span(), "unknown column")
                            .note(format!("expected columns named {}", expected.join(", ")))
                            .did_you_mean(header, lacking),
                    );
                    ok = false;
                }
                Some(column) if found[column].is_some() => {
                    self.diagnostics.push(
                        Diagnostic::error(format!("column `{header}` appears twice"))
                            .at(span(), "second column with this name")
                            .note("each column of the table is named once"),
                    );
                    ok = false;
                }
                Some(column) => found[column] = Some(index),
            }
        }
        for ((name, required), index) in wanted.iter().zip(&found) {
            if index.is_none() && *required {
                let header = first_line(self.text, &table.head_range);
                self.diagnostics.push(
                    Diagnostic::error(format!("table has no `{name}` column"))
                        .at(self.span(header), "in this header")
                        .note(format!("a `{name}` column is required in this table")),
                );
                ok = false;
            }
        }
        (found, ok)
    }

    /// Checks a body row against the header. pulldown-cmark pads short rows and cuts
    /// long ones, so the raw line is counted.
    fn row_has_right_width(&mut self, table: &Table, row: &Row) -> bool {
        // A row is one line: pulldown-cmark ends its range just after the line break,
        // which the count and the span below trim like any trailing blank.
        let line = &self.text[row.range.clone()];
        debug_assert!(!line.trim_end().contains(['\n', '\r']), "a table row is one line");
        let found = count_cells(line);
        let expected = table.head.len();
        if found == expected {
            return true;
        }
        let start = row.range.start;
        let note = if found > expected {
            "a `|` inside a cell must be written `\\|`".to_owned()
        } else {
            let names: Vec<String> = table
                .head
                .iter()
                .map(|cell| format!("`{}`", events_text(cell.events).trim()))
                .collect();
            format!("expected one cell for each column: {}", names.join(", "))
        };
        self.diagnostics.push(
            Diagnostic::error(format!(
                "table row has {found} cell{}, but the header has {expected}",
                if found == 1 { "" } else { "s" }
            ))
                .at(self.span(start..start + line.trim_end().len()), "this row")
                .note(note),
        );
        false
    }

    /// Leaves out a row that could not be read, remembering its name cell if it has one.
    fn skip_row(&mut self, row: &Row, name_col: usize) {
        let name = row.cells.get(name_col).map(|cell| code_or_text(cell.events)).unwrap_or_default();
        self.skipped.rows.push(name.trim_matches('`').to_owned());
    }

    fn fields(&mut self, table: &Table) -> Vec<Field> {
        // Docs written in the SDK's null-friendly style split Type into the types of the
        // setter and the getter; the getter's is the one read from JSON.
        let wanted = [
            ("Field", true),
            ("Type", false),
            ("Required", true),
            ("Description", false),
            ("Example", false),
            ("Getter Type", false),
            ("Setter Type", false),
        ];
        let (cols, ok) = self.columns(table, &wanted);
        let Some(type_col) = cols[1].or(cols[5]) else {
            self.skipped.table = true;
            let header = first_line(self.text, &table.head_range);
            self.diagnostics.push(
                Diagnostic::error("table has no `Type` column")
                    .at(self.span(header), "in this header")
                    .note("a `Type` (or `Getter Type`) column is required in this table"),
            );
            return Vec::new();
        };
        // `ok` means every required column was found.
        let (true, Some(name_col), Some(req_col)) = (ok, cols[0], cols[2]) else {
            self.skipped.table = true;
            return Vec::new();
        };
        // The Field cells of every row, for dialects that tell the catch-all row by the
        // others' names.
        let names: Vec<String> = table
            .rows
            .iter()
            .filter_map(|row| row.cells.get(name_col).map(|cell| code_or_text(cell.events)))
            .collect();
        let mut fields = Vec::new();
        for row in &table.rows {
            if !self.row_has_right_width(table, row) {
                self.skip_row(row, name_col);
                continue;
            }
            // Each cell is checked, so one run reports every problem of the row; a row
            // with any is left out.
            let mut row_ok = true;
            let name_cell = &row.cells[name_col];
            let name = code_or_text(name_cell.events);
            let name_span = self.span(trimmed(self.text, &name_cell.range));
            // ```` `` ```` is an empty code span written as two backticks.
            if name.chars().all(|c| c == '`') {
                self.diagnostics.push(
                    Diagnostic::error("empty Field cell")
                        .at(name_span.clone(), "no field name")
                        .note("expected the property name in backticks, such as `` `createdAt` ``"),
                );
                row_ok = false;
            }

            let req_cell = &row.cells[req_col];
            let marker = events_text(req_cell.events);
            let required = match marker.trim() {
                ":heavy_check_mark:" | "✔️" | "✔" | "true" | "yes" | "Yes" => Ok(true),
                ":heavy_minus_sign:" | "➖" | "false" | "no" | "No" | "" => Ok(false),
                other => Err(Diagnostic::error(format!("unknown Required marker `{other}`"))
                    .at(self.span(trimmed(self.text, &req_cell.range)), "not a Required marker")
                    .note("expected `:heavy_check_mark:` (required) or `:heavy_minus_sign:` (optional)")
                    .did_you_mean(other, REQUIRED_MARKERS)),
            };
            // The Type cell is read with the marker (its wrapper means one thing on a
            // required row and another on an optional one); problems in column order.
            let type_cell = &row.cells[type_col];
            let ty_range = trimmed(self.text, &type_cell.range);
            let cell = self
                .front
                .type_cell(&self.text[ty_range.clone()], self.file, ty_range.start, *required.as_ref().unwrap_or(&false))
                .map_err(|diagnostic| self.diagnostics.push(diagnostic))
                .ok();
            if let Err(diagnostic) = required {
                self.diagnostics.push(diagnostic);
                row_ok = false;
            }
            let (Some(cell), true) = (cell, row_ok) else {
                self.skipped.rows.push(name.trim_matches('`').to_owned());
                continue;
            };

            let mut deprecated = struck_through(name_cell.events).then(String::new);
            let mut description = Vec::new();
            if let Some(col) = cols[3] {
                let (reason, text) = split_deprecation(inlines(row.cells[col].events));
                // A reason outranks the bare mark of a struck-through name.
                deprecated = reason.or(deprecated);
                description = split_paragraphs(text);
                if description.len() == 1 && plain_text(&description[0]).trim() == "N/A" {
                    description.clear();
                }
            }
            let example = cols[4]
                .map(|col| events_text(row.cells[col].events).trim().to_owned())
                .filter(|text| !text.is_empty());
            let cell = self.front.with_example(cell, example.as_deref());

            fields.push(Field {
                property: self.front.property(&name),
                catch_all: self.front.is_catch_all_among(&name, &names),
                name,
                name_span,
                ty: cell.ty,
                ty_span: self.span(ty_range),
                presence: cell.presence,
                description,
                example,
                deprecated,
            });
        }
        fields
    }

    /// The members of a union's `### ...` headings, or `None` (a warning follows) when
    /// one of them names no type the front end knows. Errors are reported as they come.
    fn members(&mut self, headings: &[(Range<usize>, String)]) -> Option<Vec<Member>> {
        let mut members = Vec::with_capacity(headings.len());
        let mut complete = true;
        for (range, code) in headings {
            match self.front.union_member(&self.text[range.clone()], code, self.file, range.start) {
                Ok(Some(member)) => members.push(member),
                Ok(None) => complete = false,
                Err(diagnostic) => {
                    self.skipped.table = true;
                    self.diagnostics.push(diagnostic);
                    complete = false;
                }
            }
        }
        complete.then_some(members)
    }

    fn values(&mut self, table: &Table) -> Vec<EnumValue> {
        let wanted = [("Name", true), ("Value", true), ("Description", false)];
        let (cols, ok) = self.columns(table, &wanted);
        let (true, Some(name_col), Some(value_col)) = (ok, cols[0], cols[1]) else {
            self.skipped.table = true;
            return Vec::new();
        };
        let mut values = Vec::new();
        for row in &table.rows {
            if !self.row_has_right_width(table, row) {
                self.skip_row(row, name_col);
                continue;
            }
            let name_cell = &row.cells[name_col];
            let name = code_or_text(name_cell.events);
            let name_span = self.span(trimmed(self.text, &name_cell.range));
            let value_cell = &row.cells[value_col];
            let value = code_or_text(value_cell.events);
            let span = self.span(trimmed(self.text, &value_cell.range));
            let description = cols[2]
                .map(|col| split_paragraphs(inlines(row.cells[col].events)))
                .unwrap_or_default();
            values.push(EnumValue { name, name_span, value, span, description, quoted: false });
        }
        values
    }
}

/// Index of the event that closes the one at `start` (itself if it opens nothing).
fn matching_end(events: &[Spanned<'_>], start: usize) -> usize {
    if !matches!(events[start].0, Event::Start(_)) {
        return start;
    }
    let mut depth = 0usize;
    for (offset, (event, _)) in events[start..].iter().enumerate() {
        match event {
            Event::Start(_) => depth += 1,
            Event::End(_) => {
                depth -= 1;
                if depth == 0 {
                    return start + offset;
                }
            }
            _ => {}
        }
    }
    events.len() - 1
}

fn read_table<'e, 'a>(events: &'e [Spanned<'a>]) -> Table<'e, 'a> {
    let mut table = Table { head_range: 0..0, head: Vec::new(), rows: Vec::new() };
    let mut i = 1;
    let mut in_head = false;
    while i < events.len() {
        match &events[i].0 {
            // Heads and rows are entered, not skipped: their cells are read next.
            Event::Start(Tag::TableHead) => {
                table.head_range = events[i].1.clone();
                in_head = true;
            }
            Event::End(TagEnd::TableHead) => in_head = false,
            Event::Start(Tag::TableRow) => {
                let cells = Vec::with_capacity(table.head.len());
                table.rows.push(Row { range: events[i].1.clone(), cells });
            }
            Event::Start(Tag::TableCell) => {
                let end = matching_end(events, i);
                let cell = Cell { range: events[i].1.clone(), events: &events[i + 1..end] };
                if in_head {
                    table.head.push(cell);
                } else if let Some(row) = table.rows.last_mut() {
                    row.cells.push(cell);
                }
                i = end;
            }
            _ => i = matching_end(events, i),
        }
        i += 1;
    }
    table
}

/// Counts the cells of a raw table line: unescaped `|` separators, outer pipes optional.
/// Like pulldown-cmark, a `|` right after a backslash is part of the cell (even `\\|`).
fn count_cells(line: &str) -> usize {
    let line = line.trim();
    // Bytes, not chars: `|` and `\` are ASCII, and padded rows are long. Each byte is
    // zipped with the one before it rather than indexed, and counted in a `u8` per
    // chunk of at most 255 bytes, so that the loop compiles to vector code. A leading
    // pipe opens the first cell, so only the separators after the first byte count.
    let bytes = line.as_bytes();
    let after_first = bytes.get(1..).unwrap_or_default();
    let separators: usize = after_first
        .chunks(255)
        .zip(bytes.chunks(255))
        .map(|(chunk, before)| {
            let pipes = chunk.iter().zip(before).filter(|&(&b, &before)| b == b'|' && before != b'\\');
            usize::from(pipes.fold(0u8, |n, _| n + 1))
        })
        .sum();
    let trailing = usize::from(line.len() > 1 && line.ends_with('|') && !line.ends_with("\\|"));
    (separators + 1).saturating_sub(trailing).max(1)
}

/// The first line of `range`, without the line break and trailing blanks.
fn first_line(text: &str, range: &Range<usize>) -> Range<usize> {
    let line = text[range.clone()].lines().next().unwrap_or("");
    range.start..range.start + line.trim_end().len()
}

/// `range` without surrounding whitespace and pipes. An empty cell keeps its blanks, so
/// a caret can point between the pipes.
fn trimmed(text: &str, range: &Range<usize>) -> Range<usize> {
    let bytes = &text.as_bytes()[range.clone()];
    let inner = strip_bytes(
        bytes,
        |b| matches!(b, b' ' | b'\t' | b'|'),
        |b| matches!(b, b' ' | b'\t' | b'|' | b'\n' | b'\r'),
    );
    let inner = if inner.is_empty() {
        strip_bytes(bytes, |b| b == b'|', |b| matches!(b, b'|' | b'\n' | b'\r'))
    } else {
        inner
    };
    if inner.is_empty() { range.clone() } else { range.start + inner.start..range.start + inner.end }
}

/// The part of `bytes` left after dropping the leading bytes that match `leading` and
/// the trailing ones that match `trailing`; empty when nothing is left. Bytes are
/// compared, not chars, which gives the same result as `str::trim_matches` because every
/// byte stripped is ASCII and so never part of a longer character.
fn strip_bytes(bytes: &[u8], leading: impl Fn(u8) -> bool, trailing: impl Fn(u8) -> bool) -> Range<usize> {
    let start = bytes.iter().position(|&b| !leading(b)).unwrap_or(bytes.len());
    let end = bytes.len() - trailing_len(bytes, trailing);
    start..end.max(start)
}

/// How many bytes at the end of `bytes` match `strip`. Cells are padded with spaces to
/// the widest cell of their column, so when `strip` takes spaces, sixteen bytes at a time
/// are first tested for being all spaces (without branches, which compiles to vector
/// code); only the chunk where the padding ends is looked at byte by byte.
fn trailing_len(bytes: &[u8], strip: impl Fn(u8) -> bool) -> usize {
    let mut len = 0;
    for chunk in bytes.rchunks(16) {
        let blank = strip(b' ') && chunk.iter().fold(true, |all, &b| all & (b == b' '));
        let matched = if blank { chunk.len() } else { chunk.iter().rev().take_while(|&&b| strip(b)).count() };
        len += matched;
        if matched < chunk.len() {
            break;
        }
    }
    len
}

/// One piece of rich text, as inline events give it.
enum Piece<'e, 'a> {
    Text(&'e str),
    Code(&'e str),
    LineBreak,
    /// A link: its target and the events of its text.
    Link(&'e str, &'e [Spanned<'a>]),
}

/// Hands the pieces of rich text in `events` to `visit`, in order, without looking into
/// links (whose events come with their piece). Both the rich text of descriptions and
/// the plain text of names, markers and headings are read through here, so they agree.
fn walk_inlines<'e, 'a>(events: &'e [Spanned<'a>], mut visit: impl FnMut(Piece<'e, 'a>)) {
    let mut i = 0;
    while i < events.len() {
        match &events[i].0 {
            Event::Text(text) => visit(Piece::Text(text)),
            Event::Code(code) => visit(Piece::Code(code)),
            Event::SoftBreak | Event::HardBreak => visit(Piece::LineBreak),
            Event::InlineHtml(html) | Event::Html(html) => match html_kind(html) {
                HtmlKind::LineBreak => visit(Piece::LineBreak),
                HtmlKind::Anchor => {}
                // Not markup the docs mean (`<angle>` words, generics): keep as text.
                HtmlKind::Other => visit(Piece::Text(html)),
            },
            Event::Start(Tag::Link { dest_url, .. }) => {
                let end = matching_end(events, i);
                visit(Piece::Link(dest_url, &events[i + 1..end]));
                i = end;
            }
            _ => {}
        }
        i += 1;
    }
}

enum HtmlKind {
    /// `<br>`, `<br/>` or `</br>`.
    LineBreak,
    /// `<a ...>` or `</a>`: dropped, keeping the text between.
    Anchor,
    Other,
}

/// Classifies an HTML tag ignoring ASCII case, surrounding whitespace and spaces inside.
fn html_kind(html: &str) -> HtmlKind {
    let tag = html.trim();
    let compact_is = |name: &str| {
        tag.bytes().filter(|&b| b != b' ').map(|b| b.to_ascii_lowercase()).eq(name.bytes())
    };
    if compact_is("<br>") || compact_is("<br/>") || compact_is("</br>") {
        HtmlKind::LineBreak
    } else if tag.as_bytes().get(..3).is_some_and(|start| start.eq_ignore_ascii_case(b"<a "))
        || compact_is("<a>")
        || compact_is("</a>")
    {
        HtmlKind::Anchor
    } else {
        HtmlKind::Other
    }
}

/// Whether any of the text in `events` is struck through, in links too.
fn struck_through(events: &[Spanned<'_>]) -> bool {
    events.iter().any(|(event, _)| matches!(event, Event::Start(Tag::Strikethrough)))
}

/// Converts inline events to rich text.
fn inlines(events: &[Spanned<'_>]) -> Vec<Inline> {
    let mut out = Vec::new();
    walk_inlines(events, |piece| match piece {
        Piece::Text(text) => push_text(&mut out, text),
        Piece::Code(code) => out.push(Inline::Code(code.to_owned())),
        Piece::LineBreak => out.push(Inline::LineBreak),
        Piece::Link(url, text) => out.push(Inline::Link { text: inlines(text), url: url.to_owned() }),
    });
    out
}

fn push_text(out: &mut Vec<Inline>, text: &str) {
    if let Some(Inline::Text(last)) = out.last_mut() {
        last.push_str(text);
    } else {
        out.push(Inline::Text(text.to_owned()));
    }
}

/// The text of inline events without any markup: what [`plain_text`] gives for their
/// rich text, without building the rich text first (names, markers and headings only
/// need the text).
fn events_text(events: &[Spanned<'_>]) -> String {
    fn push(out: &mut String, events: &[Spanned<'_>]) {
        walk_inlines(events, |piece| match piece {
            Piece::Text(text) | Piece::Code(text) => out.push_str(text),
            Piece::LineBreak => out.push('\n'),
            Piece::Link(_, text) => push(out, text),
        });
    }
    let mut out = String::new();
    push(&mut out, events);
    out
}

fn list_items(events: &[Spanned<'_>]) -> Vec<Paragraph> {
    let mut items = Vec::new();
    let mut i = 0;
    while i < events.len() {
        let end = matching_end(events, i);
        if let Event::Start(Tag::Item) = events[i].0 {
            items.push(inlines(&events[i + 1..end]));
        }
        i = end + 1;
    }
    items
}

/// The text of rich text without any markup.
pub fn plain_text(inlines: &[Inline]) -> String {
    let mut out = String::new();
    push_plain_text(&mut out, inlines);
    out
}

fn push_plain_text(out: &mut String, inlines: &[Inline]) {
    for inline in inlines {
        match inline {
            Inline::Text(text) | Inline::Code(text) => out.push_str(text),
            Inline::Link { text, .. } => push_plain_text(out, text),
            Inline::LineBreak => out.push('\n'),
        }
    }
}

/// A Field or Name cell: the first code span outside links if there is one, else the
/// text.
fn code_or_text(events: &[Spanned<'_>]) -> String {
    let mut code = None;
    walk_inlines(events, |piece| {
        if let Piece::Code(text) = piece {
            code.get_or_insert(text);
        }
    });
    match code {
        Some(code) => code.trim().to_owned(),
        None => events_text(events).trim().to_owned(),
    }
}

/// Splits rich text at double line breaks (`<br/><br/>`) into paragraphs.
fn split_paragraphs(inlines: Vec<Inline>) -> Vec<Paragraph> {
    let mut paragraphs = Vec::new();
    let mut current = Vec::new();
    let mut breaks = 0;
    for inline in inlines {
        if inline == Inline::LineBreak {
            breaks += 1;
            continue;
        }
        if !current.is_empty() {
            if breaks >= 2 {
                paragraphs.push(std::mem::take(&mut current));
            } else if breaks == 1 {
                current.push(Inline::LineBreak);
            }
        }
        breaks = 0;
        current.push(inline);
    }
    if !current.is_empty() {
        paragraphs.push(current);
    }
    paragraphs
}

/// Recognizes `:warning: **DEPRECATED**: reason` (spacing and emphasis vary) at the start
/// of rich text. Returns the reason (its first line) and the text after it, or no reason
/// and the text as it was.
fn split_deprecation(mut inlines: Vec<Inline>) -> (Option<String>, Vec<Inline>) {
    let first_line = inlines.iter().position(|i| *i == Inline::LineBreak).unwrap_or(inlines.len());
    let line = plain_text(&inlines[..first_line]);
    let mut rest = line.trim_start();
    for prefix in [":warning:", ": warning:", "⚠️", "⚠"] {
        if let Some(stripped) = rest.strip_prefix(prefix) {
            rest = stripped;
            break;
        }
    }
    let Some(rest) = rest.trim_start_matches(['*', '_', ' ']).strip_prefix("DEPRECATED") else {
        return (None, inlines);
    };
    let reason = rest.trim_start_matches(['*', '_', ' ', ':']).trim().to_owned();
    let breaks = inlines[first_line..].iter().take_while(|i| **i == Inline::LineBreak).count();
    inlines.drain(..first_line + breaks);
    (Some(reason), inlines)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{Presence, Type};

    fn parse(text: &str) -> Parsed {
        let source = SourceFile {
            path: "spec/models/components/Pet.md".into(),
            rel: "models/components/Pet.md".into(),
            text: text.into(),
        };
        parse_doc(0, &source, &java::Java)
    }

    const PET: &str = "# Pet\n\nA pet with a [link](https://example.com) and `code`.<br/>Second line.\n\n> :warning: **DEPRECATED**: Use Animal.\n\n## Fields\n\n| Field | Type | Required | Description | Example |\n| --- | --- | --- | --- | --- |\n| `name` | *String* | :heavy_check_mark: | The name \\| nickname. | Rex |\n| ~~`age`~~ | *Optional\\<Integer>* | :heavy_minus_sign: | : warning: ** DEPRECATED **: gone.<br/><br/>Age in years. | 3 |\n";

    #[test]
    fn reads_a_struct_doc() {
        let parsed = parse(PET);
        assert!(parsed.diagnostics.is_empty(), "{:?}", parsed.diagnostics);
        let model = parsed.model.unwrap();
        assert_eq!(model.name, "Pet");
        assert_eq!(model.group, "models/components");
        assert_eq!(model.deprecated.as_deref(), Some("Use Animal."));
        assert_eq!(
            plain_text(&model.description[0]),
            "A pet with a link and code.\nSecond line."
        );
        let ModelKind::Struct(fields) = model.kind else { panic!("not a struct") };
        assert_eq!(fields.len(), 2);
        assert_eq!(fields[0].name, "name");
        assert_eq!(fields[0].presence, Presence::Required);
        assert_eq!(plain_text(&fields[0].description[0]), "The name | nickname.");
        assert_eq!(fields[0].example.as_deref(), Some("Rex"));
        assert_eq!(&PET[fields[0].ty_span.range.clone()], "*String*");
        assert_eq!(&PET[fields[0].name_span.range.clone()], "`name`");
        assert_eq!(fields[1].name, "age");
        assert_eq!(fields[1].presence, Presence::Optional);
        assert_eq!(fields[1].deprecated.as_deref(), Some("gone."));
        assert_eq!(plain_text(&fields[1].description[0]), "Age in years.");
        assert_eq!(fields[1].ty, Type::I32);
    }

    #[test]
    fn a_struck_through_field_is_deprecated_without_a_reason() {
        let parsed = parse("# Pet\n\n## Fields\n\n| Field | Type | Required | Description |\n| --- | --- | --- | --- |\n| ~~`age`~~ | *int* | :heavy_check_mark: | Age in years. |\n| `name` | *String* | :heavy_check_mark: | The name. |\n");
        let ModelKind::Struct(fields) = parsed.model.unwrap().kind else { panic!("not a struct") };
        assert_eq!(fields[0].deprecated.as_deref(), Some(""));
        assert_eq!(plain_text(&fields[0].description[0]), "Age in years.");
        assert_eq!(fields[1].deprecated, None);
    }

    #[test]
    fn reads_enums_titles_and_free_form_docs() {
        let parsed = parse("# ~~Kind~~\n\n## Example Usage\n\n```java\nKind.of(\"x\"); // Open enum: use .of()\n```\n\n## Values\n\n| Name | Value |\n| --- | --- |\n| `A_B` | a-b |\n| `TWO` | 2 |");
        let model = parsed.model.unwrap();
        assert_eq!(model.name, "Kind");
        assert_eq!(model.deprecated.as_deref(), Some(""));
        let ModelKind::Enum(e) = model.kind else { panic!("not an enum") };
        assert!(e.open);
        assert_eq!(e.values[0].name, "A_B");
        assert_eq!(e.values[0].value, "a-b");
        assert_eq!(e.values[1].value, "2");

        let model = parse("# Any\n\nHolds anything.\n").model.unwrap();
        assert_eq!(model.kind, ModelKind::Any);
        assert_eq!(model.group, "models/components");
    }

    #[test]
    fn reports_bad_tables_with_positions() {
        let parsed = parse("# A\n\n## Fields\n\n| Field | Type | Required | Description |\n| - | - | - | - |\n| `a` | *String* | maybe | x |\n| `b` | *String* | :heavy_check_mark: | x | extra |\n");
        let messages: Vec<_> = parsed.diagnostics.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(
            messages,
            ["unknown Required marker `maybe`", "table row has 5 cells, but the header has 4"]
        );
        let span = parsed.diagnostics[0].span().cloned().unwrap();
        assert_eq!(crate::source::line_col(PET, 0), (1, 1));
        assert_eq!(&"# A\n\n## Fields\n\n| Field | Type | Required | Description |\n| - | - | - | - |\n| `a` | *String* | maybe | x |\n"[span.range], "maybe");

        let parsed = parse("no title\n");
        assert_eq!(parsed.diagnostics[0].message, "model doc has no title");
        let parsed = parse("# A\n\n## Fields\n\n| Field | Kind | Required |\n| - | - | - |\n");
        let messages: Vec<_> = parsed.diagnostics.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(messages, ["unknown column `Kind`", "table has no `Type` column"]);
    }

    #[test]
    fn empty_cells_point_between_the_pipes() {
        let text = "|  | x |";
        assert_eq!(trimmed(text, &(1..3)), 1..3);
        assert_eq!(trimmed(text, &(3..6)), 5..6);
        assert_eq!(trimmed(text, &(8..8)), 8..8);
    }

    /// Every string of up to `len` characters from a small alphabet that has the bytes the
    /// scans look for, blanks they must not take for them, and multi-byte characters.
    fn short_strings(len: u32) -> impl Iterator<Item = String> {
        const ALPHABET: [char; 7] = ['|', '\\', ' ', '\t', '\n', 'a', '\u{a0}'];
        (0..=len).flat_map(|n| {
            (0..ALPHABET.len().pow(n)).map(move |mut index| {
                (0..n)
                    .map(|_| {
                        let c = ALPHABET[index % ALPHABET.len()];
                        index /= ALPHABET.len();
                        c
                    })
                    .collect()
            })
        })
    }

    /// Long padded rows and cells, which cross the chunks the byte scans work in.
    fn padded_strings() -> Vec<String> {
        let mut out = Vec::new();
        for pad in [0, 1, 15, 16, 17, 31, 32, 33, 254, 255, 256, 600] {
            let blanks = " ".repeat(pad);
            out.push(format!("| `a`{blanks}| b{blanks}|"));
            out.push(format!("|{blanks}\\|{blanks}|\t{blanks}\n"));
            out.push(format!("{blanks}|{blanks}"));
            out.push("|".repeat(pad));
            out.push("\\|".repeat(pad));
            out.push(format!("x{}", "| ".repeat(pad)));
        }
        out
    }

    #[test]
    fn byte_scans_agree_with_their_char_definitions() {
        // The definitions the byte scans implement, written plainly over chars.
        fn cells_by_chars(line: &str) -> usize {
            let line = line.trim();
            let chars: Vec<char> = line.chars().collect();
            let unescaped = |i: usize| chars[i] == '|' && (i == 0 || chars[i - 1] != '\\');
            let pipes = (0..chars.len()).filter(|&i| unescaped(i)).count();
            let leading = usize::from(line.starts_with('|'));
            let trailing = usize::from(line.len() > 1 && line.ends_with('|') && !line.ends_with("\\|"));
            (pipes + 1).saturating_sub(leading + trailing).max(1)
        }
        fn trimmed_by_chars(text: &str) -> Range<usize> {
            let start = text.len() - text.trim_start_matches([' ', '\t', '|']).len();
            let end = text.trim_end_matches([' ', '\t', '|', '\n', '\r']).len();
            if start < end {
                return start..end;
            }
            let start = text.len() - text.trim_start_matches('|').len();
            let end = text.trim_end_matches(['|', '\n', '\r']).len();
            if start < end { start..end } else { 0..text.len() }
        }
        for text in short_strings(5).chain(padded_strings()) {
            assert_eq!(count_cells(&text), cells_by_chars(&text), "{text:?}");
            assert_eq!(trimmed(&text, &(0..text.len())), trimmed_by_chars(&text), "{text:?}");
        }
    }

    #[test]
    fn html_tags_are_classified_like_their_lowercase_compact_form() {
        fn kind_by_strings(html: &str) -> &'static str {
            let tag = html.trim().to_ascii_lowercase();
            let compact = tag.replace(' ', "");
            if matches!(compact.as_str(), "<br>" | "<br/>" | "</br>") {
                "break"
            } else if tag.starts_with("<a ") || compact == "<a>" || compact == "</a>" {
                "anchor"
            } else {
                "other"
            }
        }
        let tags = [
            "<br/>", "<BR>", " < b r / > ", "</br>", "<br />\n", "<bR/ >", "<brr>", "<br/>x",
            "<a href=\"x\">", "<A HREF=x>", "</a>", "</ A >", "<a>", "<abbr>", "<a\u{a0}b>",
            "\u{a0}<a >", "<String>", "<", "", " ", "<é>", "<A",
        ];
        for tag in tags {
            let kind = match html_kind(tag) {
                HtmlKind::LineBreak => "break",
                HtmlKind::Anchor => "anchor",
                HtmlKind::Other => "other",
            };
            assert_eq!(kind, kind_by_strings(tag), "{tag:?}");
        }
    }

    #[test]
    fn text_of_events_is_the_plain_text_of_their_rich_text() {
        let cells = [
            "`code` and *text*",
            "[~~old~~ `link`](x.md) then `code`",
            "plain<br/>broken<BR>twice</br><a href=\"y\">anchor</a> <T>",
            "~~gone~~",
            "[outer [not nested](a)](b) `last`",
            "",
        ];
        for cell in cells {
            let text = format!("| h |\n| - |\n| {cell} |\n");
            let events: Vec<Spanned<'_>> =
                Parser::new_ext(&text, Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH).into_offset_iter().collect();
            let rich = inlines(&events);
            assert_eq!(events_text(&events), plain_text(&rich), "{cell:?}");
            let first_code = rich.iter().find_map(|inline| match inline {
                Inline::Code(code) => Some(code.trim().to_owned()),
                _ => None,
            });
            let expected = first_code.unwrap_or_else(|| plain_text(&rich).trim().to_owned());
            assert_eq!(code_or_text(&events), expected, "{cell:?}");
        }
    }

    #[test]
    fn counts_raw_cells() {
        assert_eq!(count_cells("| a | b |"), 2);
        assert_eq!(count_cells("| a \\| b | c |"), 2);
        assert_eq!(count_cells("a | b"), 2);
        assert_eq!(count_cells("| a | b | c |"), 3);
        // As in pulldown-cmark, a pipe after a backslash is escaped even if that
        // backslash is itself escaped.
        assert_eq!(count_cells("| a \\\\| b | c |"), 2);
        assert_eq!(count_cells("|"), 1);
        assert_eq!(count_cells(""), 1);
    }
}
