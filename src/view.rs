//! The report's views of the facts: a parsed certificate, key or chain analysis turned into
//! the JSON contract's types. The facts know nothing of the report; this is the one place
//! that maps them.

use crate::algorithm::PublicKey;
use crate::analysis::Analysis;
use crate::cert::Cert;
use crate::chain::{ChainAnalysis, LinkState};
use crate::key::PrivKey;
use crate::report::{CertificateReport, ChainLink, ChainReport, KeyDescription, KeyReport, Role};
use crate::time_util::{days_between, format_rfc3339};

pub(crate) fn key_description(key: &PublicKey) -> KeyDescription {
    KeyDescription {
        algorithm: key.family().to_string(),
        bits: key.bits(),
        curve: match key {
            PublicKey::Ec { curve, .. } => Some(curve.name().to_string()),
            _ => None,
        },
        aws_key_algorithm: key.aws_name(),
    }
}

pub(crate) fn certificate(cert: &Cert, role: Role, index: usize, at: i64) -> CertificateReport {
    CertificateReport {
        role,
        index,
        subject: cert.subject.clone(),
        issuer: cert.issuer.clone(),
        serial: cert.serial.clone(),
        version: cert.version,
        sans: cert.sans.clone(),
        not_before: format_rfc3339(cert.not_before),
        not_after: format_rfc3339(cert.not_after),
        days_remaining: days_between(at, cert.not_after),
        valid_at_instant: cert.valid_at(at),
        key: key_description(&cert.key),
        signature_algorithm: cert.sig_alg.name(),
        is_ca: cert.is_ca,
        path_len: cert.path_len,
        self_issued: cert.self_issued(),
        key_usage: cert.key_usage.clone(),
        extended_key_usage: cert.extended_key_usage.clone(),
        sha1: cert.sha1.clone(),
        sha256: cert.sha256.clone(),
        pem: cert.pem(),
    }
}

pub(crate) fn key(key: &PrivKey, matches: Option<bool>) -> KeyReport {
    KeyReport {
        algorithm: key.algorithm.clone(),
        bits: key.bits,
        curve: key.curve.clone(),
        format: key.format.name().to_string(),
        encrypted: key.format.encrypted(),
        matches_certificate: matches,
    }
}

pub(crate) fn chain(a: &ChainAnalysis) -> ChainReport {
    ChainReport {
        in_order: a.acm_index.is_none(),
        suggested_order: a.path.clone(),
        acm_invalid_index: a.acm_index,
        complete: a.complete,
        links: a
            .links
            .iter()
            .map(|(node, state)| {
                let (issued_by, state) = match state {
                    LinkState::Verified(n) => (Some(n.label()), "verified"),
                    LinkState::SignatureInvalid(n) => (Some(n.label()), "signature-invalid"),
                    LinkState::Unverifiable(n, _) => (Some(n.label()), "unsupported-algorithm"),
                    LinkState::SelfSigned => (None, "self-signed"),
                    LinkState::IssuerMissing => (None, "issuer-missing"),
                };
                ChainLink {
                    certificate: node.label(),
                    issued_by,
                    state: state.into(),
                }
            })
            .collect(),
    }
}

/// Every certificate of a check: the certificate field's (the leaf, then a fullchain's
/// others as chain), the chain field's, the bundle's.
pub(crate) fn certificates(facts: &Analysis<'_>) -> Vec<CertificateReport> {
    let at = facts.at;
    let mut out = Vec::new();
    if let Some(input) = facts.certificate() {
        for (i, c) in input.decoded.certs.iter().enumerate() {
            let role = if i == 0 { Role::Leaf } else { Role::Chain };
            out.push(certificate(c, role, i, at));
        }
    }
    for (input, role) in [
        (facts.chain_input(), Role::Chain),
        (facts.bundle(), Role::Bundle),
    ] {
        if let Some(input) = input {
            for (i, c) in input.decoded.certs.iter().enumerate() {
                out.push(certificate(c, role, i, at));
            }
        }
    }
    out
}

/// The key's report, matched against the leaf.
pub(crate) fn key_of(facts: &Analysis<'_>) -> Option<KeyReport> {
    facts.key().map(|k| key(k, facts.key_matches()))
}
