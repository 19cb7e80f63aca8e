//! The `codegen` command: generate or check models from an SDK-docs folder.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use clap::{Args, Parser, Subcommand};
use docmodels_build::{write_files, Config, Dialect, Generated, Output, WireCase};

#[derive(Parser)]
#[command(version, about = "Generates serde models from SDK-docs Markdown")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Generate Rust models into a folder.
    Generate {
        #[command(flatten)]
        run: RunArgs,
        /// Where to write: module files, or a crate with `--crate`.
        #[arg(long)]
        out: PathBuf,
        /// Write a complete crate with this name (`Cargo.toml` and `src/`).
        #[arg(long = "crate", value_name = "NAME", conflicts_with = "include")]
        crate_name: Option<String>,
        /// Write one file, `models.rs`, to `include!` in a module of your crate, instead
        /// of a crate root (`lib.rs` and a file per module).
        #[arg(long)]
        include: bool,
        /// Name serde, serde_json, chrono and the others directly (the crate depends on
        /// them itself) instead of through `docmodels-runtime`.
        #[arg(long)]
        direct_dependencies: bool,
    },
    /// Write a placeholder `lib.rs` into a folder that a build script will fill: cargo
    /// needs the crate root named by `[lib] path` before it runs the build script.
    Init {
        /// The folder `[lib] path` points into (`generated` for `generated/lib.rs`).
        #[arg(long)]
        out: PathBuf,
    },
    /// Time each phase against the floors (pulldown-cmark parsing the same docs,
    /// prettyplease printing the same output), on a spec folder or synthetic specs.
    Bench {
        /// The spec folder to measure.
        #[arg(long, required_unless_present = "synthetic")]
        spec: Option<PathBuf>,
        /// Instead, generate synthetic specs of these sizes (e.g. `1000,10000,100000`)
        /// and report how time grows.
        #[arg(long, value_delimiter = ',')]
        synthetic: Vec<usize>,
        /// Runs per measurement; medians are reported.
        #[arg(long, default_value_t = 15)]
        iterations: usize,
        /// Also time this many whole `codegen generate` processes on the spec.
        #[arg(long, default_value_t = 20)]
        cli_runs: usize,
    },
    /// One run of the benchmark, in a process of its own: generates the spec into an
    /// empty folder and prints the time of each phase (see `docmodels_build::bench::Sample`).
    #[command(hide = true)]
    BenchSample {
        #[arg(long)]
        spec: PathBuf,
        #[arg(long)]
        out: PathBuf,
        /// Run as `generate` does (two threads on large specs), not on one thread.
        #[arg(long)]
        parallel: bool,
    },
    /// Write a synthetic spec of this many models (the benchmark's input) into a folder.
    Synthetic {
        /// How many model docs to write.
        #[arg(long)]
        models: usize,
        /// The folder to write them into (its `models/` holds the spec).
        #[arg(long)]
        out: PathBuf,
    },
    /// Validate the spec without writing anything.
    Check {
        #[command(flatten)]
        run: RunArgs,
    },
}

/// The options `generate` and `check` share. `--spec` is listed first, the others after
/// the subcommand's own options.
#[derive(Args)]
struct RunArgs {
    /// The spec folder: model docs, and optionally `codegen.toml`.
    #[arg(long)]
    spec: PathBuf,
    /// Fallback JSON key convention where the docs show no evidence:
    /// as-written, snake_case or camelCase.
    #[arg(long, display_order = 100)]
    wire_case: Option<WireCase>,
    /// Write the JSON key chosen for every field, and why, to this file (TSV).
    #[arg(long, value_name = "FILE", display_order = 101)]
    report: Option<PathBuf>,
    /// Read this config file instead of the spec folder's `codegen.toml`.
    #[arg(long, value_name = "FILE", display_order = 102)]
    config: Option<PathBuf>,
    /// Keep only this model and the models it refers to (by title, or `folder/Title`);
    /// repeat for more. Replaces the config's `roots`.
    #[arg(long = "root", value_name = "MODEL", display_order = 103)]
    roots: Vec<String>,
    /// The SDK language the docs are written for (java, typescript, python, csharp, go,
    /// php, ruby); detected from the docs by default.
    #[arg(long, display_order = 104)]
    dialect: Option<Dialect>,
    /// Structs derive serde's `Deserialize` instead of getting the written-out impl,
    /// which reads the same JSON and compiles faster (the config's `derive-deserialize`).
    #[arg(long, display_order = 105)]
    derive_deserialize: bool,
}

impl RunArgs {
    fn config(&self) -> Config {
        let mut config = Config::new().roots(&self.roots).output(Output::SourceTree);
        if let Some(case) = self.wire_case {
            config = config.wire_case(case);
        }
        if let Some(file) = &self.config {
            config = config.config_file(file);
        }
        if let Some(dialect) = self.dialect {
            config = config.dialect(dialect);
        }
        if self.derive_deserialize {
            config = config.derive_deserialize(true);
        }
        config
    }
}

fn main() -> ExitCode {
    let command = Cli::parse().command;
    docmodels_build::quiet_panics();
    let result = match command {
        Command::Generate { run: args, out, crate_name, include, direct_dependencies } => {
            let output = match crate_name {
                Some(name) => Output::Crate(name),
                None if include => Output::Include,
                None => Output::SourceTree,
            };
            let config = args.config().output(output).direct_dependencies(direct_dependencies);
            run(&args.spec, &config, Some(&out), args.report.as_deref())
        }
        Command::Check { run: args } => run(&args.spec, &args.config(), None, args.report.as_deref()),
        Command::Init { out } => match docmodels_build::init_source_tree(&out) {
            Ok(true) => {
                println!("wrote a placeholder {}; the build script overwrites it", out.join("lib.rs").display());
                Ok(())
            }
            Ok(false) => {
                println!("{} is already there", out.join("lib.rs").display());
                Ok(())
            }
            Err(e) => Err(format!("error: cannot write to `{}`: {e}\n", out.display())),
        },
        Command::Bench { spec, synthetic, iterations, cli_runs } => {
            bench(spec.as_deref(), &synthetic, iterations, cli_runs)
        }
        Command::BenchSample { spec, out, parallel } => {
            docmodels_build::bench::sample(&spec, &out, parallel).map(|sample| println!("{}", sample.to_line()))
        }
        Command::Synthetic { models, out } => docmodels_build::bench::write_synthetic(&out, models)
            .map(|spec| println!("wrote {models} model docs under {}", spec.display()))
            .map_err(|e| format!("error: cannot write to `{}`: {e}\n", out.display())),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprint!("{message}");
            ExitCode::FAILURE
        }
    }
}

/// `generate` (with `out`) or `check` (without): diagnostics to stderr, one summary
/// line to stdout. The error is the text to print.
fn run(spec: &Path, config: &Config, out: Option<&Path>, report: Option<&Path>) -> Result<(), String> {
    let start = Instant::now();
    let generated = config.generate(spec).map_err(|failure| failure.to_string())?;
    if !generated.warnings.is_empty() {
        eprint!("{}", generated.render_warnings());
    }
    if let Some(report) = report {
        std::fs::write(report, generated.key_report())
            .map_err(|e| format!("error: cannot write the key report to `{}`: {e}\n", report.display()))?;
    }
    let written = match out {
        Some(out) => Some(
            write_files(out, &generated.files)
                .map_err(|e| format!("error: cannot write to `{}`: {e}\n", out.display()))?,
        ),
        None => None,
    };
    println!("{}", summary(&generated, written.as_ref(), start.elapsed().as_millis()));
    Ok(())
}

fn summary(generated: &Generated, written: Option<&docmodels_build::WriteReport>, ms: u128) -> String {
    let s = generated.stats;
    let files = written.map_or(String::new(), |w| {
        format!(", {} files written, {} unchanged", w.written.len(), w.unchanged)
    });
    let keys: Vec<String> = generated
        .key_sources()
        .iter()
        .filter(|(_, n)| *n > 0)
        .map(|(source, n)| match (source, &generated.fallback) {
            // The convention keys without evidence fell back to, and why.
            (docmodels_build::KeySource::Default, Some(fallback)) => {
                format!("{n} {source}: {}", fallback.split(';').next().unwrap_or(fallback))
            }
            _ => format!("{n} {source}"),
        })
        .collect();
    // Only specs that hold recorded payloads say how they went.
    let payloads = (generated.payloads_tested + generated.payloads_reported > 0).then(|| {
        format!("; payloads: {} tested, {} reported", generated.payloads_tested, generated.payloads_reported)
    });
    format!(
        "{} models ({} structs, {} enums), {} fields, {} values; keys: {}; examples: {} tested, {} reported{}{files} in {ms} ms",
        s.models,
        s.structs,
        s.enums,
        s.fields,
        s.values,
        keys.join(", "),
        generated.examples_tested,
        generated.examples_reported,
        payloads.unwrap_or_default()
    )
}

fn bench(spec: Option<&Path>, sizes: &[usize], iterations: usize, cli_runs: usize) -> Result<(), String> {
    let scratch = std::env::temp_dir().join(format!("codegen-bench-{}", std::process::id()));
    let result = bench_in(&scratch, spec, sizes, iterations, cli_runs);
    let _ = std::fs::remove_dir_all(&scratch);
    result.map_err(|e| format!("error: {e}\n"))
}

fn bench_in(
    scratch: &Path,
    spec: Option<&Path>,
    sizes: &[usize],
    iterations: usize,
    cli_runs: usize,
) -> Result<(), String> {
    if let Some(spec) = spec {
        let report = docmodels_build::bench::run(spec, iterations, scratch, &mut sample_process)?;
        println!("{report}");
        if cli_runs > 0 {
            let ms = cli_median(spec, &scratch.join("cli-out"), cli_runs)?;
            println!("`codegen generate` end to end (process start to exit): {ms:.1} ms, median of {cli_runs}");
        }
    }
    let mut first: Option<(usize, docmodels_build::bench::Report)> = None;
    for &size in sizes {
        let dir = docmodels_build::bench::write_synthetic(&scratch.join(format!("synthetic-{size}")), size)
            .map_err(|e| format!("cannot write the synthetic spec: {e}"))?;
        // Runs in proportion to 10k models / size: a 1k spec takes milliseconds, and
        // noise in its median would skew every scaling ratio; a 100k spec takes seconds
        // a run, so it gets at least 3 and at most `iterations`.
        let runs = (iterations * 10_000 / size.max(1)).clamp(iterations.min(3), iterations * 10);
        let report = docmodels_build::bench::run(&dir, runs, scratch, &mut sample_process)?;
        println!("{report}");
        match &first {
            None => first = Some((size, report)),
            Some((base, base_report)) => {
                let growth = |f: fn(&docmodels_build::bench::Report) -> std::time::Duration| {
                    f(&report).as_secs_f64() / f(base_report).as_secs_f64()
                };
                println!(
                    "scaling: {size} models cost {:.1}x {base} models in fresh processes ({:.1}x warm); the floors grew {:.1}x ({:.0}x the models)\n",
                    growth(|r| r.fresh.total),
                    growth(|r| r.warm.total),
                    growth(docmodels_build::bench::Report::floors),
                    size as f64 / *base as f64
                );
            }
        }
    }
    Ok(())
}

/// One benchmark run in a fresh process (`codegen bench-sample`), as build scripts and
/// `codegen generate` run.
fn sample_process(spec: &Path, out: &Path, parallel: bool) -> Result<docmodels_build::bench::Sample, String> {
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    let mut command = std::process::Command::new(exe);
    command.arg("bench-sample").arg("--spec").arg(spec).arg("--out").arg(out);
    if parallel {
        command.arg("--parallel");
    }
    let output = command.stderr(std::process::Stdio::inherit()).output().map_err(|e| e.to_string())?;
    if !output.status.success() {
        return Err("a benchmark run failed on the spec".to_owned());
    }
    let line = String::from_utf8_lossy(&output.stdout);
    docmodels_build::bench::Sample::from_line(&line).ok_or_else(|| format!("a benchmark run printed `{}`", line.trim()))
}

/// Median wall time of whole `codegen generate` processes, in milliseconds.
fn cli_median(spec: &Path, out: &Path, runs: usize) -> Result<f64, String> {
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    let mut samples = Vec::new();
    for _ in 0..runs {
        let start = Instant::now();
        let status = std::process::Command::new(&exe)
            .args(["generate", "--spec"])
            .arg(spec)
            .arg("--out")
            .arg(out)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .status()
            .map_err(|e| e.to_string())?;
        if !status.success() {
            return Err("`codegen generate` failed on the spec".to_owned());
        }
        samples.push(start.elapsed().as_secs_f64() * 1000.0);
    }
    samples.sort_by(f64::total_cmp);
    Ok(samples[samples.len() / 2])
}
