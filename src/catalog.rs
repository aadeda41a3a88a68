//! Every rule the engine has, once each, with the targets that run it: what
//! `certpreflight rules` lists and the page's "why?" links point into.

use crate::finding::RuleInfo;
use crate::service_id::ServiceId;
use crate::services::SERVICES;

/// One rule and the targets whose checks run it (none for the engine's own `input.*` rules,
/// which every check runs).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CatalogEntry {
    pub info: &'static RuleInfo,
    pub targets: Vec<ServiceId>,
}

/// The engine's own rules, about what it was given rather than any target.
pub fn engine_rules() -> [&'static RuleInfo; 7] {
    [
        &crate::input::SIZE_BOUND,
        &crate::input::PKCS12_OPEN,
        &crate::inspect::KEY_READABLE,
        &crate::input::TRUST_READ,
        &crate::inspect::DECODING,
        &crate::check::NOT_GIVEN,
        &crate::check::NOT_CHECKED,
    ]
}

/// Every rule: the engine's first, then each target's in order, a shared rule (ACM's
/// import rules) listed once with all the targets that run it.
pub fn catalog() -> Vec<CatalogEntry> {
    let mut out: Vec<CatalogEntry> = engine_rules()
        .into_iter()
        .map(|info| CatalogEntry {
            info,
            targets: vec![],
        })
        .collect();
    for service in &SERVICES {
        for rule in service.rules() {
            match out.iter_mut().find(|e| e.info.id == rule.info.id) {
                Some(entry) => entry.targets.push(service.id),
                None => out.push(CatalogEntry {
                    info: &rule.info,
                    targets: vec![service.id],
                }),
            }
        }
    }
    out
}

/// The rule with this id.
pub fn rule(id: &str) -> Option<CatalogEntry> {
    catalog().into_iter().find(|e| e.info.id == id)
}
