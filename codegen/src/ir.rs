//! The intermediate representation: plain data read from the docs, before any Rust naming.
//!
//! It is the same for every docs dialect: each dialect's front end (see
//! [`crate::parse::dialect`]) reads its own Type cells, markers and escapes into the
//! [`Type`] and [`Presence`] of a field, so the passes after parsing never see a
//! dialect's names (`Optional`, `JsonNullable`, `str`, `Record`, ...).

use crate::source::{FileId, Span};

/// Every model of a spec, ordered by (group, name).
#[derive(Debug, Default)]
pub struct Spec {
    pub models: Vec<Model>,
    /// The type names of the docs' dialect, for suggestions when a Type cell names
    /// neither one of them nor a model.
    pub type_names: &'static [&'static str],
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
    /// A `## Values` table (or the code block some dialects write instead).
    Enum(Enumeration),
    /// A `## Supported Types` section: a value that is one of these types.
    Union(Vec<Member>),
    /// No table: the doc does not list what the value holds.
    Any,
}

/// One member of a union, from a `### ...` heading of `## Supported Types`.
#[derive(Debug, Clone, PartialEq)]
pub struct Member {
    pub ty: Type,
    /// The SDK's name for the member, where the dialect gives one (C#'s `CreateManual`
    /// names `Manual`).
    pub name: Option<String>,
    /// The heading.
    pub span: Span,
}

/// One row of a `## Fields` table.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// The SDK property name from the Field column.
    pub name: String,
    pub name_span: Span,
    /// The property name with the dialect's keyword escape undone (Java's `default_` is
    /// `default`): the base of the JSON key.
    pub property: String,
    pub ty: Type,
    pub ty_span: Span,
    /// Whether the key may be absent or `null`, from the Required column and the Type
    /// cell's wrapper together.
    pub presence: Presence,
    /// The catch-all row (`additionalProperties` in Java): a map of the object's extra
    /// keys, which travel at its top level.
    pub catch_all: bool,
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
    /// The constant name from the Name column; empty where the dialect gives none.
    pub name: String,
    pub name_span: Span,
    pub value: String,
    /// The docs write the value as a string literal (`"1"` in a TypeScript code block),
    /// so it is a string even when it looks like a number.
    pub quoted: bool,
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

/// Whether a field may be absent or null on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Presence {
    /// Always present, never null.
    Required,
    /// May be absent; never null.
    Optional,
    /// May be absent or null, and the two differ.
    Nullable,
    /// Always present, may be null.
    RequiredNullable,
}

/// The meaning of a Type cell, in no dialect's words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Type {
    String,
    I16,
    I32,
    I64,
    I128,
    /// A 32- or 64-bit float: read as 64 bits, which writes every 32-bit value back.
    F64,
    /// A JSON number whose kind the docs do not say (integer or not): kept as written.
    Number,
    Bool,
    /// An exact decimal number.
    Decimal,
    /// An integer of any size whose JSON may be a number or a string: which one travels,
    /// the docs hide (C#'s `BigInteger`, Go's `*big.Int`). Either is kept as it came.
    BigInteger,
    /// A decimal number of any precision whose JSON may be a number or a string: which one
    /// travels, the docs hide (C#'s `decimal`, Python's `Decimal`, Go's `*decimal.Big`).
    /// Either is kept as it came.
    BigDecimal,
    /// Any JSON value.
    Any,
    /// Date and time with offset.
    DateTime,
    /// Calendar date.
    Date,
    /// Date and time without offset.
    NaiveDateTime,
    /// Binary data, base64 in JSON.
    Bytes,
    /// The raw HTTP body of an operation envelope: kept in the struct, never JSON.
    Raw,
    List(Box<Type>),
    /// A JSON object with string keys.
    Map(Box<Type>),
    /// A list item or map value that may be `null`.
    Nullable(Box<Type>),
    /// Another model of the spec.
    Model(ModelRef),
    /// One of these types, listed in the Type cell itself (`A | B`, `Union[A, B]`).
    Union(Vec<Type>),
}

/// A reference to a model: by the target of a link to its doc, or by its title.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModelRef {
    /// The link's target, as written, and where it is.
    pub link: Option<(String, Span)>,
    /// The model's title as the cell writes it, without namespaces (`Pet` for
    /// `org.example.models.Pet` or `components.Pet`).
    pub name: String,
    /// Where the name is.
    pub span: Span,
    /// The folder a name without a link is qualified by (`operations` for TypeScript's
    /// `*operations.Input*`): it tells apart models of one title in different folders.
    pub namespace: Option<String>,
}

impl Type {
    /// Whether a raw HTTP body appears anywhere in the type.
    pub fn holds_raw(&self) -> bool {
        match self {
            Type::Raw => true,
            Type::List(inner) | Type::Map(inner) | Type::Nullable(inner) => inner.holds_raw(),
            Type::Union(members) => members.iter().any(Type::holds_raw),
            _ => false,
        }
    }
}
