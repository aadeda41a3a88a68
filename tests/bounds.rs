//! Bounds: what hostile sizes cost. An input over MAX_INPUT_BYTES is refused before parsing;
//! a chain of thousands of certificates, a deep chain and very long names stay fast (chain
//! analysis is linear: issuers by name in a hash map, each signature verified once).
//! The time limits are generous (a busy 2-core CI machine, unoptimised crate); the figures
//! are in benches/check.rs and the README.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use certpreflight::{
    check, inspect, parse_rfc3339, Code, Report, Request, ServiceId, Verdict, MAX_INPUT_BYTES,
};
use std::time::{Duration, Instant};
use support::synthetic::{cn, name, pem_cert, Synth, CN, O, OU};

fn at() -> i64 {
    parse_rfc3339("2026-06-01T00:00:00Z").unwrap()
}

fn timed<T>(what: &str, limit: Duration, f: impl FnOnce() -> T) -> T {
    let start = Instant::now();
    let out = f();
    let took = start.elapsed();
    eprintln!("{what}: {took:?}");
    assert!(took < limit, "{what} took {took:?} (limit {limit:?})");
    out
}

fn codes(report: &Report) -> Vec<Code> {
    report.findings.iter().map(|f| f.code).collect()
}

#[test]
fn over_limit_input_is_refused_before_parsing() {
    // PEM that would decode: the good certificate repeated past the limit.
    let cert = support::fixture("rsa2048_good/cert.pem");
    let big: Vec<u8> = cert
        .iter()
        .copied()
        .cycle()
        .take(MAX_INPUT_BYTES + 1)
        .collect();
    let report = timed("inspect of 4 MiB + 1", Duration::from_millis(500), || {
        inspect(&big, at())
    });
    assert_eq!(codes_of(&report.findings), vec![Code::InputTooLarge]);
    assert!(report.certificates.is_empty());

    for field in 0..4 {
        let mut r = Request::new(ServiceId::Acm, at());
        match field {
            0 => r.certificate = Some(&big),
            1 => r.private_key = Some(&big),
            2 => r.chain = Some(&big),
            _ => r.bundle = Some(&big),
        }
        let report = timed(
            &format!("check with field {field} over the limit"),
            Duration::from_millis(500),
            || check(&r),
        );
        assert!(codes(&report).contains(&Code::InputTooLarge), "{field}");
        assert_eq!(report.verdict, Verdict::Fail);
        assert!(report.certificates.is_empty());
    }
    // Exactly at the limit is read.
    let at_limit = &big[..MAX_INPUT_BYTES];
    let report = inspect(at_limit, at());
    assert!(!codes_of(&report.findings).contains(&Code::InputTooLarge));
}

fn codes_of(findings: &[certpreflight::Finding]) -> Vec<Code> {
    findings.iter().map(|f| f.code).collect()
}

/// The good intermediate, then the RDS bundle (102 roots) and the fixture root repeated:
/// 3,000 certificates, a few hundred distinct, under the 4 MiB bound.
fn chain_of_3000() -> (Vec<u8>, usize) {
    let mut chain = support::fixture("rsa2048_good/intermediate.pem");
    let rds = support::rds_cas();
    let root = support::fixture("rsa2048_good/root.pem");
    let count = |b: &[u8]| {
        String::from_utf8_lossy(b)
            .matches("BEGIN CERTIFICATE")
            .count()
    };
    for _ in 0..12 {
        chain.extend_from_slice(&rds);
    }
    while count(&chain) < 3000 {
        chain.extend_from_slice(&root);
    }
    (chain.clone(), count(&chain))
}

#[test]
fn chain_of_3000_certificates_stays_fast() {
    let (chain, n) = chain_of_3000();
    assert_eq!(n, 3000);
    assert!(chain.len() <= MAX_INPUT_BYTES, "{} bytes", chain.len());
    let cert = support::fixture("rsa2048_good/cert.pem");
    let key = support::fixture("rsa2048_good/key.pem");
    for service in [ServiceId::Acm, ServiceId::Iot, ServiceId::Transfer] {
        let mut r = Request::new(service, at());
        r.certificate = Some(&cert);
        r.private_key = Some(&key);
        r.chain = Some(&chain);
        let report = timed(
            &format!("{service:?} check, chain of 3000"),
            Duration::from_secs(20),
            || check(&r),
        );
        assert_eq!(report.certificates.len(), 3001);
        let chain_report = report.chain.as_ref().unwrap();
        // The path is intermediate → root (the first copy of the root), as with the good chain.
        assert!(chain_report.complete);
        assert_eq!(chain_report.suggested_order.len(), 2);
        if service == ServiceId::Acm {
            assert!(codes(&report).contains(&Code::ChainUnrelated));
        }
    }
    // And as a trust bundle for RDS, and through inspect.
    let mut r = Request::new(ServiceId::Rds, at());
    r.bundle = Some(&chain);
    r.options.ca_identifier = Some("rds-ca-rsa2048-g1".into());
    r.options.region = Some("us-east-1".into());
    let report = timed("RDS bundle of 3000", Duration::from_secs(20), || check(&r));
    assert_eq!(report.certificates.len(), 3000);
    let report = timed("inspect of 3000", Duration::from_secs(20), || {
        inspect(&chain, at())
    });
    assert_eq!(report.certificates.len(), 3000);
}

#[test]
fn many_distinct_unrelated_certificates_stay_fast() {
    let synth = Synth::new();
    let mut chain = support::fixture("rsa2048_good/chain.pem");
    chain.extend_from_slice(synth.unrelated(2000).as_bytes());
    let cert = support::fixture("rsa2048_good/cert.pem");
    let mut r = Request::new(ServiceId::Acm, at());
    r.certificate = Some(&cert);
    r.chain = Some(&chain);
    let report = timed(
        "ACM check, 2,002 distinct certificates",
        Duration::from_secs(20),
        || check(&r),
    );
    let unrelated = report
        .findings
        .iter()
        .filter(|f| f.code == Code::ChainUnrelated)
        .count();
    assert_eq!(unrelated, 2000);
    assert_eq!(report.chain.unwrap().acm_invalid_index, Some(2));
}

#[test]
fn deep_chain_is_built_and_verified_link_by_link() {
    let synth = Synth::new();
    let depth = 300;
    let (leaf, chain) = synth.deep_chain(depth);
    let mut r = Request::new(ServiceId::Acm, at());
    r.certificate = Some(leaf.as_bytes());
    r.chain = Some(chain.as_bytes());
    let report = timed("ACM check, chain 300 deep", Duration::from_secs(20), || {
        check(&r)
    });
    let chain_report = report.chain.as_ref().unwrap();
    assert!(chain_report.complete);
    assert!(chain_report.in_order);
    assert_eq!(chain_report.suggested_order, (0..depth).collect::<Vec<_>>());
    assert_eq!(chain_report.links.len(), depth + 1);
    assert!(chain_report.links[..depth]
        .iter()
        .all(|l| l.state == "verified"));

    // Reversed, the path is the same and ACM names position 0.
    let blocks: Vec<&str> = chain
        .split_inclusive("-----END CERTIFICATE-----\n")
        .collect();
    let reversed: String = blocks.iter().rev().copied().collect();
    r.chain = Some(reversed.as_bytes());
    let report = timed(
        "ACM check, chain 300 deep, reversed",
        Duration::from_secs(20),
        || check(&r),
    );
    let chain_report = report.chain.as_ref().unwrap();
    assert!(chain_report.complete);
    assert_eq!(chain_report.acm_invalid_index, Some(0));
    assert_eq!(
        chain_report.suggested_order,
        (0..depth).rev().collect::<Vec<_>>()
    );
}

#[test]
fn very_long_names_stay_fast() {
    let synth = Synth::new();
    // One 60,000-character common name, and a name of 3,000 attributes.
    let long_cn = "a".repeat(60_000);
    let long = cn(&long_cn);
    let wide_values: Vec<String> = (0..3000).map(|i| format!("unit {i}")).collect();
    let mut rdns: Vec<(&[u8], &str)> = vec![(O, "Wide Org")];
    rdns.extend(wide_values.iter().map(|v| (OU, v.as_str())));
    rdns.push((CN, "wide.example.com"));
    let wide = name(&rdns);
    for (what, subject) in [("60,000-character CN", long), ("3,000 RDNs", wide)] {
        let der = synth.cert(7, &subject, &subject, true);
        let pem = pem_cert(&der);
        let report = timed(&format!("inspect, {what}"), Duration::from_secs(5), || {
            inspect(pem.as_bytes(), at())
        });
        assert_eq!(report.certificates.len(), 1);
        assert_eq!(report.certificates[0].sha256.len(), 64);
        for service in certpreflight::ServiceId::ALL {
            let mut r = Request::new(service, at());
            r.certificate = Some(pem.as_bytes());
            r.chain = Some(pem.as_bytes());
            r.bundle = Some(pem.as_bytes());
            let report = timed(
                &format!("{service:?} check, {what}"),
                Duration::from_secs(5),
                || check(&r),
            );
            assert!(!report.findings.is_empty());
        }
    }
}
