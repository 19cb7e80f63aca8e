//! Generates serde models from a folder of SDK-docs Markdown (one doc per model, with a
//! `## Fields` or `## Values` table), as written by SDK generators under `docs/models/`.
//!
//! From a build script, the prost-build way: the models go to `$OUT_DIR/models.rs`, to be
//! included in a module of the crate's own (`include!(concat!(env!("OUT_DIR"),
//! "/models.rs"))`), and they use their crates through the one dependency
//! `docmodels-runtime`.
//!
//! ```no_run
//! // build.rs
//! docmodels_build::Config::new()
//!     .wire_case(docmodels_build::WireCase::SnakeCase)
//!     .root("Shipment")
//!     .build("docs/models");
//! ```
//!
//! [`Config::generate`] runs the whole pipeline in memory and returns the files;
//! [`Config::build`] also writes them and speaks to cargo. The pipeline inside: the spec
//! folder is read, each doc parsed into an IR, resolved (names, types, JSON keys,
//! recursion, traits, example checks), optionally cut down to the `roots`, and emitted
//! as Rust through syn and prettyplease.

#[cfg(feature = "cli")]
#[doc(hidden)]
pub mod bench;
mod case;
mod config;
pub mod diag;
mod emit;
mod examples;
mod infer;
mod ir;
mod parse;
mod payloads;
mod resolve;
mod roots;
mod source;
mod write;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

pub use config::WireCase;
pub use parse::Dialect;
pub use diag::{Diagnostic, Failure};
pub use emit::GENERATED_MARKER;
pub use infer::Source as KeySource;
pub use resolve::{Presence, Stats};
pub use source::{SourceFile, SourceMap, Span};
pub use write::{write_files, WriteReport};

use config::{toml_string, FileConfig};
use emit::Uses;

/// What the generator writes.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Output {
    /// One file, `models.rs`, to be included in a module of the user's crate with
    /// `include!(concat!(env!("OUT_DIR"), "/models.rs"))`: modules nest as
    /// `pub mod components { ... }`, refer to each other by `super::` paths, and the file
    /// has no inner attributes. The default.
    #[default]
    Include,
    /// The root of a crate: `lib.rs` and one file per module (`components.rs`, ...),
    /// for a crate whose `[lib] path` points at `lib.rs`. Modules refer to each other by
    /// `crate::` paths.
    SourceTree,
    /// A complete crate of this name: `Cargo.toml`, listing exactly the crates the code
    /// uses (from crates.io, not through `docmodels-runtime`), and the source tree under
    /// `src/`.
    Crate(String),
}

/// Per-model settings of a [`Config`], as `[models.Name]` of `codegen.toml` holds them.
#[derive(Debug, Clone, Default)]
struct ModelSettings {
    wire_case: Option<WireCase>,
    keys: BTreeMap<String, String>,
    types: BTreeMap<String, String>,
    open: Option<bool>,
}

/// How to generate models: the builder of build scripts (and of the CLI and tests).
///
/// Everything `codegen.toml` can say has a method here, and these settings are merged
/// over the spec's `codegen.toml` (or the file given to [`Config::config_file`]), the
/// builder's winning. Models are named as in the config file: by title, or
/// `folder/Title` when two folders have the same title.
#[derive(Debug, Clone, Default)]
pub struct Config {
    wire_case: Option<WireCase>,
    models: BTreeMap<String, ModelSettings>,
    roots: Vec<String>,
    output: Output,
    out_dir: Option<PathBuf>,
    config_file: Option<PathBuf>,
    direct_dependencies: bool,
    single_thread: bool,
    dialect: Option<Dialect>,
    derive_deserialize: Option<bool>,
    derives: Option<Vec<String>>,
}

/// The name build-script settings go by in diagnostics.
const BUILDER_FILE: &str = "<docmodels_build::Config>";

impl Config {
    /// The defaults: [`Output::Include`] into `$OUT_DIR`, the spec's own `codegen.toml`,
    /// every model, keys inferred.
    pub fn new() -> Config {
        Config::default()
    }

    /// The JSON key convention of fields the docs give no evidence for (`--wire-case`);
    /// wins over the config file's `wire-case`.
    pub fn wire_case(mut self, case: WireCase) -> Config {
        self.wire_case = Some(case);
        self
    }

    /// The default convention of one model's keys (`[models.Name] wire-case`).
    pub fn model_wire_case(mut self, model: &str, case: WireCase) -> Config {
        self.models.entry(model.to_owned()).or_default().wire_case = Some(case);
        self
    }

    /// The JSON key of one field, by its Field-column name (`[models.Name] keys`).
    pub fn key(mut self, model: &str, field: &str, key: &str) -> Config {
        self.models.entry(model.to_owned()).or_default().keys.insert(field.to_owned(), key.to_owned());
        self
    }

    /// The type of one field, by its Field-column name, over what its Type cell says
    /// (`[models.Name] types`): `string`, `bool`, `i32`, `i64`, `f64`, `number`,
    /// `decimal`, `big-integer`, `big-decimal`, `date`, `date-time`, `bytes`, `any`, or
    /// `list<T>` / `map<T>` of one. Checked when the models are generated.
    pub fn field_type(mut self, model: &str, field: &str, ty: &str) -> Config {
        self.models.entry(model.to_owned()).or_default().types.insert(field.to_owned(), ty.to_owned());
        self
    }

    /// Whether an enum keeps values the docs do not list (`[models.Name] open`).
    pub fn open_enum(mut self, model: &str, open: bool) -> Config {
        self.models.entry(model.to_owned()).or_default().open = Some(open);
        self
    }

    /// Keeps this model and every model it refers to, dropping the others (`roots`);
    /// call once per root. The builder's roots replace the config file's.
    pub fn root(mut self, model: &str) -> Config {
        self.roots.push(model.to_owned());
        self
    }

    /// [`Config::root`] for each of `models`.
    pub fn roots<S: AsRef<str>>(mut self, models: impl IntoIterator<Item = S>) -> Config {
        self.roots.extend(models.into_iter().map(|m| m.as_ref().to_owned()));
        self
    }

    /// What to write: see [`Output`].
    pub fn output(mut self, output: Output) -> Config {
        self.output = output;
        self
    }

    /// Where [`Config::build`] writes: by default `$OUT_DIR`.
    pub fn out_dir(mut self, dir: impl Into<PathBuf>) -> Config {
        self.out_dir = Some(dir.into());
        self
    }

    /// Reads this config file instead of the spec folder's `codegen.toml`, for docs
    /// trees that are not the user's to edit.
    pub fn config_file(mut self, path: impl Into<PathBuf>) -> Config {
        self.config_file = Some(path.into());
        self
    }

    /// Name `serde`, `serde_json`, `chrono`, `indexmap`, `rust_decimal`, `serde_with` and
    /// `serde_repr` directly, for a crate that depends on them itself, instead of through
    /// `docmodels-runtime` (the default, but for [`Output::Crate`], which is always
    /// direct).
    pub fn direct_dependencies(mut self, direct: bool) -> Config {
        self.direct_dependencies = direct;
        self
    }

    /// The SDK language the docs are written for, over the config's `dialect`; by
    /// default the docs' Type cells tell.
    pub fn dialect(mut self, dialect: Dialect) -> Config {
        self.dialect = Some(dialect);
        self
    }

    /// Structs derive serde's `Deserialize` (`derive-deserialize = true`) instead of
    /// getting the written-out impl, which reads the same JSON and compiles in about a
    /// third of the time (README, Speed). The derive also reads structs sent as arrays,
    /// which formats other than JSON may use.
    pub fn derive_deserialize(mut self, derive: bool) -> Config {
        self.derive_deserialize = Some(derive);
        self
    }

    /// The derives of structs, unions and free-form models beside serde's (`derives`):
    /// any of `Debug`, `Clone`, `PartialEq`, `Eq`, `Hash`, `Default` (each where the
    /// fields allow it), and paths of other derive macros (`schemars::JsonSchema`), which
    /// every model gets, enums too. By default every standard one. Models in an `errors`
    /// folder always derive `Debug`, which `std::error::Error` needs. Checked when the
    /// models are generated.
    pub fn derives<S: AsRef<str>>(mut self, derives: impl IntoIterator<Item = S>) -> Config {
        self.derives = Some(derives.into_iter().map(|d| d.as_ref().to_owned()).collect());
        self
    }

    /// Emit and format on this thread only. By default two threads share the files of a
    /// spec of [`TWO_THREADS_FROM`] models or more.
    pub fn single_thread(mut self, single: bool) -> Config {
        self.single_thread = single;
        self
    }

    /// Reads, parses, resolves and emits the spec in `spec_dir`. Nothing is written.
    ///
    /// All problems of the run are collected; on any error the result is a [`Failure`]
    /// holding every diagnostic, which displays as rustc does.
    pub fn generate(&self, spec_dir: impl AsRef<Path>) -> Result<Generated, Failure> {
        self.generate_timed(spec_dir).0
    }

    /// [`Config::generate`], also saying how long each phase took.
    pub fn generate_timed(&self, spec_dir: impl AsRef<Path>) -> (Result<Generated, Failure>, Timings) {
        let mut timings = Timings::default();
        let result = guarded(|| run(spec_dir.as_ref(), self, &mut timings));
        (result, timings)
    }

    /// [`Config::generate`], then writes the files into the output folder (only those
    /// whose content changed). For build scripts that handle errors themselves; see
    /// [`Config::build`] for the one that speaks to cargo.
    pub fn compile(&self, spec_dir: impl AsRef<Path>) -> Result<(Generated, WriteReport), Failure> {
        let generated = self.generate(spec_dir)?;
        let out = self.write_dir().map_err(|d| Failure { diagnostics: vec![d], sources: SourceMap::default() })?;
        match write_files(&out, &generated.files) {
            Ok(report) => Ok((generated, report)),
            Err(e) => Err(Failure {
                diagnostics: vec![Diagnostic::error(format!("cannot write generated code to `{}`: {e}", out.display()))],
                sources: SourceMap::default(),
            }),
        }
    }

    /// Everything a build script needs: generates the models, prints
    /// `cargo::rerun-if-changed` for the spec folder and every file read, prints each
    /// warning as a `cargo::warning`, and writes only the files that changed. On an
    /// error it prints every diagnostic as rustc does and exits with status 1 (nothing
    /// is written then).
    pub fn build(&self, spec_dir: impl AsRef<Path>) {
        quiet_panics();
        let spec_dir = spec_dir.as_ref();
        // The folder (cargo scans it for new and removed files), and every file read.
        println!("cargo::rerun-if-changed={}", spec_dir.display());
        if let Some(file) = &self.config_file {
            println!("cargo::rerun-if-changed={}", file.display());
        }
        match self.compile(spec_dir) {
            Ok((generated, _)) => {
                for input in &generated.inputs {
                    println!("cargo::rerun-if-changed={}", input.display());
                }
                for warning in &generated.warnings {
                    let location = warning.location(&generated.sources).unwrap_or_default();
                    println!("cargo::warning={location}: {}", warning.message);
                }
            }
            Err(failure) => {
                eprintln!("{failure}");
                std::process::exit(1);
            }
        }
    }

    /// The folder to write into: the one given, else `$OUT_DIR`.
    fn write_dir(&self) -> Result<PathBuf, Diagnostic> {
        match (&self.out_dir, std::env::var_os("OUT_DIR")) {
            (Some(dir), _) => Ok(dir.clone()),
            (None, Some(dir)) => Ok(dir.into()),
            (None, None) => Err(Diagnostic::error("no output folder: `OUT_DIR` is not set")
                .note("outside a build script, give one with `Config::out_dir`")),
        }
    }

    /// The builder's `codegen.toml` settings, as the text of a config file (so they are
    /// checked, and reported with spans, as the file's are).
    fn as_toml(&self) -> Option<String> {
        let mut text = String::new();
        if let Some(derive) = self.derive_deserialize {
            text.push_str(&format!("derive-deserialize = {derive}\n"));
        }
        if let Some(derives) = &self.derives {
            let derives: Vec<String> = derives.iter().map(|d| toml_string(d)).collect();
            text.push_str(&format!("derives = [{}]\n", derives.join(", ")));
        }
        if !self.roots.is_empty() {
            let roots: Vec<String> = self.roots.iter().map(|r| toml_string(r)).collect();
            text.push_str(&format!("roots = [{}]\n", roots.join(", ")));
        }
        for (name, model) in &self.models {
            text.push_str(&format!("\n[models.{}]\n", toml_string(name)));
            if let Some(case) = model.wire_case {
                text.push_str(&format!("wire-case = \"{}\"\n", case.as_str()));
            }
            if !model.keys.is_empty() {
                let keys: Vec<String> =
                    model.keys.iter().map(|(field, key)| format!("{} = {}", toml_string(field), toml_string(key))).collect();
                text.push_str(&format!("keys = {{ {} }}\n", keys.join(", ")));
            }
            if !model.types.is_empty() {
                let types: Vec<String> =
                    model.types.iter().map(|(field, ty)| format!("{} = {}", toml_string(field), toml_string(ty))).collect();
                text.push_str(&format!("types = {{ {} }}\n", types.join(", ")));
            }
            if let Some(open) = model.open {
                text.push_str(&format!("open = {open}\n"));
            }
        }
        (!text.is_empty()).then_some(text)
    }
}

/// Regenerates the source tree `out_dir` (the root of a crate whose `[lib] path` is
/// `out_dir/lib.rs`) from `spec_dir`, as [`Config::build`] does: the one-liner of a
/// build script. [`init_source_tree`] writes the placeholder root cargo needs before the
/// build script first runs.
pub fn build_script(spec_dir: impl AsRef<Path>, out_dir: impl AsRef<Path>) {
    Config::new().output(Output::SourceTree).out_dir(out_dir.as_ref()).build(spec_dir);
}

/// Writes a placeholder `lib.rs` into `out_dir` unless one is there: cargo needs the
/// crate root named by `[lib] path` to exist before it runs the build script that writes
/// the real one, which then overwrites it. Returns whether it wrote.
pub fn init_source_tree(out_dir: impl AsRef<Path>) -> std::io::Result<bool> {
    let lib = out_dir.as_ref().join("lib.rs");
    if lib.exists() {
        return Ok(false);
    }
    std::fs::create_dir_all(out_dir.as_ref())?;
    std::fs::write(
        &lib,
        format!("{GENERATED_MARKER}\n\n//! Placeholder: the build script (`docmodels_build::build_script`) overwrites it.\n"),
    )?;
    Ok(true)
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
    /// What keys without evidence fell back to (the `default` source's reason), when any
    /// did.
    pub fallback: Option<String>,
    /// The files read (the docs and the config file), for `cargo::rerun-if-changed`.
    pub inputs: Vec<PathBuf>,
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
    /// The docs folder of the model, relative to the spec folder, and its title.
    pub folder: String,
    pub title: String,
    /// What the type is.
    pub shape: Shape,
    /// A struct's catch-all row of extra keys: its Field-column name and the map's Rust
    /// type.
    pub catch_all: Option<(String, String)>,
}

/// What a model became.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Shape {
    Struct,
    /// An enum, with its values as they travel, and whether it keeps unknown values.
    Enum { values: Vec<String>, open: bool },
    /// A union, with its members' Rust types in the order they are tried.
    Union(Vec<String>),
    /// Any JSON value.
    Any,
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
    /// for a raw HTTP body; a union listed in the Type cell by its members,
    /// `(i128 | String)`), and whether it may be absent or null.
    pub rust_type: String,
    pub presence: Presence,
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

/// Keeps panics from printing their own message: [`Config::generate`] reports them as
/// `internal error` diagnostics. For processes that only generate (the CLI, build
/// scripts); the hook is global.
pub fn quiet_panics() {
    std::panic::set_hook(Box::new(|_| {}));
}

fn run(spec_dir: &Path, options: &Config, timings: &mut Timings) -> Result<Generated, Failure> {
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
    // The files read, for `rerun-if-changed`: the docs and the config file.
    let mut inputs: Vec<PathBuf> = sources.files.iter().map(|f| f.path.clone()).collect();

    let config_id = match &options.config_file {
        None => loaded.config,
        Some(path) => match std::fs::read_to_string(path) {
            Ok(text) => {
                sources.files.push(SourceFile { path: path.clone(), rel: path.display().to_string(), text });
                inputs.push(path.clone());
                Some(sources.files.len() - 1)
            }
            Err(e) => {
                diagnostics.push(Diagnostic::error(format!("cannot read config file `{}`: {e}", path.display())));
                None
            }
        },
    };
    let mut parse_config = |id: usize, sources: &SourceMap| match FileConfig::parse(id, &sources.get(id).text) {
        Ok(config) => config,
        Err(diagnostic) => {
            diagnostics.push(diagnostic);
            FileConfig::default()
        }
    };
    let mut config = match config_id {
        Some(id) => parse_config(id, &sources),
        None => FileConfig::default(),
    };
    // The builder's settings, checked and merged as a second config file.
    if let Some(text) = options.as_toml() {
        sources.files.push(SourceFile { path: BUILDER_FILE.into(), rel: BUILDER_FILE.to_owned(), text });
        let over = parse_config(sources.files.len() - 1, &sources);
        config = config.merge(over);
    }

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
    let mut events = parse::Events::default();
    for &id in &loaded.docs {
        let parsed = parse::parse_doc_with(id, sources.get(id), front, &mut events);
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
    let mut krate = match resolve::resolve(&spec, &config, options.wire_case, &sources, &unparsed, &payloads) {
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
    let fallback = fallback_case(&krate);
    if let Err(errors) = roots::retain_reachable(&mut krate, &config.roots) {
        diagnostics.extend(errors);
        return Err(Failure { diagnostics, sources });
    }

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
    let crate_output = matches!(options.output, Output::Crate(_));
    let flavor = emit::Flavor {
        include: options.output == Output::Include,
        runtime: !options.direct_dependencies && !crate_output,
        derive_deserialize: config.derive_deserialize.unwrap_or(false),
    };
    let derives = config.derives.clone().unwrap_or_default();
    let plan = emit::Plan::new(&krate, CRATE_DOC, &example_tests, flavor, &derives);
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
    let files = match &options.output {
        Output::Include | Output::SourceTree => emitted,
        Output::Crate(name) => {
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
                folder: module.folder.clone(),
                title: item.title.to_owned(),
                shape: match &item.kind {
                    resolve::ItemKind::Struct(_) => Shape::Struct,
                    resolve::ItemKind::Enum(e) => {
                        Shape::Enum { values: e.variants.iter().map(|v| v.value.clone()).collect(), open: e.open }
                    }
                    resolve::ItemKind::Union(variants) => Shape::Union(variants.iter().map(|v| v.ty.to_string()).collect()),
                    resolve::ItemKind::Any => Shape::Any,
                },
                catch_all: match &item.kind {
                    resolve::ItemKind::Struct(fields) => {
                        fields.iter().find(|f| f.flatten).map(|f| (f.name.clone(), f.ty.to_string()))
                    }
                    _ => None,
                },
            })
        })
        .collect();
    Ok(Generated {
        files,
        stats,
        models,
        keys: key_records(krate),
        fallback,
        warnings: diagnostics,
        sources,
        inputs,
        examples_tested,
        examples_reported,
        payloads_tested,
        payloads_reported,
    })
}

/// The dialect the docs in `spec_dir` are written in, as their Type cells show it, and
/// the votes it was told by (`java 812, ruby 3`); or why none has a clear majority.
pub fn detect_dialect(spec_dir: impl AsRef<Path>) -> Result<(Dialect, String), Failure> {
    let loaded = source::load(spec_dir.as_ref()).map_err(|diagnostics| Failure { diagnostics, sources: SourceMap::default() })?;
    match detect(&loaded.sources, &loaded.docs) {
        Ok(decided) => Ok(decided),
        Err(diagnostic) => Err(Failure { diagnostics: vec![diagnostic], sources: loaded.sources }),
    }
}

/// The dialect the docs' Type cells show, with the votes that decided it; the one place
/// detection runs, for [`detect_dialect`] and for generation alike.
fn detect(sources: &SourceMap, docs: &[source::FileId]) -> Result<(Dialect, String), Diagnostic> {
    let (decided, votes) = parse::dialect::detect(docs.iter().map(|&id| sources.get(id).text.as_str()));
    match decided {
        Ok(dialect) => Ok((dialect, votes.to_string())),
        Err(why) => Err(Diagnostic::error(format!("cannot tell which SDK language the docs are written for: {why}"))
            .note("set it with `dialect = \"java\"` (or typescript, python, csharp, go, php, ruby) in codegen.toml, or `--dialect`")),
    }
}

/// The front end of the dialect `set`, or of the dialect the docs' Type cells show.
fn choose_front_end(set: Option<Dialect>, sources: &SourceMap, docs: &[source::FileId]) -> Result<&'static dyn parse::FrontEnd, Diagnostic> {
    let dialect = match set {
        Some(dialect) => dialect,
        None => detect(sources, docs)?.0,
    };
    Ok(dialect.front_end())
}

/// The convention that keys without evidence fell back to, when any did.
fn fallback_case(krate: &resolve::Crate) -> Option<String> {
    krate.modules.iter().flat_map(|m| &m.items).find_map(|item| match &item.kind {
        resolve::ItemKind::Struct(fields) => fields
            .iter()
            .find(|f| !f.flatten && f.key_source == KeySource::Default)
            .map(|f| f.key_detail.clone()),
        _ => None,
    })
}

/// The key of every field, in model order; the crate's names move into the records.
fn key_records(krate: resolve::Crate) -> Vec<KeyRecord> {
    // Unions listed in Type cells are shown by their members: `(i128 | String)`.
    let mut inline: std::collections::HashMap<usize, String> = std::collections::HashMap::new();
    for item in krate.modules.iter().flat_map(|m| &m.items).filter(|item| item.note.is_some()) {
        if let resolve::ItemKind::Union(variants) = &item.kind {
            let members: Vec<String> = variants.iter().map(|v| v.ty.to_string()).collect();
            inline.insert(item.id, format!("({})", members.join(" | ")));
        }
    }
    let mut keys = Vec::new();
    for module in krate.modules {
        for item in module.items {
            if let resolve::ItemKind::Struct(fields) = item.kind {
                // The catch-all map has no key of its own.
                keys.extend(fields.into_iter().filter(|f| !f.flatten).map(|f| KeyRecord {
                    rust_type: shown(&f.ty, &inline),
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

/// `ty` as [`resolve::Ty`] displays it, with the unions of `inline` shown by their members.
fn shown(ty: &resolve::Ty, inline: &std::collections::HashMap<usize, String>) -> String {
    use resolve::Ty;
    match ty {
        Ty::Model { id, .. } if inline.contains_key(id) => inline[id].clone(),
        Ty::List(inner) => format!("Vec<{}>", shown(inner, inline)),
        Ty::Map(inner) => format!("indexmap::IndexMap<String, {}>", shown(inner, inline)),
        Ty::Nullable(inner) => format!("Option<{}>", shown(inner, inline)),
        _ => ty.to_string(),
    }
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
        "# @generated by codegen from the SDK docs spec. Do not edit by hand.\n\n[package]\nname = \"{name}\"\nversion = \"0.1.0\"\nedition = \"2024\"\npublish = false\n\n# A workspace of its own: the crate builds where it is written, even inside another\n# workspace's folder.\n[workspace]\n\n[dependencies]\n{}\n{dev}",
        deps.join("\n")
    )
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
