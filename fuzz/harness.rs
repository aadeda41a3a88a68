//! How the `check` fuzz target turns bytes into requests, shared with the regression test
//! (tests/fuzz_regressions.rs includes this file) so a kept crash replays exactly.
//!
//! Two passes per input: the whole input as every field (so a fixture seed, one PEM or DER
//! file, is exercised as it is), then the input split by `arbitrary` into certificate, key,
//! chain, trust bundle, options and instant, each for every service.

use arbitrary::{Arbitrary, Unstructured};
use certpreflight::{Options, Report, Request, ServiceId, Severity, Verdict};

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
}

/// Every request the `check` target runs for these bytes.
pub fn requests(data: &[u8]) -> Vec<Request<'_>> {
    let mut out = Vec::new();
    for service in ServiceId::ALL {
        let mut request = Request::new(service, AT);
        request.certificate = Some(data);
        request.private_key = Some(data);
        request.chain = Some(data);
        request.bundle = Some(data);
        out.push(request);
    }
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
    for service in ServiceId::ALL {
        let mut request = Request::new(service, split.at);
        request.certificate = split.certificate;
        request.private_key = split.private_key;
        request.chain = split.chain;
        request.bundle = split.bundle;
        request.options = options.clone();
        out.push(request);
    }
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
