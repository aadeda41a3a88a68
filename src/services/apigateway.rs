//! API Gateway custom domain names using ACM certificates. Sources: spec §1.5.

use super::acm::{acm_profile, import_commands, ACM_KEYS, IMPORT_RULES, ROOT_ALLOWED_LAST};
use super::rules::{rule, Needs, RootPolicy, Rule};
use super::{command, Need, OptionName, ServiceId, ServiceInfo};
use crate::cert::{Curve, PublicKey};
use crate::check::Context;
use crate::finding::{Code, Finding, Subject};

/// Edge-optimised names follow CloudFront's limits; older regional docs cap RSA at 2048.
fn endpoint_limits(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let Some(leaf) = ctx.leaf() else { return };
    let over_2048 =
        matches!(leaf.key, PublicKey::Rsa { .. }) && leaf.key.bits().unwrap_or(0) > 2048;
    let ec_not_p256 = matches!(&leaf.key, PublicKey::Ec { curve, .. } if *curve != Curve::P256);
    if over_2048 || ec_not_p256 {
        out.push(
            Finding::warning(
                Code::KeyUnsupported,
                format!(
                    "The key is {}. Edge-optimized custom domains use CloudFront, which takes RSA up to 4096 and EC P-256 only; older API Gateway docs cap the public key at 2048 bits (current regional limit UNCONFIRMED).",
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

static APIGATEWAY_RULES: &[Rule] = &[
    ROOT_ALLOWED_LAST,
    rule(
        Code::KeyUnsupported,
        "key within edge and regional endpoint limits",
        "APIGW how-to-custom-domains-prerequisites.md @781597d; docs.amazonaws.cn how-to-specify-certificate-for-custom-domain-name (UNCONFIRMED now)",
        &[Needs::Certificate],
        endpoint_limits,
    ),
];

pub(crate) const APIGATEWAY: ServiceInfo = ServiceInfo {
    id: ServiceId::ApiGateway,
    name: "API Gateway custom domain (via ACM)",
    summary: "A custom domain name for API Gateway: edge-optimized (ACM in us-east-1, CloudFront limits) or regional (ACM in the API's Region).",
    certificate: Need::Required,
    private_key: Need::Required,
    chain: Need::Optional,
    options: &[] as &[OptionName],
    profile: acm_profile(ACM_KEYS, RootPolicy::Allowed),
    rule_sets: &[IMPORT_RULES, APIGATEWAY_RULES],
    commands: |ctx| {
        let (import, mut more) = import_commands(ctx, None);
        more.push(command(
            "Then create the custom domain (regional endpoint)",
            "aws apigateway create-domain-name --domain-name DOMAIN --regional-certificate-arn CERTIFICATE_ARN --endpoint-configuration types=REGIONAL".into(),
        ));
        (import, more)
    },
    describe_preview: true,
};
