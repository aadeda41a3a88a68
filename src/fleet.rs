//! Fleet mode: many device certificates against one CA (AWS IoT), each judged by the
//! service's own rules.
//!
//! The CA is decoded and parsed once ([`fleet_ca`]); each device certificate is parsed once
//! and checked against that borrowed CA, so its self-signature check and parsing are not
//! repeated per device. No full [`crate::Report`] is built per device: a [`DeviceResult`]
//! keeps the verdict, the codes, the certificateId and the days left. [`fleet`] runs
//! sequentially (it is what the page can call); the command line uses
//! [`check_devices_parallel`], the same per-device work on every core (native only).

use crate::analysis::Analysis;
use crate::cert::Cert;
use crate::check::run_rules;
use crate::decode::{decode, Decoded, InputKind};
use crate::field::InputName;
use crate::finding::{sort_findings, Code, Finding, RuleInfo, Severity, Subject};
use crate::input::{take, Field, Input, Inputs, Options};
use crate::report::Verdict;
use crate::rule::Ctx;
use crate::service_id::ServiceId;
use serde::Serialize;
use std::borrow::Cow;
use std::collections::BTreeMap;

/// One device certificate, not yet parsed: a PEM `CERTIFICATE` block, or DER.
#[derive(Debug, Clone)]
pub enum DeviceInput<'a> {
    /// The text of one `-----BEGIN CERTIFICATE-----` … `-----END CERTIFICATE-----` block.
    Pem(&'a [u8]),
    /// A DER certificate (a `.der` file, or one unpacked from PKCS#7).
    Der(Cow<'a, [u8]>),
    /// Something in the input that is no certificate, with why.
    Unreadable(String),
}

const BEGIN_CERT: &str = "-----BEGIN CERTIFICATE-----";
const END_CERT: &str = "-----END CERTIFICATE-----";

/// Splits one file into device certificates without parsing them: PEM blocks are found by
/// their armour lines (so a bundle of 100,000 is split in one pass), PKCS#7 and DER are
/// decoded whole. Keys and other blocks in the file are skipped.
pub fn split_certificates(bytes: &[u8]) -> Vec<DeviceInput<'_>> {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return whole(bytes);
    };
    if !text.contains("-----BEGIN ") {
        return whole(bytes);
    }
    let mut out = Vec::new();
    let mut rest = 0usize;
    while let Some(found) = text[rest..].find(BEGIN_CERT) {
        let start = rest + found;
        match text[start..].find(END_CERT) {
            Some(len) => {
                let end = start + len + END_CERT.len();
                out.push(DeviceInput::Pem(&bytes[start..end]));
                rest = end;
            }
            None => {
                out.push(DeviceInput::Unreadable(
                    "a CERTIFICATE block has no END line (the file is cut short)".into(),
                ));
                break;
            }
        }
    }
    if out.is_empty() {
        // PEM, but no CERTIFICATE block: perhaps PKCS#7 PEM.
        return whole(bytes);
    }
    out
}

/// Decodes a whole input (DER, PKCS#7, bare base64) into device inputs.
fn whole(bytes: &[u8]) -> Vec<DeviceInput<'_>> {
    let d = decode(bytes);
    let mut out: Vec<DeviceInput<'_>> = d
        .certs
        .into_iter()
        .map(|c| DeviceInput::Der(Cow::Owned(c.der)))
        .collect();
    if out.is_empty() {
        out.push(DeviceInput::Unreadable(match d.problems.first() {
            Some(p) => p.why.clone(),
            None => format!("no certificate found ({})", d.kind.name()),
        }));
    }
    out
}

/// The CA (and everything else shared by the devices), parsed once.
#[derive(Debug)]
pub struct FleetCa {
    pub service: ServiceId,
    pub at: i64,
    pub options: Options,
    ca: Option<Vec<Cert>>,
    /// Findings about the CA input itself (unreadable, not PEM, too large), once for all
    /// devices; or that no CA was given, so none of them was checked against one.
    pub findings: Vec<Finding>,
}

/// Fleet mode's note when the devices are judged without their CA.
pub(crate) static NO_CA: RuleInfo = RuleInfo::new(
    "input.fleet-ca",
    Code::NeedsInput,
    Severity::Warning,
    "fleet mode says when no device was checked against a CA",
    "certpreflight: fleet mode checks devices against the CA given as the chain",
);

impl FleetCa {
    /// True when a CA was given and read: each device was checked against it.
    pub fn ca_checked(&self) -> bool {
        self.ca.as_ref().is_some_and(|c| !c.is_empty())
    }
}

/// Parses the CA once for [`FleetCa::check_device`]. `ca` is the chain input (IoT: the CA
/// that signed the devices); None for `iot-ca`, where each certificate is itself a CA. The
/// CA input is judged by the service's own rules, once.
pub fn fleet_ca(service: ServiceId, ca: Option<&[u8]>, at: i64, options: Options) -> FleetCa {
    let mut findings = Vec::new();
    let ca_input = take(Field::Chain, ca, &mut findings);
    let certs = ca_input.as_ref().map(|i| i.decoded.certs.clone());
    if let Some(input) = ca_input {
        let inputs = Inputs::chain_only(input);
        let facts = Analysis::new(&inputs, at, &options);
        let ctx = Ctx {
            facts: &facts,
            service: service.info(),
        };
        let mut judged = Vec::new();
        run_rules(&ctx, &mut judged);
        // What the rules say of the CA input itself; the rest waits for each device.
        findings.extend(
            judged
                .into_iter()
                .filter(|f| f.subject == Some(Subject::Chain) && f.code != Code::NeedsInput),
        );
    }
    let takes_ca = service.info().chain != crate::rule::Need::NotUsed;
    if takes_ca && certs.as_ref().is_none_or(|c| c.is_empty()) {
        findings.push(
            Finding::warning(
                Code::NeedsInput,
                "No CA certificate was given (or it held none): no device certificate was checked against a CA. Each was judged on its own: key, signature algorithm, validity, certificateId.",
            )
            .fix("give the CA that signed the devices as the chain to check each device's signature and the CA's basicConstraints")
            .about(Subject::Chain)
            .needs(InputName::Chain)
            .made_by(&NO_CA),
        );
    }
    sort_findings(&mut findings);
    FleetCa {
        service,
        at,
        options,
        ca: certs,
        findings,
    }
}

/// What one device certificate came to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DeviceResult {
    /// Which input (file) it came from, as numbered by the caller.
    pub source: usize,
    /// Its position within that input.
    pub index: usize,
    /// IoT's certificateId: SHA-256 of the DER, lowercase hex (None when unreadable).
    pub certificate_id: Option<String>,
    pub subject: Option<String>,
    pub verdict: Verdict,
    /// Codes of the error findings, most actionable first.
    pub errors: Vec<Code>,
    /// Codes of the warning findings.
    pub warnings: Vec<Code>,
    /// The first error's message, to show without re-running the check.
    pub first_error: Option<String>,
    /// Whole days from the instant to notAfter (negative once expired).
    pub days_remaining: Option<i64>,
    /// RFC 3339.
    pub not_after: Option<String>,
    /// The error and warning findings in full, for the formats that carry each (SARIF,
    /// JUnit); the JSON lines give their codes.
    #[serde(skip)]
    pub findings: Vec<Finding>,
}

impl FleetCa {
    /// Checks one device certificate with the service's rules against the CA parsed once.
    pub fn check_device(
        &self,
        source: usize,
        index: usize,
        device: &DeviceInput<'_>,
    ) -> DeviceResult {
        let unreadable = |why: String| DeviceResult {
            source,
            index,
            certificate_id: None,
            subject: None,
            verdict: Verdict::Fail,
            errors: vec![Code::InputUnreadable],
            warnings: vec![],
            first_error: Some(why.clone()),
            days_remaining: None,
            not_after: None,
            findings: vec![Finding::error(Code::InputUnreadable, why)
                .about(Subject::Certificate)
                .at(index)
                .made_by(&crate::inspect::DECODING)],
        };
        let (bytes, kind, der): (&[u8], InputKind, Cow<'_, [u8]>) = match device {
            DeviceInput::Pem(block) => match ::pem::parse(block) {
                Ok(p) => (block, InputKind::Pem, Cow::Owned(p.into_contents())),
                Err(e) => return unreadable(format!("not valid PEM: {e}")),
            },
            DeviceInput::Der(der) => (der, InputKind::DerCertificate, Cow::Borrowed(&**der)),
            DeviceInput::Unreadable(why) => return unreadable(why.clone()),
        };
        let cert = match Cert::from_der(&der) {
            Ok(c) => c,
            Err(why) => return unreadable(why),
        };
        let certificate_id = cert.sha256.clone();
        let subject = cert.subject.clone();
        let not_after = cert.not_after;
        let fast = self.ca.as_deref().and_then(|ca| fast_analysis(&cert, ca));
        let inputs = Inputs::certificate_only(Input::parsed(
            Field::Certificate,
            bytes,
            Decoded::single(kind, cert, bytes.len()),
        ));
        let findings = self.judge(&inputs, fast);
        let errors: Vec<Code> = findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .map(|f| f.code)
            .collect();
        let warnings = findings
            .iter()
            .filter(|f| f.severity == Severity::Warning)
            .map(|f| f.code)
            .collect();
        DeviceResult {
            source,
            index,
            certificate_id: Some(certificate_id),
            subject: Some(subject),
            verdict: if errors.is_empty() {
                Verdict::Pass
            } else {
                Verdict::Fail
            },
            first_error: findings
                .iter()
                .find(|f| f.severity == Severity::Error)
                .map(|f| f.message.clone()),
            findings: findings
                .into_iter()
                .filter(|f| f.severity != Severity::Info)
                .collect(),
            errors,
            warnings,
            days_remaining: Some(crate::time_util::days_between(self.at, not_after)),
            not_after: Some(crate::time_util::format_rfc3339(not_after)),
        }
    }

    /// The service's rules over one device and the CA; its errors and warnings, sorted.
    fn judge(
        &self,
        inputs: &Inputs<'_>,
        fast: Option<crate::chain::ChainAnalysis>,
    ) -> Vec<Finding> {
        let mut facts = Analysis::new(inputs, self.at, &self.options);
        if let Some(ca) = self.ca.as_deref() {
            facts = facts.with_shared_chain(ca);
        }
        if let Some(analysis) = fast {
            facts = facts.with_chain_analysis(analysis);
        }
        let ctx = Ctx {
            facts: &facts,
            service: self.service.info(),
        };
        let mut findings = Vec::new();
        run_rules(&ctx, &mut findings);
        findings.retain(|f| f.severity != Severity::Info);
        sort_findings(&mut findings);
        findings
    }

    /// The day count under which a certificate counts as near expiry: `--warn-days`, else
    /// the service's own warning threshold.
    pub fn warn_days(&self) -> i64 {
        self.service.info().warn_days(&self.options)
    }
}

/// Checks the devices on every core, in input order (native only: the page has one thread).
#[cfg(not(target_arch = "wasm32"))]
pub fn check_devices_parallel(
    ca: &FleetCa,
    devices: &[(usize, usize, DeviceInput<'_>)],
) -> Vec<DeviceResult> {
    use rayon::prelude::*;
    devices
        .par_iter()
        .map(|(source, index, d)| ca.check_device(*source, *index, d))
        .collect()
}

/// The chain analysis for the common case, one CA that signed the device; None sends every
/// other case (several CA certificates, a name or signature mismatch) to the general path
/// builder. The result is what `chain::analyse` builds for that case, without its indexes.
fn fast_analysis(leaf: &Cert, ca: &[Cert]) -> Option<crate::chain::ChainAnalysis> {
    use crate::chain::{ChainAnalysis, LinkState, Node};
    let [issuer] = ca else { return None };
    if leaf.issuer_raw != issuer.subject_raw
        || leaf.self_issued()
        || leaf.der == issuer.der
        || (leaf.subject_raw == issuer.subject_raw && leaf.key.same_key(&issuer.key))
    {
        return None;
    }
    // The engine's own verifier (natively `ring` first): a signature that does not verify
    // goes the general way, which says why.
    if leaf.signed_by(&issuer.key).is_err() {
        return None;
    }
    let top = if issuer.self_signed() {
        LinkState::SelfSigned
    } else {
        LinkState::IssuerMissing
    };
    let complete = matches!(top, LinkState::SelfSigned) || issuer.self_issued();
    Some(ChainAnalysis {
        contains_leaf: vec![],
        duplicates: vec![],
        path: vec![0],
        links: vec![
            (Node::Leaf, LinkState::Verified(Node::Chain(0))),
            (Node::Chain(0), top),
        ],
        acm_index: None,
        complete,
        unrelated: vec![],
        unplaced: vec![],
    })
}

/// Counts over a fleet's results.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FleetSummary {
    pub total: usize,
    pub passed: usize,
    pub failed: usize,
    /// For each finding code, how many certificates have it (errors and warnings).
    pub by_code: BTreeMap<String, usize>,
    /// Already expired at the instant.
    pub expired: usize,
    /// The near-expiry threshold used, in days.
    pub warn_days: i64,
    /// Valid, with fewer than `warn_days` days left.
    pub expiring_within_warn_days: usize,
    /// Valid, with fewer than 90 days left (the usual renewal window).
    pub expiring_within_90_days: usize,
    /// Indexes into the results of the soonest expiries, soonest first (at most 10).
    pub soonest: Vec<usize>,
}

impl FleetSummary {
    pub fn new(results: &[DeviceResult], warn_days: i64) -> FleetSummary {
        let mut by_code: BTreeMap<String, usize> = BTreeMap::new();
        let (mut passed, mut expired, mut within_warn, mut within_90) = (0, 0, 0, 0);
        for r in results {
            if r.verdict == Verdict::Pass {
                passed += 1;
            }
            let mut codes: Vec<Code> = r.errors.iter().chain(&r.warnings).copied().collect();
            codes.sort();
            codes.dedup();
            for c in codes {
                *by_code.entry(c.as_str().to_string()).or_default() += 1;
            }
            match r.days_remaining {
                Some(d) if d < 0 => expired += 1,
                Some(d) => {
                    within_warn += usize::from(d < warn_days);
                    within_90 += usize::from(d < 90);
                }
                None => {}
            }
        }
        let mut soonest: Vec<usize> = (0..results.len())
            .filter(|&i| results[i].days_remaining.is_some())
            .collect();
        soonest.sort_by_key(|&i| (results[i].days_remaining, i));
        soonest.truncate(10);
        FleetSummary {
            total: results.len(),
            passed,
            failed: results.len() - passed,
            by_code,
            expired,
            warn_days,
            expiring_within_warn_days: within_warn,
            expiring_within_90_days: within_90,
            soonest,
        }
    }
}

/// A whole fleet, checked in one call.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FleetReport {
    pub service: String,
    pub evaluated_at: String,
    /// Findings about the CA input (once, not per device).
    pub ca_findings: Vec<Finding>,
    /// False when no CA was given: no device was checked against one.
    pub ca_checked: bool,
    pub devices: Vec<DeviceResult>,
    pub summary: FleetSummary,
}

/// Checks every certificate in `devices` (a bundle: PEM with many blocks, PKCS#7 or DER)
/// against the CA in `ca`, sequentially. Every device gets `source` 0.
pub fn fleet(
    service: ServiceId,
    devices: &[u8],
    ca: Option<&[u8]>,
    at: i64,
    options: Options,
) -> FleetReport {
    let ca = fleet_ca(service, ca, at, options);
    let results: Vec<DeviceResult> = split_certificates(devices)
        .iter()
        .enumerate()
        .map(|(i, d)| ca.check_device(0, i, d))
        .collect();
    let summary = FleetSummary::new(&results, ca.warn_days());
    FleetReport {
        service: service.id().to_string(),
        evaluated_at: crate::time_util::format_rfc3339(at),
        ca_checked: ca.ca_checked(),
        ca_findings: ca.findings,
        devices: results,
        summary,
    }
}
