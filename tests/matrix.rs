//! Every target judged from one analysis: the engine's `check_all` gives each target exactly
//! the report `check` gives it alone, verifies each signature once whatever the number of
//! targets, and the command line's `--service all | a,b` prints the matrix, exits by the
//! targets that decide, and takes each option where some target takes it.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use certpreflight::verify::{with_backend, CryptoBackend, EcPrivate, KeyRef, Scheme, VerifyError};
use certpreflight::{
    check, check_all, matrix_targets, Options, Request, ServiceId, Verdict, SERVICES,
};
use std::cell::Cell;
use std::rc::Rc;
use support::cli::{code, fx, json, run, stdout};
use support::{fixture, AT, AT_TEXT};

/// A scenario's name, certificate, key and chain.
type Scenario = (String, Vec<u8>, Option<Vec<u8>>, Option<Vec<u8>>);

/// Every scenario directory of the fixtures, with its certificate, key and chain.
fn scenarios() -> Vec<Scenario> {
    let root = support::fixture_path("");
    let mut out: Vec<_> = std::fs::read_dir(&root)
        .unwrap()
        .flatten()
        .filter(|e| e.path().join("cert.pem").is_file())
        .map(|e| {
            let dir = e.path();
            let read = |f: &str| std::fs::read(dir.join(f)).ok();
            (
                e.file_name().to_string_lossy().into_owned(),
                read("cert.pem").unwrap(),
                read("key.pem"),
                read("chain.pem"),
            )
        })
        .collect();
    out.sort();
    out
}

#[test]
fn every_target_of_the_matrix_gets_the_report_check_gives_it() {
    let all: Vec<ServiceId> = ServiceId::ALL.to_vec();
    let fullchain = fixture("rsa2048_good/fullchain.pem");
    let mut sets = scenarios();
    // A fullchain and no chain field: Transfer reads the chain from the certificate field.
    sets.push(("fullchain".into(), fullchain, None, None));
    for (name, cert, key, chain) in &sets {
        let options = Options {
            usage: Some("SIGNING".into()),
            ..Options::default()
        };
        let mut request = Request::new(ServiceId::Acm, AT);
        request.certificate = Some(cert);
        request.private_key = key.as_deref();
        request.chain = chain.as_deref();
        request.options = options;
        let matrix = check_all(&request, &all);
        assert_eq!(matrix.targets.len(), all.len());
        for (i, id) in all.iter().enumerate() {
            let alone = check(&Request {
                service: *id,
                ..request.clone()
            });
            let from_matrix = matrix.report(i).unwrap();
            assert_eq!(from_matrix, alone, "{name} / {}", id.id());
            let t = &matrix.targets[i];
            assert_eq!(t.service, id.id());
            assert_eq!(t.errors.len(), alone.errors(), "{name} / {}", id.id());
            assert_eq!(
                t.first_error.as_deref(),
                alone
                    .findings
                    .iter()
                    .find(|f| f.severity == certpreflight::Severity::Error)
                    .map(|f| f.message.as_str())
            );
        }
    }
}

/// RustCrypto, counting the signatures it is asked to verify.
struct Counting(Cell<usize>);

impl CryptoBackend for Counting {
    fn verify(
        &self,
        scheme: Scheme,
        key: KeyRef<'_>,
        message: &[u8],
        signature: &[u8],
    ) -> Result<(), VerifyError> {
        self.0.set(self.0.get() + 1);
        certpreflight::verify::rustcrypto::RustCrypto.verify(scheme, key, message, signature)
    }
    fn ec_public_point(
        &self,
        key: EcPrivate<'_>,
    ) -> Result<Vec<u8>, certpreflight::verify::EcPointError> {
        certpreflight::verify::rustcrypto::RustCrypto.ec_public_point(key)
    }
    fn ed25519_public(
        &self,
        seed: &[u8],
        pkcs8: &[u8],
    ) -> Result<Vec<u8>, certpreflight::verify::EcPointError> {
        certpreflight::verify::rustcrypto::RustCrypto.ed25519_public(seed, pkcs8)
    }
}

fn signatures_verified(f: impl FnOnce()) -> usize {
    let counting = Rc::new(Counting(Cell::new(0)));
    with_backend(counting.clone(), f);
    counting.0.get()
}

#[test]
fn the_matrix_verifies_each_signature_once_whatever_the_number_of_targets() {
    let (cert, key, chain) = (
        fixture("rsa2048_good/cert.pem"),
        fixture("rsa2048_good/key.pem"),
        fixture("rsa2048_good/chain.pem"),
    );
    let mut request = Request::new(ServiceId::Acm, AT);
    request.certificate = Some(&cert);
    request.private_key = Some(&key);
    request.chain = Some(&chain);
    let one = signatures_verified(|| {
        check(&request);
    });
    let every = signatures_verified(|| {
        check_all(&request, &ServiceId::ALL);
    });
    // leaf by intermediate, intermediate by root, the root's own signature.
    assert_eq!(one, 3);
    assert_eq!(
        every, one,
        "the matrix verified signatures again per target"
    );
}

#[test]
fn all_means_every_target_that_takes_a_certificate() {
    let ids: Vec<&str> = matrix_targets().iter().map(|t| t.id()).collect();
    assert!(
        !ids.contains(&"rds"),
        "RDS judges a trust bundle, not a certificate"
    );
    assert!(
        !ids.contains(&"elb") && !ids.contains(&"apigateway"),
        "deprecated"
    );
    for s in &SERVICES {
        let expected = s.id != ServiceId::Rds && s.deprecated.is_none();
        assert_eq!(ids.contains(&s.id.id()), expected, "{}", s.id.id());
    }
}

/// The CLI on a fixture set's cert.pem, key.pem and chain.pem.
fn set(dir: &str, service: &str, extra: &[&str]) -> std::process::Output {
    let (c, k, ch) = (
        fx(&format!("{dir}/cert.pem")),
        fx(&format!("{dir}/key.pem")),
        fx(&format!("{dir}/chain.pem")),
    );
    let mut args = vec![
        "check",
        "--service",
        service,
        "--at",
        AT_TEXT,
        "--cert",
        &c,
        "--key",
        &k,
        "--chain",
        &ch,
    ];
    args.extend_from_slice(extra);
    run(&args)
}

fn good(service: &str, extra: &[&str]) -> std::process::Output {
    set("rsa2048_good", service, extra)
}

fn rsa4096(service: &str, extra: &[&str]) -> std::process::Output {
    set("rsa4096", service, extra)
}

#[test]
fn cli_all_prints_one_row_per_target_then_the_facts_then_the_failures() {
    let o = rsa4096("all", &[]);
    // `all` answers a question: a failing target does not fail the command.
    assert_eq!(code(&o), 0, "{}", stdout(&o));
    let text = stdout(&o);
    let rows: Vec<&str> = text
        .lines()
        .skip_while(|l| !l.trim_start().starts_with("target"))
        .skip(1)
        .take_while(|l| !l.trim().is_empty())
        .collect();
    let ids: Vec<&str> = rows
        .iter()
        .map(|r| r.split_whitespace().next().unwrap())
        .collect();
    let expected: Vec<&str> = matrix_targets().iter().map(|t| t.id()).collect();
    assert_eq!(ids, expected);
    let nlb = rows
        .iter()
        .find(|r| r.trim_start().starts_with("nlb "))
        .unwrap();
    assert!(nlb.contains("FAIL") && nlb.contains("listener"), "{nlb}");
    let acm = rows
        .iter()
        .find(|r| r.trim_start().starts_with("acm "))
        .unwrap();
    assert!(acm.contains("pass"), "{acm}");
    // The shared facts once, then each failing target's findings with their sources.
    assert_eq!(text.matches("\nCertificates:\n").count(), 1);
    assert!(
        text.contains("Network Load Balancer (via ACM) (nlb): FAIL"),
        "{text}"
    );
    assert!(text.contains("why: NLB doc history 2024-01-19"), "{text}");
    assert!(!text.contains("(acm): FAIL"));
}

#[test]
fn cli_a_list_fails_when_a_listed_target_fails_and_require_decides() {
    assert_eq!(code(&rsa4096("acm,alb", &[])), 0);
    assert_eq!(code(&rsa4096("acm,nlb", &[])), 1);
    assert_eq!(code(&rsa4096("acm,nlb", &["--require", "acm"])), 0);
    assert_eq!(code(&rsa4096("all", &["--require", "alb,acm"])), 0);
    assert_eq!(code(&rsa4096("all", &["--require", "nlb"])), 1);
    // --require names a target that is not checked, or comes with one target: usage.
    assert_eq!(code(&rsa4096("acm,alb", &["--require", "nlb"])), 2);
    assert_eq!(code(&rsa4096("acm", &["--require", "acm"])), 2);
    assert_eq!(code(&rsa4096("acm,nope", &[])), 2);
}

#[test]
fn cli_options_apply_where_some_target_takes_them() {
    // Transfer takes --usage; ACM ignores it.
    let o = good("acm,transfer", &["--usage", "SIGNING", "--format", "json"]);
    assert_eq!(code(&o), 0, "{}", stdout(&o));
    // Neither takes --new-status: usage error.
    assert_eq!(code(&good("acm,alb", &["--new-status", "ACTIVE"])), 2);
    // jsonl with several targets: one line per target (fleet output is for one IoT target).
    let o = good("acm,alb", &["--format", "jsonl"]);
    assert_eq!(code(&o), 0);
    let services: Vec<String> = stdout(&o)
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["service"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!(services, ["acm", "alb"]);
    // fix writes for one target.
    let (c, k) = (fx("rsa2048_good/cert.pem"), fx("rsa2048_good/key.pem"));
    let out = std::env::temp_dir().join(format!("matrix-fix-{}", std::process::id()));
    let out = out.display().to_string();
    let fix = run(&[
        "fix",
        "--service",
        "acm,alb",
        "--cert",
        &c,
        "--key",
        &k,
        "--out",
        &out,
    ]);
    assert_eq!(code(&fix), 2);
}

#[test]
fn cli_matrix_json_is_the_documented_contract() {
    let o = rsa4096("acm,nlb,cloudfront", &["--format", "json"]);
    assert_eq!(code(&o), 1);
    let v = json(&o);
    assert_eq!(v["evaluated_at"], AT_TEXT);
    let targets = v["targets"].as_array().unwrap();
    let ids: Vec<&str> = targets
        .iter()
        .map(|t| t["service"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["acm", "nlb", "cloudfront"]);
    for t in targets {
        for field in [
            "verdict",
            "errors",
            "warnings",
            "first_error",
            "findings",
            "import_command",
        ] {
            assert!(t.get(field).is_some(), "{field} in {t}");
        }
    }
    let nlb = &targets[1];
    assert_eq!(nlb["verdict"], "fail");
    assert_eq!(nlb["errors"], serde_json::json!(["key-unsupported"]));
    assert!(nlb["import_command"].is_null());
    assert!(nlb["first_error"].as_str().unwrap().contains("3072"));
    assert_eq!(nlb["findings"][0]["rule"], "nlb.key-algorithm");
    let acm = &targets[0];
    assert_eq!(acm["verdict"], "pass");
    assert!(acm["import_command"]
        .as_str()
        .unwrap()
        .starts_with("aws acm import-certificate"));
    // The shared facts, once.
    assert_eq!(v["certificates"].as_array().unwrap().len(), 3);
    assert_eq!(v["key"]["matches_certificate"], true);
    assert_eq!(v["chain"]["complete"], true);
    // Single-service check keeps its contract.
    let single = json(&rsa4096("nlb", &["--format", "json"]));
    assert_eq!(single["service"], "nlb");
    assert_eq!(single["verdict"], "fail");
}

#[test]
fn a_matrix_of_a_chain_of_a_hundred_certificates_builds_the_path_once() {
    // The RDS CA data as the chain (115 certificates, none on the leaf's path): every target
    // reads the one analysis.
    let (cert, key) = (
        fixture("rsa2048_good/cert.pem"),
        fixture("rsa2048_good/key.pem"),
    );
    let chain = [fixture("rsa2048_good/chain.pem"), support::rds_cas()].concat();
    let mut request = Request::new(ServiceId::Acm, AT);
    request.certificate = Some(&cert);
    request.private_key = Some(&key);
    request.chain = Some(&chain);
    let one = signatures_verified(|| {
        check(&request);
    });
    let every = signatures_verified(|| {
        let m = check_all(&request, &matrix_targets());
        for t in &m.targets {
            let id = ServiceId::from_id(&t.service).unwrap();
            let judges_strays = id
                .info()
                .rules()
                .any(|r| r.info.code == certpreflight::Code::ChainUnrelated);
            if judges_strays {
                assert_eq!(t.verdict, Verdict::Fail, "{}", t.service);
                assert!(
                    t.errors.contains(&certpreflight::Code::ChainUnrelated),
                    "{}",
                    t.service
                );
            }
        }
    });
    assert_eq!(every, one);
}
