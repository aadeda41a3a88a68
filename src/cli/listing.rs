//! `certpreflight services` and `certpreflight rules`: what the engine knows, listed.

use super::args::Format;
use super::UsageError;
use certpreflight::{
    catalog, format_rfc3339, trust_anchors, AnchorSet, CatalogEntry, ServiceId, Severity, SERVICES,
};

pub(crate) fn services() -> Result<i32, UsageError> {
    for s in &SERVICES {
        let mark = if s.deprecated.is_some() {
            "(deprecated) "
        } else {
            ""
        };
        println!("{}\t{mark}{}", s.id.id(), s.summary);
    }
    Ok(0)
}

fn severity(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "info",
    }
}

pub(crate) fn rules(service: Option<&str>, format: Format) -> Result<i32, UsageError> {
    let only = match service {
        Some(id) => Some(ServiceId::from_id(id).ok_or_else(|| {
            UsageError(format!(
                "unknown service '{id}'; see certpreflight services"
            ))
        })?),
        None => None,
    };
    let entries: Vec<CatalogEntry> = catalog()
        .into_iter()
        .filter(|e| only.is_none_or(|s| e.targets.is_empty() || e.targets.contains(&s)))
        .collect();
    match format {
        Format::Text => {
            let width = entries.iter().map(|e| e.info.id.len()).max().unwrap_or(0);
            for e in &entries {
                let i = e.info;
                println!(
                    "{:<width$}  {:<31} {:<7} {}{}\n{:<width$}  why: {}",
                    i.id,
                    i.code.as_str(),
                    severity(i.severity),
                    i.title,
                    if i.confirmed { "" } else { " (UNCONFIRMED)" },
                    "",
                    i.source
                );
            }
        }
        Format::Json | Format::Jsonl => {
            let list: Vec<serde_json::Value> = entries
                .iter()
                .map(|e| {
                    serde_json::json!({
                        "id": e.info.id,
                        "code": e.info.code,
                        "severity": e.info.severity,
                        "title": e.info.title,
                        "source": e.info.source,
                        "confirmed": e.info.confirmed,
                        "targets": e.targets.iter().map(|t| t.id()).collect::<Vec<_>>(),
                    })
                })
                .collect();
            let text = if format == Format::Jsonl {
                list.iter()
                    .map(|v| v.to_string())
                    .collect::<Vec<_>>()
                    .join("\n")
            } else {
                serde_json::to_string_pretty(&list).unwrap_or_default()
            };
            println!("{text}");
        }
    }
    Ok(0)
}

pub(crate) fn anchors(format: Format) -> Result<i32, UsageError> {
    let store = trust_anchors();
    match format {
        Format::Text => {
            for s in &store.sources {
                println!("# {s}");
            }
            for a in &store.anchors {
                let set = match a.set {
                    AnchorSet::Mozilla => "mozilla",
                    AnchorSet::Amazon => "amazon",
                    AnchorSet::Rds => "rds",
                };
                let rds = match (&a.rds_identifier, &a.rds_region) {
                    (Some(id), Some(region)) if region.is_empty() => format!("  {id}"),
                    (Some(id), Some(region)) => format!("  {id} {region}"),
                    _ => String::new(),
                };
                println!(
                    "{set}\t{}\t{}\tuntil {}{rds}",
                    a.label,
                    a.sha256,
                    format_rfc3339(a.not_after)
                );
            }
        }
        Format::Json => {
            println!(
                "{}",
                serde_json::to_string_pretty(&store).unwrap_or_default()
            );
        }
        // One anchor per line; the sources are in the json form.
        Format::Jsonl => {
            for a in &store.anchors {
                println!("{}", serde_json::to_string(a).unwrap_or_default());
            }
        }
    }
    Ok(0)
}
