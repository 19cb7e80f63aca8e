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
    pub notes: Vec<String>,
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
        self.notes.push(note.into());
        self
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
            group = group.element(Level::NOTE.message(note));
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
    }
}
