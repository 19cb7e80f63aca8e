//! Generates serde models from a folder of SDK-docs Markdown (one doc per model, with a
//! `## Fields` or `## Values` table), as written by SDK generators under `docs/models/`.
//!
//! The pipeline: [`source`] reads the folder, [`parse`] turns each doc into the [`ir`],
//! [`resolve`] gives it Rust meaning, [`emit`] prints Rust, and [`mod@write`] writes only
//! the files that changed. [`generate`] runs all but the last, fully in memory.
//!
//! ```no_run
//! let generated = docmodels_build::generate("spec".as_ref(), &docmodels_build::Options::default())?;
//! docmodels_build::write_files("generated".as_ref(), &generated.files)?;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

#[cfg(feature = "cli")]
pub mod bench;
pub mod config;
pub mod diag;
pub mod emit;
pub mod examples;
pub mod infer;
pub mod ir;
pub mod parse;
pub mod payloads;
pub mod resolve;
pub mod source;
pub mod write;

use std::collections::BTreeMap;
use std::path::Path;
use std::time::{Duration, Instant};

pub use config::WireCase;
pub use parse::Dialect;
pub use diag::{Diagnostic, Failure};
pub use infer::Source as KeySource;
pub use resolve::Stats;
pub use write::{write_files, WriteReport};

use config::Config;
use emit::Uses;
use source::SourceMap;

/// Options of one run, on top of the spec's own config file.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Overrides the config's default `wire-case`.
    pub wire_case: Option<WireCase>,
    /// Emit a complete crate of this name (`Cargo.toml` and `src/`) instead of module files.
    pub crate_name: Option<String>,
    /// Emit and format on this thread only. By default two threads share the files of a
    /// spec of [`TWO_THREADS_FROM`] models or more.
    pub single_thread: bool,
    /// A config file to read instead of the spec folder's own `codegen.toml`, for docs
    /// trees that are not the user's to edit.
    pub config: Option<std::path::PathBuf>,
    /// The docs' dialect, over the config's; by default it is detected from the docs.
    pub dialect: Option<Dialect>,
}

/// Smaller specs are emitted on one thread even when two may be used: a second thread's
/// heap starts empty, and faulting in its memory cost about what the thread saved (the
/// DocuSign corpus, 214 models, took 1.04x the single-threaded time in a fresh process;
/// 1k synthetic models took 0.85x).
pub const TWO_THREADS_FROM: usize = 500;

/// Time spent in each phase of a run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Timings {
    /// Reading the spec folder.
    pub read: Duration,
    /// Markdown to IR.
    pub parse: Duration,
    /// Names, types, keys, recursion, traits, example checks.
    pub resolve: Duration,
    /// Syntax trees. With two threads this includes `format`.
    pub emit: Duration,
    /// Syntax trees to text (prettyplease), and dropping them; zero when done together
    /// with `emit`.
    pub format: Duration,
}

/// The output of a successful run.
#[derive(Debug)]
pub struct Generated {
    /// File contents by path relative to the output folder.
    pub files: BTreeMap<String, String>,
    pub stats: Stats,
    /// Warnings about odd but usable docs.
    pub warnings: Vec<Diagnostic>,
    pub sources: SourceMap,
    /// The JSON key of every field and why it was chosen, in model order.
    pub keys: Vec<KeyRecord>,
    /// Where each model's Rust type is, in module and name order.
    pub models: Vec<ModelPath>,
    /// Examples that became round-trip tests, and examples reported as not fitting.
    pub examples_tested: usize,
    pub examples_reported: usize,
    /// Recorded payloads that became round-trip tests, and those reported as not fitting.
    pub payloads_tested: usize,
    pub payloads_reported: usize,
}

/// The Rust type generated for one model doc.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModelPath {
    /// The doc's path relative to the spec folder, `/`-separated (`models/shared/Pet.md`).
    pub doc: String,
    /// The module holding the type (`shared`).
    pub module: String,
    /// The type's name (`Pet`).
    pub name: String,
}

/// The JSON key chosen for one field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyRecord {
    /// The docs folder of the model, relative to the spec folder.
    pub folder: String,
    /// The model's title.
    pub model: String,
    /// The Field-column name.
    pub field: String,
    pub key: String,
    pub source: KeySource,
    pub detail: String,
    /// The field's Rust type without `Option` (`Vec<String>`, `components::Pet`; `Vec<u8>`
    /// for a raw HTTP body), and whether it may be absent or null.
    pub rust_type: String,
    pub presence: resolve::Presence,
    /// A raw HTTP body, not part of the JSON.
    pub raw: bool,
}

impl Generated {
    pub fn render_warnings(&self) -> String {
        diag::render_all(&self.warnings, &self.sources)
    }

    /// How many keys came from each source, in precedence order.
    pub fn key_sources(&self) -> Vec<(KeySource, usize)> {
        KeySource::ALL
            .iter()
            .map(|&source| (source, self.keys.iter().filter(|k| k.source == source).count()))
            .collect()
    }

    /// The key report: one tab-separated line per field (folder, model, field, key,
    /// source, why), for review before overriding keys in `codegen.toml`.
    pub fn key_report(&self) -> String {
        let mut out = String::from("folder\tmodel\tfield\tkey\tsource\twhy\n");
        for k in &self.keys {
            out.push_str(&format!("{}\t{}\t{}\t{}\t{}\t{}\n", k.folder, k.model, k.field, k.key, k.source, k.detail));
        }
        out
    }
}

/// Reads, parses, resolves and emits the spec in `spec_dir`. Nothing is written.
///
/// All problems of the run are collected; on any error the result is a [`Failure`]
/// holding every diagnostic.
pub fn generate(spec_dir: &Path, options: &Options) -> Result<Generated, Failure> {
    generate_timed(spec_dir, options).0
}

/// [`generate`], also saying how long each phase took.
pub fn generate_timed(spec_dir: &Path, options: &Options) -> (Result<Generated, Failure>, Timings) {
    let mut timings = Timings::default();
    let result = guarded(|| run(spec_dir, options, &mut timings));
    (result, timings)
}

/// Runs `f`, turning a panic (a bug in codegen) into an `internal error` diagnostic.
fn guarded<T>(f: impl FnOnce() -> Result<T, Failure>) -> Result<T, Failure> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).unwrap_or_else(|payload| {
        let what = payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown cause".to_owned());
        Err(Failure {
            diagnostics: vec![Diagnostic::error(format!("internal error: {what}"))
                .note("this is a bug in codegen; please report it with the spec that caused it")],
            sources: SourceMap::default(),
        })
    })
}

/// Keeps panics from printing their own message: [`generate`] reports them as
/// `internal error` diagnostics. For processes that only generate (the CLI, build
/// scripts); the hook is global.
pub fn quiet_panics() {
    std::panic::set_hook(Box::new(|_| {}));
}

fn run(spec_dir: &Path, options: &Options, timings: &mut Timings) -> Result<Generated, Failure> {
    let mut clock = Instant::now();
    let mut lap = |slot: &mut Duration| {
        let now = Instant::now();
        *slot = now - clock;
        clock = now;
    };
    let loaded = source::load(spec_dir)
        .map_err(|diagnostics| Failure { diagnostics, sources: SourceMap::default() })?;
    lap(&mut timings.read);
    let mut sources = loaded.sources;
    // Files that could not be read are reported with the problems of the others.
    let mut diagnostics = loaded.diagnostics;

    let config_id = match &options.config {
        None => loaded.config,
        Some(path) => match std::fs::read_to_string(path) {
            Ok(text) => {
                sources.files.push(source::SourceFile { path: path.clone(), rel: path.display().to_string(), text });
                Some(sources.files.len() - 1)
            }
            Err(e) => {
                diagnostics.push(Diagnostic::error(format!("cannot read config file `{}`: {e}", path.display())));
                None
            }
        },
    };
    let config = match config_id {
        Some(id) => match Config::parse(id, &sources.get(id).text) {
            Ok(config) => config,
            Err(diagnostic) => {
                diagnostics.push(diagnostic);
                Config::default()
            }
        },
        None => Config::default(),
    };

    // The docs' dialect: set, or told by the vocabulary of their Type cells.
    let front = match choose_front_end(options.dialect.or(config.dialect), &sources, &loaded.docs) {
        Ok(front) => front,
        Err(diagnostic) => {
            diagnostics.push(diagnostic);
            return Err(Failure { diagnostics, sources });
        }
    };
    let mut spec = ir::Spec { models: Vec::new(), type_names: front.type_names() };
    // Links to docs that could not be read, or parsed into a model, are not reported
    // again as links to missing docs.
    let mut unparsed: std::collections::HashSet<String> = loaded.unread.into_iter().collect();
    // A doc with a bad row or table is still resolved without it (see `ir::Skipped`), so
    // the problems of its other rows are reported in the same run.
    for &id in &loaded.docs {
        let parsed = parse::parse_doc(id, sources.get(id), front);
        match parsed.model {
            Some(model) => spec.models.push(model),
            None => {
                unparsed.insert(sources.get(id).rel.to_lowercase());
            }
        }
        diagnostics.extend(parsed.diagnostics);
    }
    spec.models.sort_by(|a, b| (&a.group, &a.name, a.file).cmp(&(&b.group, &b.name, b.file)));
    let (payloads, payload_errors) = payloads::read_all(&sources, &loaded.payloads);
    diagnostics.extend(payload_errors);
    lap(&mut timings.parse);

    // Resolve even after parse errors, so one run reports both kinds.
    let parse_failed = diagnostics.iter().any(Diagnostic::is_error);
    let krate = match resolve::resolve(&spec, &config, options.wire_case, &sources, &unparsed, &payloads) {
        Ok((_, warnings)) if parse_failed => {
            diagnostics.extend(warnings);
            return Err(Failure { diagnostics, sources });
        }
        Ok((krate, warnings)) => {
            diagnostics.extend(warnings);
            krate
        }
        Err(errors) => {
            diagnostics.extend(errors);
            return Err(Failure { diagnostics, sources });
        }
    };

    // The resolved crate borrows the docs' text from the IR, which lives until the end.
    // (Freeing the IR but for the text left small holes in the heap, and the syntax
    // trees built next landed scattered in them: at 100k models emitting and printing
    // took 3.5x as long.)
    let collected = examples::collect(&krate, &sources);
    let payloads_tested = collected.tests.iter().filter(|t| t.recorded).count();
    let examples_tested = collected.tests.len() - payloads_tested;
    let examples_reported = collected.warnings.len() - collected.payloads_reported;
    let payloads_reported = collected.payloads_reported;
    diagnostics.extend(collected.warnings);
    let example_tests = collected.tests;
    let plan = emit::Plan::new(&krate, CRATE_DOC, &example_tests);
    lap(&mut timings.resolve);

    let mut split = emit::Clock::new();
    let stats = krate.stats();
    let parallel = !options.single_thread && stats.models >= TWO_THREADS_FROM;
    let emitted = emit::emit_all(&plan, parallel, &mut split);
    if !parallel {
        // Building and printing are timed apart, chunk by chunk.
        timings.emit = split.emit;
        timings.format = split.format;
    } else {
        lap(&mut timings.emit);
    }
    let emitted: BTreeMap<String, String> = match emitted {
        Ok(files) => files,
        Err(errors) => {
            diagnostics.extend(errors);
            return Err(Failure { diagnostics, sources });
        }
    };
    let files = match &options.crate_name {
        None => emitted,
        Some(name) => {
            let mut files: BTreeMap<String, String> =
                emitted.into_iter().map(|(path, text)| (format!("src/{path}"), text)).collect();
            files.insert("Cargo.toml".to_owned(), cargo_toml(name, &plan.uses));
            files
        }
    };
    let models = krate
        .modules
        .iter()
        .flat_map(|module| {
            // Unions listed in Type cells have no doc of their own.
            module.items.iter().filter(|item| item.note.is_none()).map(|item| ModelPath {
                doc: sources.get(item.file).rel.clone(),
                module: module.name.clone(),
                name: item.name.clone(),
            })
        })
        .collect();
    Ok(Generated {
        files,
        stats,
        models,
        keys: key_records(krate),
        warnings: diagnostics,
        sources,
        examples_tested,
        examples_reported,
        payloads_tested,
        payloads_reported,
    })
}

/// The dialect the docs in `spec_dir` are written in, as their Type cells show it, and
/// the votes it was told by (`java 812, ruby 3`); or why none has a clear majority.
pub fn detect_dialect(spec_dir: &Path) -> Result<(Dialect, String), Failure> {
    let loaded = source::load(spec_dir).map_err(|diagnostics| Failure { diagnostics, sources: SourceMap::default() })?;
    let (decided, votes) = parse::dialect::detect(loaded.docs.iter().map(|&id| loaded.sources.get(id).text.as_str()));
    match decided {
        Ok(dialect) => Ok((dialect, votes.to_string())),
        Err(why) => Err(Failure { diagnostics: vec![Diagnostic::error(why)], sources: loaded.sources }),
    }
}

/// The front end of the dialect `set`, or of the dialect the docs' Type cells show.
fn choose_front_end(set: Option<Dialect>, sources: &SourceMap, docs: &[source::FileId]) -> Result<&'static dyn parse::FrontEnd, Diagnostic> {
    let (dialect, how) = match set {
        Some(dialect) => (dialect, "set in the config or options".to_owned()),
        None => {
            let (decided, votes) = parse::dialect::detect(docs.iter().map(|&id| sources.get(id).text.as_str()));
            match decided {
                Ok(dialect) => (dialect, format!("told by the Type cells: {votes}")),
                Err(why) => {
                    return Err(Diagnostic::error(format!("cannot tell which SDK language the docs are written for: {why}"))
                        .note("set it with `dialect = \"java\"` (or typescript, python, csharp, go, php, ruby) in codegen.toml, or `--dialect`"));
                }
            }
        }
    };
    dialect.front_end().ok_or_else(|| {
        Diagnostic::error(format!("the docs are in the {dialect} dialect ({how}), which the generator does not read yet"))
            .note("only docs written for the Java SDK are read so far")
    })
}

/// The key of every field, in model order; the crate's names move into the records.
fn key_records(krate: resolve::Crate) -> Vec<KeyRecord> {
    let mut keys = Vec::new();
    for module in krate.modules {
        for item in module.items {
            if let resolve::ItemKind::Struct(fields) = item.kind {
                // The catch-all map has no key of its own.
                keys.extend(fields.into_iter().filter(|f| !f.flatten).map(|f| KeyRecord {
                    rust_type: f.ty.to_string(),
                    presence: f.presence,
                    raw: f.raw,
                    folder: module.folder.clone(),
                    model: item.title.to_owned(),
                    field: f.name,
                    key: f.key,
                    source: f.key_source,
                    detail: f.key_detail,
                }));
            }
        }
    }
    keys
}

const CRATE_DOC: &str = "Serde models generated by codegen from SDK docs.\n\nEach module holds the models of one folder of the docs. JSON keys, optional and\nnullable fields, enum values, dates and numbers follow the docs exactly.";

/// The manifest of a standalone crate: exactly the dependencies the code uses.
fn cargo_toml(name: &str, uses: &Uses) -> String {
    let mut deps = vec![r#"serde = { version = "1", features = ["derive"] }"#];
    if uses.chrono {
        deps.push(r#"chrono = { version = "0.4", default-features = false, features = ["serde", "std"] }"#);
    }
    if uses.indexmap {
        deps.push(r#"indexmap = { version = "2", features = ["serde"] }"#);
    }
    if uses.rust_decimal {
        deps.push(r#"rust_decimal = { version = "1", default-features = false, features = ["serde-arbitrary-precision", "serde-float", "std"] }"#);
    }
    if uses.serde_json {
        deps.push(r#"serde_json = "1""#);
    }
    if uses.serde_repr {
        deps.push(r#"serde_repr = "0.1""#);
    }
    if uses.serde_with {
        deps.push(if uses.indexmap {
            r#"serde_with = { version = "3", default-features = false, features = ["base64", "indexmap_2", "std"] }"#
        } else {
            r#"serde_with = { version = "3", default-features = false, features = ["base64", "std"] }"#
        });
    }
    deps.sort();
    let dev = if uses.example_tests && !uses.serde_json {
        "\n[dev-dependencies]\nserde_json = \"1\"\n"
    } else {
        ""
    };
    format!(
        "# @generated by codegen from the SDK docs spec. Do not edit by hand.\n\n[package]\nname = \"{name}\"\nversion = \"0.1.0\"\nedition = \"2024\"\npublish = false\n\n[dependencies]\n{}\n{dev}",
        deps.join("\n")
    )
}

/// Everything a build script needs: regenerates `out_dir` from `spec_dir`, prints
/// `cargo::rerun-if-changed` for every input, writes only changed files, and on a spec
/// error prints the diagnostics and exits with status 1 (no file is written then).
pub fn build_script(spec_dir: impl AsRef<Path>, out_dir: impl AsRef<Path>) {
    quiet_panics();
    let (spec_dir, out_dir) = (spec_dir.as_ref(), out_dir.as_ref());
    // The folder (cargo scans it for new and removed files), and every file read.
    println!("cargo::rerun-if-changed={}", spec_dir.display());
    match generate(spec_dir, &Options::default()) {
        Ok(generated) => {
            for file in &generated.sources.files {
                println!("cargo::rerun-if-changed={}", file.path.display());
            }
            for warning in &generated.warnings {
                let location = warning.location(&generated.sources).unwrap_or_default();
                println!("cargo::warning={location}: {}", warning.message);
            }
            if let Err(e) = write_files(out_dir, &generated.files) {
                eprintln!("error: cannot write generated code to `{}`: {e}", out_dir.display());
                std::process::exit(1);
            }
        }
        Err(failure) => {
            eprintln!("{failure}");
            std::process::exit(1);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_becomes_an_internal_error() {
        let failure = guarded::<()>(|| panic!("index out of bounds")).unwrap_err();
        let text = failure.to_string();
        assert!(text.starts_with("error: internal error: index out of bounds"), "{text}");
        assert!(text.contains("this is a bug in codegen"), "{text}");
        let failure = guarded::<()>(|| std::panic::panic_any(7)).unwrap_err();
        assert_eq!(failure.diagnostics[0].message, "internal error: unknown cause");
    }
}
