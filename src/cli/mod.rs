//! The command-line interface: parse arguments, read files, call the engine, render what it
//! says. Exit status: 0 no error finding, 1 at least one error finding, 2 usage or I/O problem.

mod args;
mod check;
mod fix;
mod fleet;
mod inspect;
mod listing;
mod render;

use args::{CheckArgs, FixArgs, Format};
use certpreflight::parse_rfc3339;
use clap::{Parser, Subcommand};
use std::path::{Path, PathBuf};
use zeroize::Zeroizing;

#[derive(Parser)]
#[command(
    name = "certpreflight",
    version,
    about = "Check certificates, private keys and chains against AWS import rules, locally."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Judge a certificate, key and chain against one target, several (--service a,b), or
    /// every target that takes a certificate (--service all), from one analysis.
    ///
    /// Fleet mode (iot, iot-ca): when --cert is a directory, a bundle of several
    /// certificates, or --format jsonl is asked for, every certificate is checked against the
    /// CA given as --chain, on every core; jsonl prints one line per certificate, text a
    /// summary (counts by verdict and finding code, near-expiry counts, soonest expiries).
    Check(Box<CheckArgs>),
    /// Write the mechanically fixed PEM files (cert.pem, chain.pem, key.pem) into --out,
    /// then check them and print the report of the fixed set.
    Fix(Box<FixArgs>),
    /// Decode and describe any file, with no service judgement.
    Inspect {
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// The evaluation instant (RFC 3339); default now.
        #[arg(long)]
        at: Option<String>,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// List the target ids, one per line (id, tab, summary; deprecated ones say so).
    Services,
    /// List the built-in trust anchors (Mozilla's roots, Amazon Trust Services', Amazon
    /// RDS's) with their sources: set, name, SHA-256, validity.
    Anchors {
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// List every rule: id, finding code, severity, title, source, and whether it is
    /// confirmed or UNCONFIRMED.
    Rules {
        /// Only the rules this target runs.
        #[arg(long)]
        service: Option<String>,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
}

/// A problem that is the caller's, not the inputs': exit status 2.
pub(crate) struct UsageError(pub String);

pub fn run() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() { 2 } else { 0 };
        }
    };
    let result = match cli.command {
        Command::Services => listing::services(),
        Command::Rules { service, format } => listing::rules(service.as_deref(), format),
        Command::Anchors { format } => listing::anchors(format),
        Command::Inspect { files, at, format } => inspect::run(&files, at.as_deref(), format),
        Command::Check(args) => check::run(*args),
        Command::Fix(args) => fix::run(*args),
    };
    match result {
        Ok(code) => code,
        Err(UsageError(msg)) => {
            eprintln!("certpreflight: {msg}");
            2
        }
    }
}

/// The evaluation instant: `--at`, else now.
pub(crate) fn instant(at: Option<&str>) -> Result<i64, UsageError> {
    match at {
        Some(text) => parse_rfc3339(text).map_err(|e| UsageError(format!("--at: {e}"))),
        None => Ok(std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs() as i64)
            .unwrap_or(0)),
    }
}

/// Reads an input file into a buffer that is wiped when dropped: any input may hold a key
/// (a combined PEM, a PKCS#12 given as the certificate).
pub(crate) fn read(path: &Path) -> Result<Zeroizing<Vec<u8>>, UsageError> {
    let meta =
        std::fs::metadata(path).map_err(|e| UsageError(format!("{}: {e}", path.display())))?;
    if meta.len() > certpreflight::MAX_INPUT_BYTES as u64 * 4 {
        return Err(UsageError(format!(
            "{}: {} bytes is far too large for a certificate file",
            path.display(),
            meta.len()
        )));
    }
    std::fs::read(path)
        .map(Zeroizing::new)
        .map_err(|e| UsageError(format!("{}: {e}", path.display())))
}
