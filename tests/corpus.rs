//! Real-world corpus: every certificate of Debian's `ca-certificates` store
//! (/etc/ssl/certs/ca-certificates.crt; scripts/setup.sh installs the package) through
//! `inspect`, one by one and as one bundle, and through every service's `check`, as the
//! certificate and as the chain. No panic, every certificate decodes, the reports hold.
//! The counts it prints are the README's ("Hostile input").
#![cfg(not(target_arch = "wasm32"))]

use certpreflight::{check, inspect, parse_rfc3339, Report, Request, ServiceId, Severity, Verdict};
use std::collections::BTreeMap;

const STORE: &str = "/etc/ssl/certs/ca-certificates.crt";

fn at() -> i64 {
    parse_rfc3339("2026-06-01T00:00:00Z").unwrap()
}

/// The store split into its PEM blocks (each BEGIN..END, as text).
fn blocks(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(b) = rest.find("-----BEGIN CERTIFICATE-----") {
        let end_marker = "-----END CERTIFICATE-----";
        let e = rest[b..]
            .find(end_marker)
            .map(|e| b + e + end_marker.len())
            .expect("an END line for every BEGIN");
        out.push(&rest[b..e]);
        rest = &rest[e..];
    }
    out
}

fn assert_sound(report: &Report, what: &str) {
    let has_error = report
        .findings
        .iter()
        .any(|f| f.severity == Severity::Error);
    assert_eq!(report.verdict == Verdict::Fail, has_error, "{what}");
    assert!(!report.findings.is_empty(), "{what}: no finding");
    for f in &report.findings {
        assert!(
            !f.message.is_empty() && !f.source.is_empty(),
            "{what}: {f:?}"
        );
    }
    for c in &report.certificates {
        assert_eq!((c.sha1.len(), c.sha256.len()), (40, 64), "{what}");
    }
}

#[test]
fn debian_ca_store_decodes_and_checks_everywhere() {
    let bytes = std::fs::read(STORE).unwrap_or_else(|e| {
        panic!("{STORE}: {e} (install the ca-certificates package: scripts/setup.sh does)")
    });
    let text = String::from_utf8(bytes.clone()).expect("the store is text");
    let blocks = blocks(&text);
    let begin_lines = text.matches("-----BEGIN CERTIFICATE-----").count();
    assert_eq!(blocks.len(), begin_lines);
    assert!(
        begin_lines > 100,
        "only {begin_lines} certificates in {STORE}"
    );

    // The whole store at once.
    let whole = inspect(&bytes, at());
    assert_eq!(whole.certificates.len(), begin_lines);
    assert!(
        whole.findings.iter().all(|f| f.severity != Severity::Error),
        "{:?}",
        whole.findings
    );

    // One by one: each decodes to exactly one certificate; tally key families.
    let mut families: BTreeMap<String, usize> = BTreeMap::new();
    let mut checks = 0usize;
    for (i, block) in blocks.iter().enumerate() {
        let report = inspect(block.as_bytes(), at());
        assert_eq!(report.certificates.len(), 1, "block {i}");
        let c = &report.certificates[0];
        assert_eq!(c.sha256, whole.certificates[i].sha256, "block {i}");
        *families.entry(c.key.algorithm.clone()).or_default() += 1;

        for service in ServiceId::ALL {
            let mut as_certificate = Request::new(service, at());
            as_certificate.certificate = Some(block.as_bytes());
            assert_sound(
                &check(&as_certificate),
                &format!("{service:?} certificate {i}"),
            );
            let mut as_chain = Request::new(service, at());
            as_chain.chain = Some(block.as_bytes());
            as_chain.bundle = Some(block.as_bytes());
            assert_sound(&check(&as_chain), &format!("{service:?} chain {i}"));
            checks += 2;
        }
    }
    // The whole store as the chain (and RDS's trust bundle) of the first root, per service.
    for service in ServiceId::ALL {
        let mut r = Request::new(service, at());
        r.certificate = Some(blocks[0].as_bytes());
        r.chain = Some(&bytes);
        r.bundle = Some(&bytes);
        let report = check(&r);
        assert_sound(&report, &format!("{service:?} whole store"));
        assert!(report.certificates.len() > begin_lines);
        checks += 1;
    }
    assert_eq!(families.values().sum::<usize>(), begin_lines);
    assert!(families.get("RSA").copied().unwrap_or(0) > 0);
    assert!(families.get("EC").copied().unwrap_or(0) > 0);
    eprintln!("{STORE}: {begin_lines} certificates, key families {families:?}, {checks} checks");
}
