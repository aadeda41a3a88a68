//! Repair: each mechanical fix, and that the fixed set then passes (engine level; the CLI's
//! `fix` is in tests/fleet_cli.rs).
#![cfg(not(target_arch = "wasm32"))]

mod support;

use support::{fixture, AT};

use certpreflight::{check, repair, Options, Password, Repair, Request, ServiceId, Verdict};

fn text(rel: &str) -> String {
    String::from_utf8(fixture(rel)).unwrap()
}

fn fix(
    service: ServiceId,
    cert: Option<&str>,
    key: Option<&str>,
    chain: Option<&str>,
    password: Option<&str>,
) -> Repair {
    let (c, k, ch) = (cert.map(fixture), key.map(fixture), chain.map(fixture));
    let mut r = Request::new(service, AT);
    r.certificate = c.as_deref();
    r.private_key = k.as_deref();
    r.chain = ch.as_deref();
    r.options = Options {
        pkcs12_password: password.map(Password::new),
        ..Options::default()
    };
    repair(&r)
}

fn contents<'a>(r: &'a Repair, name: &str) -> &'a str {
    r.file(name)
        .unwrap_or_else(|| panic!("no {name}: {r:#?}"))
        .contents
        .as_str()
}

fn changes(r: &Repair, name: &str) -> String {
    r.file(name)
        .map(|f| f.what_changed.join("; "))
        .unwrap_or_default()
}

/// Checks the repaired files as a fresh set.
fn check_fixed(service: ServiceId, r: &Repair) -> certpreflight::Report {
    let mut req = Request::new(service, AT);
    req.certificate = r.file("cert.pem").map(|f| f.contents.as_bytes());
    req.private_key = r.file("key.pem").map(|f| f.contents.as_bytes());
    req.chain = r.file("chain.pem").map(|f| f.contents.as_bytes());
    check(&req)
}

fn assert_passes(service: ServiceId, r: &Repair) {
    let report = check_fixed(service, r);
    assert_eq!(
        report.verdict,
        Verdict::Pass,
        "{r:#?}\n{:#?}",
        report.findings
    );
}

#[test]
fn reversed_chain_is_reordered() {
    let r = fix(
        ServiceId::Acm,
        Some("chain_reversed/cert.pem"),
        Some("chain_reversed/key.pem"),
        Some("chain_reversed/chain.pem"),
        None,
    );
    assert_eq!(contents(&r, "chain.pem"), text("rsa2048_good/chain.pem"));
    assert!(changes(&r, "chain.pem").contains("reordered into issuing order"));
    assert!(
        r.file("cert.pem").unwrap().what_changed.is_empty(),
        "{r:#?}"
    );
    assert!(r.file("key.pem").is_some());
    assert_passes(ServiceId::Acm, &r);
}

#[test]
fn leaf_removed_from_chain() {
    let r = fix(
        ServiceId::Acm,
        Some("chain_contains_leaf/cert.pem"),
        Some("chain_contains_leaf/key.pem"),
        Some("chain_contains_leaf/chain.pem"),
        None,
    );
    assert_eq!(contents(&r, "chain.pem"), text("rsa2048_good/chain.pem"));
    assert!(changes(&r, "chain.pem").contains("removed the leaf itself"));
    assert_passes(ServiceId::Acm, &r);
}

#[test]
fn unrelated_and_duplicate_certificates_removed() {
    let r = fix(
        ServiceId::Acm,
        Some("chain_unrelated/cert.pem"),
        Some("chain_unrelated/key.pem"),
        Some("chain_unrelated/chain.pem"),
        None,
    );
    assert!(changes(&r, "chain.pem").contains("Unrelated CA"), "{r:#?}");
    assert_eq!(contents(&r, "chain.pem"), text("rsa2048_good/chain.pem"));
    assert_passes(ServiceId::Acm, &r);

    let mut doubled = fixture("rsa2048_good/chain.pem");
    doubled.extend(fixture("rsa2048_good/intermediate.pem"));
    let (cert, key) = (
        fixture("rsa2048_good/cert.pem"),
        fixture("rsa2048_good/key.pem"),
    );
    let mut req = Request::new(ServiceId::Acm, AT);
    req.certificate = Some(&cert);
    req.private_key = Some(&key);
    req.chain = Some(&doubled);
    let r = repair(&req);
    assert!(changes(&r, "chain.pem").contains("duplicate"), "{r:#?}");
    assert_eq!(contents(&r, "chain.pem"), text("rsa2048_good/chain.pem"));
}

#[test]
fn fullchain_in_certificate_field_is_split() {
    let r = fix(
        ServiceId::Acm,
        Some("rsa2048_good/fullchain.pem"),
        Some("rsa2048_good/key.pem"),
        None,
        None,
    );
    assert_eq!(contents(&r, "cert.pem"), text("rsa2048_good/cert.pem"));
    assert_eq!(contents(&r, "chain.pem"), text("rsa2048_good/chain.pem"));
    assert!(changes(&r, "cert.pem").contains("fullchain"));
    assert_passes(ServiceId::Acm, &r);
}

#[test]
fn junk_text_bom_spaces_crlf_are_stripped() {
    let clean = text("rsa2048_good/cert.pem");
    for (f, said) in [
        ("rsa2048_good/cert_bom.pem", "byte-order mark"),
        ("rsa2048_good/cert_crlf.pem", "CRLF"),
        ("rsa2048_good/cert_trailing_spaces.pem", "trailing spaces"),
        ("rsa2048_good/cert_bag_attributes.pem", "text outside"),
        ("rsa2048_good/cert_with_text.pem", "text outside"),
    ] {
        let r = fix(
            ServiceId::Acm,
            Some(f),
            Some("rsa2048_good/key.pem"),
            Some("rsa2048_good/chain.pem"),
            None,
        );
        assert_eq!(contents(&r, "cert.pem"), clean, "{f}");
        assert!(changes(&r, "cert.pem").contains(said), "{f}: {r:#?}");
        assert_passes(ServiceId::Acm, &r);
    }
}

#[test]
fn der_and_pkcs7_become_pem() {
    let r = fix(
        ServiceId::Acm,
        Some("rsa2048_good/cert.der"),
        Some("rsa2048_good/key.der"),
        Some("rsa2048_good/chain.p7b"),
        None,
    );
    assert_eq!(contents(&r, "cert.pem"), text("rsa2048_good/cert.pem"));
    assert_eq!(contents(&r, "chain.pem"), text("rsa2048_good/chain.pem"));
    assert!(changes(&r, "cert.pem").contains("DER"));
    assert!(changes(&r, "chain.pem").contains("PKCS#7"));
    assert!(changes(&r, "key.pem").contains("DER"));
    assert_eq!(
        contents(&r, "key.pem"),
        text("rsa2048_good/key_pkcs8.pem"),
        "same key, PEM armour"
    );
    assert_passes(ServiceId::Acm, &r);

    let r = fix(
        ServiceId::Acm,
        Some("rsa2048_good/cert.pem"),
        Some("rsa2048_good/key.pem"),
        Some("rsa2048_good/chain_p7b.der"),
        None,
    );
    assert_eq!(contents(&r, "chain.pem"), text("rsa2048_good/chain.pem"));
    assert_passes(ServiceId::Acm, &r);
}

#[test]
#[cfg(feature = "pkcs12")]
fn pkcs12_becomes_the_pem_trio() {
    for f in ["rsa2048_good/bundle.p12", "rsa2048_good/bundle_legacy.p12"] {
        let r = fix(ServiceId::Acm, Some(f), None, None, Some("test"));
        assert_eq!(
            contents(&r, "cert.pem"),
            text("rsa2048_good/cert.pem"),
            "{f}"
        );
        assert_eq!(
            contents(&r, "chain.pem"),
            text("rsa2048_good/chain.pem"),
            "{f}"
        );
        assert_eq!(
            contents(&r, "key.pem"),
            text("rsa2048_good/key_pkcs8.pem"),
            "{f}"
        );
        assert!(r.findings.is_empty());
        assert_passes(ServiceId::Acm, &r);
        assert!(
            !format!("{r:?}").contains("BEGIN PRIVATE KEY"),
            "Debug redacts the key"
        );
    }
    let r = fix(
        ServiceId::Acm,
        Some("rsa2048_good/bundle.p12"),
        None,
        None,
        Some("nope"),
    );
    assert!(r.files.is_empty());
    assert_eq!(r.findings[0].code.as_str(), "pkcs12-password");
    let r = fix(
        ServiceId::Acm,
        Some("rsa2048_good/bundle.p12"),
        None,
        None,
        None,
    );
    assert_eq!(r.findings[0].code.as_str(), "pkcs12-given");
}

#[test]
fn key_content_is_never_changed() {
    // PKCS#1, SEC1 after EC PARAMETERS, encrypted PKCS#8, legacy Proc-Type encryption.
    let r = fix(
        ServiceId::Acm,
        Some("rsa2048_good/cert.pem"),
        Some("rsa2048_good/key.pem"),
        None,
        None,
    );
    assert_eq!(contents(&r, "key.pem"), text("rsa2048_good/key.pem"));
    assert!(r.file("key.pem").unwrap().what_changed.is_empty());

    let r = fix(
        ServiceId::Acm,
        Some("ec_p256/cert.pem"),
        Some("ec_p256/key_with_params.pem"),
        Some("ec_p256/chain.pem"),
        None,
    );
    assert_eq!(contents(&r, "key.pem"), text("ec_p256/key.pem"));
    assert!(changes(&r, "key.pem").contains("EC PARAMETERS"));
    assert_passes(ServiceId::Acm, &r);

    for f in [
        "rsa2048_good/key_encrypted_pkcs8.pem",
        "rsa2048_good/key_encrypted_legacy.pem",
    ] {
        let r = fix(
            ServiceId::Acm,
            Some("rsa2048_good/cert.pem"),
            Some(f),
            None,
            None,
        );
        assert_eq!(
            contents(&r, "key.pem"),
            text(f),
            "{f}: still encrypted, same bytes"
        );
        assert!(
            r.left_alone.iter().any(|l| l.contains("passphrase")),
            "{f}: {r:#?}"
        );
    }
}

#[test]
fn key_moved_out_of_a_mixed_bundle_and_only_written_when_given() {
    let r = fix(
        ServiceId::Acm,
        Some("rsa2048_good/pkcs12_nodes_output.pem"),
        None,
        None,
        None,
    );
    assert_eq!(contents(&r, "cert.pem"), text("rsa2048_good/cert.pem"));
    assert_eq!(contents(&r, "chain.pem"), text("rsa2048_good/chain.pem"));
    assert!(changes(&r, "cert.pem").contains("moved the private key out"));
    assert!(r.file("key.pem").is_some());
    assert_passes(ServiceId::Acm, &r);

    let r = fix(
        ServiceId::Acm,
        Some("rsa2048_good/cert.pem"),
        None,
        Some("chain_reversed/chain.pem"),
        None,
    );
    assert!(r.file("key.pem").is_none(), "no key input, no key file");
}

#[test]
fn what_cannot_be_fixed_is_left_alone_and_said() {
    let r = fix(
        ServiceId::Acm,
        Some("chain_missing_intermediate/cert.pem"),
        Some("chain_missing_intermediate/key.pem"),
        Some("chain_missing_intermediate/chain.pem"),
        None,
    );
    assert!(
        r.left_alone
            .iter()
            .any(|l| l.contains("cannot be completed")),
        "{r:#?}"
    );
    let r = fix(
        ServiceId::Acm,
        Some("key_mismatch/cert.pem"),
        Some("key_mismatch/key.pem"),
        Some("key_mismatch/chain.pem"),
        None,
    );
    assert!(
        r.left_alone.iter().any(|l| l.contains("does not belong")),
        "{r:#?}"
    );
}

#[test]
fn root_left_out_where_the_service_says_so() {
    // CloudFront says to leave the root out; ACM allows it.
    let r = fix(
        ServiceId::Cloudfront,
        Some("rsa2048_good/cert.pem"),
        Some("rsa2048_good/key.pem"),
        Some("rsa2048_good/chain.pem"),
        None,
    );
    assert_eq!(
        contents(&r, "chain.pem"),
        text("rsa2048_good/chain_no_root.pem")
    );
    assert!(changes(&r, "chain.pem").contains("removed the root"));
    let r = fix(
        ServiceId::Acm,
        Some("rsa2048_good/cert.pem"),
        Some("rsa2048_good/key.pem"),
        Some("rsa2048_good/chain.pem"),
        None,
    );
    assert_eq!(contents(&r, "chain.pem"), text("rsa2048_good/chain.pem"));
    assert!(r.file("chain.pem").unwrap().what_changed.is_empty());
}

/// The good intermediate, then `stray` (a self-signed CA of another PKI), or the other way.
fn with_stray(stray_first: bool, root: bool) -> Vec<u8> {
    let (inter, stray) = (
        fixture("rsa2048_good/intermediate.pem"),
        fixture("chain_unrelated/unrelated_ca.pem"),
    );
    let mut chain = if stray_first {
        [stray, inter].concat()
    } else {
        [inter, stray].concat()
    };
    if root {
        chain.extend(fixture("rsa2048_good/root.pem"));
    }
    chain
}

#[test]
fn a_stray_certificate_is_dropped_wherever_it_stands_and_whether_or_not_a_root_follows() {
    let (cert, key) = (
        fixture("rsa2048_good/cert.pem"),
        fixture("rsa2048_good/key.pem"),
    );
    for (stray_first, root) in [(false, false), (true, false), (false, true), (true, true)] {
        let chain = with_stray(stray_first, root);
        let mut r = Request::new(ServiceId::Acm, AT);
        r.certificate = Some(&cert);
        r.private_key = Some(&key);
        r.chain = Some(&chain);
        let fixed = repair(&r);
        let what = format!("stray first {stray_first}, root {root}");
        let chain = contents(&fixed, "chain.pem");
        assert!(
            !chain.contains(&text("chain_unrelated/unrelated_ca.pem")),
            "{what}"
        );
        let said = changes(&fixed, "chain.pem");
        assert!(
            said.contains("\"Unrelated CA\"") && said.contains("not on the leaf's path"),
            "{what}: {said}"
        );
        // Nothing was reordered: the intermediate (and root) keep their order.
        assert!(!said.contains("reordered"), "{what}: {said}");
        // Nothing asks for an intermediate that is there.
        assert!(
            !fixed
                .left_alone
                .iter()
                .any(|l| l.contains("Test Intermediate CA")),
            "{what}: {:#?}",
            fixed.left_alone
        );
        assert_passes(ServiceId::Acm, &fixed);
        // And the check says to remove it, not to reorder.
        let report = check(&r);
        assert!(
            report
                .findings
                .iter()
                .any(|f| f.code.as_str() == "chain-unrelated"),
            "{what}"
        );
        assert!(
            !report
                .findings
                .iter()
                .any(|f| f.code.as_str() == "chain-order"),
            "{what}"
        );
    }
}
