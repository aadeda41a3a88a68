//! `inspect`: decode and describe any input, with no service judgement.

use crate::decode::{decode, InputKind};
use crate::field::InputName;
use crate::finding::{Code, Finding, RuleInfo, Severity, Subject};
use crate::input::PKCS12_OPEN;
use crate::input::{too_large, Field};
use crate::limits::MAX_INPUT_BYTES;
use crate::pkcs12::{looks_like_pkcs12, open_pkcs12, Password};
use crate::report::{InspectReport, Role};
use crate::view;
use zeroize::Zeroizing;

/// What decoding says of an input, judging no service.
pub(crate) static DECODING: RuleInfo = RuleInfo::new(
    "input.decoding",
    Code::InputUnreadable,
    Severity::Error,
    "the input is PEM, DER, PKCS#7 or PKCS#12 holding a certificate or a private key",
    "certpreflight: decoding (PEM, DER, PKCS#7, PKCS#12)",
);

/// A private key block that does not parse, in `inspect` as in `check`.
pub(crate) static KEY_READABLE: RuleInfo = RuleInfo::new(
    "input.key-readable",
    Code::KeyNotPem,
    Severity::Error,
    "every private key block parses as the key its label says",
    "certpreflight: decoding (PKCS#1, PKCS#8, SEC1)",
);

/// Decodes and describes any input, with no service judgement.
pub fn inspect(input: &[u8], at: i64) -> InspectReport {
    inspect_with(input, at, None)
}

/// [`inspect`], opening a PKCS#12 file with the password when one is given: its leaf,
/// other certificates and key are described as if given as PEM, with a note saying so.
pub fn inspect_with(input: &[u8], at: i64, password: Option<&Password>) -> InspectReport {
    let opened = match password {
        Some(p) if input.len() <= MAX_INPUT_BYTES && looks_like_pkcs12(input) => {
            Some(open_pkcs12(input, p.expose()))
        }
        _ => None,
    };
    match opened {
        None => describe(input, at),
        Some(Err(mut finding)) => {
            finding.stamp(&PKCS12_OPEN);
            InspectReport {
                kind: InputKind::Pkcs12.name().to_string(),
                certificates: vec![],
                keys: vec![],
                findings: vec![finding],
            }
        }
        Some(Ok(contents)) => {
            let mut pem = Zeroizing::new(String::new());
            for part in [contents.certificate.as_deref(), contents.chain.as_deref()]
                .into_iter()
                .flatten()
                .chain(contents.private_key.as_deref().map(|k| k.as_str()))
            {
                pem.push_str(part);
                pem.push('\n');
            }
            let mut report = describe(pem.as_bytes(), at);
            report.kind = InputKind::Pkcs12.name().to_string();
            report.findings.retain(|f| f.code != Code::DecodeNote);
            let mut note = Finding::info(
                Code::DecodeNote,
                format!(
                    "A PKCS#12 file, opened with the password given: {}, {}{}.",
                    if contents.certificate.is_some() {
                        "a leaf"
                    } else {
                        "no leaf"
                    },
                    match contents.chain_count {
                        1 => "1 other certificate".to_string(),
                        n => format!("{n} other certificates"),
                    },
                    if contents.private_key.is_some() {
                        " and its private key"
                    } else {
                        ", no private key"
                    },
                ),
            );
            note.stamp(&PKCS12_OPEN);
            report.findings.insert(0, note);
            report
        }
    }
}

fn describe(input: &[u8], at: i64) -> InspectReport {
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
        let f = match d.kind {
            InputKind::Empty => Finding::error(Code::InputUnreadable, "The input is empty."),
            InputKind::Pkcs12 => Finding::error(
                Code::InputUnreadable,
                "A PKCS#12 file: give its password to open it, or convert it with openssl pkcs12 -in file.pfx -nodes",
            )
            .needs(InputName::Password),
            _ => Finding::error(
                Code::InputUnreadable,
                "No certificate or private key found (not PEM, DER, PKCS#7 or PKCS#12).",
            ),
        };
        findings.push(f);
    }
    for h in &d.hygiene {
        findings.push(Finding::info(
            Code::DecodeNote,
            format!("The input {}.", h.describe()),
        ));
    }
    for f in &mut findings {
        f.stamp(&DECODING);
    }
    for (i, k) in d.keys.iter().enumerate() {
        if let (Some(why), false) = (&k.error, k.format.encrypted()) {
            let mut f = Finding::error(
                Code::KeyNotPem,
                format!("The private key could not be read: {why}."),
            )
            .aws("The private key is not supported.")
            .about(Subject::Key);
            f.index = Some(i as u32);
            f.stamp(&KEY_READABLE);
            findings.push(f);
        }
    }
    InspectReport {
        kind: d.kind.name().to_string(),
        certificates: d
            .certs
            .iter()
            .enumerate()
            .map(|(i, c)| view::certificate(c, Role::Bundle, i, at))
            .collect(),
        keys: d.keys.iter().map(|k| view::key(k, None)).collect(),
        findings,
    }
}
