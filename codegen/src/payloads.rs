//! Recorded payloads: JSON a real API sent (saved from curl or a browser), kept in the
//! spec folder as `payloads/<Model>.json` (or `payloads/<folder>/<Model>.json` when two
//! folders have a model of that title). A file holds one JSON document, or a JSON array
//! of them.
//!
//! Their keys are the strongest evidence of JSON keys after the config (see
//! [`crate::infer`]), and each payload becomes a round-trip test of its model in the
//! generated crate, like the docs' examples; one that does not fit is a warning pointing
//! at the key or value that does not fit.

use std::collections::HashMap;
use std::fmt;
use std::ops::Range;

use serde_json::value::RawValue;
use serde_json::Value;

use crate::diag::Diagnostic;
use crate::source::{FileId, SourceMap, Span, PAYLOADS_FOLDER};

/// One payload file, read.
#[derive(Debug)]
pub struct PayloadFile {
    pub file: FileId,
    /// The model it is of, as the path below `payloads/` names it (`Shipment`,
    /// `components/Shipment`).
    pub model: String,
    /// Every payload of the file, in file order.
    pub payloads: Vec<Recorded>,
}

/// One recorded JSON document.
#[derive(Debug)]
pub struct Recorded {
    pub value: Value,
    /// Where its text is in the file.
    pub range: Range<usize>,
}

/// One step into a JSON value: an object's key, or a list's index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    Key(String),
    Index(usize),
}

/// Why a value does not fit a type, and where in the value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Misfit {
    /// From the outermost value inwards.
    pub path: Vec<Step>,
    pub why: String,
}

impl Misfit {
    pub fn new(why: String) -> Misfit {
        Misfit { path: Vec::new(), why }
    }

    /// The same misfit, one step further out.
    pub fn within(mut self, step: Step) -> Misfit {
        self.path.insert(0, step);
        self
    }
}

/// The keys on the way, then why: `` `parcels`: `count`: expected an integer ``.
impl fmt::Display for Misfit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for step in &self.path {
            if let Step::Key(key) = step {
                write!(f, "`{key}`: ")?;
            }
        }
        f.write_str(&self.why)
    }
}

/// Reads the payload files `ids`. A file that is not JSON is an error at the place
/// serde_json stopped.
pub fn read_all(sources: &SourceMap, ids: &[FileId]) -> (Vec<PayloadFile>, Vec<Diagnostic>) {
    let mut files = Vec::with_capacity(ids.len());
    let mut errors = Vec::new();
    for &file in ids {
        let source = sources.get(file);
        let model = source
            .rel
            .strip_prefix(PAYLOADS_FOLDER)
            .and_then(|rest| rest.strip_prefix('/'))
            .and_then(|rest| rest.strip_suffix(".json"))
            .unwrap_or(&source.rel)
            .to_owned();
        match read(&source.text) {
            Ok(payloads) => files.push(PayloadFile { file, model, payloads }),
            Err(e) => {
                let offset = offset_of(&source.text, e.line(), e.column());
                errors.push(
                    Diagnostic::error(format!("recorded payload is not JSON: {e}"))
                        .at(Span::new(file, offset..offset), "here")
                        .note("expected one JSON document, or a JSON array of them"),
                );
            }
        }
    }
    (files, errors)
}

/// The payloads of one file's text: its document, or each item of a top-level array.
fn read(text: &str) -> Result<Vec<Recorded>, serde_json::Error> {
    let whole: &RawValue = serde_json::from_str(text)?;
    let raw = whole.get();
    let items: Vec<&RawValue> = if raw.starts_with('[') { serde_json::from_str(raw)? } else { vec![whole] };
    items
        .into_iter()
        .map(|item| {
            let start = offset_in(text, item.get());
            Ok(Recorded { value: serde_json::from_str(item.get())?, range: start..start + item.get().len() })
        })
        .collect()
}

/// Where the value at `path` starts in `text` (the text of one JSON value), if it is
/// there: a misfit names the key or value that does not fit.
pub fn locate(text: &str, path: &[Step]) -> Option<usize> {
    let mut slice = text;
    for step in path {
        slice = match step {
            Step::Key(key) => serde_json::from_str::<HashMap<String, &RawValue>>(slice).ok()?.get(key)?.get(),
            Step::Index(index) => serde_json::from_str::<Vec<&RawValue>>(slice).ok()?.get(*index)?.get(),
        };
    }
    Some(offset_in(text, slice))
}

/// The offset of `part`, a slice of `text`, in `text`.
fn offset_in(text: &str, part: &str) -> usize {
    (part.as_ptr() as usize).saturating_sub(text.as_ptr() as usize).min(text.len())
}

/// The byte offset of serde_json's 1-based line and column (a column of 0 is the line's
/// start).
fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let line_start: usize = text.split_inclusive('\n').take(line.saturating_sub(1)).map(str::len).sum();
    let rest = &text[line_start.min(text.len())..];
    let in_line: usize = rest.chars().take(column.saturating_sub(1)).map(char::len_utf8).sum();
    (line_start + in_line).min(text.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_holds_one_payload_or_a_list_of_them() {
        let one = read(r#" {"a": 1} "#).unwrap();
        assert_eq!(one.len(), 1);
        assert_eq!(one[0].range, 1..9);
        let many = read("[\n  {\"a\": 1},\n  {\"a\": 2}\n]\n").unwrap();
        assert_eq!(many.iter().map(|p| p.value["a"].as_i64().unwrap()).collect::<Vec<_>>(), [1, 2]);
        assert_eq!(many[1].range, 16..24);
        assert!(read("{\"a\": }").is_err());
    }

    #[test]
    fn misfits_are_located_by_their_path() {
        let text = r#"{"id": "x", "parcels": [{"count": 1}, {"count": "two"}]}"#;
        let path = [Step::Key("parcels".into()), Step::Index(1), Step::Key("count".into())];
        assert_eq!(&text[locate(text, &path).unwrap()..][..5], "\"two\"");
        assert_eq!(locate(text, &[Step::Key("nope".into())]), None);
        let misfit = Misfit::new("expected an integer".into())
            .within(Step::Key("count".into()))
            .within(Step::Index(1))
            .within(Step::Key("parcels".into()));
        assert_eq!(misfit.path, path);
        assert_eq!(misfit.to_string(), "`parcels`: `count`: expected an integer");
    }

    #[test]
    fn errors_point_at_serde_json_positions() {
        let text = "{\n  \"a\": tru\n}";
        assert_eq!(offset_of(text, 2, 8), 9);
        assert_eq!(offset_of(text, 1, 0), 0);
        assert_eq!(offset_of(text, 9, 9), text.len());
    }
}
