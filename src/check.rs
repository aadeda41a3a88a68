//! The pipeline: bound the inputs, decode them once, run the service's rules, build the report.

use crate::cert::Cert;
use crate::chain::{self, ChainAnalysis, Node};
use crate::decode::{decode, Decoded};
use crate::finding::{sort_findings, Code, Finding, Severity, Subject};
use crate::key::PrivKey;
use crate::report::{InspectReport, Report, Role, Verdict};
use crate::services::rules::{Needs, Profile};
use crate::services::{Need, ServiceId, ServiceInfo};
use std::borrow::Cow;
use std::cell::OnceCell;

/// Inputs larger than this are refused before parsing. AWS's largest field is the 2 MiB
/// certificate chain (ACM, IAM, Transfer); 4 MiB leaves room for a bundle with text around it.
pub const MAX_INPUT_BYTES: usize = 4 * 1024 * 1024;

/// Service options beyond the three PEM inputs. Every field is optional; a field that does
/// not apply to the chosen service is refused by the CLI and ignored by the engine.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Options {
    /// Transfer: `SIGNING`, `ENCRYPTION` or `TLS`.
    pub usage: Option<String>,
    /// Transfer: RFC 3339.
    pub active_date: Option<String>,
    pub inactive_date: Option<String>,
    pub description: Option<String>,
    /// IoT UpdateCertificate `newStatus`.
    pub new_status: Option<String>,
    /// IAM signing certificates.
    pub user_name: Option<String>,
    pub certificate_id: Option<String>,
    pub status: Option<String>,
    /// IAM server certificates.
    pub name: Option<String>,
    pub path: Option<String>,
    /// RDS.
    pub ca_identifier: Option<String>,
    pub region: Option<String>,
    /// Warn when fewer days than this remain (default per service).
    pub warn_days: Option<i64>,
    /// File names to use in the suggested commands (defaults: cert.pem, key.pem, chain.pem).
    pub certificate_file: Option<String>,
    pub private_key_file: Option<String>,
    pub chain_file: Option<String>,
    /// The password of a PKCS#12 input (zeroized on drop). With it, a PKCS#12 file given as
    /// the certificate or the key is opened: its leaf is checked as the certificate, its key
    /// as the private key and its other certificates as the chain (a key or chain given
    /// separately is used instead, and the report says so).
    pub pkcs12_password: Option<crate::pkcs12::Password>,
}

/// One check: what to judge, against which service, at which instant.
#[derive(Debug, Clone)]
pub struct Request<'a> {
    pub service: ServiceId,
    pub certificate: Option<&'a [u8]>,
    pub private_key: Option<&'a [u8]>,
    pub chain: Option<&'a [u8]>,
    /// RDS: the client's trust store.
    pub bundle: Option<&'a [u8]>,
    /// The evaluation instant, Unix seconds. The engine never reads a clock.
    pub at: i64,
    pub options: Options,
}

impl<'a> Request<'a> {
    pub fn new(service: ServiceId, at: i64) -> Request<'a> {
        Request {
            service,
            certificate: None,
            private_key: None,
            chain: None,
            bundle: None,
            at,
            options: Options::default(),
        }
    }
}

/// Which field an input came in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Field {
    Certificate,
    Key,
    Chain,
    Bundle,
}

impl Field {
    pub fn name(self) -> &'static str {
        match self {
            Field::Certificate => "certificate",
            Field::Key => "private key",
            Field::Chain => "chain",
            Field::Bundle => "trust bundle",
        }
    }
}

/// One given input, decoded.
#[derive(Debug)]
pub(crate) struct Input<'a> {
    pub field: Field,
    pub bytes: &'a [u8],
    pub decoded: Decoded,
}

/// What rules read. Derived facts (chain analysis, key match) are computed once, on demand.
pub(crate) struct Context<'a> {
    pub service: &'static ServiceInfo,
    pub at: i64,
    pub options: &'a Options,
    pub certificate: Option<Input<'a>>,
    pub private_key: Option<Input<'a>>,
    pub chain: Option<Input<'a>>,
    pub bundle: Option<Input<'a>>,
    /// Chain certificates: the chain field, or (Transfer) the certificates after the first
    /// in the certificate field.
    chain_certs: Option<Cow<'a, [Cert]>>,
    analysis: OnceCell<Option<ChainAnalysis>>,
    key_match: OnceCell<Option<bool>>,
}

impl<'a> Context<'a> {
    /// A context over decoded inputs. `chain_certs` may borrow certificates parsed once for
    /// many checks (fleet mode's CA).
    pub(crate) fn new(
        service: &'static ServiceInfo,
        at: i64,
        options: &'a Options,
        certificate: Option<Input<'a>>,
        chain_certs: Option<Cow<'a, [Cert]>>,
    ) -> Context<'a> {
        Context {
            service,
            at,
            options,
            certificate,
            private_key: None,
            chain: None,
            bundle: None,
            chain_certs,
            analysis: OnceCell::new(),
            key_match: OnceCell::new(),
        }
    }
    /// Supplies the chain analysis computed elsewhere (fleet mode's fast path).
    pub(crate) fn with_analysis(self, analysis: ChainAnalysis) -> Context<'a> {
        let _ = self.analysis.set(Some(analysis));
        self
    }
    pub fn profile(&self) -> &'static Profile {
        &self.service.profile
    }
    pub fn leaf(&self) -> Option<&Cert> {
        self.certificate.as_ref()?.decoded.certs.first()
    }
    pub fn key(&self) -> Option<&PrivKey> {
        self.private_key.as_ref()?.decoded.keys.first()
    }
    pub fn chain_certs(&self) -> Option<&[Cert]> {
        self.chain_certs.as_deref()
    }
    /// The leaf's path through the chain; None without a leaf or a chain.
    pub fn analysis(&self) -> Option<&ChainAnalysis> {
        self.analysis
            .get_or_init(|| Some(chain::analyse(self.leaf()?, self.chain_certs()?)))
            .as_ref()
    }
    pub fn node_cert(&self, node: Node) -> Option<&Cert> {
        match node {
            Node::Leaf => self.leaf(),
            Node::Chain(i) => self.chain_certs()?.get(i),
        }
    }
    /// Some(true/false) when both sides are known.
    pub fn key_matches(&self) -> Option<bool> {
        *self.key_match.get_or_init(|| {
            let public = self.key()?.public.as_ref()?;
            Some(public.same_key(&self.leaf()?.key))
        })
    }
    fn has(&self, need: Needs) -> bool {
        match need {
            Needs::Certificate => self.leaf().is_some(),
            Needs::Key => self.key().is_some(),
            Needs::Chain => self.chain_certs().is_some_and(|c| !c.is_empty()),
            // The bundle rule reports an unreadable or empty bundle itself.
            Needs::Bundle => self.bundle.is_some(),
        }
    }
}

/// The source of the bound's finding: the tool's own limit, not an AWS rule.
const INPUT_BOUND_SOURCE: &str =
    "certpreflight: inputs over MAX_INPUT_BYTES are refused before parsing";
/// The source of `inspect`'s findings, which judge no service.
const DECODE_SOURCE: &str = "certpreflight: decoding (PEM, DER, PKCS#7, PKCS#12)";

fn too_large(field: Field, len: usize) -> Finding {
    Finding::error(
        Code::InputTooLarge,
        format!(
            "The {} is {len} bytes; the tool reads at most {MAX_INPUT_BYTES} bytes per input (AWS's largest field, the chain, takes 2,097,152).",
            field.name()
        ),
    )
    .fix("give only the certificate, key or chain, not an archive or a whole trust store")
    .source(INPUT_BOUND_SOURCE)
    .about(match field {
        Field::Certificate => Subject::Certificate,
        Field::Key => Subject::Key,
        Field::Chain => Subject::Chain,
        Field::Bundle => Subject::Bundle,
    })
}

/// Decodes an input unless it is empty-and-absent or too large.
fn take<'a>(
    field: Field,
    bytes: Option<&'a [u8]>,
    refused: &mut Vec<Finding>,
) -> Option<Input<'a>> {
    let bytes = bytes?;
    if bytes.len() > MAX_INPUT_BYTES {
        refused.push(too_large(field, bytes.len()));
        return None;
    }
    Some(Input {
        field,
        bytes,
        decoded: decode(bytes),
    })
}

/// Judges the inputs against the service. Never panics on any input.
///
/// A PKCS#12 certificate or key input is opened first when a password is given
/// ([`Options::pkcs12_password`]); its contents are then checked like PEM inputs.
pub fn check(request: &Request<'_>) -> Report {
    match open_pkcs12_inputs(request) {
        Pkcs12Outcome::NotApplicable => check_inputs(request),
        Pkcs12Outcome::Failed(finding) => {
            let mut report = check_inputs(request);
            // "Give the password" is moot: it was given, and did not open the file.
            // Nor is the file repeated as "not PEM", nor its key as missing: the file holds them.
            let in_key_field = finding.subject == Some(Subject::Key);
            report.findings.retain(|f| {
                !(f.code == Code::Pkcs12Given
                    || (f.code == Code::CertNotPem
                        && f.subject == Some(Subject::Certificate)
                        && !in_key_field)
                    || (f.code == Code::KeyMissing && !in_key_field))
            });
            report.findings.push(finding);
            finish_findings(&mut report);
            report
        }
        Pkcs12Outcome::Opened { inputs, notes } => {
            let mut options = request.options.clone();
            // The suggested commands name the PEM files `certpreflight fix` writes.
            if inputs.certificate_from_pkcs12 {
                options.certificate_file = None;
            }
            options.private_key_file = if inputs.key_from_pkcs12 {
                None
            } else {
                options.private_key_file
            };
            options.chain_file = if inputs.chain_from_pkcs12 {
                None
            } else {
                options.chain_file
            };
            let opened = Request {
                service: request.service,
                certificate: if inputs.certificate_from_pkcs12 {
                    inputs.certificate.as_deref().map(str::as_bytes)
                } else {
                    request.certificate
                },
                private_key: match &inputs.private_key {
                    Some(k) => Some(k.as_bytes()),
                    None => request.private_key,
                },
                chain: match &inputs.chain {
                    Some(c) => Some(c.as_bytes()),
                    None => request.chain,
                },
                bundle: request.bundle,
                at: request.at,
                options,
            };
            let mut report = check_inputs(&opened);
            report.findings.extend(notes);
            finish_findings(&mut report);
            report
        }
    }
}

/// Re-sorts findings after additions and recomputes the verdict (and the import command).
fn finish_findings(report: &mut Report) {
    sort_findings(&mut report.findings);
    if report
        .findings
        .iter()
        .any(|f| f.severity == Severity::Error)
    {
        report.verdict = Verdict::Fail;
        report.import_command = None;
    }
}

/// What a PKCS#12 input turned into.
struct OpenedInputs {
    /// The leaf's PEM when it came from the file.
    certificate: Option<String>,
    /// True when the certificate field is the file's (even if it held no certificate).
    certificate_from_pkcs12: bool,
    private_key: Option<zeroize::Zeroizing<String>>,
    chain: Option<String>,
    key_from_pkcs12: bool,
    chain_from_pkcs12: bool,
}

enum Pkcs12Outcome {
    /// No PKCS#12 input, or no password to open it with (the rules then say so).
    NotApplicable,
    /// A PKCS#12 input did not open: wrong password, corrupt file.
    Failed(Finding),
    Opened {
        inputs: OpenedInputs,
        notes: Vec<Finding>,
    },
}

/// A PKCS#12 file, or something that starts like one (a truncated or corrupt file is then
/// reported by the opening as unreadable).
fn is_pkcs12(bytes: Option<&[u8]>) -> bool {
    bytes.is_some_and(|b| {
        b.len() <= MAX_INPUT_BYTES
            && (crate::pkcs12::looks_like_pkcs12(b)
                || decode(b).kind == crate::decode::InputKind::Pkcs12)
    })
}

/// Opens the certificate (or, failing that, the key) input when it is a PKCS#12 file and a
/// password was given.
fn open_pkcs12_inputs(request: &Request<'_>) -> Pkcs12Outcome {
    let Some(password) = &request.options.pkcs12_password else {
        return Pkcs12Outcome::NotApplicable;
    };
    let (bytes, field) = if is_pkcs12(request.certificate) {
        (request.certificate, Field::Certificate)
    } else if is_pkcs12(request.private_key) {
        (request.private_key, Field::Key)
    } else {
        return Pkcs12Outcome::NotApplicable;
    };
    let Some(bytes) = bytes else {
        return Pkcs12Outcome::NotApplicable;
    };
    let subject = match field {
        Field::Key => Subject::Key,
        _ => Subject::Certificate,
    };
    let contents = match crate::pkcs12::open_pkcs12(bytes, password.expose()) {
        Ok(c) => c,
        Err(f) => {
            let f = f.about(subject);
            return Pkcs12Outcome::Failed(f);
        }
    };
    let mut used = Vec::new();
    let mut notes = Vec::new();
    // The certificate: from the file, unless the file came in the key field and a certificate
    // was given too (then `certificate` stays None and the given one is used).
    let certificate = if field == Field::Key && request.certificate.is_some() {
        if contents.certificate.is_some() {
            notes.push(
                "the certificate given separately was used, not the PKCS#12 file's leaf"
                    .to_string(),
            );
        }
        None
    } else {
        if contents.certificate.is_some() {
            used.push("its leaf as the certificate".to_string());
        }
        contents.certificate.clone()
    };
    let certificate_from_pkcs12 = field == Field::Certificate || certificate.is_some();
    let other_key_given = field == Field::Certificate && request.private_key.is_some();
    let key_from_pkcs12 = !other_key_given && contents.private_key.is_some();
    let private_key = if key_from_pkcs12 {
        used.push("its private key as the key".to_string());
        contents.private_key.clone()
    } else {
        if other_key_given && contents.private_key.is_some() {
            notes.push(
                "the private key given separately was used, not the one in the PKCS#12 file"
                    .to_string(),
            );
        }
        None
    };
    let chain_from_pkcs12 = request.chain.is_none() && contents.chain.is_some();
    let chain = if chain_from_pkcs12 {
        used.push(format!(
            "its {} other certificate(s) as the chain, in issuing order",
            contents.chain_count
        ));
        contents.chain.clone()
    } else {
        if request.chain.is_some() && contents.chain.is_some() {
            notes.push(format!(
                "the chain given separately was used, not the PKCS#12 file's {} other certificate(s)",
                contents.chain_count
            ));
        }
        None
    };
    if contents.other_keys > 0 {
        notes.push(format!(
            "{} further private key(s) in the file were ignored",
            contents.other_keys
        ));
    }
    let mut message = format!(
        "The {} is a PKCS#12 file, opened with the password given; checked: {}.",
        field.name(),
        if used.is_empty() {
            "nothing (it holds no certificate or key)".to_string()
        } else {
            used.join(", ")
        }
    );
    for n in &notes {
        message.push_str(&format!(" Note: {n}."));
    }
    let findings = vec![Finding::info(Code::DecodeNote, message)
        .fix("AWS takes PEM: `certpreflight fix --out DIR` writes cert.pem, chain.pem and key.pem from it (in the web page: the Fixed files downloads)")
        .source("certpreflight: PKCS#12 opened locally; nothing leaves the machine")
        .about(subject)];
    Pkcs12Outcome::Opened {
        inputs: OpenedInputs {
            certificate,
            certificate_from_pkcs12,
            private_key,
            chain,
            key_from_pkcs12,
            chain_from_pkcs12,
        },
        notes: findings,
    }
}

fn check_inputs(request: &Request<'_>) -> Report {
    let service = request.service.info();
    let mut findings = Vec::new();
    let certificate = take(Field::Certificate, request.certificate, &mut findings);
    let private_key = take(Field::Key, request.private_key, &mut findings);
    let chain_input = take(Field::Chain, request.chain, &mut findings);
    let bundle = take(Field::Bundle, request.bundle, &mut findings);

    let chain_certs = match &chain_input {
        Some(c) => Some(Cow::Owned(c.decoded.certs.clone())),
        None if request.service == ServiceId::Transfer => certificate
            .as_ref()
            .filter(|c| c.decoded.certs.len() > 1)
            .map(|c| Cow::Owned(c.decoded.certs[1..].to_vec())),
        None => None,
    };
    let ctx = Context {
        service,
        at: request.at,
        options: &request.options,
        certificate,
        private_key,
        chain: chain_input,
        bundle,
        chain_certs,
        analysis: OnceCell::new(),
        key_match: OnceCell::new(),
    };

    run_rules(&ctx, &mut findings);
    sort_findings(&mut findings);
    let verdict = if findings.iter().any(|f| f.severity == Severity::Error) {
        Verdict::Fail
    } else {
        Verdict::Pass
    };

    let mut certificates = Vec::new();
    if let Some(input) = &ctx.certificate {
        for (i, c) in input.decoded.certs.iter().enumerate() {
            certificates.push(c.report(if i == 0 { Role::Leaf } else { Role::Chain }, i, ctx.at));
        }
    }
    if let Some(input) = &ctx.chain {
        for (i, c) in input.decoded.certs.iter().enumerate() {
            certificates.push(c.report(Role::Chain, i, ctx.at));
        }
    }
    if let Some(input) = &ctx.bundle {
        for (i, c) in input.decoded.certs.iter().enumerate() {
            certificates.push(c.report(Role::Bundle, i, ctx.at));
        }
    }
    let key = ctx.key().map(|k| k.report(ctx.key_matches()));
    let chain = ctx.analysis().map(ChainAnalysis::report);
    let (import_command, commands) = (service.commands)(&ctx);
    let describe_preview = service
        .describe_preview
        .then(|| crate::services::acm::describe_preview(&ctx))
        .flatten();
    Report {
        service: service.id.id().to_string(),
        verdict,
        evaluated_at: crate::time_util::format_rfc3339(ctx.at),
        certificates,
        key,
        chain,
        findings,
        import_command: if verdict == Verdict::Pass {
            import_command
        } else {
            None
        },
        commands,
        describe_preview,
    }
}

/// Runs every rule of the service whose inputs are present, and notes which inputs would
/// make the others conclusive. Findings are appended unsorted.
pub(crate) fn run_rules(ctx: &Context<'_>, findings: &mut Vec<Finding>) {
    let service = ctx.service;
    // Run every rule whose inputs are present; remember which inputs would make others conclusive.
    let mut missing: Vec<(Needs, Vec<&'static str>)> = Vec::new();
    for rule in service.rules() {
        if let Some(need) = rule.needs.iter().copied().find(|n| !ctx.has(*n)) {
            match missing.iter_mut().find(|(n, _)| *n == need) {
                Some((_, list)) => list.push(rule.summary),
                None => missing.push((need, vec![rule.summary])),
            }
            continue;
        }
        let start = findings.len();
        (rule.check)(ctx, findings);
        for f in &mut findings[start..] {
            if f.source.is_empty() {
                f.source = rule.source;
            }
        }
    }
    for (need, rules) in missing {
        if input_reported_missing(ctx, need) {
            continue;
        }
        findings.push(
            Finding::info(
                Code::NeedsInput,
                format!(
                    "Not checked without {}: {}. Give it to make these conclusive.",
                    need.name(),
                    rules.join("; ")
                ),
            )
            .source("certpreflight: these rules need an input that was not given")
            .about(match need {
                Needs::Certificate => Subject::Certificate,
                Needs::Key => Subject::Key,
                Needs::Chain => Subject::Chain,
                Needs::Bundle => Subject::Bundle,
            }),
        );
    }
}

/// A required input that is absent already has its own error; no need to repeat it.
fn input_reported_missing(ctx: &Context<'_>, need: Needs) -> bool {
    match need {
        Needs::Certificate => ctx.service.certificate == Need::Required,
        Needs::Key => {
            ctx.service.private_key == Need::Required || ctx.service.private_key == Need::NotUsed
        }
        Needs::Chain => ctx.service.chain == Need::NotUsed,
        Needs::Bundle => false,
    }
}

/// Decodes and describes any input, with no service judgement.
pub fn inspect(input: &[u8], at: i64) -> InspectReport {
    if input.len() > MAX_INPUT_BYTES {
        return InspectReport {
            kind: "too large".into(),
            certificates: vec![],
            keys: vec![],
            findings: vec![too_large(Field::Certificate, input.len())],
        };
    }
    let d = decode(input);
    let mut findings = Vec::new();
    for p in &d.problems {
        findings.push(
            Finding::error(Code::InputUnreadable, format!("{}: {}", p.what, p.why))
                .source(DECODE_SOURCE),
        );
    }
    if d.certs.is_empty() && d.keys.is_empty() && d.problems.is_empty() {
        let msg = match d.kind {
            crate::decode::InputKind::Empty => "The input is empty.".to_string(),
            crate::decode::InputKind::Pkcs12 => {
                "A PKCS#12 file: give its password to open it (certpreflight check/fix --password-file FILE), or convert it with openssl pkcs12 -in file.pfx -nodes".to_string()
            }
            _ => "No certificate or private key found (not PEM, DER, PKCS#7 or PKCS#12).".to_string(),
        };
        findings.push(Finding::error(Code::InputUnreadable, msg).source(DECODE_SOURCE));
    }
    for h in &d.hygiene {
        findings.push(
            Finding::info(Code::DecodeNote, format!("The input {}.", h.describe()))
                .source(DECODE_SOURCE),
        );
    }
    InspectReport {
        kind: d.kind.name().to_string(),
        certificates: d
            .certs
            .iter()
            .enumerate()
            .map(|(i, c)| c.report(Role::Bundle, i, at))
            .collect(),
        keys: d.keys.iter().map(|k| k.report(None)).collect(),
        findings,
    }
}
