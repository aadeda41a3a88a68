//! The arguments of `check` and `fix`, and what they become: the targets, the options, the
//! files read into wiped buffers, the engine's request.

use super::{instant, read, UsageError};
use certpreflight::{matrix_targets, OptionName, Options, Password, Request, ServiceId, SERVICES};
use clap::{Args, ValueEnum};
use std::path::PathBuf;
use zeroize::Zeroizing;

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum Format {
    /// For a person.
    Text,
    /// One JSON document.
    Json,
    /// JSON lines: one object per target, per certificate (fleet mode) or per file.
    Jsonl,
}

/// What `check` and `fix` print: [`Format`]'s, and the formats pipelines read.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum CheckFormat {
    /// For a person.
    Text,
    /// One JSON document.
    Json,
    /// JSON lines: one object per target, or per certificate (fleet mode).
    Jsonl,
    /// SARIF 2.1.0, for code scanning: one result per finding, at its file and line.
    Sarif,
    /// JUnit XML, for CI test reports: one test case per target.
    Junit,
}

/// The lowest severity that fails the run (exit status 1).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, ValueEnum)]
pub(crate) enum FailOn {
    /// An error finding (the default).
    Error,
    /// A warning or an error finding.
    Warning,
}

/// How much text the answer shows, and what fails the run.
#[derive(Args, Clone, Copy)]
pub(crate) struct OutputArgs {
    /// Only the verdict line(s) and the errors.
    #[arg(short, long, conflicts_with_all = ["summary", "verbose"])]
    pub quiet: bool,
    /// One line per target (or per file, or per certificate of a fleet).
    #[arg(long, conflicts_with = "verbose")]
    pub summary: bool,
    /// A full card for every certificate, however many there are.
    #[arg(short, long)]
    pub verbose: bool,
    /// Exit 1 on an error finding (default), or also on a warning (CI gates).
    #[arg(long, value_enum, value_name = "SEVERITY", default_value_t = FailOn::Error)]
    pub fail_on: FailOn,
}

/// What a standard-input argument is.
pub(crate) const STDIN: &str = "-";

pub(crate) const PASSWORD_ENV: &str = "CERTPREFLIGHT_PASSWORD";

#[derive(Args)]
pub(crate) struct FixArgs {
    #[command(flatten)]
    pub check: CheckArgs,
    /// The folder to write cert.pem, chain.pem and key.pem into (created if missing).
    #[arg(short, long, value_name = "DIR")]
    pub out: PathBuf,
    /// Overwrite files that already exist in --out.
    #[arg(long)]
    pub force: bool,
}

#[derive(Args)]
pub(crate) struct CheckArgs {
    /// Target id (see `certpreflight services`), several joined by commas (acm,nlb), or
    /// `all`: every target that takes a certificate, judged from one analysis.
    #[arg(short, long, value_name = "ID[,ID...]|all")]
    pub service: String,
    /// With several targets: the ones whose verdict decides the exit status (default: with
    /// a list, every listed target; with `all`, none: it answers a question).
    #[arg(long, value_delimiter = ',', value_name = "ID[,ID...]")]
    pub require: Vec<String>,
    /// The certificate: PEM, DER, PKCS#7 or PKCS#12 (iot, iot-ca: also a folder or a bundle of
    /// many device certificates); `-` reads standard input.
    #[arg(short, long = "cert", value_name = "FILE|DIR|-")]
    pub cert: Option<PathBuf>,
    /// The password of a PKCS#12 (.pfx/.p12) input, read from the first line of FILE. The
    /// environment variable CERTPREFLIGHT_PASSWORD works too. There is deliberately no
    /// --password option: a password on the command line is visible to every user of the
    /// machine (ps, /proc) and is kept in shell history.
    #[arg(long, value_name = "FILE")]
    pub password_file: Option<PathBuf>,
    /// The private key: PEM or DER (PKCS#1, PKCS#8, SEC1), or a PKCS#12 file; `-` reads
    /// standard input.
    #[arg(short, long, value_name = "FILE|-")]
    pub key: Option<PathBuf>,
    /// The chain: PEM (issuing CA first), DER or PKCS#7; `-` reads standard input.
    #[arg(long, value_name = "FILE|-")]
    pub chain: Option<PathBuf>,
    /// Your own trusted root(s), PEM or DER (a private CA): the chain is then verified up to
    /// them. Mozilla's roots and Amazon's are built in. `-` reads standard input.
    #[arg(long, value_name = "FILE|-")]
    pub trust: Option<PathBuf>,
    /// The evaluation instant (RFC 3339, e.g. 2026-06-01T00:00:00Z); default now.
    #[arg(long, value_name = "RFC3339")]
    pub at: Option<String>,
    #[arg(short, long, value_enum, default_value_t = CheckFormat::Text)]
    pub format: CheckFormat,
    /// Warn when fewer days than this remain before expiry (default per target: 30, RDS 180).
    #[arg(long, value_name = "N")]
    pub warn_days: Option<i64>,
    #[command(flatten)]
    pub output: OutputArgs,
    /// transfer: SIGNING, ENCRYPTION or TLS.
    #[arg(long)]
    pub usage: Option<String>,
    /// transfer: ActiveDate (RFC 3339).
    #[arg(long)]
    pub active_date: Option<String>,
    /// transfer: InactiveDate (RFC 3339).
    #[arg(long)]
    pub inactive_date: Option<String>,
    /// transfer: Description.
    #[arg(long)]
    pub description: Option<String>,
    /// iot: UpdateCertificate newStatus.
    #[arg(long)]
    pub new_status: Option<String>,
    /// iam-signing: UserName.
    #[arg(long)]
    pub user_name: Option<String>,
    /// iam-signing: CertificateId.
    #[arg(long)]
    pub certificate_id: Option<String>,
    /// iam-signing: Status (Active, Inactive).
    #[arg(long)]
    pub status: Option<String>,
    /// iam-server: ServerCertificateName.
    #[arg(long)]
    pub name: Option<String>,
    /// iam-server: Path.
    #[arg(long)]
    pub path: Option<String>,
    /// rds: CA identifier (rds-ca-rsa2048-g1, ...).
    #[arg(long)]
    pub ca_identifier: Option<String>,
    /// rds: Region of the instances (an AWS Region: us-west-2, eu-central-1, ...).
    #[arg(long)]
    pub region: Option<String>,
    /// rds: the client's trust store (PEM or PKCS#7); `-` reads standard input.
    #[arg(long, value_name = "FILE|-")]
    pub bundle: Option<PathBuf>,
    /// iot-ca: RegisterCACertificate's certificate mode, DEFAULT (with a verification
    /// certificate) or SNI_ONLY.
    #[arg(long)]
    pub certificate_mode: Option<String>,
    /// iot-ca: your account's registration code (aws iot get-registration-code), which the
    /// verification certificate's CN must be.
    #[arg(long)]
    pub registration_code: Option<String>,
    /// iot-ca: the verification certificate (PEM or DER): CN = the registration code, signed
    /// by the CA's key; `-` reads standard input.
    #[arg(long, value_name = "FILE|-")]
    pub verification_cert: Option<PathBuf>,
}

/// A Region AWS has (botocore's endpoint data), else a usage error naming the near ones.
pub(crate) fn check_region(region: &str) -> Result<(), UsageError> {
    if certpreflight::aws_region(region).is_some() {
        return Ok(());
    }
    let near = certpreflight::similar_regions(region);
    let hint = if near.is_empty() {
        String::new()
    } else {
        format!("; did you mean {}?", near.join(", "))
    };
    Err(UsageError(format!(
        "--region {region} is not an AWS Region{hint} (the list: {})",
        certpreflight::regions_source()
    )))
}

/// What `--service` asked for.
pub(crate) enum Targets {
    One(ServiceId),
    /// Several targets (a list, or `all`), and those whose verdict decides the exit status.
    Many {
        targets: Vec<ServiceId>,
        required: Vec<ServiceId>,
    },
}

fn service_id(id: &str) -> Result<ServiceId, UsageError> {
    ServiceId::from_id(id.trim()).ok_or_else(|| {
        let ids: Vec<&str> = SERVICES.iter().map(|s| s.id.id()).collect();
        UsageError(format!(
            "unknown service '{}'; one of: {}, or all",
            id.trim(),
            ids.join(", ")
        ))
    })
}

impl CheckArgs {
    /// The targets, validated; `--require` only with several.
    pub fn targets(&self) -> Result<Targets, UsageError> {
        let spec = self.service.trim();
        let (targets, all) = if spec == "all" {
            (matrix_targets(), true)
        } else if spec.contains(',') {
            let mut list = Vec::new();
            for id in spec.split(',').filter(|s| !s.trim().is_empty()) {
                let id = service_id(id)?;
                if !list.contains(&id) {
                    list.push(id);
                }
            }
            (list, false)
        } else {
            if !self.require.is_empty() {
                return Err(UsageError(
                    "--require chooses among several targets: give --service a,b or all".into(),
                ));
            }
            return Ok(Targets::One(service_id(spec)?));
        };
        if targets.is_empty() {
            return Err(UsageError("--service names no target".into()));
        }
        let mut required = Vec::new();
        for id in &self.require {
            let id = service_id(id)?;
            if !targets.contains(&id) {
                return Err(UsageError(format!(
                    "--require {} is not among the targets checked",
                    id.id()
                )));
            }
            required.push(id);
        }
        if required.is_empty() && !all {
            required = targets.clone();
        }
        Ok(Targets::Many { targets, required })
    }

    /// The service options given, by name.
    fn given_options(&self) -> [(OptionName, bool); 16] {
        [
            (OptionName::Usage, self.usage.is_some()),
            (OptionName::ActiveDate, self.active_date.is_some()),
            (OptionName::InactiveDate, self.inactive_date.is_some()),
            (OptionName::Description, self.description.is_some()),
            (OptionName::NewStatus, self.new_status.is_some()),
            (OptionName::UserName, self.user_name.is_some()),
            (OptionName::CertificateId, self.certificate_id.is_some()),
            (OptionName::Status, self.status.is_some()),
            (OptionName::Name, self.name.is_some()),
            (OptionName::Path, self.path.is_some()),
            (OptionName::CaIdentifier, self.ca_identifier.is_some()),
            (OptionName::Region, self.region.is_some()),
            (OptionName::Bundle, self.bundle.is_some()),
            (OptionName::CertificateMode, self.certificate_mode.is_some()),
            (
                OptionName::RegistrationCode,
                self.registration_code.is_some(),
            ),
            (
                OptionName::VerificationCert,
                self.verification_cert.is_some(),
            ),
        ]
    }

    /// A service option is a usage error only when no target checked takes it; a Region
    /// must be one AWS has.
    pub fn check_options(&self, targets: &[ServiceId]) -> Result<(), UsageError> {
        if let Some(region) = &self.region {
            check_region(region)?;
        }
        for (option, present) in self.given_options() {
            if present && !targets.iter().any(|t| t.info().takes(option)) {
                let ids: Vec<&str> = targets.iter().map(|t| t.id()).collect();
                return Err(UsageError(format!(
                    "--{} does not apply to --service {}",
                    option.flag(),
                    ids.join(",")
                )));
            }
        }
        Ok(())
    }

    pub fn instant(&self) -> Result<i64, UsageError> {
        instant(self.at.as_deref())
    }

    fn password(&self) -> Result<Option<Password>, UsageError> {
        password(self.password_file.as_deref())
    }

    pub fn options(&self) -> Result<Options, UsageError> {
        // Standard input has no name: the commands then name the files `fix` writes.
        let name = |p: &Option<PathBuf>| {
            p.as_ref()
                .filter(|p| p.as_os_str() != STDIN)
                .map(|p| p.display().to_string())
        };
        Ok(Options {
            usage: self.usage.clone(),
            active_date: self.active_date.clone(),
            inactive_date: self.inactive_date.clone(),
            description: self.description.clone(),
            new_status: self.new_status.clone(),
            user_name: self.user_name.clone(),
            certificate_id: self.certificate_id.clone(),
            status: self.status.clone(),
            name: self.name.clone(),
            path: self.path.clone(),
            ca_identifier: self.ca_identifier.clone(),
            region: self.region.clone(),
            certificate_mode: self.certificate_mode.clone(),
            registration_code: self.registration_code.clone(),
            warn_days: self.warn_days,
            certificate_file: name(&self.cert),
            private_key_file: name(&self.key),
            chain_file: name(&self.chain),
            verification_file: name(&self.verification_cert),
            pkcs12_password: self.password()?,
        })
    }

    /// The files given, by their flags.
    fn files(&self) -> [(&'static str, Option<&PathBuf>); 6] {
        [
            ("--cert", self.cert.as_ref()),
            ("--key", self.key.as_ref()),
            ("--chain", self.chain.as_ref()),
            ("--bundle", self.bundle.as_ref()),
            ("--trust", self.trust.as_ref()),
            ("--verification-cert", self.verification_cert.as_ref()),
        ]
    }

    /// At most one input reads standard input.
    pub fn check_stdin(&self) -> Result<(), UsageError> {
        let from_stdin: Vec<&str> = self
            .files()
            .into_iter()
            .filter(|(_, p)| p.is_some_and(|p| p.as_os_str() == STDIN))
            .map(|(flag, _)| flag)
            .collect();
        if from_stdin.len() > 1 {
            return Err(UsageError(format!(
                "only one input can be read from standard input (-); {} all ask for it",
                from_stdin.join(" and ")
            )));
        }
        Ok(())
    }

    pub fn load(&self) -> Result<Loaded, UsageError> {
        self.check_stdin()?;
        let load = |p: &Option<PathBuf>| p.as_deref().map(read).transpose();
        Ok(Loaded {
            cert: load(&self.cert)?,
            key: load(&self.key)?,
            chain: load(&self.chain)?,
            bundle: load(&self.bundle)?,
            trust: load(&self.trust)?,
            verification: load(&self.verification_cert)?,
        })
    }
}

/// The files a check reads, wiped when dropped.
pub(crate) struct Loaded {
    pub cert: Option<Zeroizing<Vec<u8>>>,
    pub key: Option<Zeroizing<Vec<u8>>>,
    pub chain: Option<Zeroizing<Vec<u8>>>,
    pub bundle: Option<Zeroizing<Vec<u8>>>,
    pub trust: Option<Zeroizing<Vec<u8>>>,
    pub verification: Option<Zeroizing<Vec<u8>>>,
}

impl Loaded {
    pub fn request(&self, service: ServiceId, at: i64, options: Options) -> Request<'_> {
        Request {
            service,
            certificate: self.cert.as_ref().map(|b| b.as_slice()),
            private_key: self.key.as_ref().map(|b| b.as_slice()),
            chain: self.chain.as_ref().map(|b| b.as_slice()),
            bundle: self.bundle.as_ref().map(|b| b.as_slice()),
            trust: self.trust.as_ref().map(|b| b.as_slice()),
            verification: self.verification.as_ref().map(|b| b.as_slice()),
            at,
            options,
        }
    }
}

/// The password for a PKCS#12 input: the first line of `file` (--password-file), else
/// CERTPREFLIGHT_PASSWORD.
pub(crate) fn password(file: Option<&std::path::Path>) -> Result<Option<Password>, UsageError> {
    if let Some(path) = file {
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

/// `certpreflight inspect`'s arguments.
#[derive(clap::Args)]
pub(crate) struct InspectArgs {
    /// Files to describe (PEM, DER, PKCS#7, PKCS#12; `-` reads standard input), or folders:
    /// every file in them, by name.
    #[arg(required = true, value_name = "FILE|DIR|-")]
    pub files: Vec<PathBuf>,
    /// Descend into the folders' folders too.
    #[arg(short, long)]
    pub recursive: bool,
    /// The evaluation instant (RFC 3339); default now.
    #[arg(long, value_name = "RFC3339")]
    pub at: Option<String>,
    /// Mark a certificate with fewer than N days left as expiring.
    #[arg(long, value_name = "N", default_value_t = 30)]
    pub warn_days: i64,
    /// The password of PKCS#12 inputs, from the first line of FILE (or CERTPREFLIGHT_PASSWORD).
    #[arg(long, value_name = "FILE")]
    pub password_file: Option<PathBuf>,
    #[arg(short, long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}
