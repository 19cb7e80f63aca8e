//! The intermediate representation: plain data read from the docs, before any Rust naming.

use crate::source::{FileId, Span};

/// Every model of a spec, ordered by (group, name).
#[derive(Debug, Default)]
pub struct Spec {
    pub models: Vec<Model>,
}

/// One model doc.
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    /// Folder of the doc relative to the spec folder (`models/components`), `""` at top.
    pub group: String,
    /// The title of the doc (`# Name`), without deprecation marks.
    pub name: String,
    pub file: FileId,
    pub title_span: Span,
    /// Set by `# ~~Name~~` or a `DEPRECATED` blockquote; holds the reason if one is given.
    pub deprecated: Option<String>,
    pub description: Vec<Paragraph>,
    pub kind: ModelKind,
    /// What of the doc's table could not be read and is left out of `kind` (each problem
    /// was reported while parsing).
    pub skipped: Skipped,
}

/// Rows, or a whole table, left out of a model because they could not be read. The rest
/// of the doc is still resolved, so its other problems are reported in the same run;
/// checks that need every row are not made.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Skipped {
    /// The Field (or Name) cell of each row left out, `""` where it could not be read.
    pub rows: Vec<String>,
    /// A table, or its header, could not be read: any row may be missing.
    pub table: bool,
}

impl Skipped {
    /// Whether nothing was left out.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty() && !self.table
    }

    /// Whether a row named `name` may be among those left out.
    pub fn may_hold(&self, name: &str) -> bool {
        self.table || self.rows.iter().any(|row| row.is_empty() || row == name)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum ModelKind {
    /// A `## Fields` table.
    Struct(Vec<Field>),
    /// A `## Values` table.
    Enum(Enumeration),
    /// No table: the doc does not list what the value holds.
    Any,
}

/// One row of a `## Fields` table.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// The SDK property name from the Field column.
    pub name: String,
    pub name_span: Span,
    pub ty: TypeExpr,
    pub ty_span: Span,
    /// `:heavy_check_mark:` in the Required column.
    pub required: bool,
    pub description: Vec<Paragraph>,
    pub example: Option<String>,
    pub deprecated: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Enumeration {
    /// Unknown values are kept rather than rejected (`Open enum: use .of()`).
    pub open: bool,
    pub values: Vec<EnumValue>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct EnumValue {
    /// The constant name from the Name column.
    pub name: String,
    pub name_span: Span,
    pub value: String,
    /// The Value cell.
    pub span: Span,
    pub description: Vec<Paragraph>,
}

/// A paragraph of rich text from a description.
pub type Paragraph = Vec<Inline>;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Inline {
    Text(String),
    Code(String),
    Link { text: Vec<Inline>, url: String },
    LineBreak,
}

/// A type as written in a Type cell, before it is given meaning.
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
            TypeExpr::Named { span, .. }
            | TypeExpr::Array { span, .. }
            | TypeExpr::Link { span, .. } => span,
        }
    }
}
