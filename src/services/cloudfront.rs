//! CloudFront viewer certificates, imported through ACM in us-east-1. Sources: spec §1.5, §9.
//!
//! ACM's import rules run first ([`super::acm::IMPORT_RULES`]); CloudFront adds what it
//! cannot use although ACM imports it: keys beyond its list, the root in the chain, a chain
//! link that is no CA, an issuer that is not a public CA.

use super::acm::{import_commands, IMPORT_RULES};
use super::shared::{self as s, KeyPolicy, TrustPolicy};
use super::{C, CC};
use crate::analysis::ChainSource;
use crate::field::OptionName;
use crate::finding::{Code, Finding, Severity, Subject};
use crate::rule::{error, note, warning, Ctx, Need, RootPolicy, Rule, ServiceInfo};
use crate::service_id::ServiceId;

/// RSA up to 4096 (2048 until about 2023) and only the P-256 curve.
pub(crate) const KEYS: KeyPolicy = KeyPolicy {
    accepted: &[
        "RSA_1024",
        "RSA_2048",
        "RSA_3072",
        "RSA_4096",
        "EC_prime256v1",
    ],
    confirmed: true,
    aws_error: Some(INVALID_VIEWER_CERTIFICATE),
};

/// CloudFront's answer to a viewer certificate it cannot use.
pub(crate) const INVALID_VIEWER_CERTIFICATE: &str = "InvalidViewerCertificate: The specified SSL certificate doesn't exist, isn't in us-east-1 region, isn't valid, or doesn't include a valid certificate chain.";

/// CloudFront (and API Gateway's edge-optimized endpoints) leave the root out of the chain.
const ROOT: RootPolicy = RootPolicy::LeaveOut;

/// A key ACM imports but CloudFront cannot use; a key ACM refuses has ACM's finding already.
pub(crate) fn usable_key(ctx: &Ctx<'_>, keys: &KeyPolicy, out: &mut Vec<Finding>) {
    let Some(leaf) = ctx.leaf() else { return };
    if keys.accepts(&leaf.key) || !super::acm::KEYS.accepts(&leaf.key) {
        return;
    }
    let mut f = Finding::error(
        Code::KeyUnsupported,
        format!(
            "The certificate's key is {}: ACM imports it, but {} takes only {}.",
            leaf.key.describe(),
            ctx.service.name,
            keys.accepted.join(", ")
        ),
    )
    .fix("issue a new certificate with RSA 2048 or EC P-256 (openssl req -new -newkey rsa:2048 -nodes ...)")
    .about(Subject::Certificate);
    if let Some(aws) = keys.aws_error {
        f = f.aws(aws);
    }
    out.push(f);
}

/// CloudFront serves only certificates whose path ends at a root on Mozilla's list.
pub(crate) const TRUST: TrustPolicy = TrustPolicy::MozillaRequired {
    aws_error: Some(INVALID_VIEWER_CERTIFICATE),
};

fn region_note(_ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    out.push(Finding::info(
        Code::ServiceNote,
        "CloudFront uses ACM certificates from us-east-1 only; import there (the command below says --region us-east-1).",
    ));
}

#[rustfmt::skip]
static CLOUDFRONT_RULES: &[Rule] = &[
    error("cloudfront.key-algorithm", Code::KeyUnsupported, "RSA 1024 to 4096 or EC P-256", "CF-DG cnames-and-https-size-of-public-key (live); ACM-UG import-certificate-prerequisites")
        .rule(C, |c, o| usable_key(c, &KEYS, o)),
    error("cloudfront.public-issuer", Code::ChainUntrusted, "the path ends at a root on Mozilla's included CA list", "CF-DG cnames-and-https-requirements (a CA on the Mozilla Included CA list); Mozilla's roots: certifi (data/trust)")
        .rule(C, |c, o| s::chain_trust(c, TRUST, o)),
    warning("cloudfront.chain-root", Code::ChainRootIncluded, "root left out of the chain", "CF-DG cnames-and-https-requirements @5999c0d (do not include the root)")
        .rule(CC, |c, o| s::chain_root(c, ROOT, o)),
    error("cloudfront.chain-issuers-ca", Code::CaBasicConstraints, "every issuer on the path is a CA", s::ISSUERS_CA_SOURCE)
        .rule(CC, |c, o| s::chain_issuers_are_cas(c, Severity::Error, o)),
    note("cloudfront.region", Code::ServiceNote, "certificate in us-east-1", "CF-DG; ACM-UG import-certificate-prerequisites")
        .rule(&[], region_note),
];

pub(crate) const CLOUDFRONT: ServiceInfo = ServiceInfo {
    id: ServiceId::Cloudfront,
    name: "CloudFront (via ACM, us-east-1)",
    ready: "import into ACM in us-east-1 and use on CloudFront",
    summary: "A viewer certificate for a CloudFront distribution: ACM import in us-east-1, RSA up to 4096 or EC P-256, a public CA, no root in the chain.",
    certificate: Need::Required,
    private_key: Need::Required,
    chain: Need::Optional,
    options: &[] as &[OptionName],
    rule_sets: &[IMPORT_RULES, CLOUDFRONT_RULES],
    commands: |ctx| import_commands(ctx, Some("us-east-1")),
    describe_preview: Some(super::acm::describe_preview),
    chain_source: ChainSource::ChainField,
    expiry_warning_days: 30,
    root_in_chain: ROOT,
    deprecated: None,
};
