//! Replays kept fuzz inputs (tests/fuzz_regressions/<target>/) and the whole fixture tree as
//! ordinary tests, so "never panics, always a report" stays true without the fuzzer.
//! The `check` target's inputs go through the fuzz target's own harness (fuzz/harness.rs),
//! so the same bytes become the same requests; every input is also opened as PKCS#12.
#![cfg(not(target_arch = "wasm32"))]

#[path = "../fuzz/harness.rs"]
mod harness;

use certpreflight::{classify, inspect};
use std::path::{Path, PathBuf};

fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                todo.push(p);
            } else {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Through `inspect` and `classify`: a report that says something, whatever the bytes.
fn replay_decode(path: &Path, data: &[u8]) {
    let report = inspect(data, harness::AT);
    assert!(!report.kind.is_empty(), "{}", path.display());
    assert!(
        !(report.certificates.is_empty() && report.keys.is_empty() && report.findings.is_empty()),
        "{}: inspect said nothing",
        path.display()
    );
    for f in &report.findings {
        assert!(!f.message.is_empty() && !f.source.is_empty(), "{f:?}");
    }
    let _ = classify(data);
}

/// Through every target, as the fuzz target builds the requests and judges them.
fn replay_check(path: &Path, data: &[u8]) -> usize {
    let mut checks = 0;
    for request in harness::requests(data) {
        for report in harness::reports(&request) {
            harness::assert_sound(&report);
            assert!(
                !report.findings.is_empty(),
                "{}: {} gave no finding",
                path.display(),
                report.service
            );
            checks += 1;
        }
    }
    checks
}

/// Through `open_pkcs12` with the fixtures' password, as the `pkcs12` fuzz target does.
fn replay_pkcs12(path: &Path, data: &[u8]) {
    if let Err(finding) = certpreflight::open_pkcs12(data, "test") {
        assert!(!finding.message.is_empty(), "{}", path.display());
    }
}

#[test]
fn fuzz_regressions_replay_without_panic() {
    let dir = root().join("tests/fuzz_regressions");
    let mut replayed = 0;
    for path in files_under(&dir) {
        if path.extension().is_some_and(|e| e == "md")
            || path.file_name().is_some_and(|n| n == ".gitkeep")
        {
            continue;
        }
        let data = std::fs::read(&path).unwrap();
        replay_decode(&path, &data);
        replay_check(&path, &data);
        replay_pkcs12(&path, &data);
        replayed += 1;
    }
    eprintln!("replayed {replayed} fuzz regression files");
}

#[test]
fn fixture_corpus_replays_without_panic() {
    let files = files_under(&root().join("tests/fixtures"));
    assert!(files.len() > 100, "only {} fixture files", files.len());
    let mut checks = 0;
    for path in &files {
        let data = std::fs::read(path).unwrap();
        replay_decode(path, &data);
        checks += replay_check(path, &data);
        replay_pkcs12(path, &data);
    }
    eprintln!("{} fixture files, {checks} checks", files.len());
}
