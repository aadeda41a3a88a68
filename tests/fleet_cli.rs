//! Fleet mode (engine and `check --service iot` on many certificates), expiry planning
//! (`--warn-days` for every service), and the `fix` command.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use support::{fixture, AT, AT_TEXT};

use certpreflight::{check, fleet, Code, Options, Request, ServiceId, Severity, Verdict, SERVICES};
use std::path::{Path, PathBuf};
use std::process::Output;
use support::cli::{fx, run_with as run, stdout};

/// A fresh scratch folder under target/.
fn scratch(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("fleet_cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

const DEVICES: [&str; 5] = [
    "iot/device.pem",
    "iot/device_ec.pem",
    "iot/device_rsa1024.pem",
    "iot/device_sha1.pem",
    "rsa2048_good/cert.pem", // signed by another CA
];

fn bundle() -> Vec<u8> {
    DEVICES.iter().flat_map(|f| fixture(f)).collect()
}

#[test]
fn fleet_matches_one_check_per_device() {
    let ca = fixture("iot/ca.pem");
    let report = fleet(ServiceId::Iot, &bundle(), Some(&ca), AT, Options::default());
    assert!(report.ca_findings.is_empty(), "{:#?}", report.ca_findings);
    assert_eq!(report.devices.len(), DEVICES.len());
    for (i, f) in DEVICES.iter().enumerate() {
        let device = fixture(f);
        let mut r = Request::new(ServiceId::Iot, AT);
        r.certificate = Some(&device);
        r.chain = Some(&ca);
        let single = check(&r);
        let d = &report.devices[i];
        let errors: Vec<Code> = single
            .findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .map(|f| f.code)
            .collect();
        let warnings: Vec<Code> = single
            .findings
            .iter()
            .filter(|f| f.severity == Severity::Warning)
            .map(|f| f.code)
            .collect();
        assert_eq!(d.errors, errors, "{f}");
        assert_eq!(d.warnings, warnings, "{f}");
        assert_eq!(d.verdict, single.verdict, "{f}");
        assert_eq!(
            d.certificate_id.as_deref(),
            Some(single.certificates[0].sha256.as_str()),
            "{f}"
        );
        assert_eq!(
            d.days_remaining,
            Some(single.certificates[0].days_remaining),
            "{f}"
        );
        assert_eq!(d.index, i);
    }
    let verdicts: Vec<Verdict> = report.devices.iter().map(|d| d.verdict).collect();
    assert_eq!(
        verdicts,
        [
            Verdict::Pass,
            Verdict::Pass,
            Verdict::Fail,
            Verdict::Fail,
            Verdict::Fail
        ]
    );
    assert!(report.devices[2].errors.contains(&Code::KeyUnsupported));
    assert!(report.devices[3]
        .errors
        .contains(&Code::SignatureAlgorithmWeak));
    assert!(report.devices[4].errors.contains(&Code::ChainIncomplete));
    assert_eq!(
        (
            report.summary.total,
            report.summary.passed,
            report.summary.failed
        ),
        (5, 2, 3)
    );
    assert_eq!(report.summary.by_code.get("key-unsupported"), Some(&1));
}

#[test]
fn fleet_flags_a_bad_signature_and_unreadable_blocks() {
    // The same device with its signature's last byte flipped: the fast path declines,
    // the general verifier reports it.
    let device = fixture("iot/device.pem");
    let text = String::from_utf8(device).unwrap();
    let body: String = text.lines().filter(|l| !l.starts_with("-----")).collect();
    use base64::Engine as _;
    let mut der = base64::engine::general_purpose::STANDARD
        .decode(body)
        .unwrap();
    let last = der.len() - 1;
    der[last] ^= 1;
    let ca = fixture("iot/ca.pem");
    let report = fleet(ServiceId::Iot, &der, Some(&ca), AT, Options::default());
    assert_eq!(
        report.devices[0].errors,
        vec![Code::CertNotPem, Code::ChainSignatureInvalid]
    );

    let mut broken = fixture("iot/device.pem");
    broken.extend_from_slice(b"-----BEGIN CERTIFICATE-----\nMIIB\n");
    let report = fleet(ServiceId::Iot, &broken, Some(&ca), AT, Options::default());
    assert_eq!(report.devices.len(), 2);
    assert_eq!(report.devices[1].errors, vec![Code::InputUnreadable]);
}

#[test]
fn fleet_summary_counts_near_expiry() {
    let ca = fixture("iot/ca.pem");
    // device.pem runs to 2036; rsa2048_good/cert.pem to 2027 (214 days left).
    let options = Options {
        warn_days: Some(300),
        ..Options::default()
    };
    let report = fleet(ServiceId::Iot, &bundle(), Some(&ca), AT, options);
    assert_eq!(report.summary.warn_days, 300);
    assert_eq!(report.summary.expiring_within_warn_days, 1);
    assert_eq!(report.summary.expired, 0);
    assert_eq!(
        report.devices[report.summary.soonest[0]].days_remaining,
        Some(214)
    );
    assert!(report.devices[4].warnings.contains(&Code::CertExpiresSoon));
}

#[test]
fn warn_days_turns_near_expiry_into_a_warning_for_every_service() {
    for s in SERVICES.iter() {
        let (cert, key, chain) = match s.id {
            ServiceId::Iot => ("iot/device.pem", None, Some("iot/ca.pem")),
            ServiceId::IotCa => ("iot/ca.pem", None, None),
            ServiceId::Transfer => (
                "transfer/as2_signing.pem",
                Some("transfer/as2_signing_key.pem"),
                None,
            ),
            _ => (
                "rsa2048_good/cert.pem",
                Some("rsa2048_good/key.pem"),
                Some("rsa2048_good/chain.pem"),
            ),
        };
        let (c, k, ch) = (fixture(cert), key.map(fixture), chain.map(fixture));
        let mut r = Request::new(s.id, AT);
        r.certificate = Some(&c);
        r.private_key = k.as_deref();
        r.chain = ch.as_deref();
        let report = check(&r);
        let days = report.certificates[0].days_remaining;
        assert!(days > 0, "{:?}", s.id);
        let soon = |warn: i64| {
            let mut r = r.clone();
            r.options.warn_days = Some(warn);
            check(&r).findings.iter().any(|f| {
                f.code == Code::CertExpiresSoon
                    && f.severity == Severity::Warning
                    && f.message.contains(&format!("expires in {days} days"))
            })
        };
        assert!(
            soon(days + 1),
            "{:?}: {days} days left, --warn-days {} warns",
            s.id,
            days + 1
        );
        assert!(!soon(days), "{:?}: --warn-days {days} does not", s.id);
    }
}

#[test]
fn transfer_reports_days_until_expiry() {
    let (c, k) = (
        fixture("transfer/as2_signing.pem"),
        fixture("transfer/as2_signing_key.pem"),
    );
    let mut r = Request::new(ServiceId::Transfer, AT);
    r.certificate = Some(&c);
    r.private_key = Some(&k);
    r.options.usage = Some("SIGNING".into());
    r.options.inactive_date = Some("2027-06-01T00:00:00Z".into());
    let report = check(&r);
    assert!(
        report.findings.iter().any(|f| f
            .message
            .contains("DaysUntilExpiry (CloudWatch) would show 365")),
        "{:#?}",
        report.findings
    );
}

#[test]
fn cli_fleet_jsonl_text_and_folder() {
    let dir = scratch("devices");
    std::fs::create_dir_all(&dir).unwrap();
    for f in DEVICES {
        let name = f.replace('/', "_");
        std::fs::write(dir.join(name), fixture(f)).unwrap();
    }
    let ca = fx("iot/ca.pem");
    let d = dir.display().to_string();
    let o = run(
        &[
            "check",
            "--service",
            "iot",
            "--cert",
            &d,
            "--chain",
            &ca,
            "--at",
            AT_TEXT,
            "--format",
            "jsonl",
        ],
        &[],
    );
    assert_eq!(
        o.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let lines: Vec<serde_json::Value> = stdout(&o)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 5);
    for l in &lines {
        for key in [
            "file",
            "index",
            "certificate_id",
            "verdict",
            "errors",
            "days_remaining",
        ] {
            assert!(l.get(key).is_some(), "{key} in {l}");
        }
    }
    let device = lines
        .iter()
        .find(|l| l["file"].as_str().unwrap().ends_with("iot_device.pem"))
        .unwrap();
    assert_eq!(device["verdict"], "pass");
    assert_eq!(device["errors"], serde_json::json!([]));

    // A bundle file in text mode: the summary.
    let bundle_file = scratch("bundle");
    std::fs::create_dir_all(&bundle_file).unwrap();
    let b = bundle_file.join("devices.pem");
    std::fs::write(&b, bundle()).unwrap();
    let o = run(
        &[
            "check",
            "--service",
            "iot",
            "--cert",
            &b.display().to_string(),
            "--chain",
            &ca,
            "--at",
            AT_TEXT,
            "--warn-days",
            "300",
        ],
        &[],
    );
    assert_eq!(o.status.code(), Some(1));
    let text = stdout(&o);
    for want in [
        "fleet of 5 certificates from 1 file",
        "Each certificate was checked against the CA given.",
        "pass",
        "Expiry: 0 expired, 1 within 300 days",
        "key-unsupported",
        "Soonest expiries:",
    ] {
        assert!(text.contains(want), "{want} in\n{text}");
    }
    // Only passing devices: exit 0.
    let good = bundle_file.join("good.pem");
    std::fs::write(
        &good,
        [fixture("iot/device.pem"), fixture("iot/device_ec.pem")].concat(),
    )
    .unwrap();
    let o = run(
        &[
            "check",
            "--service",
            "iot",
            "--cert",
            &good.display().to_string(),
            "--chain",
            &ca,
            "--at",
            AT_TEXT,
        ],
        &[],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    // A folder for a service without fleet mode is a usage error.
    let o = run(
        &["check", "--service", "acm", "--cert", &d, "--at", AT_TEXT],
        &[],
    );
    assert_eq!(o.status.code(), Some(2));
}

fn fix(out: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let o = out.display().to_string();
    let mut all = vec![
        "fix",
        "--service",
        "acm",
        "--out",
        o.as_str(),
        "--at",
        AT_TEXT,
        "--format",
        "json",
    ];
    all.extend_from_slice(args);
    run(&all, env)
}

#[test]
fn cli_fix_then_check_passes() {
    let p = |rel: &str| fx(rel);
    let cases: Vec<(&str, Vec<String>)> = vec![
        (
            "chain_reversed",
            vec![
                "--cert".into(),
                p("chain_reversed/cert.pem"),
                "--key".into(),
                p("chain_reversed/key.pem"),
                "--chain".into(),
                p("chain_reversed/chain.pem"),
            ],
        ),
        (
            "chain_contains_leaf",
            vec![
                "--cert".into(),
                p("chain_contains_leaf/cert.pem"),
                "--key".into(),
                p("chain_contains_leaf/key.pem"),
                "--chain".into(),
                p("chain_contains_leaf/chain.pem"),
            ],
        ),
        (
            "fullchain",
            vec![
                "--cert".into(),
                p("rsa2048_good/fullchain.pem"),
                "--key".into(),
                p("rsa2048_good/key.pem"),
            ],
        ),
        (
            "der",
            vec![
                "--cert".into(),
                p("rsa2048_good/cert.der"),
                "--key".into(),
                p("rsa2048_good/key.pem"),
                "--chain".into(),
                p("rsa2048_good/chain.pem"),
            ],
        ),
        (
            "p7b",
            vec![
                "--cert".into(),
                p("rsa2048_good/cert.pem"),
                "--key".into(),
                p("rsa2048_good/key.pem"),
                "--chain".into(),
                p("rsa2048_good/chain.p7b"),
            ],
        ),
    ];
    for (name, args) in &cases {
        let out = scratch(name);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let o = fix(&out, &args, &[]);
        assert_eq!(
            o.status.code(),
            Some(0),
            "{name}: {}\n{}",
            stdout(&o),
            String::from_utf8_lossy(&o.stderr)
        );
        let report: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        assert_eq!(report["verdict"], "pass", "{name}");
        assert!(
            out.join("cert.pem").exists()
                && out.join("chain.pem").exists()
                && out.join("key.pem").exists(),
            "{name}"
        );
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(out.join("key.pem"))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600, "{name}: key.pem mode");
        }
        // A second run refuses to overwrite; --force does.
        let again = fix(&out, &args, &[]);
        assert_eq!(again.status.code(), Some(2), "{name}");
        assert!(String::from_utf8_lossy(&again.stderr).contains("--force"));
        let mut forced = args.clone();
        forced.push("--force");
        assert_eq!(fix(&out, &forced, &[]).status.code(), Some(0), "{name}");
    }
}

#[test]
#[cfg(feature = "pkcs12")]
fn cli_fix_and_check_pkcs12_with_password_file_or_env() {
    let dir = scratch("p12");
    std::fs::create_dir_all(&dir).unwrap();
    let pw = dir.join("password.txt");
    std::fs::write(&pw, "test\n").unwrap();
    let pw = pw.display().to_string();
    let p12 = fx("rsa2048_good/bundle.p12");
    let out = dir.join("out");
    let o = fix(&out, &["--cert", &p12, "--password-file", &pw], &[]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}{}",
        stdout(&o),
        String::from_utf8_lossy(&o.stderr)
    );
    assert_eq!(
        std::fs::read(out.join("key.pem")).unwrap(),
        fixture("rsa2048_good/key_pkcs8.pem")
    );

    let legacy = fx("rsa2048_good/bundle_legacy.p12");
    let check_legacy = |env: &[(&str, &str)]| {
        run(
            &[
                "check",
                "--service",
                "acm",
                "--cert",
                &legacy,
                "--at",
                AT_TEXT,
            ],
            env,
        )
    };
    let o = check_legacy(&[("CERTPREFLIGHT_PASSWORD", "test")]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    let o = check_legacy(&[("CERTPREFLIGHT_PASSWORD", "wrong")]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).contains("[pkcs12-password]"));
    let o = check_legacy(&[]);
    assert!(stdout(&o).contains("[pkcs12-given]"));
    // No plain --password option.
    let o = run(
        &[
            "check",
            "--service",
            "acm",
            "--cert",
            &legacy,
            "--password",
            "test",
        ],
        &[],
    );
    assert_eq!(o.status.code(), Some(2));
    let help = stdout(&run(&["check", "--help"], &[]));
    assert!(
        help.contains("--password-file") && help.contains("shell history"),
        "{help}"
    );
    // No key input, no key file.
    let out = dir.join("nokey");
    let o = fix(
        &out,
        &[
            "--cert",
            &fx("rsa2048_good/cert.pem"),
            "--chain",
            &fx("chain_reversed/chain.pem"),
        ],
        &[],
    );
    assert_eq!(
        o.status.code(),
        Some(3),
        "ACM needs the key, so the fixed set is still incomplete"
    );
    assert!(!out.join("key.pem").exists());
    assert!(out.join("chain.pem").exists());
}

#[test]
fn fleet_without_a_ca_says_no_certificate_was_checked_against_one() {
    let report = fleet(ServiceId::Iot, &bundle(), None, AT, Options::default());
    assert!(!report.ca_checked);
    let note = report
        .ca_findings
        .iter()
        .find(|f| f.code == Code::NeedsInput)
        .expect("a finding that no CA was given");
    assert_eq!(note.severity, Severity::Warning);
    assert!(
        note.message
            .contains("no device certificate was checked against a CA"),
        "{}",
        note.message
    );
    assert_eq!(note.needs, Some(certpreflight::InputName::Chain));
    // With the CA, it was.
    let ca = fixture("iot/ca.pem");
    assert!(fleet(ServiceId::Iot, &bundle(), Some(&ca), AT, Options::default()).ca_checked);
    // iot-ca judges each certificate as a CA: no CA is asked for.
    let cas = fleet(ServiceId::IotCa, &bundle(), None, AT, Options::default());
    assert!(cas.ca_findings.is_empty(), "{:#?}", cas.ca_findings);

    let dir = scratch("no-ca");
    std::fs::create_dir_all(&dir).unwrap();
    let devices = dir.join("devices.pem");
    std::fs::write(&devices, bundle()).unwrap();
    let devices = devices.display().to_string();
    let text = run(
        &[
            "check",
            "--service",
            "iot",
            "--cert",
            &devices,
            "--at",
            AT_TEXT,
        ],
        &[],
    );
    assert!(
        stdout(&text).contains("No certificate was checked against a CA."),
        "{}",
        stdout(&text)
    );
    let o = run(
        &[
            "check",
            "--service",
            "iot",
            "--cert",
            &devices,
            "--at",
            AT_TEXT,
            "--format",
            "json",
        ],
        &[],
    );
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["ca_checked"], false);
    assert_eq!(v["ca_findings"][0]["rule"], "input.fleet-ca");
}
