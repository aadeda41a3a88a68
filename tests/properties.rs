//! Property tests: real fixtures (certificates, keys, chains, PKCS#7, PKCS#12, DER), mutated
//! the ways files get damaged in transit (bit flips, truncation, duplicated or swapped PEM
//! blocks, junk lines, huge DER lengths, CRLF, byte-order marks), then put through `inspect`
//! and through `check` for every service. Never a panic, always a report, and the report's
//! invariants hold. 256 cases per property keeps the suite fast.
#![cfg(not(target_arch = "wasm32"))]

use base64::Engine as _;
use certpreflight::{
    check, inspect, parse_rfc3339, CertificateReport, Report, Request, ServiceId, Severity, Verdict,
};
use proptest::prelude::*;
use proptest::sample::Index;

const FIXTURES: &[&str] = &[
    "rsa2048_good/cert.pem",
    "rsa2048_good/cert.der",
    "rsa2048_good/key.pem",
    "rsa2048_good/key_pkcs8.pem",
    "rsa2048_good/key.der",
    "rsa2048_good/key_encrypted_pkcs8.pem",
    "rsa2048_good/key_encrypted_legacy.pem",
    "rsa2048_good/chain.pem",
    "rsa2048_good/fullchain.pem",
    "rsa2048_good/chain.p7b",
    "rsa2048_good/chain_p7b.der",
    "rsa2048_good/cert_with_text.pem",
    "ec_p256/cert.pem",
    "ec_p256/key_with_params.pem",
    "ec_p384/chain.pem",
    "ec_p521/key.pem",
    "ed25519/key.pem",
    "rsa_pss/cert.pem",
    "chain_reversed/chain.pem",
    "iot/device.pem",
];

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Every `.p12`/`.pfx` fixture too (their names belong to the PKCS#12 fixtures).
fn all_fixtures() -> Vec<(String, Vec<u8>)> {
    let mut out: Vec<(String, Vec<u8>)> = FIXTURES
        .iter()
        .map(|n| (n.to_string(), fixture(n)))
        .collect();
    let dir = format!("{}/tests/fixtures", env!("CARGO_MANIFEST_DIR"));
    let mut todo = vec![std::path::PathBuf::from(dir)];
    while let Some(d) = todo.pop() {
        for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let p = e.path();
            if p.is_dir() {
                todo.push(p);
            } else if p.extension().is_some_and(|x| x == "p12" || x == "pfx") {
                out.push((p.display().to_string(), std::fs::read(&p).unwrap()));
            }
        }
    }
    out.sort();
    out
}

/// One way a file gets damaged.
#[derive(Debug, Clone)]
enum Mutation {
    FlipBit(Index, u8),
    Truncate(Index),
    DuplicateBlock(Index),
    SwapBlocks(Index, Index),
    InsertJunkLine(Index, usize),
    /// A junk line just before a PEM block (text around blocks, as tools write it).
    JunkBeforeBlock(Index, usize),
    /// A DER length inside a PEM block (or a DER file) replaced by a huge one.
    HugeDerLength(Index, Index, usize),
    /// A bit flipped in the DER inside a PEM block, re-encoded (so the PEM stays valid).
    FlipDerBit(Index, Index, u8),
    Crlf,
    InsertBom(Index),
}

const JUNK: &[&str] = &[
    "Bag Attributes",
    "    localKeyID: 01 02 03",
    "subject=/CN=www.example.com",
    "-----BEGIN CERTIFICATE-----",
    "-----END CERTIFICATE-----",
    "-----BEGIN PRIVATE KEY-----",
    "-----END RSA PRIVATE KEY-----",
    "Proc-Type: 4,ENCRYPTED",
    "MIIB",
    "====",
    "\u{0}\u{1}\u{7f}",
    "\u{feff}",
    "é ü 证书 🔐",
    "\t \t ",
];

/// Huge length encodings: 4 and 8 length bytes of 0xFF, an indefinite length, 0x89 (9 bytes).
const HUGE_LENGTHS: &[&[u8]] = &[
    &[0x84, 0xFF, 0xFF, 0xFF, 0xFF],
    &[0x88, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF],
    &[0x80],
    &[0x89, 0x01, 0, 0, 0, 0, 0, 0, 0, 0],
    &[0x82, 0xFF, 0xFF],
];

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<Index>(), 0u8..8).prop_map(|(i, b)| Mutation::FlipBit(i, b)),
        any::<Index>().prop_map(Mutation::Truncate),
        any::<Index>().prop_map(Mutation::DuplicateBlock),
        (any::<Index>(), any::<Index>()).prop_map(|(a, b)| Mutation::SwapBlocks(a, b)),
        (any::<Index>(), 0..JUNK.len()).prop_map(|(i, j)| Mutation::InsertJunkLine(i, j)),
        (any::<Index>(), 0..JUNK.len()).prop_map(|(i, j)| Mutation::JunkBeforeBlock(i, j)),
        (any::<Index>(), any::<Index>(), 0..HUGE_LENGTHS.len())
            .prop_map(|(b, p, h)| Mutation::HugeDerLength(b, p, h)),
        (any::<Index>(), any::<Index>(), 0u8..8)
            .prop_map(|(b, p, bit)| Mutation::FlipDerBit(b, p, bit)),
        Just(Mutation::Crlf),
        any::<Index>().prop_map(Mutation::InsertBom),
    ]
}

/// PEM blocks by byte range, BEGIN line to END line inclusive.
fn blocks(data: &[u8]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(b) = find(&data[from..], b"-----BEGIN ").map(|i| i + from) {
        let Some(e) = find(&data[b..], b"-----END ").map(|i| i + b) else {
            break;
        };
        let end = find(&data[e + 9..], b"-----").map_or(data.len(), |i| e + 9 + i + 5);
        out.push((b, end));
        from = end;
    }
    out
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Applies `f` to the DER inside a PEM block (or to the whole input when it is not PEM).
fn with_der(data: &[u8], block: Index, f: impl FnOnce(&mut Vec<u8>)) -> Vec<u8> {
    let bs = blocks(data);
    if bs.is_empty() {
        let mut der = data.to_vec();
        f(&mut der);
        return der;
    }
    let (b, e) = bs[block.index(bs.len())];
    let Ok(parsed) = pem::parse(&data[b..e]) else {
        return data.to_vec();
    };
    let mut der = parsed.contents().to_vec();
    f(&mut der);
    let encoded = pem::encode(&pem::Pem::new(parsed.tag(), der));
    [&data[..b], encoded.trim_end().as_bytes(), &data[e..]].concat()
}

fn apply(data: &[u8], m: &Mutation) -> Vec<u8> {
    let mut out = data.to_vec();
    match m {
        Mutation::FlipBit(i, bit) if !out.is_empty() => {
            let i = i.index(out.len());
            out[i] ^= 1 << bit;
        }
        Mutation::Truncate(i) => out.truncate(i.index(data.len() + 1)),
        Mutation::DuplicateBlock(i) => {
            let bs = blocks(data);
            if !bs.is_empty() {
                let (b, e) = bs[i.index(bs.len())];
                let copy = [&data[b..e], b"\n"].concat();
                out.splice(b..b, copy);
            }
        }
        Mutation::SwapBlocks(x, y) => {
            let bs = blocks(data);
            if bs.len() >= 2 {
                let (mut a, mut b) = (x.index(bs.len()), y.index(bs.len()));
                if a > b {
                    std::mem::swap(&mut a, &mut b);
                }
                if a != b {
                    let ((a0, a1), (b0, b1)) = (bs[a], bs[b]);
                    out = [
                        &data[..a0],
                        &data[b0..b1],
                        &data[a1..b0],
                        &data[a0..a1],
                        &data[b1..],
                    ]
                    .concat();
                }
            }
        }
        Mutation::InsertJunkLine(i, j) => {
            // At a line start when there is one near, else anywhere.
            let at = i.index(data.len() + 1);
            let at = data[..at]
                .iter()
                .rposition(|b| *b == b'\n')
                .map_or(0, |p| p + 1);
            out.splice(at..at, format!("{}\n", JUNK[*j]).into_bytes());
        }
        Mutation::JunkBeforeBlock(i, j) => {
            let bs = blocks(data);
            let at = if bs.is_empty() {
                0
            } else {
                bs[i.index(bs.len())].0
            };
            out.splice(at..at, format!("{}\n", JUNK[*j]).into_bytes());
        }
        Mutation::HugeDerLength(block, pos, h) => {
            out = with_der(data, *block, |der| {
                if der.len() > 2 {
                    // The byte after a tag at `pos`: replace that length's first byte.
                    let p = 1 + pos.index(der.len() - 1);
                    der.splice(p..p + 1, HUGE_LENGTHS[*h].iter().copied());
                }
            });
        }
        Mutation::FlipDerBit(block, pos, bit) => {
            out = with_der(data, *block, |der| {
                if !der.is_empty() {
                    let p = pos.index(der.len());
                    der[p] ^= 1 << bit;
                }
            });
        }
        Mutation::Crlf => {
            out = Vec::with_capacity(data.len() * 2);
            for &b in data {
                if b == b'\n' {
                    out.push(b'\r');
                }
                out.push(b);
            }
        }
        Mutation::InsertBom(i) => {
            // Usually at the start, as editors write it; sometimes anywhere.
            let at = if i.index(4) == 0 {
                i.index(data.len() + 1)
            } else {
                0
            };
            out.splice(at..at, b"\xEF\xBB\xBF".iter().copied());
        }
        _ => {}
    }
    out
}

fn at() -> i64 {
    parse_rfc3339("2026-06-01T00:00:00Z").unwrap()
}

fn is_hex(s: &str, len: usize) -> bool {
    s.len() == len && s.bytes().all(|b| b.is_ascii_hexdigit())
}

fn assert_certificate(c: &CertificateReport) {
    assert!(is_hex(&c.sha1, 40), "sha1 {:?}", c.sha1);
    assert!(is_hex(&c.sha256, 64), "sha256 {:?}", c.sha256);
}

fn assert_report(report: &Report) {
    let has_error = report
        .findings
        .iter()
        .any(|f| f.severity == Severity::Error);
    assert_eq!(
        report.verdict == Verdict::Fail,
        has_error,
        "verdict {:?} with findings {:?}",
        report.verdict,
        report.findings
    );
    assert!(
        report
            .findings
            .windows(2)
            .all(|w| w[0].severity <= w[1].severity),
        "not sorted: {:?}",
        report.findings
    );
    for f in &report.findings {
        assert!(!f.message.is_empty(), "{f:?}");
        assert!(!f.source.is_empty(), "{f:?}");
    }
    report.certificates.iter().for_each(assert_certificate);
}

/// The good RSA set, to fill the fields the mutated input does not take.
struct Good {
    cert: Vec<u8>,
    key: Vec<u8>,
    chain: Vec<u8>,
}

fn good() -> Good {
    Good {
        cert: fixture("rsa2048_good/cert.pem"),
        key: fixture("rsa2048_good/key.pem"),
        chain: fixture("rsa2048_good/chain.pem"),
    }
}

/// Checks `damaged` in field `field` (0 certificate, 1 key, 2 chain, 3 bundle, 4 all of them),
/// the other fields good, for every service.
fn check_everywhere(damaged: &[u8], field: usize, good: &Good) {
    for service in ServiceId::ALL {
        let mut r = Request::new(service, at());
        r.certificate = Some(&good.cert);
        r.private_key = Some(&good.key);
        r.chain = Some(&good.chain);
        match field {
            0 => r.certificate = Some(damaged),
            1 => r.private_key = Some(damaged),
            2 => r.chain = Some(damaged),
            3 => r.bundle = Some(damaged),
            _ => {
                r.certificate = Some(damaged);
                r.private_key = Some(damaged);
                r.chain = Some(damaged);
                r.bundle = Some(damaged);
            }
        }
        let report = check(&r);
        assert_report(&report);
        assert!(!report.findings.is_empty(), "{service:?}: no finding");
    }
}

fn inspect_sound(damaged: &[u8]) {
    let report = inspect(damaged, at());
    assert!(!report.kind.is_empty());
    for f in &report.findings {
        assert!(!f.message.is_empty() && !f.source.is_empty(), "{f:?}");
    }
    report.certificates.iter().for_each(assert_certificate);
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 256,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    /// One to three mutations of a fixture, in one field (or all), for every service.
    #[test]
    fn mutated_fixtures_always_give_a_sound_report(
        which in any::<Index>(),
        mutations in prop::collection::vec(mutation(), 1..4),
        field in 0usize..5,
    ) {
        let fixtures = all_fixtures();
        let (_, original) = &fixtures[which.index(fixtures.len())];
        let damaged = mutations.iter().fold(original.clone(), |d, m| apply(&d, m));
        inspect_sound(&damaged);
        check_everywhere(&damaged, field, &good());
    }

    /// PEM structure only (blocks duplicated, swapped, junk between them, CRLF, BOM) on
    /// chains and bundles: whatever the order, every certificate still decodes with its
    /// fingerprints, and the counts add up.
    #[test]
    fn reshuffled_pem_keeps_every_certificate(
        which in 0usize..4,
        mutations in prop::collection::vec(
            prop_oneof![
                any::<Index>().prop_map(Mutation::DuplicateBlock),
                (any::<Index>(), any::<Index>()).prop_map(|(a, b)| Mutation::SwapBlocks(a, b)),
                (any::<Index>(), 0usize..3).prop_map(|(i, j)| Mutation::JunkBeforeBlock(i, j)),
                Just(Mutation::Crlf),
            ],
            1..5,
        ),
    ) {
        let name = ["rsa2048_good/fullchain.pem", "rsa2048_good/chain.pem", "ec_p384/chain.pem", "chain_reversed/chain.pem"][which];
        let damaged = mutations.iter().fold(fixture(name), |d, m| apply(&d, m));
        let blocks = String::from_utf8_lossy(&damaged).matches("-----BEGIN CERTIFICATE-----").count();
        let report = inspect(&damaged, at());
        prop_assert_eq!(report.certificates.len(), blocks);
        report.certificates.iter().for_each(assert_certificate);
        check_everywhere(&damaged, 2, &good());
    }

    /// Arbitrary base64 and bytes where a PEM body belongs.
    #[test]
    fn random_pem_bodies_are_reported(
        body in prop::collection::vec(any::<u8>(), 0..600),
        label in 0usize..4,
    ) {
        let label = ["CERTIFICATE", "PRIVATE KEY", "RSA PRIVATE KEY", "EC PRIVATE KEY"][label];
        let b64 = base64::engine::general_purpose::STANDARD.encode(&body);
        let text = format!("-----BEGIN {label}-----\n{b64}\n-----END {label}-----\n");
        inspect_sound(text.as_bytes());
        check_everywhere(text.as_bytes(), if label == "CERTIFICATE" { 0 } else { 1 }, &good());
    }
}
