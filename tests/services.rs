//! Service rules against the fixtures, table-driven, evaluated at AT = 2026-06-01T00:00:00Z.
//!
//! Each case names one or more services, its inputs and options, and asserts the exact set of
//! error codes, the presence of warning and info codes, the verdict, and where given the exact
//! `aws_error` texts, message fragments and ACM's chain index. `every_rule_of_every_service_is_covered`
//! fails when a (service, rule code) pair of `SERVICES[i].rules()` is asserted by no case.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use support::{fixture, rds_cas, AT};

use certpreflight::{check, Options, Report, Request, ServiceId, Severity, Verdict, SERVICES};
use std::collections::{BTreeSet, HashSet};
use std::path::PathBuf;

/// The PEM blocks of a bundle, each as its own text.
fn pem_blocks(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur: Option<String> = None;
    for line in text.lines() {
        if line.starts_with("-----BEGIN CERTIFICATE-----") {
            cur = Some(String::new());
        }
        if let Some(c) = cur.as_mut() {
            c.push_str(line);
            c.push('\n');
        }
        if line.starts_with("-----END CERTIFICATE-----") {
            out.extend(cur.take());
        }
    }
    out
}

/// The one us-west-2 RSA2048 G1 root of the global bundle.
fn rds_rsa2048_root_only() -> Vec<u8> {
    let text = String::from_utf8(rds_cas()).expect("bundle is text");
    let found: Vec<String> = pem_blocks(&text)
        .into_iter()
        .filter(|b| {
            certpreflight::inspect(b.as_bytes(), AT)
                .certificates
                .iter()
                .any(|c| {
                    c.subject
                        .contains("Amazon RDS us-west-2 Root CA RSA2048 G1")
                })
        })
        .collect();
    assert_eq!(
        found.len(),
        1,
        "the global bundle should hold one us-west-2 RSA2048 G1 root"
    );
    found[0].clone().into_bytes()
}

/// Certificates made for rules no fixture reaches; generated once with Python `cryptography`
/// (fixed dates, RSA PKCS#1 v1.5 signatures, so reproducible):
/// * DEVICE_SIGNED_BY_CA_WITHOUT_BC: CN=thing-nobc, key = iot/device_key.pem, issued and signed
///   by iot/ca_no_basic_constraints.pem (its key), 2026-01-01 → 2036-01-01, serial 0x6999.
/// * LONG_OCSP_URL: self-signed CN=long-ocsp.example.com with an AIA OCSP URL of 1001
///   characters, key = self_signed/key.pem, 2026-01-01 → 2027-01-01, serial 0x5002.
/// * EMPTY_ISSUER: CN=empty-issuer.example.com with an empty issuer Name, signed with
///   self_signed/key.pem, 2026-01-01 → 2027-01-01, serial 0x5003.
const DEVICE_SIGNED_BY_CA_WITHOUT_BC: &str = "\
-----BEGIN CERTIFICATE-----\n\
MIIC8zCCAdugAwIBAgICaZkwDQYJKoZIhvcNAQELBQAwPTE7MDkGA1UEAwwyY2Vy\n\
dHByZWZsaWdodCBUZXN0IElvVCBDQSB3aXRob3V0IGJhc2ljQ29uc3RyYWludHMw\n\
HhcNMjYwMTAxMDAwMDAwWhcNMzYwMTAxMDAwMDAwWjAVMRMwEQYDVQQDDAp0aGlu\n\
Zy1ub2JjMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAstnn1qE9oOIm\n\
FwGBggM7t01yZ6vKFb03s/AC7tFIBcfCR1umR+dbY8yDibr3Tm/8Sb95cGFLjsmL\n\
+5uGgd2HTzbv7SQFjtCHFJUTUC8JZGx8WfJCZV45b27Sdc9WflKGtZf21Qi4MQYN\n\
5ccOmbuTpeBVWcHAN8Ey965LPsmefTz2YiVF+uHCIbaX8YN/xO5JKfGHejzRjgxj\n\
vBdlsBES6gnaK63rUde4RGHoyDlq8ProHd8NY33med1fv6clxkgY5okvwi5Y8oEF\n\
cTNf+PiTlVc+O/ZTyCP5L92w/J1Ic9wav4V1ehM8Y/i6xPA+FvB9hc06igjT+jaL\n\
++kAgmWp3QIDAQABoyUwIzAMBgNVHRMBAf8EAjAAMBMGA1UdJQQMMAoGCCsGAQUF\n\
BwMCMA0GCSqGSIb3DQEBCwUAA4IBAQAiNAGX4wq+J/KhivEyf9aCPiz/6yqn4tqm\n\
x84VCS5IXvok4en72rWo2XWzIfVvkN4xR9GXPMjZnx21YneQWUed1feoYTW42Bjv\n\
JuL6SUZ7Y0orSPWDLuvv6WJJqqmff7dp0CuGo6phqvfbeI2TCUgV7LabhTFs3NIo\n\
JohDDiUj5+fKZZ16E/45s9TOV8Qz/KHbR4Epoej+Aks6GhWmvUYHQFAXfLYMD/QU\n\
wEh9vIeST3tHzY096PBwyaPbCfIxv8hQ3peKk740EHFgQodmnQTgFMYNDEDpg/tt\n\
/oVEfFW3CNEVhZ/wbyuSNI8Lkp4Vy6L4IVGLqeAd9EpV2+Nkjvwq\n\
-----END CERTIFICATE-----\n\
";
const LONG_OCSP_URL: &str = "\
-----BEGIN CERTIFICATE-----\n\
MIIG9TCCBd2gAwIBAgICUAIwDQYJKoZIhvcNAQELBQAwIDEeMBwGA1UEAwwVbG9u\n\
Zy1vY3NwLmV4YW1wbGUuY29tMB4XDTI2MDEwMTAwMDAwMFoXDTI3MDEwMTAwMDAw\n\
MFowIDEeMBwGA1UEAwwVbG9uZy1vY3NwLmV4YW1wbGUuY29tMIIBIjANBgkqhkiG\n\
9w0BAQEFAAOCAQ8AMIIBCgKCAQEAnY1Aag6AwMadC4uWiVxlMQ6I+B2yEUHnx5Vc\n\
an3BCxzBeMt9V23qDzchaqTbxsl0QAb1+m8+C7fnSWa/HB5IXrty+188YyKk+VTu\n\
+z6CtQw3BkeEh12VWEs61Ctk5VITvP5LDsVJ07O+nCRHRKhMe8RdvSwocJVxS45H\n\
dhWTlGZlP8WF9aZD4nEY7WI1woO3CyrLjKt6kbqE+GcGjkR38ZYiNziI/LbwiFA3\n\
p5sqih/GPhI1nJFfk7aTwrlVR4Y4OexjjxVYlrcfS58Ivi/LOQo/s1r3apgSaukI\n\
U/8kXQvPjlSadGZJ+2QlOCHtG8ysiOnwCiFxOUHGCdfczPt+9wIDAQABo4IENzCC\n\
BDMwIAYDVR0RBBkwF4IVbG9uZy1vY3NwLmV4YW1wbGUuY29tMIIEDQYIKwYBBQUH\n\
AQEEggP/MIID+zCCA/cGCCsGAQUFBzABhoID6Wh0dHA6Ly9vY3NwLmV4YW1wbGUu\n\
Y29tL2FhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFh\n\
YWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFh\n\
YWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFh\n\
YWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFh\n\
YWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFh\n\
YWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFh\n\
YWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFh\n\
YWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFh\n\
YWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFh\n\
YWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFh\n\
YWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFh\n\
YWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFh\n\
YWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFh\n\
YWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFh\n\
YWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFh\n\
YWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFh\n\
YWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFh\n\
YWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFh\n\
YWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFh\n\
YWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFh\n\
YWFhYWFhYWFhYWFhYWFhYWFhYWFhMA0GCSqGSIb3DQEBCwUAA4IBAQB3BycPB1g3\n\
XPj+Ii/seqoRnBsFTAv/fLi0Hgi5Yc3PPll6KgBh8ryNRka16QaCsJhuQEZXTSkX\n\
ijStMTEuqb4yHoRhoNRXU2exOWZX+7NthwzZy+IT5+C1KG+juIjb2yjPodSbN4rd\n\
qj7mww9L5WG1Etlfe8MNvtaSrlgNnQc5+QTCQ5/qi5uL0Uy9zmlYg9QKWvp83Uaj\n\
emiSwhQ3371wh/XyXrBO/hlpnbOYT5QsRbLk/V5z6j3WAeUFV+I/sg53KQyNHyHN\n\
dU2if3n2ZVKwekEHFLAT6DEt+SsPKMa+QlPaQR1a/BcBPi23d8pEsYWHso658mqI\n\
U8NAhXT4QcOE\n\
-----END CERTIFICATE-----\n\
";
const EMPTY_ISSUER: &str = "\
-----BEGIN CERTIFICATE-----\n\
MIICxjCCAa6gAwIBAgICUAMwDQYJKoZIhvcNAQELBQAwADAeFw0yNjAxMDEwMDAw\n\
MDBaFw0yNzAxMDEwMDAwMDBaMCMxITAfBgNVBAMMGGVtcHR5LWlzc3Vlci5leGFt\n\
cGxlLmNvbTCCASIwDQYJKoZIhvcNAQEBBQADggEPADCCAQoCggEBAJ2NQGoOgMDG\n\
nQuLlolcZTEOiPgdshFB58eVXGp9wQscwXjLfVdt6g83IWqk28bJdEAG9fpvPgu3\n\
50lmvxweSF67cvtfPGMipPlU7vs+grUMNwZHhIddlVhLOtQrZOVSE7z+Sw7FSdOz\n\
vpwkR0SoTHvEXb0sKHCVcUuOR3YVk5RmZT/FhfWmQ+JxGO1iNcKDtwsqy4yrepG6\n\
hPhnBo5Ed/GWIjc4iPy28IhQN6ebKoofxj4SNZyRX5O2k8K5VUeGODnsY48VWJa3\n\
H0ufCL4vyzkKP7Na92qYEmrpCFP/JF0Lz45UmnRmSftkJTgh7RvMrIjp8AohcTlB\n\
xgnX3Mz7fvcCAwEAAaMnMCUwIwYDVR0RBBwwGoIYZW1wdHktaXNzdWVyLmV4YW1w\n\
bGUuY29tMA0GCSqGSIb3DQEBCwUAA4IBAQAfZW4NhJObN80h2BVjZuffNuW0QSZm\n\
AA/dGGqN2dVRQF5RMAkcbSFjfZan9/TA1Qffume6/uuXsQRn/nfGnnAJzYsVAsK2\n\
KdYK1r4CNN19eG4D2HvcOah2kt5GQxnbzRpACseRjfogcKFuWdDztCs7foB9X4nT\n\
NL6f0w2HBNhdZzbhrNcP3c6D72Wtj54RZZhWA7JynhJAEyDbt4cTFVpFnOcMafOK\n\
zNLUqkkJLdvJSPns5U0BXZ5GxmlSrg0MF9nmqoihjS/fy/pr5dsNs+0dhQKlKNqy\n\
7pu/z7JEFqP6Aqi0nC2PDGLIFAMKu9fijBPH4Z2psvQXLBNOnT0A+r+u\n\
-----END CERTIFICATE-----\n\
";

/// Where an input comes from.
#[derive(Clone, Copy)]
enum In {
    /// A file under tests/fixtures.
    F(&'static str),
    /// Inline PEM text.
    Pem(&'static str),
    /// A fixture followed by this many bytes of text lines (to cross a size limit).
    Pad(&'static str, usize),
    /// Built by a function.
    Gen(fn() -> Vec<u8>),
}

impl In {
    fn bytes(self) -> Vec<u8> {
        match self {
            In::F(p) => fixture(p),
            In::Pem(t) => t.as_bytes().to_vec(),
            In::Pad(p, n) => {
                let mut b = fixture(p);
                let line = format!("{}\n", "x".repeat(63));
                while b.len() < fixture(p).len() + n {
                    b.extend_from_slice(line.as_bytes());
                }
                b
            }
            In::Gen(f) => f(),
        }
    }
}

/// What ACM's chain index should be.
#[derive(Clone, Copy, PartialEq, Debug)]
enum Idx {
    /// Not checked.
    Any,
    /// No chain analysis in the report.
    NoChain,
    /// A chain analysis that is in order (acm_invalid_index None).
    InOrder,
    At(i64),
}

#[derive(Clone, Copy)]
struct Case {
    name: &'static str,
    services: &'static [&'static str],
    cert: Option<In>,
    key: Option<In>,
    chain: Option<In>,
    bundle: Option<In>,
    /// The user's trusted roots.
    trust: Option<In>,
    /// IoT CA: the verification certificate.
    verification: Option<In>,
    opts: &'static [(&'static str, &'static str)],
    /// The exact set of error codes.
    errors: &'static [&'static str],
    /// Warning codes that must be present.
    warnings: &'static [&'static str],
    /// Info codes that must be present.
    infos: &'static [&'static str],
    /// The inputs the report says it is missing (its `missing`), exactly (checked for a
    /// case with errors only when it names some); with no error, a missing input makes the
    /// verdict incomplete.
    missing: &'static [&'static str],
    /// (code, exact aws_error) carried by at least one finding with that code.
    aws: &'static [(&'static str, &'static str)],
    /// (code, fragment) found in the message of at least one finding with that code.
    messages: &'static [(&'static str, &'static str)],
    chain_index: Idx,
    /// The evaluation instant (AT unless a case needs another).
    at: i64,
}

const BASE: Case = Case {
    name: "",
    services: &[],
    cert: None,
    key: None,
    chain: None,
    bundle: None,
    trust: None,
    verification: None,
    opts: &[],
    errors: &[],
    warnings: &[],
    infos: &[],
    missing: &[],
    aws: &[],
    messages: &[],
    chain_index: Idx::Any,
    at: AT,
};

// The ACM import rules through three targets. CloudFront (and API Gateway edge) are judged in
// their own cases: the fixtures' PKI is private, so each of its complete chains is also
// `chain-untrusted` there (CloudFront takes only Mozilla's roots; see the trust cases).
const ACM3: &[&str] = &["acm", "elb", "apigateway"];
const ACM3_IAM_TRANSFER: &[&str] = &["acm", "elb", "apigateway", "iam-server", "transfer"];
const ACM3_IAM: &[&str] = &["acm", "elb", "apigateway", "iam-server"];
const ALL: &[&str] = &[
    "acm",
    "cloudfront",
    "alb",
    "nlb",
    "clb",
    "apigateway-edge",
    "apigateway-regional",
    "elb",
    "apigateway",
    "iam-server",
    "iam-signing",
    "iot",
    "iot-ca",
    "transfer",
    "rds",
];

const GOOD_CERT: Option<In> = Some(In::F("rsa2048_good/cert.pem"));
const GOOD_KEY: Option<In> = Some(In::F("rsa2048_good/key.pem"));
const GOOD_CHAIN: Option<In> = Some(In::F("rsa2048_good/chain.pem"));

fn scenario(dir: &'static str) -> Case {
    let leak =
        |f: &str| -> Option<In> { Some(In::F(Box::leak(format!("{dir}/{f}").into_boxed_str()))) };
    Case {
        name: dir,
        cert: leak("cert.pem"),
        key: leak("key.pem"),
        chain: leak("chain.pem"),
        ..BASE
    }
}

fn options(pairs: &[(&str, &str)]) -> Options {
    let mut o = Options::default();
    for (k, v) in pairs {
        let v = Some(v.to_string());
        match *k {
            "usage" => o.usage = v,
            "active_date" => o.active_date = v,
            "inactive_date" => o.inactive_date = v,
            "description" => o.description = v,
            "new_status" => o.new_status = v,
            "user_name" => o.user_name = v,
            "certificate_id" => o.certificate_id = v,
            "status" => o.status = v,
            "name" => o.name = v,
            "path" => o.path = v,
            "ca_identifier" => o.ca_identifier = v,
            "region" => o.region = v,
            "certificate_mode" => o.certificate_mode = v,
            "registration_code" => o.registration_code = v,
            "warn_days" => o.warn_days = v.and_then(|d| d.parse().ok()),
            other => panic!("unknown option {other}"),
        }
    }
    o
}

fn service(id: &str) -> ServiceId {
    ServiceId::from_id(id).unwrap_or_else(|| panic!("unknown service {id}"))
}

fn run(case: &Case, svc: &str) -> Report {
    let (c, k, ch, b, t) = (
        case.cert.map(In::bytes),
        case.key.map(In::bytes),
        case.chain.map(In::bytes),
        case.bundle.map(In::bytes),
        case.trust.map(In::bytes),
    );
    let v = case.verification.map(In::bytes);
    check(&Request {
        service: service(svc),
        certificate: c.as_deref(),
        private_key: k.as_deref(),
        chain: ch.as_deref(),
        bundle: b.as_deref(),
        trust: t.as_deref(),
        verification: v.as_deref(),
        at: case.at,
        options: options(case.opts),
    })
}

fn codes(r: &Report, s: Severity) -> BTreeSet<String> {
    r.findings
        .iter()
        .filter(|f| f.severity == s)
        .map(|f| f.code.as_str().to_string())
        .collect()
}

fn summary(r: &Report) -> String {
    r.findings
        .iter()
        .map(|f| {
            format!(
                "\n    {:?} {} | {} | {:?}",
                f.severity, f.code, f.message, f.aws_error
            )
        })
        .collect()
}

/// Checks one case for each of its services; returns the problems.
fn verify(case: &Case) -> Vec<String> {
    let mut problems = Vec::new();
    assert!(
        !case.services.is_empty(),
        "case {} names no service",
        case.name
    );
    for svc in case.services {
        let r = run(case, svc);
        let mut p = support::report_problems(&r);
        let want: BTreeSet<String> = case.errors.iter().map(|s| s.to_string()).collect();
        let got = codes(&r, Severity::Error);
        if got != want {
            p.push(format!("errors {got:?}, expected {want:?}"));
        }
        let expected_verdict = if !want.is_empty() {
            Verdict::Fail
        } else if !case.missing.is_empty() {
            Verdict::Incomplete
        } else {
            Verdict::Pass
        };
        let missing: Vec<String> = r
            .missing
            .iter()
            .map(|m| {
                serde_json::to_value(m)
                    .unwrap()
                    .as_str()
                    .unwrap()
                    .to_string()
            })
            .collect();
        // With an error, what else is missing only matters when the case names it.
        if (want.is_empty() || !case.missing.is_empty()) && missing != case.missing {
            p.push(format!("missing {missing:?}, expected {:?}", case.missing));
        }
        if r.conclusive != (r.verdict != Verdict::Incomplete) {
            p.push("conclusive must be false exactly when the verdict is incomplete".into());
        }
        if r.verdict != expected_verdict {
            p.push(format!(
                "verdict {:?}, expected {expected_verdict:?}",
                r.verdict
            ));
        }
        if (r.verdict == Verdict::Pass) != r.import_command.is_some() {
            p.push("import_command must be given exactly when the verdict is pass".into());
        }
        for (sev, list) in [
            (Severity::Warning, case.warnings),
            (Severity::Info, case.infos),
        ] {
            let got = codes(&r, sev);
            for w in list {
                if !got.contains(*w) {
                    p.push(format!("no {sev:?} {w}"));
                }
            }
        }
        for (code, text) in case.aws {
            if !r
                .findings
                .iter()
                .any(|f| f.code.as_str() == *code && f.aws_error.as_deref() == Some(*text))
            {
                p.push(format!("no {code} finding with aws_error {text:?}"));
            }
        }
        for (code, frag) in case.messages {
            if !r
                .findings
                .iter()
                .any(|f| f.code.as_str() == *code && f.message.contains(frag))
            {
                p.push(format!("no {code} finding whose message contains {frag:?}"));
            }
        }
        let idx = r.chain.as_ref().map(|c| c.acm_invalid_index);
        let ok = match case.chain_index {
            Idx::Any => true,
            // Without a chain the report shows the leaf alone, and where its path ends.
            Idx::NoChain => r
                .chain
                .as_ref()
                .is_none_or(|c| c.links.len() == 1 && c.suggested_order.is_empty()),
            Idx::InOrder => idx == Some(None) && r.chain.as_ref().is_some_and(|c| c.in_order),
            Idx::At(i) => idx == Some(Some(i)) && r.chain.as_ref().is_some_and(|c| !c.in_order),
        };
        if !ok {
            p.push(format!(
                "chain index {idx:?}, expected {:?}",
                case.chain_index
            ));
        }
        for f in &r.findings {
            // needs-input findings are made by the pipeline, not by a rule: they carry no source.
            if f.source.is_empty() && f.code.as_str() != "needs-input" {
                p.push(format!("finding {} has no source", f.code));
            }
        }
        if !p.is_empty() {
            problems.push(format!(
                "[{} / {svc}] {}\n  findings:{}",
                case.name,
                p.join("; "),
                summary(&r)
            ));
        }
    }
    problems
}

fn verify_all(cases: &[Case]) {
    let problems: Vec<String> = cases.iter().flat_map(verify).collect();
    assert!(
        problems.is_empty(),
        "{} problem(s):\n{}",
        problems.len(),
        problems.join("\n")
    );
}

// ---- ACM and the services that import through it ----------------------------------------

fn acm_cases() -> Vec<Case> {
    vec![
        Case { services: &["acm", "elb", "apigateway"], infos: &["chain-root-included"], chain_index: Idx::InOrder, ..scenario("rsa2048_good") },
        Case { name: "cloudfront: the fixtures' private root", services: &["cloudfront"], errors: &["chain-untrusted"], warnings: &["chain-root-included"], infos: &["service-note"], aws: &[("chain-untrusted", INVALID_VIEWER)], messages: &[("service-note", "us-east-1"), ("chain-untrusted", "Mozilla's included CA list"), ("chain-untrusted", "\"certpreflight Test Root CA\" (chain[1], self-signed)")], ..scenario("rsa2048_good") },
        Case { name: "good, chain without root", services: ACM3, chain: Some(In::F("rsa2048_good/chain_no_root.pem")), infos: &["chain-incomplete"], chain_index: Idx::InOrder, ..scenario("rsa2048_good") },
        Case { name: "PKCS#8 RSA key", services: ACM3, key: Some(In::F("rsa2048_good/key_pkcs8.pem")), ..scenario("rsa2048_good") },
        Case { services: ACM3_IAM, opts: &[("usage", "SIGNING")], errors: &["chain-order"], aws: &[("chain-order", "Unable to validate certificate chain. The certificate chain must start with the immediate signing certificate, followed by any intermediaries in order. The index within the chain of the invalid certificate is: 0")], chain_index: Idx::At(0), ..scenario("chain_reversed") },
        Case { services: ACM3_IAM, opts: &[("usage", "SIGNING")], errors: &["chain-contains-leaf"], aws: &[("chain-contains-leaf", "Unable to validate certificate chain. The certificate chain must start with the immediate signing certificate, followed by any intermediaries in order. The index within the chain of the invalid certificate is: 0")], chain_index: Idx::At(0), ..scenario("chain_contains_leaf") },
        Case { services: ACM3_IAM, opts: &[("usage", "SIGNING")], errors: &["chain-incomplete"], aws: &[("chain-incomplete", "Unable to validate certificate chain. The certificate chain must start with the immediate signing certificate, followed by any intermediaries in order. The index within the chain of the invalid certificate is: -1")], messages: &[("chain-incomplete", "Test Intermediate CA")], chain_index: Idx::At(-1), ..scenario("chain_missing_intermediate") },
        Case { services: ACM3_IAM, opts: &[("usage", "SIGNING")], errors: &["chain-signature-invalid"], aws: &[("chain-signature-invalid", "Unable to validate certificate chain. The certificate chain must start with the immediate signing certificate, followed by any intermediaries in order. The index within the chain of the invalid certificate is: -1")], chain_index: Idx::At(-1), ..scenario("chain_bad_signature") },
        Case { services: ACM3_IAM, opts: &[("usage", "SIGNING")], errors: &["chain-unrelated"], aws: &[("chain-unrelated", "Unable to validate certificate chain. The certificate chain must start with the immediate signing certificate, followed by any intermediaries in order. The index within the chain of the invalid certificate is: 1")], messages: &[("chain-unrelated", "Unrelated CA")], chain_index: Idx::At(1), ..scenario("chain_unrelated") },
        // Transfer Family does not answer with ACM's chain text: same findings, no aws_error.
        Case { services: &["transfer"], opts: &[("usage", "SIGNING")], errors: &["chain-order"], chain_index: Idx::At(0), ..scenario("chain_reversed") },
        Case { services: &["transfer"], opts: &[("usage", "SIGNING")], errors: &["chain-contains-leaf"], chain_index: Idx::At(0), ..scenario("chain_contains_leaf") },
        Case { services: &["transfer"], opts: &[("usage", "SIGNING")], errors: &["chain-incomplete"], messages: &[("chain-incomplete", "Test Intermediate CA")], chain_index: Idx::At(-1), ..scenario("chain_missing_intermediate") },
        Case { services: &["transfer"], opts: &[("usage", "SIGNING")], errors: &["chain-signature-invalid"], chain_index: Idx::At(-1), ..scenario("chain_bad_signature") },
        Case { services: &["transfer"], opts: &[("usage", "SIGNING")], errors: &["chain-unrelated"], messages: &[("chain-unrelated", "Unrelated CA")], chain_index: Idx::At(1), ..scenario("chain_unrelated") },
        Case { services: ACM3_IAM_TRANSFER, opts: &[("usage", "SIGNING")], warnings: &["chain-cert-expired"], messages: &[("chain-cert-expired", "2025-06-01T00:00:00Z")], chain_index: Idx::InOrder, ..scenario("chain_expired_intermediate") },
        Case { services: ACM3_IAM_TRANSFER, opts: &[("usage", "SIGNING")], errors: &["key-mismatch"], ..scenario("key_mismatch") },
        Case { name: "encrypted PKCS#8 key", services: &["acm", "elb", "apigateway", "iam-server", "transfer"], opts: &[("usage", "SIGNING")], key: Some(In::F("rsa2048_good/key_encrypted_pkcs8.pem")), errors: &["key-encrypted"], aws: &[("key-encrypted", "Your private key should not be encrypted.")], ..scenario("rsa2048_good") },
        Case { name: "encrypted legacy key", services: &["acm", "iam-server", "transfer"], opts: &[("usage", "SIGNING")], key: Some(In::F("rsa2048_good/key_encrypted_legacy.pem")), errors: &["key-encrypted"], aws: &[("key-encrypted", "Your private key should not be encrypted.")], ..scenario("rsa2048_good") },
        Case { name: "DER key", services: ACM3, key: Some(In::F("rsa2048_good/key.der")), errors: &["key-not-pem"], ..scenario("rsa2048_good") },
        Case { name: "DER certificate", services: &["acm", "elb", "apigateway", "iam-server", "iam-signing", "iot", "transfer"], opts: &[("usage", "SIGNING")], cert: Some(In::F("rsa2048_good/cert.der")), errors: &["cert-not-pem"], aws: &[("cert-not-pem", "Unable to parse certificate. Please ensure the certificate is in PEM format.")], ..scenario("rsa2048_good") },
        Case { name: "p7b (PEM) as chain", services: ACM3, chain: Some(In::F("rsa2048_good/chain.p7b")), errors: &["cert-not-pem", "chain-order"], chain_index: Idx::At(0), messages: &[("cert-not-pem", "PKCS#7")], aws: &[("cert-not-pem", "The certificate body/chain provided is not in a valid PEM format")], ..scenario("rsa2048_good") },
        Case { name: "p7b (DER) as chain", services: ACM3, chain: Some(In::F("rsa2048_good/chain_p7b.der")), errors: &["cert-not-pem", "chain-order"], chain_index: Idx::At(0), messages: &[("cert-not-pem", "PKCS#7")], ..scenario("rsa2048_good") },
        Case { name: "pfx as certificate", services: ACM3, cert: Some(In::F("rsa2048_good/bundle.p12")), warnings: &["pkcs12-given"], missing: &["password"], messages: &[("pkcs12-given", "PKCS#12")], ..scenario("rsa2048_good") },
        Case { name: "legacy pfx as certificate", services: &["acm", "iam-server"], cert: Some(In::F("rsa2048_good/bundle_legacy.p12")), warnings: &["pkcs12-given"], missing: &["password"], ..scenario("rsa2048_good") },
        Case { name: "pfx as key", services: &["acm"], key: Some(In::F("rsa2048_good/bundle.p12")), warnings: &["pkcs12-given"], missing: &["password"], ..scenario("rsa2048_good") },
        Case { name: "fullchain in the certificate field", services: &["acm", "elb", "apigateway", "iam-server", "iam-signing", "iot"], cert: Some(In::F("rsa2048_good/fullchain.pem")), chain: None, errors: &["cert-multiple"], aws: &[("cert-multiple", "The certificate field contains more than one certificate. You can specify only one certificate in this field.")], ..scenario("rsa2048_good") },
        Case { name: "CRLF", services: ACM3, cert: Some(In::F("rsa2048_good/cert_crlf.pem")), warnings: &["pem-hygiene"], messages: &[("pem-hygiene", "CRLF")], ..scenario("rsa2048_good") },
        Case { name: "BOM", services: ACM3, cert: Some(In::F("rsa2048_good/cert_bom.pem")), warnings: &["pem-hygiene"], messages: &[("pem-hygiene", "byte-order mark")], ..scenario("rsa2048_good") },
        Case { name: "trailing spaces", services: ACM3, cert: Some(In::F("rsa2048_good/cert_trailing_spaces.pem")), errors: &["pem-hygiene"], messages: &[("pem-hygiene", "22 line(s)")], ..scenario("rsa2048_good") },
        Case { name: "Bag Attributes", services: ACM3, cert: Some(In::F("rsa2048_good/cert_bag_attributes.pem")), errors: &["pem-hygiene"], messages: &[("pem-hygiene", "Bag Attributes")], ..scenario("rsa2048_good") },
        Case { name: "openssl -text dump", services: ACM3, cert: Some(In::F("rsa2048_good/cert_with_text.pem")), errors: &["pem-hygiene"], messages: &[("pem-hygiene", "Certificate:")], ..scenario("rsa2048_good") },
        Case { name: "pkcs12 -nodes output", services: &["acm"], cert: Some(In::F("rsa2048_good/pkcs12_nodes_output.pem")), errors: &["cert-multiple", "pem-hygiene"], warnings: &["pem-hygiene"], messages: &[("pem-hygiene", "also holds a private key")], ..scenario("rsa2048_good") },
        Case { services: &["acm", "elb", "apigateway"], infos: &["chain-root-included"], ..scenario("ec_p256") },
        Case { name: "ec_p256 cloudfront", services: &["cloudfront"], errors: &["chain-untrusted"], warnings: &["chain-root-included"], messages: &[("chain-root-included", "leave the root out")], ..scenario("ec_p256") },
        Case { name: "ec_p256 PKCS#8 key", services: ACM3, key: Some(In::F("ec_p256/key_pkcs8.pem")), ..scenario("ec_p256") },
        Case { name: "ec_p256 key with EC PARAMETERS", services: ACM3, key: Some(In::F("ec_p256/key_with_params.pem")), infos: &["decode-note"], messages: &[("decode-note", "EC PARAMETERS")], ..scenario("ec_p256") },
        Case { services: &["acm", "elb", "apigateway"], ..scenario("ec_p384") },
        Case { name: "ec_p384 key with EC PARAMETERS", services: &["acm"], key: Some(In::F("ec_p384/key_with_params.pem")), infos: &["decode-note"], ..scenario("ec_p384") },
        Case { name: "ec_p384 cloudfront", services: &["cloudfront"], errors: &["key-unsupported", "chain-untrusted"], messages: &[("key-unsupported", "secp384r1")], ..scenario("ec_p384") },
        Case { services: &["acm", "elb", "apigateway"], ..scenario("ec_p521") },
        Case { name: "ec_p521 key with EC PARAMETERS", services: &["acm"], key: Some(In::F("ec_p521/key_with_params.pem")), infos: &["decode-note"], ..scenario("ec_p521") },
        Case { name: "ec_p521 cloudfront", services: &["cloudfront"], errors: &["key-unsupported", "chain-untrusted"], ..scenario("ec_p521") },
        Case { name: "elb EC warning", services: &["elb"], warnings: &["key-unsupported"], messages: &[("key-unsupported", "Classic Load Balancer")], ..scenario("ec_p256") },
        Case { name: "elb rsa4096 warning", services: &["elb"], warnings: &["key-unsupported"], messages: &[("key-unsupported", "RSA 4096")], ..scenario("rsa4096") },
        Case { name: "apigateway rsa4096 warning", services: &["apigateway"], warnings: &["key-unsupported"], infos: &["service-note"], ..scenario("rsa4096") },
        Case { services: &["acm"], ..scenario("rsa3072") },
        Case { name: "rsa3072 cloudfront", services: &["cloudfront"], errors: &["chain-untrusted"], ..scenario("rsa3072") },
        Case { services: ACM3, warnings: &["key-unsupported"], messages: &[("key-unsupported", "RSA 1024")], ..scenario("rsa1024") },
        Case { services: ACM3, errors: &["key-unsupported", "size-limit"], aws: &[("key-unsupported", "The private key length 8192 is not supported for key algorithm.")], messages: &[("size-limit", "5120")], ..scenario("rsa8192") },
        Case { services: ACM3, errors: &["key-unsupported"], warnings: &["key-family-mismatch"], ..scenario("ed25519") },
        Case { name: "EC leaf signed by an RSA CA", services: ACM3, cert: Some(In::F("iot/device_ec.pem")), key: Some(In::F("iot/device_ec_key.pem")), chain: Some(In::F("iot/ca.pem")), warnings: &["key-family-mismatch", "cert-usage"], messages: &[("cert-usage", "serverAuth")], ..BASE },
        Case { services: ACM3, warnings: &["signature-algorithm-weak"], ..scenario("sha1_signed") },
        Case { services: ACM3, warnings: &["signature-algorithm-unsupported"], messages: &[("signature-algorithm-unsupported", "RSASSA-PSS")], chain_index: Idx::InOrder, ..scenario("rsa_pss") },
        Case { services: ACM3, errors: &["cert-not-v3"], warnings: &["cert-usage"], messages: &[("cert-not-v3", "version 1")], ..scenario("v1_cert") },
        Case { services: ACM3, errors: &["cert-expired"], messages: &[("cert-expired", "2025-01-01T00:00:00Z")], ..scenario("leaf_expired") },
        Case { services: ACM3, errors: &["cert-not-yet-valid"], messages: &[("cert-not-yet-valid", "2027-01-01T00:00:00Z")], ..scenario("leaf_not_yet_valid") },
        Case { name: "expires within --warn-days", services: ACM3, opts: &[("warn_days", "300")], warnings: &["cert-expires-soon"], ..scenario("rsa2048_good") },
        Case { name: "no chain", services: &["acm", "elb", "apigateway", "iam-server"], chain: None, warnings: &["chain-missing"], infos: &["needs-input"], missing: &["chain"], messages: &[("needs-input", "the chain"), ("chain-missing", "clients that lack the intermediate fail")], chain_index: Idx::NoChain, ..scenario("rsa2048_good") },
        Case { name: "self-signed without chain", services: &["acm", "alb", "nlb", "clb"], cert: Some(In::F("self_signed/cert.pem")), key: Some(In::F("self_signed/key.pem")), infos: &["chain-untrusted"], messages: &[("chain-untrusted", "private root")], ..BASE },
        Case { name: "no key", services: &["acm", "elb", "apigateway", "iam-server"], key: None, warnings: &["key-missing"], missing: &["private_key"], ..scenario("rsa2048_good") },
        Case { name: "no certificate", services: &["acm", "iam-server", "iam-signing", "iot", "iot-ca", "transfer"], cert: None, warnings: &["cert-missing"], missing: &["certificate"], opts: &[("usage", "SIGNING")], ..scenario("rsa2048_good") },
        Case { name: "OCSP URL over 1000 characters", services: &["acm", "elb", "apigateway"], cert: Some(In::Pem(LONG_OCSP_URL)), key: Some(In::F("self_signed/key.pem")), chain: None, errors: &["ocsp-url-too-long"], messages: &[("ocsp-url-too-long", "1001")], ..BASE },
        Case { name: "OCSP URL over 1000 characters (self-signed, so CloudFront refuses it too)", services: &["cloudfront"], cert: Some(In::Pem(LONG_OCSP_URL)), key: Some(In::F("self_signed/key.pem")), chain: None, errors: &["ocsp-url-too-long", "chain-untrusted"], ..BASE },
        Case { name: "empty issuer", services: ACM3, cert: Some(In::Pem(EMPTY_ISSUER)), key: Some(In::F("self_signed/key.pem")), errors: &["cert-name-empty"], ..BASE },
    ]
}

#[test]
fn acm_family_cases() {
    verify_all(&acm_cases());
}

// ---- IAM ---------------------------------------------------------------------------------

fn iam_cases() -> Vec<Case> {
    let s = &["iam-server"][..];
    let g = &["iam-signing"][..];
    vec![
        Case { services: s, infos: &["chain-root-included"], ..scenario("rsa2048_good") },
        Case { name: "BOM refused by the IAM pattern", services: &["iam-server", "iam-signing", "transfer"], opts: &[("usage", "SIGNING")], cert: Some(In::F("rsa2048_good/cert_bom.pem")), errors: &["pem-hygiene"], messages: &[("pem-hygiene", "U+FEFF")], ..scenario("rsa2048_good") },
        Case { name: "Bag Attributes only a warning", services: s, cert: Some(In::F("rsa2048_good/cert_bag_attributes.pem")), warnings: &["pem-hygiene"], messages: &[("pem-hygiene", "Bag Attributes")], ..scenario("rsa2048_good") },
        Case { name: "CRLF allowed by the pattern", services: s, cert: Some(In::F("rsa2048_good/cert_crlf.pem")), infos: &["decode-note"], ..scenario("rsa2048_good") },
        Case { name: "body over 16384 bytes", services: &["iam-server", "iam-signing"], cert: Some(In::Pad("rsa2048_good/cert.pem", 16_384)), errors: &["size-limit"], warnings: &["pem-hygiene"], messages: &[("size-limit", "16384")], ..scenario("rsa2048_good") },
        Case { name: "key mismatch (KeyPairMismatch)", services: s, key: Some(In::F("key_mismatch/key.pem")), errors: &["key-mismatch"], aws: &[("key-mismatch", "KeyPairMismatch (the exact text is not documented)")], ..scenario("rsa2048_good") },
        Case { services: s, warnings: &["key-unsupported"], messages: &[("key-unsupported", "documentation does not settle other keys")], ..scenario("rsa8192") },
        Case { services: s, warnings: &["signature-algorithm-weak"], ..scenario("sha1_signed") },
        Case { services: &["iam-server", "iam-signing"], errors: &["cert-expired"], ..scenario("leaf_expired") },
        Case { name: "name with a space, path without leading slash", services: s, opts: &[("name", "my cert"), ("path", "cloudfront/")], errors: &["param-invalid"], aws: &[("param-invalid", "1 validation error detected: Value at 'path' failed to satisfy constraint: Member must satisfy regular expression pattern: (\\u002F)|(\\u002F[\\u0021-\\u007E]+\\u002F)")], messages: &[("param-invalid", "ServerCertificateName \"my cert\""), ("param-invalid", "Path \"cloudfront/\"")], ..scenario("rsa2048_good") },
        Case { name: "valid name and /cloudfront/test/ path", services: s, opts: &[("name", "my-cert.2026"), ("path", "/cloudfront/test/")], infos: &["chain-root-included"], ..scenario("rsa2048_good") },
        Case { name: "path mentions cloudfront elsewhere", services: s, opts: &[("path", "/site/cloudfront/")], warnings: &["param-invalid"], ..scenario("rsa2048_good") },
        // signing certificates
        Case { name: "signing: valid parameters", services: g, key: None, chain: None, opts: &[("user_name", "alice"), ("certificate_id", "ABCDEFGHIJKLMNOPQRSTUVWX"), ("status", "Active")], infos: &["service-note", "not-checked"], ..scenario("rsa2048_good") },
        Case { name: "signing: bad user, 23-char id, status in the wrong case", services: g, key: None, opts: &[("user_name", "al ice"), ("certificate_id", "ABCDEFGHIJKLMNOPQRSTUVW"), ("status", "active")], errors: &["param-invalid"], messages: &[("param-invalid", "UserName \"al ice\""), ("param-invalid", "CertificateId is 23 characters"), ("param-invalid", "the case matters: Active")], aws: &[("param-invalid", "1 validation error detected: Value 'active' at 'status' failed to satisfy constraint: Member must satisfy enum value set: [Active, Inactive, Expired]")], ..scenario("rsa2048_good") },
        Case { name: "signing: id without status", services: g, opts: &[("certificate_id", "ABCDEFGHIJKLMNOPQRSTUVWX")], errors: &["param-invalid"], messages: &[("param-invalid", "requires both")], ..scenario("rsa2048_good") },
        Case { name: "signing: 70-char user name, Expired status", services: g, opts: &[("user_name", "uuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuu"), ("certificate_id", "ABCDEFGHIJKLMNOPQRSTUVWX_1"), ("status", "Expired")], warnings: &["param-invalid"], messages: &[("param-invalid", "at most 64"), ("param-invalid", "Expired")], ..scenario("rsa2048_good") },
        Case { name: "signing: kept key does not match", services: g, key: Some(In::F("key_mismatch/key.pem")), errors: &["key-mismatch"], ..scenario("rsa2048_good") },
        Case { name: "signing: key matches", services: g, infos: &["service-note"], messages: &[("service-note", "uploaded without their private key")], ..scenario("rsa2048_good") },
    ]
}

#[test]
fn iam_cases_hold() {
    verify_all(&iam_cases());
}

// ---- IoT -----------------------------------------------------------------------------------

fn iot_cases() -> Vec<Case> {
    let d = &["iot"][..];
    let ca = &["iot-ca"][..];
    let device = Case {
        name: "iot device",
        cert: Some(In::F("iot/device.pem")),
        key: Some(In::F("iot/device_key.pem")),
        chain: Some(In::F("iot/ca.pem")),
        ..BASE
    };
    vec![
        Case {
            services: d,
            infos: &["service-note"],
            messages: &[(
                "service-note",
                "f1f4d79e5463dfeb63d791dc7dd6b85767f5cd550ee6b3c5f7cd7c424fc0ec14",
            )],
            ..device
        },
        Case {
            name: "EC device",
            services: d,
            cert: Some(In::F("iot/device_ec.pem")),
            key: Some(In::F("iot/device_ec_key.pem")),
            ..device
        },
        Case {
            name: "device with the non-CA as chain (did not sign it)",
            services: d,
            chain: Some(In::F("iot/ca_no_basic_constraints.pem")),
            errors: &["chain-incomplete"],
            aws: &[(
                "chain-incomplete",
                "No CA certificate exists for the given certificate",
            )],
            ..device
        },
        Case {
            name: "device signed by a CA without basicConstraints",
            services: d,
            cert: Some(In::Pem(DEVICE_SIGNED_BY_CA_WITHOUT_BC)),
            chain: Some(In::F("iot/ca_no_basic_constraints.pem")),
            errors: &["ca-basic-constraints"],
            aws: &[(
                "ca-basic-constraints",
                "The CA certificate does not have the basicConstraints extension as true",
            )],
            ..device
        },
        Case {
            name: "RSA-1024 device",
            services: d,
            cert: Some(In::F("iot/device_rsa1024.pem")),
            key: Some(In::F("iot/device_rsa1024_key.pem")),
            errors: &["key-unsupported"],
            aws: &[("key-unsupported", "The key in the certificate is not valid")],
            ..device
        },
        Case {
            name: "rsa1024 leaf",
            services: d,
            errors: &["key-unsupported"],
            aws: &[("key-unsupported", "The key in the certificate is not valid")],
            ..scenario("rsa1024")
        },
        Case {
            name: "SHA-1 device",
            services: d,
            cert: Some(In::F("iot/device_sha1.pem")),
            key: Some(In::F("iot/device_sha1_key.pem")),
            errors: &["signature-algorithm-weak"],
            ..device
        },
        Case {
            services: d,
            errors: &["signature-algorithm-weak"],
            ..scenario("sha1_signed")
        },
        Case {
            services: d,
            errors: &["signature-algorithm-unsupported"],
            messages: &[("signature-algorithm-unsupported", "RSASSA-PSS")],
            ..scenario("rsa_pss")
        },
        Case {
            services: d,
            warnings: &["key-unsupported"],
            ..scenario("ed25519")
        },
        Case {
            name: "device key does not match",
            services: d,
            key: Some(In::F("iot/ca_key.pem")),
            errors: &["key-mismatch"],
            ..device
        },
        Case {
            name: "device key in DER",
            services: d,
            cert: GOOD_CERT,
            key: Some(In::F("rsa2048_good/key.der")),
            chain: GOOD_CHAIN,
            errors: &["key-not-pem"],
            ..device
        },
        Case {
            name: "device key encrypted",
            services: d,
            cert: GOOD_CERT,
            key: Some(In::F("rsa2048_good/key_encrypted_pkcs8.pem")),
            chain: GOOD_CHAIN,
            errors: &["key-encrypted"],
            aws: &[("key-encrypted", "Your private key should not be encrypted.")],
            ..device
        },
        Case {
            name: "impostor CA",
            services: d,
            cert: Some(In::F("chain_bad_signature/cert.pem")),
            key: None,
            chain: Some(In::F("chain_bad_signature/impostor_intermediate.pem")),
            errors: &["chain-signature-invalid"],
            ..device
        },
        Case {
            name: "expired CA",
            services: d,
            cert: Some(In::F("chain_expired_intermediate/cert.pem")),
            key: None,
            chain: Some(In::F("chain_expired_intermediate/intermediate.pem")),
            warnings: &["chain-cert-expired"],
            ..device
        },
        Case {
            services: &["iot", "transfer", "rds"],
            opts: &[("usage", "SIGNING")],
            errors: &["cert-expired"],
            ..Case {
                chain: None,
                ..scenario("leaf_expired")
            }
        },
        Case {
            name: "DER leaf as CA",
            services: ca,
            cert: Some(In::F("rsa2048_good/cert.der")),
            errors: &["cert-not-pem", "ca-basic-constraints"],
            ..BASE
        },
        Case {
            name: "two CA certificates",
            services: ca,
            cert: Some(In::Gen(|| {
                [fixture("iot/ca.pem"), fixture("rsa2048_good/root.pem")].concat()
            })),
            errors: &["cert-multiple"],
            ..BASE
        },
        Case {
            name: "empty issuer",
            services: d,
            cert: Some(In::Pem(EMPTY_ISSUER)),
            key: None,
            chain: None,
            errors: &["cert-name-empty"],
            aws: &[("cert-name-empty", "The certificate could not be parsed")],
            ..device
        },
        Case {
            name: "certificate over 65536 bytes",
            services: &["iot", "iot-ca"],
            cert: Some(In::Pad("iot/ca.pem", 65_536)),
            key: None,
            chain: None,
            errors: &["size-limit"],
            ..device
        },
        Case {
            name: "newStatus PENDING_TRANSFER",
            services: d,
            opts: &[("new_status", "PENDING_TRANSFER")],
            errors: &["param-invalid"],
            messages: &[("param-invalid", "internal status")],
            ..device
        },
        Case {
            name: "newStatus REGISTER_INACTIVE",
            services: d,
            opts: &[("new_status", "REGISTER_INACTIVE")],
            warnings: &["param-deprecated"],
            ..device
        },
        Case {
            name: "newStatus in lower case",
            services: d,
            opts: &[("new_status", "active")],
            errors: &["param-invalid"],
            messages: &[("param-invalid", "the case matters: ACTIVE")],
            ..device
        },
        Case {
            name: "newStatus REVOKED",
            services: d,
            opts: &[("new_status", "REVOKED")],
            warnings: &["param-invalid"],
            messages: &[("param-invalid", "terminal")],
            ..device
        },
        Case {
            name: "newStatus ACTIVE",
            services: d,
            opts: &[("new_status", "ACTIVE")],
            ..device
        },
        // CA certificates
        Case {
            name: "IoT CA, no verification certificate yet",
            services: ca,
            cert: Some(In::F("iot/ca.pem")),
            infos: &["service-note", "needs-input"],
            missing: &["verification_cert"],
            messages: &[
                ("service-note", "verification certificate"),
                ("needs-input", "SNI_ONLY"),
            ],
            ..BASE
        },
        Case {
            name: "IoT CA with its verification certificate",
            services: ca,
            cert: Some(In::F("iot/ca.pem")),
            verification: Some(In::F("iot/verification.pem")),
            infos: &["service-note"],
            messages: &[(
                "service-note",
                "a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90",
            )],
            ..BASE
        },
        Case {
            name: "IoT CA, the registration code given and matched",
            services: ca,
            cert: Some(In::F("iot/ca.pem")),
            verification: Some(In::F("iot/verification.pem")),
            opts: &[(
                "registration_code",
                "a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90",
            )],
            ..BASE
        },
        Case {
            name: "IoT CA, another registration code",
            services: ca,
            cert: Some(In::F("iot/ca.pem")),
            verification: Some(In::F("iot/verification.pem")),
            opts: &[(
                "registration_code",
                "00000000000000000000000000000000000000000000000000000000000000ff",
            )],
            errors: &["verification-cert"],
            aws: &[(
                "verification-cert",
                "RegistrationCodeValidationException (the exact text is not documented)",
            )],
            messages: &[("verification-cert", "not the registration code given")],
            ..BASE
        },
        Case {
            name: "IoT CA, a verification certificate another CA signed",
            services: ca,
            cert: Some(In::F("iot/ca.pem")),
            verification: GOOD_CERT,
            errors: &["verification-cert"],
            warnings: &["verification-cert"],
            messages: &[
                ("verification-cert", "not signed by this CA's key"),
                (
                    "verification-cert",
                    "does not look like a registration code",
                ),
            ],
            ..BASE
        },
        Case {
            name: "IoT CA, SNI_ONLY needs no verification certificate",
            services: ca,
            cert: Some(In::F("iot/ca.pem")),
            opts: &[("certificate_mode", "SNI_ONLY")],
            ..BASE
        },
        Case {
            name: "IoT CA, SNI_ONLY with a verification certificate",
            services: ca,
            cert: Some(In::F("iot/ca.pem")),
            verification: Some(In::F("iot/verification.pem")),
            opts: &[("certificate_mode", "SNI_ONLY")],
            errors: &["param-invalid"],
            ..BASE
        },
        Case {
            name: "IoT CA, an unknown certificate mode",
            services: ca,
            cert: Some(In::F("iot/ca.pem")),
            opts: &[("certificate_mode", "LOOSE")],
            errors: &["param-invalid"],
            ..BASE
        },
        Case {
            name: "root CA",
            services: ca,
            cert: Some(In::F("rsa2048_good/root.pem")),
            opts: &[("certificate_mode", "SNI_ONLY")],
            ..BASE
        },
        Case {
            name: "CA without basicConstraints",
            services: ca,
            cert: Some(In::F("iot/ca_no_basic_constraints.pem")),
            errors: &["ca-basic-constraints"],
            aws: &[(
                "ca-basic-constraints",
                "The CA certificate does not have the basicConstraints extension as true",
            )],
            ..BASE
        },
        Case {
            name: "leaf as CA",
            services: ca,
            cert: GOOD_CERT,
            errors: &["ca-basic-constraints"],
            ..BASE
        },
        Case {
            name: "RSA-1024 leaf as CA",
            services: ca,
            cert: Some(In::F("rsa1024/cert.pem")),
            errors: &["ca-basic-constraints", "key-unsupported"],
            aws: &[("key-unsupported", "The key in the certificate is not valid")],
            ..BASE
        },
        Case {
            name: "PSS leaf as CA",
            services: ca,
            cert: Some(In::F("rsa_pss/cert.pem")),
            errors: &["ca-basic-constraints", "signature-algorithm-unsupported"],
            ..BASE
        },
        Case {
            name: "expired CA",
            services: ca,
            cert: Some(In::F("chain_expired_intermediate/intermediate.pem")),
            errors: &["cert-expired"],
            ..BASE
        },
    ]
}

#[test]
fn iot_cases_hold() {
    verify_all(&iot_cases());
}

// ---- Transfer Family -------------------------------------------------------------------------

fn transfer_cases() -> Vec<Case> {
    let t = &["transfer"][..];
    let as2 = Case {
        name: "as2_signing",
        cert: Some(In::F("transfer/as2_signing.pem")),
        key: Some(In::F("transfer/as2_signing_key.pem")),
        opts: &[("usage", "SIGNING")],
        ..BASE
    };
    vec![
        Case {
            services: t,
            infos: &["service-note"],
            messages: &[("service-note", "DaysUntilExpiry")],
            ..as2
        },
        Case {
            name: "usage missing",
            services: t,
            opts: &[],
            warnings: &["needs-input"],
            missing: &["usage"],
            messages: &[("needs-input", "requires Usage")],
            ..as2
        },
        Case {
            name: "usage in lower case",
            services: t,
            opts: &[("usage", "signing")],
            errors: &["param-invalid"],
            ..as2
        },
        Case {
            name: "encryption certificate used for SIGNING",
            services: t,
            cert: Some(In::F("transfer/as2_encryption.pem")),
            key: Some(In::F("transfer/as2_encryption_key.pem")),
            warnings: &["cert-usage"],
            ..as2
        },
        Case {
            name: "encryption certificate for ENCRYPTION",
            services: t,
            cert: Some(In::F("transfer/as2_encryption.pem")),
            key: Some(In::F("transfer/as2_encryption_key.pem")),
            opts: &[("usage", "ENCRYPTION")],
            ..as2
        },
        Case {
            name: "description with a space",
            services: t,
            opts: &[("usage", "SIGNING"), ("description", "my partner")],
            errors: &["param-invalid"],
            messages: &[("param-invalid", "Description \"my partner\"")],
            ..as2
        },
        Case {
            name: "description without spaces",
            services: t,
            opts: &[("usage", "SIGNING"), ("description", "partner-2026")],
            ..as2
        },
        Case {
            name: "inactive before active",
            services: t,
            opts: &[
                ("usage", "SIGNING"),
                ("active_date", "2027-06-01T00:00:00Z"),
                ("inactive_date", "2026-07-01T00:00:00Z"),
            ],
            warnings: &["param-invalid"],
            messages: &[("param-invalid", "is not before InactiveDate")],
            ..as2
        },
        Case {
            name: "active window outside validity",
            services: t,
            opts: &[
                ("usage", "SIGNING"),
                ("inactive_date", "2029-01-01T00:00:00Z"),
            ],
            errors: &["param-invalid"],
            messages: &[("param-invalid", "outside the certificate's validity")],
            ..as2
        },
        Case {
            name: "bad ActiveDate",
            services: t,
            opts: &[("usage", "SIGNING"), ("active_date", "tomorrow")],
            errors: &["param-invalid"],
            ..as2
        },
        Case {
            name: "fullchain in Certificate, no CertificateChain",
            services: t,
            cert: Some(In::F("rsa2048_good/fullchain.pem")),
            key: GOOD_KEY,
            opts: &[("usage", "SIGNING")],
            infos: &["service-note"],
            messages: &[("service-note", "2 chain certificate(s)")],
            ..BASE
        },
        Case {
            name: "fullchain in Certificate and a CertificateChain",
            services: t,
            cert: Some(In::F("rsa2048_good/fullchain.pem")),
            key: GOOD_KEY,
            chain: GOOD_CHAIN,
            opts: &[("usage", "SIGNING")],
            errors: &["cert-multiple"],
            ..BASE
        },
        Case {
            name: "reversed chain inside Certificate",
            services: t,
            cert: Some(In::Gen(|| {
                [
                    fixture("rsa2048_good/cert.pem"),
                    fixture("chain_reversed/chain.pem"),
                ]
                .concat()
            })),
            opts: &[("usage", "SIGNING")],
            errors: &["chain-order"],
            chain_index: Idx::At(0),
            ..BASE
        },
        Case {
            name: "RSA 8192",
            services: t,
            opts: &[("usage", "SIGNING")],
            errors: &["key-unsupported"],
            messages: &[("key-unsupported", "2048 to 4096")],
            ..scenario("rsa8192")
        },
        Case {
            name: "EC P-256",
            services: t,
            opts: &[("usage", "SIGNING")],
            warnings: &["key-unsupported"],
            ..scenario("ec_p256")
        },
        Case {
            name: "SHA-1",
            services: t,
            opts: &[("usage", "SIGNING")],
            warnings: &["signature-algorithm-weak"],
            ..scenario("sha1_signed")
        },
        Case {
            name: "certificate over 16384 bytes",
            services: t,
            cert: Some(In::Pad("transfer/as2_signing.pem", 16_384)),
            errors: &["size-limit"],
            ..as2
        },
        Case {
            name: "DER certificate",
            services: t,
            cert: Some(In::F("rsa2048_good/cert.der")),
            key: None,
            errors: &["cert-not-pem"],
            ..as2
        },
    ]
}

#[test]
fn transfer_cases_hold() {
    verify_all(&transfer_cases());
}

// ---- RDS ---------------------------------------------------------------------------------------

fn rds_cases() -> Vec<Case> {
    let r = &["rds"][..];
    vec![
        Case {
            name: "unknown identifier",
            services: r,
            opts: &[("ca_identifier", "rds-ca-bogus")],
            errors: &["param-invalid"],
            messages: &[("param-invalid", "rds-ca-bogus")],
            ..BASE
        },
        Case {
            name: "rds-ca-2019 at AT",
            services: r,
            opts: &[("ca_identifier", "rds-ca-2019")],
            errors: &["rds-ca"],
            messages: &[("rds-ca", "expired")],
            ..BASE
        },
        Case {
            name: "rds-ca-rsa2048-g1, global bundle, us-west-2",
            services: r,
            bundle: Some(In::Gen(rds_cas)),
            opts: &[
                ("ca_identifier", "rds-ca-rsa2048-g1"),
                ("region", "us-west-2"),
            ],
            infos: &["service-note"],
            messages: &[("service-note", "Amazon RDS us-west-2 Root CA RSA2048 G1")],
            ..BASE
        },
        Case {
            name: "bundle with only the RSA2048 root",
            services: r,
            bundle: Some(In::Gen(rds_rsa2048_root_only)),
            opts: &[
                ("ca_identifier", "rds-ca-rsa2048-g1"),
                ("region", "us-west-2"),
            ],
            warnings: &["rds-ca"],
            messages: &[("rds-ca", "rds-ca-rsa4096-g1, rds-ca-ecc384-g1")],
            ..BASE
        },
        Case {
            name: "bundle without the identifier's root",
            services: r,
            bundle: GOOD_CHAIN,
            opts: &[
                ("ca_identifier", "rds-ca-rsa2048-g1"),
                ("region", "us-west-2"),
            ],
            errors: &["rds-ca"],
            warnings: &["rds-ca"],
            ..BASE
        },
        Case {
            name: "region that is not one",
            services: r,
            opts: &[
                ("ca_identifier", "rds-ca-rsa2048-g1"),
                ("region", "US_WEST"),
            ],
            warnings: &["param-invalid"],
            infos: &["needs-input"],
            missing: &["bundle"],
            messages: &[("needs-input", "the trust bundle")],
            ..BASE
        },
        Case {
            name: "no identifier",
            services: r,
            cert: Some(In::F("rsa2048_good/root.pem")),
            infos: &["needs-input", "service-note"],
            missing: &["ca_identifier", "bundle"],
            messages: &[("service-note", "Thumbprint")],
            ..BASE
        },
    ]
}

#[test]
fn rds_cases_hold() {
    verify_all(&rds_cases());
}

#[test]
fn rds_thumbprint_is_the_roots_sha1() {
    let case = &rds_cases()[2];
    let r = run(case, "rds");
    assert_eq!(r.verdict, Verdict::Pass);
    let root = r
        .certificates
        .iter()
        .find(|c| {
            c.subject
                .contains("Amazon RDS us-west-2 Root CA RSA2048 G1")
        })
        .expect("the root is among the bundle's certificates");
    assert_eq!(root.sha1.len(), 40);
    let note = r
        .findings
        .iter()
        .find(|f| {
            f.code.as_str() == "service-note"
                && f.message.contains("is the root for rds-ca-rsa2048-g1")
        })
        .expect("an info finding naming the root");
    assert_eq!(note.severity, Severity::Info);
    assert!(
        note.message.contains(&root.sha1),
        "{} lacks {}",
        note.message,
        root.sha1
    );
    // Independently: SHA-1 of the DER of that PEM block.
    use sha1::Digest;
    let pem = pem::parse(rds_rsa2048_root_only()).unwrap();
    assert_eq!(hex::encode(sha1::Sha1::digest(pem.contents())), root.sha1);
}

// ---- Every fixture scenario against every service ----------------------------------------------

/// Exact error sets for each scenario (cert.pem, key.pem, chain.pem where present) against every
/// service; services not named expect no error; a service named in several groups expects all
/// their codes. Transfer gets `--usage TLS`. `PRIVATE` marks the scenarios whose path reaches
/// the fixtures' private root, which CloudFront and API Gateway edge refuse.
/// The ACM family: ACM and every target that takes its certificate through ACM.
macro_rules! acm_family {
    () => {
        "acm,cloudfront,alb,nlb,clb,apigateway-edge,apigateway-regional,elb,apigateway"
    };
}

macro_rules! private {
    () => {
        "; cloudfront,apigateway-edge=chain-untrusted"
    };
}

const SWEEP: &[(&str, &str)] = &[
    ("chain_bad_signature", concat!(acm_family!(), ",iam-server,transfer=chain-signature-invalid; iot=chain-signature-invalid; iot-ca=ca-basic-constraints")),
    ("chain_contains_leaf", concat!(acm_family!(), ",iam-server,transfer=chain-contains-leaf; iot-ca=ca-basic-constraints", private!())),
    ("chain_expired_intermediate", concat!("iot-ca=ca-basic-constraints", private!())),
    ("chain_issuer_not_ca", concat!("cloudfront,alb,nlb,clb,apigateway-edge,apigateway-regional,iot=ca-basic-constraints; iot-ca=ca-basic-constraints", private!())),
    ("chain_missing_intermediate", concat!(acm_family!(), ",iam-server,transfer,iot=chain-incomplete; iot-ca=ca-basic-constraints")),
    ("chain_reversed", concat!(acm_family!(), ",iam-server,transfer=chain-order; iot-ca=ca-basic-constraints", private!())),
    ("chain_unrelated", concat!(acm_family!(), ",iam-server,transfer=chain-unrelated; iot-ca=ca-basic-constraints", private!())),
    ("ec_explicit", concat!(acm_family!(), ",iot=key-unsupported; iot-ca=ca-basic-constraints,key-unsupported", private!())),
    ("ec_p256", concat!("clb=key-unsupported; iot-ca=ca-basic-constraints", private!())),
    ("ec_p384", concat!("cloudfront,apigateway-edge,clb=key-unsupported; iot-ca=ca-basic-constraints", private!())),
    ("ec_p521", concat!("cloudfront,apigateway-edge,clb=key-unsupported; iot-ca=ca-basic-constraints", private!())),
    ("ed25519", concat!(acm_family!(), "=key-unsupported; iot-ca=ca-basic-constraints", private!())),
    ("key_mismatch", concat!(acm_family!(), ",iam-server,iam-signing,iot,transfer=key-mismatch; iot-ca=ca-basic-constraints", private!())),
    ("leaf_expired", concat!(acm_family!(), ",iam-server,iam-signing,iot,transfer,rds=cert-expired; iot-ca=ca-basic-constraints,cert-expired", private!())),
    ("leaf_not_yet_valid", concat!(acm_family!(), ",iam-server,iam-signing,iot,transfer,rds=cert-not-yet-valid; iot-ca=ca-basic-constraints,cert-not-yet-valid", private!())),
    ("rsa1024", concat!("iot,transfer=key-unsupported; iot-ca=ca-basic-constraints,key-unsupported", private!())),
    ("rsa2048_good", concat!("iot-ca=ca-basic-constraints", private!())),
    ("rsa3072", concat!("iot-ca=ca-basic-constraints", private!())),
    ("rsa4096", concat!("nlb,clb=key-unsupported; iot-ca=ca-basic-constraints", private!())),
    ("rsa8192", concat!(acm_family!(), "=key-unsupported,size-limit; transfer=key-unsupported; iot-ca=ca-basic-constraints", private!())),
    ("rsa_pss", concat!("iot=signature-algorithm-unsupported; iot-ca=ca-basic-constraints,signature-algorithm-unsupported", private!())),
    ("self_signed", "cloudfront,apigateway-edge=chain-untrusted; iot-ca=ca-basic-constraints"),
    ("sha1_signed", concat!("iot=signature-algorithm-weak; iot-ca=ca-basic-constraints,signature-algorithm-weak", private!())),
    ("v1_cert", concat!(acm_family!(), "=cert-not-v3; iot-ca=ca-basic-constraints", private!())),
];

/// The codes of every group that names `svc` (a target may be named in several).
fn sweep_expected(spec: &str, svc: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for group in spec.split(';') {
        let (services, codes) = group.trim().split_once('=').expect("services=codes");
        if services.split(',').any(|s| s.trim() == svc) {
            out.extend(codes.split(',').map(|c| c.trim().to_string()));
        }
    }
    out
}

/// A scenario directory (its cert.pem, key.pem and chain.pem) judged by one target.
fn sweep_report(dir: &str, svc: &str) -> Report {
    let read = |f: &str| std::fs::read(support::fixture_path(dir).join(f)).ok();
    let (cert, key, chain) = (read("cert.pem"), read("key.pem"), read("chain.pem"));
    let report = check(&Request {
        service: service(svc),
        certificate: cert.as_deref(),
        private_key: key.as_deref(),
        chain: chain.as_deref(),
        bundle: None,
        trust: None,
        verification: None,
        at: AT,
        options: options(if svc == "transfer" {
            &[("usage", "SIGNING")]
        } else {
            &[]
        }),
    });
    support::assert_sound(&report);
    report
}

#[test]
fn every_scenario_against_every_service() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut dirs: Vec<String> = std::fs::read_dir(&root)
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.path().join("cert.pem").is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    dirs.sort();
    let listed: Vec<&str> = SWEEP.iter().map(|(d, _)| *d).collect();
    assert_eq!(
        dirs, listed,
        "every scenario directory with a cert.pem has a SWEEP row"
    );
    let mut problems = Vec::new();
    for (dir, spec) in SWEEP {
        for svc in ALL {
            let r = sweep_report(dir, svc);
            let want = sweep_expected(spec, svc);
            let got = codes(&r, Severity::Error);
            // RDS is given no CA identifier nor bundle here: it waits for them.
            let verdict = if !want.is_empty() {
                Verdict::Fail
            } else if *svc == "rds" {
                Verdict::Incomplete
            } else {
                Verdict::Pass
            };
            if got != want || r.verdict != verdict {
                problems.push(format!(
                    "{dir} / {svc}: errors {got:?} verdict {:?}, expected {want:?}",
                    r.verdict
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

// ---- Specific properties -------------------------------------------------------------------------

#[test]
fn keys_of_every_format_match_their_certificates() {
    for (dir, keys) in [
        ("rsa2048_good", &["key.pem", "key_pkcs8.pem"][..]),
        (
            "ec_p256",
            &["key.pem", "key_pkcs8.pem", "key_with_params.pem"][..],
        ),
        (
            "ec_p384",
            &["key.pem", "key_pkcs8.pem", "key_with_params.pem"][..],
        ),
        (
            "ec_p521",
            &["key.pem", "key_pkcs8.pem", "key_with_params.pem"][..],
        ),
        ("rsa1024", &["key.pem"][..]),
        ("rsa3072", &["key.pem"][..]),
        ("rsa4096", &["key.pem"][..]),
        ("rsa8192", &["key.pem"][..]),
    ] {
        let cert = fixture(&format!("{dir}/cert.pem"));
        for k in keys {
            let key = fixture(&format!("{dir}/{k}"));
            let mut req = Request::new(ServiceId::Acm, AT);
            req.certificate = Some(&cert);
            req.private_key = Some(&key);
            let r = check(&req);
            let kr = r
                .key
                .as_ref()
                .unwrap_or_else(|| panic!("{dir}/{k}: no key report"));
            assert_eq!(kr.matches_certificate, Some(true), "{dir}/{k}");
            assert!(!kr.encrypted, "{dir}/{k}");
            let expected_format = match (dir.starts_with("ec_"), *k) {
                (_, "key_pkcs8.pem") => "PKCS#8",
                (true, _) => "SEC1",
                (false, _) if dir == "rsa2048_good" => "PKCS#1",
                _ => "PKCS#8",
            };
            assert_eq!(kr.format, expected_format, "{dir}/{k}");
            assert!(
                !r.findings.iter().any(|f| f.code.as_str() == "key-mismatch"),
                "{dir}/{k}"
            );
        }
    }
}

#[test]
fn rsa_pss_signature_verifies_in_the_chain() {
    let (cert, chain) = (fixture("rsa_pss/cert.pem"), fixture("rsa_pss/chain.pem"));
    let mut req = Request::new(ServiceId::Acm, AT);
    req.certificate = Some(&cert);
    req.chain = Some(&chain);
    let r = check(&req);
    let c = r.chain.expect("chain report");
    assert!(c.complete && c.in_order);
    assert_eq!(c.links[0].certificate, "leaf");
    assert_eq!(c.links[0].state, "verified", "{:?}", c.links);
    assert!(r.certificates[0]
        .signature_algorithm
        .to_uppercase()
        .contains("PSS"));
}

#[test]
fn chain_suggested_order_for_a_reversed_chain() {
    let case = scenario("chain_reversed");
    let r = run(&case, "acm");
    let c = r.chain.unwrap();
    assert!(!c.in_order);
    assert_eq!(c.suggested_order, vec![1, 0]);
}

#[test]
fn iot_device_with_its_ca_passes_and_register_command_names_the_ca() {
    let r = run(&iot_cases()[0], "iot");
    assert_eq!(r.verdict, Verdict::Pass);
    let cmd = r.import_command.unwrap();
    assert!(
        cmd.contains("--ca-certificate-pem file://chain.pem"),
        "{cmd}"
    );
}

// ---- Optional inputs that are given but unreadable are errors, not "missing" ------------------

fn unreadable_optional_cases() -> Vec<Case> {
    vec![
        Case {
            name: "unreadable optional private key (transfer)",
            services: &["transfer"],
            cert: GOOD_CERT,
            key: Some(In::F("garbage/text.txt")),
            opts: &[("usage", "SIGNING")],
            errors: &["key-not-pem"],
            ..BASE
        },
        Case {
            name: "certificate given as the optional private key (transfer)",
            services: &["transfer"],
            cert: GOOD_CERT,
            key: GOOD_CERT,
            opts: &[("usage", "SIGNING")],
            errors: &["key-not-pem"],
            ..BASE
        },
        Case {
            name: "unreadable optional private key (iot, iam-signing)",
            services: &["iot", "iam-signing"],
            cert: GOOD_CERT,
            key: Some(In::F("garbage/text.txt")),
            errors: &["key-not-pem"],
            ..BASE
        },
        Case {
            name: "unreadable trust bundle (rds)",
            services: &["rds"],
            bundle: Some(In::F("garbage/text.txt")),
            opts: &[("ca_identifier", "rds-ca-rsa2048-g1")],
            errors: &["rds-ca"],
            ..BASE
        },
        Case {
            name: "unreadable certificate (rds)",
            services: &["rds"],
            cert: Some(In::F("garbage/text.txt")),
            opts: &[("ca_identifier", "rds-ca-rsa2048-g1")],
            errors: &["cert-not-pem"],
            ..BASE
        },
    ]
}

#[test]
fn given_but_unreadable_optional_inputs_are_errors() {
    verify_all(&unreadable_optional_cases());
}

// ---- The targets split where AWS differs, and rules brought up to date ---------------------

const NLB_BROKEN: &str = "The TLS listener is currently broken due to being configured with a certificate that is not supported. Network Load Balancers support RSA certificates with up to 3072-bit keys and ECDSA certificates with curves P-256, P-384, and P-521.";
const INVALID_VIEWER: &str = "InvalidViewerCertificate: The specified SSL certificate doesn't exist, isn't in us-east-1 region, isn't valid, or doesn't include a valid certificate chain.";
const UNSUPPORTED_CERTIFICATE: &str = "UnsupportedCertificate: The certificate '<arn>' must have a fully-qualified domain name, a supported signature, and a supported key size.";

/// 2026-01-01T00:05:00Z: five minutes after the good leaf's notBefore.
const JUST_VALID: i64 = 1_767_225_600 + 300;

/// The good intermediate, then a self-signed CA from another PKI: no root, a stray.
fn intermediate_then_stray() -> Vec<u8> {
    [
        fixture("rsa2048_good/intermediate.pem"),
        fixture("chain_unrelated/unrelated_ca.pem"),
    ]
    .concat()
}

/// The stray first, then the good intermediate.
fn stray_then_intermediate() -> Vec<u8> {
    [
        fixture("chain_unrelated/unrelated_ca.pem"),
        fixture("rsa2048_good/intermediate.pem"),
    ]
    .concat()
}

fn target_cases() -> Vec<Case> {
    let device = |services| Case {
        name: "IoT device (CN thing-001, no SAN, clientAuth)",
        services,
        cert: Some(In::F("iot/device.pem")),
        key: Some(In::F("iot/device_key.pem")),
        chain: Some(In::F("iot/ca.pem")),
        ..BASE
    };
    vec![
        Case { name: "good set", services: &["alb", "nlb", "clb", "apigateway-regional"], infos: &["chain-root-included", "service-note"], chain_index: Idx::InOrder, ..scenario("rsa2048_good") },
        Case { name: "good set, edge", services: &["apigateway-edge"], errors: &["chain-untrusted"], warnings: &["chain-root-included"], infos: &["service-note"], messages: &[("service-note", "us-east-1")], ..scenario("rsa2048_good") },
        Case { name: "NLB: RSA 4096 breaks the listener", services: &["nlb"], errors: &["key-unsupported"], aws: &[("key-unsupported", NLB_BROKEN)], messages: &[("key-unsupported", "will not refuse it")], ..scenario("rsa4096") },
        Case { name: "NLB: RSA 3072, EC P-384 and P-521 are served", services: &["nlb", "alb"], ..scenario("rsa3072") },
        Case { services: &["nlb", "alb"], ..scenario("ec_p384") },
        Case { services: &["nlb", "alb"], ..scenario("ec_p521") },
        Case { name: "ALB: RSA 4096", services: &["alb"], ..scenario("rsa4096") },
        Case { name: "CLB: RSA 4096 through IAM", services: &["clb"], errors: &["key-unsupported"], messages: &[("key-unsupported", "Classic Load Balancer")], ..scenario("rsa4096") },
        Case { name: "CLB: EC through IAM", services: &["clb"], errors: &["key-unsupported"], ..scenario("ec_p256") },
        Case { name: "CLB: RSA 3072 undocumented", services: &["clb"], warnings: &["key-unsupported"], messages: &[("key-unsupported", "does not settle it")], ..scenario("rsa3072") },
        Case { name: "edge: CloudFront's keys", services: &["apigateway-edge", "cloudfront"], errors: &["key-unsupported", "chain-untrusted"], aws: &[("key-unsupported", INVALID_VIEWER)], messages: &[("key-unsupported", "ACM imports it")], ..scenario("ec_p384") },
        Case { name: "regional: the old 2048 cap", services: &["apigateway-regional"], warnings: &["key-unsupported"], messages: &[("key-unsupported", "may accept it")], ..scenario("rsa4096") },
        Case { name: "elb is deprecated", services: &["elb"], infos: &["service-note"], messages: &[("service-note", "deprecated")], ..scenario("rsa2048_good") },
        Case { name: "apigateway is deprecated", services: &["apigateway"], infos: &["service-note"], messages: &[("service-note", "deprecated")], ..scenario("rsa2048_good") },
        Case { name: "CloudFront: a self-signed certificate", services: &["cloudfront"], cert: Some(In::F("self_signed/cert.pem")), key: Some(In::F("self_signed/key.pem")), chain: None, errors: &["chain-untrusted"], aws: &[("chain-untrusted", INVALID_VIEWER)], ..BASE },
        Case { warnings: &["cert-usage"], aws: &[("cert-usage", UNSUPPORTED_CERTIFICATE)], messages: &[("cert-usage", "fully-qualified domain name")], ..device(&["alb", "nlb"]) },
        Case { name: "IAM: NotBefore five minutes ago", services: &["iam-server"], at: JUST_VALID, warnings: &["cert-not-yet-valid"], messages: &[("cert-not-yet-valid", "minute")], ..scenario("rsa2048_good") },
        Case { name: "IAM: expired, in IAM's words", services: &["iam-server"], errors: &["cert-expired"], aws: &[("cert-expired", "MalformedCertificate: Certificate is no longer valid. The 'Not After' date restriction on the certificate has passed.")], ..scenario("leaf_expired") },
        Case { name: "ACM without a chain: accepted, then clients fail", services: &["acm", "alb", "cloudfront"], chain: None, warnings: &["chain-missing"], missing: &["chain"], messages: &[("chain-missing", "unable to get local issuer certificate")], ..scenario("rsa2048_good") },
        Case { name: "a fullchain in the certificate field: move it", services: &["acm"], cert: Some(In::F("rsa2048_good/fullchain.pem")), chain: None, errors: &["cert-multiple"], warnings: &["chain-missing"], infos: &["needs-input"], messages: &[("chain-missing", "in the certificate field"), ("needs-input", "Move them to the chain field")], ..scenario("rsa2048_good") },
        Case { name: "a stray CA after the intermediate, no root: unrelated, not out of order", services: &["acm", "iam-server"], chain: Some(In::Gen(intermediate_then_stray)), errors: &["chain-unrelated"], messages: &[("chain-unrelated", "another PKI")], chain_index: Idx::At(1), ..scenario("rsa2048_good") },
        Case { name: "a stray CA first", services: &["acm", "transfer"], opts: &[("usage", "SIGNING")], chain: Some(In::Gen(stray_then_intermediate)), errors: &["chain-unrelated"], chain_index: Idx::At(0), ..scenario("rsa2048_good") },
        Case { name: "a failed signature, described as such", services: &["acm"], errors: &["chain-signature-invalid"], messages: &[("chain-signature-invalid", "altered or corrupted, or signed by another key")], ..scenario("chain_bad_signature") },
        Case { name: "Transfer TLS: a CA-signed certificate", services: &["transfer"], opts: &[("usage", "TLS")], key: None, errors: &["cert-usage"], messages: &[("cert-usage", "self-signed")], ..scenario("rsa2048_good") },
        Case { name: "Transfer TLS: the partner's self-signed certificate", services: &["transfer"], opts: &[("usage", "TLS")], cert: Some(In::F("transfer/as2_signing.pem")), ..BASE },
        Case { name: "Transfer TLS: with a private key", services: &["transfer"], opts: &[("usage", "TLS")], cert: Some(In::F("transfer/as2_signing.pem")), key: Some(In::F("transfer/as2_signing_key.pem")), errors: &["cert-usage"], messages: &[("cert-usage", "without a key")], ..BASE },
        Case { name: "Transfer: RSA 1024", services: &["transfer"], opts: &[("usage", "SIGNING")], errors: &["key-unsupported"], messages: &[("key-unsupported", "2048 to 4096")], ..scenario("rsa1024") },
        Case { name: "Transfer: EC undocumented", services: &["transfer"], opts: &[("usage", "SIGNING")], warnings: &["key-unsupported"], ..scenario("ec_p256") },
        Case { name: "an issuer that is no CA: clients refuse the chain", services: &["alb", "nlb", "clb", "apigateway-regional"], errors: &["ca-basic-constraints"], messages: &[("ca-basic-constraints", "CA:FALSE")], ..scenario("chain_issuer_not_ca") },
        Case { name: "an issuer that is no CA, CloudFront: and a private root", services: &["cloudfront", "apigateway-edge"], errors: &["ca-basic-constraints", "chain-untrusted"], messages: &[("ca-basic-constraints", "CA:FALSE")], ..scenario("chain_issuer_not_ca") },
        Case { name: "an issuer that is no CA: ACM's and IAM's import unsettled", services: &["acm", "iam-server"], warnings: &["ca-basic-constraints"], messages: &[("ca-basic-constraints", "not documented")], ..scenario("chain_issuer_not_ca") },
        Case { name: "EC with explicit curve parameters", services: &["acm", "alb"], errors: &["key-unsupported"], messages: &[("key-unsupported", "explicit curve parameters")], ..scenario("ec_explicit") },
        Case { name: "EC with explicit curve parameters (IoT)", services: &["iot"], key: None, chain: None, errors: &["key-unsupported"], messages: &[("key-unsupported", "named curves only")], ..scenario("ec_explicit") },
        Case { name: "p7b as chain (IAM, Transfer)", services: &["iam-server", "transfer"], opts: &[("usage", "SIGNING")], chain: Some(In::F("rsa2048_good/chain.p7b")), errors: &["cert-not-pem", "chain-order"], ..scenario("rsa2048_good") },
        Case { name: "a CSR in the certificate field", services: &["acm", "iot"], cert: Some(In::F("garbage/csr.pem")), chain: None, errors: &["input-unreadable"], messages: &[("input-unreadable", "send it to your CA and import the certificate it returns")], ..scenario("rsa2048_good") },
        Case { name: "a DER CSR in the certificate field", services: &["acm", "iam-server"], cert: Some(In::F("garbage/csr.der")), chain: None, errors: &["input-unreadable"], messages: &[("input-unreadable", "DER, a certificate signing request")], ..scenario("rsa2048_good") },
        Case { name: "a private key in the certificate field", services: &["acm"], cert: Some(In::F("rsa2048_good/key.pem")), chain: None, errors: &["cert-not-pem"], messages: &[("cert-not-pem", "the key goes in the private-key field")], ..scenario("rsa2048_good") },
        Case { name: "Transfer: InactiveDate after NotAfter", services: &["transfer"], opts: &[("usage", "SIGNING"), ("inactive_date", "2030-01-01T00:00:00Z")], errors: &["param-invalid"], messages: &[("param-invalid", "outside the certificate's validity")], ..scenario("rsa2048_good") },
    ]
}

#[test]
fn target_cases_hold() {
    verify_all(&target_cases());
}

// ---- Trust: where the path ends -----------------------------------------------------------------

/// The fixtures' intermediate with one byte of its signature changed.
fn broken_intermediate() -> Vec<u8> {
    let block = pem::parse(fixture("rsa2048_good/intermediate.pem")).unwrap();
    let mut der = block.contents().to_vec();
    let last = der.len() - 1;
    der[last] ^= 0x01;
    pem::encode(&pem::Pem::new("CERTIFICATE", der)).into_bytes()
}

fn trust_cases() -> Vec<Case> {
    let root = Some(In::F("rsa2048_good/root.pem"));
    let no_root = Some(In::F("rsa2048_good/chain_no_root.pem"));
    vec![
        Case {
            name: "regional API Gateway: a private root warns",
            services: &["apigateway-regional"],
            warnings: &["chain-untrusted"],
            infos: &["chain-root-included"],
            messages: &[("chain-untrusted", "publicly trusted")],
            ..scenario("rsa2048_good")
        },
        Case {
            name: "a private root is a note where clients may trust it",
            services: &["acm", "alb", "nlb", "clb"],
            infos: &["chain-untrusted"],
            messages: &[("chain-untrusted", "only clients that trust that root")],
            ..scenario("rsa2048_good")
        },
        Case {
            name: "without its root, the chain's issuer is unknown",
            services: &["acm", "alb"],
            chain: no_root,
            infos: &["chain-incomplete"],
            messages: &[(
                "chain-incomplete",
                "neither given nor one of the built-in roots",
            )],
            ..scenario("rsa2048_good")
        },
        Case {
            name: "with the root given as trusted, the path ends there",
            services: &["acm", "alb", "nlb", "clb"],
            chain: no_root,
            trust: root,
            infos: &["chain-untrusted"],
            messages: &[("chain-untrusted", "(your trusted root)")],
            ..scenario("rsa2048_good")
        },
        Case {
            name: "CloudFront refuses a private root, given or not",
            services: &["cloudfront", "apigateway-edge"],
            chain: no_root,
            trust: root,
            errors: &["chain-untrusted"],
            messages: &[("chain-untrusted", "(your trusted root)")],
            ..scenario("rsa2048_good")
        },
        Case {
            name: "CloudFront cannot tell without the root",
            services: &["cloudfront", "apigateway-edge"],
            chain: no_root,
            warnings: &["needs-input"],
            missing: &["chain"],
            messages: &[("needs-input", "cannot be told")],
            ..scenario("rsa2048_good")
        },
        Case {
            name: "a broken top signature fails once its root is given",
            services: &["acm", "alb", "iam-server"],
            chain: Some(In::Gen(broken_intermediate)),
            trust: root,
            errors: &["chain-signature-invalid"],
            messages: &[("chain-signature-invalid", "your trusted root")],
            ..scenario("rsa2048_good")
        },
        Case {
            name: "a trusted-roots file without a certificate",
            services: &["acm", "iot", "transfer"],
            opts: &[("usage", "SIGNING")],
            trust: Some(In::Pem("not a certificate\n")),
            errors: &["input-unreadable"],
            messages: &[("input-unreadable", "trusted roots")],
            ..scenario("rsa2048_good")
        },
    ]
}

#[test]
fn trust_cases_hold() {
    verify_all(&trust_cases());
}

// ---- Coverage ----------------------------------------------------------------------------------

/// The rules a case makes fire with a finding whose code the case asserts.
fn fired(case: &Case, out: &mut HashSet<String>) {
    let asserted: HashSet<&str> = case
        .errors
        .iter()
        .chain(case.warnings)
        .chain(case.infos)
        .copied()
        .collect();
    for svc in case.services {
        for f in run(case, svc).findings {
            if asserted.contains(f.code.as_str()) {
                out.insert(f.rule.to_string());
            }
        }
    }
}

/// Every rule of every target fires, with a finding whose code some test asserts, in at
/// least one case (the tables above, the sweep, the unreadable inputs).
#[test]
fn every_rule_of_every_service_is_covered() {
    let mut covered: HashSet<String> = HashSet::new();
    let tables = [
        acm_cases(),
        iam_cases(),
        iot_cases(),
        transfer_cases(),
        rds_cases(),
        unreadable_optional_cases(),
        target_cases(),
        trust_cases(),
    ];
    for case in tables.iter().flatten() {
        fired(case, &mut covered);
    }
    for (dir, spec) in SWEEP {
        for svc in ALL {
            let want = sweep_expected(spec, svc);
            for f in sweep_report(dir, svc).findings {
                if want.contains(f.code.as_str()) {
                    covered.insert(f.rule.to_string());
                }
            }
        }
    }
    let mut missing = Vec::new();
    for s in &SERVICES {
        for rule in s.rules() {
            if !covered.contains(rule.info.id) {
                missing.push(format!(
                    "{} ({}; {}; {})",
                    rule.info.id, rule.info.code, rule.info.title, rule.info.source
                ));
            }
        }
    }
    missing.sort();
    missing.dedup();
    assert!(
        missing.is_empty(),
        "rules no test makes fire:\n{}",
        missing.join("\n")
    );
}
