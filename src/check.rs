//! The pipeline: bound the inputs, decode them once, run the service's rules, build the report.

use crate::cert::Cert;
use crate::chain::{self, ChainAnalysis, Node};
use crate::decode::{decode, Decoded};
use crate::finding::{sort_findings, Code, Finding, Severity, Subject};
use crate::key::PrivKey;
use crate::report::{InspectReport, Report, Role, Verdict};
use crate::services::rules::{Needs, Profile};
use crate::services::{Need, ServiceId, ServiceInfo};
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
    chain_certs: Option<Vec<Cert>>,
    analysis: OnceCell<Option<ChainAnalysis>>,
    key_match: OnceCell<Option<bool>>,
}

impl<'a> Context<'a> {
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

fn too_large(field: Field, len: usize) -> Finding {
    Finding::error(
        Code::InputTooLarge,
        format!(
            "The {} is {len} bytes; the tool reads at most {MAX_INPUT_BYTES} bytes per input (AWS's largest field, the chain, takes 2,097,152).",
            field.name()
        ),
    )
    .fix("give only the certificate, key or chain, not an archive or a whole trust store")
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
pub fn check(request: &Request<'_>) -> Report {
    let service = request.service.info();
    let mut findings = Vec::new();
    let certificate = take(Field::Certificate, request.certificate, &mut findings);
    let private_key = take(Field::Key, request.private_key, &mut findings);
    let chain_input = take(Field::Chain, request.chain, &mut findings);
    let bundle = take(Field::Bundle, request.bundle, &mut findings);

    let chain_certs = match &chain_input {
        Some(c) => Some(c.decoded.certs.clone()),
        None if request.service == ServiceId::Transfer => certificate
            .as_ref()
            .filter(|c| c.decoded.certs.len() > 1)
            .map(|c| c.decoded.certs[1..].to_vec()),
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
        (rule.check)(&ctx, &mut findings);
        for f in &mut findings[start..] {
            if f.source.is_empty() {
                f.source = rule.source;
            }
        }
    }
    for (need, rules) in missing {
        if input_reported_missing(&ctx, need) {
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
        findings.push(Finding::error(
            Code::InputUnreadable,
            format!("{}: {}", p.what, p.why),
        ));
    }
    if d.certs.is_empty() && d.keys.is_empty() && d.problems.is_empty() {
        let msg = match d.kind {
            crate::decode::InputKind::Empty => "The input is empty.".to_string(),
            crate::decode::InputKind::Pkcs12 => {
                "A PKCS#12 file: opening it needs its password (a later feature); convert it with openssl pkcs12 -in file.pfx -nodes".to_string()
            }
            _ => "No certificate or private key found (not PEM, DER, PKCS#7 or PKCS#12).".to_string(),
        };
        findings.push(Finding::error(Code::InputUnreadable, msg));
    }
    for h in &d.hygiene {
        findings.push(Finding::info(
            Code::DecodeNote,
            format!("The input {}.", h.describe()),
        ));
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
