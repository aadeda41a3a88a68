//! The engine's fingerprints, key sizes and key matching agree with the openssl CLI.
#![cfg(not(target_arch = "wasm32"))]

use certpreflight::{check, inspect, Request, ServiceId};
use std::path::{Path, PathBuf};
use std::process::Command;

/// 2026-06-01T00:00:00Z
const AT: i64 = 1_780_272_000;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn facts() -> serde_json::Map<String, serde_json::Value> {
    let text = std::fs::read_to_string(root().join("openssl_facts.json")).unwrap();
    match serde_json::from_str(&text).unwrap() {
        serde_json::Value::Object(m) => m,
        other => panic!("openssl_facts.json is not an object: {other}"),
    }
}

#[test]
fn fingerprints_bits_subject_and_dates_match_openssl() {
    let facts = facts();
    assert!(facts.len() >= 30, "only {} facts", facts.len());
    let mut problems = Vec::new();
    for (file, f) in &facts {
        let bytes = std::fs::read(root().join(file)).unwrap();
        let r = inspect(&bytes, AT);
        assert_eq!(r.certificates.len(), 1, "{file}");
        let c = &r.certificates[0];
        let want = |k: &str| {
            f[k].as_str()
                .unwrap_or_else(|| panic!("{file}: {k}"))
                .to_string()
        };
        if c.sha1 != want("sha1") {
            problems.push(format!(
                "{file}: sha1 {} vs openssl {}",
                c.sha1,
                want("sha1")
            ));
        }
        if c.sha256 != want("sha256") {
            problems.push(format!(
                "{file}: sha256 {} vs openssl {}",
                c.sha256,
                want("sha256")
            ));
        }
        // openssl reports no bit count for Ed25519; see ed25519_bits_match_openssl.
        if c.key.algorithm != "Ed25519" {
            let bits = f["bits"].as_u64().map(|b| b as u32);
            if c.key.bits != bits {
                problems.push(format!("{file}: bits {:?} vs openssl {bits:?}", c.key.bits));
            }
        }
        // "2027-01-01 00:00:00Z" → "2027-01-01T00:00:00Z"
        let not_after = want("not_after_iso8601").replacen(' ', "T", 1);
        if c.not_after != not_after {
            problems.push(format!(
                "{file}: not_after {} vs openssl {not_after}",
                c.not_after
            ));
        }
        // openssl's RFC 2253 order is reversed for multi-RDN names; compare the set of RDNs.
        let mut ours: Vec<String> = c.subject.split(", ").map(str::to_string).collect();
        let mut theirs: Vec<String> = want("subject").split(',').map(str::to_string).collect();
        ours.sort();
        theirs.sort();
        if ours != theirs {
            problems.push(format!(
                "{file}: subject {:?} vs openssl {:?}",
                c.subject,
                want("subject")
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn ed25519_bits_match_openssl() {
    let facts = facts();
    let f = &facts["ed25519/cert.pem"];
    let r = inspect(&std::fs::read(root().join("ed25519/cert.pem")).unwrap(), AT);
    assert_eq!(
        r.certificates[0].key.bits,
        f["bits"].as_u64().map(|b| b as u32)
    );
}

/// (certificate, key) pairs: every scenario's cert.pem with each of its key files, and the
/// IoT and Transfer certificates with theirs.
fn pairs() -> Vec<(PathBuf, PathBuf)> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(root()).unwrap().flatten() {
        let dir = entry.path();
        if !dir.join("cert.pem").is_file() {
            continue;
        }
        for k in ["key.pem", "key_pkcs8.pem", "key_with_params.pem"] {
            if dir.join(k).is_file() {
                out.push((dir.join("cert.pem"), dir.join(k)));
            }
        }
    }
    for (c, k) in [
        ("iot/device.pem", "iot/device_key.pem"),
        ("iot/device_ec.pem", "iot/device_ec_key.pem"),
        ("iot/device_rsa1024.pem", "iot/device_rsa1024_key.pem"),
        ("iot/device_sha1.pem", "iot/device_sha1_key.pem"),
        ("iot/ca.pem", "iot/ca_key.pem"),
        ("iot/device.pem", "iot/ca_key.pem"),
        ("iot/verification.pem", "iot/verification_key.pem"),
        ("transfer/as2_signing.pem", "transfer/as2_signing_key.pem"),
        (
            "transfer/as2_signing.pem",
            "transfer/as2_encryption_key.pem",
        ),
        ("rsa2048_good/cert.pem", "ec_p256/key.pem"),
    ] {
        out.push((root().join(c), root().join(k)));
    }
    out.sort();
    out
}

fn openssl(args: &[&str], file: &Path) -> Vec<u8> {
    let out = Command::new("openssl")
        .args(args)
        .arg(file)
        .output()
        .expect("run openssl");
    assert!(
        out.status.success(),
        "openssl {args:?} {}: {}",
        file.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

#[test]
fn key_matching_agrees_with_openssl() {
    if Command::new("openssl").arg("version").output().is_err() {
        println!("NOTE: openssl is not on PATH; key_matching_agrees_with_openssl skipped");
        return;
    }
    let pairs = pairs();
    assert!(pairs.len() >= 30);
    let (mut matched, mut mismatched) = (0, 0);
    let mut problems = Vec::new();
    for (cert_path, key_path) in &pairs {
        let name = format!(
            "{} + {}",
            cert_path.strip_prefix(root()).unwrap().display(),
            key_path.strip_prefix(root()).unwrap().display()
        );
        let theirs = openssl(&["x509", "-pubkey", "-noout", "-in"], cert_path)
            == openssl(&["pkey", "-pubout", "-in"], key_path);
        let (cert, key) = (
            std::fs::read(cert_path).unwrap(),
            std::fs::read(key_path).unwrap(),
        );
        let mut req = Request::new(ServiceId::Acm, AT);
        req.certificate = Some(&cert);
        req.private_key = Some(&key);
        let r = check(&req);
        // Ed25519 keys too: RustCrypto derives the public key from the seed.
        let ours = r.key.as_ref().and_then(|k| k.matches_certificate);
        if ours != Some(theirs) {
            problems.push(format!("{name}: engine {ours:?}, openssl {theirs}"));
        }
        let mismatch_finding = r.findings.iter().any(|f| f.code.as_str() == "key-mismatch");
        if mismatch_finding == theirs {
            problems.push(format!(
                "{name}: key-mismatch finding {mismatch_finding}, openssl equal {theirs}"
            ));
        }
        if theirs {
            matched += 1
        } else {
            mismatched += 1
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert!(
        matched >= 25 && mismatched >= 4,
        "matched {matched}, mismatched {mismatched}"
    );
}
