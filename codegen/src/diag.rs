//! Diagnostics in the style of rustc: `error: ...`, `--> file:line:col`, the source line
//! with a caret under the offending text, and notes saying what was expected.

use std::fmt;
use std::ops::Range;
use std::path::PathBuf;

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

use crate::source::{floor_char_boundary, SourceMap, Span};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    Error,
    Warning,
}

/// One message about the spec.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub message: String,
    /// Where in the spec; `None` for problems with the folder itself.
    pub place: Option<Place>,
    /// Text printed under the caret.
    pub label: String,
    /// Lines printed under the source, in order: `= note: ...` and `= help: ...`.
    pub notes: Vec<Note>,
}

/// A line under the source of a [`Diagnostic`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    /// `true` for a suggestion (`= help: ...`), `false` for a note (`= note: ...`).
    pub help: bool,
    pub text: String,
}

/// Where a [`Diagnostic`] points.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    /// Text of a file in the [`SourceMap`].
    Span(Span),
    /// A file that is not in the [`SourceMap`] (one that is not UTF-8): the diagnostic
    /// carries the offending line itself.
    Excerpt(Box<Excerpt>),
}

/// A line of a file that could not be loaded as text, shown lossily.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Excerpt {
    /// Path as given by the user, for messages.
    pub path: PathBuf,
    /// 1-based line number of `text` in the file.
    pub line: usize,
    /// The line, invalid bytes shown as `\u{FFFD}`.
    pub text: String,
    /// The offending bytes within `text`.
    pub range: Range<usize>,
}

impl Diagnostic {
    pub fn error(message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            message: message.into(),
            place: None,
            label: String::new(),
            notes: Vec::new(),
        }
    }

    pub fn warning(message: impl Into<String>) -> Self {
        Diagnostic { severity: Severity::Warning, ..Diagnostic::error(message) }
    }

    pub fn at(mut self, span: Span, label: impl Into<String>) -> Self {
        self.place = Some(Place::Span(span));
        self.label = label.into();
        self
    }

    /// Points into a file that is not in the [`SourceMap`].
    pub fn in_excerpt(mut self, excerpt: Excerpt, label: impl Into<String>) -> Self {
        self.place = Some(Place::Excerpt(Box::new(excerpt)));
        self.label = label.into();
        self
    }

    pub fn note(mut self, note: impl Into<String>) -> Self {
        self.notes.push(Note { help: false, text: note.into() });
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.notes.push(Note { help: true, text: help.into() });
        self
    }

    /// Adds `help: did you mean `x`?` when one of `known` is close to `name` (see
    /// [`closest`]).
    pub fn did_you_mean<'k>(self, name: &str, known: impl IntoIterator<Item = &'k str>) -> Self {
        match closest(name, known) {
            Some(best) => self.help(format!("did you mean `{best}`?")),
            None => self,
        }
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The span pointed at, when the diagnostic points into a file of the [`SourceMap`].
    pub fn span(&self) -> Option<&Span> {
        match &self.place {
            Some(Place::Span(span)) => Some(span),
            _ => None,
        }
    }

    /// Renders this diagnostic as rustc would, without colors.
    pub fn render(&self, sources: &SourceMap) -> String {
        let level = match self.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
        };
        let mut group = Group::with_title(level.primary_title(&self.message));
        match &self.place {
            Some(Place::Span(span)) => {
                if let Some(file) = sources.files.get(span.file) {
                    let range = clamp(&file.text, span.range.clone());
                    group = group.element(
                        Snippet::source(file.text.as_str())
                            .path(file.path.display().to_string())
                            .annotation(AnnotationKind::Primary.span(range).label(&self.label)),
                    );
                }
            }
            Some(Place::Excerpt(excerpt)) => {
                group = group.element(
                    Snippet::source(excerpt.text.as_str())
                        .line_start(excerpt.line)
                        .path(excerpt.path.display().to_string())
                        .annotation(
                            AnnotationKind::Primary
                                .span(clamp(&excerpt.text, excerpt.range.clone()))
                                .label(&self.label),
                        ),
                );
            }
            None => {}
        }
        for note in &self.notes {
            let level = if note.help { Level::HELP } else { Level::NOTE };
            group = group.element(level.message(&note.text));
        }
        Renderer::plain().render(&[group]).to_string()
    }

    /// `file:line:col` of the primary span, for summaries and tests.
    pub fn location(&self, sources: &SourceMap) -> Option<String> {
        match self.place.as_ref()? {
            Place::Span(span) => {
                let file = sources.files.get(span.file)?;
                let (line, col) = crate::source::line_col(&file.text, span.range.start);
                Some(format!("{}:{line}:{col}", file.path.display()))
            }
            Place::Excerpt(excerpt) => {
                let (_, col) = crate::source::line_col(&excerpt.text, excerpt.range.start);
                Some(format!("{}:{}:{col}", excerpt.path.display(), excerpt.line))
            }
        }
    }
}

/// The name of `known` closest to `name`, for a "did you mean" suggestion: the one at the
/// smallest edit distance, ignoring case, if that is at most a third of the longer name
/// (and at least 1), and the first of those at that distance. `None` when none is close
/// enough, or the closest is `name` itself.
pub fn closest<'k>(name: &str, known: impl IntoIterator<Item = &'k str>) -> Option<&'k str> {
    let name_chars: Vec<char> = name.chars().flat_map(char::to_lowercase).collect();
    let mut best: Option<(usize, &str)> = None;
    for candidate in known {
        let chars: Vec<char> = candidate.chars().flat_map(char::to_lowercase).collect();
        let limit = (name_chars.len().max(chars.len()) / 3).max(1);
        // Lengths that differ by more than the limit are that far apart at least.
        if name_chars.len().abs_diff(chars.len()) > limit {
            continue;
        }
        let distance = edit_distance(&name_chars, &chars);
        if distance <= limit && best.is_none_or(|(d, _)| distance < d) {
            best = Some((distance, candidate));
        }
    }
    best.map(|(_, candidate)| candidate).filter(|&candidate| candidate != name)
}

/// The edit distance between `a` and `b`: how many characters must be inserted, deleted
/// or replaced, or pairs of neighbours swapped, to turn one into the other (Levenshtein
/// with transpositions, the optimal string alignment distance). A swap is the commonest
/// typo (`Strnig`), so it counts as one edit.
fn edit_distance(a: &[char], b: &[char]) -> usize {
    // Three rows of the table: `row[j]` is the distance between the part of `a` seen so
    // far and the first `j` characters of `b`; `previous` and `before` are the rows of
    // one and two characters less of `a`.
    let mut before: Vec<usize> = Vec::new();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for i in 1..=a.len() {
        let mut row = vec![i; b.len() + 1];
        for j in 1..=b.len() {
            let replace = previous[j - 1] + usize::from(a[i - 1] != b[j - 1]);
            row[j] = replace.min(previous[j] + 1).min(row[j - 1] + 1);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                row[j] = row[j].min(before[j - 2] + 1);
            }
        }
        before = std::mem::replace(&mut previous, row);
    }
    previous[b.len()]
}

/// `range` made safe to show in `text`: inside it, ordered, on character boundaries.
fn clamp(text: &str, range: Range<usize>) -> Range<usize> {
    let end = floor_char_boundary(text, range.end.max(range.start));
    floor_char_boundary(text, range.start.min(end))..end
}

/// A failed run: every error (and warning) found, with the sources to show them.
#[derive(Debug)]
pub struct Failure {
    pub diagnostics: Vec<Diagnostic>,
    pub sources: SourceMap,
}

/// At most this many diagnostics are printed; the rest are counted.
pub const MAX_SHOWN: usize = 50;

/// Renders the first [`MAX_SHOWN`] diagnostics one after another in the order given
/// (errors and warnings as they were found; nothing is sorted), then how many were left
/// out, then a closing `error: could not generate models…` line when any is an error.
pub fn render_all(diagnostics: &[Diagnostic], sources: &SourceMap) -> String {
    let mut out = String::new();
    for diagnostic in diagnostics.iter().take(MAX_SHOWN) {
        out.push_str(&diagnostic.render(sources));
        out.push_str("\n\n");
    }
    if diagnostics.len() > MAX_SHOWN {
        out.push_str(&format!("... and {} more\n\n", diagnostics.len() - MAX_SHOWN));
    }
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    if errors > 0 {
        let plural = if errors == 1 { "" } else { "s" };
        out.push_str(&format!("error: could not generate models due to {errors} previous error{plural}\n"));
    }
    out
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&render_all(&self.diagnostics, &self.sources))
    }
}

impl std::error::Error for Failure {}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceFile;

    #[test]
    fn renders_like_rustc() {
        let sources = SourceMap {
            root: "/spec".into(),
            files: vec![SourceFile {
                path: "spec/A.md".into(),
                rel: "A.md".into(),
                text: "# A\n\n| x | y |\n".into(),
            }],
        };
        let d = Diagnostic::error("bad cell")
            .at(Span::new(0, 7..8), "here")
            .note("expected a type");
        let text = d.render(&sources);
        assert!(text.starts_with("error: bad cell"), "{text}");
        assert!(text.contains("--> spec/A.md:3:3"), "{text}");
        assert!(text.contains("^ here"), "{text}");
        assert!(text.contains("= note: expected a type"), "{text}");
        assert_eq!(d.location(&sources).unwrap(), "spec/A.md:3:3");
        let text = d.did_you_mean("Strnig", ["String"]).render(&sources);
        assert!(text.ends_with("= note: expected a type\n  = help: did you mean `String`?"), "{text}");
    }

    #[test]
    fn edit_distances() {
        let distance = |a: &str, b: &str| {
            edit_distance(&a.chars().collect::<Vec<_>>(), &b.chars().collect::<Vec<_>>())
        };
        assert_eq!(distance("", ""), 0);
        assert_eq!(distance("", "abc"), 3);
        assert_eq!(distance("kitten", "sitting"), 3);
        assert_eq!(distance("bolean", "boolean"), 1);
        assert_eq!(distance("Strnig", "String"), 1);
        assert_eq!(distance("ab", "ba"), 1);
        assert_eq!(distance("ca", "abc"), 3);
        assert_eq!(distance("é", "e"), 1);
    }

    #[test]
    fn suggestions_are_close_names() {
        assert_eq!(closest("bolean", ["String", "boolean", "Boolean"]), Some("boolean"));
        assert_eq!(closest(":heavy_check:", [":heavy_check_mark:", ":heavy_minus_sign:"]), Some(":heavy_check_mark:"));
        assert_eq!(closest("Requird", ["Field", "Type", "Required"]), Some("Required"));
        assert_eq!(closest("STRING", ["String"]), Some("String"));
        // Too far, or the name itself.
        assert_eq!(closest("maybe", [":heavy_check_mark:", "yes", "no"]), None);
        assert_eq!(closest("Foo", ["List", "Map"]), None);
        assert_eq!(closest("Map", ["Map"]), None);
        assert_eq!(closest("x", []), None);
        // Ties go to the first.
        assert_eq!(closest("lon", ["long", "Long"]), Some("long"));
    }
}
