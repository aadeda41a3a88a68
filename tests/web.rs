//! The engine, compiled to wasm32 and run in headless Chromium: proves the browser pipeline
//! end to end (`cargo test --target wasm32-unknown-unknown --test web`, see scripts/test.sh).
#![cfg(target_arch = "wasm32")]

use certpreflight::{check, Options, Request, Role, ServiceId};
use sha2::{Digest, Sha256};
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

const CERT_PEM: &[u8] = include_bytes!("fixtures/rsa2048_good/cert.pem");
const CERT_DER: &[u8] = include_bytes!("fixtures/rsa2048_good/cert.der");
const KEY_PEM: &[u8] = include_bytes!("fixtures/rsa2048_good/key.pem");

/// 2026-07-01T00:00:00Z, inside the fixture's validity (2026-01-01 to 2027-01-01).
const MID_VALIDITY: i64 = 1_782_864_000;

fn request(private_key: Option<&'static [u8]>) -> Request<'static> {
    Request {
        service: ServiceId::Acm,
        certificate: Some(CERT_PEM),
        private_key,
        chain: None,
        bundle: None,
        at: MID_VALIDITY,
        options: Options::default(),
    }
}

#[wasm_bindgen_test]
fn describes_the_certificate_in_the_browser() {
    let report = check(&request(None));

    assert_eq!(report.service, "acm");
    let leaf = report
        .certificates
        .iter()
        .find(|c| c.role == Role::Leaf)
        .expect("the report describes the leaf certificate");
    assert!(
        leaf.subject.contains("www.example.com"),
        "subject: {}",
        leaf.subject
    );
    // The fingerprint is the SHA-256 of the DER, whichever form the certificate came in.
    assert_eq!(leaf.sha256, hex::encode(Sha256::digest(CERT_DER)));
    assert_eq!(leaf.sha256.len(), 64);
    assert_eq!(leaf.key.aws_key_algorithm.as_deref(), Some("RSA_2048"));
    assert_eq!(leaf.days_remaining, 184);
}

#[wasm_bindgen_test]
fn matches_the_private_key_in_the_browser() {
    let report = check(&request(Some(KEY_PEM)));

    let key = report.key.expect("a key report when a key is given");
    assert_eq!(key.matches_certificate, Some(true));
}
