//! The command-line interface: parse arguments, read files, call the engine, render the report.
//! Exit status: 0 no error finding, 1 at least one error finding, 2 usage or I/O problem.

use certpreflight::services::OptionName;
use certpreflight::{
    check, check_devices_parallel, fleet_ca, inspect, parse_rfc3339, repair, split_certificates,
    DeviceInput, DeviceResult, Finding, FleetSummary, InspectReport, Options, Password, Report,
    Request, ServiceId, Severity, SERVICES,
};
use clap::{Args, Parser, Subcommand, ValueEnum};
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
    /// Judge a certificate, key and chain against one service's rules.
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
    /// List the service ids, one per line.
    Services,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    Text,
    Json,
    /// One JSON object per certificate (fleet mode).
    Jsonl,
}

const PASSWORD_ENV: &str = "CERTPREFLIGHT_PASSWORD";

#[derive(Args)]
struct FixArgs {
    #[command(flatten)]
    check: CheckArgs,
    /// The folder to write cert.pem, chain.pem and key.pem into (created if missing).
    #[arg(long)]
    out: PathBuf,
    /// Overwrite files that already exist in --out.
    #[arg(long)]
    force: bool,
}

#[derive(Args)]
struct CheckArgs {
    /// Service id (see `certpreflight services`).
    #[arg(long)]
    service: String,
    /// The certificate (PEM, DER, PKCS#7 or PKCS#12; iot/iot-ca: also a folder or a bundle of
    /// many device certificates).
    #[arg(long = "cert")]
    cert: Option<PathBuf>,
    /// The password of a PKCS#12 (.pfx/.p12) input, read from the first line of FILE. The
    /// environment variable CERTPREFLIGHT_PASSWORD works too. There is deliberately no
    /// --password option: a password on the command line is visible to every user of the
    /// machine (ps, /proc) and is kept in shell history.
    #[arg(long, value_name = "FILE")]
    password_file: Option<PathBuf>,
    /// The private key (PEM).
    #[arg(long)]
    key: Option<PathBuf>,
    /// The chain (PEM, issuing CA first).
    #[arg(long)]
    chain: Option<PathBuf>,
    /// The evaluation instant (RFC 3339); default now.
    #[arg(long)]
    at: Option<String>,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Warn when fewer days than this remain before expiry.
    #[arg(long)]
    warn_days: Option<i64>,
    /// transfer: SIGNING, ENCRYPTION or TLS.
    #[arg(long)]
    usage: Option<String>,
    /// transfer: ActiveDate (RFC 3339).
    #[arg(long)]
    active_date: Option<String>,
    /// transfer: InactiveDate (RFC 3339).
    #[arg(long)]
    inactive_date: Option<String>,
    /// transfer: Description.
    #[arg(long)]
    description: Option<String>,
    /// iot: UpdateCertificate newStatus.
    #[arg(long)]
    new_status: Option<String>,
    /// iam-signing: UserName.
    #[arg(long)]
    user_name: Option<String>,
    /// iam-signing: CertificateId.
    #[arg(long)]
    certificate_id: Option<String>,
    /// iam-signing: Status (Active, Inactive).
    #[arg(long)]
    status: Option<String>,
    /// iam-server: ServerCertificateName.
    #[arg(long)]
    name: Option<String>,
    /// iam-server: Path.
    #[arg(long)]
    path: Option<String>,
    /// rds: CA identifier (rds-ca-rsa2048-g1, ...).
    #[arg(long)]
    ca_identifier: Option<String>,
    /// rds: Region of the instances.
    #[arg(long)]
    region: Option<String>,
    /// rds: the client's trust store (PEM or P7B).
    #[arg(long)]
    bundle: Option<PathBuf>,
}

/// A problem that is the caller's, not the inputs': exit status 2.
struct UsageError(String);

pub fn run() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() { 2 } else { 0 };
        }
    };
    let result = match cli.command {
        Command::Services => {
            for s in &SERVICES {
                println!("{}\t{}", s.id.id(), s.summary);
            }
            Ok(0)
        }
        Command::Inspect { files, at, format } => run_inspect(&files, at.as_deref(), format),
        Command::Check(args) => run_check(*args),
        Command::Fix(args) => run_fix(*args),
    };
    match result {
        Ok(code) => code,
        Err(UsageError(msg)) => {
            eprintln!("certpreflight: {msg}");
            2
        }
    }
}

fn instant(at: Option<&str>) -> Result<i64, UsageError> {
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
fn read(path: &Path) -> Result<Zeroizing<Vec<u8>>, UsageError> {
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

fn file_name(path: &Option<PathBuf>) -> Option<String> {
    path.as_ref().map(|p| p.display().to_string())
}

/// The password for a PKCS#12 input: --password-file, else CERTPREFLIGHT_PASSWORD.
fn password(args: &CheckArgs) -> Result<Option<Password>, UsageError> {
    if let Some(path) = &args.password_file {
        let bytes = Zeroizing::new(
            std::fs::read(path).map_err(|e| UsageError(format!("{}: {e}", path.display())))?,
        );
        let text = std::str::from_utf8(&bytes).map_err(|_| {
            UsageError(format!(
                "{}: the password file is not UTF-8 text",
                path.display()
            ))
        })?;
        let first = text.split('\n').next().unwrap_or("").trim_end_matches('\r');
        return Ok(Some(Password::new(first)));
    }
    Ok(std::env::var(PASSWORD_ENV).ok().map(Password::new))
}

/// Validates the service and its options, and reads the evaluation instant.
fn service_and_instant(args: &CheckArgs) -> Result<(ServiceId, i64), UsageError> {
    let service = ServiceId::from_id(&args.service).ok_or_else(|| {
        let ids: Vec<&str> = SERVICES.iter().map(|s| s.id.id()).collect();
        UsageError(format!(
            "unknown service '{}'; one of: {}",
            args.service,
            ids.join(", ")
        ))
    })?;
    let info = service.info();
    let given: [(OptionName, bool); 13] = [
        (OptionName::Usage, args.usage.is_some()),
        (OptionName::ActiveDate, args.active_date.is_some()),
        (OptionName::InactiveDate, args.inactive_date.is_some()),
        (OptionName::Description, args.description.is_some()),
        (OptionName::NewStatus, args.new_status.is_some()),
        (OptionName::UserName, args.user_name.is_some()),
        (OptionName::CertificateId, args.certificate_id.is_some()),
        (OptionName::Status, args.status.is_some()),
        (OptionName::Name, args.name.is_some()),
        (OptionName::Path, args.path.is_some()),
        (OptionName::CaIdentifier, args.ca_identifier.is_some()),
        (OptionName::Region, args.region.is_some()),
        (OptionName::Bundle, args.bundle.is_some()),
    ];
    for (option, present) in given {
        if present && !info.takes(option) {
            return Err(UsageError(format!(
                "--{} does not apply to --service {}",
                option.flag(),
                service.id()
            )));
        }
    }
    Ok((service, instant(args.at.as_deref())?))
}

fn options(args: &CheckArgs) -> Result<Options, UsageError> {
    Ok(Options {
        usage: args.usage.clone(),
        active_date: args.active_date.clone(),
        inactive_date: args.inactive_date.clone(),
        description: args.description.clone(),
        new_status: args.new_status.clone(),
        user_name: args.user_name.clone(),
        certificate_id: args.certificate_id.clone(),
        status: args.status.clone(),
        name: args.name.clone(),
        path: args.path.clone(),
        ca_identifier: args.ca_identifier.clone(),
        region: args.region.clone(),
        warn_days: args.warn_days,
        certificate_file: file_name(&args.cert),
        private_key_file: file_name(&args.key),
        chain_file: file_name(&args.chain),
        pkcs12_password: password(args)?,
    })
}

/// The files a check reads, wiped when dropped.
struct Loaded {
    cert: Option<Zeroizing<Vec<u8>>>,
    key: Option<Zeroizing<Vec<u8>>>,
    chain: Option<Zeroizing<Vec<u8>>>,
    bundle: Option<Zeroizing<Vec<u8>>>,
}

fn load(args: &CheckArgs) -> Result<Loaded, UsageError> {
    let load = |p: &Option<PathBuf>| p.as_deref().map(read).transpose();
    Ok(Loaded {
        cert: load(&args.cert)?,
        key: load(&args.key)?,
        chain: load(&args.chain)?,
        bundle: load(&args.bundle)?,
    })
}

fn request<'a>(service: ServiceId, at: i64, loaded: &'a Loaded, options: Options) -> Request<'a> {
    Request {
        service,
        certificate: loaded.cert.as_ref().map(|b| b.as_slice()),
        private_key: loaded.key.as_ref().map(|b| b.as_slice()),
        chain: loaded.chain.as_ref().map(|b| b.as_slice()),
        bundle: loaded.bundle.as_ref().map(|b| b.as_slice()),
        at,
        options,
    }
}

fn print_report(report: &Report, format: Format, service: ServiceId) {
    match format {
        Format::Json | Format::Jsonl => println!("{}", report.to_json()),
        Format::Text => print!("{}", render_report(report, service.info().name)),
    }
}

fn run_check(args: CheckArgs) -> Result<i32, UsageError> {
    let (service, at) = service_and_instant(&args)?;
    if fleet_mode(&args, service)? {
        return run_fleet(&args, service, at);
    }
    if args.format == Format::Jsonl {
        return Err(UsageError(
            "--format jsonl is fleet mode: --service iot or iot-ca with many certificates".into(),
        ));
    }
    let loaded = load(&args)?;
    let report = check(&request(service, at, &loaded, options(&args)?));
    print_report(&report, args.format, service);
    Ok(if report.errors() > 0 { 1 } else { 0 })
}

/// Fleet mode: iot or iot-ca, and a folder, a bundle of several certificates, or jsonl.
fn fleet_mode(args: &CheckArgs, service: ServiceId) -> Result<bool, UsageError> {
    let fleet_service = matches!(service, ServiceId::Iot | ServiceId::IotCa);
    let Some(cert) = &args.cert else {
        return Ok(false);
    };
    if cert.is_dir() {
        if !fleet_service {
            return Err(UsageError(format!(
                "--cert {} is a folder; folders of certificates are checked with --service iot or iot-ca",
                cert.display()
            )));
        }
        return Ok(true);
    }
    if !fleet_service {
        return Ok(false);
    }
    if args.format == Format::Jsonl {
        return Ok(true);
    }
    // A bundle: more than one CERTIFICATE block (cheap to count without parsing).
    let meta =
        std::fs::metadata(cert).map_err(|e| UsageError(format!("{}: {e}", cert.display())))?;
    if meta.len() > certpreflight::MAX_INPUT_BYTES as u64 {
        return Ok(true);
    }
    let bytes = read(cert)?;
    let blocks = bytes
        .windows(27)
        .filter(|w| *w == b"-----BEGIN CERTIFICATE-----")
        .take(2)
        .count();
    Ok(blocks > 1 && args.key.is_none())
}

/// Reads a fleet input: one file, or every file of a folder (sorted by name, not recursive).
fn read_fleet(path: &Path) -> Result<Vec<(String, Vec<u8>)>, UsageError> {
    let io = |e: std::io::Error| UsageError(format!("{}: {e}", path.display()));
    if !path.is_dir() {
        return Ok(vec![(
            path.display().to_string(),
            std::fs::read(path).map_err(io)?,
        )]);
    }
    let mut names: Vec<PathBuf> = std::fs::read_dir(path)
        .map_err(io)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file())
        .collect();
    names.sort();
    names
        .into_iter()
        .map(|p| {
            let bytes =
                std::fs::read(&p).map_err(|e| UsageError(format!("{}: {e}", p.display())))?;
            Ok((p.display().to_string(), bytes))
        })
        .collect()
}

fn run_fleet(args: &CheckArgs, service: ServiceId, at: i64) -> Result<i32, UsageError> {
    if args.key.is_some() {
        return Err(UsageError(
            "fleet mode checks certificates only; --key does not apply to many certificates".into(),
        ));
    }
    let Some(cert_path) = &args.cert else {
        return Err(UsageError("fleet mode needs --cert".into()));
    };
    let files = read_fleet(cert_path)?;
    let ca_bytes = args.chain.as_deref().map(read).transpose()?;
    let mut options = options(args)?;
    options.chain_file = file_name(&args.chain);
    let ca = fleet_ca(
        service,
        ca_bytes.as_ref().map(|b| b.as_slice()),
        at,
        options,
    );
    let devices: Vec<(usize, usize, DeviceInput<'_>)> = files
        .iter()
        .enumerate()
        .flat_map(|(source, (_, bytes))| {
            split_certificates(bytes)
                .into_iter()
                .enumerate()
                .map(move |(index, d)| (source, index, d))
        })
        .collect();
    let results = check_devices_parallel(&ca, &devices);
    let summary = FleetSummary::new(&results, ca.warn_days());
    let ca_failed = ca.findings.iter().any(|f| f.severity == Severity::Error);
    match args.format {
        Format::Jsonl => {
            use std::io::Write;
            let stdout = std::io::stdout();
            let mut out = std::io::BufWriter::new(stdout.lock());
            for f in &ca.findings {
                let _ = writeln!(out, "{}", serde_json::json!({ "ca_finding": f }));
            }
            for r in &results {
                let _ = writeln!(out, "{}", device_line(&files[r.source].0, r));
            }
            let _ = out.flush();
        }
        Format::Json => {
            let devices: Vec<serde_json::Value> = results
                .iter()
                .map(|r| device_line(&files[r.source].0, r))
                .collect();
            println!(
                "{}",
                serde_json::to_string_pretty(&serde_json::json!({
                    "service": service.id(),
                    "evaluated_at": certpreflight::format_rfc3339(at),
                    "ca_findings": ca.findings,
                    "devices": devices,
                    "summary": summary,
                }))
                .unwrap_or_default()
            );
        }
        Format::Text => print!(
            "{}",
            render_fleet(service, at, &ca.findings, &files, &results, &summary)
        ),
    }
    Ok(if summary.failed > 0 || ca_failed {
        1
    } else {
        0
    })
}

/// One JSON line of fleet output.
fn device_line(file: &str, r: &DeviceResult) -> serde_json::Value {
    serde_json::json!({
        "file": file,
        "index": r.index,
        "certificate_id": r.certificate_id,
        "subject": r.subject,
        "verdict": r.verdict,
        "errors": r.errors,
        "warnings": r.warnings,
        "first_error": r.first_error,
        "days_remaining": r.days_remaining,
        "not_after": r.not_after,
    })
}

fn render_fleet(
    service: ServiceId,
    at: i64,
    ca_findings: &[Finding],
    files: &[(String, Vec<u8>)],
    results: &[DeviceResult],
    s: &FleetSummary,
) -> String {
    let mut out = format!(
        "{} ({}), fleet of {} certificate(s) from {} file(s), evaluated at {}\n\n",
        service.info().name,
        service.id(),
        s.total,
        files.len(),
        certpreflight::format_rfc3339(at)
    );
    for f in ca_findings {
        render_finding(&mut out, f);
    }
    out.push_str(&format!(
        "{:<10} {:>9}\n{:<10} {:>9}\n{:<10} {:>9}\n",
        "pass", s.passed, "fail", s.failed, "total", s.total
    ));
    out.push_str(&format!(
        "\nExpiry: {} expired, {} within {} days (--warn-days), {} within 90 days\n",
        s.expired, s.expiring_within_warn_days, s.warn_days, s.expiring_within_90_days
    ));
    if !s.by_code.is_empty() {
        out.push_str("\nCertificates by finding code:\n");
        let mut codes: Vec<(&String, &usize)> = s.by_code.iter().collect();
        codes.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        for (code, n) in codes {
            out.push_str(&format!("  {code:<34} {n:>9}\n"));
        }
    }
    if !s.soonest.is_empty() {
        out.push_str("\nSoonest expiries:\n");
        for &i in &s.soonest {
            let r = &results[i];
            out.push_str(&format!(
                "  {:>6} days  {}  {}[{}]  {}\n",
                r.days_remaining.unwrap_or_default(),
                r.not_after.as_deref().unwrap_or(""),
                files[r.source].0,
                r.index,
                r.subject.as_deref().unwrap_or("")
            ));
        }
    }
    let failing: Vec<&DeviceResult> = results
        .iter()
        .filter(|r| !r.errors.is_empty())
        .take(10)
        .collect();
    if !failing.is_empty() {
        out.push_str("\nFirst failures (all of them: --format jsonl):\n");
        for r in failing {
            out.push_str(&format!(
                "  {}[{}] {} [{}] {}\n",
                files[r.source].0,
                r.index,
                r.subject.as_deref().unwrap_or("(unreadable)"),
                r.errors
                    .iter()
                    .map(|c| c.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
                r.first_error.as_deref().unwrap_or("")
            ));
        }
    }
    out
}

fn run_fix(args: FixArgs) -> Result<i32, UsageError> {
    let FixArgs {
        check: args,
        out,
        force,
    } = args;
    if args.format == Format::Jsonl {
        return Err(UsageError(
            "fix prints one report: --format text or json".into(),
        ));
    }
    let (service, at) = service_and_instant(&args)?;
    let loaded = load(&args)?;
    let options = options(&args)?;
    let fixed = repair(&request(service, at, &loaded, options.clone()));
    drop(loaded);
    if fixed.files.is_empty() {
        let mut msg = String::from("nothing to write");
        for f in &fixed.findings {
            msg.push_str(&format!("\n  [{}] {}", f.code, f.message));
            if let Some(fix) = &f.fix {
                msg.push_str(&format!("\n      fix: {fix}"));
            }
        }
        for l in &fixed.left_alone {
            msg.push_str(&format!("\n  {l}"));
        }
        eprintln!("certpreflight: {msg}");
        return Ok(1);
    }
    // Refuse before writing anything, so a refusal leaves the folder as it was.
    for f in &fixed.files {
        let path = out.join(f.name);
        if path.exists() && !force {
            return Err(UsageError(format!(
                "{} exists; use --force to overwrite it",
                path.display()
            )));
        }
    }
    std::fs::create_dir_all(&out).map_err(|e| UsageError(format!("{}: {e}", out.display())))?;
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
    // The log goes to stderr in JSON mode, so stdout stays one JSON report.
    match args.format {
        Format::Text => println!("{log}"),
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
        bundle: args.bundle.as_deref().map(read).transpose()?,
    };
    let name = |n: &str| fixed.file(n).map(|_| out.join(n).display().to_string());
    let options = Options {
        certificate_file: name("cert.pem"),
        private_key_file: name("key.pem"),
        chain_file: name("chain.pem"),
        pkcs12_password: None,
        ..options
    };
    let report = check(&request(service, at, &loaded, options));
    print_report(&report, args.format, service);
    let failed = report.errors() > 0 || !fixed.findings.is_empty();
    Ok(if failed { 1 } else { 0 })
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

fn run_inspect(files: &[PathBuf], at: Option<&str>, format: Format) -> Result<i32, UsageError> {
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
                render_inspect(&mut out, file, r);
            }
            print!("{out}");
        }
    }
    Ok(if failed { 1 } else { 0 })
}

fn render_finding(out: &mut String, f: &Finding) {
    let sev = match f.severity {
        Severity::Error => "ERROR  ",
        Severity::Warning => "WARNING",
        Severity::Info => "info   ",
    };
    out.push_str(&format!("{sev} [{}] {}\n", f.code, f.message));
    if let Some(fix) = &f.fix {
        out.push_str(&format!("        fix: {fix}\n"));
    }
    if let Some(aws) = &f.aws_error {
        out.push_str(&format!("        AWS says: {aws}\n"));
    }
}

fn render_report(r: &Report, service_name: &str) -> String {
    let mut out = String::new();
    out.push_str(&format!(
        "{service_name} ({}), evaluated at {}\n",
        r.service, r.evaluated_at
    ));
    out.push_str(&match r.verdict {
        certpreflight::Verdict::Pass => {
            format!("PASS: ready to import ({} warnings)\n\n", r.warnings())
        }
        certpreflight::Verdict::Fail => format!(
            "FAIL: AWS would refuse it ({} errors, {} warnings)\n\n",
            r.errors(),
            r.warnings()
        ),
    });
    for f in &r.findings {
        render_finding(&mut out, f);
    }
    if !r.certificates.is_empty() {
        out.push_str("\nCertificates:\n");
    }
    for c in &r.certificates {
        let role = format!("{:?}", c.role).to_lowercase();
        out.push_str(&format!("  {role}[{}] {}\n", c.index, c.subject));
        out.push_str(&format!("      issuer {}\n", c.issuer));
        out.push_str(&format!(
            "      {} ({}), {}, valid {} to {} ({} days left)\n",
            c.key
                .aws_key_algorithm
                .as_deref()
                .unwrap_or(&c.key.algorithm),
            c.key.bits.map(|b| format!("{b} bits")).unwrap_or_default(),
            c.signature_algorithm,
            c.not_before,
            c.not_after,
            c.days_remaining
        ));
        out.push_str(&format!(
            "      sha1 {}\n      sha256 {}\n",
            c.sha1, c.sha256
        ));
    }
    if let Some(k) = &r.key {
        let m = match k.matches_certificate {
            Some(true) => "matches the certificate",
            Some(false) => "does NOT match the certificate",
            None => "not compared",
        };
        out.push_str(&format!(
            "\nKey: {} {} ({}), {m}\n",
            k.algorithm,
            k.bits.map(|b| b.to_string()).unwrap_or_default(),
            k.format
        ));
    }
    if let Some(c) = &r.chain {
        out.push_str(&format!(
            "\nChain: {}; issuing order {:?}\n",
            if c.in_order {
                "in order"
            } else {
                "out of order"
            },
            c.suggested_order
        ));
    }
    if let Some(cmd) = &r.import_command {
        out.push_str(&format!("\nImport:\n  {cmd}\n"));
    }
    for c in &r.commands {
        out.push_str(&format!("\n{}:\n  {}\n", c.title, c.command));
    }
    out
}

fn render_inspect(out: &mut String, file: &str, r: &InspectReport) {
    out.push_str(&format!(
        "{file}: {} ({} certificates, {} keys)\n",
        r.kind,
        r.certificates.len(),
        r.keys.len()
    ));
    for c in &r.certificates {
        out.push_str(&format!(
            "  [{}] {}\n      issuer {}\n",
            c.index, c.subject, c.issuer
        ));
        out.push_str(&format!(
            "      serial {}  {}  {}  {} to {} ({} days left)\n",
            c.serial,
            c.key
                .aws_key_algorithm
                .as_deref()
                .unwrap_or(&c.key.algorithm),
            c.signature_algorithm,
            c.not_before,
            c.not_after,
            c.days_remaining
        ));
        if !c.sans.is_empty() {
            out.push_str(&format!("      SAN {}\n", c.sans.join(", ")));
        }
        out.push_str(&format!("      sha1 {}  sha256 {}\n", c.sha1, c.sha256));
    }
    for k in &r.keys {
        out.push_str(&format!(
            "  key: {} {} ({}{})\n",
            k.algorithm,
            k.bits.map(|b| b.to_string()).unwrap_or_default(),
            k.format,
            if k.encrypted { ", encrypted" } else { "" }
        ));
    }
    for f in &r.findings {
        render_finding(out, f);
    }
}
