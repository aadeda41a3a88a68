//! The page's two threads talk in `protocol` messages: plain data that must read back as it
//! was written, whatever it carries (checked natively here with serde_json; the browser tests
//! take the same messages through serde_wasm_bindgen).
#![cfg(not(target_arch = "wasm32"))]

use certpreflight::protocol::{FromWorker, MatrixRow, ToWorker};
use certpreflight::{check_all, InputName, OptionName, Options, Request, ServiceId, TARGETS};

mod support;

fn round_trip<T>(value: &T) -> T
where
    T: serde::Serialize + serde::de::DeserializeOwned,
{
    serde_json::from_str(&serde_json::to_string(value).unwrap()).unwrap()
}

#[test]
fn the_missing_inputs_are_one_string_each_and_read_back() {
    let all = [
        InputName::Certificate,
        InputName::PrivateKey,
        InputName::Chain,
        InputName::Trust,
        InputName::Password,
        InputName::Option(OptionName::Usage),
        InputName::Option(OptionName::Bundle),
        InputName::Option(OptionName::VerificationCert),
    ];
    let json = serde_json::to_string(&all).unwrap();
    assert_eq!(
        json,
        r#"["certificate","private_key","chain","trust","password","usage","bundle","verification_cert"]"#
    );
    assert_eq!(round_trip(&all.to_vec()), all.to_vec());
    assert!(serde_json::from_str::<InputName>(r#""nonsense""#).is_err());
}

#[test]
fn a_check_and_its_answer_read_back_as_sent() {
    let check = ToWorker::Check {
        seq: 7,
        service: ServiceId::Transfer,
        at: 1_780_272_000,
        options: vec![(OptionName::Usage, "SIGNING".into())],
        password: Some("pässword".into()),
    };
    assert_eq!(round_trip(&check), check);

    let cert = support::fixture("rsa2048_good/cert.pem");
    let key = support::fixture("rsa2048_good/key.pem");
    let mut request = Request::new(ServiceId::Acm, 1_780_272_000);
    request.certificate = Some(&cert);
    request.private_key = Some(&key);
    request.options = Options::default();
    let targets: Vec<ServiceId> = TARGETS
        .iter()
        .filter(|t| t.in_matrix)
        .map(|t| t.id)
        .collect();
    let matrix = check_all(&request, &targets);
    let rows = MatrixRow::rows(&matrix);
    assert_eq!(rows.len(), targets.len());
    for (row, target) in rows.iter().zip(&matrix.targets) {
        assert_eq!(row.service, target.service);
        assert_eq!(row.errors, target.errors.len());
        assert_eq!(row.missing, target.missing);
    }
    let answer = FromWorker::Checked {
        seq: 7,
        matrix: Some(rows),
        report: Box::new(matrix.report(0).unwrap()),
        fixes: Default::default(),
    };
    assert_eq!(round_trip(&answer), answer);
}
