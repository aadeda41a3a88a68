//! Text output: the engine's report, matrix, inspection and fleet summary, in the terminal's
//! words (an input a finding needs is named by its flag).

use certpreflight::{
    AnchorKind, AnchorReport, DeviceResult, Finding, FleetSummary, InputName, InspectReport,
    Matrix, OptionName, Report, ServiceId, Severity, TargetResult, Verdict,
};

/// How the command line asks for an input.
pub(crate) fn flag(input: InputName) -> String {
    match input {
        InputName::Certificate => "--cert FILE".into(),
        InputName::PrivateKey => "--key FILE".into(),
        InputName::Chain => "--chain FILE".into(),
        InputName::Trust => "--trust FILE".into(),
        InputName::Password => "--password-file FILE (or CERTPREFLIGHT_PASSWORD)".into(),
        InputName::Option(OptionName::Bundle) => "--bundle FILE".into(),
        InputName::Option(OptionName::VerificationCert) => "--verification-cert FILE".into(),
        InputName::Option(o) => format!("--{} VALUE", o.flag()),
    }
}

pub(crate) fn finding(out: &mut String, f: &Finding) {
    let sev = match f.severity {
        Severity::Error => "ERROR  ",
        Severity::Warning => "WARNING",
        Severity::Info => "info   ",
    };
    out.push_str(&format!("{sev} [{}] {}\n", f.code, f.message));
    if let Some(fix) = &f.fix {
        out.push_str(&format!("        fix: {fix}\n"));
    }
    if let Some(input) = f.needs {
        out.push_str(&format!("        give: {}\n", flag(input)));
    }
    if let Some(aws) = &f.aws_error {
        out.push_str(&format!("        AWS says: {aws}\n"));
    }
    if !f.source.is_empty() {
        let doubt = if f.confirmed {
            ""
        } else {
            " (UNCONFIRMED: AWS's documentation does not settle this)"
        };
        out.push_str(&format!("        why: {} [{}]{doubt}\n", f.source, f.rule));
    }
}

fn plural(n: usize, one: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {one}s")
    }
}

pub(crate) fn report(r: &Report, service_name: &str) -> String {
    let mut out = format!(
        "{service_name} ({}), evaluated at {}\n",
        r.service, r.evaluated_at
    );
    out.push_str(&match r.verdict {
        Verdict::Pass => format!(
            "PASS: ready to import ({})\n\n",
            plural(r.warnings(), "warning")
        ),
        Verdict::Fail => format!(
            "FAIL: AWS would refuse it ({}, {})\n\n",
            plural(r.errors(), "error"),
            plural(r.warnings(), "warning")
        ),
        Verdict::Incomplete => format!(
            "INCOMPLETE: nothing wrong so far; give {} to finish\n\n",
            missing_words(&r.missing)
        ),
    });
    for f in &r.findings {
        finding(&mut out, f);
    }
    facts(&mut out, &r.certificates, r.key.as_ref(), r.chain.as_ref());
    if let Some(cmd) = &r.import_command {
        out.push_str(&format!("\nImport:\n  {cmd}\n"));
    }
    for c in &r.commands {
        out.push_str(&format!("\n{}:\n  {}\n", c.title, c.command));
    }
    out
}

/// The certificates, the key and the chain, once.
fn facts(
    out: &mut String,
    certificates: &[certpreflight::CertificateReport],
    key: Option<&certpreflight::KeyReport>,
    chain: Option<&certpreflight::ChainReport>,
) {
    if !certificates.is_empty() {
        out.push_str("\nCertificates:\n");
    }
    for c in certificates {
        let role = format!("{:?}", c.role).to_lowercase();
        out.push_str(&format!("  {role}[{}] {}\n", c.index, c.subject));
        out.push_str(&format!("      issuer {}\n", c.issuer));
        out.push_str(&format!(
            "      {}{}, {}, valid {} to {} ({} days left)\n",
            c.key
                .aws_key_algorithm
                .as_deref()
                .unwrap_or(&c.key.algorithm),
            c.key
                .bits
                .map(|b| format!(" ({b} bits)"))
                .unwrap_or_default(),
            c.signature_algorithm,
            c.not_before,
            c.not_after,
            c.days_remaining
        ));
        out.push_str(&format!(
            "      sha1 {}\n      sha256 {}\n",
            c.sha1, c.sha256
        ));
    }
    if let Some(k) = key {
        let m = match k.matches_certificate {
            Some(true) => "matches the certificate",
            Some(false) => "does NOT match the certificate",
            None => "not compared",
        };
        let size = match (k.bits, &k.curve) {
            (_, Some(curve)) => format!(" {curve}"),
            (Some(b), None) => format!(" {b}"),
            (None, None) => String::new(),
        };
        out.push_str(&format!(
            "\nKey: {}{size} ({}), {m}\n",
            k.algorithm, k.format
        ));
    }
    if let Some(c) = chain {
        out.push_str(&format!(
            "\nChain: {}; issuing order {:?}\nEnds at: {}\n",
            if c.in_order {
                "in order"
            } else {
                "out of order"
            },
            c.suggested_order,
            anchor(&c.anchor)
        ));
    }
}

/// Where the path ends, in words.
fn anchor(a: &AnchorReport) -> String {
    let at = a.at.as_deref().unwrap_or("");
    let place = match at {
        "built-in" => "built in, left out of the chain".to_string(),
        "" => String::new(),
        other if other.starts_with("trusted[") => format!("--trust, {other}"),
        other => other.to_string(),
    };
    let (what, place) = match a.kind {
        AnchorKind::Mozilla => ("a root on Mozilla's list", place),
        AnchorKind::Amazon => ("an Amazon Trust Services root", place),
        AnchorKind::Given => ("your trusted root", place),
        AnchorKind::Unknown if a.sha256.is_some() => {
            ("a root in no store (private, or not trusted)", place)
        }
        AnchorKind::Unknown => (
            "an issuer no store knows (private root, or missing intermediate)",
            place,
        ),
    };
    if place.is_empty() {
        format!("{what}: {}", a.subject)
    } else {
        format!("{what}: {} ({place})", a.subject)
    }
}

/// The matrix: one row per target, the shared facts once, then each failing target's
/// findings.
pub(crate) fn matrix(m: &Matrix) -> String {
    let mut out = format!(
        "Where this can go: {} target(s), evaluated at {}\n\n",
        m.targets.len(),
        m.evaluated_at
    );
    let width = m
        .targets
        .iter()
        .map(|t| t.service.len())
        .max()
        .unwrap_or(6)
        .max(6);
    out.push_str(&format!(
        "  {:<width$}  {:<7} {:>6} {:>8}  first error\n",
        "target", "verdict", "errors", "warnings"
    ));
    for t in &m.targets {
        let reason = match (&t.first_error, t.verdict) {
            (Some(e), _) => e.clone(),
            (None, Verdict::Incomplete) => format!("give {} to finish", missing_words(&t.missing)),
            (None, _) => "-".into(),
        };
        out.push_str(&format!(
            "  {:<width$}  {:<7} {:>6} {:>8}  {reason}\n",
            t.service,
            verdict_word(t),
            t.error_count(),
            t.warning_count(),
        ));
    }
    facts(&mut out, &m.certificates, m.key.as_ref(), m.chain.as_ref());
    for t in m.targets.iter().filter(|t| t.verdict == Verdict::Fail) {
        out.push_str(&format!("\n{} ({}): FAIL\n", t.name, t.service));
        for f in &t.findings {
            finding(&mut out, f);
        }
    }
    let passing: Vec<&str> = m
        .targets
        .iter()
        .filter(|t| t.verdict == Verdict::Pass)
        .map(|t| t.service.as_str())
        .collect();
    if !passing.is_empty() {
        out.push_str(&format!(
            "\nNo error for: {}. Their warnings and import commands: --service ID for one of them.\n",
            passing.join(", ")
        ));
    }
    out
}

fn verdict_word(t: &TargetResult) -> &'static str {
    match t.verdict {
        Verdict::Pass => "pass",
        Verdict::Fail => "FAIL",
        Verdict::Incomplete => "needs",
    }
}

/// The missing inputs, by their flags: "--key FILE and --chain FILE".
pub(crate) fn missing_words(missing: &[InputName]) -> String {
    let flags: Vec<String> = missing.iter().map(|m| flag(*m)).collect();
    match flags.as_slice() {
        [] => "nothing".into(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

pub(crate) fn inspect(out: &mut String, file: &str, r: &InspectReport) {
    out.push_str(&format!(
        "{file}: {} ({}, {})\n",
        r.kind,
        plural(r.certificates.len(), "certificate"),
        plural(r.keys.len(), "key")
    ));
    for c in &r.certificates {
        out.push_str(&format!(
            "  [{}] {}\n      issuer {}\n",
            c.index, c.subject, c.issuer
        ));
        out.push_str(&format!(
            "      serial {}  {}  {}  {} to {} ({} days left)\n",
            c.serial,
            c.key
                .aws_key_algorithm
                .as_deref()
                .unwrap_or(&c.key.algorithm),
            c.signature_algorithm,
            c.not_before,
            c.not_after,
            c.days_remaining
        ));
        if !c.sans.is_empty() {
            out.push_str(&format!("      SAN {}\n", c.sans.join(", ")));
        }
        out.push_str(&format!("      sha1 {}  sha256 {}\n", c.sha1, c.sha256));
    }
    for k in &r.keys {
        out.push_str(&format!(
            "  key: {} {} ({}{})\n",
            k.algorithm,
            k.bits.map(|b| b.to_string()).unwrap_or_default(),
            k.format,
            if k.encrypted { ", encrypted" } else { "" }
        ));
    }
    for f in &r.findings {
        finding(out, f);
    }
}

/// What a fleet summary shows.
pub(crate) struct FleetView<'a> {
    pub service: ServiceId,
    pub at: i64,
    pub ca_findings: &'a [Finding],
    pub ca_checked: bool,
    pub files: &'a [(String, Vec<u8>)],
    pub results: &'a [DeviceResult],
    pub summary: &'a FleetSummary,
}

pub(crate) fn fleet(v: &FleetView<'_>) -> String {
    let s = v.summary;
    let mut out = format!(
        "{} ({}), fleet of {} from {}, evaluated at {}\n",
        v.service.info().name,
        v.service.id(),
        plural(s.total, "certificate"),
        plural(v.files.len(), "file"),
        certpreflight::format_rfc3339(v.at)
    );
    out.push_str(if v.ca_checked {
        "Each certificate was checked against the CA given.\n\n"
    } else {
        "No certificate was checked against a CA.\n\n"
    });
    for f in v.ca_findings {
        finding(&mut out, f);
    }
    out.push_str(&format!(
        "{:<10} {:>9}\n{:<10} {:>9}\n{:<10} {:>9}\n",
        "pass", s.passed, "fail", s.failed, "total", s.total
    ));
    out.push_str(&format!(
        "\nExpiry: {} expired, {} within {} days (--warn-days), {} within 90 days\n",
        s.expired, s.expiring_within_warn_days, s.warn_days, s.expiring_within_90_days
    ));
    fleet_details(&mut out, v);
    out
}

fn fleet_details(out: &mut String, v: &FleetView<'_>) {
    let s = v.summary;
    if !s.by_code.is_empty() {
        out.push_str("\nCertificates by finding code:\n");
        let mut codes: Vec<(&String, &usize)> = s.by_code.iter().collect();
        codes.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        for (code, n) in codes {
            out.push_str(&format!("  {code:<34} {n:>9}\n"));
        }
    }
    if !s.soonest.is_empty() {
        out.push_str("\nSoonest expiries:\n");
        for &i in &s.soonest {
            let r = &v.results[i];
            out.push_str(&format!(
                "  {:>6} days  {}  {}[{}]  {}\n",
                r.days_remaining.unwrap_or_default(),
                r.not_after.as_deref().unwrap_or(""),
                v.files[r.source].0,
                r.index,
                r.subject.as_deref().unwrap_or("")
            ));
        }
    }
    let failing: Vec<&DeviceResult> = v
        .results
        .iter()
        .filter(|r| !r.errors.is_empty())
        .take(10)
        .collect();
    if !failing.is_empty() {
        out.push_str("\nFirst failures (all of them: --format jsonl):\n");
        for r in failing {
            out.push_str(&format!(
                "  {}[{}] {} [{}] {}\n",
                v.files[r.source].0,
                r.index,
                r.subject.as_deref().unwrap_or("(unreadable)"),
                r.errors
                    .iter()
                    .map(|c| c.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
                r.first_error.as_deref().unwrap_or("")
            ));
        }
    }
}
