//! `inspect`: decode and describe any input, with no service judgement.

use crate::decode::{decode, InputKind};
use crate::field::InputName;
use crate::finding::{Code, Finding, RuleInfo, Severity};
use crate::input::{too_large, Field};
use crate::limits::MAX_INPUT_BYTES;
use crate::report::{InspectReport, Role};
use crate::view;

/// What decoding says of an input, judging no service.
pub(crate) static DECODING: RuleInfo = RuleInfo::new(
    "input.decoding",
    Code::InputUnreadable,
    Severity::Error,
    "the input is PEM, DER, PKCS#7 or PKCS#12 holding a certificate or a private key",
    "certpreflight: decoding (PEM, DER, PKCS#7, PKCS#12)",
);

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
