//! `certpreflight fix`: write the mechanically fixed PEM files, then check them.

use super::args::{CheckFormat, FixArgs, Loaded, Targets};
use super::check::print_report;
use super::render::Style;
use super::sarif::Paths;
use super::{read, UsageError};
use certpreflight::{check, repair, Options, Repair};
use std::path::Path;
use zeroize::Zeroizing;

pub(crate) fn run(args: FixArgs, color: bool) -> Result<i32, UsageError> {
    let FixArgs {
        check: args,
        out,
        force,
    } = args;
    let style = Style::new(color, &args.output);
    let Targets::One(service) = args.targets()? else {
        return Err(UsageError(
            "fix writes the files for one target: give --service ID".into(),
        ));
    };
    args.check_options(&[service])?;
    let at = args.instant()?;
    let loaded = args.load()?;
    let options = args.options()?;
    let fixed = repair(&loaded.request(service, at, options.clone()));
    drop(loaded);
    if fixed.files.is_empty() {
        eprintln!("certpreflight: {}", nothing_to_write(&fixed));
        return Ok(1);
    }
    let log = write_all(&fixed, &out, force)?;
    // The log goes to stderr in JSON mode, so stdout stays one JSON report.
    match args.format {
        CheckFormat::Text => println!("{log}"),
        _ => eprint!("{log}"),
    }

    // Check the fixed set, as written.
    let written = |name: &str| -> Result<Option<Zeroizing<Vec<u8>>>, UsageError> {
        if fixed.file(name).is_none() {
            return Ok(None);
        }
        read(&out.join(name)).map(Some)
    };
    let loaded = Loaded {
        cert: written("cert.pem")?,
        key: written("key.pem")?,
        chain: written("chain.pem")?,
        bundle: match written("bundle.pem")? {
            Some(fixed) => Some(fixed),
            None => args.bundle.as_deref().map(read).transpose()?,
        },
        trust: args.trust.as_deref().map(read).transpose()?,
        verification: args.verification_cert.as_deref().map(read).transpose()?,
    };
    let name = |n: &str| fixed.file(n).map(|_| out.join(n).display().to_string());
    let options = Options {
        certificate_file: name("cert.pem"),
        private_key_file: name("key.pem"),
        chain_file: name("chain.pem"),
        pkcs12_password: None,
        ..options
    };
    let report = check(&loaded.request(service, at, options));
    let written_path = |n: &str| fixed.file(n).map(|_| out.join(n));
    let paths = Paths {
        cert: written_path("cert.pem"),
        key: written_path("key.pem"),
        chain: written_path("chain.pem"),
        bundle: written_path("bundle.pem").or_else(|| args.bundle.clone()),
        trust: args.trust.clone(),
        verification: args.verification_cert.clone(),
    };
    print_report(&report, &args, &paths, service, style);
    // An input that could not be read at all fails the fix, whatever the rest says.
    Ok(if fixed.findings.is_empty() {
        super::check::exit_status(report.verdict, &report.findings, args.output.fail_on)
    } else {
        1
    })
}

fn nothing_to_write(fixed: &Repair) -> String {
    let mut msg = String::from("nothing to write");
    for f in &fixed.findings {
        msg.push_str(&format!("\n  [{}] {}", f.code, f.message));
        if let Some(fix) = &f.fix {
            msg.push_str(&format!("\n      fix: {fix}"));
        }
        if let Some(input) = f.needs {
            msg.push_str(&format!("\n      give: {}", super::render::flag(input)));
        }
    }
    for l in &fixed.left_alone {
        msg.push_str(&format!("\n  {l}"));
    }
    msg
}

/// Writes every fixed file into `out`, refusing before writing anything when a file exists
/// (unless `force`), so a refusal leaves the folder as it was. Returns what was done.
fn write_all(fixed: &Repair, out: &Path, force: bool) -> Result<String, UsageError> {
    for f in &fixed.files {
        let path = out.join(f.name);
        if path.exists() && !force {
            return Err(UsageError(format!(
                "{} exists; use --force to overwrite it",
                path.display()
            )));
        }
    }
    std::fs::create_dir_all(out).map_err(|e| UsageError(format!("{}: {e}", out.display())))?;
    let mut log = String::new();
    for f in &fixed.files {
        let path = out.join(f.name);
        write_file(&path, f.contents.as_bytes(), f.is_private_key())
            .map_err(|e| UsageError(format!("{}: {e}", path.display())))?;
        log.push_str(&format!("wrote {}", path.display()));
        if f.what_changed.is_empty() {
            log.push_str(" (unchanged)\n");
        } else {
            log.push('\n');
            for c in &f.what_changed {
                log.push_str(&format!("  - {c}\n"));
            }
        }
    }
    for f in &fixed.findings {
        log.push_str(&format!("not repaired [{}]: {}\n", f.code, f.message));
    }
    for l in &fixed.left_alone {
        log.push_str(&format!("left for you: {l}\n"));
    }
    Ok(log)
}

/// Writes a file; a private key is created readable by its owner only (0600 on unix).
fn write_file(path: &Path, contents: &[u8], private: bool) -> std::io::Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    if private {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(path)?;
    #[cfg(unix)]
    if private {
        // `mode` applies only when the file is created; an overwritten key (--force) is
        // narrowed too.
        use std::os::unix::fs::PermissionsExt;
        file.set_permissions(std::fs::Permissions::from_mode(0o600))?;
    }
    #[cfg(not(unix))]
    let _ = private;
    file.write_all(contents)?;
    file.sync_all()
}
