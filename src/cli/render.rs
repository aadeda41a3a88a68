//! Text output: the engine's report, matrix, inspection and fleet summary, in the terminal's
//! words (an input a finding needs is named by its flag).

use super::args::OutputArgs;
use certpreflight::{
    AnchorKind, AnchorReport, CertificateReport, Code, DeviceResult, Finding, FleetSummary,
    InputName, InspectReport, Matrix, OptionName, Report, ServiceId, ServiceInfo, Severity,
    TargetResult, Verdict,
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

/// How much of the answer to show.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Detail {
    /// The verdict line(s) and the errors.
    Quiet,
    /// One line per target (or per certificate of a fleet).
    Summary,
    Normal,
    /// A full card for every certificate.
    Verbose,
}

/// How the text is written: how much, and whether in colour.
#[derive(Clone, Copy)]
pub(crate) struct Style {
    color: bool,
    pub detail: Detail,
}

/// What a coloured word says.
#[derive(Clone, Copy)]
enum Tone {
    Bad,
    Warn,
    Good,
    Pending,
    Dim,
}

impl Style {
    pub fn new(color: bool, output: &OutputArgs) -> Style {
        let detail = if output.quiet {
            Detail::Quiet
        } else if output.summary {
            Detail::Summary
        } else if output.verbose {
            Detail::Verbose
        } else {
            Detail::Normal
        };
        Style { color, detail }
    }

    /// No colour, every detail but the long cards.
    pub fn plain() -> Style {
        Style {
            color: false,
            detail: Detail::Normal,
        }
    }

    fn paint(self, tone: Tone, text: &str) -> String {
        if !self.color {
            return text.to_string();
        }
        let code = match tone {
            Tone::Bad => "1;31",
            Tone::Warn => "33",
            Tone::Good => "32",
            Tone::Pending => "36",
            Tone::Dim => "2",
        };
        format!("\x1b[{code}m{text}\x1b[0m")
    }
}

/// More certificates than this are listed one line each (cards with `--verbose`).
const LONG: usize = 4;

pub(crate) fn finding(out: &mut String, f: &Finding) {
    finding_in(out, f, Style::plain());
}

fn finding_in(out: &mut String, f: &Finding, style: Style) {
    let sev = match f.severity {
        Severity::Error => style.paint(Tone::Bad, "ERROR  "),
        Severity::Warning => style.paint(Tone::Warn, "WARNING"),
        Severity::Info => style.paint(Tone::Dim, "info   "),
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
    if !f.source.is_empty() && style.detail != Detail::Quiet {
        let doubt = if f.confirmed {
            ""
        } else {
            " (UNCONFIRMED: AWS's documentation does not settle this)"
        };
        out.push_str(&format!("        why: {} [{}]{doubt}\n", f.source, f.rule));
    }
}

/// The findings a detail level shows: all of them, or only the errors.
fn findings_in(out: &mut String, findings: &[Finding], style: Style) {
    for f in findings {
        if style.detail != Detail::Quiet || f.severity == Severity::Error {
            finding_in(out, f, style);
        }
    }
}

pub(crate) fn plural(n: usize, one: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {one}s")
    }
}

/// What was asked of RDS: its verdict line names the identifier and the Region.
#[derive(Clone, Copy, Default)]
pub(crate) struct RdsAsk<'a> {
    pub ca_identifier: Option<&'a str>,
    pub region: Option<&'a str>,
}

/// The verdict in words that fit the question: "ready to import into ACM", "your bundle
/// trusts rds-ca-rsa2048-g1 in us-west-2", "the PKCS#12 file could not be opened".
fn verdict_line(r: &Report, info: &ServiceInfo, rds: RdsAsk<'_>, style: Style) -> String {
    let counts = |r: &Report| {
        format!(
            "{}, {}",
            plural(r.errors(), "error"),
            plural(r.warnings(), "warning")
        )
    };
    let errors: Vec<Code> = r
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .map(|f| f.code)
        .collect();
    let where_ = |id: &str| match rds.region {
        Some(region) => format!("{id} in {region}"),
        None => id.to_string(),
    };
    match r.verdict {
        Verdict::Pass => {
            let what = match (info.id, rds.ca_identifier) {
                (ServiceId::Rds, Some(id)) => format!("your bundle trusts {}", where_(id)),
                _ => format!("ready to {}", info.ready),
            };
            format!(
                "{} {what} ({})",
                style.paint(Tone::Good, "PASS:"),
                plural(r.warnings(), "warning")
            )
        }
        Verdict::Fail => {
            let what = if errors.contains(&Code::Pkcs12Password) {
                "the PKCS#12 file could not be opened (wrong password?)".to_string()
            } else if !errors.is_empty()
                && errors
                    .iter()
                    .all(|c| matches!(c, Code::InputUnreadable | Code::InputTooLarge))
            {
                "an input could not be read".to_string()
            } else {
                match (info.id, rds.ca_identifier) {
                    (ServiceId::Rds, Some(id)) => format!("do not rotate to {} yet", where_(id)),
                    _ => format!("not ready to {}", info.ready),
                }
            };
            format!("{} {what} ({})", style.paint(Tone::Bad, "FAIL:"), counts(r))
        }
        Verdict::Incomplete => format!(
            "{} nothing wrong so far; give {} to finish",
            style.paint(Tone::Pending, "INCOMPLETE:"),
            missing_words(&r.missing)
        ),
    }
}

pub(crate) fn report(r: &Report, info: &ServiceInfo, rds: RdsAsk<'_>, style: Style) -> String {
    let verdict = verdict_line(r, info, rds, style);
    if style.detail == Detail::Summary {
        let first = r
            .findings
            .iter()
            .find(|f| f.severity == Severity::Error)
            .map(|f| format!(": {}", f.message))
            .unwrap_or_default();
        return format!("{}: {verdict}{first}\n", r.service);
    }
    let mut out = format!(
        "{} ({}), evaluated at {}\n",
        info.name, r.service, r.evaluated_at
    );
    out.push_str(&verdict);
    out.push_str("\n\n");
    findings_in(&mut out, &r.findings, style);
    if style.detail == Detail::Quiet {
        return out;
    }
    facts(
        &mut out,
        &r.certificates,
        r.key.as_ref(),
        r.chain.as_ref(),
        style,
    );
    commands(
        &mut out,
        r.verdict,
        r.import_command.as_deref(),
        &r.commands,
    );
    out
}

/// The AWS CLI commands: to run now when the check passes, else for once it passes.
fn commands(
    out: &mut String,
    verdict: Verdict,
    import: Option<&str>,
    more: &[certpreflight::Command],
) {
    if verdict == Verdict::Pass {
        if let Some(cmd) = import {
            out.push_str(&format!("\nImport:\n  {cmd}\n"));
        }
        for c in more {
            out.push_str(&format!("\n{}:\n  {}\n", c.title, c.command));
        }
    } else if !more.is_empty() {
        out.push_str("\nOnce it passes (not before):\n");
        for c in more {
            out.push_str(&format!("  {}:\n    {}\n", c.title, c.command));
        }
    }
    let printed: Vec<&str> = import
        .filter(|_| verdict == Verdict::Pass)
        .into_iter()
        .chain(more.iter().map(|c| c.command.as_str()))
        .collect();
    let fixed = fixed_files_named(&printed);
    if !fixed.is_empty() {
        let (names, verb) = match fixed.as_slice() {
            [one] => (one.to_string(), "is not a file here: it is"),
            many => (many.join(", "), "are not files here: they are"),
        };
        out.push_str(&format!(
            "\n{names} {verb} what `certpreflight fix --out .` (with the same arguments) writes from your input; run it first.\n"
        ));
    }
}

/// The fixed files' names a command uses that do not exist in the current folder (an input
/// read from standard input, DER, PKCS#7 or PKCS#12 is named by the file `fix` writes).
fn fixed_files_named(commands: &[&str]) -> Vec<&'static str> {
    ["cert.pem", "key.pem", "chain.pem", "verification.pem"]
        .into_iter()
        .filter(|name| {
            commands.iter().any(|c| {
                c.split_whitespace()
                    .any(|w| w.ends_with(&format!("://{name}")))
            }) && !std::path::Path::new(name).exists()
        })
        .collect()
}

/// The certificates, the key and the chain, once: a card each, or one line each when there
/// are many (cards with `--verbose`).
fn facts(
    out: &mut String,
    certificates: &[CertificateReport],
    key: Option<&certpreflight::KeyReport>,
    chain: Option<&certpreflight::ChainReport>,
    style: Style,
) {
    let short = certificates.len() > LONG && style.detail != Detail::Verbose;
    if short {
        out.push_str(&format!(
            "\n{} (one line each; --verbose for every card):\n",
            plural(certificates.len(), "certificate")
        ));
    } else if !certificates.is_empty() {
        out.push_str("\nCertificates:\n");
    }
    for c in certificates {
        if short {
            certificate_line(out, c, style);
        } else {
            certificate_card(out, c, style);
        }
    }
    if let Some(k) = key {
        let m = match k.matches_certificate {
            Some(true) => "matches the certificate".to_string(),
            Some(false) => style.paint(Tone::Bad, "does NOT match the certificate"),
            None => "not compared".to_string(),
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
        let order: Vec<String> = c.suggested_order.iter().map(|i| i.to_string()).collect();
        let order = if order.is_empty() {
            String::new()
        } else {
            format!("; issuing order {}", order.join(", "))
        };
        out.push_str(&format!(
            "\nChain: {}{order}\nEnds at: {}\n",
            if c.in_order {
                "in order"
            } else {
                "out of order"
            },
            anchor(&c.anchor)
        ));
    }
}

/// How the validity reads at the instant: "(12 days left)", "EXPIRED 3 days ago".
fn validity(c: &CertificateReport, style: Style) -> String {
    if c.days_remaining < 0 {
        style.paint(
            Tone::Bad,
            &format!(
                "EXPIRED {} ago",
                plural((-c.days_remaining) as usize, "day")
            ),
        )
    } else {
        format!("{} left", plural(c.days_remaining as usize, "day"))
    }
}

fn certificate_card(out: &mut String, c: &CertificateReport, style: Style) {
    let role = format!("{:?}", c.role).to_lowercase();
    out.push_str(&format!("  {role}[{}] {}\n", c.index, c.subject));
    out.push_str(&format!("      issuer {}\n", c.issuer));
    out.push_str(&format!(
        "      {}{}, {}, valid {} to {} ({})\n",
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
        validity(c, style)
    ));
    out.push_str(&format!(
        "      sha1 {}\n      sha256 {}\n",
        c.sha1, c.sha256
    ));
}

/// One line: index, subject CN, expiry, SHA-256 prefix.
fn certificate_line(out: &mut String, c: &CertificateReport, style: Style) {
    let name = c.subject_cn.clone().unwrap_or_else(|| c.subject.clone());
    let day = c.not_after.get(..10).unwrap_or(&c.not_after);
    out.push_str(&format!(
        "  [{:>3}] {name}  until {day} ({})  sha256 {}…\n",
        c.index,
        validity(c, style),
        c.sha256.get(..16).unwrap_or(&c.sha256)
    ));
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
pub(crate) fn matrix(m: &Matrix, style: Style) -> String {
    if style.detail == Detail::Summary {
        return m
            .targets
            .iter()
            .map(|t| format!("{}\t{}\t{}\n", t.service, verdict_word(t), reason(t)))
            .collect();
    }
    let mut out = format!(
        "Where this can go: {}, evaluated at {}\n\n",
        plural(m.targets.len(), "target"),
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
        let word = format!("{:<7}", verdict_word(t));
        let tone = match t.verdict {
            Verdict::Pass => Tone::Good,
            Verdict::Fail => Tone::Bad,
            Verdict::Incomplete => Tone::Pending,
        };
        out.push_str(&format!(
            "  {:<width$}  {} {:>6} {:>8}  {}\n",
            t.service,
            style.paint(tone, &word),
            t.error_count(),
            t.warning_count(),
            reason(t)
        ));
    }
    if style.detail != Detail::Quiet {
        facts(
            &mut out,
            &m.certificates,
            m.key.as_ref(),
            m.chain.as_ref(),
            style,
        );
    }
    for t in m.targets.iter().filter(|t| t.verdict == Verdict::Fail) {
        out.push_str(&format!("\n{} ({}): FAIL\n", t.name, t.service));
        findings_in(&mut out, &t.findings, style);
    }
    let passing: Vec<&str> = m
        .targets
        .iter()
        .filter(|t| t.verdict == Verdict::Pass)
        .map(|t| t.service.as_str())
        .collect();
    if !passing.is_empty() && style.detail != Detail::Quiet {
        out.push_str(&format!(
            "\nNo error for: {}. Their warnings and import commands: --service ID for one of them.\n",
            passing.join(", ")
        ));
    }
    out
}

/// A matrix row's one-line reason: the first error, or what is missing.
fn reason(t: &TargetResult) -> String {
    match (&t.first_error, t.verdict) {
        (Some(e), _) => e.clone(),
        (None, Verdict::Incomplete) => format!("give {} to finish", missing_words(&t.missing)),
        (None, _) => "-".into(),
    }
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

/// What a certificate's validity is at the instant, marked as `inspect` shows it.
fn validity_mark(c: &certpreflight::CertificateReport, warn_days: i64) -> String {
    let d = c.days_remaining;
    if d < 0 {
        format!("EXPIRED {} ago", plural((-d) as usize, "day"))
    } else if !c.valid_at_instant {
        "NOT YET VALID".to_string()
    } else if d < warn_days {
        format!(
            "EXPIRING: {} left (under --warn-days {warn_days})",
            plural(d as usize, "day")
        )
    } else {
        format!("{} left", plural(d as usize, "day"))
    }
}

/// `inspect`'s text: per certificate what `openssl x509 -text` users look for, marked
/// EXPIRED / NOT YET VALID / EXPIRING at the instant.
pub(crate) fn inspect(out: &mut String, file: &str, r: &InspectReport, warn_days: i64) {
    out.push_str(&format!(
        "{file}: {} ({}, {})\n",
        r.kind,
        plural(r.certificates.len(), "certificate"),
        plural(r.keys.len(), "key")
    ));
    for c in &r.certificates {
        let critical = |name: &str| {
            if c.critical_extensions.iter().any(|e| e == name) {
                " (critical)"
            } else {
                ""
            }
        };
        out.push_str(&format!("  [{}] {}\n", c.index, c.subject));
        let mut line = |label: &str, value: String| {
            out.push_str(&format!("      {label:<28}{value}\n"));
        };
        line("issuer", c.issuer.clone());
        line("serial", c.serial.clone());
        line(
            "validity",
            format!(
                "{} to {}  {}",
                c.not_before,
                c.not_after,
                validity_mark(c, warn_days)
            ),
        );
        line(
            "public key",
            match &c.key.aws_key_algorithm {
                Some(aws) => format!("{} ({aws})", c.key.algorithm),
                None => c.key.algorithm.clone(),
            } + &c
                .key
                .bits
                .map(|b| format!(", {b} bits"))
                .unwrap_or_default(),
        );
        line("signature algorithm", c.signature_algorithm_openssl.clone());
        if let Some(ca) = c.is_ca {
            let mut v = format!("CA:{}", if ca { "TRUE" } else { "FALSE" });
            if let Some(n) = c.path_len {
                v.push_str(&format!(", pathlen:{n}"));
            }
            line(
                &format!("basicConstraints{}", critical("basicConstraints")),
                v,
            );
        }
        if !c.key_usage.is_empty() {
            line(
                &format!("keyUsage{}", critical("keyUsage")),
                c.key_usage.join(", "),
            );
        }
        if !c.extended_key_usage.is_empty() {
            line(
                &format!("extendedKeyUsage{}", critical("extendedKeyUsage")),
                c.extended_key_usage.join(", "),
            );
        }
        if let Some(id) = &c.subject_key_id {
            line("subjectKeyIdentifier", id.clone());
        }
        if let Some(id) = &c.authority_key_id {
            line("authorityKeyIdentifier", id.clone());
        }
        if !c.sans.is_empty() {
            line(
                &format!("subjectAltName{}", critical("subjectAltName")),
                c.sans.join(", "),
            );
        }
        for u in &c.ocsp_urls {
            line("OCSP", u.clone());
        }
        for u in &c.ca_issuers_urls {
            line("caIssuers", u.clone());
        }
        for u in &c.crl_distribution_points {
            line("crlDistributionPoints", u.clone());
        }
        for p in &c.certificate_policies {
            line("certificatePolicies", p.clone());
        }
        let others: Vec<&String> = c
            .critical_extensions
            .iter()
            .filter(|e| {
                ![
                    "basicConstraints",
                    "keyUsage",
                    "extendedKeyUsage",
                    "subjectAltName",
                ]
                .contains(&e.as_str())
            })
            .collect();
        if !others.is_empty() {
            line(
                "other critical",
                others
                    .iter()
                    .map(|s| s.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
            );
        }
        line("sha1", c.sha1.clone());
        line("sha256", c.sha256.clone());
    }
    for k in &r.keys {
        out.push_str(&format!(
            "  key: {}{} ({}{})\n",
            k.algorithm,
            k.bits.map(|b| format!(" {b}")).unwrap_or_default(),
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

pub(crate) fn fleet(v: &FleetView<'_>, style: Style) -> String {
    let s = v.summary;
    if style.detail == Detail::Summary {
        return v
            .results
            .iter()
            .map(|r| {
                format!(
                    "{}[{}]\t{}\t{}\n",
                    v.files[r.source].0,
                    r.index,
                    if r.errors.is_empty() { "pass" } else { "FAIL" },
                    r.first_error.as_deref().unwrap_or("-")
                )
            })
            .collect();
    }
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
    if style.detail == Detail::Quiet {
        fleet_failures(&mut out, v);
        return out;
    }
    out.push_str(&format!(
        "\nExpiry: {} expired, {} within {} (--warn-days), {} within 90 days\n",
        s.expired,
        s.expiring_within_warn_days,
        plural(s.warn_days.max(0) as usize, "day"),
        s.expiring_within_90_days
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
    fleet_failures(out, v);
}

/// The first ten failing certificates.
fn fleet_failures(out: &mut String, v: &FleetView<'_>) {
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
