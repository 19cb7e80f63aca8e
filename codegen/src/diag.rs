//! Diagnostics in the style of rustc: `error: ...`, `--> file:line:col`, the source line
//! with a caret under the offending text, and notes saying what was expected.

use std::fmt;

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

use crate::source::{SourceMap, Span};

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
    pub span: Option<Span>,
    /// Text printed under the caret.
    pub label: String,
    pub notes: Vec<String>,
}

impl Diagnostic {
    pub fn error(message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            message: message.into(),
            span: None,
            label: String::new(),
            notes: Vec::new(),
        }
    }

    pub fn warning(message: impl Into<String>) -> Self {
        Diagnostic { severity: Severity::Warning, ..Diagnostic::error(message) }
    }

    pub fn at(mut self, span: Span, label: impl Into<String>) -> Self {
        self.span = Some(span);
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

    /// Renders this diagnostic as rustc would, without colors.
    pub fn render(&self, sources: &SourceMap) -> String {
        let level = match self.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
        };
        let mut group = Group::with_title(level.primary_title(&self.message));
        if let Some(span) = &self.span {
            let file = sources.get(span.file);
            let mut range = span.range.clone();
            range.end = range.end.max(range.start).min(file.text.len());
            range.start = range.start.min(range.end);
            let path = file.path.display().to_string();
            group = group.element(
                Snippet::source(file.text.as_str())
                    .path(path)
                    .annotation(AnnotationKind::Primary.span(range).label(&self.label)),
            );
        }
        for note in &self.notes {
            group = group.element(Level::NOTE.message(note));
        }
        Renderer::plain().render(&[group]).to_string()
    }

    /// `file:line:col` of the primary span, for summaries and tests.
    pub fn location(&self, sources: &SourceMap) -> Option<String> {
        let span = self.span.as_ref()?;
        let (line, col) = sources.line_col(span.file, span.range.start);
        Some(format!("{}:{line}:{col}", sources.get(span.file).path.display()))
    }
}

/// A failed run: every error (and warning) found, with the sources to show them.
#[derive(Debug)]
pub struct Failure {
    pub diagnostics: Vec<Diagnostic>,
    pub sources: SourceMap,
}

/// At most this many diagnostics are printed; the rest are counted.
pub const MAX_SHOWN: usize = 50;

/// Renders diagnostics one after another, errors first kept in discovery order.
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
