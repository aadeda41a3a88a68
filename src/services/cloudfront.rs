//! CloudFront viewer certificates, imported through ACM in us-east-1. Sources: spec §1.5.

use super::acm::{acm_profile, import_commands, IMPORT_RULES};
use super::rules::{rule, Needs, RootPolicy, Rule};
use super::{Need, OptionName, ServiceId, ServiceInfo};
use crate::check::Context;
use crate::finding::{Code, Finding};

/// RSA up to 4096 (2048 until about 2023) and only the P-256 curve.
const CLOUDFRONT_KEYS: &[&str] = &[
    "RSA_1024",
    "RSA_2048",
    "RSA_3072",
    "RSA_4096",
    "EC_prime256v1",
];

fn region_note(_ctx: &Context<'_>, out: &mut Vec<Finding>) {
    out.push(
        Finding::info(
            Code::ServiceNote,
            "CloudFront uses ACM certificates from us-east-1 only; import there (the command below says --region us-east-1). The issuer must be on the Mozilla Included CA list.",
        ),
    );
}

static CLOUDFRONT_RULES: &[Rule] = &[
    rule(
        Code::ChainRootIncluded,
        "root left out of the chain",
        "CF-DG cnames-and-https-requirements @5999c0d (do not include the root)",
        &[Needs::Certificate, Needs::Chain],
        super::rules::chain_root,
    ),
    rule(
        Code::ServiceNote,
        "certificate in us-east-1",
        "CF-DG; ACM-UG import-certificate-prerequisites",
        &[],
        region_note,
    ),
];

pub(crate) const CLOUDFRONT: ServiceInfo = ServiceInfo {
    id: ServiceId::Cloudfront,
    name: "CloudFront (via ACM, us-east-1)",
    summary: "A viewer certificate for a CloudFront distribution: ACM import in us-east-1, RSA up to 4096 or EC P-256, no root in the chain.",
    certificate: Need::Required,
    private_key: Need::Required,
    chain: Need::Optional,
    options: &[] as &[OptionName],
    profile: acm_profile(CLOUDFRONT_KEYS, RootPolicy::LeaveOut),
    rule_sets: &[IMPORT_RULES, CLOUDFRONT_RULES],
    commands: |ctx| import_commands(ctx, Some("us-east-1")),
    describe_preview: true,
};
