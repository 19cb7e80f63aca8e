//! Two threads emit exactly what one thread does, on a spec large enough for the default
//! run to use two.

mod common;

use std::time::Duration;

use docmodels_build::{Config, Output, TWO_THREADS_FROM};

#[test]
fn two_threads_emit_what_one_thread_does() {
    let spec = docmodels_build::bench::write_synthetic(&common::scratch("threads"), TWO_THREADS_FROM).unwrap();
    let (one, one_timings) = Config::new().output(Output::SourceTree).single_thread(true).generate_timed(&spec);
    let (two, two_timings) = Config::new().output(Output::SourceTree).generate_timed(&spec);
    let (one, two) = (one.unwrap_or_else(|f| panic!("{f}")), two.unwrap_or_else(|f| panic!("{f}")));
    assert_eq!(one.stats.models, TWO_THREADS_FROM);
    // One thread times formatting apart; two threads format as they emit, so the
    // default run did use two.
    assert!(one_timings.format > Duration::ZERO);
    assert_eq!(two_timings.format, Duration::ZERO);
    assert_eq!(one.files.keys().collect::<Vec<_>>(), two.files.keys().collect::<Vec<_>>());
    for (path, text) in &one.files {
        assert!(two.files[path] == *text, "{path} differs between one thread and two");
    }
}
