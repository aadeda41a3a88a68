//! The command-line binary: exit statuses, the service list, the JSON contract, commands.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use std::process::Output;
use support::cli::{code, fx, json, run};
use support::AT_TEXT as AT;

fn check(service: &str, extra: &[&str]) -> Output {
    let mut args = vec!["check", "--service", service, "--at", AT];
    args.extend_from_slice(extra);
    run(&args)
}

fn good(service: &str, extra: &[&str]) -> Output {
    let (c, k, ch) = (
        fx("rsa2048_good/cert.pem"),
        fx("rsa2048_good/key.pem"),
        fx("rsa2048_good/chain.pem"),
    );
    let mut args = vec![
        "--cert",
        c.as_str(),
        "--key",
        k.as_str(),
        "--chain",
        ch.as_str(),
    ];
    args.extend_from_slice(extra);
    check(service, &args)
}

#[test]
fn services_lists_every_target_and_marks_the_deprecated() {
    let o = run(&["services"]);
    assert_eq!(code(&o), 0);
    let text = String::from_utf8(o.stdout).unwrap();
    let ids: Vec<&str> = text
        .lines()
        .map(|l| l.split('\t').next().unwrap())
        .collect();
    assert_eq!(
        ids,
        [
            "acm",
            "cloudfront",
            "alb",
            "nlb",
            "clb",
            "apigateway-edge",
            "apigateway-regional",
            "iam-server",
            "iam-signing",
            "iot",
            "iot-ca",
            "transfer",
            "rds",
            "elb",
            "apigateway"
        ]
    );
    let lib: Vec<&str> = certpreflight::SERVICES.iter().map(|s| s.id.id()).collect();
    assert_eq!(ids, lib);
    for line in text.lines() {
        let (id, rest) = line.split_once('\t').unwrap();
        let deprecated = rest.starts_with("(deprecated)");
        assert_eq!(deprecated, id == "elb" || id == "apigateway", "{line}");
        if id == "elb" {
            assert!(rest.contains("alb, nlb or clb"), "{line}");
        }
    }
}

#[test]
fn exit_status_zero_for_a_good_set() {
    let o = good("acm", &[]);
    assert_eq!(code(&o), 0, "{}", String::from_utf8_lossy(&o.stdout));
    let text = String::from_utf8(o.stdout).unwrap();
    assert!(text.contains("PASS"), "{text}");
    assert!(text.contains("aws acm import-certificate"), "{text}");
}

#[test]
fn exit_status_one_for_a_failing_set() {
    let o = check(
        "acm",
        &[
            "--cert",
            &fx("key_mismatch/cert.pem"),
            "--key",
            &fx("key_mismatch/key.pem"),
        ],
    );
    assert_eq!(code(&o), 1);
    let text = String::from_utf8(o.stdout).unwrap();
    assert!(
        text.contains("FAIL") && text.contains("[key-mismatch]"),
        "{text}"
    );
    let o = check(
        "iot",
        &[
            "--cert",
            &fx("iot/device.pem"),
            "--new-status",
            "PENDING_TRANSFER",
        ],
    );
    assert_eq!(code(&o), 1);
}

#[test]
fn exit_status_two_for_usage_problems() {
    let cert = fx("rsa2048_good/cert.pem");
    for (args, stderr_fragment) in [
        (
            vec!["--service", "nope", "--cert", cert.as_str()],
            "unknown service",
        ),
        (
            vec!["--service", "acm", "--cert", "/nonexistent/cert.pem"],
            "/nonexistent/cert.pem",
        ),
        (
            vec![
                "--service",
                "acm",
                "--cert",
                cert.as_str(),
                "--at",
                "yesterday",
            ],
            "--at",
        ),
        (
            vec![
                "--service",
                "acm",
                "--cert",
                cert.as_str(),
                "--usage",
                "SIGNING",
            ],
            "--usage does not apply",
        ),
        (
            vec!["--service", "iot", "--cert", cert.as_str(), "--name", "x"],
            "--name does not apply",
        ),
        (
            vec![
                "--service",
                "acm",
                "--cert",
                cert.as_str(),
                "--bundle",
                cert.as_str(),
            ],
            "--bundle does not apply",
        ),
        (
            vec![
                "--service",
                "acm",
                "--cert",
                cert.as_str(),
                "--format",
                "yaml",
            ],
            "yaml",
        ),
    ] {
        let mut all = vec!["check"];
        all.extend_from_slice(&args);
        let o = run(&all);
        assert_eq!(code(&o), 2, "{args:?}");
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(err.contains(stderr_fragment), "{args:?}: {err}");
        assert!(o.stdout.is_empty(), "{args:?}: printed a report");
    }
    assert_eq!(code(&run(&["frobnicate"])), 2);
    assert_eq!(code(&run(&["inspect", "/nonexistent/x.pem"])), 2);
}

const TOP: &[&str] = &[
    "service",
    "verdict",
    "conclusive",
    "missing",
    "evaluated_at",
    "certificates",
    "key",
    "chain",
    "findings",
    "import_command",
];

#[test]
fn json_report_follows_the_contract() {
    let o = good("acm", &["--format", "json"]);
    assert_eq!(code(&o), 0);
    let v = json(&o);
    let obj = v.as_object().unwrap();
    for k in TOP {
        assert!(obj.contains_key(*k), "missing top-level key {k}");
    }
    // Beyond the contract's keys, only the documented further commands and ACM's preview.
    for k in obj.keys() {
        assert!(
            TOP.contains(&k.as_str()) || k == "commands" || k == "describe_preview",
            "unexpected key {k}"
        );
    }
    assert_eq!(v["service"], "acm");
    assert_eq!(v["verdict"], "pass");
    assert_eq!(v["evaluated_at"], AT);
    let certs = v["certificates"].as_array().unwrap();
    assert_eq!(certs.len(), 3);
    assert_eq!(certs[0]["role"], "leaf");
    assert_eq!(certs[1]["role"], "chain");
    for c in certs {
        for k in [
            "role",
            "subject",
            "issuer",
            "serial",
            "not_before",
            "not_after",
            "key",
            "signature_algorithm",
            "sha1",
            "sha256",
            "pem",
        ] {
            assert!(c.get(k).is_some(), "certificate lacks {k}: {c}");
        }
        for k in ["algorithm", "bits", "curve", "aws_key_algorithm"] {
            assert!(c["key"].get(k).is_some(), "certificate key lacks {k}");
        }
    }
    assert_eq!(certs[0]["serial"], "3001");
    assert_eq!(certs[0]["sha1"], "48c40abaf32796c0b5ba995f8e7c571246132333");
    assert_eq!(certs[0]["key"]["aws_key_algorithm"], "RSA_2048");
    assert_eq!(certs[0]["not_after"], "2027-01-01T00:00:00Z");
    let key = &v["key"];
    for k in [
        "algorithm",
        "bits",
        "curve",
        "format",
        "encrypted",
        "matches_certificate",
    ] {
        assert!(key.get(k).is_some(), "key lacks {k}");
    }
    assert_eq!(key["matches_certificate"], true);
    assert_eq!(key["encrypted"], false);
    assert_eq!(v["chain"]["in_order"], true);
    assert_eq!(v["chain"]["suggested_order"], serde_json::json!([0, 1]));
    let findings = v["findings"].as_array().unwrap();
    assert!(!findings.is_empty());
    for f in findings {
        for k in ["severity", "code", "message", "aws_error"] {
            assert!(f.get(k).is_some(), "finding lacks {k}: {f}");
        }
    }
    let cmd = v["import_command"].as_str().unwrap();
    assert_eq!(
        cmd,
        "aws acm import-certificate --certificate fileb://".to_string()
            + &fx("rsa2048_good/cert.pem")
            + " --private-key fileb://"
            + &fx("rsa2048_good/key.pem")
            + " --certificate-chain fileb://"
            + &fx("rsa2048_good/chain.pem")
    );
}

#[test]
fn json_for_a_failing_set_has_no_import_command() {
    let o = check(
        "acm",
        &[
            "--cert",
            &fx("chain_reversed/cert.pem"),
            "--key",
            &fx("chain_reversed/key.pem"),
            "--chain",
            &fx("chain_reversed/chain.pem"),
            "--format",
            "json",
        ],
    );
    assert_eq!(code(&o), 1);
    let v = json(&o);
    assert_eq!(v["verdict"], "fail");
    assert!(v["import_command"].is_null());
    assert_eq!(v["chain"]["in_order"], false);
    assert_eq!(v["chain"]["suggested_order"], serde_json::json!([1, 0]));
    assert_eq!(v["findings"][0]["severity"], "error");
    assert_eq!(v["findings"][0]["code"], "chain-order");
    assert!(v["findings"][0]["aws_error"]
        .as_str()
        .unwrap()
        .ends_with("The index within the chain of the invalid certificate is: 0"));
}

#[test]
fn iam_server_command_uses_file_scheme() {
    let o = good(
        "iam-server",
        &[
            "--format",
            "json",
            "--name",
            "web-2026",
            "--path",
            "/cloudfront/",
        ],
    );
    assert_eq!(code(&o), 0);
    let cmd = json(&o)["import_command"].as_str().unwrap().to_string();
    assert!(
        cmd.starts_with("aws iam upload-server-certificate --server-certificate-name web-2026"),
        "{cmd}"
    );
    assert!(
        cmd.contains(&format!(
            "--certificate-body file://{}",
            fx("rsa2048_good/cert.pem")
        )),
        "{cmd}"
    );
    assert!(
        cmd.contains(&format!(
            "--private-key file://{}",
            fx("rsa2048_good/key.pem")
        )),
        "{cmd}"
    );
    assert!(cmd.contains("--path /cloudfront/"), "{cmd}");
    assert!(!cmd.contains("fileb://"), "{cmd}");
}

#[test]
fn cloudfront_command_names_us_east_1() {
    // The fixtures' PKI is private, so CloudFront refuses it (exit 1) and gives no import
    // command; the reimport command it still lists carries the Region.
    let o = good("cloudfront", &["--format", "json"]);
    assert_eq!(code(&o), 1);
    let report = json(&o);
    let errors: Vec<&str> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["severity"] == "error")
        .filter_map(|f| f["code"].as_str())
        .collect();
    assert_eq!(errors, ["chain-untrusted"]);
    assert!(report["import_command"].is_null());
    let reimport = report["commands"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|c| c["command"].as_str())
        .find(|c| c.contains("--certificate-arn"))
        .expect("a reimport command");
    assert!(
        reimport.contains("fileb://") && reimport.contains("--region us-east-1 --certificate-arn"),
        "{reimport}"
    );
}

#[test]
fn transfer_and_rds_options_reach_the_engine() {
    let o = check(
        "transfer",
        &[
            "--cert",
            &fx("transfer/as2_signing.pem"),
            "--usage",
            "SIGNING",
            "--description",
            "partner-a",
            "--format",
            "json",
        ],
    );
    assert_eq!(code(&o), 0);
    let cmd = json(&o)["import_command"].as_str().unwrap().to_string();
    assert!(
        cmd.contains("--usage SIGNING") && cmd.contains("--description partner-a"),
        "{cmd}"
    );
    let o = check("rds", &["--ca-identifier", "rds-ca-2019"]);
    assert_eq!(code(&o), 1);
    assert!(String::from_utf8_lossy(&o.stdout).contains("[rds-ca]"));
}

#[test]
fn inspect_several_files() {
    let files = [
        fx("rsa2048_good/cert.pem"),
        fx("rsa2048_good/chain_p7b.der"),
        fx("rsa2048_good/key.pem"),
    ];
    let mut args = vec!["inspect", "--at", AT, "--format", "json"];
    args.extend(files.iter().map(String::as_str));
    let o = run(&args);
    assert_eq!(code(&o), 0, "{}", String::from_utf8_lossy(&o.stderr));
    let v = json(&o);
    let list = v.as_array().unwrap();
    assert_eq!(list.len(), 3);
    assert_eq!(list[0]["file"], files[0].as_str());
    assert_eq!(list[0]["report"]["kind"], "PEM");
    assert_eq!(
        list[0]["report"]["certificates"].as_array().unwrap().len(),
        1
    );
    assert_eq!(list[1]["report"]["kind"], "PKCS#7 (DER)");
    assert_eq!(
        list[1]["report"]["certificates"].as_array().unwrap().len(),
        2
    );
    assert_eq!(list[2]["report"]["keys"][0]["algorithm"], "RSA");
    assert_eq!(list[2]["report"]["keys"][0]["format"], "PKCS#1");

    // Text form, with a garbage file: exit 1, every file named.
    let garbage = fx("garbage/text.txt");
    let o = run(&["inspect", "--at", AT, &files[0], &garbage]);
    assert_eq!(code(&o), 1);
    let text = String::from_utf8(o.stdout).unwrap();
    assert!(
        text.contains(&files[0]) && text.contains(&garbage),
        "{text}"
    );
    assert!(
        text.contains("CN=www.example.com") && text.contains("[input-unreadable]"),
        "{text}"
    );
}

#[test]
fn rules_lists_every_rule_once_with_its_source_and_confirmation() {
    let o = run(&["rules", "--format", "json"]);
    assert_eq!(code(&o), 0);
    let list = json(&o);
    let list = list.as_array().unwrap();
    let ids: Vec<&str> = list.iter().map(|r| r["id"].as_str().unwrap()).collect();
    let unique: std::collections::HashSet<&&str> = ids.iter().collect();
    assert_eq!(unique.len(), ids.len(), "rule ids are unique");
    let catalog = certpreflight::catalog();
    assert_eq!(ids.len(), catalog.len());
    for r in list {
        for field in [
            "code",
            "severity",
            "title",
            "source",
            "confirmed",
            "targets",
        ] {
            assert!(r.get(field).is_some(), "{field} in {r}");
        }
        assert!(!r["source"].as_str().unwrap().is_empty());
    }
    let nlb = list
        .iter()
        .find(|r| r["id"] == "nlb.key-algorithm")
        .unwrap();
    assert_eq!(nlb["severity"], "error");
    assert_eq!(nlb["confirmed"], true);
    assert_eq!(nlb["targets"], serde_json::json!(["nlb"]));
    // ACM's import rules are listed once, with every target that runs them.
    let order = list.iter().find(|r| r["id"] == "acm.chain-order").unwrap();
    let targets: Vec<&str> = order["targets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t.as_str().unwrap())
        .collect();
    for t in [
        "acm",
        "cloudfront",
        "alb",
        "nlb",
        "clb",
        "apigateway-edge",
        "apigateway-regional",
    ] {
        assert!(targets.contains(&t), "{t} runs acm.chain-order");
    }
    let unconfirmed = list
        .iter()
        .find(|r| r["id"] == "acm.signature-algorithm")
        .unwrap();
    assert_eq!(unconfirmed["confirmed"], false);
    assert_eq!(unconfirmed["severity"], "warning");

    // One target's rules, as text: its own and the import rules it runs, not another's.
    let o = run(&["rules", "--service", "nlb"]);
    assert_eq!(code(&o), 0);
    let text = String::from_utf8(o.stdout).unwrap();
    assert!(text.contains("nlb.key-algorithm") && text.contains("acm.chain-order"));
    assert!(!text.contains("iam-server."), "{text}");
    assert!(text.contains("why: NLB doc history"), "{text}");
    assert!(text.contains("(UNCONFIRMED)"), "{text}");
    assert_eq!(code(&run(&["rules", "--service", "nope"])), 2);
}

#[test]
fn the_text_report_shows_each_findings_source_and_the_flag_it_needs() {
    let c = fx("rsa2048_good/cert.pem");
    let o = check("acm", &["--cert", c.as_str()]);
    assert_eq!(code(&o), 3, "incomplete: the key and the chain are missing");
    let text = String::from_utf8(o.stdout).unwrap();
    assert!(
        text.contains(
            "INCOMPLETE: nothing wrong so far; give --key FILE and --chain FILE to finish"
        ),
        "{text}"
    );
    assert!(text.contains("WARNING [key-missing]"), "{text}");
    assert!(text.contains("        give: --key FILE"), "{text}");
    assert!(text.contains("        why: BC acm ImportCertificate API doc; ACM-UG import-certificate-format; KC [acm.private-key]"), "{text}");
    assert!(text.contains("give: --chain FILE"), "{text}");
    // A failing check counts its findings.
    let o = check(
        "acm",
        &["--cert", c.as_str(), "--key", &fx("key_mismatch/key.pem")],
    );
    assert_eq!(code(&o), 1);
    let text = String::from_utf8(o.stdout).unwrap();
    assert!(
        text.contains("FAIL: not ready to import into ACM (1 error, 1 warning)"),
        "{text}"
    );
}

#[test]
fn trust_names_a_private_root_and_the_path_ends_there() {
    let base = [
        "--cert",
        &fx("rsa2048_good/cert.pem"),
        "--key",
        &fx("rsa2048_good/key.pem"),
        "--chain",
        &fx("rsa2048_good/chain_no_root.pem"),
        "--format",
        "json",
    ]
    .map(String::from);
    let args = |extra: &[&str]| -> Vec<String> {
        base.iter()
            .cloned()
            .chain(extra.iter().map(|s| s.to_string()))
            .collect()
    };
    let run_with = |service: &str, extra: &[&str]| {
        let a = args(extra);
        let a: Vec<&str> = a.iter().map(String::as_str).collect();
        check(service, &a)
    };
    // Without --trust the path stops at an issuer no store knows.
    let o = run_with("acm", &[]);
    assert_eq!(code(&o), 0);
    let r = json(&o);
    assert_eq!(r["chain"]["anchor"]["kind"], "unknown");
    assert_eq!(
        r["chain"]["anchor"]["subject"],
        "CN=certpreflight Test Root CA"
    );
    assert!(r["chain"]["anchor"]["sha256"].is_null());
    assert!(r["findings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["needs"] == "trust"));
    // With it, the path ends at the given root, verified.
    let root = fx("rsa2048_good/root.pem");
    let o = run_with("acm", &["--trust", &root]);
    assert_eq!(code(&o), 0);
    let r = json(&o);
    assert_eq!(r["chain"]["anchor"]["kind"], "given");
    assert_eq!(r["chain"]["anchor"]["at"], "trusted[0]");
    // CloudFront refuses the private root, given or not.
    let o = run_with("cloudfront", &["--trust", &root]);
    assert_eq!(code(&o), 1);
    // Text names the root and the flag that would settle an unknown one.
    let o = check(
        "acm",
        &[
            "--cert",
            &fx("rsa2048_good/cert.pem"),
            "--key",
            &fx("rsa2048_good/key.pem"),
            "--chain",
            &fx("rsa2048_good/chain_no_root.pem"),
        ],
    );
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(text.contains("give: --trust FILE"), "{text}");
    assert!(text.contains("Ends at: an issuer no store knows"), "{text}");
}

#[test]
fn anchors_lists_the_built_in_roots_with_their_sources() {
    let o = run(&["anchors", "--format", "json"]);
    assert_eq!(code(&o), 0);
    let v = json(&o);
    assert_eq!(v["sources"].as_array().unwrap().len(), 2);
    let anchors = v["anchors"].as_array().unwrap();
    let count = |set: &str| anchors.iter().filter(|a| a["set"] == set).count();
    assert_eq!(
        (count("mozilla"), count("amazon"), count("rds")),
        (112, 5, 93)
    );
    let text = support::cli::stdout(&run(&["anchors"]));
    assert!(
        text.starts_with("# Mozilla's root store: PyPI certifi"),
        "{text}"
    );
    assert!(text.contains("amazon\tAmazon Root CA 1\t8ecde6884f3d87b1125ba31ac3fcb13d7016de7f57cc904fe1cb97c6ae98196e"));
}

#[test]
fn a_reader_that_closes_the_pipe_early_gets_no_panic() {
    use std::io::Read;
    use std::process::{Command, Stdio};
    // More than a pipe's buffer (64 KiB), so the writer is still writing when the pipe closes.
    let mut child = Command::new(support::cli::BIN)
        .args(["anchors", "--format", "json"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let mut first = [0u8; 16];
    child.stdout.take().unwrap().read_exact(&mut first).unwrap();
    // The pipe is closed here (the read end is dropped), as `| head -c 16` would.
    let out = child.wait_with_output().expect("wait");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(out.status.code(), Some(141), "{stderr}");
}

// ---------------------------------------------------------------------------------------
// Unix habits and answers a person can read: stdin, quiet and summary output, colour,
// completions and the man page, --fail-on, Region validation, quoting, the verdict line.

/// Runs the binary with `stdin` as its standard input.
fn run_stdin(args: &[&str], stdin: &[u8]) -> Output {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let mut child = Command::new(support::cli::BIN)
        .args(args)
        .env_remove("CERTPREFLIGHT_PASSWORD")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    // A run that refuses its arguments exits without reading: the pipe is then closed
    // (BrokenPipe), which is no failure of the test; its output says what happened.
    let written = child.stdin.take().expect("stdin").write_all(stdin);
    if let Err(e) = written {
        assert_eq!(e.kind(), std::io::ErrorKind::BrokenPipe, "write stdin: {e}");
    }
    child.wait_with_output().expect("wait")
}

fn text(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn a_dash_reads_standard_input_and_only_one_input_may_ask_for_it() {
    let cert = std::fs::read(fx("rsa2048_good/cert.pem")).unwrap();
    let (k, ch) = (fx("rsa2048_good/key.pem"), fx("rsa2048_good/chain.pem"));
    let o = run_stdin(
        &[
            "check", "-s", "acm", "-c", "-", "-k", &k, "--chain", &ch, "--at", AT,
        ],
        &cert,
    );
    assert_eq!(code(&o), 0, "{}", text(&o));
    let t = text(&o);
    assert!(t.contains("PASS: ready to import into ACM"), "{t}");
    // Standard input has no file name: the command names the file `fix` writes, and says so.
    assert!(t.contains("--certificate fileb://cert.pem "), "{t}");
    assert!(
        t.contains("cert.pem is not a file here: it is what `certpreflight fix --out .`"),
        "{t}"
    );
    // The key from standard input too.
    let key = std::fs::read(&k).unwrap();
    let c = fx("rsa2048_good/cert.pem");
    let o = run_stdin(
        &[
            "check", "-s", "acm", "-c", &c, "-k", "-", "--chain", &ch, "--at", AT, "-f", "json",
        ],
        &key,
    );
    assert_eq!(json(&o)["verdict"], "pass");
    let o = run_stdin(
        &["check", "-s", "acm", "-c", "-", "-k", "-", "--at", AT],
        &cert,
    );
    assert_eq!(code(&o), 2);
    assert!(
        String::from_utf8_lossy(&o.stderr)
            .contains("only one input can be read from standard input (-); --cert and --key"),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
}

#[test]
fn quiet_shows_the_verdict_line_and_the_errors_only() {
    let (c, k) = (fx("rsa2048_good/cert.pem"), fx("key_mismatch/key.pem"));
    let o = check("acm", &["-q", "--cert", &c, "--key", &k]);
    assert_eq!(code(&o), 1);
    let t = text(&o);
    assert!(
        t.contains("FAIL: not ready to import into ACM (1 error, 1 warning)"),
        "{t}"
    );
    assert!(t.contains("ERROR   [key-mismatch]"), "{t}");
    for absent in [
        "WARNING",
        "info ",
        "why:",
        "Certificates:",
        "Key:",
        "Once it passes",
    ] {
        assert!(!t.contains(absent), "{absent} in quiet output:\n{t}");
    }
    // The matrix: the rows and the failing targets' errors, no facts.
    let o = good("all", &["--quiet"]);
    let t = text(&o);
    assert!(t.contains("Where this can go: 12 targets"), "{t}");
    assert!(t.contains("ERROR   [chain-untrusted]"), "{t}");
    assert!(!t.contains("Certificates:") && !t.contains("why:"), "{t}");
}

#[test]
fn summary_is_one_line_per_target() {
    let o = good("all", &["--summary"]);
    assert_eq!(code(&o), 0);
    let t = text(&o);
    let ids: Vec<&str> = t.lines().map(|l| l.split('\t').next().unwrap()).collect();
    let expected: Vec<&str> = certpreflight::matrix_targets()
        .iter()
        .map(|s| s.id())
        .collect();
    assert_eq!(ids, expected, "{t}");
    assert!(t.lines().any(|l| l == "acm\tpass\t-"), "{t}");
    assert!(
        t.lines()
            .any(|l| l.starts_with("cloudfront\tFAIL\tCloudFront")),
        "{t}"
    );
    assert!(
        t.lines()
            .any(|l| l == "transfer\tneeds\tgive --usage VALUE to finish"),
        "{t}"
    );
    // One target: one line.
    let o = good("acm", &["--summary"]);
    assert_eq!(text(&o).lines().count(), 1, "{}", text(&o));
    assert!(
        text(&o).starts_with("acm: PASS: ready to import into ACM"),
        "{}",
        text(&o)
    );
}

/// Runs the binary on a pseudo-terminal (util-linux `script`), with `env` set.
fn on_a_terminal(args: &[&str], env: &[(&str, &str)]) -> String {
    let mut line = String::from(support::cli::BIN);
    for a in args {
        line.push_str(&format!(" '{a}'"));
    }
    let mut c = std::process::Command::new("script");
    c.args(["-qec", &line, "/dev/null"]).env_remove("NO_COLOR");
    for (k, v) in env {
        c.env(k, v);
    }
    let o = c
        .output()
        .expect("script (util-linux) runs the binary on a pseudo-terminal");
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn colour_on_a_terminal_off_with_no_color_and_never_in_a_pipe() {
    let (c, k, ch) = (
        fx("rsa2048_good/cert.pem"),
        fx("rsa2048_good/key.pem"),
        fx("rsa2048_good/chain.pem"),
    );
    let args = [
        "check", "-s", "all", "-c", &c, "-k", &k, "--chain", &ch, "--at", AT,
    ];
    let tty = on_a_terminal(&args, &[]);
    assert!(tty.contains("\x1b[32mpass"), "{tty:?}");
    assert!(tty.contains("\x1b[1;31mFAIL"), "{tty:?}");
    let no_color = on_a_terminal(&args, &[("NO_COLOR", "1")]);
    assert!(
        no_color.contains("pass") && !no_color.contains('\x1b'),
        "{no_color:?}"
    );
    let never = on_a_terminal(&[&args[..], &["--color", "never"]].concat(), &[]);
    assert!(!never.contains('\x1b'), "{never:?}");
    // A pipe gets none, unless asked.
    assert!(!text(&run(&args)).contains('\x1b'));
    let always = text(&run(&[&args[..], &["--color", "always"]].concat()));
    assert!(always.contains("\x1b[1;31mFAIL"), "{always:?}");
}

#[test]
fn version_completions_and_the_man_page_come_from_one_definition() {
    let o = run(&["--version"]);
    assert_eq!(code(&o), 0);
    assert_eq!(
        text(&o).trim(),
        format!("certpreflight {}", env!("CARGO_PKG_VERSION"))
    );
    for (shell, marker) in [
        ("bash", "complete -F _certpreflight"),
        ("zsh", "#compdef certpreflight"),
        ("fish", "complete -c certpreflight"),
    ] {
        let o = run(&["completions", shell]);
        assert_eq!(code(&o), 0, "{shell}");
        let t = text(&o);
        assert!(t.contains(marker), "{shell}: {t}");
        assert!(
            t.contains("service") && t.contains("fail-on"),
            "{shell}: {t}"
        );
    }
    assert_eq!(code(&run(&["completions", "tcsh"])), 2);
    let o = run(&["man"]);
    assert_eq!(code(&o), 0);
    let page = text(&o);
    assert!(
        page.starts_with(".ie") || page.contains(".TH certpreflight"),
        "{page}"
    );
    assert!(page.contains(".TH certpreflight 1"), "{page}");
    assert!(page.contains("Exit status (every subcommand)"), "{page}");
    // The page renders: man(1) reads it when it is installed here.
    if std::process::Command::new("man")
        .arg("--version")
        .output()
        .is_ok()
    {
        let dir = tempdir("man");
        let file = dir.join("certpreflight.1");
        std::fs::write(&file, &page).unwrap();
        let o = std::process::Command::new("man")
            .arg("-l")
            .arg(&file)
            .env("MANPAGER", "cat")
            .env("MANWIDTH", "100")
            .output()
            .unwrap();
        let shown = String::from_utf8_lossy(&o.stdout);
        assert!(shown.contains("certpreflight"), "{shown}");
    }
}

/// A fresh temporary folder for one test.
fn tempdir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("certpreflight-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn short_flags_and_help_texts_say_what_each_argument_takes() {
    let (c, k, ch) = (
        fx("rsa2048_good/cert.pem"),
        fx("rsa2048_good/key.pem"),
        fx("rsa2048_good/chain.pem"),
    );
    let short = run(&[
        "check", "-s", "acm", "-c", &c, "-k", &k, "--chain", &ch, "--at", AT, "-f", "json",
    ]);
    let long = good("acm", &["--format", "json"]);
    assert_eq!(json(&short), json(&long));
    let help = text(&run(&["check", "--help"]));
    for want in [
        "-s, --service <ID[,ID...]|all>",
        "-c, --cert <FILE|DIR|->",
        "-k, --key <FILE|->",
        "PEM or DER (PKCS#1, PKCS#8, SEC1)",
        "`-` reads standard input",
        "-q, --quiet",
        "--summary",
        "--fail-on <SEVERITY>",
        "Exit status (every subcommand)",
    ] {
        assert!(help.contains(want), "{want} not in:\n{help}");
    }
    assert!(text(&run(&["fix", "--help"])).contains("-o, --out <DIR>"));
}

/// `fix` of the fullchain fixture (leaf and chain in one file) for ACM into a new folder.
fn fix_fullchain(folder: &str, format: &str) -> Output {
    let out = tempdir(folder);
    let (cert, key) = (fx("rsa2048_good/fullchain.pem"), fx("rsa2048_good/key.pem"));
    let args = [
        "fix",
        "-s",
        "acm",
        "-c",
        &cert,
        "-k",
        &key,
        "-o",
        out.to_str().unwrap(),
    ];
    run(&[&args[..], &["--at", AT, "-f", format]].concat())
}

#[test]
fn every_format_a_subcommand_lists_it_prints() {
    // jsonl: one JSON object per line, for one report, the matrix, the rules and anchors.
    let lines = |o: &Output| -> Vec<serde_json::Value> {
        assert_eq!(code(o), 0, "{}", String::from_utf8_lossy(&o.stderr));
        text(o)
            .lines()
            .map(|l| serde_json::from_str(l).expect("a JSON line"))
            .collect()
    };
    let one = lines(&good("acm", &["--format", "jsonl"]));
    assert_eq!(one.len(), 1);
    assert_eq!(one[0]["verdict"], "pass");
    let all = lines(&good("all", &["--format", "jsonl"]));
    assert_eq!(all.len(), certpreflight::matrix_targets().len());
    assert_eq!(all[0]["service"], "acm");
    let rules = lines(&run(&["rules", "--format", "jsonl"]));
    assert_eq!(rules.len(), certpreflight::catalog().len());
    let anchors = lines(&run(&["anchors", "--format", "jsonl"]));
    assert_eq!(anchors.len(), certpreflight::trust_anchors().anchors.len());
    let fixed = fix_fullchain("fix-jsonl", "jsonl");
    let fixed = lines(&fixed);
    assert_eq!(fixed.len(), 1);
    assert_eq!(fixed[0]["service"], "acm");
}

#[test]
fn fail_on_warning_makes_a_passing_check_with_a_warning_fail() {
    // IAM signing without its optional key passes with a warning.
    let c = fx("rsa2048_good/cert.pem");
    let o = check("acm", &["--cert", &c, "--key", &fx("rsa2048_good/key.pem")]);
    let report = json(&check(
        "acm",
        &[
            "--cert",
            &c,
            "--key",
            &fx("rsa2048_good/key.pem"),
            "--format",
            "json",
        ],
    ));
    let warnings = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["severity"] == "warning")
        .count();
    assert!(warnings > 0, "{report}");
    let plain = code(&o);
    assert_ne!(plain, 1, "{}", text(&o));
    let strict = check(
        "acm",
        &[
            "--cert",
            &c,
            "--key",
            &fx("rsa2048_good/key.pem"),
            "--fail-on",
            "warning",
        ],
    );
    assert_eq!(code(&strict), 1, "{}", text(&strict));
    // A clean pass stays 0 under --fail-on warning only when it has no warning.
    let clean = json(&good("acm", &["--format", "json"]));
    let clean_warnings = clean["findings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["severity"] == "warning");
    let expected = if clean_warnings { 1 } else { 0 };
    assert_eq!(code(&good("acm", &["--fail-on", "warning"])), expected);
}

#[test]
fn a_region_aws_does_not_have_is_a_usage_error() {
    let o = check(
        "rds",
        &[
            "--ca-identifier",
            "rds-ca-rsa2048-g1",
            "--region",
            "us-west-9",
        ],
    );
    assert_eq!(code(&o), 2);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("--region us-west-9 is not an AWS Region; did you mean"),
        "{err}"
    );
    assert!(
        err.contains("us-west-2") && err.contains("botocore"),
        "{err}"
    );
    let o = check(
        "rds",
        &[
            "--ca-identifier",
            "rds-ca-rsa2048-g1",
            "--region",
            "eu-central-2",
        ],
    );
    assert_ne!(code(&o), 2, "{}", String::from_utf8_lossy(&o.stderr));
}

#[test]
fn printed_commands_quote_paths_and_name_files_that_exist() {
    let dir = tempdir("quote");
    let odd = dir.join("my certs");
    std::fs::create_dir_all(&odd).unwrap();
    let names = ["it's cert.pem", "key $HOME.pem", "chain \"x\".pem"];
    for (src, name) in ["cert.pem", "key.pem", "chain.pem"].iter().zip(names) {
        std::fs::copy(fx(&format!("rsa2048_good/{src}")), odd.join(name)).unwrap();
    }
    let path = |n: &str| odd.join(n).display().to_string();
    let o = check(
        "acm",
        &[
            "--cert",
            &path(names[0]),
            "--key",
            &path(names[1]),
            "--chain",
            &path(names[2]),
        ],
    );
    assert_eq!(code(&o), 0, "{}", text(&o));
    let t = text(&o);
    let import = t
        .lines()
        .skip_while(|l| *l != "Import:")
        .nth(1)
        .expect("an import command")
        .trim()
        .to_string();
    // The shell reads the words back as the paths given.
    let o = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!(
            "printf '%s\\n' {}",
            import.trim_start_matches("aws acm import-certificate ")
        ))
        .output()
        .unwrap();
    let words: Vec<String> = String::from_utf8_lossy(&o.stdout)
        .lines()
        .map(String::from)
        .collect();
    assert_eq!(
        words,
        [
            "--certificate".to_string(),
            format!("fileb://{}", path(names[0])),
            "--private-key".into(),
            format!("fileb://{}", path(names[1])),
            "--certificate-chain".into(),
            format!("fileb://{}", path(names[2])),
        ],
        "{import}"
    );
    assert!(!t.contains("is not a file here"), "{t}");
    // Transfer's description with spaces is one word.
    let o = check(
        "transfer",
        &[
            "--cert",
            &fx("transfer/as2_signing.pem"),
            "--key",
            &fx("transfer/as2_signing_key.pem"),
            "--usage",
            "SIGNING",
            "--description",
            "partner-a's-$KEY",
        ],
    );
    let t = text(&o);
    assert!(t.contains("--description 'partner-a'\\''s-$KEY'"), "{t}");
}

#[test]
fn a_failing_check_shows_commands_as_for_once_it_passes() {
    let (c, k) = (fx("rsa2048_good/cert.pem"), fx("key_mismatch/key.pem"));
    let t = text(&check("acm", &["--cert", &c, "--key", &k]));
    assert!(!t.contains("\nImport:"), "{t}");
    assert!(t.contains("Once it passes (not before):"), "{t}");
    // A wrong PKCS#12 password: the file could not be opened, not "AWS would refuse it".
    let dir = tempdir("wrong-password");
    let pw = dir.join("pw.txt");
    std::fs::write(&pw, "not the password\n").unwrap();
    let o = check(
        "acm",
        &[
            "--cert",
            &fx("rsa2048_good/bundle.p12"),
            "--password-file",
            pw.to_str().unwrap(),
        ],
    );
    assert_eq!(code(&o), 1);
    let t = text(&o);
    assert!(
        t.contains("FAIL: the PKCS#12 file could not be opened (wrong password?)"),
        "{t}"
    );
}

#[test]
fn rds_names_the_identifier_and_region_or_gives_no_command() {
    let t = text(&check("rds", &["--region", "us-west-2"]));
    assert!(t.starts_with("Amazon RDS CA rotation"), "{t}");
    assert!(t.contains("INCOMPLETE"), "{t}");
    assert!(
        !t.contains("aws rds"),
        "no command without an identifier:\n{t}"
    );
    // The fix completes an empty bundle with the Region's roots; its check then passes.
    let dir = tempdir("rds");
    let empty = dir.join("empty.pem");
    std::fs::write(&empty, "").unwrap();
    let out = dir.join("fixed");
    let o = run(&[
        "fix",
        "-s",
        "rds",
        "--ca-identifier",
        "rds-ca-rsa2048-g1",
        "--region",
        "us-west-2",
        "--bundle",
        empty.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--at",
        AT,
    ]);
    let t = text(&o);
    assert!(
        t.contains("PASS: your bundle trusts rds-ca-rsa2048-g1 in us-west-2"),
        "{t}"
    );
    assert!(
        t.contains("aws rds modify-certificates --certificate-identifier rds-ca-rsa2048-g1 --region us-west-2"),
        "{t}"
    );
}

#[test]
fn long_inputs_list_one_line_per_certificate_unless_verbose() {
    // A chain of six certificates: the real chain and four unrelated ones.
    let dir = tempdir("long");
    let mut chain = std::fs::read_to_string(fx("rsa2048_good/chain.pem")).unwrap();
    for extra in [
        "keys/unrelated_ca_rsa2048.pem",
        "self_signed/cert.pem",
        "rsa3072/cert.pem",
        "ec_p256/cert.pem",
    ] {
        if let Ok(pem) = std::fs::read_to_string(fx(extra)) {
            chain.push_str(&pem);
        }
    }
    let file = dir.join("long-chain.pem");
    std::fs::write(&file, &chain).unwrap();
    let (c, k) = (fx("rsa2048_good/cert.pem"), fx("rsa2048_good/key.pem"));
    let args = [
        "--cert",
        c.as_str(),
        "--key",
        k.as_str(),
        "--chain",
        file.to_str().unwrap(),
    ];
    let t = text(&check("acm", &args));
    let listed = t
        .lines()
        .filter(|l| l.starts_with("  [") && l.contains("sha256 "))
        .count();
    assert!(listed > 4, "one line per certificate:\n{t}");
    assert!(
        t.contains("(one line each; --verbose for every card)"),
        "{t}"
    );
    assert!(!t.contains("      issuer "), "{t}");
    // The verdict and findings come first.
    assert!(t.find("FAIL:").unwrap() < t.find("certificates (one line each").unwrap());
    let v = text(&check("acm", &[&args[..], &["--verbose"]].concat()));
    assert!(v.matches("      issuer ").count() > 4, "{v}");
}

#[test]
fn words_are_for_a_terminal_and_counts_agree_in_number() {
    let mut outputs = Vec::new();
    for dir in [
        "rsa2048_good",
        "leaf_expired",
        "chain_reversed",
        "chain_unrelated",
        "key_mismatch",
        "self_signed",
    ] {
        let c = fx(&format!("{dir}/cert.pem"));
        let k = fx(&format!("{dir}/key.pem"));
        let ch = fx(&format!("{dir}/chain.pem"));
        let mut args = vec!["--cert", c.as_str()];
        if std::path::Path::new(&k).exists() {
            args.extend(["--key", k.as_str()]);
        }
        if std::path::Path::new(&ch).exists() {
            args.extend(["--chain", ch.as_str()]);
        }
        outputs.push(text(&check("all", &args)));
        outputs.push(text(&check("acm", &args)));
    }
    for t in &outputs {
        for bad in [
            "()",
            "(s)",
            " 1 errors",
            " 1 warnings",
            " 1 days",
            " 1 targets",
            "paste",
            "download the fixed",
            "drop ",
        ] {
            assert!(!t.contains(bad), "{bad:?} in:\n{t}");
        }
    }
}

// ---------------------------------------------------------------------------------------
// inspect: folders, missing paths, PKCS#12, validity marks, what openssl -text shows.

#[test]
fn inspect_takes_folders_recursive_on_request_and_goes_on_past_a_missing_path() {
    let dir = tempdir("inspect-tree");
    std::fs::create_dir_all(dir.join("deeper")).unwrap();
    std::fs::copy(fx("rsa2048_good/cert.pem"), dir.join("b-leaf.pem")).unwrap();
    std::fs::copy(fx("rsa2048_good/root.pem"), dir.join("a-root.pem")).unwrap();
    std::fs::copy(
        fx("rsa2048_good/intermediate.pem"),
        dir.join("deeper/int.pem"),
    )
    .unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(&dir, dir.join("deeper/loop")).unwrap();
    let d = dir.display().to_string();
    let files = |o: &Output| -> Vec<String> {
        json(o)
            .as_array()
            .unwrap()
            .iter()
            .map(|e| {
                e["file"]
                    .as_str()
                    .unwrap()
                    .trim_start_matches(&d)
                    .to_string()
            })
            .collect()
    };
    // A folder: its files, by name, not its folders.
    let o = run(&["inspect", &d, "--format", "json", "--at", AT]);
    assert_eq!(code(&o), 0);
    assert_eq!(files(&o), ["/a-root.pem", "/b-leaf.pem"]);
    // --recursive descends, and a link back up is not followed round.
    let o = run(&["inspect", "-r", &d, "--format", "json", "--at", AT]);
    assert_eq!(code(&o), 0, "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(files(&o), ["/a-root.pem", "/b-leaf.pem", "/deeper/int.pem"]);
    // A missing path is reported on stderr, the others are still described, exit 2.
    let missing = dir.join("no-such.pem").display().to_string();
    let o = run(&[
        "inspect",
        &missing,
        &fx("rsa2048_good/cert.pem"),
        "--at",
        AT,
    ]);
    assert_eq!(code(&o), 2);
    assert!(text(&o).contains("CN=www.example.com"), "{}", text(&o));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("no-such.pem") && err.contains("No such file"),
        "{err}"
    );
    // Standard input, once.
    let o = run_stdin(
        &["inspect", "-", "--at", AT],
        &std::fs::read(fx("rsa2048_good/cert.pem")).unwrap(),
    );
    assert_eq!(code(&o), 0);
    assert!(
        text(&o).starts_with("(standard input): PEM (1 certificate, 0 keys)"),
        "{}",
        text(&o)
    );
    assert_eq!(code(&run_stdin(&["inspect", "-", "-"], b"")), 2);
}

#[test]
fn inspect_opens_pkcs12_with_the_usual_password_sources() {
    let p12 = fx("rsa2048_good/bundle.p12");
    // Without a password: it asks for one.
    let o = run(&["inspect", &p12, "--format", "json"]);
    assert_eq!(code(&o), 1);
    let r = &json(&o)[0]["report"];
    assert_eq!(r["certificates"].as_array().unwrap().len(), 0);
    assert_eq!(r["findings"][0]["needs"], "password");
    // --password-file: the leaf, its chain and its key.
    let dir = tempdir("inspect-p12");
    let pw = dir.join("pw.txt");
    std::fs::write(&pw, "test\n").unwrap();
    let o = run(&[
        "inspect",
        &p12,
        "--password-file",
        &pw.display().to_string(),
        "--format",
        "json",
    ]);
    assert_eq!(code(&o), 0, "{}", text(&o));
    let r = &json(&o)[0]["report"];
    assert_eq!(r["kind"], "PKCS#12");
    let subjects: Vec<&str> = r["certificates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["subject_cn"].as_str().unwrap())
        .collect();
    assert_eq!(subjects[0], "www.example.com");
    assert_eq!(subjects.len(), 3, "{subjects:?}");
    assert_eq!(r["keys"][0]["algorithm"], "RSA");
    assert!(r["findings"][0]["message"]
        .as_str()
        .unwrap()
        .contains("opened with the password given"));
    // The environment variable works too; a wrong password says so.
    let o = std::process::Command::new(support::cli::BIN)
        .args(["inspect", &p12])
        .env("CERTPREFLIGHT_PASSWORD", "wrong")
        .output()
        .unwrap();
    assert_eq!(code(&o), 1);
    assert!(text(&o).contains("[pkcs12-password]"), "{}", text(&o));
}

#[test]
fn inspect_marks_expired_not_yet_valid_and_expiring_certificates() {
    let show = |file: &str, extra: &[&str]| {
        text(&run(
            &[&["inspect", &fx(file), "--at", AT][..], extra].concat()
        ))
    };
    assert!(show("leaf_expired/cert.pem", &[]).contains("EXPIRED 516 days ago"));
    assert!(show("leaf_not_yet_valid/cert.pem", &[]).contains("NOT YET VALID"));
    // 214 days left: fine by default, expiring under --warn-days 300.
    assert!(show("rsa2048_good/cert.pem", &[]).contains("  214 days left"));
    assert!(show("rsa2048_good/cert.pem", &["--warn-days", "300"])
        .contains("EXPIRING: 214 days left (under --warn-days 300)"));
    let late = text(&run(&[
        "inspect",
        &fx("rsa2048_good/cert.pem"),
        "--at",
        "2026-12-31T00:00:00Z",
    ]));
    assert!(
        late.contains("EXPIRING: 1 day left (under --warn-days 30)"),
        "{late}"
    );
}

#[test]
fn inspect_shows_what_openssl_text_users_look_for_and_a_broken_key_block_is_an_error() {
    let o = run(&["inspect", &fx("inspect/extensions.pem"), "--at", AT]);
    assert_eq!(code(&o), 0);
    let t = text(&o);
    for want in [
        "signature algorithm         sha256WithRSAEncryption",
        "basicConstraints (critical) CA:FALSE",
        "keyUsage (critical)         Digital Signature, Key Encipherment",
        "extendedKeyUsage            serverAuth",
        "subjectKeyIdentifier        A1:0B:75:24",
        "authorityKeyIdentifier      29:32:38:25",
        "DNS:extensions.example.com, IP:192.0.2.10, IP:2001:db8::1, email:pki@example.com, URI:spiffe://example.com/web",
        "OCSP                        http://ocsp.example.com",
        "caIssuers                   http://pki.example.com/intermediate.der",
        "crlDistributionPoints       URI:http://crl.example.com/intermediate.crl",
        "certificatePolicies         2.23.140.1.2.1 (CA/B Forum: domain validated), CPS https://pki.example.com/cps",
        "certificatePolicies         1.3.6.1.4.1.99999.1",
        "other critical              nameConstraints",
    ] {
        assert!(t.contains(want), "{want}\nnot in:\n{t}");
    }
    // The same facts in JSON, for scripts.
    let c = &json(&run(&[
        "inspect",
        &fx("inspect/extensions.pem"),
        "--format",
        "json",
    ]))[0]["report"]["certificates"][0];
    assert_eq!(
        c["crl_distribution_points"][0],
        "URI:http://crl.example.com/intermediate.crl"
    );
    assert_eq!(
        c["critical_extensions"],
        serde_json::json!(["basicConstraints", "keyUsage", "nameConstraints"])
    );
    assert_eq!(c["signature_algorithm_openssl"], "sha256WithRSAEncryption");
    assert_eq!(c["signature_algorithm"], "SHA256WithRSA");
    // ECDSA and RSASSA-PSS by OpenSSL's names too.
    assert!(text(&run(&["inspect", &fx("ec_p384/cert.pem")])).contains("ecdsa-with-SHA384"));
    assert!(text(&run(&["inspect", &fx("rsa_pss/cert.pem")]))
        .contains("rsassaPss (RSASSA-PSS (SHA256))"));
    // A key block that does not parse: an error, in inspect as in check.
    let o = run(&["inspect", &fx("inspect/key_cut_short.pem")]);
    assert_eq!(code(&o), 1);
    assert!(
        text(&o).contains("ERROR   [key-not-pem] The private key could not be read"),
        "{}",
        text(&o)
    );
    let o = check(
        "acm",
        &[
            "--cert",
            &fx("rsa2048_good/cert.pem"),
            "--key",
            &fx("inspect/key_cut_short.pem"),
        ],
    );
    assert!(
        text(&o).contains("[key-not-pem] The private key could not be read"),
        "{}",
        text(&o)
    );
}

// --- The JSON contract, checked against schema/certpreflight.schema.json ----------------

fn schema_file() -> serde_json::Value {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("schema/certpreflight.schema.json");
    serde_json::from_str(&std::fs::read_to_string(&path).expect("schema/certpreflight.schema.json"))
        .expect("the schema is JSON")
}

/// A validator for one of the schema's definitions (`report`, `matrix`, `inspect`, …).
fn validator(def: &str) -> jsonschema::Validator {
    let mut schema = schema_file();
    assert!(schema["$defs"][def].is_object(), "the schema defines {def}");
    let top = schema.as_object_mut().unwrap();
    top.remove("anyOf");
    top.insert("$ref".into(), serde_json::json!(format!("#/$defs/{def}")));
    jsonschema::draft202012::new(&schema).expect("the schema compiles")
}

/// Panics with every violation, naming where the instance came from.
fn conforms(v: &jsonschema::Validator, instance: &serde_json::Value, what: &str) {
    let errors: Vec<String> = v
        .iter_errors(instance)
        .map(|e| format!("  at {}: {e}", e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "{what} breaks the JSON contract:\n{}",
        errors.join("\n")
    );
}

fn jsonl(o: &Output) -> Vec<serde_json::Value> {
    String::from_utf8_lossy(&o.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not a JSON line ({e}): {l}")))
        .collect()
}

#[test]
fn every_golden_report_decodes_with_the_schema() {
    let v = validator("report");
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    assert!(files.len() >= 5, "the golden reports are there: {files:?}");
    for path in &files {
        let report: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        conforms(&v, &report, &path.display().to_string());
    }
}

#[test]
fn every_json_output_follows_the_schema() {
    let report = validator("report");
    let sets: [(&str, &str, &[&str]); 8] = [
        ("acm", "rsa2048_good", &["cert", "key", "chain"]),
        ("cloudfront", "chain_reversed", &["cert", "key", "chain"]),
        ("nlb", "rsa4096", &["cert", "key"]),
        ("iam-server", "key_mismatch", &["cert", "key"]),
        ("acm", "leaf_expired", &["cert"]),
        ("transfer", "chain_bad_signature", &["cert", "key", "chain"]),
        ("alb", "ec_p384", &["cert", "key"]),
        ("apigateway-regional", "self_signed", &["cert", "key"]),
    ];
    for (service, dir, inputs) in sets {
        let paths: Vec<(String, String)> = inputs
            .iter()
            .map(|i| (format!("--{i}"), fx(&format!("{dir}/{i}.pem"))))
            .filter(|(_, p)| std::path::Path::new(p).exists())
            .collect();
        let mut args: Vec<&str> = vec!["--format", "json"];
        for (flag, path) in &paths {
            args.extend([flag.as_str(), path.as_str()]);
        }
        let o = check(service, &args);
        conforms(
            &report,
            &json(&o),
            &format!("check --service {service} ({dir})"),
        );
        // The same report, one line.
        let line_args: Vec<&str> = args
            .iter()
            .map(|a| if *a == "json" { "jsonl" } else { a })
            .collect();
        for line in jsonl(&check(service, &line_args)) {
            conforms(
                &report,
                &line,
                &format!("check --service {service} --format jsonl ({dir})"),
            );
        }
    }
    // Incomplete: a certificate alone for a target that needs the key; RDS without a bundle.
    let leaf = fx("rsa2048_good/cert.pem");
    let o = check("acm", &["--cert", &leaf, "--format", "json"]);
    let value = json(&o);
    assert_eq!(value["verdict"], "incomplete");
    conforms(&report, &value, "an incomplete ACM check");

    // Every target at once, and one jsonl line per target.
    let matrix = validator("matrix");
    let value = json(&good("all", &["--format", "json"]));
    assert!(value["targets"].as_array().unwrap().len() >= 10);
    conforms(&matrix, &value, "check --service all");
    let target = validator("target");
    let lines = jsonl(&good("acm,transfer,iot", &["--format", "jsonl"]));
    assert_eq!(lines.len(), 3);
    for line in &lines {
        conforms(
            &target,
            line,
            "check --service acm,transfer,iot --format jsonl",
        );
    }

    // inspect: every fixture, recursively (PEM, DER, PKCS#7, PKCS#12 without its password,
    // garbage), as one document and as lines.
    let all = fx("");
    let inspect = validator("inspect");
    let value = json(&run(&[
        "inspect", "-r", &all, "--at", AT, "--format", "json",
    ]));
    assert!(
        value.as_array().unwrap().len() > 50,
        "inspect read the fixtures"
    );
    conforms(&inspect, &value, "inspect -r tests/fixtures");
    let entry = validator("inspect_entry");
    for line in jsonl(&run(&[
        "inspect",
        &fx("inspect"),
        "--at",
        AT,
        "--format",
        "jsonl",
    ])) {
        conforms(&entry, &line, "inspect --format jsonl");
    }

    // Fleet mode: devices checked against a CA, and without one (a first ca_finding line).
    let fleet = validator("fleet");
    let (devices, ca) = (fx("iot"), fx("iot/ca.pem"));
    let o = check(
        "iot",
        &["--cert", &devices, "--chain", &ca, "--format", "json"],
    );
    let value = json(&o);
    assert!(value["devices"].as_array().unwrap().len() > 3);
    conforms(&fleet, &value, "fleet mode --format json");
    let line = validator("fleet_line");
    let lines = jsonl(&check("iot", &["--cert", &devices, "--format", "jsonl"]));
    assert!(
        lines[0].get("ca_finding").is_some(),
        "without a CA the first line is about it"
    );
    for l in &lines {
        conforms(&line, l, "fleet mode --format jsonl");
    }
}

#[test]
fn the_schema_rejects_a_report_that_drifts() {
    let v = validator("report");
    let good_report = json(&good("acm", &["--format", "json"]));
    conforms(&v, &good_report, "the good ACM report");
    // A documented field left out, a field nobody documented, a code that does not exist.
    let mut missing = good_report.clone();
    missing["findings"] = serde_json::json!([]);
    missing.as_object_mut().unwrap().remove("import_command");
    let mut extra = good_report.clone();
    extra["certificates"][0]["surprise"] = serde_json::json!(1);
    let mut bad_code = good_report.clone();
    bad_code["findings"] = serde_json::json!([{
        "severity": "error", "code": "no-such-code", "message": "m", "fix": null,
        "aws_error": null, "source": "s", "rule": "acm.x", "confirmed": true,
        "needs": null, "subject": null, "index": null
    }]);
    for (what, instance) in [
        ("missing", missing),
        ("extra", extra),
        ("bad code", bad_code),
    ] {
        assert!(
            !v.is_valid(&instance),
            "the schema accepts a report with a {what} field"
        );
    }
}

#[test]
fn the_schema_documents_every_field_the_engine_writes_and_the_readme_names_them() {
    let schema = schema_file();
    let defs = schema["$defs"].as_object().unwrap();
    // Every object definition: all its properties required (always present), none other.
    for (name, def) in defs {
        let Some(props) = def.get("properties").and_then(|p| p.as_object()) else {
            continue;
        };
        let mut required: Vec<&str> = def["required"]
            .as_array()
            .unwrap_or_else(|| panic!("{name} lists what is required"))
            .iter()
            .map(|r| r.as_str().unwrap())
            .collect();
        let mut keys: Vec<&str> = props.keys().map(String::as_str).collect();
        required.sort_unstable();
        keys.sort_unstable();
        assert_eq!(
            required, keys,
            "{name}: every documented field is always present"
        );
        assert_eq!(
            def["additionalProperties"], false,
            "{name}: no undocumented field"
        );
    }
    // The enums are the engine's.
    let strings = |v: &serde_json::Value| -> Vec<String> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|s| s.as_str().unwrap().to_string())
            .collect()
    };
    let codes: Vec<String> = certpreflight::Code::ALL
        .iter()
        .map(|c| c.as_str().to_string())
        .collect();
    assert_eq!(
        strings(&defs["code"]["enum"]),
        codes,
        "the schema's codes are the engine's"
    );
    let mut inputs: Vec<String> = ["certificate", "private_key", "chain", "trust", "password"]
        .map(String::from)
        .to_vec();
    inputs.extend(certpreflight::OptionName::ALL.iter().map(|o| {
        serde_json::to_value(certpreflight::InputName::Option(*o))
            .unwrap()
            .as_str()
            .unwrap()
            .to_string()
    }));
    assert_eq!(
        strings(&defs["input_name"]["enum"]),
        inputs,
        "the schema's input names are the engine's"
    );
    // The README's contract names every field of the check and matrix outputs.
    let readme =
        std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"))
            .unwrap();
    let start = readme
        .find("## The JSON report")
        .expect("README has the JSON contract");
    let section = &readme[start..];
    let section = &section[..section[3..].find("\n## ").map_or(section.len(), |e| e + 3)];
    for def in [
        "report",
        "certificate",
        "key_description",
        "key",
        "chain",
        "link",
        "anchor",
        "finding",
        "command",
        "target",
        "matrix",
        "inspect_report",
        "inspect_entry",
    ] {
        for field in defs[def]["properties"].as_object().unwrap().keys() {
            assert!(
                section.contains(&format!("\"{field}\"")),
                "README's JSON contract does not name {def}.{field}"
            );
        }
    }
    assert!(
        section.contains("schema/certpreflight.schema.json"),
        "README points to the schema"
    );
}

// --- Pipeline formats: SARIF and JUnit (read back by real consumers in tests/pipeline/) ---

fn sarif_of(o: &Output) -> serde_json::Value {
    let v = json(o);
    assert_eq!(v["version"], "2.1.0");
    v
}

#[test]
fn sarif_has_a_result_per_finding_at_its_file_and_line() {
    let [c, k, ch] = ["cert", "key", "chain"].map(|f| fx(&format!("chain_reversed/{f}.pem")));
    let args = [
        "--cert",
        c.as_str(),
        "--key",
        k.as_str(),
        "--chain",
        ch.as_str(),
    ];
    let report = json(&check("acm", &[&args[..], &["--format", "json"]].concat()));
    let o = check("acm", &[&args[..], &["--format", "sarif"]].concat());
    assert_eq!(code(&o), 1, "a failing check exits 1 in any format");
    let log = sarif_of(&o);
    let run = &log["runs"][0];
    let findings = report["findings"].as_array().unwrap();
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), findings.len(), "one result per finding");
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    for (f, r) in findings.iter().zip(results) {
        assert_eq!(r["ruleId"], f["rule"]);
        let level = match f["severity"].as_str().unwrap() {
            "info" => "note",
            s => s,
        };
        assert_eq!(r["level"], level);
        assert!(r["message"]["text"]
            .as_str()
            .unwrap()
            .starts_with(f["message"].as_str().unwrap()));
        assert_eq!(
            rules[r["ruleIndex"].as_u64().unwrap() as usize]["id"],
            f["rule"]
        );
        if let Some(aws) = f["aws_error"].as_str() {
            assert!(
                r["message"]["text"].as_str().unwrap().contains(aws),
                "AWS's text is in the result"
            );
        }
    }
    // The chain-order error points at the chain file, at its first certificate block's line.
    let order = results
        .iter()
        .find(|r| r["ruleId"] == "acm.chain-order")
        .unwrap();
    let place = &order["locations"][0]["physicalLocation"];
    assert!(place["artifactLocation"]["uri"]
        .as_str()
        .unwrap()
        .ends_with("chain_reversed/chain.pem"));
    assert_eq!(place["region"]["startLine"], 1);
    // Each rule once, with its source as the help.
    let mut ids: Vec<&str> = rules.iter().map(|r| r["id"].as_str().unwrap()).collect();
    let n = ids.len();
    ids.dedup();
    assert_eq!(ids.len(), n, "each rule once");
    let chain_rule = rules.iter().find(|r| r["id"] == "acm.chain-order").unwrap();
    assert!(chain_rule["help"]["text"]
        .as_str()
        .unwrap()
        .contains("ACM-UG import-certificate-format"));
    assert_eq!(chain_rule["defaultConfiguration"]["level"], "error");
    assert_eq!(run["properties"]["verdicts"]["acm"], "fail");
}

#[test]
fn sarif_for_several_targets_reports_a_shared_finding_once() {
    let leaf = fx("rsa2048_good/cert_crlf.pem");
    let (k, ch) = (fx("rsa2048_good/key.pem"), fx("rsa2048_good/chain.pem"));
    let o = check(
        "all",
        &[
            "--cert", &leaf, "--key", &k, "--chain", &ch, "--format", "sarif",
        ],
    );
    let log = sarif_of(&o);
    let results = log["runs"][0]["results"].as_array().unwrap();
    let mut seen: Vec<(String, String)> = Vec::new();
    for r in results {
        let key = (r["ruleId"].to_string(), r["message"]["text"].to_string());
        assert!(!seen.contains(&key), "a result repeated: {key:?}");
        seen.push(key);
        assert!(!r["properties"]["targets"].as_array().unwrap().is_empty());
    }
    let shared = results
        .iter()
        .filter(|r| r["properties"]["targets"].as_array().unwrap().len() > 1)
        .count();
    assert!(shared > 0, "some finding is common to several targets");
    let verdicts = log["runs"][0]["properties"]["verdicts"]
        .as_object()
        .unwrap();
    assert_eq!(verdicts.len(), certpreflight::matrix_targets().len());
}

#[test]
fn junit_has_a_case_per_target_failures_with_aws_text_and_incomplete_as_skipped() {
    let (c, ch) = (
        fx("chain_reversed/cert.pem"),
        fx("chain_reversed/chain.pem"),
    );
    let o = check("all", &["--cert", &c, "--chain", &ch, "--format", "junit"]);
    let xml = text(&o);
    let matrix = json(&check(
        "all",
        &["--cert", &c, "--chain", &ch, "--format", "json"],
    ));
    let targets = matrix["targets"].as_array().unwrap();
    let count = |v: &str| targets.iter().filter(|t| t["verdict"] == v).count();
    assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites"));
    assert_eq!(xml.matches("<testcase ").count(), targets.len());
    assert_eq!(xml.matches("<failure ").count(), count("fail"));
    assert_eq!(xml.matches("<skipped ").count(), count("incomplete"));
    assert!(xml.contains(&format!(
        "tests=\"{}\" failures=\"{}\"",
        targets.len(),
        count("fail")
    )));
    assert!(xml.contains("AWS says: Unable to validate certificate chain."));
    // Quotes in messages are escaped, never raw inside an attribute.
    assert!(!xml.contains("message=\"The path ends at the private root \""));
    // A target that needs the key is skipped with what to give, not passed.
    let (leaf, chain) = (fx("rsa2048_good/cert.pem"), fx("rsa2048_good/chain.pem"));
    let without_key = |format| {
        check(
            "iam-server",
            &["--cert", &leaf, "--chain", &chain, "--format", format],
        )
    };
    assert_eq!(json(&without_key("json"))["verdict"], "incomplete");
    let xml = text(&without_key("junit"));
    assert!(
        xml.contains(
            "<skipped message=\"incomplete: nothing wrong so far; give --key FILE to finish\"/>"
        ),
        "{xml}"
    );
}

#[test]
fn pipeline_formats_cover_a_fleet_and_follow_the_files_fix_writes() {
    // A fleet: a result per device finding at the device's block, a case per device.
    let (devices, ca) = (fx("iot"), fx("iot/ca.pem"));
    let fleet = |format| {
        check(
            "iot",
            &["--cert", &devices, "--chain", &ca, "--format", format],
        )
    };
    let report = json(&fleet("json"));
    let listed: Vec<&serde_json::Value> = report["devices"].as_array().unwrap().iter().collect();
    let o = fleet("sarif");
    assert_eq!(
        code(&o),
        1,
        "a fleet with failing devices exits 1 in any format"
    );
    let log = sarif_of(&o);
    let results = log["runs"][0]["results"].as_array().unwrap();
    let per_device: usize = listed
        .iter()
        .map(|d| d["errors"].as_array().unwrap().len() + d["warnings"].as_array().unwrap().len())
        .sum();
    let ca_findings = report["ca_findings"].as_array().unwrap().len();
    assert_eq!(results.len(), per_device + ca_findings);
    let rsa1024 = results
        .iter()
        .find(|r| {
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                .as_str()
                .unwrap()
                .ends_with("iot/device_rsa1024.pem")
        })
        .expect("the RSA-1024 device has a result");
    assert_eq!(rsa1024["level"], "error");
    let xml = text(&fleet("junit"));
    let failed = listed.iter().filter(|d| d["verdict"] == "fail").count();
    assert_eq!(
        xml.matches("<testcase ").count(),
        listed.len() + usize::from(ca_findings > 0)
    );
    assert_eq!(
        xml.matches("<failure ").count(),
        failed
            + usize::from(
                report["ca_findings"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|f| f["severity"] == "error")
            )
    );
    // Without a CA, its case is incomplete: skipped, with what to give.
    let xml = text(&check("iot", &["--cert", &devices, "--format", "junit"]));
    assert!(xml.contains("name=\"iot: the CA (not given)\">\n      <skipped message=\"incomplete: nothing wrong so far; give --chain FILE to finish\"/>"), "{xml}");
    let o = fix_fullchain("fix-sarif", "sarif");
    let log = sarif_of(&o);
    let uris: Vec<String> = log["runs"][0]["artifacts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["location"]["uri"].as_str().unwrap().to_string())
        .collect();
    assert!(
        uris.iter()
            .any(|u| u.ends_with("/cert.pem") && u.contains("fix-sarif")),
        "{uris:?}"
    );
}
