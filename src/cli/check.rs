//! `certpreflight check`: one target (the single-service contract), several, or all of them
//! from one analysis; fleet mode for IoT.

use super::args::{CheckArgs, CheckFormat, FailOn, Targets};
use super::render::{self, RdsAsk, Style};
use super::sarif::{Inputs, Paths};
use super::{fleet, UsageError};
use super::{junit, sarif};
use certpreflight::{check, check_all, Finding, Matrix, Report, ServiceId, Severity, Verdict};

pub(crate) fn run(args: CheckArgs, color: bool) -> Result<i32, UsageError> {
    let style = Style::new(color, &args.output);
    match args.targets()? {
        Targets::One(service) => one(&args, service, style),
        Targets::Many { targets, required } => many(&args, &targets, &required, style),
    }
}

fn one(args: &CheckArgs, service: ServiceId, style: Style) -> Result<i32, UsageError> {
    args.check_options(&[service])?;
    args.check_stdin()?;
    let at = args.instant()?;
    if fleet::fleet_mode(args, service)? {
        return fleet::run(args, service, at, style);
    }
    let loaded = args.load()?;
    let report = check(&loaded.request(service, at, args.options()?));
    print_report(&report, args, &Paths::of(args), service, style);
    Ok(exit_status(
        report.verdict,
        &report.findings,
        args.output.fail_on,
    ))
}

/// The exit status, the same for every subcommand: 1 on a failure (or, with `--fail-on
/// warning`, a warning), 3 incomplete (an input the answer needs is missing), else 0; 2 is
/// a usage or I/O problem.
pub(crate) fn exit_status(verdict: Verdict, findings: &[Finding], fail_on: FailOn) -> i32 {
    let warned = fail_on == FailOn::Warning
        && findings
            .iter()
            .any(|f| matches!(f.severity, Severity::Error | Severity::Warning));
    match verdict {
        Verdict::Fail => 1,
        _ if warned => 1,
        Verdict::Incomplete => 3,
        Verdict::Pass => 0,
    }
}

/// Prints one target's report; `paths` are the files it judged (for SARIF's locations and
/// JUnit's suite name).
pub(crate) fn print_report(
    report: &Report,
    args: &CheckArgs,
    paths: &Paths,
    service: ServiceId,
    style: Style,
) {
    match args.format {
        CheckFormat::Json => println!("{}", report.to_json()),
        CheckFormat::Jsonl => println!("{}", serde_json::to_string(report).unwrap_or_default()),
        CheckFormat::Sarif => println!("{}", sarif::report(report, &Inputs::read(paths))),
        CheckFormat::Junit => print!(
            "{}",
            junit::report(&paths.set_name(), report, service.info().name)
        ),
        CheckFormat::Text => {
            let rds = RdsAsk {
                ca_identifier: args.ca_identifier.as_deref(),
                region: args.region.as_deref(),
            };
            print!("{}", render::report(report, service.info(), rds, style))
        }
    }
}

/// Several targets from one analysis. Exit 1 when a required target fails.
fn many(
    args: &CheckArgs,
    targets: &[ServiceId],
    required: &[ServiceId],
    style: Style,
) -> Result<i32, UsageError> {
    args.check_options(targets)?;
    let at = args.instant()?;
    let loaded = args.load()?;
    // `service` is not read by check_all; the first target stands in.
    let request = loaded.request(targets[0], at, args.options()?);
    let matrix = check_all(&request, targets);
    match args.format {
        CheckFormat::Text => print!("{}", render::matrix(&matrix, style)),
        CheckFormat::Json => println!("{}", matrix.to_json()),
        CheckFormat::Sarif => {
            let inputs = Inputs::read(&Paths::of(args));
            println!("{}", sarif::matrix(&matrix, &inputs))
        }
        CheckFormat::Junit => print!("{}", junit::matrix(&Paths::of(args).set_name(), &matrix)),
        // One line per target: the matrix's facts are in each report's JSON.
        CheckFormat::Jsonl => {
            for t in &matrix.targets {
                println!("{}", serde_json::to_string(t).unwrap_or_default());
            }
        }
    }
    let (verdict, findings) = deciding(&matrix, required);
    Ok(exit_status(verdict, &findings, args.output.fail_on))
}

/// The verdict the required targets give together (fail if any fails, else incomplete if
/// any is, else pass), and their findings.
fn deciding(matrix: &Matrix, required: &[ServiceId]) -> (Verdict, Vec<Finding>) {
    let decisive: Vec<_> = matrix
        .targets
        .iter()
        .filter(|t| required.iter().any(|r| r.id() == t.service))
        .collect();
    let verdicts: Vec<Verdict> = decisive.iter().map(|t| t.verdict).collect();
    let findings = decisive
        .iter()
        .flat_map(|t| t.findings.iter().cloned())
        .collect();
    let verdict = if verdicts.contains(&Verdict::Fail) {
        Verdict::Fail
    } else if verdicts.contains(&Verdict::Incomplete) {
        Verdict::Incomplete
    } else {
        Verdict::Pass
    };
    (verdict, findings)
}
