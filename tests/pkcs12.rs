//! PKCS#12 files opened with their password: both fixture files (OpenSSL 3 AES/PBES2 and
//! -legacy RC2/3DES/SHA-1), a wrong password, a truncated file, and the check that follows.
#![cfg(all(not(target_arch = "wasm32"), feature = "pkcs12"))]

mod support;

use support::{fixture, AT};

use certpreflight::{
    check, open_pkcs12, Code, Options, Password, Request, ServiceId, Severity, Verdict,
};

fn codes(r: &certpreflight::Report) -> Vec<&'static str> {
    r.findings.iter().map(|f| f.code.as_str()).collect()
}

fn with_password(password: Option<&str>) -> Options {
    Options {
        pkcs12_password: password.map(Password::new),
        ..Options::default()
    }
}

/// An ACM request with `p12` as the certificate, opened with `password`.
fn acm_with<'a>(p12: &'a [u8], password: &str) -> Request<'a> {
    let mut r = Request::new(ServiceId::Acm, AT);
    r.certificate = Some(p12);
    r.options = with_password(Some(password));
    r
}

const BOTH: [&str; 2] = ["rsa2048_good/bundle.p12", "rsa2048_good/bundle_legacy.p12"];

#[test]
fn opens_both_fixture_files_into_pem() {
    let cert = String::from_utf8(fixture("rsa2048_good/cert.pem")).unwrap();
    let chain = String::from_utf8(fixture("rsa2048_good/chain.pem")).unwrap();
    for f in BOTH {
        let c = open_pkcs12(&fixture(f), "test").unwrap_or_else(|e| panic!("{f}: {e:?}"));
        assert_eq!(c.certificate.as_deref(), Some(cert.as_str()), "{f}: leaf");
        assert_eq!(
            c.chain.as_deref(),
            Some(chain.as_str()),
            "{f}: chain in issuing order"
        );
        assert_eq!(c.chain_count, 2, "{f}");
        let key = c.private_key.as_ref().expect("key");
        assert!(key.starts_with("-----BEGIN PRIVATE KEY-----\n"), "{f}");
        assert_eq!(c.other_keys, 0);
        // The key is the leaf's: PKCS#8 of the same key as key_pkcs8.pem.
        let pkcs8 = String::from_utf8(fixture("rsa2048_good/key_pkcs8.pem")).unwrap();
        assert_eq!(key.as_str(), pkcs8, "{f}: key as stored");
        assert!(
            !format!("{c:?}").contains("BEGIN PRIVATE KEY"),
            "Debug redacts the key"
        );
    }
}

#[test]
fn wrong_password_and_truncated_file() {
    for f in BOTH {
        let e = open_pkcs12(&fixture(f), "not the password").unwrap_err();
        assert_eq!(e.code, Code::Pkcs12Password, "{f}");
        let bytes = fixture(f);
        let e = open_pkcs12(&bytes[..bytes.len() / 2], "test").unwrap_err();
        assert_eq!(e.code, Code::InputUnreadable, "{f}: {}", e.message);
    }
    assert_eq!(
        open_pkcs12(b"not a pfx", "test").unwrap_err().code,
        Code::InputUnreadable
    );
}

#[test]
fn check_with_password_uses_leaf_key_and_chain() {
    for f in BOTH {
        for service in [ServiceId::Acm, ServiceId::Alb, ServiceId::IamServer] {
            let bytes = fixture(f);
            let mut r = Request::new(service, AT);
            r.certificate = Some(&bytes);
            r.options = with_password(Some("test"));
            let report = check(&r);
            assert_eq!(
                report.verdict,
                Verdict::Pass,
                "{f} {service:?}: {:#?}",
                report.findings
            );
            assert_eq!(
                report.key.as_ref().and_then(|k| k.matches_certificate),
                Some(true)
            );
            assert!(report
                .chain
                .as_ref()
                .is_some_and(|c| c.in_order && c.complete));
            let note = report
                .findings
                .iter()
                .find(|f| f.code == Code::DecodeNote && f.message.contains("PKCS#12"))
                .expect("a note says the file was opened");
            assert!(note.message.contains("its private key as the key"));
            let cmd = report.import_command.as_deref().unwrap_or("");
            assert!(!cmd.contains(".p12"), "commands name the PEM files: {cmd}");
        }
    }
}

#[test]
fn check_as_key_input_and_separate_inputs_win() {
    let p12 = fixture("rsa2048_good/bundle.p12");
    let cert = fixture("rsa2048_good/cert.pem");
    let key = fixture("rsa2048_good/key.pem");
    let chain = fixture("rsa2048_good/chain_no_root.pem");
    // The file in the key field, the certificate given: the given certificate is checked.
    let mut r = Request::new(ServiceId::Acm, AT);
    r.certificate = Some(&cert);
    r.private_key = Some(&p12);
    r.options = with_password(Some("test"));
    let report = check(&r);
    assert_eq!(report.verdict, Verdict::Pass, "{:#?}", report.findings);
    assert!(report
        .findings
        .iter()
        .any(|f| f.message.contains("certificate given separately was used")));
    // The file as certificate with a key and a chain given: those are used, and said so.
    let mut r = Request::new(ServiceId::Acm, AT);
    r.certificate = Some(&p12);
    r.private_key = Some(&key);
    r.chain = Some(&chain);
    r.options = with_password(Some("test"));
    let report = check(&r);
    assert_eq!(report.verdict, Verdict::Pass, "{:#?}", report.findings);
    let note = report
        .findings
        .iter()
        .find(|f| f.code == Code::DecodeNote && f.message.contains("PKCS#12"))
        .unwrap();
    assert!(
        note.message
            .contains("private key given separately was used"),
        "{}",
        note.message
    );
    assert!(
        note.message.contains("chain given separately was used"),
        "{}",
        note.message
    );
    assert_eq!(
        report.key.as_ref().map(|k| k.format.as_str()),
        Some("PKCS#1")
    );
}

#[test]
fn without_password_asks_for_it() {
    let p12 = fixture("rsa2048_good/bundle.p12");
    let mut r = Request::new(ServiceId::Acm, AT);
    r.certificate = Some(&p12);
    let report = check(&r);
    let f = report
        .findings
        .iter()
        .find(|f| f.code == Code::Pkcs12Given)
        .expect("pkcs12-given");
    assert_eq!(f.severity, Severity::Warning);
    assert_eq!(report.verdict, certpreflight::Verdict::Incomplete);
    assert_eq!(report.missing, [certpreflight::InputName::Password]);
    assert!(
        f.message.contains("Give its password to open it"),
        "{}",
        f.message
    );
    // The finding names the input it needs; the front ends word it (a flag, a field).
    assert_eq!(f.needs, Some(certpreflight::InputName::Password));
    // The file probably holds the key: no separate "key missing" while it is closed.
    assert!(
        !report.findings.iter().any(|f| f.code == Code::KeyMissing),
        "{:#?}",
        report.findings
    );
}

#[test]
fn wrong_password_and_truncated_file_in_a_check() {
    let p12 = fixture("rsa2048_good/bundle_legacy.p12");
    let mut r = acm_with(&p12, "wrong");
    let report = check(&r);
    assert_eq!(report.verdict, Verdict::Fail);
    assert_eq!(
        codes(&report),
        vec!["pkcs12-password"],
        "{:#?}",
        report.findings
    );

    let truncated = &p12[..1500];
    r.certificate = Some(truncated);
    r.options = with_password(Some("test"));
    let report = check(&r);
    assert_eq!(
        codes(&report),
        vec!["input-unreadable"],
        "{:#?}",
        report.findings
    );
}

#[test]
fn password_is_redacted_in_debug() {
    let o = with_password(Some("hunter2"));
    assert!(!format!("{o:?}").contains("hunter2"));
    assert_eq!(
        o.pkcs12_password.as_ref().map(Password::expose),
        Some("hunter2")
    );
}

/// The settings other exporters use, each made by `openssl pkcs12 -export` in
/// tests/fixtures/generate.py (the last by the generator itself: PBES2 whose PBKDF2 PRF is
/// RFC 8018's default, HMAC-SHA1, as OpenSSL 1.1 wrote): every one opens into the same
/// leaf, chain and key.
const VARIANTS: [(&str, &str); 7] = [
    ("rsa2048_good/bundle_empty_password.p12", ""),
    ("rsa2048_good/bundle_nomac.p12", "test"),
    ("rsa2048_good/bundle_legacy_3des_nomac.p12", "test"),
    ("rsa2048_good/bundle_aes128_sha1mac.p12", "test"),
    ("rsa2048_good/bundle_unencrypted.p12", "test"),
    ("rsa2048_good/bundle.p12", "test"),
    ("rsa2048_good/bundle_pbes2_sha1prf.p12", "test"),
];

#[test]
fn opens_every_export_setting_and_refuses_the_wrong_password() {
    let cert = String::from_utf8(fixture("rsa2048_good/cert.pem")).unwrap();
    let chain = String::from_utf8(fixture("rsa2048_good/chain.pem")).unwrap();
    let key = String::from_utf8(fixture("rsa2048_good/key_pkcs8.pem")).unwrap();
    for (f, password) in VARIANTS {
        let bytes = fixture(f);
        let c = open_pkcs12(&bytes, password).unwrap_or_else(|e| panic!("{f}: {e:?}"));
        assert_eq!(c.certificate.as_deref(), Some(cert.as_str()), "{f}");
        assert_eq!(c.chain.as_deref(), Some(chain.as_str()), "{f}");
        assert_eq!(
            c.private_key.as_ref().map(|k| k.as_str()),
            Some(key.as_str()),
            "{f}"
        );
        let wrong = if password.is_empty() { "test" } else { "" };
        let e = open_pkcs12(&bytes, wrong).unwrap_err();
        assert_eq!(e.code, Code::Pkcs12Password, "{f}: {}", e.message);
    }
}

#[test]
fn ec_key_in_a_pkcs12_file_matches_its_certificate() {
    let p12 = fixture("ec_p256/bundle.p12");
    let r = acm_with(&p12, "test");
    let report = check(&r);
    assert_eq!(report.verdict, Verdict::Pass, "{:#?}", report.findings);
    let key = report.key.as_ref().expect("key report");
    assert_eq!(key.matches_certificate, Some(true));
    assert_eq!(key.curve.as_deref(), Some("prime256v1"), "{key:?}");
}

/// A file that asks for an absurd amount of key-derivation work is refused at once rather
/// than holding the page (or CI) for hours; so is a negative count.
#[test]
fn absurd_iteration_counts_are_refused_before_any_work() {
    use der::{Decode, Encode};
    for iterations in [i32::MAX, 1_000_001, -5, 0] {
        let mut pfx = pkcs12::pfx::Pfx::from_der(&fixture("rsa2048_good/bundle.p12")).unwrap();
        pfx.mac_data.as_mut().unwrap().iterations = iterations;
        let bytes = pfx.to_der().unwrap();
        let started = std::time::Instant::now();
        let e = open_pkcs12(&bytes, "test").unwrap_err();
        assert_eq!(e.code, Code::InputUnreadable, "{iterations}");
        assert!(e.message.contains("iteration count"), "{}", e.message);
        // Generous: the refusal does no KDF work at all (a billion rounds would take minutes).
        assert!(started.elapsed().as_secs() < 5);
    }
}

/// `with_opened_once` (what the page wraps each check and repair in) gives exactly the
/// answers of separate calls; a second password for the same file is its own entry.
#[test]
fn opened_once_per_scope_gives_the_same_answers() {
    let p12 = fixture("rsa2048_good/bundle_legacy.p12");
    let r = acm_with(&p12, "test");
    let (report, fixed) = (check(&r), certpreflight::repair(&r));
    let (scoped_report, scoped_fixed) = certpreflight::with_opened_once(|| {
        let wrong = open_pkcs12(&p12, "wrong").unwrap_err();
        assert_eq!(wrong.code, Code::Pkcs12Password);
        (check(&r), certpreflight::repair(&r))
    });
    assert_eq!(scoped_report, report);
    let files = |f: &certpreflight::Repair| {
        f.files
            .iter()
            .map(|f| (f.name, f.contents.to_string()))
            .collect::<Vec<_>>()
    };
    assert_eq!(files(&scoped_fixed), files(&fixed));
    assert_eq!(files(&fixed).len(), 3);
    // Nothing outlives the scope: a wrong password still fails after it.
    assert_eq!(
        open_pkcs12(&p12, "wrong").unwrap_err().code,
        Code::Pkcs12Password
    );
}
