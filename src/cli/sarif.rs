//! `check --format sarif`: SARIF 2.1.0, the format code-scanning tools read (GitHub code
//! scanning, Azure DevOps, IDE viewers). One `rule` per rule id a finding names (its title,
//! its source as the help, a link when the source has one), one `result` per finding, at
//! the file and line of the PEM block it is about.
//!
//! A finding common to several targets (the engine's own, about the input) is one result
//! naming every target in `properties.targets`, so a scanner shows it once.

use super::args::CheckArgs;
use certpreflight::{
    DeviceResult, Finding, Matrix, Report, Severity, Subject, TargetResult, Verdict,
};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};

pub(crate) const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// One input file, with what is needed to point into it.
struct Artifact {
    uri: String,
    /// 1-based lines where a `-----BEGIN` block starts, by kind: certificates, then keys.
    cert_lines: Vec<usize>,
    key_lines: Vec<usize>,
}

impl Artifact {
    fn new(path: &Path, bytes: Option<&[u8]>) -> Artifact {
        let (mut cert_lines, mut key_lines) = (Vec::new(), Vec::new());
        if let Some(text) = bytes.and_then(|b| std::str::from_utf8(b).ok()) {
            for (i, line) in text.lines().enumerate() {
                let line = line.trim_start_matches('\u{feff}').trim();
                if let Some(label) = line.strip_prefix("-----BEGIN ") {
                    if label.contains("CERTIFICATE") || label.starts_with("PKCS7") {
                        cert_lines.push(i + 1);
                    } else if label.contains("KEY") {
                        key_lines.push(i + 1);
                    }
                }
            }
        }
        Artifact {
            uri: uri(path),
            cert_lines,
            key_lines,
        }
    }

    /// The line of the `index`-th certificate (or the first key) the finding is about.
    fn line(&self, subject: Option<Subject>, index: Option<u32>) -> Option<usize> {
        let lines = match subject {
            Some(Subject::Key) => &self.key_lines,
            _ => &self.cert_lines,
        };
        lines
            .get(index.unwrap_or(0) as usize)
            .or(lines.first())
            .copied()
    }
}

/// A path as a URI reference: relative paths stay relative (scanners resolve them against
/// the repository), absolute ones become `file://` URIs; anything outside RFC 3986's
/// unreserved characters and `/` is percent-encoded.
fn uri(path: &Path) -> String {
    let text = path.to_string_lossy().replace('\\', "/");
    let text = text.strip_prefix("./").unwrap_or(&text);
    let mut out = String::new();
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    if path.is_absolute() {
        format!("file://{out}")
    } else {
        out
    }
}

/// The inputs of a check, by the subject a finding names.
pub(crate) struct Inputs {
    cert: Option<Artifact>,
    key: Option<Artifact>,
    chain: Option<Artifact>,
    bundle: Option<Artifact>,
    trust: Option<Artifact>,
    verification: Option<Artifact>,
}

/// The files of a check, by input (as given, or as `fix` wrote them).
#[derive(Clone, Default)]
pub(crate) struct Paths {
    pub cert: Option<PathBuf>,
    pub key: Option<PathBuf>,
    pub chain: Option<PathBuf>,
    pub bundle: Option<PathBuf>,
    pub trust: Option<PathBuf>,
    pub verification: Option<PathBuf>,
}

impl Paths {
    pub(crate) fn of(args: &CheckArgs) -> Paths {
        Paths {
            cert: args.cert.clone(),
            key: args.key.clone(),
            chain: args.chain.clone(),
            bundle: args.bundle.clone(),
            trust: args.trust.clone(),
            verification: args.verification_cert.clone(),
        }
    }

    /// What names the set in a JUnit suite: the certificate's file, else the first given.
    pub(crate) fn set_name(&self) -> String {
        [&self.cert, &self.key, &self.chain, &self.bundle]
            .into_iter()
            .flatten()
            .next()
            .map_or_else(|| "certificate set".into(), |p| p.display().to_string())
    }
}

impl Inputs {
    /// Reads the files again for their block lines (a file given as `-` has no location).
    pub(crate) fn read(paths: &Paths) -> Inputs {
        let artifact = |p: &Option<PathBuf>| {
            p.as_deref()
                .filter(|p| p.as_os_str() != super::args::STDIN)
                .map(|p| Artifact::new(p, std::fs::read(p).ok().as_deref()))
        };
        Inputs {
            cert: artifact(&paths.cert),
            key: artifact(&paths.key),
            chain: artifact(&paths.chain),
            bundle: artifact(&paths.bundle),
            trust: artifact(&paths.trust),
            verification: artifact(&paths.verification),
        }
    }

    /// The file and line a finding is about; the certificate's file when it names no input
    /// (a finding about an option, or about the set as a whole).
    fn location(&self, f: &Finding) -> Option<Value> {
        let artifact = match f.subject {
            Some(Subject::Key) => self.key.as_ref(),
            Some(Subject::Chain) => self.chain.as_ref(),
            Some(Subject::Bundle) => self.bundle.as_ref(),
            Some(Subject::Trust) => self.trust.as_ref(),
            Some(Subject::Verification) => self.verification.as_ref(),
            _ => None,
        }
        .or(self.cert.as_ref())
        .or(self.key.as_ref())
        .or(self.chain.as_ref())
        .or(self.bundle.as_ref())?;
        let mut physical = json!({ "artifactLocation": { "uri": artifact.uri } });
        let same_input = f.subject.is_none()
            || matches!(f.subject, Some(Subject::Certificate | Subject::Options));
        let subject = if same_input { None } else { f.subject };
        // Line 1 where no block is found (a DER file, or a finding about an input that was
        // not given, placed at the certificate's file).
        let line = artifact.line(subject, f.index).unwrap_or(1);
        physical["region"] = json!({ "startLine": line });
        Some(json!({ "physicalLocation": physical }))
    }

    fn artifacts(&self) -> Vec<&Artifact> {
        [
            &self.cert,
            &self.key,
            &self.chain,
            &self.bundle,
            &self.trust,
            &self.verification,
        ]
        .into_iter()
        .flatten()
        .collect()
    }
}

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// The first http(s) URL in a source line, for `helpUri`.
fn url_in(source: &str) -> Option<&str> {
    let start = source.find("https://").or_else(|| source.find("http://"))?;
    let rest = &source[start..];
    let end = rest
        .find(|c: char| c.is_whitespace() || matches!(c, ';' | ',' | ')'))
        .unwrap_or(rest.len());
    Some(rest[..end].trim_end_matches('.'))
}

/// The SARIF `rule` of a finding's rule id, from the catalog (the finding's own source
/// when the rule is not catalogued).
fn rule(f: &Finding) -> Value {
    let info = certpreflight::rule(&f.rule).map(|e| e.info);
    let title = info.map_or(f.message.as_str(), |i| i.title);
    let source = info.map_or(f.source.as_ref(), |i| i.source);
    let confirmed = info.map_or(f.confirmed, |i| i.confirmed);
    let severity = info.map_or(f.severity, |i| i.severity);
    let unconfirmed = if confirmed {
        ""
    } else {
        " UNCONFIRMED: no primary source settles this rule, so it only warns."
    };
    let mut r = json!({
        "id": f.rule,
        "name": f.code.as_str(),
        "shortDescription": { "text": title },
        "fullDescription": { "text": format!("{title}.{unconfirmed}") },
        "help": { "text": format!("Source: {source}.{unconfirmed} `certpreflight rules` lists every rule.") },
        "defaultConfiguration": { "level": level(severity) },
        "properties": { "code": f.code.as_str(), "source": source, "confirmed": confirmed },
    });
    if let Some(url) = url_in(source) {
        r["helpUri"] = json!(url);
    }
    r
}

/// What a result says: the finding's message, its fix and AWS's own words.
fn message(f: &Finding) -> String {
    let mut text = f.message.clone();
    if let Some(fix) = &f.fix {
        text.push_str(&format!(" Fix: {fix}."));
    }
    if let Some(aws) = &f.aws_error {
        text.push_str(&format!(" AWS says: \"{aws}\""));
    }
    text
}

/// One finding to write: the target that made it and where it points.
struct Item<'a> {
    service: &'a str,
    finding: &'a Finding,
    location: Option<Value>,
}

/// The SARIF log of findings, each at its location.
fn log(evaluated_at: &str, items: Vec<Item<'_>>, artifacts: Vec<&str>) -> Value {
    let mut rules: Vec<Value> = Vec::new();
    let mut rule_ids: Vec<String> = Vec::new();
    // One result per distinct finding and place; the targets that made it.
    let mut results: Vec<(Value, Vec<&str>)> = Vec::new();
    let mut keys: Vec<(String, String, String)> = Vec::new();
    for Item {
        service,
        finding: f,
        location,
    } in items
    {
        let key = (
            f.rule.to_string(),
            f.message.clone(),
            location.as_ref().map(Value::to_string).unwrap_or_default(),
        );
        if let Some(i) = keys.iter().position(|k| *k == key) {
            results[i].1.push(service);
            continue;
        }
        let rule_index = match rule_ids.iter().position(|r| *r == f.rule) {
            Some(i) => i,
            None => {
                rule_ids.push(f.rule.to_string());
                rules.push(rule(f));
                rule_ids.len() - 1
            }
        };
        let mut result = json!({
            "ruleId": f.rule,
            "ruleIndex": rule_index,
            "level": level(f.severity),
            "message": { "text": message(f) },
            "properties": {
                "code": f.code.as_str(),
                "confirmed": f.confirmed,
                "fix": f.fix,
                "aws_error": f.aws_error,
                "needs": f.needs,
            },
        });
        if let Some(location) = location {
            result["locations"] = json!([location]);
        }
        keys.push(key);
        results.push((result, vec![service]));
    }
    let results: Vec<Value> = results
        .into_iter()
        .map(|(mut r, services)| {
            r["properties"]["targets"] = json!(services);
            r
        })
        .collect();
    let artifacts: Vec<Value> = artifacts
        .iter()
        .map(|uri| json!({ "location": { "uri": uri } }))
        .collect();
    json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "certpreflight",
                "version": env!("CARGO_PKG_VERSION"),
                "semanticVersion": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            }},
            "invocations": [{ "executionSuccessful": true }],
            "artifacts": artifacts,
            "results": results,
            "properties": { "evaluated_at": evaluated_at },
        }],
    })
}

/// Every target's findings, placed in the check's inputs.
fn of_targets(evaluated_at: &str, targets: &[(&str, &[Finding])], inputs: &Inputs) -> Value {
    let items = targets
        .iter()
        .flat_map(|(service, findings)| {
            findings.iter().map(|f| Item {
                service,
                finding: f,
                location: inputs.location(f),
            })
        })
        .collect();
    let artifacts = inputs.artifacts().iter().map(|a| a.uri.as_str()).collect();
    log(evaluated_at, items, artifacts)
}

pub(crate) fn report(report: &Report, inputs: &Inputs) -> String {
    let mut v = of_targets(
        &report.evaluated_at,
        &[(report.service.as_str(), &report.findings)],
        inputs,
    );
    v["runs"][0]["properties"]["verdicts"] = json!({ &report.service: report.verdict });
    serde_json::to_string_pretty(&v).unwrap_or_default()
}

pub(crate) fn matrix(matrix: &Matrix, inputs: &Inputs) -> String {
    let targets: Vec<(&str, &[Finding])> = matrix
        .targets
        .iter()
        .map(|t: &TargetResult| (t.service.as_str(), t.findings.as_slice()))
        .collect();
    let mut v = of_targets(&matrix.evaluated_at, &targets, inputs);
    let verdicts: serde_json::Map<String, Value> = matrix
        .targets
        .iter()
        .map(|t| (t.service.clone(), json!(t.verdict)))
        .collect();
    v["runs"][0]["properties"]["verdicts"] = Value::Object(verdicts);
    serde_json::to_string_pretty(&v).unwrap_or_default()
}

/// Fleet mode: each device's errors and warnings at its block in its file (`files`: each
/// file's name and bytes, as `DeviceResult::source` numbers them), then the CA's findings at
/// the CA's file.
pub(crate) fn fleet(
    service: &str,
    evaluated_at: &str,
    files: &[(String, Vec<u8>)],
    results: &[DeviceResult],
    ca: (&[Finding], Option<&Path>),
) -> String {
    let artifacts: Vec<Artifact> = files
        .iter()
        .map(|(name, bytes)| Artifact::new(Path::new(name), Some(bytes)))
        .collect();
    let ca_file =
        ca.1.map(|p| Artifact::new(p, std::fs::read(p).ok().as_deref()));
    let place = |a: &Artifact, line: Option<usize>| {
        json!({ "physicalLocation": {
            "artifactLocation": { "uri": a.uri },
            "region": { "startLine": line.unwrap_or(1) },
        }})
    };
    let mut items: Vec<Item<'_>> = Vec::new();
    for f in ca.0 {
        items.push(Item {
            service,
            finding: f,
            location: ca_file.as_ref().map(|a| place(a, a.line(None, f.index))),
        });
    }
    for r in results {
        let Some(a) = artifacts.get(r.source) else {
            continue;
        };
        for f in &r.findings {
            let line = a.cert_lines.get(r.index).copied();
            items.push(Item {
                service,
                finding: f,
                location: Some(place(a, line)),
            });
        }
    }
    let mut uris: Vec<&str> = artifacts.iter().map(|a| a.uri.as_str()).collect();
    // The CA may be one of the files (a folder holding the CA too): each artifact once.
    uris.extend(ca_file.as_ref().map(|a| a.uri.as_str()));
    let mut seen = std::collections::HashSet::new();
    uris.retain(|u| seen.insert(*u));
    let mut v = log(evaluated_at, items, uris);
    let failed = results
        .iter()
        .filter(|r| r.verdict == Verdict::Fail)
        .count();
    v["runs"][0]["properties"]["devices"] = json!({ "total": results.len(), "failed": failed });
    serde_json::to_string_pretty(&v).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_relative_or_file_and_percent_encoded() {
        assert_eq!(uri(Path::new("./certs/my cert.pem")), "certs/my%20cert.pem");
        assert_eq!(uri(Path::new("/tmp/a#b.pem")), "file:///tmp/a%23b.pem");
    }

    #[test]
    fn a_source_with_a_link_gives_help_uri() {
        assert_eq!(
            url_in("KC https://aws.amazon.com/premiumsupport/x/; ACM-UG"),
            Some("https://aws.amazon.com/premiumsupport/x/")
        );
        assert_eq!(url_in("ACM-UG import-certificate-format"), None);
    }

    #[test]
    fn block_lines_count_certificates_and_keys_apart() {
        let text = b"junk\n-----BEGIN CERTIFICATE-----\nA\n-----END CERTIFICATE-----\n-----BEGIN PRIVATE KEY-----\nB\n-----END PRIVATE KEY-----\n-----BEGIN CERTIFICATE-----\n";
        let a = Artifact::new(Path::new("x.pem"), Some(text));
        assert_eq!(a.line(None, Some(1)), Some(8));
        assert_eq!(a.line(Some(Subject::Key), None), Some(5));
        // An index past the blocks points at the first.
        assert_eq!(a.line(None, Some(7)), Some(2));
    }
}
