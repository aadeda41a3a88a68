//! Where given files go (src/sort.rs): the page's drop zone, its file picker, each field's
//! own picker and the "split into the fields" button all use it, so these tests hold for
//! every way into the page.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use certpreflight::{fill_field, sort_files, FieldFill, FieldKind, GivenFile, ServiceId};
use support::fixture;

fn given<'a>(name: &'a str, bytes: &'a [u8]) -> GivenFile<'a> {
    GivenFile { name, bytes }
}

fn text(rel: &str) -> String {
    String::from_utf8(fixture(rel)).unwrap()
}

fn count(text: &str) -> usize {
    text.matches("-----BEGIN CERTIFICATE-----").count()
}

#[test]
fn cert_key_and_chain_files_are_sorted_whatever_their_order() {
    let (cert, key, chain) = (
        fixture("rsa2048_good/cert.pem"),
        fixture("rsa2048_good/key.pem"),
        fixture("rsa2048_good/chain.pem"),
    );
    let sorted = sort_files(
        &[
            given("chain.pem", &chain),
            given("key.pem", &key),
            given("cert.pem", &cert),
        ],
        ServiceId::Acm,
        false,
    );
    assert_eq!(
        sorted.certificate.as_deref(),
        Some(text("rsa2048_good/cert.pem").as_str())
    );
    assert_eq!(
        sorted.private_key.as_deref(),
        Some(text("rsa2048_good/key.pem").as_str())
    );
    assert_eq!(count(&sorted.chain.concat()), 2);
    assert!(sorted.notes.is_empty(), "{:?}", sorted.notes);
}

#[test]
fn a_fullchain_is_split_and_goes_whole_to_the_chain_once_the_certificate_is_filled() {
    let full = fixture("rsa2048_good/fullchain.pem");
    let sorted = sort_files(&[given("fullchain.pem", &full)], ServiceId::Acm, false);
    assert_eq!(count(sorted.certificate.as_deref().unwrap()), 1);
    assert_eq!(count(&sorted.chain.concat()), 2);
    let sorted = sort_files(&[given("fullchain.pem", &full)], ServiceId::Acm, true);
    assert!(sorted.certificate.is_none());
    assert_eq!(count(&sorted.chain.concat()), 3);
}

#[test]
fn certificates_and_a_key_in_one_file_are_split() {
    let nodes = fixture("rsa2048_good/pkcs12_nodes_output.pem");
    let sorted = sort_files(&[given("bundle.pem", &nodes)], ServiceId::Acm, false);
    let key = sorted.private_key.expect("the key is taken out");
    assert!(key.contains("PRIVATE KEY") && !key.contains("CERTIFICATE"));
    let cert = sorted.certificate.unwrap();
    assert_eq!(count(&cert), 1);
    // The leaf is the key's certificate, not the first block of the file.
    assert_eq!(cert.trim_end(), text("rsa2048_good/cert.pem").trim_end());
    assert!(!sorted.chain.concat().contains("PRIVATE KEY"));
}

#[test]
fn pkcs12_is_kept_whole_and_asks_for_its_password() {
    let pfx = fixture("rsa2048_good/bundle.p12");
    let sorted = sort_files(&[given("site.pfx", &pfx)], ServiceId::Acm, false);
    assert!(sorted.certificate.is_none() && sorted.private_key.is_none());
    assert_eq!(sorted.pkcs12.as_deref(), Some("site.pfx"));
    assert!(sorted.notes[0].contains("site.pfx") && sorted.notes[0].contains("password"));
    assert!(matches!(
        fill_field(&given("site.pfx", &pfx), FieldKind::Certificate),
        FieldFill::Pkcs12 { .. }
    ));
}

#[test]
fn der_and_pkcs7_become_pem_with_a_note_in_every_way_in() {
    let (der, key_der, p7b) = (
        fixture("rsa2048_good/cert.der"),
        fixture("rsa2048_good/key.der"),
        fixture("rsa2048_good/chain_p7b.der"),
    );
    let sorted = sort_files(
        &[given("cert.der", &der), given("key.der", &key_der)],
        ServiceId::Acm,
        false,
    );
    let cert = sorted.certificate.unwrap();
    assert!(cert.starts_with("-----BEGIN CERTIFICATE-----\n"));
    assert!(sorted
        .private_key
        .unwrap()
        .starts_with("-----BEGIN PRIVATE KEY-----\n"));
    assert_eq!(sorted.notes.len(), 2, "{:?}", sorted.notes);
    // The same file through a field's own picker gives the same PEM and the same note.
    match fill_field(&given("cert.der", &der), FieldKind::Certificate) {
        FieldFill::Text { text, notes } => {
            assert_eq!(text, cert);
            assert!(notes[0].contains("converted to PEM"), "{notes:?}");
        }
        other => panic!("{other:?}"),
    }
    match fill_field(&given("chain.p7b", &p7b), FieldKind::Certificates) {
        FieldFill::Text { text, .. } => assert_eq!(count(&text), 2),
        other => panic!("{other:?}"),
    }
}

#[test]
fn unknown_and_oversized_files_are_said() {
    let sorted = sort_files(&[given("notes.txt", b"hello")], ServiceId::Acm, false);
    assert!(sorted.certificate.is_none() && sorted.chain.is_empty());
    assert!(sorted.notes[0].starts_with("notes.txt: no certificate"));
    let big = vec![b'a'; certpreflight::MAX_INPUT_BYTES + 1];
    let sorted = sort_files(&[given("big.pem", &big)], ServiceId::Acm, false);
    assert!(
        sorted.notes[0].contains("larger than"),
        "{:?}",
        sorted.notes
    );
    assert!(matches!(
        fill_field(&given("notes.txt", b"hello"), FieldKind::Key),
        FieldFill::Refused { .. }
    ));
}

#[test]
fn an_iot_ca_folder_puts_the_ca_and_its_verification_certificate_in_their_fields() {
    // The whole fixture folder, as a user drops it: the CA, its key, the verification
    // certificate and key, devices and another CA without basicConstraints.
    let dir = support::fixture_path("iot");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    // Devices first, so the CA is not simply the first certificate.
    names.sort_by_key(|n| !n.starts_with("device"));
    let bytes: Vec<Vec<u8>> = names
        .iter()
        .map(|n| std::fs::read(dir.join(n)).unwrap())
        .collect();
    let files: Vec<GivenFile<'_>> = names.iter().zip(&bytes).map(|(n, b)| given(n, b)).collect();
    let sorted = sort_files(&files, ServiceId::IotCa, false);
    assert_eq!(
        sorted.certificate.as_deref().map(str::trim_end),
        Some(text("iot/ca.pem").trim_end()),
        "{:?}",
        sorted.notes
    );
    assert_eq!(
        sorted.verification.as_deref().map(str::trim_end),
        Some(text("iot/verification.pem").trim_end())
    );
    assert!(
        sorted.chain.is_empty(),
        "nothing goes to a chain for a CA registration"
    );
    assert!(
        sorted.notes.iter().any(|n| n.contains("left out")),
        "{:?}",
        sorted.notes
    );
    // The same folder for a device registration: a device leaf, its CA in the chain.
    let sorted = sort_files(&files, ServiceId::Iot, false);
    let leaf = sorted.certificate.unwrap();
    assert!(!leaf.contains(text("iot/ca.pem").trim_end()));
}
