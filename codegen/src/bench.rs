//! The benchmark behind `codegen bench`: the time of each phase on one spec folder, set
//! against two floors measured in the same run, and a synthetic spec generator for
//! measuring how time grows with the number of models.
//!
//! The floors are what no generator built on these crates can avoid: pulldown-cmark
//! parsing the same docs (tables on), and prettyplease printing the same output. The
//! output is printed a few dozen items at a time, as the generator prints it: printing a
//! large module whole is slower (its trees and text outgrow the caches), which would make
//! the floor no floor.
//!
//! A third reference is what this design adds on top of them: printing with prettyplease
//! means holding the output as `syn` syntax trees, which must be built and dropped. Their
//! cost is estimated as cloning and dropping the same trees, chunk by chunk: a clone makes
//! the allocations and writes that building them makes, without the generator's own work
//! (it also reads the trees it copies, which building does not).

use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use pulldown_cmark::{Options as MdOptions, Parser};

use crate::{write_files, Config, Output, Timings};

/// Median times of one benchmark.
#[derive(Debug, Clone, Default)]
pub struct Report {
    pub iterations: usize,
    /// Single-threaded runs one after another in the bench's own process, like the
    /// floors: warm caches, a heap that earlier runs freed.
    pub warm: Sample,
    /// Single-threaded runs each in a fresh process, as a build script or `codegen
    /// generate` runs: cold caches, a new heap.
    pub fresh: Sample,
    /// The default run (two threads emitting and formatting on specs of
    /// [`crate::TWO_THREADS_FROM`] models or more), in a fresh process.
    pub parallel_total: Duration,
    /// pulldown-cmark parsing every doc, tables on.
    pub markdown_floor: Duration,
    /// prettyplease printing every output file, [`FLOOR_CHUNK`] items at a time.
    pub print_floor: Duration,
    /// Building and dropping the syntax trees of every output file (estimated as a clone
    /// and a drop of each chunk).
    pub trees: Duration,
}

impl Report {
    pub fn floors(&self) -> Duration {
        self.markdown_floor + self.print_floor
    }

    /// The warm total / (sum of the floors): both measured the same way.
    pub fn ratio(&self) -> f64 {
        self.warm.total.as_secs_f64() / self.floors().as_secs_f64()
    }

    /// The ratio of a generator that did nothing but the floors and the syntax trees:
    /// about the least this design can reach.
    pub fn design_ratio(&self) -> f64 {
        (self.floors() + self.trees).as_secs_f64() / self.floors().as_secs_f64()
    }

    /// The warm total / (the floors + the syntax trees): how far the generator is from
    /// doing nothing but what this design must do.
    pub fn trees_ratio(&self) -> f64 {
        self.warm.total.as_secs_f64() / (self.floors() + self.trees).as_secs_f64()
    }
}

impl std::fmt::Display for Report {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        let (w, c) = (&self.warm, &self.fresh);
        writeln!(f, "{} models, medians of {} runs, single thread (ms):", w.models, self.iterations)?;
        writeln!(f, "  {:<8} {:>10} {:>14}", "phase", "warm", "fresh process")?;
        for (name, warm, fresh) in [
            ("read", w.phases.read, c.phases.read),
            ("parse", w.phases.parse, c.phases.parse),
            ("resolve", w.phases.resolve, c.phases.resolve),
            ("emit", w.phases.emit, c.phases.emit),
            ("format", w.phases.format, c.phases.format),
            ("write", w.write, c.write),
            ("total", w.total, c.total),
        ] {
            writeln!(f, "  {name:<8} {:>10.2} {:>14.2}", ms(warm), ms(fresh))?;
        }
        writeln!(f, "floors (warm): pulldown-cmark {:.2} ms + prettyplease {:.2} ms = {:.2} ms", ms(self.markdown_floor), ms(self.print_floor), ms(self.floors()))?;
        writeln!(f, "ratio warm total / floors: {:.2}", self.ratio())?;
        writeln!(
            f,
            "syntax trees of the output (cloned and dropped): {:.2} ms; floors + trees / floors = {:.2}, about the least ratio a syn + prettyplease emitter can reach",
            ms(self.trees),
            self.design_ratio()
        )?;
        writeln!(f, "ratio warm total / (floors + trees): {:.2}", self.trees_ratio())?;
        let threads = if w.models >= crate::TWO_THREADS_FROM { "two threads" } else { "one thread" };
        write!(
            f,
            "default run, {threads} (two from {} models up), fresh process: {:.2} ms ({:.2}x the single-threaded fresh total)",
            crate::TWO_THREADS_FROM,
            ms(self.parallel_total),
            self.parallel_total.as_secs_f64() / c.total.as_secs_f64()
        )
    }
}

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples.get(samples.len() / 2).copied().unwrap_or_default()
}

/// The times of one run of the generator.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Sample {
    pub models: usize,
    pub phases: Timings,
    pub write: Duration,
    /// Generating, writing, and dropping everything the run made.
    pub total: Duration,
}

impl Sample {
    /// The sample as one line of numbers (nanoseconds), for a process to report it.
    pub fn to_line(&self) -> String {
        let p = &self.phases;
        let nanos = [p.read, p.parse, p.resolve, p.emit, p.format, self.write, self.total].map(|d| d.as_nanos());
        let mut line = self.models.to_string();
        for n in nanos {
            let _ = write!(line, " {n}");
        }
        line
    }

    /// The median of each time.
    pub fn median(samples: &[Sample]) -> Sample {
        let pick = |f: fn(&Sample) -> Duration| median(samples.iter().map(f).collect());
        Sample {
            models: samples.first().map_or(0, |s| s.models),
            phases: Timings {
                read: pick(|s| s.phases.read),
                parse: pick(|s| s.phases.parse),
                resolve: pick(|s| s.phases.resolve),
                emit: pick(|s| s.phases.emit),
                format: pick(|s| s.phases.format),
            },
            write: pick(|s| s.write),
            total: pick(|s| s.total),
        }
    }

    /// Reads back what [`Sample::to_line`] wrote.
    pub fn from_line(line: &str) -> Option<Sample> {
        let mut numbers = line.split_whitespace().map(|n| n.parse::<u64>().ok());
        let models = usize::try_from(numbers.next()??).ok()?;
        let mut next = || numbers.next().flatten().map(Duration::from_nanos);
        let phases = Timings { read: next()?, parse: next()?, resolve: next()?, emit: next()?, format: next()? };
        Some(Sample { models, phases, write: next()?, total: next()? })
    }
}

/// Generates `spec` into an empty folder `out` and writes the files, timing each phase:
/// on this thread alone, or as the default run does when `parallel` (two threads emitting
/// and formatting, from [`crate::TWO_THREADS_FROM`] models).
/// The error is the text to print (the spec's diagnostics, or why writing failed).
pub fn sample(spec: &Path, out: &Path, parallel: bool) -> Result<Sample, String> {
    let _ = fs::remove_dir_all(out);
    // The source tree with direct dependencies, as the numbers in the README were taken.
    let options = Config::new().output(Output::SourceTree).direct_dependencies(true).single_thread(!parallel);
    let start = Instant::now();
    let (result, phases) = options.generate_timed(spec);
    let generated = result.map_err(|failure| failure.to_string())?;
    let before_write = Instant::now();
    write_files(out, &generated.files)
        .map_err(|e| format!("error: cannot write to `{}`: {e}\n", out.display()))?;
    let write = before_write.elapsed();
    let models = generated.stats.models;
    drop(generated);
    Ok(Sample { models, phases, write, total: start.elapsed() })
}

/// Benchmarks generating `spec` `iterations` times in fresh processes (each run taken by
/// `fresh_sample`, which generates into the folder it is given, single-threaded or as the
/// default run) and as many times in this process, then the floors, in this process.
///
/// Both kinds of run are reported because they differ, and not always the same way: a
/// fresh process pays for faulting in every page of its heap (310k faults at 100k
/// models, seconds on a VM), while a warm one reuses memory an earlier run freed, laid
/// out as that run left it. The ratio to the floors uses the warm runs, measured as the
/// floors are; the fresh ones are what users wait for.
pub fn run(
    spec: &Path,
    iterations: usize,
    scratch: &Path,
    fresh_sample: &mut dyn FnMut(&Path, &Path, bool) -> Result<Sample, String>,
) -> Result<Report, String> {
    let iterations = iterations.max(1);
    let out = scratch.join("run");
    // Fresh processes first, while this one holds no large heap of its own.
    let mut fresh = Vec::new();
    let mut parallel = Vec::new();
    for _ in 0..iterations {
        fresh.push(fresh_sample(spec, &out, false)?);
        parallel.push(fresh_sample(spec, &out, true)?.total);
    }
    let mut warm = Vec::new();
    for _ in 0..iterations {
        warm.push(sample(spec, &out, false).map_err(|e| e.trim_end().to_owned())?);
    }

    // The floors, on the same input and output, in the same run. The docs exactly as the
    // generator reads them (same files, byte order marks off).
    let loaded = crate::source::load(spec).map_err(|errors| {
        errors.iter().map(|e| e.message.as_str()).collect::<Vec<_>>().join("\n")
    })?;
    let docs: Vec<&str> = loaded.docs.iter().map(|&id| loaded.sources.get(id).text.as_str()).collect();
    let mut markdown = Vec::new();
    for _ in 0..iterations {
        let start = Instant::now();
        let mut events = 0usize;
        for text in &docs {
            events += Parser::new_ext(text, MdOptions::ENABLE_TABLES | MdOptions::ENABLE_STRIKETHROUGH)
                .into_offset_iter()
                .count();
        }
        markdown.push(start.elapsed());
        std::hint::black_box(events);
    }
    // The output (the last run's files) is the same every run: its trees are parsed once.
    let chunks = output_chunks(&out)?;
    let mut print = Vec::new();
    let mut trees_cost = Vec::new();
    for _ in 0..iterations {
        let start = Instant::now();
        let mut bytes = 0usize;
        for chunk in &chunks {
            bytes += prettyplease::unparse(chunk).len();
        }
        print.push(start.elapsed());
        std::hint::black_box(bytes);

        let start = Instant::now();
        for chunk in &chunks {
            drop(std::hint::black_box(chunk.clone()));
        }
        trees_cost.push(start.elapsed());
    }
    let _ = fs::remove_dir_all(&out);
    Ok(Report {
        iterations,
        warm: Sample::median(&warm),
        fresh: Sample::median(&fresh),
        parallel_total: median(parallel),
        markdown_floor: median(markdown),
        print_floor: median(print),
        trees: median(trees_cost),
    })
}

/// Items of the output printed together by the print floor: about what the generator
/// prints at once (32 models, of one to four items each).
pub const FLOOR_CHUNK: usize = 64;

/// The syntax trees of the Rust files a run wrote into `out`, [`FLOOR_CHUNK`] items a
/// tree (a file's inner attributes go with its first).
fn output_chunks(out: &Path) -> Result<Vec<syn::File>, String> {
    let cannot = |e: io::Error| format!("cannot read the output in `{}`: {e}", out.display());
    let mut paths: Vec<PathBuf> = fs::read_dir(out)
        .map_err(cannot)?
        .map(|entry| entry.map(|e| e.path()))
        .collect::<Result<_, _>>()
        .map_err(cannot)?;
    paths.retain(|path| path.extension().is_some_and(|e| e == "rs"));
    paths.sort();
    let mut chunks = Vec::new();
    for path in &paths {
        let text = fs::read_to_string(path).map_err(cannot)?;
        let file = syn::parse_file(&text).map_err(|e| format!("`{}` does not parse: {e}", path.display()))?;
        let empty = || syn::File { shebang: None, frontmatter: None, attrs: Vec::new(), items: Vec::new() };
        let mut chunk = syn::File { attrs: file.attrs, ..empty() };
        for item in file.items {
            if chunk.items.len() == FLOOR_CHUNK {
                chunks.push(std::mem::replace(&mut chunk, empty()));
            }
            chunk.items.push(item);
        }
        chunks.push(chunk);
    }
    Ok(chunks)
}

/// A small deterministic random source (a linear congruential generator), so the same
/// `models` always gives the same spec.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, below: usize) -> usize {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % below.max(1)
    }
}

/// Writes a spec of `models` docs into `dir` with the mix of constructs of real trees:
/// about 80% structs of 2 to 9 fields (strings, numbers, dates, lists, maps, links to
/// other models, Optional and JsonNullable, examples), 15% enums and 5% docs with no
/// table, in `components`, `operations` and `errors` folders.
pub fn write_synthetic(dir: &Path, models: usize) -> io::Result<PathBuf> {
    let _ = fs::remove_dir_all(dir);
    for group in ["components", "operations", "errors"] {
        fs::create_dir_all(dir.join("models").join(group))?;
    }
    let mut rng = Lcg(models as u64);
    let group_of = |i: usize| match i % 20 {
        0 => "errors",
        1..=5 => "operations",
        _ => "components",
    };
    let kind_of = |i: usize| match i % 20 {
        3 | 11 | 17 => 'e',
        7 => 'a',
        _ => 's',
    };
    let link = |i: usize| format!("../../models/{}/Model{i}.md", group_of(i));
    for i in 0..models {
        let mut doc = format!("# Model{i}\n\nModel number {i} of the synthetic spec, with `code` and a [link](https://example.com/{i}).\n\n");
        match kind_of(i) {
            'e' => {
                doc.push_str("## Values\n\n| Name | Value |\n| ---- | ----- |\n");
                for v in 0..2 + rng.next(6) {
                    let _ = writeln!(doc, "| `VALUE_{v}` | value_{v} |");
                }
            }
            'a' => {}
            _ => {
                doc.push_str("## Fields\n\n| Field | Type | Required | Description | Example |\n| ----- | ---- | -------- | ----------- | ------- |\n");
                for f in 0..2 + rng.next(8) {
                    let required = rng.next(2) == 0;
                    let marker = if required { ":heavy_check_mark:" } else { ":heavy_minus_sign:" };
                    // Links go to earlier models, so every target exists.
                    let target = (i > 0).then(|| rng.next(i));
                    let (ty, example) = match (rng.next(12), target) {
                        (0, _) => ("*String*".to_owned(), "some text".to_owned()),
                        (1, _) => ("*Optional\\<String>*".to_owned(), String::new()),
                        (2, _) => ("*JsonNullable\\<Long>*".to_owned(), "42".to_owned()),
                        (3, _) => ("*int*".to_owned(), "7".to_owned()),
                        (4, _) => ("*double*".to_owned(), "1.5".to_owned()),
                        (5, _) => ("*boolean*".to_owned(), "true".to_owned()),
                        (6, _) => ("[OffsetDateTime](https://docs.oracle.com/javase/8/docs/api/java/time/OffsetDateTime.html)".to_owned(), "2024-10-17T14:30:00Z".to_owned()),
                        (7, _) => ("List\\<*String*>".to_owned(), "[\"a\", \"b\"]".to_owned()),
                        (8, _) => ("Map\\<String, *Object*>".to_owned(), "{<br/>\"k\": 1<br/>}".to_owned()),
                        (9, Some(t)) if kind_of(t) != 'a' => (format!("[Optional\\<Model{t}>]({})", link(t)), String::new()),
                        (10, Some(t)) => (format!("List\\<[Model{t}]({})>", link(t)), String::new()),
                        (11, Some(t)) => (format!("[JsonNullable\\<Model{t}>]({})", link(t)), String::new()),
                        _ => ("*Long*".to_owned(), "1250".to_owned()),
                    };
                    let _ = writeln!(doc, "| `field{f}Name` | {ty} | {marker} | Field {f} of model {i}.<br/>See the docs. | {example} |");
                }
            }
        }
        fs::write(dir.join("models").join(group_of(i)).join(format!("Model{i}.md")), doc)?;
    }
    Ok(dir.join("models"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sample_survives_its_line() {
        let sample = Sample {
            models: 214,
            phases: Timings {
                read: Duration::from_nanos(1),
                parse: Duration::from_nanos(22),
                resolve: Duration::from_nanos(333),
                emit: Duration::from_nanos(4_444),
                format: Duration::from_nanos(55_555),
            },
            write: Duration::from_nanos(666_666),
            total: Duration::from_secs(7),
        };
        assert_eq!(Sample::from_line(&sample.to_line()), Some(sample));
        assert_eq!(Sample::from_line("214 1 2 3"), None);
        assert_eq!(Sample::from_line("error"), None);
    }
}
