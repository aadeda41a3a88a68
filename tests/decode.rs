//! `inspect` and `classify` over every kind of fixture input.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use support::{fixture, AT};

use certpreflight::{classify, inspect, InputClass, InspectReport, Severity};

fn errors(r: &InspectReport) -> Vec<&str> {
    r.findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .map(|f| f.code.as_str())
        .collect()
}

fn good_leaf(r: &InspectReport, what: &str) {
    assert_eq!(r.certificates.len(), 1, "{what}: {r:?}");
    let c = &r.certificates[0];
    assert_eq!(c.subject, "CN=www.example.com", "{what}");
    assert_eq!(c.serial, "3001", "{what}");
    assert_eq!(c.sha1, "48c40abaf32796c0b5ba995f8e7c571246132333", "{what}");
    assert_eq!(c.key.algorithm, "RSA", "{what}");
    assert_eq!(c.key.bits, Some(2048), "{what}");
    assert_eq!(c.not_after, "2027-01-01T00:00:00Z", "{what}");
    assert!(c.valid_at_instant, "{what}");
    assert!(errors(r).is_empty(), "{what}: {:?}", r.findings);
}

#[test]
fn pem_certificate() {
    let r = inspect(&fixture("rsa2048_good/cert.pem"), AT);
    assert_eq!(r.kind, "PEM");
    good_leaf(&r, "cert.pem");
    assert!(r.findings.is_empty(), "{:?}", r.findings);
    let c = &r.certificates[0];
    assert_eq!(c.version, 3);
    assert_eq!(c.sans, vec!["DNS:www.example.com", "DNS:example.com"]);
    assert_eq!(c.is_ca, Some(false));
    assert_eq!(c.issuer, "CN=certpreflight Test Intermediate CA");
    assert_eq!(c.days_remaining, 214);
    assert!(c.pem.starts_with("-----BEGIN CERTIFICATE-----\n"));
    // The clean PEM re-encoding reads back as the same certificate.
    assert_eq!(
        inspect(c.pem.as_bytes(), AT).certificates[0].sha256,
        c.sha256
    );
    assert_eq!(
        classify(&fixture("rsa2048_good/cert.pem")),
        InputClass::Certificate
    );
}

#[test]
fn der_certificate() {
    let r = inspect(&fixture("rsa2048_good/cert.der"), AT);
    assert_eq!(r.kind, "DER certificate");
    good_leaf(&r, "cert.der");
    assert_eq!(
        classify(&fixture("rsa2048_good/cert.der")),
        InputClass::Certificate
    );
}

#[test]
fn der_key() {
    let bytes = fixture("rsa2048_good/key.der");
    let r = inspect(&bytes, AT);
    assert_eq!(r.kind, "DER private key");
    assert_eq!(r.keys.len(), 1);
    assert_eq!(r.keys[0].algorithm, "RSA");
    assert_eq!(r.keys[0].bits, Some(2048));
    assert!(!r.keys[0].encrypted);
    assert_eq!(r.keys[0].matches_certificate, None);
    assert_eq!(classify(&bytes), InputClass::PrivateKey);
}

#[test]
fn p7b_pem_and_der_hold_two_certificates() {
    for f in ["rsa2048_good/chain.p7b", "rsa2048_good/chain_p7b.der"] {
        let bytes = fixture(f);
        let r = inspect(&bytes, AT);
        assert_eq!(r.certificates.len(), 2, "{f}");
        let mut subjects: Vec<&str> = r.certificates.iter().map(|c| c.subject.as_str()).collect();
        subjects.sort();
        assert_eq!(
            subjects,
            [
                "CN=certpreflight Test Intermediate CA",
                "CN=certpreflight Test Root CA"
            ],
            "{f}"
        );
        assert!(errors(&r).is_empty(), "{f}");
        assert_eq!(classify(&bytes), InputClass::Certificates(2), "{f}");
    }
    assert_eq!(
        inspect(&fixture("rsa2048_good/chain_p7b.der"), AT).kind,
        "PKCS#7 (DER)"
    );
    let pem = inspect(&fixture("rsa2048_good/chain.p7b"), AT);
    assert_eq!(pem.kind, "PEM");
    assert!(pem
        .findings
        .iter()
        .any(|f| f.code.as_str() == "decode-note"));
}

#[test]
fn p12_is_recognised() {
    for f in ["rsa2048_good/bundle.p12", "rsa2048_good/bundle_legacy.p12"] {
        let bytes = fixture(f);
        let r = inspect(&bytes, AT);
        assert_eq!(r.kind, "PKCS#12", "{f}");
        assert!(r.certificates.is_empty() && r.keys.is_empty(), "{f}");
        assert!(
            r.findings
                .iter()
                .any(|f| f.severity == Severity::Error && f.message.contains("PKCS#12")),
            "{f}: {:?}",
            r.findings
        );
        assert_eq!(classify(&bytes), InputClass::Pkcs12, "{f}");
    }
}

#[test]
fn crlf_bom_trailing_spaces_bag_attributes_and_text_still_decode() {
    for (f, note) in [
        ("rsa2048_good/cert_crlf.pem", "CRLF"),
        ("rsa2048_good/cert_bom.pem", "byte-order mark"),
        (
            "rsa2048_good/cert_trailing_spaces.pem",
            "end in spaces or tabs",
        ),
        (
            "rsa2048_good/cert_bag_attributes.pem",
            "outside the PEM blocks",
        ),
        ("rsa2048_good/cert_with_text.pem", "outside the PEM blocks"),
    ] {
        let bytes = fixture(f);
        let r = inspect(&bytes, AT);
        assert_eq!(r.kind, "PEM", "{f}");
        good_leaf(&r, f);
        let notes: Vec<&str> = r
            .findings
            .iter()
            .filter(|x| x.code.as_str() == "decode-note")
            .map(|x| x.message.as_str())
            .collect();
        assert!(notes.iter().any(|m| m.contains(note)), "{f}: {notes:?}");
        assert_eq!(classify(&bytes), InputClass::Certificate, "{f}");
    }
}

#[test]
fn pkcs12_nodes_output_is_certificates_and_key() {
    let bytes = fixture("rsa2048_good/pkcs12_nodes_output.pem");
    let r = inspect(&bytes, AT);
    assert_eq!(r.certificates.len(), 3);
    assert_eq!(r.keys.len(), 1);
    assert_eq!(classify(&bytes), InputClass::CertificatesAndKey(3));
    assert_eq!(
        classify(&fixture("rsa2048_good/fullchain.pem")),
        InputClass::Certificates(3)
    );
}

#[test]
fn encrypted_keys() {
    for (f, format) in [
        ("rsa2048_good/key_encrypted_pkcs8.pem", "PKCS#8 (encrypted)"),
        ("rsa2048_good/key_encrypted_legacy.pem", "encrypted"),
    ] {
        let bytes = fixture(f);
        let r = inspect(&bytes, AT);
        assert_eq!(r.keys.len(), 1, "{f}");
        assert!(r.keys[0].encrypted, "{f}");
        assert!(
            r.keys[0].format.contains(format),
            "{f}: {}",
            r.keys[0].format
        );
        assert_eq!(classify(&bytes), InputClass::PrivateKey, "{f}");
    }
}

/// Encrypted PKCS#8 is recognised by its outline (the engine never decrypts): as DER too,
/// and a block that only claims to be one is still answered, never a panic.
#[test]
fn encrypted_pkcs8_by_its_outline() {
    let pem = ::pem::parse(fixture("rsa2048_good/key_encrypted_pkcs8.pem")).unwrap();
    let r = inspect(pem.contents(), AT);
    assert_eq!(r.keys.len(), 1);
    assert!(r.keys[0].encrypted);
    assert!(
        r.keys[0].format.contains("PKCS#8 (encrypted)"),
        "{}",
        r.keys[0].format
    );
    assert_eq!(classify(pem.contents()), InputClass::PrivateKey);

    // SEQUENCE { INTEGER 0 }: not an EncryptedPrivateKeyInfo, under its label.
    let claimed =
        b"-----BEGIN ENCRYPTED PRIVATE KEY-----\nMAMCAQA=\n-----END ENCRYPTED PRIVATE KEY-----\n";
    let r = inspect(claimed, AT);
    assert_eq!(r.keys.len(), 1);
    assert!(r.keys[0].encrypted);
    // As DER with no label, the same bytes are no key at all.
    assert!(inspect(&[0x30, 0x03, 0x02, 0x01, 0x00], AT).keys.is_empty());
}

#[test]
fn keys_of_every_format() {
    for (f, alg, bits, curve, format) in [
        ("rsa2048_good/key.pem", "RSA", Some(2048), None, "PKCS#1"),
        (
            "rsa2048_good/key_pkcs8.pem",
            "RSA",
            Some(2048),
            None,
            "PKCS#8",
        ),
        ("rsa8192/key.pem", "RSA", Some(8192), None, "PKCS#8"),
        (
            "ec_p256/key.pem",
            "EC",
            Some(256),
            Some("prime256v1"),
            "SEC1",
        ),
        (
            "ec_p256/key_pkcs8.pem",
            "EC",
            Some(256),
            Some("prime256v1"),
            "PKCS#8",
        ),
        (
            "ec_p256/key_with_params.pem",
            "EC",
            Some(256),
            Some("prime256v1"),
            "SEC1",
        ),
        (
            "ec_p384/key_with_params.pem",
            "EC",
            Some(384),
            Some("secp384r1"),
            "SEC1",
        ),
        (
            "ec_p521/key_with_params.pem",
            "EC",
            Some(521),
            Some("secp521r1"),
            "SEC1",
        ),
        ("ed25519/key.pem", "Ed25519", None, None, "PKCS#8"),
    ] {
        let bytes = fixture(f);
        let r = inspect(&bytes, AT);
        assert_eq!(r.keys.len(), 1, "{f}");
        let k = &r.keys[0];
        assert_eq!(k.algorithm, alg, "{f}");
        if alg != "Ed25519" {
            assert_eq!(k.bits, bits, "{f}");
        }
        assert_eq!(k.curve.as_deref(), curve, "{f}");
        assert_eq!(k.format, format, "{f}");
        assert!(!k.encrypted, "{f}");
        assert!(errors(&r).is_empty(), "{f}: {:?}", r.findings);
        assert_eq!(classify(&bytes), InputClass::PrivateKey, "{f}");
    }
    let params = inspect(&fixture("ec_p256/key_with_params.pem"), AT);
    assert!(params
        .findings
        .iter()
        .any(|f| f.code.as_str() == "decode-note" && f.message.contains("EC PARAMETERS")));
}

#[test]
fn bare_base64_is_recognised() {
    let pem = String::from_utf8(fixture("rsa2048_good/cert.pem")).unwrap();
    let bare: String = pem
        .lines()
        .filter(|l| !l.starts_with("-----"))
        .map(|l| format!("{l}\n"))
        .collect();
    let r = inspect(bare.as_bytes(), AT);
    assert_eq!(r.kind, "base64 without PEM armour");
    good_leaf(&r, "bare base64");
    assert_eq!(classify(bare.as_bytes()), InputClass::Certificate);
    // On one line, too.
    let one_line: String = bare.split_whitespace().collect();
    assert_eq!(inspect(one_line.as_bytes(), AT).certificates.len(), 1);
}

#[test]
fn garbage_never_panics_and_is_an_error() {
    for (f, fragment) in [
        ("garbage/random.bin", "No certificate or private key"),
        ("garbage/text.txt", "No certificate or private key"),
        ("garbage/empty.pem", "empty"),
        ("garbage/truncated.pem", "no END line"),
        ("garbage/bad_base64.pem", "not valid PEM"),
        ("garbage/csr.pem", "CSR"),
    ] {
        let bytes = fixture(f);
        let r = inspect(&bytes, AT);
        assert!(r.certificates.is_empty() && r.keys.is_empty(), "{f}");
        let errs: Vec<_> = r
            .findings
            .iter()
            .filter(|x| x.severity == Severity::Error)
            .collect();
        assert!(!errs.is_empty(), "{f}: no error finding");
        assert!(
            errs.iter().all(|x| x.code.as_str() == "input-unreadable"),
            "{f}: {errs:?}"
        );
        assert!(
            errs.iter().any(|x| x.message.contains(fragment)),
            "{f}: {errs:?}"
        );
        assert_eq!(classify(&bytes), InputClass::Unknown, "{f}");
    }
}

#[test]
fn mangled_inputs_never_panic() {
    // Every prefix and a few corruptions of real fixtures: decoding must not panic and must
    // either find something or say why not.
    let mut inputs = Vec::new();
    for f in [
        "rsa2048_good/cert.der",
        "rsa2048_good/chain_p7b.der",
        "rsa2048_good/key.der",
        "rsa2048_good/bundle.p12",
    ] {
        let b = fixture(f);
        for n in (0..b.len()).step_by(97) {
            inputs.push(b[..n].to_vec());
        }
        let mut flipped = b.clone();
        for i in (0..flipped.len()).step_by(31) {
            flipped[i] ^= 0x5a;
        }
        inputs.push(flipped);
    }
    let pem = fixture("rsa2048_good/cert.pem");
    for n in (0..pem.len()).step_by(53) {
        inputs.push(pem[..n].to_vec());
    }
    for input in inputs {
        let r = inspect(&input, AT);
        let _ = classify(&input);
        assert!(
            !r.certificates.is_empty()
                || !r.keys.is_empty()
                || r.findings.iter().any(|f| f.severity == Severity::Error),
            "{} bytes: nothing found and no error",
            input.len()
        );
    }
}

#[test]
fn too_large_input_is_refused() {
    let big = vec![b'a'; certpreflight::MAX_INPUT_BYTES + 1];
    let r = inspect(&big, AT);
    assert_eq!(r.kind, "too large");
    assert_eq!(errors(&r), ["input-too-large"]);
}
