//! `certpreflight inspect`: decode and describe files, judging no target.

use super::args::Format;
use super::{instant, read, render, UsageError};
use certpreflight::{inspect, Severity};
use std::path::PathBuf;

pub(crate) fn run(files: &[PathBuf], at: Option<&str>, format: Format) -> Result<i32, UsageError> {
    let at = instant(at)?;
    let mut failed = false;
    let mut reports = Vec::new();
    for path in files {
        let bytes = read(path)?;
        let report = inspect(&bytes, at);
        failed |= report
            .findings
            .iter()
            .any(|f| f.severity == Severity::Error);
        reports.push((path.display().to_string(), report));
    }
    match format {
        Format::Json | Format::Jsonl => {
            let list: Vec<serde_json::Value> = reports
                .iter()
                .map(|(file, r)| serde_json::json!({ "file": file, "report": r }))
                .collect();
            println!(
                "{}",
                serde_json::to_string_pretty(&list).unwrap_or_default()
            );
        }
        Format::Text => {
            let mut out = String::new();
            for (file, r) in &reports {
                render::inspect(&mut out, file, r);
            }
            print!("{out}");
        }
    }
    Ok(if failed { 1 } else { 0 })
}
