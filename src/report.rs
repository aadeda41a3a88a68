//! The report: the one structure the CLI prints and the page renders, for one target
//! ([`Report`]) or for every target judged from one analysis ([`Matrix`]). Its JSON form is a
//! documented contract (see README "The JSON report"). These types depend on nothing above
//! the findings: the pipeline fills them in.

use crate::field::InputName;
use crate::finding::{Code, Finding, Severity};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;

/// Fail when a finding is an error; else incomplete while an input the answer needs is
/// missing (the key, the chain, a password, an identifier...); else pass.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    Pass,
    Fail,
    /// Nothing wrong so far, but the answer waits for an input (see `missing`).
    Incomplete,
}

/// Where a certificate came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Leaf,
    Chain,
    Bundle,
}

/// A public key, as the certificate carries it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct KeyDescription {
    /// `RSA`, `EC`, `Ed25519`, `Ed448`, `DSA` or the OID when unknown.
    pub algorithm: String,
    /// Modulus size for RSA, field size for EC.
    pub bits: Option<u32>,
    /// `prime256v1`, `secp384r1`, `secp521r1`, or another curve's OID.
    pub curve: Option<String>,
    /// ACM's `KeyAlgorithm` name (`RSA_2048`, `EC_prime256v1`) when the key has one.
    pub aws_key_algorithm: Option<String>,
}

/// One certificate, described.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CertificateReport {
    pub role: Role,
    /// Position within its input (0 for the leaf).
    pub index: usize,
    pub subject: String,
    /// The subject's common name, when it has one (what people call the certificate).
    pub subject_cn: Option<String>,
    pub issuer: String,
    /// Lowercase hex, no separators.
    pub serial: String,
    pub version: u32,
    pub sans: Vec<String>,
    /// RFC 3339.
    pub not_before: String,
    pub not_after: String,
    /// Whole days from the evaluation instant to notAfter (negative once expired).
    pub days_remaining: i64,
    /// notBefore <= instant <= notAfter.
    pub valid_at_instant: bool,
    pub key: KeyDescription,
    pub signature_algorithm: String,
    /// The signature algorithm as `openssl x509 -text` names it (`sha256WithRSAEncryption`,
    /// `md2WithRSAEncryption`, GOST's), or `unknown (OID …)`. This and the key identifiers,
    /// CRL distribution points, policies and critical extensions are left out of the page's wasm (empty, not
    /// sent): see `cert::OPENSSL_TEXT_FACTS`.
    #[cfg_attr(target_arch = "wasm32", serde(skip))]
    pub signature_algorithm_openssl: String,
    pub is_ca: Option<bool>,
    pub path_len: Option<u32>,
    /// Subject and issuer names are equal (a root or a self-signed leaf). The signature itself
    /// is verified where it matters: in the chain's `links`.
    pub self_issued: bool,
    pub key_usage: Vec<String>,
    pub extended_key_usage: Vec<String>,
    /// Authority Information Access: where to ask about revocation, where the issuer's
    /// certificate can be fetched.
    pub ocsp_urls: Vec<String>,
    pub ca_issuers_urls: Vec<String>,
    /// subjectKeyIdentifier and authorityKeyIdentifier's keyIdentifier, as OpenSSL prints
    /// them (`AB:CD:…`).
    #[cfg_attr(target_arch = "wasm32", serde(skip))]
    pub subject_key_id: Option<String>,
    #[cfg_attr(target_arch = "wasm32", serde(skip))]
    pub authority_key_id: Option<String>,
    /// CRL distribution points' full names (`URI:http://…`).
    #[cfg_attr(target_arch = "wasm32", serde(skip))]
    pub crl_distribution_points: Vec<String>,
    /// Certificate policies: `OID (name)`, with `, CPS URI` when given.
    #[cfg_attr(target_arch = "wasm32", serde(skip))]
    pub certificate_policies: Vec<String>,
    /// The extensions marked critical, by OpenSSL's names.
    #[cfg_attr(target_arch = "wasm32", serde(skip))]
    pub critical_extensions: Vec<String>,
    /// SHA-256 of the SubjectPublicKeyInfo: the key's fingerprint.
    pub spki_sha256: String,
    /// SHA-1 of the DER, lowercase hex: RDS's `Thumbprint`.
    pub sha1: String,
    /// SHA-256 of the DER, lowercase hex: IoT's `certificateId`.
    pub sha256: String,
    /// The certificate re-encoded as clean PEM.
    pub pem: String,
}

/// The private key, described. Never carries key material.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyReport {
    pub algorithm: String,
    pub bits: Option<u32>,
    pub curve: Option<String>,
    /// `PKCS#1`, `PKCS#8`, `SEC1`, `PKCS#8 (encrypted)`, `PKCS#1 (encrypted, Proc-Type)`.
    pub format: String,
    pub encrypted: bool,
    /// None when there was no certificate to compare, or the key could not be read.
    pub matches_certificate: Option<bool>,
}

/// The chain, judged as a path from the leaf.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChainReport {
    /// True when each certificate issues the one before it.
    pub in_order: bool,
    /// Indexes into the given chain, in issuing order, without the leaf or unrelated certificates.
    pub suggested_order: Vec<usize>,
    /// The index ACM would name in "The index within the chain of the invalid certificate is: N".
    pub acm_invalid_index: Option<i64>,
    /// True when the path ends at a self-signed certificate.
    pub complete: bool,
    /// Each link: child → issuer, with its state.
    pub links: Vec<ChainLink>,
    /// Where the path from the leaf ends.
    pub anchor: AnchorReport,
}

/// Which kind of root a path ends at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AnchorKind {
    /// A root on Mozilla's included CA list (built in).
    Mozilla,
    /// An Amazon Trust Services root (built in; on Mozilla's list too).
    Amazon,
    /// A root the user gave as trusted.
    Given,
    /// None known: a private root, or a missing issuer.
    Unknown,
}

/// Where the path from the leaf ends.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnchorReport {
    pub kind: AnchorKind,
    /// The root's subject; for `unknown`, the top certificate's own subject when it is
    /// self-signed, else the issuer it names.
    pub subject: String,
    /// The root certificate's SHA-256 (None when the issuer is not known).
    pub sha256: Option<String>,
    /// Where the root is: "leaf", "chain[i]", "trusted[i]" or "built-in" (None: unknown
    /// issuer).
    pub at: Option<String>,
}

/// One link of the path the engine built.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChainLink {
    /// The certificate, by role and index ("leaf" or "chain[1]").
    pub certificate: String,
    /// Its issuer in the path ("chain[0]"), or None where none was found.
    pub issued_by: Option<String>,
    /// `verified`, `signature-invalid`, `issuer-missing`, `self-signed`, `unsupported-algorithm`.
    pub state: String,
}

/// A command to run next.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Command {
    pub title: String,
    pub command: String,
}

/// The whole answer for one check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Report {
    pub service: String,
    pub verdict: Verdict,
    /// False while an input the answer needs is missing (then `missing` names it).
    pub conclusive: bool,
    /// The inputs that would make the answer conclusive, most needed first.
    pub missing: Vec<InputName>,
    /// RFC 3339.
    pub evaluated_at: String,
    pub certificates: Vec<CertificateReport>,
    pub key: Option<KeyReport>,
    pub chain: Option<ChainReport>,
    pub findings: Vec<Finding>,
    /// The AWS CLI import command, once nothing is an error.
    pub import_command: Option<String>,
    /// Further commands: lifecycle calls, conversions.
    pub commands: Vec<Command>,
    /// What ACM DescribeCertificate would show after import (ACM-family services only).
    /// The page does not show it, so its wasm (both threads) leaves it out of the messages
    /// and links no code for it; the CLI's JSON has it.
    #[cfg_attr(target_arch = "wasm32", serde(skip))]
    pub describe_preview: Option<DescribePreview>,
}

impl Report {
    pub fn errors(&self) -> usize {
        self.count(Severity::Error)
    }
    pub fn warnings(&self) -> usize {
        self.count(Severity::Warning)
    }
    fn count(&self, severity: Severity) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == severity)
            .count()
    }
    /// The JSON contract, pretty-printed. Native only: the page renders the report itself,
    /// and leaving serde_json out of the wasm keeps the page small.
    #[cfg(not(target_arch = "wasm32"))]
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"))
    }
}

/// What `aws acm describe-certificate` would show for the imported leaf. Typed rather than a
/// `serde_json::Value` so the page's wasm does not link serde_json; the fields are declared
/// in the alphabetical order the JSON output has always had.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DescribePreview {
    #[serde(rename = "Certificate")]
    pub certificate: DescribedCertificate,
}

/// `Certificate` of [`DescribePreview`], in ACM's spelling.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribedCertificate {
    pub domain_name: String,
    pub extended_key_usages: Vec<ExtendedKeyUsage>,
    pub in_use_by: Vec<String>,
    pub issuer: String,
    pub key_algorithm: Option<String>,
    pub key_usages: Vec<KeyUsage>,
    pub not_after: String,
    pub not_before: String,
    pub renewal_eligibility: Cow<'static, str>,
    pub serial: String,
    pub signature_algorithm: String,
    pub status: Cow<'static, str>,
    pub subject: String,
    pub subject_alternative_names: Vec<String>,
    #[serde(rename = "Type")]
    pub kind: Cow<'static, str>,
}

/// One `KeyUsages` entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyUsage {
    #[serde(rename = "Name")]
    pub name: Cow<'static, str>,
}

/// One `ExtendedKeyUsages` entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExtendedKeyUsage {
    #[serde(rename = "Name")]
    pub name: Cow<'static, str>,
    #[serde(rename = "OID")]
    pub oid: String,
}

/// What `inspect` returns: decoding only, no service judgement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InspectReport {
    /// What the input was recognised as (`PEM`, `DER certificate`, `PKCS#7`, `PKCS#12`, ...).
    pub kind: String,
    pub certificates: Vec<CertificateReport>,
    pub keys: Vec<KeyReport>,
    pub findings: Vec<Finding>,
}

/// One target's answer within a [`Matrix`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TargetResult {
    /// The target's id (`nlb`).
    pub service: String,
    /// Its name (`Network Load Balancer (via ACM)`).
    pub name: String,
    pub verdict: Verdict,
    pub conclusive: bool,
    pub missing: Vec<InputName>,
    /// Codes of the error findings, most actionable first.
    pub errors: Vec<Code>,
    /// Codes of the warning findings.
    pub warnings: Vec<Code>,
    /// The first error's message.
    pub first_error: Option<String>,
    pub findings: Vec<Finding>,
    /// The AWS CLI import command, once nothing is an error.
    pub import_command: Option<String>,
    pub commands: Vec<Command>,
    /// The target's own chain analysis, only where it differs from the matrix's: a target
    /// that takes the chain inside the certificate field (Transfer) when no chain was given;
    /// null where the matrix's chain holds.
    pub chain: Option<ChainReport>,
    /// Kept for [`Matrix::report`]; the matrix's JSON leaves it out.
    #[serde(skip)]
    pub describe_preview: Option<DescribePreview>,
}

impl TargetResult {
    pub fn error_count(&self) -> usize {
        self.errors.len()
    }
    pub fn warning_count(&self) -> usize {
        self.warnings.len()
    }
}

/// Every requested target, judged from one analysis of the inputs: the certificates, key and
/// chain facts once, then one [`TargetResult`] per target.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Matrix {
    /// RFC 3339.
    pub evaluated_at: String,
    pub targets: Vec<TargetResult>,
    pub certificates: Vec<CertificateReport>,
    pub key: Option<KeyReport>,
    pub chain: Option<ChainReport>,
}

impl Matrix {
    /// The full single-target report of `targets[index]`, as `check` would give it.
    pub fn report(&self, index: usize) -> Option<Report> {
        let t = self.targets.get(index)?;
        Some(Report {
            service: t.service.clone(),
            verdict: t.verdict,
            conclusive: t.conclusive,
            missing: t.missing.clone(),
            evaluated_at: self.evaluated_at.clone(),
            certificates: self.certificates.clone(),
            key: self.key.clone(),
            chain: t.chain.clone().or_else(|| self.chain.clone()),
            findings: t.findings.clone(),
            import_command: t.import_command.clone(),
            commands: t.commands.clone(),
            describe_preview: t.describe_preview.clone(),
        })
    }

    /// The JSON contract, pretty-printed (native only, as [`Report::to_json`]).
    #[cfg(not(target_arch = "wasm32"))]
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"))
    }
}
