//! The command-line interface: parse arguments, read files, call the engine, render the report.
//! Exit status: 0 no error finding, 1 at least one error finding, 2 usage or I/O problem.

use certpreflight::services::OptionName;
use certpreflight::{
    check, inspect, parse_rfc3339, Finding, InspectReport, Options, Report, Request, ServiceId,
    Severity, SERVICES,
};
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::{Path, PathBuf};

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
    Check(Box<CheckArgs>),
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
}

#[derive(Args)]
struct CheckArgs {
    /// Service id (see `certpreflight services`).
    #[arg(long)]
    service: String,
    /// The certificate (PEM).
    #[arg(long = "cert")]
    cert: Option<PathBuf>,
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

fn read(path: &Path) -> Result<Vec<u8>, UsageError> {
    let meta =
        std::fs::metadata(path).map_err(|e| UsageError(format!("{}: {e}", path.display())))?;
    if meta.len() > certpreflight::MAX_INPUT_BYTES as u64 * 4 {
        return Err(UsageError(format!(
            "{}: {} bytes is far too large for a certificate file",
            path.display(),
            meta.len()
        )));
    }
    std::fs::read(path).map_err(|e| UsageError(format!("{}: {e}", path.display())))
}

fn file_name(path: &Option<PathBuf>) -> Option<String> {
    path.as_ref().map(|p| p.display().to_string())
}

fn run_check(args: CheckArgs) -> Result<i32, UsageError> {
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
    let at = instant(args.at.as_deref())?;
    let load = |p: &Option<PathBuf>| p.as_deref().map(read).transpose();
    let (cert, key, chain, bundle) = (
        load(&args.cert)?,
        load(&args.key)?,
        load(&args.chain)?,
        load(&args.bundle)?,
    );
    let request = Request {
        service,
        certificate: cert.as_deref(),
        private_key: key.as_deref(),
        chain: chain.as_deref(),
        bundle: bundle.as_deref(),
        at,
        options: Options {
            usage: args.usage,
            active_date: args.active_date,
            inactive_date: args.inactive_date,
            description: args.description,
            new_status: args.new_status,
            user_name: args.user_name,
            certificate_id: args.certificate_id,
            status: args.status,
            name: args.name,
            path: args.path,
            ca_identifier: args.ca_identifier,
            region: args.region,
            warn_days: args.warn_days,
            certificate_file: file_name(&args.cert),
            private_key_file: file_name(&args.key),
            chain_file: file_name(&args.chain),
        },
    };
    let report = check(&request);
    if let Some(mut k) = key {
        zeroize::Zeroize::zeroize(&mut k);
    }
    match args.format {
        Format::Json => println!("{}", report.to_json()),
        Format::Text => print!("{}", render_report(&report, info.name)),
    }
    Ok(if report.errors() > 0 { 1 } else { 0 })
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
