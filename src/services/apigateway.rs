//! API Gateway custom domain names using ACM certificates: edge-optimized (through CloudFront,
//! certificate in us-east-1) and regional (certificate in the API's Region), and the
//! deprecated `apigateway` that judged both at once. Sources: spec §1.5.

use super::acm::{import_commands, IMPORT_RULES};
use super::cloudfront;
use super::shared::{self as s, TrustPolicy};
use super::{command, C, CC};
use crate::algorithm::{Curve, PublicKey};
use crate::analysis::ChainSource;
use crate::field::OptionName;
use crate::finding::{Code, Finding, Severity, Subject};
use crate::rule::{error, note, warning, Ctx, Need, RootPolicy, Rule, ServiceInfo};
use crate::service_id::ServiceId;

/// Beyond what older API Gateway documentation allows: RSA over 2048 bits, EC other than
/// P-256 (works for both endpoint types).
fn beyond_old_cap(key: &PublicKey) -> bool {
    let over_2048 = matches!(key, PublicKey::Rsa { .. }) && key.bits().unwrap_or(0) > 2048;
    let ec_not_p256 = matches!(key, PublicKey::Ec { curve, .. } if *curve != Curve::P256);
    over_2048 || ec_not_p256
}

/// Older regional documentation caps the public key at 2048 bits; the current limit is not
/// documented (UNCONFIRMED).
fn regional_key(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    let Some(leaf) = ctx.leaf() else { return };
    if beyond_old_cap(&leaf.key) {
        out.push(
            Finding::warning(
                Code::KeyUnsupported,
                format!(
                    "The key is {}. Older API Gateway documentation caps a regional custom domain's public key at 2048 bits; AWS's documentation no longer settles it, so AWS may accept it.",
                    leaf.key.describe()
                ),
            )
            .fix("an RSA 2048 or EC P-256 certificate works for both endpoint types")
            .about(Subject::Certificate),
        );
    }
}

/// The deprecated `apigateway`: edge limits and the old regional cap at once.
fn both_endpoints(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    let Some(leaf) = ctx.leaf() else { return };
    if beyond_old_cap(&leaf.key) {
        out.push(
            Finding::warning(
                Code::KeyUnsupported,
                format!(
                    "The key is {}. Edge-optimized custom domains use CloudFront, which takes RSA up to 4096 and EC P-256 only; older API Gateway docs cap the public key at 2048 bits (AWS's documentation does not settle the current regional limit).",
                    leaf.key.describe()
                ),
            )
            .fix("an RSA 2048 or EC P-256 certificate works for both endpoint types")
            .about(Subject::Certificate),
        );
    }
    out.push(Finding::info(
        Code::ServiceNote,
        "Edge-optimized custom domains need the certificate in us-east-1; regional ones in the API's Region.",
    ));
}

fn edge_region(_ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    out.push(Finding::info(
        Code::ServiceNote,
        "An edge-optimized custom domain is served by CloudFront: the certificate must be in ACM in us-east-1 (the command below says --region us-east-1).",
    ));
}

fn regional_region(_ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    out.push(Finding::info(
        Code::ServiceNote,
        "A regional custom domain takes the certificate from ACM in the API's own Region.",
    ));
}

#[rustfmt::skip]
static EDGE_RULES: &[Rule] = &[
    error("apigateway-edge.key-algorithm", Code::KeyUnsupported, "CloudFront's keys: RSA 1024 to 4096 or EC P-256", "APIGW how-to-custom-domains-prerequisites.md @781597d (CloudFront's limits); CF-DG cnames-and-https-size-of-public-key")
        .rule(C, |c, o| cloudfront::usable_key(c, &cloudfront::KEYS, o)),
    warning("apigateway-edge.chain-root", Code::ChainRootIncluded, "root left out of the chain (CloudFront serves it)", "CF-DG cnames-and-https-requirements @5999c0d (do not include the root)")
        .rule(CC, |c, o| s::chain_root(c, RootPolicy::LeaveOut, o)),
    error("apigateway-edge.chain-issuers-ca", Code::CaBasicConstraints, "every issuer on the path is a CA", s::ISSUERS_CA_SOURCE)
        .rule(CC, |c, o| s::chain_issuers_are_cas(c, Severity::Error, o)),
    error("apigateway-edge.public-issuer", Code::ChainUntrusted, "the path ends at a root on Mozilla's included CA list (CloudFront's rule)", "APIGW how-to-custom-domains-prerequisites.md @781597d (edge-optimized: served by CloudFront); CF-DG cnames-and-https-requirements")
        .rule(C, |c, o| s::chain_trust(c, cloudfront::TRUST, o)),
    note("apigateway-edge.region", Code::ServiceNote, "certificate in us-east-1", "APIGW how-to-custom-domains-prerequisites.md @781597d")
        .rule(&[], edge_region),
];

#[rustfmt::skip]
static REGIONAL_RULES: &[Rule] = &[
    warning("apigateway-regional.key-algorithm", Code::KeyUnsupported, "public key at most 2048 bits (older docs)", "docs.amazonaws.cn how-to-specify-certificate-for-custom-domain-name (UNCONFIRMED now)")
        .unconfirmed().rule(C, regional_key),
    note("apigateway-regional.chain-root", Code::ChainRootIncluded, "root allowed as the last chain certificate", "ACM-UG import-certificate-format")
        .rule(CC, |c, o| s::chain_root(c, RootPolicy::Allowed, o)),
    error("apigateway-regional.chain-issuers-ca", Code::CaBasicConstraints, "every issuer on the path is a CA", s::ISSUERS_CA_SOURCE)
        .rule(CC, |c, o| s::chain_issuers_are_cas(c, Severity::Error, o)),
    warning("apigateway-regional.public-issuer", Code::ChainUntrusted, "the path ends at a publicly trusted root", "APIGW how-to-custom-domains-prerequisites.md @781597d (a certificate from a public CA); whether a private CA's certificate is refused is UNCONFIRMED")
        .unconfirmed().rule(C, |c, o| s::chain_trust(c, TrustPolicy::PublicExpected, o)),
    note("apigateway-regional.region", Code::ServiceNote, "certificate in the API's Region", "APIGW how-to-custom-domains-prerequisites.md @781597d")
        .rule(&[], regional_region),
];

#[rustfmt::skip]
static DEPRECATED_RULES: &[Rule] = &[
    note("apigateway.chain-root", Code::ChainRootIncluded, "root allowed as the last chain certificate", "ACM-UG import-certificate-format; KC")
        .rule(CC, |c, o| s::chain_root(c, RootPolicy::Allowed, o)),
    warning("apigateway.key-algorithm", Code::KeyUnsupported, "key within edge and regional endpoint limits", "APIGW how-to-custom-domains-prerequisites.md @781597d; docs.amazonaws.cn how-to-specify-certificate-for-custom-domain-name (UNCONFIRMED now)")
        .unconfirmed().rule(C, both_endpoints),
    note("apigateway.deprecated", Code::ServiceNote, "deprecated: use apigateway-edge or apigateway-regional", "certpreflight: apigateway was split where AWS's rules differ")
        .rule(&[], s::deprecated_note),
];

pub(crate) const APIGATEWAY_EDGE: ServiceInfo = ServiceInfo {
    id: ServiceId::ApiGatewayEdge,
    name: "API Gateway edge-optimized custom domain (via ACM, us-east-1)",
    ready: "import into ACM in us-east-1 and use on an edge-optimized custom domain",
    summary: "An edge-optimized custom domain name: served by CloudFront, so ACM in us-east-1 and CloudFront's keys (RSA up to 4096, EC P-256).",
    commands: |ctx| {
        let (import, mut more) = import_commands(ctx, Some("us-east-1"));
        more.push(command(
            "Then create the custom domain (edge-optimized endpoint)",
            "aws apigateway create-domain-name --domain-name DOMAIN --certificate-arn CERTIFICATE_ARN --endpoint-configuration types=EDGE".into(),
        ));
        (import, more)
    },
    rule_sets: &[IMPORT_RULES, EDGE_RULES],
    root_in_chain: RootPolicy::LeaveOut,
    ..API_GATEWAY
};

pub(crate) const APIGATEWAY_REGIONAL: ServiceInfo = ServiceInfo {
    id: ServiceId::ApiGatewayRegional,
    name: "API Gateway regional custom domain (via ACM)",
    ready: "import into ACM and use on a regional custom domain",
    summary: "A regional custom domain name: the certificate in ACM in the API's Region.",
    rule_sets: &[IMPORT_RULES, REGIONAL_RULES],
    ..API_GATEWAY
};

pub(crate) const APIGATEWAY: ServiceInfo = ServiceInfo {
    id: ServiceId::ApiGateway,
    name: "API Gateway custom domain (via ACM), deprecated",
    ready: "import into ACM and use on an API Gateway custom domain",
    summary: "Both endpoint types at once. Use apigateway-edge or apigateway-regional, whose rules differ.",
    rule_sets: &[IMPORT_RULES, DEPRECATED_RULES],
    deprecated: Some("The target apigateway is deprecated: edge-optimized and regional custom domains take different keys and Regions. Judge it against apigateway-edge or apigateway-regional."),
    ..API_GATEWAY
};

/// What the API Gateway targets share: ACM's inputs and chain, the regional commands.
const API_GATEWAY: ServiceInfo = ServiceInfo {
    id: ServiceId::ApiGatewayRegional,
    name: "",
    ready: "",
    summary: "",
    certificate: Need::Required,
    private_key: Need::Required,
    chain: Need::Optional,
    options: &[] as &[OptionName],
    rule_sets: &[IMPORT_RULES],
    commands: |ctx| {
        let (import, mut more) = import_commands(ctx, None);
        more.push(command(
            "Then create the custom domain (regional endpoint)",
            "aws apigateway create-domain-name --domain-name DOMAIN --regional-certificate-arn CERTIFICATE_ARN --endpoint-configuration types=REGIONAL".into(),
        ));
        (import, more)
    },
    describe_preview: Some(super::acm::describe_preview),
    chain_source: ChainSource::ChainField,
    expiry_warning_days: 30,
    root_in_chain: RootPolicy::Allowed,
    deprecated: None,
};
