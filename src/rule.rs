//! The records a service file is made of: [`ServiceInfo`] (what a target is and takes) and
//! [`Rule`] (one check, with its id and source), and the view a rule reads ([`Ctx`]: the
//! one analysis of the inputs, seen by one target). The pipeline runs the rules; nothing
//! here knows a particular service.

use crate::analysis::{Analysis, ChainSource};
use crate::cert::Cert;
use crate::chain::{ChainAnalysis, Node, PathEnd};
use crate::field::{InputName, OptionName};
use crate::finding::{Code, Finding, RuleInfo, Severity};
use crate::input::{FileNames, Input, Options};
use crate::key::PrivKey;
use crate::report::{Command, DescribePreview};
use crate::service_id::ServiceId;

/// An input a rule needs before it can be conclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Needs {
    Certificate,
    Key,
    Chain,
    Bundle,
}

impl Needs {
    pub fn name(self) -> &'static str {
        match self {
            Needs::Certificate => "the certificate",
            Needs::Key => "the private key",
            Needs::Chain => "the chain",
            Needs::Bundle => "the trust bundle",
        }
    }
    pub fn input_name(self) -> InputName {
        match self {
            Needs::Certificate => InputName::Certificate,
            Needs::Key => InputName::PrivateKey,
            Needs::Chain => InputName::Chain,
            Needs::Bundle => InputName::Option(OptionName::Bundle),
        }
    }
}

/// One rule: its record, the inputs it needs, and the check.
#[derive(Debug)]
pub struct Rule {
    pub info: RuleInfo,
    /// Inputs that must be present for the check to run.
    pub needs: &'static [Needs],
    pub(crate) check: fn(&Ctx<'_>, &mut Vec<Finding>),
}

impl RuleInfo {
    /// The rule with this record: it runs `check` once every input in `needs` is given.
    pub(crate) const fn rule(
        self,
        needs: &'static [Needs],
        check: fn(&Ctx<'_>, &mut Vec<Finding>),
    ) -> Rule {
        Rule {
            info: self,
            needs,
            check,
        }
    }
}

/// Shorthands for rule records: `error(id, code, title, source)`.
pub(crate) const fn error(
    id: &'static str,
    code: Code,
    title: &'static str,
    source: &'static str,
) -> RuleInfo {
    RuleInfo::new(id, code, Severity::Error, title, source)
}
pub(crate) const fn warning(
    id: &'static str,
    code: Code,
    title: &'static str,
    source: &'static str,
) -> RuleInfo {
    RuleInfo::new(id, code, Severity::Warning, title, source)
}
pub(crate) const fn note(
    id: &'static str,
    code: Code,
    title: &'static str,
    source: &'static str,
) -> RuleInfo {
    RuleInfo::new(id, code, Severity::Info, title, source)
}

/// Which inputs a service takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Need {
    Required,
    Optional,
    NotUsed,
}

/// Whether the chain may end with the root.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RootPolicy {
    /// Allowed as the last element.
    Allowed,
    /// The service says to leave it out (the fixed chain drops it).
    LeaveOut,
}

/// One target: what it is, what it takes, and its rules.
#[derive(Debug)]
pub struct ServiceInfo {
    pub id: ServiceId,
    /// e.g. "ACM ImportCertificate".
    pub name: &'static str,
    /// What a pass makes the certificate ready for, after "ready to": "import into ACM".
    pub ready: &'static str,
    /// One line for `certpreflight services` and the page's picker.
    pub summary: &'static str,
    pub certificate: Need,
    pub private_key: Need,
    pub chain: Need,
    pub options: &'static [OptionName],
    /// Rule groups: a target may reuse another's group (CloudFront reuses ACM's import rules).
    pub rule_sets: &'static [&'static [Rule]],
    /// The import command (shown once nothing is an error) and further commands.
    pub(crate) commands: fn(&Ctx<'_>) -> (Option<String>, Vec<Command>),
    /// What ACM DescribeCertificate would show after the import (ACM family).
    pub(crate) describe_preview: Option<fn(&Ctx<'_>) -> Option<DescribePreview>>,
    /// Where the target takes the chain from.
    pub(crate) chain_source: ChainSource,
    /// Days before notAfter at which a warning is raised (`--warn-days` overrides).
    pub expiry_warning_days: i64,
    /// Whether the chain may end with the root; the fixed chain follows it.
    pub root_in_chain: RootPolicy,
    /// Why the target is deprecated, and what replaces it.
    pub deprecated: Option<&'static str>,
}

impl ServiceInfo {
    pub fn takes(&self, option: OptionName) -> bool {
        self.options.contains(&option)
    }

    /// Every rule of the service, in order.
    pub fn rules(&self) -> impl Iterator<Item = &'static Rule> {
        self.rule_sets.iter().flat_map(|set| set.iter())
    }

    /// Judged by `--service all`: a target that takes a certificate, not deprecated (RDS's
    /// subject is AWS's CA and the client's bundle, not a certificate of the user's).
    pub fn in_matrix(&self) -> bool {
        self.certificate == Need::Required && self.deprecated.is_none()
    }

    /// The day count under which a certificate counts as near expiry: `--warn-days`, else
    /// this target's own threshold.
    pub fn warn_days(&self, options: &Options) -> i64 {
        options.warn_days.unwrap_or(self.expiry_warning_days)
    }
}

/// What a rule reads: the one analysis of the inputs, seen by one target.
pub(crate) struct Ctx<'a> {
    pub facts: &'a Analysis<'a>,
    pub service: &'static ServiceInfo,
}

impl<'a> Ctx<'a> {
    pub fn at(&self) -> i64 {
        self.facts.at
    }
    pub fn options(&self) -> &'a Options {
        self.facts.options
    }
    pub fn certificate(&self) -> Option<&'a Input<'a>> {
        self.facts.certificate()
    }
    pub fn private_key(&self) -> Option<&'a Input<'a>> {
        self.facts.private_key()
    }
    pub fn chain_input(&self) -> Option<&'a Input<'a>> {
        self.facts.chain_input()
    }
    pub fn bundle(&self) -> Option<&'a Input<'a>> {
        self.facts.bundle()
    }
    pub fn verification(&self) -> Option<&'a Input<'a>> {
        self.facts.verification()
    }
    pub fn leaf(&self) -> Option<&'a Cert> {
        self.facts.leaf()
    }
    pub fn key(&self) -> Option<&'a PrivKey> {
        self.facts.key()
    }
    /// The chain this target reads (the chain field, or Transfer's certificate tail).
    pub fn chain_certs(&self) -> Option<&'a [Cert]> {
        self.facts.chain_certs(self.service.chain_source)
    }
    /// The leaf's path through that chain, shared by every target that reads it.
    pub fn analysis(&self) -> Option<&'a ChainAnalysis> {
        self.facts.chain_analysis(self.service.chain_source)
    }
    /// Where the leaf's path through that chain ends (a trusted root, or none known).
    pub fn path_end(&self) -> Option<&'a PathEnd> {
        self.facts.path_end(self.service.chain_source)
    }
    /// The user's trusted roots.
    pub fn trusted(&self) -> &'a [Cert] {
        self.facts.trusted()
    }
    pub fn node_cert(&self, node: Node) -> Option<&'a Cert> {
        self.facts.node_cert(node, self.service.chain_source)
    }
    pub fn key_matches(&self) -> Option<bool> {
        self.facts.key_matches()
    }
    pub fn file_names(&self) -> &'a FileNames {
        &self.facts.inputs.file_names
    }
    /// A non-empty chain is given (or read from the certificate field).
    pub fn has_chain(&self) -> bool {
        self.chain_certs().is_some_and(|c| !c.is_empty())
    }
}
