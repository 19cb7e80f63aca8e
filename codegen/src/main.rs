//! The `codegen` command: generate or check models from an SDK-docs folder.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use clap::{Parser, Subcommand};
use codegen::{generate, write_files, Generated, Options, WireCase};

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
        /// The spec folder: model docs, and optionally `codegen.toml`.
        #[arg(long)]
        spec: PathBuf,
        /// Where to write: module files, or a crate with `--crate`.
        #[arg(long)]
        out: PathBuf,
        /// Write a complete crate with this name (`Cargo.toml` and `src/`).
        #[arg(long = "crate", value_name = "NAME")]
        crate_name: Option<String>,
        /// Fallback JSON key convention where the docs show no evidence:
        /// as-written, snake_case or camelCase.
        #[arg(long)]
        wire_case: Option<WireCase>,
        /// Write the JSON key chosen for every field, and why, to this file (TSV).
        #[arg(long, value_name = "FILE")]
        report: Option<PathBuf>,
    },
    /// Validate the spec without writing anything.
    Check {
        #[arg(long)]
        spec: PathBuf,
        #[arg(long)]
        wire_case: Option<WireCase>,
        #[arg(long, value_name = "FILE")]
        report: Option<PathBuf>,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let start = Instant::now();
    let (spec, options, out, report) = match cli.command {
        Command::Generate { spec, out, crate_name, wire_case, report } => {
            (spec, Options { wire_case, crate_name }, Some(out), report)
        }
        Command::Check { spec, wire_case, report } => {
            (spec, Options { wire_case, ..Options::default() }, None, report)
        }
    };
    let generated = match generate(&spec, &options) {
        Ok(generated) => generated,
        Err(failure) => {
            eprint!("{failure}");
            return ExitCode::FAILURE;
        }
    };
    if !generated.warnings.is_empty() {
        eprint!("{}", generated.render_warnings());
    }
    if let Some(report) = &report
        && let Err(e) = std::fs::write(report, generated.key_report())
    {
        eprintln!("error: cannot write the key report to `{}`: {e}", report.display());
        return ExitCode::FAILURE;
    }
    let written = match &out {
        Some(out) => match write_files(out, &generated.files) {
            Ok(report) => Some(report),
            Err(e) => {
                eprintln!("error: cannot write to `{}`: {e}", out.display());
                return ExitCode::FAILURE;
            }
        },
        None => None,
    };
    println!("{}", summary(&generated, written.as_ref(), start.elapsed().as_millis()));
    ExitCode::SUCCESS
}

fn summary(generated: &Generated, written: Option<&codegen::WriteReport>, ms: u128) -> String {
    let s = generated.stats;
    let files = written.map_or(String::new(), |w| {
        format!(", {} files written, {} unchanged", w.written.len(), w.unchanged)
    });
    let keys: Vec<String> = generated
        .key_sources()
        .iter()
        .filter(|(_, n)| *n > 0)
        .map(|(source, n)| format!("{n} {source}"))
        .collect();
    format!(
        "{} models ({} structs, {} enums), {} fields, {} values; keys: {}; examples: {} tested, {} reported{files} in {ms} ms",
        s.models,
        s.structs,
        s.enums,
        s.fields,
        s.values,
        keys.join(", "),
        generated.examples_tested,
        generated.examples_reported
    )
}
