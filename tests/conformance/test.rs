//! MicroPython's own test suite, through the sandbox: every test that is not in
//! `conformance/exclusions.txt` (with its reason) must pass. See `runner.rs`;
//! `cargo xtask conformance` runs the same suite with a readable report.

mod runner;

#[test]
fn micropython_test_suite_passes() {
    let options = runner::Options::discover();
    let report = runner::run(&options).unwrap_or_else(|e| panic!("{e}"));
    let summary = report.summary();
    println!("{summary}");
    report
        .write_json(&options.default_json())
        .unwrap_or_else(|e| panic!("{e}"));
    let failed: Vec<&str> = report.failed().iter().map(|r| r.name.as_str()).collect();
    assert!(
        failed.is_empty(),
        "{} MicroPython tests failed: {}\n(outputs in {}; fix the port, or exclude a test in \
         tests/conformance/exclusions.txt only for a documented sandbox limit)\n{summary}",
        failed.len(),
        failed.join(" "),
        options.work_dir.join("results").display(),
    );
}
