//! Elastic Load Balancing listeners using ACM certificates. Sources: spec §1.5.

use super::acm::{acm_profile, import_commands, ACM_KEYS, IMPORT_RULES, ROOT_ALLOWED_LAST};
use super::rules::{rule, Needs, RootPolicy, Rule};
use super::{Need, OptionName, ServiceId, ServiceInfo};
use crate::cert::PublicKey;
use crate::check::Context;
use crate::finding::{Code, Finding, Subject};

/// ALB takes every ACM key type; Classic and (per 2022–2023 docs) Network Load Balancers do not.
fn load_balancer_kinds(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let Some(leaf) = ctx.leaf() else { return };
    let big_or_ec = match &leaf.key {
        PublicKey::Rsa { .. } => leaf.key.bits().unwrap_or(0) > 2048,
        PublicKey::Ec { .. } => true,
        _ => false,
    };
    if big_or_ec {
        out.push(
            Finding::warning(
                Code::KeyUnsupported,
                format!(
                    "The key is {}: an Application Load Balancer accepts it, but a Classic Load Balancer cannot use it from ACM (upload it to IAM instead), and Network Load Balancer docs of 2022–2023 say RSA keys over 2048 bits and EC keys are not installable (current NLB behaviour UNCONFIRMED).",
                    leaf.key.describe()
                ),
            )
            .fix("for a Classic or Network Load Balancer, use an RSA 2048 certificate")
            .about(Subject::Certificate),
        );
    }
}

static ELB_RULES: &[Rule] = &[
    ROOT_ALLOWED_LAST,
    rule(
        Code::KeyUnsupported,
        "key usable by Classic and Network Load Balancers",
        "ELB classic ssl-server-cert.md @4678ffc; ELB NLB create-tls-listener.md @7b4d08e/@1b5c550 (UNCONFIRMED now); ALB create-https-listener.md @fb24293",
        &[Needs::Certificate],
        load_balancer_kinds,
    ),
];

pub(crate) const ELB: ServiceInfo = ServiceInfo {
    id: ServiceId::Elb,
    name: "Elastic Load Balancing (via ACM)",
    summary: "A listener certificate for an Application, Network or Classic Load Balancer, imported into ACM in the balancer's Region.",
    certificate: Need::Required,
    private_key: Need::Required,
    chain: Need::Optional,
    options: &[] as &[OptionName],
    profile: acm_profile(ACM_KEYS, RootPolicy::Allowed),
    rule_sets: &[IMPORT_RULES, ELB_RULES],
    commands: |ctx| import_commands(ctx, None),
    describe_preview: true,
};
