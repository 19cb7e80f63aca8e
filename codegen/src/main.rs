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
        /// Default JSON key policy: as-written, snake_case or camelCase.
        #[arg(long)]
        wire_case: Option<WireCase>,
    },
    /// Validate the spec without writing anything.
    Check {
        #[arg(long)]
        spec: PathBuf,
        #[arg(long)]
        wire_case: Option<WireCase>,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let start = Instant::now();
    let (spec, options, out) = match cli.command {
        Command::Generate { spec, out, crate_name, wire_case } => {
            (spec, Options { wire_case, crate_name }, Some(out))
        }
        Command::Check { spec, wire_case } => (spec, Options { wire_case, ..Options::default() }, None),
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
    format!(
        "{} models ({} structs, {} enums), {} fields, {} values{files} in {ms} ms",
        s.models, s.structs, s.enums, s.fields, s.values
    )
}
