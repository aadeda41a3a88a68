//! The command-line interface: parse arguments, read files, call the engine, render what it
//! says. The exit statuses, the same for every subcommand, are [`EXIT_STATUSES`].

mod args;
mod check;
mod fix;
mod fleet;
mod inspect;
mod junit;
mod listing;
mod render;
mod sarif;

use args::{CheckArgs, FixArgs, Format, STDIN};
use certpreflight::parse_rfc3339;
use clap::{CommandFactory, Parser, Subcommand, ValueEnum};
use std::io::Read;
use std::path::Path;
use zeroize::Zeroizing;

/// The exit statuses, the same for every subcommand (also in `--help` and the man page).
pub(crate) const EXIT_STATUSES: &str = "\
Exit status (every subcommand):
  0  no error finding (with --fail-on warning: no warning either)
  1  at least one error finding (with --fail-on warning: or a warning)
  2  a usage or I/O problem (a bad flag, a file that cannot be read)
  3  incomplete: nothing wrong so far, but an input the answer needs is missing";

#[derive(Parser)]
#[command(
    name = "certpreflight",
    version,
    about = "Check certificates, private keys and chains against AWS import rules, locally.",
    after_help = EXIT_STATUSES
)]
struct Cli {
    /// Colour on a terminal: auto (unless NO_COLOR is set), always or never.
    #[arg(long, value_enum, global = true, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    color: ColorChoice,
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ColorChoice {
    Auto,
    Always,
    Never,
}

impl ColorChoice {
    /// Whether to colour standard output.
    fn enabled(self) -> bool {
        use std::io::IsTerminal;
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                    && std::io::stdout().is_terminal()
            }
        }
    }
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
    ///
    /// Text marks each certificate EXPIRED, NOT YET VALID or EXPIRING (--warn-days) at --at.
    /// A path that cannot be read is reported and the others are still described; the exit
    /// status is then 2.
    Inspect(args::InspectArgs),
    /// List the target ids, one per line (id, tab, summary; deprecated ones say so).
    Services,
    /// List the built-in trust anchors (Mozilla's roots, Amazon Trust Services', Amazon
    /// RDS's) with their sources: set, name, SHA-256, validity.
    Anchors {
        #[arg(short, long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// List every rule: id, finding code, severity, title, source, and whether it is
    /// confirmed or UNCONFIRMED.
    Rules {
        /// Only the rules this target runs.
        #[arg(short, long, value_name = "ID")]
        service: Option<String>,
        #[arg(short, long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Print a shell completion script: certpreflight completions bash > FILE.
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff): certpreflight man > certpreflight.1.
    Man,
}

/// A problem that is the caller's, not the inputs': exit status 2.
pub(crate) struct UsageError(pub String);

/// The whole command-line definition: every subcommand's help ends with the exit statuses.
fn definition() -> clap::Command {
    Cli::command().mut_subcommands(|sub| sub.after_help(EXIT_STATUSES))
}

pub fn run() -> i32 {
    use clap::FromArgMatches;
    let cli = match definition()
        .try_get_matches()
        .and_then(|m| Cli::from_arg_matches(&m))
    {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() { 2 } else { 0 };
        }
    };
    let color = cli.color.enabled();
    let result = match cli.command {
        Command::Services => listing::services(),
        Command::Rules { service, format } => listing::rules(service.as_deref(), format),
        Command::Anchors { format } => listing::anchors(format),
        Command::Inspect(args) => inspect::run(&args),
        Command::Check(args) => check::run(*args, color),
        Command::Fix(args) => fix::run(*args, color),
        Command::Completions { shell } => {
            let mut command = definition();
            clap_complete::generate(shell, &mut command, "certpreflight", &mut std::io::stdout());
            Ok(0)
        }
        Command::Man => man(),
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

/// The man page, from the same clap definition as `--help`.
fn man() -> Result<i32, UsageError> {
    let page = clap_mangen::Man::new(definition());
    let mut out = Vec::new();
    page.render(&mut out)
        .map_err(|e| UsageError(format!("the man page: {e}")))?;
    use std::io::Write;
    std::io::stdout()
        .write_all(&out)
        .map_err(|e| UsageError(format!("standard output: {e}")))?;
    Ok(0)
}

/// Reads an input file into a buffer that is wiped when dropped: any input may hold a key
/// (a combined PEM, a PKCS#12 given as the certificate). `-` is standard input.
pub(crate) fn read(path: &Path) -> Result<Zeroizing<Vec<u8>>, UsageError> {
    let limit = certpreflight::MAX_INPUT_BYTES as u64 * 4;
    if path.as_os_str() == STDIN {
        let mut bytes = Zeroizing::new(Vec::new());
        std::io::stdin()
            .lock()
            .take(limit + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| UsageError(format!("standard input: {e}")))?;
        if bytes.len() as u64 > limit {
            return Err(UsageError(
                "standard input: more than 16 MiB is far too large for a certificate file".into(),
            ));
        }
        return Ok(bytes);
    }
    let meta =
        std::fs::metadata(path).map_err(|e| UsageError(format!("{}: {e}", path.display())))?;
    if meta.len() > limit {
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
