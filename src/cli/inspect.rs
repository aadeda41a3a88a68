//! `certpreflight inspect`: decode and describe files and folders, judging no target.

use super::args::{password, Format, InspectArgs, STDIN};
use super::{instant, read, render, UsageError};
use certpreflight::{inspect_with, Severity};
use std::collections::HashSet;
use std::path::{Path, PathBuf};

pub(crate) fn run(args: &InspectArgs) -> Result<i32, UsageError> {
    let at = instant(args.at.as_deref())?;
    if args.files.iter().filter(|f| f.as_os_str() == STDIN).count() > 1 {
        return Err(UsageError(
            "standard input (-) can be read only once: give `-` as one input at most".into(),
        ));
    }
    let password = password(args.password_file.as_deref())?;
    let mut unreadable = Vec::new();
    let mut files = Vec::new();
    for path in &args.files {
        walk(
            path,
            args.recursive,
            &mut HashSet::new(),
            &mut files,
            &mut unreadable,
        );
    }
    let mut failed = false;
    let mut reports = Vec::new();
    for path in files {
        match read(&path) {
            Ok(bytes) => {
                let report = inspect_with(&bytes, at, password.as_ref());
                failed |= report
                    .findings
                    .iter()
                    .any(|f| f.severity == Severity::Error);
                let name = if path.as_os_str() == STDIN {
                    "(standard input)".to_string()
                } else {
                    path.display().to_string()
                };
                reports.push((name, report));
            }
            Err(UsageError(e)) => unreadable.push(e),
        }
    }
    match args.format {
        Format::Json => {
            let list: Vec<serde_json::Value> = reports
                .iter()
                .map(|(file, r)| serde_json::json!({ "file": file, "report": r }))
                .collect();
            println!(
                "{}",
                serde_json::to_string_pretty(&list).unwrap_or_default()
            );
        }
        Format::Jsonl => {
            for (file, r) in &reports {
                let line = serde_json::json!({ "file": file, "report": r });
                println!("{}", serde_json::to_string(&line).unwrap_or_default());
            }
        }
        Format::Text => {
            let mut out = String::new();
            for (file, r) in &reports {
                render::inspect(&mut out, file, r, args.warn_days);
            }
            print!("{out}");
        }
    }
    // What could not be read is said last, where it is seen, and decides the exit status.
    for e in &unreadable {
        eprintln!("certpreflight: {e}");
    }
    Ok(if !unreadable.is_empty() {
        2
    } else if failed {
        1
    } else {
        0
    })
}

/// The files a path names: itself, or a folder's files by name (its folders too with
/// `recursive`; a folder reached twice through links is read once).
fn walk(
    path: &Path,
    recursive: bool,
    seen: &mut HashSet<PathBuf>,
    files: &mut Vec<PathBuf>,
    unreadable: &mut Vec<String>,
) {
    if path.as_os_str() == STDIN || !path.is_dir() {
        files.push(path.to_path_buf());
        return;
    }
    if let Ok(real) = path.canonicalize() {
        if !seen.insert(real) {
            return;
        }
    }
    let entries = match std::fs::read_dir(path) {
        Ok(e) => e,
        Err(e) => {
            unreadable.push(format!("{}: {e}", path.display()));
            return;
        }
    };
    let mut names: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    names.sort();
    for p in names {
        if p.is_dir() {
            if recursive {
                walk(&p, recursive, seen, files, unreadable);
            }
        } else {
            files.push(p);
        }
    }
}
