//! Fleet mode: many IoT device (or CA) certificates against one CA, on every core.

use super::args::{CheckArgs, CheckFormat, FailOn, STDIN};
use super::render::{self, FleetView, Style};
use super::{read, UsageError};
use certpreflight::{
    check_devices_parallel, fleet_ca, split_certificates, DeviceInput, DeviceResult, FleetSummary,
    ServiceId, Severity,
};
use std::path::{Path, PathBuf};

/// Fleet mode: iot or iot-ca, and a folder, a bundle of several certificates, or jsonl.
pub(crate) fn fleet_mode(args: &CheckArgs, service: ServiceId) -> Result<bool, UsageError> {
    let fleet_service = matches!(service, ServiceId::Iot | ServiceId::IotCa);
    let Some(cert) = &args.cert else {
        return Ok(false);
    };
    if cert.as_os_str() == STDIN {
        // Standard input is read once: fleet mode only when asked for with jsonl.
        return Ok(fleet_service && args.format == CheckFormat::Jsonl);
    }
    if cert.is_dir() {
        if !fleet_service {
            return Err(UsageError(format!(
                "--cert {} is a folder; folders of certificates are checked with --service iot or iot-ca",
                cert.display()
            )));
        }
        return Ok(true);
    }
    if !fleet_service {
        return Ok(false);
    }
    if args.format == CheckFormat::Jsonl {
        return Ok(true);
    }
    // A bundle: more than one CERTIFICATE block (cheap to count without parsing).
    let meta =
        std::fs::metadata(cert).map_err(|e| UsageError(format!("{}: {e}", cert.display())))?;
    if meta.len() > certpreflight::MAX_INPUT_BYTES as u64 {
        return Ok(true);
    }
    let bytes = read(cert)?;
    let blocks = bytes
        .windows(27)
        .filter(|w| *w == b"-----BEGIN CERTIFICATE-----")
        .take(2)
        .count();
    Ok(blocks > 1 && args.key.is_none())
}

/// Reads a fleet input: one file, or every file of a folder (sorted by name, not recursive).
fn read_fleet(path: &Path) -> Result<Vec<(String, Vec<u8>)>, UsageError> {
    let io = |e: std::io::Error| UsageError(format!("{}: {e}", path.display()));
    if !path.is_dir() {
        return Ok(vec![(path.display().to_string(), read(path)?.to_vec())]);
    }
    let mut names: Vec<PathBuf> = std::fs::read_dir(path)
        .map_err(io)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file())
        .collect();
    names.sort();
    names
        .into_iter()
        .map(|p| {
            let bytes =
                std::fs::read(&p).map_err(|e| UsageError(format!("{}: {e}", p.display())))?;
            Ok((p.display().to_string(), bytes))
        })
        .collect()
}

pub(crate) fn run(
    args: &CheckArgs,
    service: ServiceId,
    at: i64,
    style: Style,
) -> Result<i32, UsageError> {
    if args.key.is_some() {
        return Err(UsageError(
            "fleet mode checks certificates only; --key does not apply to many certificates".into(),
        ));
    }
    let Some(cert_path) = &args.cert else {
        return Err(UsageError("fleet mode needs --cert".into()));
    };
    let files = read_fleet(cert_path)?;
    let ca_bytes = args.chain.as_deref().map(read).transpose()?;
    let ca = fleet_ca(
        service,
        ca_bytes.as_ref().map(|b| b.as_slice()),
        at,
        args.options()?,
    );
    let devices: Vec<(usize, usize, DeviceInput<'_>)> = files
        .iter()
        .enumerate()
        .flat_map(|(source, (_, bytes))| {
            split_certificates(bytes)
                .into_iter()
                .enumerate()
                .map(move |(index, d)| (source, index, d))
        })
        .collect();
    let results = check_devices_parallel(&ca, &devices);
    let summary = FleetSummary::new(&results, ca.warn_days());
    let ca_failed = ca.findings.iter().any(|f| f.severity == Severity::Error);
    let chain_name = args.chain.as_deref().map(|p| p.display().to_string());
    match args.format {
        CheckFormat::Jsonl => {
            use std::io::Write;
            let stdout = std::io::stdout();
            let mut out = std::io::BufWriter::new(stdout.lock());
            for f in &ca.findings {
                let _ = writeln!(out, "{}", serde_json::json!({ "ca_finding": f }));
            }
            for r in &results {
                let _ = writeln!(out, "{}", device_line(&files[r.source].0, r));
            }
            let _ = out.flush();
        }
        CheckFormat::Json => {
            let devices: Vec<serde_json::Value> = results
                .iter()
                .map(|r| device_line(&files[r.source].0, r))
                .collect();
            println!(
                "{}",
                serde_json::to_string_pretty(&serde_json::json!({
                    "service": service.id(),
                    "evaluated_at": certpreflight::format_rfc3339(at),
                    "ca_checked": ca.ca_checked(),
                    "ca_findings": ca.findings,
                    "devices": devices,
                    "summary": summary,
                }))
                .unwrap_or_default()
            );
        }
        CheckFormat::Sarif => println!(
            "{}",
            super::sarif::fleet(
                service.id(),
                &certpreflight::format_rfc3339(at),
                &files,
                &results,
                (&ca.findings, args.chain.as_deref()),
            )
        ),
        CheckFormat::Junit => print!(
            "{}",
            super::junit::fleet(
                service.id(),
                &certpreflight::format_rfc3339(at),
                &files,
                &results,
                (&ca.findings, chain_name.as_deref()),
            )
        ),
        CheckFormat::Text => print!(
            "{}",
            render::fleet(
                &FleetView {
                    service,
                    at,
                    ca_findings: &ca.findings,
                    ca_checked: ca.ca_checked(),
                    files: &files,
                    results: &results,
                    summary: &summary,
                },
                style
            )
        ),
    }
    let warned = args.output.fail_on == FailOn::Warning
        && (results.iter().any(|r| !r.warnings.is_empty())
            || ca.findings.iter().any(|f| f.severity == Severity::Warning));
    Ok(if summary.failed > 0 || ca_failed || warned {
        1
    } else {
        0
    })
}

/// One JSON line of fleet output.
fn device_line(file: &str, r: &DeviceResult) -> serde_json::Value {
    serde_json::json!({
        "file": file,
        "index": r.index,
        "certificate_id": r.certificate_id,
        "subject": r.subject,
        "verdict": r.verdict,
        "errors": r.errors,
        "warnings": r.warnings,
        "first_error": r.first_error,
        "days_remaining": r.days_remaining,
        "not_after": r.not_after,
    })
}
