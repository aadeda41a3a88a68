//! How the `check` fuzz target turns bytes into requests, shared with the regression test
//! (tests/fuzz_regressions.rs includes this file) so a kept crash replays exactly.
//!
//! Two requests per input: the whole input as every field (so a fixture seed, one PEM or DER
//! file, is exercised as it is), then the input split by `arbitrary` into certificate, key,
//! chain, trust bundle, trusted roots, options and instant. Each is judged by every target from one analysis
//! (`check_all`), and by `check` for one target picked from the bytes.

use arbitrary::{Arbitrary, Unstructured};
use certpreflight::{check, check_all, Options, Report, Request, ServiceId, Severity, Verdict};

/// 2026-06-01T00:00:00Z, the instant the fixtures are evaluated at.
pub const AT: i64 = 1_780_272_000;

#[derive(Arbitrary, Debug)]
struct FuzzOptions {
    usage: Option<String>,
    active_date: Option<String>,
    inactive_date: Option<String>,
    description: Option<String>,
    new_status: Option<String>,
    user_name: Option<String>,
    certificate_id: Option<String>,
    status: Option<String>,
    name: Option<String>,
    path: Option<String>,
    ca_identifier: Option<String>,
    region: Option<String>,
    warn_days: Option<i64>,
}

#[derive(Arbitrary, Debug)]
struct Split<'a> {
    options: FuzzOptions,
    /// Any instant, including the extremes of i64.
    at: i64,
    certificate: Option<&'a [u8]>,
    private_key: Option<&'a [u8]>,
    chain: Option<&'a [u8]>,
    bundle: Option<&'a [u8]>,
    trust: Option<&'a [u8]>,
}

/// The target `check` runs alone for these bytes.
fn one_service(data: &[u8]) -> ServiceId {
    let pick = data.iter().fold(0usize, |a, b| {
        a.wrapping_mul(31).wrapping_add(usize::from(*b))
    });
    ServiceId::ALL[pick % ServiceId::ALL.len()]
}

/// The requests the `check` target runs for these bytes.
pub fn requests(data: &[u8]) -> Vec<Request<'_>> {
    let mut request = Request::new(one_service(data), AT);
    request.certificate = Some(data);
    request.private_key = Some(data);
    request.chain = Some(data);
    request.bundle = Some(data);
    request.trust = Some(data);
    let mut out = vec![request];
    let Ok(split) = Split::arbitrary(&mut Unstructured::new(data)) else {
        return out;
    };
    let o = split.options;
    let options = Options {
        usage: o.usage,
        active_date: o.active_date,
        inactive_date: o.inactive_date,
        description: o.description,
        new_status: o.new_status,
        user_name: o.user_name,
        certificate_id: o.certificate_id,
        status: o.status,
        name: o.name,
        path: o.path,
        ca_identifier: o.ca_identifier,
        region: o.region,
        warn_days: o.warn_days,
        ..Options::default()
    };
    let mut request = Request::new(one_service(data), split.at);
    request.certificate = split.certificate;
    request.private_key = split.private_key;
    request.chain = split.chain;
    request.bundle = split.bundle;
    request.trust = split.trust;
    request.options = options;
    out.push(request);
    out
}

/// Every report the `check` target makes for one request: each target of the matrix, and
/// the request's own target alone, which must be the matrix's report for it.
pub fn reports(request: &Request<'_>) -> Vec<Report> {
    let matrix = check_all(request, &ServiceId::ALL);
    let mut out: Vec<Report> = (0..matrix.targets.len())
        .filter_map(|i| matrix.report(i))
        .collect();
    let alone = check(request);
    let position = ServiceId::ALL.iter().position(|s| *s == request.service);
    assert_eq!(
        position.map(|i| &out[i]),
        Some(&alone),
        "check and check_all disagree"
    );
    out.push(alone);
    out
}

/// What must hold for every report, whatever the input: the verdict follows the errors,
/// findings come errors first, and each says what it is and where the rule comes from.
pub fn assert_sound(report: &Report) {
    let has_error = report
        .findings
        .iter()
        .any(|f| f.severity == Severity::Error);
    assert_eq!(report.verdict == Verdict::Fail, has_error, "{report:?}");
    assert!(
        report
            .findings
            .windows(2)
            .all(|w| w[0].severity <= w[1].severity),
        "findings not sorted: {:?}",
        report.findings
    );
    for f in &report.findings {
        assert!(!f.message.is_empty() && !f.source.is_empty(), "{f:?}");
    }
}
