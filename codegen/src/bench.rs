//! The benchmark behind `codegen bench`: the time of each phase on one spec folder, set
//! against two floors measured in the same run, and a synthetic spec generator for
//! measuring how time grows with the number of models.
//!
//! The floors are what no generator built on these crates can avoid: pulldown-cmark
//! parsing the same docs (tables on), and prettyplease printing the same output.
//!
//! A third reference is what this design adds on top of them: printing with prettyplease
//! means holding the output as `syn` syntax trees, which must be built and dropped. Their
//! cost is measured as cloning and dropping the same trees (a clone makes the same
//! allocations as building them, without any of the generator's own work).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use pulldown_cmark::{Options as MdOptions, Parser};

use crate::{generate_timed, write_files, Options, Timings};

/// Median times of one benchmark.
#[derive(Debug, Clone, Default)]
pub struct Report {
    pub models: usize,
    pub iterations: usize,
    pub phases: Timings,
    pub write: Duration,
    /// The whole single-threaded run: every phase and the write.
    pub total: Duration,
    /// pulldown-cmark parsing every doc, tables on.
    pub markdown_floor: Duration,
    /// prettyplease printing every output file.
    pub print_floor: Duration,
    /// Building and dropping the syntax trees of every output file (as a clone and a drop).
    pub trees: Duration,
    /// The default run, with two threads emitting and formatting.
    pub parallel_total: Duration,
}

impl Report {
    /// total / (sum of the floors)
    pub fn ratio(&self) -> f64 {
        self.total.as_secs_f64() / (self.markdown_floor + self.print_floor).as_secs_f64()
    }

    /// The least ratio this design can reach: the floors and the syntax trees, and no
    /// other work at all.
    pub fn design_ratio(&self) -> f64 {
        (self.markdown_floor + self.print_floor + self.trees).as_secs_f64()
            / (self.markdown_floor + self.print_floor).as_secs_f64()
    }
}

impl std::fmt::Display for Report {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        let p = &self.phases;
        writeln!(f, "{} models, median of {} runs (single thread unless noted):", self.models, self.iterations)?;
        for (name, d) in [
            ("read", p.read),
            ("parse", p.parse),
            ("resolve", p.resolve),
            ("emit", p.emit),
            ("format", p.format),
            ("write", self.write),
        ] {
            writeln!(f, "  {name:<8} {:>9.2} ms", ms(d))?;
        }
        writeln!(f, "  {:<8} {:>9.2} ms", "total", ms(self.total))?;
        writeln!(f, "floors: pulldown-cmark {:.2} ms + prettyplease {:.2} ms = {:.2} ms", ms(self.markdown_floor), ms(self.print_floor), ms(self.markdown_floor + self.print_floor))?;
        writeln!(f, "ratio total / floors: {:.2}", self.ratio())?;
        writeln!(
            f,
            "syntax trees of the output (built and dropped): {:.2} ms; floors + trees / floors = {:.2}, the least ratio a syn + prettyplease emitter can reach",
            ms(self.trees),
            self.design_ratio()
        )?;
        write!(f, "two threads: {:.2} ms ({:.2}x the single-threaded total)", ms(self.parallel_total), self.parallel_total.as_secs_f64() / self.total.as_secs_f64())
    }
}

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples.get(samples.len() / 2).copied().unwrap_or_default()
}

/// Benchmarks generating `spec` `iterations` times; output goes to a scratch folder.
pub fn run(spec: &Path, iterations: usize, scratch: &Path) -> Result<Report, String> {
    let iterations = iterations.max(1);
    // The docs exactly as the generator reads them (same files, byte order marks off).
    let loaded = crate::source::load(spec).map_err(|errors| {
        errors.iter().map(|e| e.message.as_str()).collect::<Vec<_>>().join("\n")
    })?;
    let docs: Vec<&str> = loaded.docs.iter().map(|&id| loaded.sources.get(id).text.as_str()).collect();
    let single = Options { single_thread: true, ..Options::default() };

    // Generation runs first, all of it; the floors come after. The print floor holds the
    // output's syntax trees, gigabytes for a large spec: generating in a heap that holds
    // them (or was just churned by cloning them) timed the allocator, not the generator.
    let mut phases = Vec::new();
    let mut writes = Vec::new();
    let mut totals = Vec::new();
    let mut models = 0;
    let out = scratch.join("run");
    let mut files = BTreeMap::new();
    for _ in 0..iterations {
        // Every run writes into an empty folder (removed before the clock starts).
        let _ = fs::remove_dir_all(&out);
        let start = Instant::now();
        let (result, timings) = generate_timed(spec, &single);
        let mut generated = result.map_err(|failure| failure.to_string())?;
        let before_write = Instant::now();
        write_files(&out, &generated.files).map_err(|e| format!("cannot write to `{}`: {e}", out.display()))?;
        writes.push(before_write.elapsed());
        models = generated.stats.models;
        // Everything the run made is dropped inside the clock; the first output is kept
        // for the print floor.
        if files.is_empty() {
            files = std::mem::take(&mut generated.files);
        }
        drop(generated);
        totals.push(start.elapsed());
        phases.push(timings);
    }
    let mut parallel = Vec::new();
    for _ in 0..iterations {
        let start = Instant::now();
        drop(generate_timed(spec, &Options::default()));
        parallel.push(start.elapsed());
    }

    // The floors, on the same input and output, in the same run.
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
    // The output is the same every run: its trees are parsed once.
    let trees: Vec<syn::File> = files.values().filter_map(|text| syn::parse_file(text).ok()).collect();
    drop(files);
    let mut print = Vec::new();
    let mut trees_cost = Vec::new();
    for _ in 0..iterations {
        let start = Instant::now();
        let mut bytes = 0usize;
        for tree in &trees {
            bytes += prettyplease::unparse(tree).len();
        }
        print.push(start.elapsed());
        std::hint::black_box(bytes);

        let start = Instant::now();
        drop(std::hint::black_box(trees.clone()));
        trees_cost.push(start.elapsed());
    }
    let _ = fs::remove_dir_all(&out);
    let pick = |f: fn(&Timings) -> Duration| median(phases.iter().map(f).collect());
    Ok(Report {
        models,
        iterations,
        phases: Timings {
            read: pick(|t| t.read),
            parse: pick(|t| t.parse),
            resolve: pick(|t| t.resolve),
            emit: pick(|t| t.emit),
            format: pick(|t| t.format),
        },
        write: median(writes),
        total: median(totals),
        markdown_floor: median(markdown),
        print_floor: median(print),
        trees: median(trees_cost),
        parallel_total: median(parallel),
    })
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
