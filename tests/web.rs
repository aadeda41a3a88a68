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
        trust: None,
        verification: None,
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

// ---- The page's logic (src/app): the reducer, the drop sorter, the chain download, option
// ---- visibility. Pure functions over the engine; the DOM contract is the e2e tests' job.

mod app {
    use super::{CERT_DER, CERT_PEM, KEY_PEM, MID_VALIDITY};
    use certpreflight::app::browser::LoadedFile;
    use certpreflight::app::chain_view::chain_certificates;
    use certpreflight::app::drop_zone::{field_load, sort_files, FieldLoad};
    use certpreflight::app::fatal::{fatal_error_text, show_fatal_error, TEST_PANIC_TRIGGER};
    use certpreflight::app::options_form::visible_option_ids;
    use certpreflight::app::repair_view::button_id;
    use certpreflight::app::{webcrypto, Action, Field, State};
    use certpreflight::services::OptionName;
    use certpreflight::{Password, Role, ServiceId, Verdict};
    use wasm_bindgen_test::wasm_bindgen_test;

    const CHAIN_PEM: &str = include_str!("fixtures/rsa2048_good/chain.pem");
    const FULLCHAIN_PEM: &str = include_str!("fixtures/rsa2048_good/fullchain.pem");
    const INTERMEDIATE_PEM: &str = include_str!("fixtures/rsa2048_good/intermediate.pem");
    const ROOT_PEM: &str = include_str!("fixtures/rsa2048_good/root.pem");
    const NODES_PEM: &str = include_str!("fixtures/rsa2048_good/pkcs12_nodes_output.pem");
    const KEY_DER: &[u8] = include_bytes!("fixtures/rsa2048_good/key.der");
    const PFX: &[u8] = include_bytes!("fixtures/rsa2048_good/bundle.p12");
    const REVERSED_CERT: &str = include_str!("fixtures/chain_reversed/cert.pem");
    const REVERSED_CHAIN: &str = include_str!("fixtures/chain_reversed/chain.pem");
    const REVERSED_KEY: &str = include_str!("fixtures/chain_reversed/key.pem");

    fn text(bytes: &[u8]) -> String {
        String::from_utf8(bytes.to_vec()).unwrap()
    }
    /// The state once the browser's WebCrypto has answered what the check asked, as the
    /// page's App effect does it: run the questions, dispatch CryptoAnswered, until settled.
    async fn settled(mut state: State) -> State {
        let mut rounds = 0;
        while state.checking {
            rounds += 1;
            assert!(rounds <= 10, "the check keeps asking new questions");
            webcrypto::shared().run_pending().await;
            state = state.apply(Action::CryptoAnswered);
        }
        state
    }
    async fn set(state: &State, field: Field, text: &str) -> State {
        settled(state.apply(Action::SetField {
            field,
            text: text.to_string(),
            at: MID_VALIDITY,
        }))
        .await
    }
    async fn drop(state: &State, files: &[(&str, &[u8])]) -> State {
        settled(
            state.apply(Action::Dropped {
                files: files
                    .iter()
                    .map(|(name, bytes)| LoadedFile::new(*name, *bytes))
                    .collect(),
                at: MID_VALIDITY,
            }),
        )
        .await
    }
    /// Certificates in a PEM text.
    fn count(pem: &str) -> usize {
        pem.matches("-----BEGIN CERTIFICATE-----").count()
    }

    // -- reducer --

    #[wasm_bindgen_test]
    async fn an_empty_form_has_no_report() {
        let state = State::default();
        assert!(state.report.is_none());
        let state = set(&state, Field::Certificate, "  \n").await;
        assert!(state.report.is_none(), "whitespace is not an input");
    }

    #[wasm_bindgen_test]
    async fn every_field_change_rechecks() {
        let state = set(&State::default(), Field::Certificate, &text(CERT_PEM)).await;
        let report = state
            .report
            .clone()
            .expect("a report once a certificate is given");
        assert_eq!(report.verdict, Verdict::Fail, "ACM needs the key");
        assert!(report
            .findings
            .iter()
            .any(|f| f.code.as_str() == "key-missing"));

        let state = set(&state, Field::PrivateKey, &text(KEY_PEM)).await;
        let state = set(&state, Field::Chain, CHAIN_PEM).await;
        let report = state.report.clone().unwrap();
        assert_eq!(report.verdict, Verdict::Pass, "{:?}", report.findings);
        assert!(report.import_command.is_some());
        assert_eq!(report.key.as_ref().unwrap().matches_certificate, Some(true));
    }

    #[wasm_bindgen_test]
    async fn service_and_instant_change_the_answer() {
        let state = set(&State::default(), Field::Certificate, &text(CERT_PEM)).await;
        let state = settled(state.apply(Action::SelectService {
            service: ServiceId::Iot,
            at: MID_VALIDITY,
        }))
        .await;
        assert_eq!(state.report.as_ref().unwrap().service, "iot");

        // After notAfter (2027-01-01): expired.
        let state = settled(state.apply(Action::SetInstant {
            text: "2027-06-01T00:00:00Z".into(),
            at: MID_VALIDITY,
        }))
        .await;
        let report = state.report.clone().unwrap();
        assert_eq!(report.evaluated_at, "2027-06-01T00:00:00Z");
        assert!(report
            .findings
            .iter()
            .any(|f| f.code.as_str() == "cert-expired"));

        // Text that is not an instant: now is used and the field says why.
        let state = settled(state.apply(Action::SetInstant {
            text: "yesterday".into(),
            at: MID_VALIDITY,
        }))
        .await;
        assert!(state.at_error.is_some());
        assert_eq!(state.report.unwrap().evaluated_at, "2026-07-01T00:00:00Z");
    }

    #[wasm_bindgen_test]
    async fn options_reach_the_engine_only_for_their_service() {
        let state = set(&State::default(), Field::Certificate, &text(CERT_PEM)).await;
        let state = settled(state.apply(Action::SelectService {
            service: ServiceId::Transfer,
            at: MID_VALIDITY,
        }))
        .await;
        let missing_usage = |s: &State| {
            s.report
                .as_ref()
                .unwrap()
                .findings
                .iter()
                .any(|f| f.code.as_str() == "param-invalid" && f.message.contains("Usage"))
        };
        assert!(missing_usage(&state));
        let state = settled(state.apply(Action::SetOption {
            option: OptionName::Usage,
            value: "SIGNING".into(),
            at: MID_VALIDITY,
        }))
        .await;
        assert!(!missing_usage(&state));
        assert_eq!(state.service_options().usage.as_deref(), Some("SIGNING"));

        // Kept in the form, not passed to a service that does not take it.
        let state = settled(state.apply(Action::SelectService {
            service: ServiceId::Acm,
            at: MID_VALIDITY,
        }))
        .await;
        assert_eq!(state.options.usage.as_deref(), Some("SIGNING"));
        assert_eq!(state.service_options().usage, None);
        // An empty value unsets the option.
        let state = settled(state.apply(Action::SetOption {
            option: OptionName::Usage,
            value: String::new(),
            at: MID_VALIDITY,
        }))
        .await;
        assert_eq!(state.options.usage, None);
    }

    #[wasm_bindgen_test]
    async fn the_bundle_is_used_for_rds_only() {
        let state = set(&State::default(), Field::Bundle, ROOT_PEM).await;
        assert!(state.report.is_none(), "ACM takes no bundle");
        let state = settled(state.apply(Action::SelectService {
            service: ServiceId::Rds,
            at: MID_VALIDITY,
        }))
        .await;
        let report = state.report.unwrap();
        assert!(report.certificates.iter().any(|c| c.role == Role::Bundle));
    }

    #[wasm_bindgen_test]
    async fn clear_empties_every_field_and_keeps_the_service() {
        let state = set(&State::default(), Field::Certificate, &text(CERT_PEM)).await;
        let state = set(&state, Field::PrivateKey, &text(KEY_PEM)).await;
        let state = set(&state, Field::Chain, CHAIN_PEM).await;
        let state = set(&state, Field::Bundle, ROOT_PEM).await;
        let state = settled(state.apply(Action::SelectService {
            service: ServiceId::Rds,
            at: MID_VALIDITY,
        }))
        .await;
        let state = settled(state.apply(Action::SetOption {
            option: OptionName::Region,
            value: "us-west-2".into(),
            at: MID_VALIDITY,
        }))
        .await;
        let state = settled(state.apply(Action::SetInstant {
            text: "2026-06-01".into(),
            at: MID_VALIDITY,
        }))
        .await;
        let cleared = settled(state.apply(Action::Clear)).await;
        assert_eq!(cleared.certificate, "");
        assert_eq!(cleared.private_key.as_str(), "");
        assert_eq!(cleared.chain, "");
        assert_eq!(cleared.bundle, "");
        assert_eq!(cleared.at_text, "");
        assert_eq!(cleared.options, Default::default());
        assert!(cleared.notes.is_empty());
        assert!(cleared.report.is_none());
        assert_eq!(cleared.service, ServiceId::Rds);
    }

    #[wasm_bindgen_test]
    async fn the_key_is_wiped_when_dropped() {
        // The state holds the key in a Zeroizing<String>: its bytes are zeroed on drop. Prove
        // it with zeroize's own call on a copy's buffer (reading freed memory is not possible
        // safely; this shows the wrapper's behaviour the state relies on).
        let state = set(&State::default(), Field::PrivateKey, &text(KEY_PEM)).await;
        let mut key = state.private_key.clone();
        zeroize::Zeroize::zeroize(&mut *key);
        assert!(key.is_empty());
        assert_eq!(state.private_key.as_str(), text(KEY_PEM));
    }

    // -- drop sorter --

    #[wasm_bindgen_test]
    async fn drop_sorts_cert_key_and_chain_files() {
        let state = drop(
            &State::default(),
            &[
                ("chain.pem", CHAIN_PEM.as_bytes()),
                ("key.pem", KEY_PEM),
                ("cert.pem", CERT_PEM),
            ],
        )
        .await;
        assert_eq!(
            state.certificate,
            text(CERT_PEM),
            "the leaf goes to the certificate"
        );
        assert_eq!(state.private_key.as_str(), text(KEY_PEM));
        assert_eq!(count(&state.chain), 2);
        assert!(state.notes.is_empty(), "{:?}", state.notes);
        assert_eq!(state.report.unwrap().verdict, Verdict::Pass);
    }

    #[wasm_bindgen_test]
    async fn a_single_cert_fills_the_certificate_then_the_chain() {
        let state = drop(&State::default(), &[("cert.pem", CERT_PEM)]).await;
        assert_eq!(state.certificate, text(CERT_PEM));
        assert_eq!(state.chain, "");
        let state = drop(&state, &[("intermediate.pem", INTERMEDIATE_PEM.as_bytes())]).await;
        assert_eq!(state.certificate, text(CERT_PEM), "kept");
        assert_eq!(state.chain, INTERMEDIATE_PEM);
        let state = drop(&state, &[("root.pem", ROOT_PEM.as_bytes())]).await;
        assert_eq!(count(&state.chain), 2, "appended");
    }

    #[wasm_bindgen_test]
    async fn a_fullchain_is_split_into_certificate_and_chain() {
        let sorted = sort_files(
            &[LoadedFile::new("fullchain.pem", FULLCHAIN_PEM.as_bytes())],
            false,
            MID_VALIDITY,
        );
        assert_eq!(count(sorted.certificate.as_deref().unwrap()), 1);
        assert_eq!(sorted.chain.len(), 1);
        assert_eq!(count(&sorted.chain[0]), 2);

        // With the certificate field taken, the whole file goes to the chain.
        let sorted = sort_files(
            &[LoadedFile::new("fullchain.pem", FULLCHAIN_PEM.as_bytes())],
            true,
            MID_VALIDITY,
        );
        assert!(sorted.certificate.is_none());
        assert_eq!(count(&sorted.chain.concat()), 3);
    }

    #[wasm_bindgen_test]
    async fn certs_and_key_in_one_file_are_split() {
        let sorted = sort_files(
            &[LoadedFile::new("bundle.pem", NODES_PEM.as_bytes())],
            false,
            MID_VALIDITY,
        );
        let key = sorted.private_key.expect("the key is taken out");
        assert!(key.contains("PRIVATE KEY") && !key.contains("CERTIFICATE"));
        let certificate = sorted.certificate.unwrap();
        assert_eq!(count(&certificate), 1);
        assert!(!certificate.contains("PRIVATE KEY"));
        assert!(!sorted.chain.concat().contains("PRIVATE KEY"));
    }

    #[wasm_bindgen_test]
    async fn pkcs12_is_kept_whole_and_asks_for_its_password() {
        let sorted = sort_files(&[LoadedFile::new("site.pfx", PFX)], false, MID_VALIDITY);
        assert!(sorted.certificate.is_none() && sorted.private_key.is_none());
        assert!(sorted.chain.is_empty());
        assert_eq!(
            sorted.pkcs12.as_ref().map(|(n, b)| (n.as_str(), b.len())),
            Some(("site.pfx", PFX.len()))
        );
        assert_eq!(sorted.notes.len(), 1);
        assert!(sorted.notes[0].contains("site.pfx") && sorted.notes[0].contains("password"));
    }

    #[wasm_bindgen_test]
    async fn binary_files_are_converted_to_pem() {
        let sorted = sort_files(
            &[
                LoadedFile::new("cert.der", CERT_DER),
                LoadedFile::new("key.der", KEY_DER),
            ],
            false,
            MID_VALIDITY,
        );
        let certificate = sorted.certificate.unwrap();
        assert!(certificate.starts_with("-----BEGIN CERTIFICATE-----"));
        // key.der is PKCS#8: wrapped as "PRIVATE KEY", and still the certificate's key.
        let key = sorted.private_key.unwrap();
        assert!(
            key.starts_with("-----BEGIN PRIVATE KEY-----\n"),
            "{}",
            key.as_str()
        );
        let state = set(
            &set(&State::default(), Field::Certificate, &certificate).await,
            Field::PrivateKey,
            &key,
        )
        .await;
        assert_eq!(
            state
                .report
                .unwrap()
                .key
                .as_ref()
                .unwrap()
                .matches_certificate,
            Some(true)
        );
        assert_eq!(sorted.notes.len(), 2, "{:?}", sorted.notes);
    }

    #[wasm_bindgen_test]
    async fn a_field_picker_takes_the_file_as_given() {
        // Text as it is; DER as its bytes, so the engine says what AWS would: not PEM.
        let pem = LoadedFile::new("cert.pem", CERT_PEM);
        assert_eq!(
            field_load(&pem, MID_VALIDITY),
            FieldLoad::Text(text(CERT_PEM))
        );
        let state = settled(State::default().apply(Action::LoadField {
            field: Field::Certificate,
            file: LoadedFile::new("cert.der", CERT_DER),
            at: MID_VALIDITY,
        }))
        .await;
        assert!(state.certificate.contains("cert.der"));
        let report = state.report.clone().unwrap();
        assert!(report
            .findings
            .iter()
            .any(|f| f.code.as_str() == "cert-not-pem"));
        assert_eq!(report.certificates.len(), 1, "the DER was read");
        // Editing the field replaces the file.
        let state = set(&state, Field::Certificate, &text(CERT_PEM)).await;
        assert!(state.binary.is_empty());
        let report = state.report.unwrap();
        assert!(!report
            .findings
            .iter()
            .any(|f| f.code.as_str() == "cert-not-pem"));
        // A PKCS#12 file is taken whole, to be opened with its password.
        match field_load(&LoadedFile::new("x.pfx", PFX), MID_VALIDITY) {
            FieldLoad::Binary(bytes) => assert_eq!(bytes.as_slice(), PFX),
            other => panic!("{other:?}"),
        }
    }

    #[wasm_bindgen_test]
    async fn unknown_files_are_reported() {
        let sorted = sort_files(
            &[LoadedFile::new("notes.txt", b"hello".as_slice())],
            false,
            MID_VALIDITY,
        );
        assert!(sorted.certificate.is_none() && sorted.private_key.is_none());
        assert!(sorted.chain.is_empty());
        assert_eq!(sorted.notes.len(), 1);
        assert!(sorted.notes[0].starts_with("notes.txt: no certificate"));
    }

    // -- fixed files (the engine's repair) --

    /// The fixed files the page offers, by name, with their text.
    fn offered(state: &State) -> Vec<(&'static str, String)> {
        state
            .fixes
            .as_ref()
            .map(|f| {
                f.offered()
                    .map(|f| (f.name, f.contents.to_string()))
                    .collect()
            })
            .unwrap_or_default()
    }

    #[wasm_bindgen_test]
    async fn a_reversed_chain_is_offered_in_issuing_order() {
        let state = set(&State::default(), Field::Certificate, REVERSED_CERT).await;
        let state = set(&state, Field::PrivateKey, REVERSED_KEY).await;
        let state = set(&state, Field::Chain, REVERSED_CHAIN).await;
        let report = state.report.clone().unwrap();
        let chain = report.chain.as_ref().unwrap();
        assert!(!chain.in_order);
        assert_eq!(chain.suggested_order, vec![1, 0]);
        let given = chain_certificates(&report);
        let expected: String = [given[1].pem.as_str(), given[0].pem.as_str()].concat();
        // Only the chain changed: the certificate and key are not offered again.
        let files = offered(&state);
        assert_eq!(files.len(), 1, "{files:?}");
        assert_eq!(files[0].0, "chain.pem");
        assert_eq!(files[0].1, expected, "intermediate, then root");
        let fixes = state.fixes.as_ref().unwrap();
        let ids: Vec<String> = fixes.offered().map(button_id).collect();
        assert_eq!(ids, vec!["download-chain"]);
    }

    #[wasm_bindgen_test]
    async fn clean_inputs_offer_no_fixed_files() {
        let state = set(&State::default(), Field::Certificate, &text(CERT_PEM)).await;
        let state = set(&state, Field::PrivateKey, &text(KEY_PEM)).await;
        let state = set(&state, Field::Chain, CHAIN_PEM).await;
        assert!(state.fixes.is_some());
        assert!(offered(&state).is_empty());
    }

    #[wasm_bindgen_test]
    async fn a_chain_with_the_leaf_is_offered_without_it() {
        let cert = include_str!("fixtures/chain_contains_leaf/cert.pem");
        let chain = include_str!("fixtures/chain_contains_leaf/chain.pem");
        let state = set(&State::default(), Field::Certificate, cert).await;
        let state = set(&state, Field::Chain, chain).await;
        let files = offered(&state);
        let (_, pem) = files
            .iter()
            .find(|(n, _)| *n == "chain.pem")
            .expect("chain.pem");
        let leaf = &state.report.as_ref().unwrap().certificates[0].pem;
        assert!(!pem.contains(leaf.as_str()), "the leaf is left out");
        assert_eq!(count(pem), count(chain) - 1);
    }

    #[wasm_bindgen_test]
    async fn junk_around_a_certificate_is_stripped_in_the_fixed_file() {
        let bom = include_bytes!("fixtures/rsa2048_good/cert_bom.pem");
        let with_text = include_str!("fixtures/rsa2048_good/cert_with_text.pem");
        for given in [text(bom), with_text.to_string()] {
            let state = set(&State::default(), Field::Certificate, &given).await;
            let files = offered(&state);
            assert_eq!(files.len(), 1, "{files:?}");
            assert_eq!(files[0].0, "cert.pem");
            assert_eq!(files[0].1, text(CERT_PEM), "clean PEM, same certificate");
        }
    }

    // -- PKCS#12 in the page --

    async fn open(state: &State, password: &str) -> State {
        settled(state.apply(Action::OpenPkcs12 {
            password: Password::new(password),
            at: MID_VALIDITY,
        }))
        .await
    }

    fn codes(state: &State) -> Vec<&'static str> {
        state
            .report
            .as_ref()
            .unwrap()
            .findings
            .iter()
            .map(|f| f.code.as_str())
            .collect()
    }

    #[wasm_bindgen_test]
    async fn a_dropped_pfx_opens_with_its_password_into_the_pem_trio() {
        for (name, pfx) in [
            ("bundle.p12", PFX),
            (
                "bundle_legacy.p12",
                include_bytes!("fixtures/rsa2048_good/bundle_legacy.p12").as_slice(),
            ),
        ] {
            let state = drop(&State::default(), &[(name, pfx)]).await;
            assert!(state.has_pkcs12(), "{name}: the password form shows");
            assert!(
                codes(&state).contains(&"pkcs12-given"),
                "{:?}",
                codes(&state)
            );
            assert!(
                offered(&state).is_empty(),
                "nothing to offer before it is opened"
            );

            // A wrong password: a clear finding, and the file stays for another try.
            let wrong = open(&state, "not it").await;
            assert_eq!(codes(&wrong), vec!["pkcs12-password"], "{name}");
            assert_eq!(wrong.report.as_ref().unwrap().verdict, Verdict::Fail);
            assert!(wrong.has_pkcs12());

            let opened = open(&wrong, "test").await;
            let report = opened.report.as_ref().unwrap();
            assert_eq!(
                report.verdict,
                Verdict::Pass,
                "{name}: {:#?}",
                report.findings
            );
            assert_eq!(report.key.as_ref().unwrap().matches_certificate, Some(true));
            let files = offered(&opened);
            let names: Vec<&str> = files.iter().map(|(n, _)| *n).collect();
            assert_eq!(names, vec!["cert.pem", "chain.pem", "key.pem"], "{name}");
            assert_eq!(files[0].1, text(CERT_PEM));
            assert_eq!(files[1].1, CHAIN_PEM);
            // The key exactly as stored in the file: PKCS#8, not re-encoded.
            assert_eq!(
                files[2].1,
                include_str!("fixtures/rsa2048_good/key_pkcs8.pem")
            );

            // A new file asks again; Clear forgets the password.
            let again = drop(&opened, &[(name, pfx)]).await;
            assert!(again.pkcs12_password.is_none());
            let cleared = opened.apply(Action::Clear);
            assert!(cleared.pkcs12_password.is_none() && !cleared.has_pkcs12());
        }
    }

    // -- options per service --

    #[wasm_bindgen_test]
    async fn options_shown_per_service() {
        let expected: &[(ServiceId, &[&str])] = &[
            (ServiceId::Acm, &[]),
            (ServiceId::Cloudfront, &[]),
            (ServiceId::Elb, &[]),
            (ServiceId::ApiGateway, &[]),
            (ServiceId::IamServer, &["opt-name", "opt-path"]),
            (
                ServiceId::IamSigning,
                &["opt-user-name", "opt-certificate-id", "opt-status"],
            ),
            (ServiceId::Iot, &["opt-new-status"]),
            (ServiceId::IotCa, &[]),
            (
                ServiceId::Transfer,
                &[
                    "opt-usage",
                    "opt-active-date",
                    "opt-inactive-date",
                    "opt-description",
                ],
            ),
            (ServiceId::Rds, &["opt-ca-identifier", "opt-region"]),
        ];
        for (service, ids) in expected {
            assert_eq!(&visible_option_ids(*service), ids, "{}", service.id());
        }
    }

    // -- panic hook --

    #[wasm_bindgen_test]
    async fn the_fatal_error_is_written_to_the_page() {
        show_fatal_error("boom");
        let document = web_sys::window().unwrap().document().unwrap();
        let element = document.get_element_by_id("fatal-error").unwrap();
        assert_eq!(element.get_attribute("role").as_deref(), Some("alert"));
        assert!(!element.has_attribute("hidden"));
        let text = element.text_content().unwrap();
        assert_eq!(text, fatal_error_text("boom"));
        assert!(text.contains("Reload the page"));
        assert_eq!(TEST_PANIC_TRIGGER, "certpreflight:test-panic");
    }
}

// ---- The page's crypto (src/app/webcrypto.rs): the browser's WebCrypto must reach exactly the
// report RustCrypto reaches, fixture by fixture.

mod webcrypto {
    use super::MID_VALIDITY;
    use certpreflight::app::webcrypto::WebCrypto;
    use certpreflight::verify::with_backend;
    use certpreflight::{check, Options, Report, Request, ServiceId};
    use der::{Decode, Encode};
    use std::rc::Rc;
    use wasm_bindgen_test::wasm_bindgen_test;

    macro_rules! fixture {
        ($path:literal) => {
            include_bytes!(concat!("fixtures/", $path)).as_slice()
        };
    }

    /// The engine with WebCrypto answering, round after round, as the page runs it.
    async fn with_webcrypto(request: &Request<'_>) -> Report {
        let web = Rc::new(WebCrypto::default());
        for _ in 0..10 {
            let report = with_backend(web.clone(), || check(request));
            if !web.has_pending() {
                return report;
            }
            web.run_pending().await;
        }
        panic!("the check kept asking WebCrypto new questions");
    }

    fn request<'a>(
        service: ServiceId,
        certificate: &'a [u8],
        private_key: Option<&'a [u8]>,
        chain: Option<&'a [u8]>,
    ) -> Request<'a> {
        Request {
            service,
            certificate: Some(certificate),
            private_key,
            chain,
            bundle: None,
            trust: None,
            verification: None,
            at: MID_VALIDITY,
            options: Options::default(),
        }
    }

    /// A name, the service, the certificate, the key and the chain.
    type FixtureSet = (
        &'static str,
        ServiceId,
        &'static [u8],
        Option<&'static [u8]>,
        Option<&'static [u8]>,
    );

    #[wasm_bindgen_test]
    async fn every_fixture_gets_the_rustcrypto_report_from_webcrypto() {
        use ServiceId::{Acm, Iot, IotCa};
        let sets: &[FixtureSet] = &[
            (
                "rsa2048_good",
                Acm,
                fixture!("rsa2048_good/cert.pem"),
                Some(fixture!("rsa2048_good/key.pem")),
                Some(fixture!("rsa2048_good/chain.pem")),
            ),
            (
                "rsa2048_good pkcs8",
                Acm,
                fixture!("rsa2048_good/cert.pem"),
                Some(fixture!("rsa2048_good/key_pkcs8.pem")),
                Some(fixture!("rsa2048_good/fullchain.pem")),
            ),
            (
                "chain_bad_signature",
                Acm,
                fixture!("chain_bad_signature/cert.pem"),
                Some(fixture!("chain_bad_signature/key.pem")),
                Some(fixture!("chain_bad_signature/chain.pem")),
            ),
            (
                "chain_reversed",
                Acm,
                fixture!("chain_reversed/cert.pem"),
                Some(fixture!("chain_reversed/key.pem")),
                Some(fixture!("chain_reversed/chain.pem")),
            ),
            (
                "chain_contains_leaf",
                Acm,
                fixture!("chain_contains_leaf/cert.pem"),
                None,
                Some(fixture!("chain_contains_leaf/chain.pem")),
            ),
            (
                "chain_expired_intermediate",
                Acm,
                fixture!("chain_expired_intermediate/cert.pem"),
                None,
                Some(fixture!("chain_expired_intermediate/chain.pem")),
            ),
            (
                "chain_missing_intermediate",
                Acm,
                fixture!("chain_missing_intermediate/cert.pem"),
                None,
                Some(fixture!("chain_missing_intermediate/chain.pem")),
            ),
            (
                "chain_unrelated",
                Acm,
                fixture!("chain_unrelated/cert.pem"),
                None,
                Some(fixture!("chain_unrelated/chain.pem")),
            ),
            (
                "key_mismatch",
                Acm,
                fixture!("key_mismatch/cert.pem"),
                Some(fixture!("key_mismatch/key.pem")),
                Some(fixture!("key_mismatch/chain.pem")),
            ),
            (
                "rsa_pss",
                Acm,
                fixture!("rsa_pss/cert.pem"),
                Some(fixture!("rsa_pss/key.pem")),
                Some(fixture!("rsa_pss/chain.pem")),
            ),
            (
                "sha1_signed",
                Acm,
                fixture!("sha1_signed/cert.pem"),
                Some(fixture!("sha1_signed/key.pem")),
                Some(fixture!("sha1_signed/chain.pem")),
            ),
            (
                "ec_p256",
                Acm,
                fixture!("ec_p256/cert.pem"),
                Some(fixture!("ec_p256/key.pem")),
                Some(fixture!("ec_p256/chain.pem")),
            ),
            (
                "ec_p256 pkcs8",
                Acm,
                fixture!("ec_p256/cert.pem"),
                Some(fixture!("ec_p256/key_pkcs8.pem")),
                Some(fixture!("ec_p256/chain.pem")),
            ),
            (
                "ec_p256 params",
                Acm,
                fixture!("ec_p256/cert.pem"),
                Some(fixture!("ec_p256/key_with_params.pem")),
                Some(fixture!("ec_p256/chain.pem")),
            ),
            (
                "ec_p384",
                Acm,
                fixture!("ec_p384/cert.pem"),
                Some(fixture!("ec_p384/key.pem")),
                Some(fixture!("ec_p384/chain.pem")),
            ),
            (
                "ec_p384 pkcs8",
                Acm,
                fixture!("ec_p384/cert.pem"),
                Some(fixture!("ec_p384/key_pkcs8.pem")),
                Some(fixture!("ec_p384/chain.pem")),
            ),
            (
                "ec_p521",
                Acm,
                fixture!("ec_p521/cert.pem"),
                Some(fixture!("ec_p521/key.pem")),
                Some(fixture!("ec_p521/chain.pem")),
            ),
            (
                "ec_p521 pkcs8",
                Acm,
                fixture!("ec_p521/cert.pem"),
                Some(fixture!("ec_p521/key_pkcs8.pem")),
                Some(fixture!("ec_p521/chain.pem")),
            ),
            (
                "ec key, rsa cert",
                Acm,
                fixture!("rsa2048_good/cert.pem"),
                Some(fixture!("ec_p256/key.pem")),
                None,
            ),
            (
                "iot device + CA",
                Iot,
                fixture!("iot/device.pem"),
                Some(fixture!("iot/device_key.pem")),
                Some(fixture!("iot/ca.pem")),
            ),
            (
                "iot EC device + CA",
                Iot,
                fixture!("iot/device_ec.pem"),
                Some(fixture!("iot/device_ec_key.pem")),
                Some(fixture!("iot/ca.pem")),
            ),
            (
                "iot CA",
                IotCa,
                fixture!("iot/ca.pem"),
                Some(fixture!("iot/ca_key.pem")),
                None,
            ),
            (
                "ed25519 (the key matched through WebCrypto's Ed25519)",
                Acm,
                fixture!("ed25519/cert.pem"),
                Some(fixture!("ed25519/key.pem")),
                Some(fixture!("ed25519/chain.pem")),
            ),
            (
                "ec_explicit",
                Acm,
                fixture!("ec_explicit/cert.pem"),
                Some(fixture!("ec_explicit/key.pem")),
                Some(fixture!("ec_explicit/chain.pem")),
            ),
            (
                "chain_issuer_not_ca",
                ServiceId::Alb,
                fixture!("chain_issuer_not_ca/cert.pem"),
                Some(fixture!("chain_issuer_not_ca/key.pem")),
                Some(fixture!("chain_issuer_not_ca/chain.pem")),
            ),
        ];
        for (name, service, cert, key, chain) in sets {
            let req = request(*service, cert, *key, *chain);
            let native = check(&req);
            let web = with_webcrypto(&req).await;
            assert_eq!(web, native, "{name}: WebCrypto and RustCrypto disagree");
            if name.starts_with("ed25519") {
                // Chromium's WebCrypto has Ed25519: the key is compared, not left unchecked.
                assert_eq!(
                    web.key.and_then(|k| k.matches_certificate),
                    Some(true),
                    "{name}"
                );
            }
        }
    }

    /// The same EC key without the public point its file stores (PKCS#8, as Java writes it).
    fn without_stored_public(pkcs8_pem: &[u8]) -> Vec<u8> {
        let doc = ::pem::parse(pkcs8_pem).unwrap();
        let info = pkcs8::PrivateKeyInfo::from_der(doc.contents()).unwrap();
        let mut ec = sec1::EcPrivateKey::from_der(info.private_key).unwrap();
        assert!(
            ec.public_key.is_some(),
            "the fixture stores its public point"
        );
        ec.public_key = None;
        let ec_der = ec.to_der().unwrap();
        let stripped = pkcs8::PrivateKeyInfo::new(info.algorithm, &ec_der)
            .to_der()
            .unwrap();
        pem_text("PRIVATE KEY", &stripped)
    }

    /// The EC key with another key's public point in its file.
    fn with_foreign_public(pkcs8_pem: &[u8], other_pkcs8_pem: &[u8]) -> Vec<u8> {
        let doc = ::pem::parse(pkcs8_pem).unwrap();
        let other_doc = ::pem::parse(other_pkcs8_pem).unwrap();
        let info = pkcs8::PrivateKeyInfo::from_der(doc.contents()).unwrap();
        let other_info = pkcs8::PrivateKeyInfo::from_der(other_doc.contents()).unwrap();
        let other = sec1::EcPrivateKey::from_der(other_info.private_key).unwrap();
        let mut ec = sec1::EcPrivateKey::from_der(info.private_key).unwrap();
        ec.public_key = other.public_key;
        let ec_der = ec.to_der().unwrap();
        let changed = pkcs8::PrivateKeyInfo::new(info.algorithm, &ec_der)
            .to_der()
            .unwrap();
        pem_text("PRIVATE KEY", &changed)
    }

    fn pem_text(label: &str, der: &[u8]) -> Vec<u8> {
        ::pem::encode(&::pem::Pem::new(label, der)).into_bytes()
    }

    #[wasm_bindgen_test]
    async fn webcrypto_derives_the_point_when_the_key_stores_none() {
        for (cert, key) in [
            (
                fixture!("ec_p256/cert.pem"),
                fixture!("ec_p256/key_pkcs8.pem"),
            ),
            (
                fixture!("ec_p384/cert.pem"),
                fixture!("ec_p384/key_pkcs8.pem"),
            ),
            (
                fixture!("ec_p521/cert.pem"),
                fixture!("ec_p521/key_pkcs8.pem"),
            ),
        ] {
            let key = without_stored_public(key);
            let req = request(ServiceId::Acm, cert, Some(&key), None);
            let web = with_webcrypto(&req).await;
            assert_eq!(
                web.key.as_ref().and_then(|k| k.matches_certificate),
                Some(true),
                "{:?}",
                web.findings
            );
            assert_eq!(web, check(&req));
        }
    }

    #[wasm_bindgen_test]
    async fn a_key_file_whose_stored_point_is_not_its_own_is_refused_alike() {
        let key = with_foreign_public(
            fixture!("ec_p256/key_pkcs8.pem"),
            fixture!("keys/ec_p256_intermediate.pem"),
        );
        let req = request(
            ServiceId::Acm,
            fixture!("ec_p256/cert.pem"),
            Some(&key),
            None,
        );
        let web = with_webcrypto(&req).await;
        let native = check(&req);
        assert_ne!(
            web.key.as_ref().and_then(|k| k.matches_certificate),
            Some(true)
        );
        assert!(
            web.findings
                .iter()
                .any(|f| f.code.as_str().starts_with("key-")),
            "{:?}",
            web.findings
        );
        assert_eq!(
            web.findings
                .iter()
                .map(|f| f.code.as_str())
                .collect::<Vec<_>>(),
            native
                .findings
                .iter()
                .map(|f| f.code.as_str())
                .collect::<Vec<_>>()
        );
    }

    #[wasm_bindgen_test]
    async fn answers_are_cached_and_forgotten() {
        let web = Rc::new(WebCrypto::default());
        let req = request(
            ServiceId::Acm,
            fixture!("ec_p256/cert.pem"),
            Some(fixture!("ec_p256/key.pem")),
            Some(fixture!("ec_p256/chain.pem")),
        );
        let _ = with_backend(web.clone(), || check(&req));
        assert!(web.has_pending(), "a first check asks WebCrypto");
        web.run_pending().await;
        let _ = with_backend(web.clone(), || check(&req));
        assert!(!web.has_pending(), "the second is answered from the cache");
        web.forget();
        let _ = with_backend(web.clone(), || check(&req));
        assert!(web.has_pending(), "after forget(), it asks again");
    }
}
