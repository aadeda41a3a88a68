//! `certpreflight check`: one target (the single-service contract), several, or all of them
//! from one analysis; fleet mode for IoT.

use super::args::{CheckArgs, Format, Targets};
use super::{fleet, render, UsageError};
use certpreflight::{check, check_all, Matrix, Report, ServiceId, Verdict};

pub(crate) fn run(args: CheckArgs) -> Result<i32, UsageError> {
    match args.targets()? {
        Targets::One(service) => one(&args, service),
        Targets::Many { targets, required } => many(&args, &targets, &required),
    }
}

fn one(args: &CheckArgs, service: ServiceId) -> Result<i32, UsageError> {
    args.check_options(&[service])?;
    let at = args.instant()?;
    if fleet::fleet_mode(args, service)? {
        return fleet::run(args, service, at);
    }
    if args.format == Format::Jsonl {
        return Err(UsageError(
            "--format jsonl is fleet mode: --service iot or iot-ca with many certificates".into(),
        ));
    }
    let loaded = args.load()?;
    let report = check(&loaded.request(service, at, args.options()?));
    print_report(&report, args.format, service);
    Ok(exit_status(report.verdict))
}

/// 0 pass, 1 fail, 3 incomplete (an input the answer needs is missing); 2 is a usage or
/// I/O problem.
pub(crate) fn exit_status(verdict: Verdict) -> i32 {
    match verdict {
        Verdict::Pass => 0,
        Verdict::Fail => 1,
        Verdict::Incomplete => 3,
    }
}

pub(crate) fn print_report(report: &Report, format: Format, service: ServiceId) {
    match format {
        Format::Json | Format::Jsonl => println!("{}", report.to_json()),
        Format::Text => print!("{}", render::report(report, service.info().name)),
    }
}

/// Several targets from one analysis. Exit 1 when a required target fails.
fn many(
    args: &CheckArgs,
    targets: &[ServiceId],
    required: &[ServiceId],
) -> Result<i32, UsageError> {
    args.check_options(targets)?;
    if args.format == Format::Jsonl {
        return Err(UsageError(
            "--format jsonl is fleet mode, for one IoT target; the matrix prints text or json"
                .into(),
        ));
    }
    let at = args.instant()?;
    let loaded = args.load()?;
    // `service` is not read by check_all; the first target stands in.
    let request = loaded.request(targets[0], at, args.options()?);
    let matrix = check_all(&request, targets);
    match args.format {
        Format::Text => print!("{}", render::matrix(&matrix)),
        _ => println!("{}", matrix.to_json()),
    }
    Ok(exit_status(deciding_verdict(&matrix, required)))
}

/// The verdict the required targets give together: fail if any fails, else incomplete if
/// any is, else pass.
fn deciding_verdict(matrix: &Matrix, required: &[ServiceId]) -> Verdict {
    let verdicts: Vec<Verdict> = matrix
        .targets
        .iter()
        .filter(|t| required.iter().any(|r| r.id() == t.service))
        .map(|t| t.verdict)
        .collect();
    if verdicts.contains(&Verdict::Fail) {
        Verdict::Fail
    } else if verdicts.contains(&Verdict::Incomplete) {
        Verdict::Incomplete
    } else {
        Verdict::Pass
    }
}
