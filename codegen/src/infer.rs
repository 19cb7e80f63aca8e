//! JSON key inference. The Field column holds the SDK's property name; the JSON key is
//! often something else. The docs hold evidence, used in this order (first wins):
//!
//! 1. **config**: a key set for the field, or a `wire-case` set for the model;
//! 2. **payload**: the key seen for this field in a recorded payload (of its model, or of
//!    a model holding it, at any depth);
//! 3. **example**: the key seen for this field in a JSON example of some other field
//!    whose type is (or holds) this model, at any depth, in lists and maps too;
//! 4. **hal**: `links` / `embedded` of a HAL-style model travel as `_links` / `_embedded`
//!    (the model describes `links` as hypermedia, or has both fields);
//! 5. **model**: the convention the model's own evidence shows: keys seen in JSON
//!    (payloads, examples, JSON written in descriptions), else its field names written in
//!    its descriptions (`...share the same groupId`); a single such name decides only
//!    where no JSON-backed convention reaches the model from its neighbours;
//! 6. **propagated**: the convention of the nearest models with evidence, following
//!    references between models in both directions;
//! 7. **default**: `--wire-case`, else the config's `wire-case`, else the convention most
//!    models with evidence show, else the names as written.
//!
//! Names are property names: the front end has undone the dialect's keyword escapes
//! (Java's `default_` is `default`), which keys never have.

use std::borrow::Cow;
use std::collections::{BTreeMap, VecDeque};
use std::fmt;
use std::rc::Rc;

use serde_json::Value;

use crate::config::WireCase;

/// What a field's value is, as far as walking JSON examples is concerned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A value without keys of its own (string, number, enum, any JSON).
    Leaf,
    /// A model, by index.
    Model(usize),
    List(Box<Target>),
    Map(Box<Target>),
}

impl Target {
    fn models(&self, out: &mut Vec<usize>) {
        match self {
            Target::Leaf => {}
            Target::Model(index) => out.push(*index),
            Target::List(inner) | Target::Map(inner) => inner.models(out),
        }
    }
}

/// What inference needs to know of one model.
#[derive(Debug, Default)]
pub struct ModelFacts<'a> {
    pub title: &'a str,
    /// Recorded payloads of the model.
    pub payloads: Vec<&'a Value>,
    /// Plain text of the model's description.
    pub description: String,
    pub fields: Vec<FieldFacts<'a>>,
    /// `wire-case` set for this model in the config.
    pub config_case: Option<WireCase>,
    /// Keys set for single fields in the config, by Field-column name.
    pub config_keys: BTreeMap<&'a str, &'a str>,
}

#[derive(Debug)]
pub struct FieldFacts<'a> {
    /// The Field-column name.
    pub name: &'a str,
    /// The case forms of `name`. Shared: the caller computes them once per distinct
    /// name, as it needs them too.
    pub forms: Rc<Forms>,
    pub target: Target,
    pub example: Option<&'a str>,
    /// Plain text of the field's description.
    pub description: String,
}

/// Where a key came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Source {
    Config,
    Payload,
    Example,
    Hal,
    Model,
    Propagated,
    Default,
}

impl Source {
    pub const ALL: [Source; 7] =
        [Source::Config, Source::Payload, Source::Example, Source::Hal, Source::Model, Source::Propagated, Source::Default];

    pub fn as_str(self) -> &'static str {
        match self {
            Source::Config => "config",
            Source::Payload => "payload",
            Source::Example => "example",
            Source::Hal => "hal",
            Source::Model => "model",
            Source::Propagated => "propagated",
            Source::Default => "default",
        }
    }
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The key chosen for one field, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyChoice {
    pub key: String,
    pub source: Source,
    /// A short explanation for the report.
    pub detail: String,
}

/// A model's convention and the evidence behind it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Convention {
    case: WireCase,
    /// Shown by a single name in prose: decides only where nothing stronger reaches.
    weak: bool,
    why: String,
}

/// Chooses the JSON key of every field of every model. `flag` is `--wire-case`,
/// `config_default` the config file's `wire-case`.
pub fn infer_keys(models: &[ModelFacts], flag: Option<WireCase>, config_default: Option<WireCase>) -> Vec<Vec<KeyChoice>> {
    let mut seen: Vec<BTreeMap<usize, (String, Source)>> = vec![BTreeMap::new(); models.len()];
    let mut votes: Vec<Votes> = vec![Votes::default(); models.len()];
    // Payloads first: the first key seen for a field wins.
    let mut walker = Walker { models, seen: &mut seen, votes: &mut votes, source: Source::Payload };
    for (index, model) in models.iter().enumerate() {
        for value in &model.payloads {
            walker.walk(&Target::Model(index), value);
        }
    }
    walker.source = Source::Example;
    for (index, model) in models.iter().enumerate() {
        // JSON written in a model's description is an example of the model.
        for value in json_in_text(&model.description) {
            walker.walk(&Target::Model(index), &value);
        }
        for field in &model.fields {
            // Only examples that can hold keys are worth parsing.
            if field.target == Target::Leaf {
                continue;
            }
            if let Some(Ok(value)) = field.example.map(serde_json::from_str::<Value>) {
                walker.walk(&field.target, &value);
            }
            for value in json_in_text(&field.description) {
                walker.walk(&field.target, &value);
            }
        }
    }

    // Each model's own evidence, weighed: keys seen in JSON decide; failing those, field
    // names written in prose. A single name in prose is weak evidence: it decides a model
    // only where no stronger evidence reaches it from its neighbours.
    let prose: Vec<Votes> = models.iter().map(mention_votes).collect();
    let own: Vec<Option<Convention>> = votes
        .iter()
        .zip(&prose)
        .map(|(json, prose)| {
            json.decide()
                .map(|case| Convention { case, weak: false, why: format!("keys seen in JSON ({json})") })
                .or_else(|| {
                    prose.decide().map(|case| Convention {
                        case,
                        weak: prose.decide_from_prose().is_none(),
                        why: format!("field names written in its descriptions ({prose})"),
                    })
                })
        })
        .collect();
    let strong: Vec<Option<Convention>> = own.iter().map(|c| c.clone().filter(|c| !c.weak)).collect();
    let propagated_strong = propagate(models, &strong);
    let propagated = propagate(models, &own);

    let default = flag.or(config_default).map(|case| (case, if flag.is_some() { "--wire-case" } else { "config wire-case" }.to_owned())).unwrap_or_else(|| {
        let mut counts = BTreeMap::new();
        for convention in own.iter().flatten() {
            *counts.entry(case_rank(convention.case)).or_insert(0usize) += 1;
        }
        match counts.iter().max_by_key(|(rank, count)| (**count, std::cmp::Reverse(**rank))) {
            Some((rank, count)) => (case_from_rank(*rank), format!("the convention of most models with evidence ({count})")),
            None => (WireCase::AsWritten, "no evidence in the spec: names as written".to_owned()),
        }
    });
    let default_detail = format!("{} ({})", case_name(default.0), default.1);

    models
        .iter()
        .enumerate()
        .map(|(index, model)| {
            // The convention for the model's fields without evidence of their own, with
            // its explanation: written once per model, copied to each field.
            let (case, source, detail) = if let Some(case) = model.config_case {
                (case, Source::Config, format!("{} set for the model in codegen.toml", case_name(case)))
            } else if let Some(convention) = &strong[index] {
                (convention.case, Source::Model, format!("{}: {}", case_name(convention.case), convention.why))
            } else if let Some((case, from)) = propagated_strong[index] {
                let from = models[from].title;
                let outweighed = match &own[index] {
                    Some(weak) => format!("; outweighs one name in its descriptions ({})", case_name(weak.case)),
                    None => String::new(),
                };
                (case, Source::Propagated, format!("{} of `{from}`, the nearest model with evidence{outweighed}", case_name(case)))
            } else if let Some(convention) = &own[index] {
                (convention.case, Source::Model, format!("{}: {}", case_name(convention.case), convention.why))
            } else if let Some((case, from)) = propagated[index] {
                let from = models[from].title;
                (case, Source::Propagated, format!("{} of `{from}`, the nearest model with evidence", case_name(case)))
            } else {
                (default.0, Source::Default, default_detail.clone())
            };
            // What the model's own evidence showed but did not decide, for the report.
            let detail = match weighed(&votes[index], &prose[index], source == Source::Model) {
                Some(weighed) => format!("{detail}; {weighed}"),
                None => detail,
            };
            let hal = is_hal(model);
            model
                .fields
                .iter()
                .enumerate()
                .map(|(position, field)| {
                    let name = &field.forms.name;
                    if let Some(key) = model.config_keys.get(field.name) {
                        return choice(key.to_string(), Source::Config, "key set in codegen.toml");
                    }
                    // A case set for the model in the config wins over evidence.
                    if model.config_case.is_none() {
                        match seen[index].get(&position) {
                            Some((key, Source::Payload)) => return choice(key.clone(), Source::Payload, "seen in a recorded payload"),
                            Some((key, _)) => return choice(key.clone(), Source::Example, "seen in a JSON example"),
                            None => {}
                        }
                        if hal && matches!(name.as_str(), "links" | "embedded") {
                            return choice(format!("_{name}"), Source::Hal, "HAL hypermedia field");
                        }
                    }
                    KeyChoice { key: field.forms.key(case).to_owned(), source, detail: detail.clone() }
                })
                .collect()
        })
        .collect()
}

fn choice(key: String, source: Source, detail: &str) -> KeyChoice {
    KeyChoice { key, source, detail: detail.to_owned() }
}

/// The forms of one property name. Converting case is the costliest step of key
/// inference and field naming, and names recur across models (`id`, `createdAt`), so
/// callers compute these once per distinct name and share them.
#[derive(Debug)]
pub struct Forms {
    /// The name without a Java keyword escape.
    pub name: String,
    pub snake: String,
    pub camel: String,
}

impl Forms {
    /// The forms of a property name (a Field-column name with the dialect's keyword
    /// escape undone).
    pub fn of(property: &str) -> Forms {
        let words = plural_initialisms(property);
        Forms { snake: crate::case::snake(&words), camel: crate::case::lower_camel(&words), name: property.to_owned() }
    }

    fn matches(&self, key: &str) -> bool {
        key == self.name || key == self.snake || key == self.camel
    }

    /// The key of this name under a convention.
    fn key(&self, case: WireCase) -> &str {
        match case {
            WireCase::AsWritten => &self.name,
            WireCase::SnakeCase => &self.snake,
            WireCase::CamelCase => &self.camel,
        }
    }

    /// The distinct forms, each once.
    fn distinct(&self) -> impl Iterator<Item = &str> {
        let snake = (self.snake != self.name).then_some(self.snake.as_str());
        let camel = (self.camel != self.name && self.camel != self.snake).then_some(self.camel.as_str());
        std::iter::once(self.name.as_str()).chain(snake).chain(camel)
    }

    /// Whether the name is written differently in different conventions, so that the
    /// form a text uses for it shows a convention.
    fn tells_apart(&self) -> bool {
        self.snake != self.name || self.camel != self.name
    }
}

/// `name` with each plural initialism written as a word (`PlaybackIDs` as `PlaybackIds`),
/// so that the case conversions read it as one: a run of two or more capitals followed
/// by a lone `s` (at the end, or before a capital, digit or separator). heck ends a run
/// of capitals before its last one when a lowercase letter follows (`HTTPStatus` is
/// `HTTP` `Status`): right where a word starts there, wrong for a plural `s` (`IDs`
/// would be `I` `Ds`: `playbackIDs`, `playback_i_ds`). The runs heck reads right are
/// left alone: `URL` is `url`, `APIKeyID` is `apiKeyId`, `HTTPStatus` is `httpStatus`.
fn plural_initialisms(name: &str) -> Cow<'_, str> {
    let bytes = name.as_bytes();
    let mut out = String::new();
    // How much of `name` is in `out`.
    let mut copied = 0;
    let mut at = 0;
    while at < bytes.len() {
        // Capitals are ASCII, so a run starts and ends on character boundaries.
        let run = bytes[at..].iter().take_while(|b| b.is_ascii_uppercase()).count();
        if run == 0 {
            at += 1;
            continue;
        }
        let end = at + run;
        if run >= 2 && bytes.get(end) == Some(&b's') && !bytes.get(end + 1).is_some_and(u8::is_ascii_lowercase) {
            out.push_str(&name[copied..=at]);
            out.push_str(&name[at + 1..end].to_ascii_lowercase());
            copied = end;
        }
        at = end;
    }
    if copied == 0 {
        return Cow::Borrowed(name);
    }
    out.push_str(&name[copied..]);
    Cow::Owned(out)
}

/// Votes for conventions from keys whose form tells them apart.
#[derive(Debug, Clone, Default)]
struct Votes {
    as_written: usize,
    snake: usize,
    camel: usize,
}

impl Votes {
    fn total(&self) -> usize {
        self.as_written + self.snake + self.camel
    }

    /// The convention that names written in prose show: a clear majority of at least
    /// two names, so one stray mention (`use document_category`) decides nothing.
    fn decide_from_prose(&self) -> Option<WireCase> {
        let case = self.decide()?;
        let count = match case {
            WireCase::AsWritten => self.as_written,
            WireCase::SnakeCase => self.snake,
            WireCase::CamelCase => self.camel,
        };
        (count >= 2).then_some(case)
    }

    /// The convention the votes show: a clear majority (at least two thirds).
    fn decide(&self) -> Option<WireCase> {
        let total = self.as_written + self.snake + self.camel;
        let (best, case) = [(self.as_written, WireCase::AsWritten), (self.snake, WireCase::SnakeCase), (self.camel, WireCase::CamelCase)]
            .into_iter()
            .max_by_key(|(count, case)| (*count, std::cmp::Reverse(case_rank(*case))))?;
        (best > 0 && best * 3 >= total * 2).then_some(case)
    }

    /// Records that a name with these forms was written as `key`. Only names whose
    /// forms differ tell conventions apart.
    fn record(&mut self, forms: &Forms, key: &str) {
        // A PascalCase word (`Url` sent as `url`) is snake_case and camelCase alike: its
        // key only shows that the name is not sent as written, which is no convention.
        if forms.snake == forms.camel && key == forms.snake {
            return;
        }
        // A name already in a convention's form and sent as written (`createdAt`,
        // `created_at`) shows that convention: it and "as written" differ only on the
        // names it changes (`fpSDK`, sent as `fpSdk`), which is where the model's
        // convention decides. Only a key that is the name and no convention's form
        // (`CreatedAt`, `fpSDK`) shows the names as written.
        if key == forms.camel {
            self.camel += 1;
        } else if key == forms.snake {
            self.snake += 1;
        } else if key == forms.name {
            self.as_written += 1;
        }
    }
}

impl fmt::Display for Votes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let parts: Vec<String> = [(self.as_written, "as written"), (self.snake, "snake_case"), (self.camel, "camelCase")]
            .iter()
            .filter(|(n, _)| *n > 0)
            .map(|(n, what)| format!("{n} {what}"))
            .collect();
        f.write_str(&parts.join(", "))
    }
}

/// The evidence of a model that did not decide its convention, for the key report:
/// JSON keys without a clear majority, and names in prose when JSON (or too few names)
/// left them unused. `decided` says the model's own evidence did decide.
fn weighed(json: &Votes, prose: &Votes, decided: bool) -> Option<String> {
    let mut parts = Vec::new();
    if json.total() > 0 && json.decide().is_none() {
        parts.push(format!("keys seen in JSON without a clear majority ({json})"));
    }
    let prose_used = json.decide().is_none() && prose.decide().is_some() && decided;
    if prose.total() > 0 && !prose_used {
        let why = if json.decide().is_some() { "outweighed by JSON" } else { "not decisive" };
        parts.push(format!("names in descriptions {why} ({prose})"));
    }
    (!parts.is_empty()).then(|| format!("weighed: {}", parts.join("; ")))
}

/// JSON objects and arrays written inside prose (`example: {"ap.io.messages": true}`),
/// in text order. Text that merely starts like JSON is skipped.
fn json_in_text(text: &str) -> Vec<Value> {
    let mut found = Vec::new();
    let mut at = 0;
    while let Some(offset) = text[at..].find(['{', '[']) {
        let start = at + offset;
        let mut values = serde_json::Deserializer::from_str(&text[start..]).into_iter::<Value>();
        match values.next() {
            Some(Ok(value)) if value.is_object() || value.as_array().is_some_and(|a| a.iter().any(Value::is_object)) => {
                at = start + values.byte_offset();
                found.push(value);
            }
            _ => at = start + 1,
        }
    }
    found
}

/// Walks JSON examples, recording the key each field was seen under and voting for
/// its model's convention.
struct Walker<'w, 'a> {
    models: &'w [ModelFacts<'a>],
    seen: &'w mut [BTreeMap<usize, (String, Source)>],
    votes: &'w mut [Votes],
    /// What the JSON being walked is: a recorded payload or an example.
    source: Source,
}

impl Walker<'_, '_> {
    /// Walks an example of a value of type `target`.
    fn walk(&mut self, target: &Target, value: &Value) {
        match (target, value) {
            (Target::Model(index), Value::Object(object)) => {
                let fields = &self.models[*index].fields;
                // Sorted, so the result never depends on serde_json's map features.
                let mut entries: Vec<_> = object.iter().collect();
                entries.sort_by(|a, b| a.0.cmp(b.0));
                for (key, inner) in entries {
                    // An exact match first: `name` and `Name` may both be fields.
                    let Some(position) = fields
                        .iter()
                        .position(|f| f.forms.name == *key)
                        .or_else(|| fields.iter().position(|f| f.forms.matches(key)))
                    else {
                        continue;
                    };
                    let source = self.source;
                    self.seen[*index].entry(position).or_insert_with(|| (key.clone(), source));
                    self.votes[*index].record(&fields[position].forms, key);
                    self.walk(&fields[position].target, inner);
                }
            }
            (Target::List(inner), Value::Array(items)) => {
                for item in items {
                    self.walk(inner, item);
                }
            }
            (Target::Map(inner), Value::Object(object)) => {
                for item in object.values() {
                    self.walk(inner, item);
                }
            }
            _ => {}
        }
    }
}

/// Votes from descriptions that write a field's name in one form (`extensionGroupId`,
/// `extension_group_id`); only names whose forms differ count.
fn mention_votes(model: &ModelFacts) -> Votes {
    let mut votes = Votes::default();
    // Each form with the field it names, sorted so that a word of the texts is a binary
    // search (a model has a few dozen forms, so no hashing); and the lengths of the
    // forms, so that most words (`the`, `of`) are not searched for at all.
    let mut named: Vec<(&str, &Forms)> = Vec::new();
    let mut lengths = Lengths::default();
    // A name of one word (`Type`, `URL`) differs between conventions only in its
    // capitals, which prose sets for reasons of its own (a sentence's first word, an
    // initialism): only names of several words count.
    for forms in model.fields.iter().map(|f| &*f.forms).filter(|f| f.tells_apart() && f.snake != f.camel) {
        for form in forms.distinct() {
            named.push((form, forms));
            lengths.insert(form.len());
        }
    }
    if named.is_empty() {
        return votes;
    }
    named.sort_unstable_by(|a, b| a.0.cmp(b.0));
    let texts = std::iter::once(model.description.as_str()).chain(model.fields.iter().map(|f| f.description.as_str()));
    for text in texts {
        for word in words(text) {
            if word.len() < 2 || !lengths.contains(word.len()) {
                continue;
            }
            let first = named.partition_point(|(form, _)| *form < word);
            for (_, forms) in named[first..].iter().take_while(|(form, _)| *form == word) {
                votes.record(forms, word);
            }
        }
    }
    votes
}

/// The words of `text`: runs of ASCII letters, digits and `_`. Every other character
/// separates words, so the text is scanned as bytes (each byte of a non-ASCII character
/// is a separator too), and every word is a run of ASCII bytes, safe to slice.
fn words(text: &str) -> impl Iterator<Item = &str> {
    let is_word = |b: &u8| WORD_BYTES[usize::from(*b)];
    let bytes = text.as_bytes();
    let mut at = 0;
    std::iter::from_fn(move || {
        let start = at + bytes[at..].iter().position(is_word)?;
        let end = bytes[start..].iter().position(|b| !is_word(b)).map_or(bytes.len(), |len| start + len);
        at = end;
        Some(&text[start..end])
    })
}

/// Which bytes words are made of. A table: every byte of every description is looked
/// up, and one load is cheaper than the three range checks of `is_ascii_alphanumeric`.
static WORD_BYTES: [bool; 256] = {
    let mut table = [false; 256];
    let mut byte = 0;
    while byte < 256 {
        table[byte] = (byte as u8).is_ascii_alphanumeric() || byte as u8 == b'_';
        byte += 1;
    }
    table
};

/// A set of string lengths: a bit for each length below 63, and one for all others.
#[derive(Debug, Default, Clone, Copy)]
struct Lengths(u64);

impl Lengths {
    fn bit(len: usize) -> u64 {
        1 << len.min(63)
    }

    fn insert(&mut self, len: usize) {
        self.0 |= Self::bit(len);
    }

    fn contains(self, len: usize) -> bool {
        self.0 & Self::bit(len) != 0
    }
}

/// A model in the HAL style: `links` described as hypermedia, or `links` with `embedded`.
fn is_hal(model: &ModelFacts) -> bool {
    let field = |name: &str| model.fields.iter().find(|f| f.forms.name == name);
    let hypermedia = field("links").is_some_and(|f| {
        let text = f.description.to_ascii_lowercase();
        text.contains("hypermedia") || text.contains("hateoas") || text.contains("hal ")
    });
    hypermedia || (field("links").is_some() && field("embedded").is_some())
}

/// For each model without a convention of its own, the convention of the nearest
/// models that have one (when they agree), following references in both directions,
/// and the first of those models.
fn propagate(models: &[ModelFacts], own: &[Option<Convention>]) -> Vec<Option<(WireCase, usize)>> {
    let mut neighbours: Vec<Vec<usize>> = vec![Vec::new(); models.len()];
    for (index, model) in models.iter().enumerate() {
        let mut refs = Vec::new();
        for field in &model.fields {
            field.target.models(&mut refs);
        }
        for target in refs {
            if target != index {
                neighbours[index].push(target);
                neighbours[target].push(index);
            }
        }
    }
    for list in &mut neighbours {
        list.sort_unstable();
        list.dedup();
    }

    // Multi-source breadth-first search: every model learns its distance to the nearest
    // models with evidence, and which conventions those show.
    let mut distance = vec![usize::MAX; models.len()];
    // How many sources of each convention (by `case_rank`) a model was reached from.
    let mut reached: Vec<[usize; 3]> = vec![[0; 3]; models.len()];
    let mut first_source: Vec<Option<usize>> = vec![None; models.len()];
    let mut queue = VecDeque::new();
    for (index, convention) in own.iter().enumerate() {
        if let Some(convention) = convention {
            distance[index] = 0;
            reached[index][usize::from(case_rank(convention.case))] = 1;
            first_source[index] = Some(index);
            queue.push_back(index);
        }
    }
    while let Some(node) = queue.pop_front() {
        for &next in &neighbours[node] {
            if distance[next] < distance[node] + 1 {
                continue;
            }
            if distance[next] == usize::MAX {
                distance[next] = distance[node] + 1;
                queue.push_back(next);
            }
            let from = reached[node];
            for (count, more) in reached[next].iter_mut().zip(from) {
                *count += more;
            }
            if first_source[next].is_none() {
                first_source[next] = first_source[node];
            }
        }
    }
    (0..models.len())
        .map(|index| {
            let mut conventions = (0u8..).zip(reached[index]).filter(|&(_, count)| count > 0);
            let (Some((rank, _)), None) = (conventions.next(), conventions.next()) else { return None };
            if own[index].is_some() {
                return None;
            }
            let source = first_source[index]?;
            Some((case_from_rank(rank), source))
        })
        .collect()
}

fn case_rank(case: WireCase) -> u8 {
    match case {
        WireCase::AsWritten => 0,
        WireCase::SnakeCase => 1,
        WireCase::CamelCase => 2,
    }
}

fn case_from_rank(rank: u8) -> WireCase {
    match rank {
        1 => WireCase::SnakeCase,
        2 => WireCase::CamelCase,
        _ => WireCase::AsWritten,
    }
}

fn case_name(case: WireCase) -> &'static str {
    match case {
        WireCase::AsWritten => "as written",
        WireCase::SnakeCase => "snake_case",
        WireCase::CamelCase => "camelCase",
    }
}


#[cfg(test)]
mod tests {
    use super::*;

    fn field<'a>(name: &'a str, target: Target, example: Option<&'a str>) -> FieldFacts<'a> {
        FieldFacts { name, forms: Rc::new(Forms::of(name)), target, example, description: String::new() }
    }

    fn described<'a>(name: &'a str, description: &str) -> FieldFacts<'a> {
        FieldFacts { description: description.to_owned(), ..field(name, Target::Leaf, None) }
    }

    fn keys(choices: &[KeyChoice]) -> Vec<(&str, Source)> {
        choices.iter().map(|c| (c.key.as_str(), c.source)).collect()
    }

    /// 0: Holder has an example of 1 (Token) nested into 2 (Scope) through a list.
    /// 3 (Grant) references 1 and has no evidence; 4 (Lonely) is unconnected.
    fn spec<'a>() -> Vec<ModelFacts<'a>> {
        vec![
            ModelFacts {
                title: "Holder",
                fields: vec![field(
                    "token",
                    Target::Model(1),
                    Some(r#"{"access_token": "x", "scopes": [{"scope_name": "read"}]}"#),
                )],
                ..Default::default()
            },
            ModelFacts {
                title: "Token",
                fields: vec![
                    field("accessToken", Target::Leaf, None),
                    field("expiresIn", Target::Leaf, None),
                    field("scopes", Target::List(Box::new(Target::Model(2))), None),
                ],
                ..Default::default()
            },
            ModelFacts { title: "Scope", fields: vec![field("scopeName", Target::Leaf, None)], ..Default::default() },
            ModelFacts {
                title: "Grant",
                fields: vec![field("grantType", Target::Leaf, None), field("token", Target::Model(1), None)],
                ..Default::default()
            },
            ModelFacts { title: "Lonely", fields: vec![field("someName", Target::Leaf, None), field("default", Target::Leaf, None)], ..Default::default() },
        ]
    }

    #[test]
    fn evidence_flows_from_examples_to_models_and_neighbours() {
        let choices = infer_keys(&spec(), None, None);
        assert_eq!(keys(&choices[1]), [("access_token", Source::Example), ("expires_in", Source::Model), ("scopes", Source::Example)]);
        assert_eq!(keys(&choices[2]), [("scope_name", Source::Example)]);
        assert_eq!(keys(&choices[3]), [("grant_type", Source::Propagated), ("token", Source::Propagated)]);
        // No flag and no config: the majority of evidence (snake_case) is the default.
        assert_eq!(keys(&choices[4]), [("some_name", Source::Default), ("default", Source::Default)]);
        assert!(choices[4][0].detail.contains("most models with evidence"), "{}", choices[4][0].detail);
    }

    #[test]
    fn config_wins_and_the_flag_sets_the_fallback() {
        let mut models = spec();
        models[1].config_keys.insert("expiresIn", "ttl");
        models[2].config_case = Some(WireCase::CamelCase);
        let choices = infer_keys(&models, Some(WireCase::AsWritten), Some(WireCase::SnakeCase));
        assert_eq!(choices[1][1].key, "ttl");
        assert_eq!(choices[1][1].source, Source::Config);
        assert_eq!(keys(&choices[2]), [("scopeName", Source::Config)]);
        assert_eq!(keys(&choices[4]), [("someName", Source::Default), ("default", Source::Default)]);
        let choices = infer_keys(&models, None, Some(WireCase::CamelCase));
        assert_eq!(choices[4][0].key, "someName");
        assert!(choices[4][0].detail.contains("config"));
    }

    #[test]
    fn descriptions_and_hal_are_evidence() {
        let mut models = vec![ModelFacts {
            title: "Ext",
            fields: vec![
                described("groupId", "Shared by every tab with the same groupId."),
                field("actionName", Target::Leaf, None),
                described("links", "Hypermedia controls (HATEOAS)."),
            ],
            ..Default::default()
        }];
        let choices = infer_keys(&models, Some(WireCase::SnakeCase), None);
        assert_eq!(keys(&choices[0]), [("groupId", Source::Model), ("actionName", Source::Model), ("_links", Source::Hal)]);
        models[0].fields[2].description.clear();
        let choices = infer_keys(&models, Some(WireCase::SnakeCase), None);
        assert_eq!(choices[0][2].key, "links");
    }

    #[test]
    fn one_stray_mention_does_not_outweigh_json_around_it() {
        // `Doc` mentions `document_category` once; its neighbour `Holder` shows camelCase
        // keys in JSON, which win: for `Doc` and for `Leaf` beyond it.
        let models = vec![
            ModelFacts {
                title: "Holder",
                fields: vec![field("doc", Target::Model(1), Some(r#"{"documentCategory": "a", "pageCount": 2}"#))],
                ..Default::default()
            },
            ModelFacts {
                title: "Doc",
                fields: vec![
                    described("documentCategory", "Filter with document_category."),
                    field("pageCount", Target::Leaf, None),
                    field("ownerName", Target::Leaf, None),
                    field("leaf", Target::Model(2), None),
                ],
                ..Default::default()
            },
            ModelFacts { title: "Leaf", fields: vec![field("leafName", Target::Leaf, None)], ..Default::default() },
        ];
        let choices = infer_keys(&models, Some(WireCase::SnakeCase), None);
        assert_eq!(choices[1][2].key, "ownerName");
        assert_eq!(choices[1][2].source, Source::Model);
        assert!(choices[1][2].detail.contains("names in descriptions outweighed by JSON (1 snake_case)"), "{}", choices[1][2].detail);
        assert_eq!(keys(&choices[2]), [("leafName", Source::Propagated)]);

        // Without the JSON, the one mention is all there is, and it decides.
        let mut alone = models;
        alone[0].fields[0].example = None;
        let choices = infer_keys(&alone, Some(WireCase::CamelCase), None);
        assert_eq!(keys(&choices[1])[2], ("owner_name", Source::Model));
        assert_eq!(keys(&choices[2]), [("leaf_name", Source::Propagated)]);
    }

    #[test]
    fn a_stray_mention_yields_to_a_neighbour_with_json() {
        // `Doc` has no JSON of its own and one snake_case mention; `Other` shows camelCase
        // in JSON and is linked to it: the neighbour's JSON wins.
        let models = vec![
            ModelFacts {
                title: "Other",
                fields: vec![
                    field("createdAt", Target::Leaf, None),
                    field("doc", Target::Model(1), None),
                    field("self", Target::Model(0), Some(r#"{"createdAt": "x"}"#)),
                ],
                ..Default::default()
            },
            ModelFacts {
                title: "Doc",
                fields: vec![described("documentCategory", "Filter with document_category."), field("pageCount", Target::Leaf, None)],
                ..Default::default()
            },
        ];
        let choices = infer_keys(&models, Some(WireCase::SnakeCase), None);
        assert_eq!(keys(&choices[1]), [("documentCategory", Source::Propagated), ("pageCount", Source::Propagated)]);
        assert!(choices[1][1].detail.contains("outweighs one name in its descriptions (snake_case)"), "{}", choices[1][1].detail);
    }

    #[test]
    fn json_inside_descriptions_is_evidence() {
        let models = vec![
            ModelFacts {
                title: "Settings",
                fields: vec![described("messageFlags", r#"Flags by name, for example: {"ap.io.messages": true}."#)],
                ..Default::default()
            },
            ModelFacts {
                title: "Envelope",
                description: r#"Sent as `{"sender_name": "a", "sent_at": "2024-01-01"}`."#.to_owned(),
                fields: vec![field("senderName", Target::Leaf, None), field("sentAt", Target::Leaf, None), field("subjectLine", Target::Leaf, None)],
                ..Default::default()
            },
        ];
        let choices = infer_keys(&models, Some(WireCase::CamelCase), None);
        assert_eq!(
            keys(&choices[1]),
            [("sender_name", Source::Example), ("sent_at", Source::Example), ("subject_line", Source::Model)]
        );
        assert_eq!(json_in_text(r#"see {"ap.io.messages": true} or [1, {"a": 2}] and {not json}"#).len(), 2);
        assert!(json_in_text("{ [ } ]").is_empty());
    }

    #[test]
    fn recorded_payloads_are_the_strongest_evidence_after_config() {
        let payload: Value = serde_json::from_str(r#"{"tokenType": "bearer", "scope": {"scopeName": "read"}}"#).unwrap();
        let mut models = vec![
            ModelFacts {
                title: "Token",
                payloads: vec![&payload],
                fields: vec![
                    field("tokenType", Target::Leaf, None),
                    field("scope", Target::Model(1), Some(r#"{"scope_name": "x"}"#)),
                    field("expiresIn", Target::Leaf, None),
                ],
                ..Default::default()
            },
            ModelFacts { title: "Scope", fields: vec![field("scopeName", Target::Leaf, None)], ..Default::default() },
        ];
        let choices = infer_keys(&models, Some(WireCase::SnakeCase), None);
        assert_eq!(
            keys(&choices[0]),
            [("tokenType", Source::Payload), ("scope", Source::Payload), ("expiresIn", Source::Model)]
        );
        // The payload's nested key wins over the example's.
        assert_eq!(keys(&choices[1]), [("scopeName", Source::Payload)]);
        models[0].config_keys.insert("tokenType", "token_type");
        assert_eq!(infer_keys(&models, None, None)[0][0].key, "token_type");
    }

    #[test]
    fn words_are_runs_of_ascii_letters_digits_and_underscores() {
        let found: Vec<&str> = words("The extension_group_id, or `groupId`: naïve é2e x").collect();
        assert_eq!(found, ["The", "extension_group_id", "or", "groupId", "na", "ve", "2e", "x"]);
        assert_eq!(words("").count(), 0);
        assert_eq!(words(" ,").count(), 0);
    }

    #[test]
    fn case_forms_read_initialisms_as_words() {
        let forms = |name: &str| {
            let f = Forms::of(name);
            (f.camel, f.snake)
        };
        for (name, camel, snake) in [
            ("PlaybackIDs", "playbackIds", "playback_ids"),
            ("IDs", "ids", "ids"),
            ("playbackIDs", "playbackIds", "playback_ids"),
            ("URLsList", "urlsList", "urls_list"),
            ("APIKeyIDs2", "apiKeyIds2", "api_key_ids2"),
            ("URL", "url", "url"),
            ("APIKeyID", "apiKeyId", "api_key_id"),
            ("HTTPStatus", "httpStatus", "http_status"),
            ("MaxResolutionTier", "maxResolutionTier", "max_resolution_tier"),
            ("FpSDKVersion", "fpSdkVersion", "fp_sdk_version"),
            ("fpSDK", "fpSdk", "fp_sdk"),
            // A capital or a longer lowercase run after the capitals is no plural `s`:
            // heck's reading stands.
            ("HTTPSettings", "httpSettings", "http_settings"),
            ("URLsigner", "urLsigner", "ur_lsigner"),
            // One capital and an `s` is a word (`As`), not an initialism.
            ("PlaybackAs", "playbackAs", "playback_as"),
        ] {
            assert_eq!(forms(name), (camel.to_owned(), snake.to_owned()), "{name}");
        }
        assert_eq!(plural_initialisms("created_at"), Cow::Borrowed("created_at"));
        assert_eq!(plural_initialisms("naïveIDs"), "naïveIds");
    }

    #[test]
    fn one_word_names_in_prose_show_no_convention() {
        // Go names: prose starts sentences with `Type` and writes the initialism `URL`,
        // which are no keys. Without other evidence, the flag decides.
        let models = vec![ModelFacts {
            title: "Overlay",
            fields: vec![
                described("Type", "Type of overlay."),
                described("URL", "URL of the image."),
                described("ImposeTracks", "Tracks to overlay. Each one's URL is fetched."),
            ],
            ..Default::default()
        }];
        let choices = infer_keys(&models, Some(WireCase::CamelCase), None);
        assert_eq!(keys(&choices[0]), [("type", Source::Default), ("url", Source::Default), ("imposeTracks", Source::Default)]);
        // A name of several words written as it is in the Field column still counts.
        let mut models = models;
        models[0].fields[1].description = "Set with ImposeTracks.".to_owned();
        let choices = infer_keys(&models, Some(WireCase::CamelCase), None);
        assert_eq!(keys(&choices[0]), [("Type", Source::Model), ("URL", Source::Model), ("ImposeTracks", Source::Model)]);
        // In JSON, a capital is the key's own: `{"Type": …}` shows the names as written.
        let models = vec![
            ModelFacts {
                title: "Holder",
                fields: vec![field("overlay", Target::Model(1), Some(r#"{"Type": "audio"}"#))],
                ..Default::default()
            },
            ModelFacts { title: "Overlay", fields: vec![field("Type", Target::Leaf, None), field("SwapURL", Target::Leaf, None)], ..Default::default() },
        ];
        let choices = infer_keys(&models, Some(WireCase::CamelCase), None);
        assert_eq!(keys(&choices[1]), [("Type", Source::Example), ("SwapURL", Source::Model)]);
    }

    #[test]
    fn a_name_in_a_conventions_form_sent_as_written_shows_that_convention() {
        // `asnId` is written as camelCase and sent so: the model is camelCase, so `fpSDK`
        // (whose camelCase form differs from its name) is sent as `fpSdk`.
        let models = vec![
            ModelFacts {
                title: "Holder",
                fields: vec![field("views", Target::Model(1), Some(r#"{"asnId": 1, "cdnName": "x"}"#))],
                ..Default::default()
            },
            ModelFacts {
                title: "Views",
                fields: vec![field("asnId", Target::Leaf, None), field("cdnName", Target::Leaf, None), field("fpSDK", Target::Leaf, None)],
                ..Default::default()
            },
        ];
        let choices = infer_keys(&models, Some(WireCase::AsWritten), None);
        assert_eq!(keys(&choices[1]), [("asnId", Source::Example), ("cdnName", Source::Example), ("fpSdk", Source::Model)]);
        assert!(choices[1][2].detail.starts_with("camelCase: keys seen in JSON (2 camelCase)"), "{}", choices[1][2].detail);
        // Snake_case names sent as written show snake_case, which wins over the flag.
        let models = vec![
            ModelFacts {
                title: "Holder",
                fields: vec![field("event", Target::Model(1), Some(r#"{"event_name": "play", "viewer_time": 3}"#))],
                ..Default::default()
            },
            ModelFacts {
                title: "Event",
                fields: vec![field("event_name", Target::Leaf, None), field("viewer_time", Target::Leaf, None), field("event_time", Target::Leaf, None)],
                ..Default::default()
            },
        ];
        let choices = infer_keys(&models, Some(WireCase::CamelCase), None);
        assert_eq!(keys(&choices[1]), [("event_name", Source::Example), ("viewer_time", Source::Example), ("event_time", Source::Model)]);
    }

    #[test]
    fn conflicting_neighbours_fall_back_to_the_default() {
        let models = vec![
            ModelFacts { title: "A", fields: vec![field("b", Target::Model(1), Some(r#"{"someKey": 1}"#)), field("c", Target::Model(2), Some(r#"{"other_key": 1}"#))], ..Default::default() },
            ModelFacts { title: "B", fields: vec![field("someKey", Target::Leaf, None), field("x", Target::Model(3), None)], ..Default::default() },
            ModelFacts { title: "C", fields: vec![field("otherKey", Target::Leaf, None), field("x", Target::Model(3), None)], ..Default::default() },
            ModelFacts { title: "D", fields: vec![field("fooBar", Target::Leaf, None)], ..Default::default() },
        ];
        let choices = infer_keys(&models, Some(WireCase::CamelCase), None);
        assert_eq!(keys(&choices[3]), [("fooBar", Source::Default)]);
    }
}
