//! Example cells as tests. Every example whose field holds structure (an object, list,
//! map, enum, number, boolean, date or date-time) is checked here against the resolved
//! type. One that fits becomes a round-trip check in the generated crate's tests; one
//! that does not is reported as a warning with its file and line.

use serde_json::Value;

use crate::diag::Diagnostic;
use std::collections::HashMap;

use crate::payloads::{self, Misfit, PayloadFile, Step};
use crate::resolve::{Crate, Item, ItemKind, Module, Presence, StructField, Ty};
use crate::source::{SourceMap, Span};

/// One example that fits its field's type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExampleTest {
    /// The module and type name of the model the field belongs to.
    pub module: String,
    pub model: String,
    /// The type of the field's value (without `Option`).
    pub ty: Ty,
    /// The example as JSON text: the cell's own text when it is JSON (re-printing a
    /// parsed value would depend on serde_json's features), else a JSON string.
    pub json: String,
    /// `path/of/Doc.md:line`, relative to the spec folder.
    pub location: String,
    /// A recorded payload of the model (`payloads/<Model>.json`) rather than an Example
    /// cell of one of its fields.
    pub recorded: bool,
}

/// The examples that fit, in model and field order, each model's recorded payloads after
/// them, and a warning for each example or payload that does not fit.
pub fn collect(krate: &Crate, sources: &SourceMap) -> Collected {
    let checker = Checker { krate, sources };
    let mut out = Collected::default();
    // The payload files of each model, by the model's id.
    let mut recorded: HashMap<usize, Vec<&PayloadFile>> = HashMap::new();
    for &(id, file) in &krate.payloads {
        recorded.entry(id).or_default().push(file);
    }
    for module in &krate.modules {
        for item in &module.items {
            if let ItemKind::Struct(fields) = &item.kind {
                checker.field_examples(module, item, fields, &mut out);
            }
            for &file in recorded.get(&item.id).into_iter().flatten() {
                checker.payloads(module, item, file, &mut out);
            }
        }
    }
    out
}

/// What [`collect`] found.
#[derive(Debug, Default)]
pub struct Collected {
    pub tests: Vec<ExampleTest>,
    pub warnings: Vec<Diagnostic>,
    /// How many of the warnings are about recorded payloads.
    pub payloads_reported: usize,
}

struct Checker<'k> {
    krate: &'k Crate<'k>,
    sources: &'k SourceMap,
}

impl Checker<'_> {
    /// The tests and warnings of one struct's Example cells.
    fn field_examples(&self, module: &Module, item: &Item, fields: &[StructField], out: &mut Collected) {
        for field in fields {
            let Some(example) = field.example else { continue };
            if field.raw || !self.has_structure(&field.ty) {
                continue;
            }
            let (line, _) = self.sources.line_col(field.span.file, field.span.range.start);
            let location = format!("{}:{line}", self.sources.get(field.span.file).rel);
            match self.to_json(example, &field.ty) {
                Ok(json) => out.tests.push(ExampleTest {
                    module: module.name.clone(),
                    model: item.name.clone(),
                    ty: field.ty.clone(),
                    json,
                    location,
                    recorded: false,
                }),
                Err(why) => out.warnings.push(
                    Diagnostic::warning(format!("the example of `{}` does not fit its type: {why}", field.name))
                        .at(field.span.clone(), "the example on this row is not tested")
                        .note("fix the Example cell, or the Type cell if the example is right"),
                ),
            }
        }
    }

    /// The tests and warnings of one file of a model's recorded payloads. A payload that does not fit is reported at the key or value that does not.
    fn payloads(&self, module: &Module, item: &Item, file: &PayloadFile, out: &mut Collected) {
        let ty = Ty::Model { module: module.name.clone(), name: item.name.clone(), boxed: false, id: item.id };
        if !self.has_structure(&ty) {
            return;
        }
        let source = self.sources.get(file.file);
        for payload in &file.payloads {
            let json = &source.text[payload.range.clone()];
            match self.fits(&payload.value, &ty) {
                Ok(()) => {
                    let (line, _) = self.sources.line_col(file.file, payload.range.start);
                    out.tests.push(ExampleTest {
                        module: module.name.clone(),
                        model: item.name.clone(),
                        ty: ty.clone(),
                        json: json.to_owned(),
                        location: format!("{}:{line}", source.rel),
                        recorded: true,
                    });
                }
                Err(misfit) => {
                    out.payloads_reported += 1;
                    let at = payload.range.start + payloads::locate(json, &misfit.path).unwrap_or(0);
                    out.warnings.push(
                        Diagnostic::warning(format!("a recorded payload does not fit `{}`: {misfit}", item.title))
                            .at(Span::new(file.file, at..at + 1), "this does not fit the model")
                            .note("the payload is not tested; fix the docs or the config if the payload is right"),
                    );
                }
            }
        }
    }


    /// Whether examples of `ty` are tested: plain strings, bytes and free-form JSON
    /// accept anything their cell could hold, so they prove nothing.
    fn has_structure(&self, ty: &Ty) -> bool {
        match ty {
            Ty::String | Ty::Json | Ty::Bytes => false,
            Ty::Model { id, .. } => !matches!(self.krate.item(*id).kind, ItemKind::Any),
            _ => true,
        }
    }

    /// Reads an Example cell as JSON text of type `ty`, or says why it cannot be one.
    fn to_json(&self, example: &str, ty: &Ty) -> Result<String, String> {
        let text = example.trim();
        let (value, json) = match serde_json::from_str::<Value>(text) {
            Ok(value @ Value::String(_)) => (value, text.to_owned()),
            // Enum values, dates and date-times are written bare in the cell.
            _ if self.is_textual(ty) => {
                let value = Value::String(text.to_owned());
                let json = value.to_string();
                (value, json)
            }
            Ok(value) => (value, text.to_owned()),
            // A mixed enum's string values are written bare too; its integers are JSON.
            Err(_) if self.takes_bare_text(ty) => {
                let value = Value::String(text.to_owned());
                let json = value.to_string();
                (value, json)
            }
            Err(e) => return Err(format!("it is not JSON ({e})")),
        };
        self.fits(&value, ty).map_err(|misfit| misfit.to_string())?;
        Ok(json)
    }

    fn is_textual(&self, ty: &Ty) -> bool {
        match ty {
            Ty::Date | Ty::DateTime | Ty::NaiveDateTime => true,
            Ty::Model { id, .. } => matches!(&self.krate.item(*id).kind, ItemKind::Enum(e) if !e.integer && !e.mixed),
            _ => false,
        }
    }

    /// Whether an Example cell that is not JSON is a string of `ty`: a mixed enum's
    /// string values and a union's string members are written bare too.
    fn takes_bare_text(&self, ty: &Ty) -> bool {
        matches!(ty, Ty::Model { id, .. } if matches!(&self.krate.item(*id).kind, ItemKind::Enum(e) if e.mixed) || matches!(&self.krate.item(*id).kind, ItemKind::Union(_)))
    }

    /// Checks that `value` reads into `ty` and writes back the same.
    fn fits(&self, value: &Value, ty: &Ty) -> Result<(), Misfit> {
        let expect =
            |ok: bool, what: &str| if ok { Ok(()) } else { Err(Misfit::new(format!("expected {what}, found `{value}`"))) };
        match ty {
            Ty::String => expect(value.is_string(), "a string"),
            Ty::Bytes => expect(value.is_string(), "a base64 string"),
            Ty::Json => Ok(()),
            Ty::Bool => expect(value.is_boolean(), "`true` or `false`"),
            Ty::I16 => expect(value.as_i64().is_some_and(|v| i16::try_from(v).is_ok()), "a 16-bit integer"),
            Ty::I32 => expect(value.as_i64().is_some_and(|v| i32::try_from(v).is_ok()), "a 32-bit integer"),
            Ty::I64 => expect(value.is_i64(), "a 64-bit integer"),
            Ty::I128 => expect(value.is_i64() || value.is_u64(), "an integer"),
            Ty::F64 | Ty::Decimal | Ty::Number => expect(value.is_number(), "a number"),
            Ty::Date => expect(value.as_str().is_some_and(is_date), "a date such as `2024-05-31`"),
            Ty::DateTime => {
                expect(value.as_str().is_some_and(is_date_time), "a date-time with offset such as `2024-05-31T12:00:00Z`")
            }
            Ty::NaiveDateTime => {
                expect(value.as_str().is_some_and(is_naive_date_time), "a date-time such as `2024-05-31T12:00:00`")
            }
            Ty::List(inner) => {
                let Value::Array(items) = value else { return expect(false, "a list") };
                items.iter().enumerate().try_for_each(|(i, item)| self.fits(item, inner).map_err(|m| m.within(Step::Index(i))))
            }
            Ty::Nullable(_) if value.is_null() => Ok(()),
            Ty::Nullable(inner) => self.fits(value, inner),
            Ty::Map(inner) => {
                let Value::Object(entries) = value else { return expect(false, "an object") };
                entries.iter().try_for_each(|(key, item)| self.fits(item, inner).map_err(|m| m.within(Step::Key(key.clone()))))
            }
            Ty::Model { id, .. } => {
                let item = self.krate.item(*id);
                match &item.kind {
                    ItemKind::Any => Ok(()),
                    // The first member that reads the value takes it.
                    ItemKind::Union(variants) => {
                        if variants.iter().any(|variant| self.fits(value, &variant.ty).is_ok()) {
                            return Ok(());
                        }
                        let names: Vec<&str> = variants.iter().map(|v| v.ident.as_str()).collect();
                        Err(Misfit::new(format!("`{value}` is none of the members of `{}` (`{}`)", item.name, names.join("`, `"))))
                    }
                    ItemKind::Enum(e) => {
                        let wire = match value {
                            Value::String(s) if !e.integer => s.clone(),
                            Value::Number(n) if (e.integer || e.mixed) && n.is_i64() => n.to_string(),
                            _ if e.mixed => return expect(false, "an integer or a string"),
                            _ => return expect(false, if e.integer { "an integer" } else { "a string" }),
                        };
                        // Each value travels as its own JSON kind (`1`, not `"1"`).
                        let listed = e.variants.iter().any(|v| v.value == wire && v.number == value.is_number());
                        if e.open || listed {
                            Ok(())
                        } else {
                            Err(Misfit::new(format!("`{wire}` is not a value of `{}`", item.name)))
                        }
                    }
                    ItemKind::Struct(fields) => self.fits_struct(value, item, fields),
                }
            }
        }
    }

    fn fits_struct(&self, value: &Value, item: &Item, fields: &[StructField]) -> Result<(), Misfit> {
        let Value::Object(object) = value else {
            return Err(Misfit::new(format!("expected an object for `{}`, found `{value}`", item.name)));
        };
        let keyed = || fields.iter().filter(|f| !f.raw && !f.flatten);
        for field in keyed() {
            match (object.get(&field.key), field.presence) {
                (None, Presence::Required | Presence::RequiredNullable) => {
                    return Err(Misfit::new(format!("`{}` lacks the required key `{}`", item.name, field.key)));
                }
                (None, _) => {}
                (Some(Value::Null), Presence::Nullable | Presence::RequiredNullable) => {}
                (Some(Value::Null), _) => {
                    let misfit = Misfit::new(format!("may not be null in `{}`", item.name));
                    return Err(misfit.within(Step::Key(field.key.clone())));
                }
                (Some(inner), _) => self.fits(inner, &field.ty).map_err(|m| m.within(Step::Key(field.key.clone())))?,
            }
        }
        // Keys no field names go to the catch-all map, if the model has one.
        let extra = fields.iter().find(|f| f.flatten);
        for (key, inner) in object.iter().filter(|(key, _)| !keyed().any(|f| f.key == **key)) {
            match extra {
                Some(StructField { ty: Ty::Map(value_ty), .. }) => {
                    self.fits(inner, value_ty).map_err(|m| m.within(Step::Key(key.clone())))?;
                }
                _ => {
                    let misfit = Misfit::new(format!("`{}` has no field with this key", item.name));
                    return Err(misfit.within(Step::Key(key.clone())));
                }
            }
        }
        Ok(())
    }
}

fn digits(text: &str, range: std::ops::Range<usize>) -> Option<u32> {
    let part = text.get(range)?;
    if part.bytes().all(|b| b.is_ascii_digit()) { part.parse().ok() } else { None }
}

/// `YYYY-MM-DD` with a real month and day.
fn is_date(text: &str) -> bool {
    let (Some(year), Some(month), Some(day)) = (digits(text, 0..4), digits(text, 5..7), digits(text, 8..10)) else {
        return false;
    };
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        1..=12 => 31,
        _ => return false,
    };
    text.len() == 10 && &text[4..5] == "-" && &text[7..8] == "-" && (1..=days).contains(&day)
}

/// `YYYY-MM-DDTHH:MM:SS` with an optional fraction; returns the rest.
fn naive_date_time(text: &str) -> Option<&str> {
    if !is_date(text.get(..10)?) || !matches!(text.get(10..11)?, "T" | "t" | " ") {
        return None;
    }
    let (hour, minute, second) = (digits(text, 11..13)?, digits(text, 14..16)?, digits(text, 17..19)?);
    if &text[13..14] != ":" || &text[16..17] != ":" || hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    let mut rest = &text[19..];
    if let Some(fraction) = rest.strip_prefix('.') {
        let len = fraction.bytes().take_while(u8::is_ascii_digit).count();
        if len == 0 {
            return None;
        }
        rest = &fraction[len..];
    }
    Some(rest)
}

fn is_naive_date_time(text: &str) -> bool {
    naive_date_time(text) == Some("")
}

/// RFC 3339: a date-time with `Z` or a `±HH:MM` offset.
fn is_date_time(text: &str) -> bool {
    match naive_date_time(text) {
        Some("Z" | "z") => true,
        Some(offset) => {
            // Bytes, not string slices: a non-ASCII character must not split a slice.
            let bytes = offset.as_bytes();
            bytes.len() == 6
                && matches!(bytes[0], b'+' | b'-')
                && bytes[3] == b':'
                && digits(offset, 1..3).is_some_and(|h| h < 24)
                && digits(offset, 4..6).is_some_and(|m| m < 60)
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_checked_like_chrono_reads_them() {
        assert!(is_date("2024-02-29"));
        assert!(!is_date("2023-02-29"));
        assert!(!is_date("2024-13-01"));
        assert!(is_date_time("2024-10-17T14:30:00Z"));
        assert!(is_date_time("2025-01-22T14:30:00-08:00"));
        // Non-ASCII where the offset's signs and colon go: not a date-time, and no panic.
        assert!(!is_date_time("2024-05-31T12:00:00é1:00"));
        assert!(!is_date_time("2024-05-31T12:00:00+1é00"));
        assert!(is_date_time("2025-01-22T14:30:00.123+01:00"));
        assert!(!is_date_time("2025-01-22T14:30:00"));
        assert!(!is_date_time("2025-01-22"));
        assert!(is_naive_date_time("2025-01-22T14:30:00"));
        assert!(!is_naive_date_time("2025-01-22T14:30"));
    }
}
