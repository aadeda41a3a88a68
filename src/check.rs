//! The pipeline: resolve the inputs (bounded, PKCS#12 opened, decoded once), analyse them
//! once (the chain path built and each signature verified once, the key matched once), then
//! run each requested target's rules over that one analysis and build the report. It names
//! no service: what a target decides is in its file under `services/`.

use crate::analysis::Analysis;
use crate::field::InputName;
use crate::finding::{sort_findings, Code, Finding, RuleInfo, Severity};
use crate::input::{resolve, Request};
use crate::report::{ChainReport, Command, DescribePreview, Matrix, Report, TargetResult, Verdict};
use crate::rule::{Ctx, Need, Needs, ServiceInfo};
use crate::service_id::ServiceId;
use crate::view;

/// The notes that say which rules waited for an input that was not given.
pub(crate) static NOT_GIVEN: RuleInfo = RuleInfo::new(
    "input.not-given",
    Code::NeedsInput,
    Severity::Info,
    "rules that need an input not given say which input would make them conclusive",
    "certpreflight: these rules need an input that was not given",
);

/// The same for an input the target does not require (IAM signing's key, RDS's CA
/// certificate): a note, and the verdict does not wait for it.
pub(crate) static NOT_CHECKED: RuleInfo = RuleInfo::new(
    "input.optional-not-given",
    Code::NotChecked,
    Severity::Info,
    "rules that need an optional input not given say so; the verdict does not wait for it",
    "certpreflight: these rules need an input the target does not require",
);

/// Judges the inputs against the request's service. Never panics on any input.
///
/// A PKCS#12 certificate or key input is opened first when a password is given
/// ([`crate::Options::pkcs12_password`]); its contents are then checked like PEM inputs.
pub fn check(request: &Request<'_>) -> Report {
    let inputs = resolve(request);
    let facts = Analysis::new(&inputs, request.at, &request.options);
    let judged = judge(&facts, request.service.info());
    Report {
        service: request.service.id().to_string(),
        verdict: judged.verdict,
        conclusive: judged.verdict != Verdict::Incomplete,
        missing: judged.missing,
        evaluated_at: crate::time_util::format_rfc3339(request.at),
        certificates: view::certificates(&facts),
        key: view::key_of(&facts),
        chain: judged.chain,
        findings: judged.findings,
        import_command: judged.import_command,
        commands: judged.commands,
        describe_preview: judged.describe_preview,
    }
}

/// Judges the inputs against every target in `targets` from one analysis: decoded, verified
/// and matched once, whatever the number of targets. `request.service` is not used.
pub fn check_all(request: &Request<'_>, targets: &[ServiceId]) -> Matrix {
    let inputs = resolve(request);
    let facts = Analysis::new(&inputs, request.at, &request.options);
    let shared_chain = view::chain_report(&facts, crate::analysis::ChainSource::ChainField);
    let targets = targets
        .iter()
        .map(|id| {
            let service = id.info();
            let judged = judge(&facts, service);
            let errors = codes(&judged.findings, Severity::Error);
            TargetResult {
                service: id.id().to_string(),
                name: service.name.to_string(),
                verdict: judged.verdict,
                conclusive: judged.verdict != Verdict::Incomplete,
                missing: judged.missing.clone(),
                warnings: codes(&judged.findings, Severity::Warning),
                first_error: judged
                    .findings
                    .iter()
                    .find(|f| f.severity == Severity::Error)
                    .map(|f| f.message.clone()),
                errors,
                import_command: judged.import_command,
                commands: judged.commands,
                // Only a target that reads the chain from the certificate field sees
                // another chain than the one the matrix shows.
                chain: judged.chain.filter(|c| Some(c) != shared_chain.as_ref()),
                describe_preview: judged.describe_preview,
                findings: judged.findings,
            }
        })
        .collect();
    Matrix {
        evaluated_at: crate::time_util::format_rfc3339(request.at),
        targets,
        certificates: view::certificates(&facts),
        key: view::key_of(&facts),
        chain: shared_chain,
    }
}

fn codes(findings: &[Finding], severity: Severity) -> Vec<Code> {
    findings
        .iter()
        .filter(|f| f.severity == severity)
        .map(|f| f.code)
        .collect()
}

/// One target's answer.
struct Judged {
    findings: Vec<Finding>,
    verdict: Verdict,
    missing: Vec<InputName>,
    import_command: Option<String>,
    commands: Vec<Command>,
    describe_preview: Option<DescribePreview>,
    chain: Option<ChainReport>,
}

/// Runs one target's rules over the shared analysis.
fn judge(facts: &Analysis<'_>, service: &'static ServiceInfo) -> Judged {
    let ctx = Ctx { facts, service };
    let mut findings = Vec::new();
    run_rules(&ctx, &mut findings);
    findings.extend(facts.inputs.findings.iter().cloned());
    sort_findings(&mut findings);
    let verdict = verdict(&findings);
    let (import_command, commands) = (service.commands)(&ctx);
    Judged {
        verdict,
        missing: missing(&findings),
        import_command: import_command.filter(|_| verdict == Verdict::Pass),
        commands,
        describe_preview: service.describe_preview.and_then(|preview| preview(&ctx)),
        chain: view::chain_report(facts, service.chain_source),
        findings,
    }
}

/// Fail when any finding is an error; else incomplete while an input is missing.
pub(crate) fn verdict(findings: &[Finding]) -> Verdict {
    if findings.iter().any(|f| f.severity == Severity::Error) {
        Verdict::Fail
    } else if findings.iter().any(is_missing_input) {
        Verdict::Incomplete
    } else {
        Verdict::Pass
    }
}

fn is_missing_input(f: &Finding) -> bool {
    f.severity != Severity::Error && f.code.is_missing_input()
}

/// The inputs the findings ask for to finish, in their order, each once.
pub(crate) fn missing(findings: &[Finding]) -> Vec<InputName> {
    let mut out: Vec<InputName> = Vec::new();
    for f in findings.iter().filter(|f| is_missing_input(f)) {
        let input = f.needs.or(match f.code {
            Code::KeyMissing => Some(InputName::PrivateKey),
            Code::Pkcs12Given => Some(InputName::Password),
            Code::CertMissing => Some(InputName::Certificate),
            // Something this environment cannot tell (no input would settle it here).
            _ => None,
        });
        if let Some(input) = input.filter(|i| !out.contains(i)) {
            out.push(input);
        }
    }
    out
}

/// Runs every rule of the target whose inputs are present, each finding marked with its
/// rule, and notes which inputs would make the others conclusive. Findings are appended
/// unsorted.
pub(crate) fn run_rules(ctx: &Ctx<'_>, findings: &mut Vec<Finding>) {
    let mut missing: Vec<(Needs, Vec<&'static str>)> = Vec::new();
    for rule in ctx.service.rules() {
        if let Some(need) = rule.needs.iter().copied().find(|n| !has(ctx, *n)) {
            match missing.iter_mut().find(|(n, _)| *n == need) {
                Some((_, list)) => list.push(rule.info.title),
                None => missing.push((need, vec![rule.info.title])),
            }
            continue;
        }
        let start = findings.len();
        (rule.check)(ctx, findings);
        for f in &mut findings[start..] {
            f.stamp(&rule.info);
        }
    }
    for (need, rules) in missing {
        if input_reported_missing(ctx.service, need) || chain_not_needed(ctx, need) {
            continue;
        }
        findings.push(not_given(ctx, need, &rules));
    }
}

fn not_given(ctx: &Ctx<'_>, need: Needs, rules: &[&str]) -> Finding {
    let message = match (need, ctx.facts.certificate_tail()) {
        // A fullchain in the certificate field: the chain is there, in the wrong field.
        (Needs::Chain, Some(tail)) => format!(
            "Not checked while the chain is in the certificate field ({} certificate(s) after the leaf): {}. Move them to the chain field to make these conclusive.",
            tail.len(),
            rules.join("; ")
        ),
        _ => format!(
            "Not checked without {}: {}. Give it to make these conclusive.",
            need.name(),
            rules.join("; ")
        ),
    };
    let subject = match need {
        Needs::Certificate => crate::finding::Subject::Certificate,
        Needs::Key => crate::finding::Subject::Key,
        Needs::Chain => crate::finding::Subject::Chain,
        Needs::Bundle => crate::finding::Subject::Bundle,
    };
    // The chain and RDS's bundle decide the answer; a key or certificate a target does not
    // require (it would have its own finding if it did) only makes some rules conclusive.
    let (code, rule) = match need {
        Needs::Chain | Needs::Bundle => (Code::NeedsInput, &NOT_GIVEN),
        Needs::Certificate | Needs::Key => (Code::NotChecked, &NOT_CHECKED),
    };
    Finding::info(code, message)
        .about(subject)
        .needs(need.input_name())
        .made_by(rule)
}

/// A self-signed leaf, or one a trusted root issued itself, has no chain to give.
fn chain_not_needed(ctx: &Ctx<'_>, need: Needs) -> bool {
    need == Needs::Chain
        && (ctx.leaf().is_some_and(|l| l.self_signed())
            || ctx
                .path_end()
                .is_some_and(|e| e.anchor.is_some() && e.top == crate::chain::Node::Leaf))
}

fn has(ctx: &Ctx<'_>, need: Needs) -> bool {
    match need {
        Needs::Certificate => ctx.leaf().is_some(),
        Needs::Key => ctx.key().is_some(),
        Needs::Chain => ctx.has_chain(),
        // The bundle rule reports an unreadable or empty bundle itself.
        Needs::Bundle => ctx.bundle().is_some(),
    }
}

/// A required input that is absent already has its own error; an input the target does not
/// use is not asked for.
fn input_reported_missing(service: &ServiceInfo, need: Needs) -> bool {
    match need {
        Needs::Certificate => service.certificate == Need::Required,
        Needs::Key => service.private_key == Need::Required || service.private_key == Need::NotUsed,
        Needs::Chain => service.chain == Need::NotUsed,
        Needs::Bundle => false,
    }
}
