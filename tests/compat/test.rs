//! The compatibility corpus (`compat/<category>/*.py`, see `runner.rs`): every program not
//! in `compat/expected-failures.txt` prints what CPython prints, and every listed one still
//! fails (remove it from the list when it passes). `cargo xtask compat` shows the diffs.

mod runner;

#[test]
fn corpus_matches_cpython() {
    let options = runner::Options::discover();
    let report = runner::run(&options).unwrap_or_else(|e| panic!("{e}"));
    let summary = report.summary();
    println!("{summary}");
    let failed: Vec<&str> = report
        .unexpected_failures()
        .iter()
        .map(|r| r.name.as_str())
        .collect();
    let passed: Vec<&str> = report
        .unexpected_passes()
        .iter()
        .map(|r| r.name.as_str())
        .collect();
    assert!(
        report.clean(),
        "programs that fail and are not in tests/compat/expected-failures.txt: {}\n\
         programs in that list that pass now (remove them): {}\n{summary}",
        failed.join(" "),
        passed.join(" "),
    );
}
