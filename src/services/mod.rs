//! The AWS targets: one file each, holding everything that target decides (what it takes,
//! its key list and other policies, its rules with their ids and sources, its commands).
//! Rules are plain functions of the analysed inputs ([`crate::rule::Ctx`]); checks that
//! several targets make live in `shared/`, parameterised by the calling target's policy.

mod acm;
mod apigateway;
mod cloudfront;
mod iam;
mod iot;
mod load_balancers;
mod rds;
pub(crate) mod shared;
mod transfer;

pub use crate::field::OptionName;
pub use crate::rule::{Need, Needs, RootPolicy, Rule, ServiceInfo};
pub use crate::service_id::ServiceId;

use crate::report::Command;
use crate::rule::Needs as N;

/// The inputs most rules need.
pub(crate) const C: &[N] = &[N::Certificate];
pub(crate) const CK: &[N] = &[N::Certificate, N::Key];
pub(crate) const CC: &[N] = &[N::Certificate, N::Chain];

/// Every target, in [`ServiceId::ALL`] order.
pub static SERVICES: [ServiceInfo; 15] = [
    acm::ACM,
    cloudfront::CLOUDFRONT,
    load_balancers::ALB,
    load_balancers::NLB,
    load_balancers::CLB,
    apigateway::APIGATEWAY_EDGE,
    apigateway::APIGATEWAY_REGIONAL,
    iam::IAM_SERVER,
    iam::IAM_SIGNING,
    iot::IOT,
    iot::IOT_CA,
    transfer::TRANSFER,
    rds::RDS,
    load_balancers::ELB,
    apigateway::APIGATEWAY,
];

impl ServiceId {
    /// The target's record.
    pub fn info(self) -> &'static ServiceInfo {
        // SERVICES is declared in ServiceId::ALL order; a test keeps it so.
        &SERVICES[self as usize]
    }
}

/// What the page shows of a target: its name, summary, options and place, without its
/// rules. The page's main thread reads only this table, so its wasm links no rule (the
/// rules run in the page's worker).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TargetMeta {
    pub id: ServiceId,
    pub name: &'static str,
    pub summary: &'static str,
    pub options: &'static [OptionName],
    pub deprecated: Option<&'static str>,
    /// Judged by `--service all` and shown in the page's matrix.
    pub in_matrix: bool,
    /// Takes a private key (required or optional).
    pub takes_key: bool,
    /// Takes a chain.
    pub takes_chain: bool,
}

impl TargetMeta {
    const fn of(s: &ServiceInfo) -> TargetMeta {
        TargetMeta {
            id: s.id,
            name: s.name,
            summary: s.summary,
            options: s.options,
            deprecated: s.deprecated,
            in_matrix: matches!(s.certificate, Need::Required) && s.deprecated.is_none(),
            takes_key: !matches!(s.private_key, Need::NotUsed),
            takes_chain: !matches!(s.chain, Need::NotUsed),
        }
    }

    pub fn takes(&self, option: OptionName) -> bool {
        let mut i = 0;
        while i < self.options.len() {
            if self.options[i] as u8 == option as u8 {
                return true;
            }
            i += 1;
        }
        false
    }
}

/// Every target's [`TargetMeta`], in [`ServiceId::ALL`] order (built at compile time from the
/// same records as [`SERVICES`]).
pub static TARGETS: [TargetMeta; 15] = [
    TargetMeta::of(&acm::ACM),
    TargetMeta::of(&cloudfront::CLOUDFRONT),
    TargetMeta::of(&load_balancers::ALB),
    TargetMeta::of(&load_balancers::NLB),
    TargetMeta::of(&load_balancers::CLB),
    TargetMeta::of(&apigateway::APIGATEWAY_EDGE),
    TargetMeta::of(&apigateway::APIGATEWAY_REGIONAL),
    TargetMeta::of(&iam::IAM_SERVER),
    TargetMeta::of(&iam::IAM_SIGNING),
    TargetMeta::of(&iot::IOT),
    TargetMeta::of(&iot::IOT_CA),
    TargetMeta::of(&transfer::TRANSFER),
    TargetMeta::of(&rds::RDS),
    TargetMeta::of(&load_balancers::ELB),
    TargetMeta::of(&apigateway::APIGATEWAY),
];

impl ServiceId {
    /// The target as the page shows it (no rules).
    pub fn meta(self) -> &'static TargetMeta {
        &TARGETS[self as usize]
    }
}

/// The targets `--service all` judges: every one that takes a certificate, not deprecated.
pub fn matrix_targets() -> Vec<ServiceId> {
    SERVICES
        .iter()
        .filter(|s| s.in_matrix())
        .map(|s| s.id)
        .collect()
}

/// A word as a POSIX shell reads it back unchanged: left bare when it holds only characters
/// no shell treats specially, else in single quotes (a `'` inside becomes `'\''`).
pub(crate) fn shell_word(word: &str) -> String {
    let plain = !word.is_empty()
        && word
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"@%+=:,./_-".contains(&b));
    if plain {
        word.to_string()
    } else {
        format!("'{}'", word.replace('\'', "'\\''"))
    }
}

/// An AWS CLI file argument: `fileb://NAME` (or `file://`), quoted when the name needs it.
pub(crate) fn file_arg(scheme: &str, name: &str) -> String {
    shell_word(&format!("{scheme}://{name}"))
}

/// A command for the report.
pub(crate) fn command(title: &str, command: String) -> Command {
    Command {
        title: title.to_string(),
        command,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_a_shell_would_split_or_expand_are_quoted() {
        assert_eq!(shell_word("cert.pem"), "cert.pem");
        assert_eq!(file_arg("fileb", "certs/a-1.pem"), "fileb://certs/a-1.pem");
        assert_eq!(
            file_arg("fileb", "my certs/a.pem"),
            "'fileb://my certs/a.pem'"
        );
        assert_eq!(shell_word("it's"), "'it'\\''s'");
        assert_eq!(shell_word("$HOME"), "'$HOME'");
        assert_eq!(shell_word("a\"b"), "'a\"b'");
        assert_eq!(shell_word(""), "''");
    }
    use crate::finding::{Code, Severity};
    use std::collections::HashMap;

    #[test]
    fn services_are_in_id_order_and_unique() {
        for (i, s) in SERVICES.iter().enumerate() {
            assert_eq!(s.id, ServiceId::ALL[i], "SERVICES[{i}] is out of order");
            let meta = &TARGETS[i];
            assert_eq!(
                (meta.id, meta.name, meta.summary, meta.options),
                (s.id, s.name, s.summary, s.options)
            );
            assert_eq!(meta.in_matrix, s.in_matrix());
            assert_eq!(ServiceId::from_id(s.id.id()), Some(s.id));
        }
    }

    #[test]
    fn every_rule_has_a_unique_id_a_source_and_a_title() {
        let mut seen: HashMap<&str, *const Rule> = HashMap::new();
        for s in &SERVICES {
            assert!(s.rules().next().is_some(), "{} has no rules", s.id.id());
            for r in s.rules() {
                let i = &r.info;
                let first = *seen.entry(i.id).or_insert(r as *const Rule);
                assert!(
                    std::ptr::eq(first, r),
                    "rule id {} names two different rules",
                    i.id
                );
                let (prefix, name) = i.id.split_once('.').expect("ids are <target>.<name>");
                assert!(
                    ServiceId::from_id(prefix).is_some(),
                    "{}: unknown target",
                    i.id
                );
                assert!(
                    !name.is_empty()
                        && name
                            .chars()
                            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
                    "{}: ids are lowercase words joined by dashes",
                    i.id
                );
                assert!(!i.source.trim().is_empty(), "{}: no source", i.id);
                assert!(!i.title.trim().is_empty(), "{}: no title", i.id);
                assert!(!i.title.contains("TODO") && !i.source.contains("TODO"));
                // An UNCONFIRMED rule only warns.
                if !i.confirmed {
                    assert_ne!(
                        i.severity,
                        Severity::Error,
                        "{}: unconfirmed but an error",
                        i.id
                    );
                }
            }
        }
    }

    #[test]
    fn codes_are_unique() {
        let mut seen = std::collections::HashSet::new();
        for c in Code::ALL {
            assert!(seen.insert(c.as_str()), "duplicate code {c}");
        }
    }
}
