//! The report's views of the facts: a parsed certificate, key or chain analysis turned into
//! the JSON contract's types. The facts know nothing of the report; this is the one place
//! that maps them.

use crate::algorithm::PublicKey;
use crate::analysis::{Analysis, ChainSource};
use crate::cert::Cert;
use crate::chain::{Anchor, ChainAnalysis, LinkState, Node, PathEnd};
use crate::key::PrivKey;
use crate::report::{
    AnchorKind, AnchorReport, CertificateReport, ChainLink, ChainReport, KeyDescription, KeyReport,
    Role,
};
use crate::time_util::{days_between, format_rfc3339};
use crate::trust::AnchorSet;

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
        subject_cn: cert.subject_cn.clone(),
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
        signature_algorithm_openssl: if crate::cert::OPENSSL_TEXT_FACTS {
            openssl_signature(cert)
        } else {
            String::new()
        },
        is_ca: cert.is_ca,
        path_len: cert.path_len,
        self_issued: cert.self_issued(),
        key_usage: cert.key_usage.clone(),
        extended_key_usage: cert.extended_key_usage.clone(),
        ocsp_urls: cert.ocsp_urls.clone(),
        ca_issuers_urls: cert.ca_issuers_urls.clone(),
        subject_key_id: cert.subject_key_id.as_deref().map(colon_hex),
        authority_key_id: cert.authority_key_id.as_deref().map(colon_hex),
        crl_distribution_points: cert.crl_distribution_points.clone(),
        certificate_policies: cert.policies.clone(),
        critical_extensions: cert.critical_extensions.clone(),
        spki_sha256: cert.spki_sha256.clone(),
        sha1: cert.sha1.clone(),
        sha256: cert.sha256.clone(),
        pem: cert.pem(),
    }
}

/// `AB:CD:EF`, as OpenSSL prints key identifiers.
fn colon_hex(bytes: &[u8]) -> String {
    bytes
        .iter()
        .map(|b| format!("{b:02X}"))
        .collect::<Vec<_>>()
        .join(":")
}

/// The signature algorithm by OpenSSL's name; RSASSA-PSS with its hash and salt length.
fn openssl_signature(cert: &Cert) -> String {
    use crate::algorithm::{openssl_signature_name, SigAlg};
    match (&cert.sig_alg, openssl_signature_name(&cert.sig_alg_oid)) {
        (SigAlg::RsaPss { .. }, _) => format!("rsassaPss ({})", cert.sig_alg.name()),
        (_, Some(name)) => name.to_string(),
        (_, None) => format!("unknown (OID {})", cert.sig_alg_oid),
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

/// The chain report of the path `source` reads: the chain analysis when a chain is given,
/// else the leaf alone; with where the path ends. None without a leaf.
pub(crate) fn chain_report(facts: &Analysis<'_>, source: ChainSource) -> Option<ChainReport> {
    let end = facts.path_end(source)?;
    let anchor = anchor(facts, source, end);
    Some(match facts.chain_analysis(source) {
        Some(a) => chain(a, anchor),
        None => {
            let leaf = facts.leaf()?;
            let state = if leaf.self_signed() {
                "self-signed"
            } else {
                "issuer-missing"
            };
            ChainReport {
                in_order: true,
                suggested_order: vec![],
                acm_invalid_index: None,
                complete: leaf.self_signed(),
                links: vec![ChainLink {
                    certificate: Node::Leaf.label(),
                    issued_by: None,
                    state: state.into(),
                }],
                anchor,
            }
        }
    })
}

/// What the report says of where a path ends.
pub(crate) fn anchor(facts: &Analysis<'_>, source: ChainSource, end: &PathEnd) -> AnchorReport {
    let top = facts.node_cert(end.top, source);
    match end.anchor {
        Some(Anchor::Builtin(b)) => AnchorReport {
            kind: match b.set {
                AnchorSet::Amazon => AnchorKind::Amazon,
                _ => AnchorKind::Mozilla,
            },
            subject: b.subject(),
            sha256: Some(b.sha256.clone()),
            at: Some(if end.anchor_is_top {
                end.top.label()
            } else {
                "built-in".into()
            }),
        },
        Some(Anchor::Given(i)) => {
            let t = facts.trusted().get(i);
            AnchorReport {
                kind: AnchorKind::Given,
                subject: t.map(|t| t.subject.clone()).unwrap_or_default(),
                sha256: t.map(|t| t.sha256.clone()),
                at: Some(if end.anchor_is_top {
                    end.top.label()
                } else {
                    format!("trusted[{i}]")
                }),
            }
        }
        None => match top {
            Some(c) if c.self_issued() => AnchorReport {
                kind: AnchorKind::Unknown,
                subject: c.subject.clone(),
                sha256: Some(c.sha256.clone()),
                at: Some(end.top.label()),
            },
            c => AnchorReport {
                kind: AnchorKind::Unknown,
                subject: c.map(|c| c.issuer.clone()).unwrap_or_default(),
                sha256: None,
                at: None,
            },
        },
    }
}

pub(crate) fn chain(a: &ChainAnalysis, anchor: AnchorReport) -> ChainReport {
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
        anchor,
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
