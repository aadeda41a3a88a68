//! `check --format junit`: JUnit XML, the report format every CI server shows as tests. One
//! test suite per certificate set, one test case per target: a failing target is a
//! `<failure>` carrying each error's message, fix and AWS's own text; an incomplete one is
//! `<skipped>` with what to give (never a pass); warnings and notes go to `<system-out>`.

use super::render::missing_words;
use certpreflight::{DeviceResult, Finding, InputName, Matrix, Report, Severity, Verdict};
use std::fmt::Write as _;

/// One target's answer, as a test case needs it.
pub(crate) struct Case<'a> {
    pub service: &'a str,
    pub name: &'a str,
    pub verdict: Verdict,
    pub missing: &'a [InputName],
    pub findings: &'a [Finding],
}

/// Text for XML: the five entities escaped, characters XML 1.0 cannot hold dropped.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || matches!(c as u32, 0xFFFE | 0xFFFF) => {}
            c => out.push(c),
        }
    }
    out
}

/// A finding as lines: `[code] message`, then its fix and AWS's words.
fn finding_text(f: &Finding) -> String {
    let mut text = format!("[{}] {} ({})", f.code, f.message, f.rule);
    if let Some(fix) = &f.fix {
        let _ = write!(text, "\n  fix: {fix}");
    }
    if let Some(aws) = &f.aws_error {
        let _ = write!(text, "\n  AWS says: {aws}");
    }
    text
}

/// The XML document: one suite named after the certificate set (`set`), one case per target.
pub(crate) fn document(set: &str, evaluated_at: &str, cases: &[Case<'_>]) -> String {
    let failures = cases.iter().filter(|c| c.verdict == Verdict::Fail).count();
    let skipped = cases
        .iter()
        .filter(|c| c.verdict == Verdict::Incomplete)
        .count();
    let mut x = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let counts = format!(
        "tests=\"{}\" failures=\"{failures}\" errors=\"0\" skipped=\"{skipped}\"",
        cases.len()
    );
    let _ = writeln!(x, "<testsuites name=\"certpreflight\" {counts}>");
    let _ = writeln!(
        x,
        "  <testsuite name=\"{}\" {counts} timestamp=\"{}\">",
        escape(set),
        escape(evaluated_at.trim_end_matches('Z'))
    );
    let _ = writeln!(
        x,
        "    <properties><property name=\"evaluated_at\" value=\"{}\"/></properties>",
        escape(evaluated_at)
    );
    for c in cases {
        let _ = write!(
            x,
            "    <testcase classname=\"certpreflight.{}\" name=\"{}: {}\">",
            escape(c.service),
            escape(c.service),
            escape(c.name)
        );
        let errors: Vec<&Finding> = c
            .findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .collect();
        match (c.verdict, errors.first()) {
            (Verdict::Fail, Some(first)) => {
                let body: Vec<String> = errors.iter().map(|f| finding_text(f)).collect();
                let _ = write!(
                    x,
                    "\n      <failure message=\"{}\" type=\"{}\">{}</failure>",
                    escape(&first.message),
                    first.code,
                    escape(&body.join("\n"))
                );
            }
            (Verdict::Incomplete, _) => {
                let _ = write!(
                    x,
                    "\n      <skipped message=\"{}\"/>",
                    escape(&format!(
                        "incomplete: nothing wrong so far; give {} to finish",
                        missing_words(c.missing)
                    ))
                );
            }
            _ => {}
        }
        let rest: Vec<String> = c
            .findings
            .iter()
            .filter(|f| f.severity != Severity::Error)
            .map(finding_text)
            .collect();
        if !rest.is_empty() {
            let _ = write!(
                x,
                "\n      <system-out>{}</system-out>",
                escape(&rest.join("\n"))
            );
        }
        if c.verdict != Verdict::Pass || !rest.is_empty() {
            x.push_str("\n    ");
        }
        x.push_str("</testcase>\n");
    }
    x.push_str("  </testsuite>\n</testsuites>\n");
    x
}

pub(crate) fn report(set: &str, report: &Report, name: &str) -> String {
    document(
        set,
        &report.evaluated_at,
        &[Case {
            service: &report.service,
            name,
            verdict: report.verdict,
            missing: &report.missing,
            findings: &report.findings,
        }],
    )
}

pub(crate) fn matrix(set: &str, matrix: &Matrix) -> String {
    let cases: Vec<Case<'_>> = matrix
        .targets
        .iter()
        .map(|t| Case {
            service: &t.service,
            name: &t.name,
            verdict: t.verdict,
            missing: &t.missing,
            findings: &t.findings,
        })
        .collect();
    document(set, &matrix.evaluated_at, &cases)
}

/// Fleet mode: one test case per device certificate (`file[index]` and its subject), and
/// one for the CA input when there is something to say about it.
pub(crate) fn fleet(
    service: &str,
    evaluated_at: &str,
    files: &[(String, Vec<u8>)],
    results: &[DeviceResult],
    ca: (&[Finding], Option<&str>),
) -> String {
    let names: Vec<String> = results
        .iter()
        .map(|r| {
            let file = files.get(r.source).map_or("?", |f| f.0.as_str());
            let who = r
                .subject
                .as_deref()
                .or(r.certificate_id.as_deref())
                .unwrap_or("unreadable");
            format!("{file}[{}] {who}", r.index)
        })
        .collect();
    let mut cases: Vec<Case<'_>> = Vec::new();
    // No CA given: no device was checked against one, so that case is incomplete.
    if !ca.0.is_empty() || ca.1.is_none() {
        let failed = ca.0.iter().any(|f| f.severity == Severity::Error);
        cases.push(Case {
            service,
            name: ca.1.unwrap_or("the CA (not given)"),
            verdict: match (failed, ca.1) {
                (true, _) => Verdict::Fail,
                (false, None) => Verdict::Incomplete,
                (false, Some(_)) => Verdict::Pass,
            },
            missing: &[InputName::Chain],
            findings: ca.0,
        });
    }
    for (r, name) in results.iter().zip(&names) {
        cases.push(Case {
            service,
            name,
            verdict: r.verdict,
            missing: &[],
            findings: &r.findings,
        });
    }
    let set = match files {
        [(one, _)] => one.clone(),
        _ => format!("{} files", files.len()),
    };
    document(&set, evaluated_at, &cases)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_and_control_characters_dropped() {
        assert_eq!(
            escape("a<b>&\"c'\u{1}d\n"),
            "a&lt;b&gt;&amp;&quot;c&apos;d\n"
        );
    }
}
