//! Public real-world data (../shared/realworld, see its README):
//! - `rds-global-bundle.pem`: Amazon RDS's global CA bundle, 102 certificates (the RSA2048,
//!   RSA4096 and ECC384 G1 roots of 34 Regions); a byte-identical copy of
//!   truststore.pki.rds.amazonaws.com/global/global-bundle.pem.
//! - `limbo.json`: an x509-limbo snapshot (C2SP/x509-limbo, commit ddc40b47, 2023-12-02), 135
//!   path-validation cases.
//!
//! Those files are never committed here. Without them (a plain clone) each test says so on
//! stderr and passes; CI has them.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use certpreflight::{
    check, inspect, parse_rfc3339, AnchorKind, Code, Request, ServiceId, Severity, Verdict,
};
use std::collections::BTreeMap;
use support::{rds_check, AT};

#[test]
fn rds_bundle_has_three_g1_roots_for_each_of_34_regions() {
    let Some(bundle) = support::shared("rds-global-bundle.pem") else {
        return;
    };
    let report = inspect(&bundle, AT);
    assert_eq!(report.certificates.len(), 102);
    assert!(
        report
            .findings
            .iter()
            .all(|f| f.severity != Severity::Error),
        "{:?}",
        report.findings
    );
    let mut by_kind: BTreeMap<&str, usize> = BTreeMap::new();
    for c in &report.certificates {
        assert!(c.self_issued, "{} is not a root", c.subject);
        assert_eq!(c.sha1.len(), 40);
        let kind = match (c.key.aws_key_algorithm.as_deref(), c.subject.as_str()) {
            (Some("RSA_2048"), s) if s.contains("RSA2048 G1") => "rsa2048",
            (Some("RSA_4096"), s) if s.contains("RSA4096 G1") => "rsa4096",
            (Some("EC_secp384r1"), s) if s.contains("ECC384 G1") => "ecc384",
            other => panic!("unexpected root {other:?}"),
        };
        *by_kind.entry(kind).or_default() += 1;
    }
    assert_eq!(
        by_kind.values().copied().collect::<Vec<_>>(),
        vec![34, 34, 34]
    );
}

#[test]
fn rds_every_region_and_g1_identifier_finds_its_root() {
    let Some(bundle) = support::shared("rds-global-bundle.pem") else {
        return;
    };
    let report = inspect(&bundle, AT);
    let regions: Vec<String> = report
        .certificates
        .iter()
        .filter(|c| c.subject.contains("RSA2048 G1"))
        .filter_map(|c| {
            c.subject
                .split("Amazon RDS ")
                .nth(1)?
                .split(" Root CA")
                .next()
                .map(str::to_string)
        })
        .collect();
    assert_eq!(regions.len(), 34);
    for region in &regions {
        for id in ["rds-ca-rsa2048-g1", "rds-ca-rsa4096-g1", "rds-ca-ecc384-g1"] {
            let r = rds_check(id, region, &bundle);
            assert_eq!(r.verdict, Verdict::Pass, "{id} {region}: {:?}", r.findings);
            let thumbprints: Vec<_> = r
                .findings
                .iter()
                .filter(|f| {
                    f.code == Code::ServiceNote && f.message.starts_with("Bundle certificate")
                })
                .collect();
            assert_eq!(thumbprints.len(), 1, "{id} {region}");
        }
    }
}

#[test]
fn rds_2019_is_expired_and_absent_from_the_g1_bundle() {
    let Some(bundle) = support::shared("rds-global-bundle.pem") else {
        return;
    };
    let r = rds_check("rds-ca-2019", "us-east-1", &bundle);
    assert_eq!(r.verdict, Verdict::Fail);
    let codes: Vec<Code> = r
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .map(|f| f.code)
        .collect();
    assert!(codes.contains(&Code::RdsCa), "{codes:?}");
    assert!(r
        .findings
        .iter()
        .any(|f| f.message.contains("expired on 2024-08-22")));
    assert!(r
        .findings
        .iter()
        .any(|f| f.message.contains("no root for rds-ca-2019")));
}

#[test]
fn rds_region_not_in_bundle_is_refused() {
    let Some(bundle) = support::shared("rds-global-bundle.pem") else {
        return;
    };
    let r = rds_check("rds-ca-rsa2048-g1", "xx-nowhere-9", &bundle);
    assert_eq!(r.verdict, Verdict::Fail);
    assert!(r.findings.iter().any(|f| f.code == Code::RdsCa
        && f.message
            .contains("Amazon RDS xx-nowhere-9 Root CA RSA2048 G1")));
}

/// One x509-limbo case as the engine sees it: the peer as the leaf, the intermediates and
/// trust anchors as the chain.
struct LimboCase {
    id: String,
    expected_success: bool,
    peer: Vec<u8>,
    chain: Vec<u8>,
    /// The intermediates alone (the root left out, as AWS's targets want the chain).
    intermediates: Vec<u8>,
    /// The trust anchors' PEM blocks.
    roots: Vec<String>,
    at: i64,
}

/// The snapshot's cases; None when it is not beside the project.
fn limbo_cases() -> Option<Vec<LimboCase>> {
    let doc: serde_json::Value =
        serde_json::from_slice(&support::shared("limbo.json")?).expect("limbo.json parses");
    let cases = doc["testcases"].as_array().expect("testcases");
    let cases = cases
        .iter()
        .map(|t| {
            let pems = |k: &str| -> String {
                t[k].as_array()
                    .map(|a| {
                        a.iter()
                            .filter_map(|v| v.as_str())
                            .collect::<Vec<_>>()
                            .join("")
                    })
                    .unwrap_or_default()
            };
            LimboCase {
                id: t["id"].as_str().unwrap_or_default().to_string(),
                expected_success: t["expected_result"] == "SUCCESS",
                peer: t["peer_certificate"]
                    .as_str()
                    .unwrap_or_default()
                    .as_bytes()
                    .to_vec(),
                chain: (pems("untrusted_intermediates") + &pems("trusted_certs")).into_bytes(),
                intermediates: pems("untrusted_intermediates").into_bytes(),
                roots: t["trusted_certs"]
                    .as_array()
                    .map(|a| {
                        a.iter()
                            .filter_map(|v| v.as_str())
                            .map(String::from)
                            .collect()
                    })
                    .unwrap_or_default(),
                at: t["validation_time"]
                    .as_str()
                    .and_then(|s| parse_rfc3339(s).ok())
                    .unwrap_or(AT),
            }
        })
        .collect();
    Some(cases)
}

#[test]
fn limbo_every_case_through_every_service_gives_a_report() {
    let Some(cases) = limbo_cases() else { return };
    assert_eq!(cases.len(), 135);
    for case in &cases {
        for service in ServiceId::ALL {
            let mut r = Request::new(service, case.at);
            r.certificate = Some(&case.peer);
            r.chain = Some(&case.chain);
            let report = check(&r);
            assert_eq!(report.service, service.id());
            assert!(
                !report.certificates.is_empty(),
                "{}: no certificate decoded",
                case.id
            );
            // Every verdict is explained by at least one finding.
            assert!(
                !report.findings.is_empty(),
                "{} / {}: no findings",
                case.id,
                service.id()
            );
        }
    }
}

#[test]
fn limbo_valid_paths_are_built_and_verified() {
    // Cases that x509-limbo expects to validate must give a complete path whose signatures all
    // verify, whatever order the intermediates came in.
    let Some(cases) = limbo_cases() else { return };
    let mut checked = 0;
    for case in cases.iter().filter(|c| c.expected_success) {
        let mut r = Request::new(ServiceId::Acm, case.at);
        r.certificate = Some(&case.peer);
        r.chain = Some(&case.chain);
        let report = check(&r);
        let chain = report
            .chain
            .as_ref()
            .unwrap_or_else(|| panic!("{}: no chain analysis", case.id));
        assert!(
            chain.complete,
            "{}: path incomplete: {:?}",
            case.id, chain.links
        );
        for link in &chain.links {
            assert!(
                link.state == "verified" || link.state == "self-signed",
                "{}: link {:?}",
                case.id,
                link
            );
        }
        assert!(
            !report
                .findings
                .iter()
                .any(|f| f.code == Code::ChainSignatureInvalid),
            "{}",
            case.id
        );
        checked += 1;
    }
    assert_eq!(checked, 41);
}

/// The SHA-256 of a PEM certificate.
fn sha256_of(pem_text: &str) -> String {
    use sha2::Digest;
    let block = pem::parse(pem_text).expect("a PEM certificate");
    hex::encode(sha2::Sha256::digest(block.contents()))
}

fn acm_with(case: &LimboCase, service: ServiceId, chain: &[u8]) -> certpreflight::Report {
    let mut r = Request::new(service, case.at);
    r.certificate = Some(&case.peer);
    r.chain = Some(chain);
    check(&r)
}

#[test]
fn real_chains_end_at_their_public_roots_left_out() {
    // x509-limbo's "online::" cases are chains of real sites (2023). Given without their
    // root, as AWS's targets take them, each path ends at that root in the built-in store
    // when Mozilla's list still holds it, its last signature verified.
    let Some(cases) = limbo_cases() else { return };
    let store = certpreflight::trust_anchors();
    let mut in_store = 0;
    let mut removed = Vec::new();
    for case in cases.iter().filter(|c| c.id.starts_with("online::")) {
        let root = sha256_of(&case.roots[0]);
        let builtin = store.anchors.iter().find(|a| a.sha256 == root);
        let report = acm_with(case, ServiceId::Acm, &case.intermediates);
        let anchor = &report.chain.as_ref().expect("a chain report").anchor;
        let cloudfront = acm_with(case, ServiceId::Cloudfront, &case.intermediates);
        let untrusted = cloudfront.findings.iter().any(|f| {
            f.code == Code::ChainUntrusted
                || f.code == Code::NeedsInput && f.message.contains("Mozilla")
        });
        match builtin {
            Some(a) => {
                in_store += 1;
                let kind = if a.set == certpreflight::AnchorSet::Amazon {
                    AnchorKind::Amazon
                } else {
                    AnchorKind::Mozilla
                };
                assert_eq!(anchor.kind, kind, "{}", case.id);
                assert_eq!(anchor.sha256.as_deref(), Some(root.as_str()), "{}", case.id);
                assert_eq!(anchor.at.as_deref(), Some("built-in"), "{}", case.id);
                assert!(!untrusted, "{}: {:?}", case.id, cloudfront.findings);
            }
            None => {
                // A root Mozilla has since removed.
                removed.push(case.id.as_str());
                assert_eq!(anchor.kind, AnchorKind::Unknown, "{}", case.id);
                assert!(untrusted, "{}", case.id);
            }
        }
    }
    assert_eq!(in_store, 11, "removed from the store: {removed:?}");
    // DigiCert Global Root CA, DigiCert High Assurance EV Root CA and Baltimore CyberTrust
    // Root have left Mozilla's TLS list since 2023 (certifi 2026.10.19.post1 lacks them).
    assert_eq!(
        removed,
        [
            "online::akamai.com",
            "online::facebook.com",
            "online::cloudflare.com"
        ]
    );
    // Amazon's own sites end at Amazon Trust Services.
    for id in ["online::s3.amazonaws.com", "online::aws.amazon.com"] {
        let case = cases.iter().find(|c| c.id == id).expect(id);
        let report = acm_with(case, ServiceId::Acm, &case.intermediates);
        let anchor = &report.chain.as_ref().unwrap().anchor;
        assert_eq!(anchor.kind, AnchorKind::Amazon, "{id}");
        assert!(anchor.subject.contains("Amazon Root CA 1"), "{id}");
    }
}

#[test]
fn a_real_intermediate_with_a_broken_signature_fails_with_its_root_left_out() {
    let Some(cases) = limbo_cases() else { return };
    let case = cases
        .iter()
        .find(|c| c.id == "online::aws.amazon.com")
        .expect("the aws.amazon.com chain");
    let block = pem::parse(&case.intermediates).unwrap();
    let mut der = block.contents().to_vec();
    let last = der.len() - 1;
    der[last] ^= 0x01;
    let broken = pem::encode(&pem::Pem::new("CERTIFICATE", der)).into_bytes();
    for service in [ServiceId::Acm, ServiceId::Cloudfront, ServiceId::Alb] {
        let good = acm_with(case, service, &case.intermediates);
        assert!(
            !good
                .findings
                .iter()
                .any(|f| f.code == Code::ChainSignatureInvalid),
            "{service:?}: {:?}",
            good.findings
        );
        let bad = acm_with(case, service, &broken);
        let f = bad
            .findings
            .iter()
            .find(|f| f.code == Code::ChainSignatureInvalid && f.severity == Severity::Error)
            .unwrap_or_else(|| panic!("{service:?}: {:?}", bad.findings));
        assert!(f.message.contains("Amazon Root CA 1"), "{}", f.message);
        assert_eq!(bad.chain.as_ref().unwrap().anchor.kind, AnchorKind::Unknown);
    }
}
