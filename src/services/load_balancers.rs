//! Elastic Load Balancing listeners using ACM certificates: Application (`alb`), Network
//! (`nlb`) and Classic (`clb`) Load Balancers, and the deprecated `elb` that blurred them.
//! Sources: spec §1.5 and §9.
//!
//! ACM's import rules run first ([`super::acm::IMPORT_RULES`]); each load balancer adds the
//! keys it can serve, the chain it hands to clients, and the names a listener needs.

use super::acm::{import_commands, IMPORT_RULES};
use super::shared::{self as s, TrustPolicy};
use super::{C, CC};
use crate::algorithm::{Curve, PublicKey};
use crate::analysis::ChainSource;
use crate::field::OptionName;
use crate::finding::{Code, Finding, Severity, Subject};
use crate::rule::{error, note, warning, Ctx, Need, RootPolicy, Rule, ServiceInfo};
use crate::service_id::ServiceId;

/// ELBv2's answer (CreateListener, AddListenerCertificates) to a certificate it cannot use.
const UNSUPPORTED_CERTIFICATE: &str = "UnsupportedCertificate: The certificate '<arn>' must have a fully-qualified domain name, a supported signature, and a supported key size.";

/// What AWS Health says of an NLB listener given an RSA 4096 certificate.
const NLB_BROKEN_LISTENER: &str = "The TLS listener is currently broken due to being configured with a certificate that is not supported. Network Load Balancers support RSA certificates with up to 3072-bit keys and ECDSA certificates with curves P-256, P-384, and P-521.";

/// Every load balancer takes the root as the chain's last certificate (ACM's rule).
const ROOT: RootPolicy = RootPolicy::Allowed;

/// A listener serves a name: a DNS name in subjectAltName, or a CN that looks like one.
fn fqdn(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    let Some(leaf) = ctx.leaf() else { return };
    let dns = leaf.sans.iter().any(|s| s.starts_with("DNS:"));
    let cn_fqdn = leaf
        .subject_cn
        .as_deref()
        .is_some_and(|cn| cn.contains('.') && !cn.contains(' '));
    if dns || cn_fqdn {
        return;
    }
    out.push(
        Finding::warning(
            Code::CertUsage,
            format!(
                "The certificate names no fully-qualified domain name (no DNS name in subjectAltName, and its CN {} is not one); {} answers a listener certificate without one with UnsupportedCertificate.",
                leaf.subject_cn.as_deref().map(|c| format!("\"{c}\"")).unwrap_or_else(|| "is absent".into()),
                ctx.service.name
            ),
        )
        .fix("reissue it with the listener's domain names in subjectAltName")
        .aws(UNSUPPORTED_CERTIFICATE)
        .about(Subject::Certificate),
    );
}

/// NLB (doc history, 2024-01-19): RSA 1024/2048/3072, ECDSA P-256/P-384/P-521. RSA 4096 is
/// accepted when the listener is configured, and the listener then stops working.
fn nlb_key(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    let Some(leaf) = ctx.leaf() else { return };
    if !super::acm::KEYS.accepts(&leaf.key) {
        return; // ACM's own finding
    }
    let PublicKey::Rsa { .. } = leaf.key else {
        return; // every EC curve ACM imports, NLB serves
    };
    if leaf.key.bits().unwrap_or(0) <= 3072 {
        return;
    }
    out.push(
        Finding::error(
            Code::KeyUnsupported,
            format!(
                "The certificate's key is {}: AWS will not refuse it when the listener is configured, but the listener then stops working; Network Load Balancers serve RSA keys up to 3072 bits and ECDSA P-256, P-384 and P-521.",
                leaf.key.describe()
            ),
        )
        .fix("issue the certificate with RSA 2048 or 3072, or EC P-256/P-384")
        .aws(NLB_BROKEN_LISTENER)
        .about(Subject::Certificate),
    );
}

/// CLB (ELB classic ssl-server-cert.md @4678ffc, 2023): an RSA 4096 or EC certificate from
/// ACM cannot be installed; it must be uploaded to IAM. RSA 3072 is not mentioned.
fn clb_key(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    let Some(leaf) = ctx.leaf() else { return };
    if !super::acm::KEYS.accepts(&leaf.key) {
        return; // ACM's own finding
    }
    let bits = leaf.key.bits().unwrap_or(0);
    let f = match &leaf.key {
        PublicKey::Rsa { .. } if bits <= 2048 => return,
        PublicKey::Rsa { .. } if bits == 3072 => Finding::warning(
            Code::KeyUnsupported,
            "The certificate's key is RSA 3072 bits: the Classic Load Balancer documentation lists RSA 4096 and EC certificates from ACM as not installable and does not mention 3072 (AWS's documentation does not settle it; it may work); RSA 2048 certainly works.",
        ),
        _ => Finding::error(
            Code::KeyUnsupported,
            format!(
                "The certificate's key is {}: a Classic Load Balancer cannot use an RSA 4096 or EC certificate from ACM.",
                leaf.key.describe()
            ),
        )
        .fix("upload it to IAM instead (aws iam upload-server-certificate), or issue an RSA 2048 certificate"),
    };
    out.push(f.about(Subject::Certificate));
}

fn region_note(_ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    out.push(Finding::info(
        Code::ServiceNote,
        "Import the certificate into ACM in the load balancer's Region (the listener can only use certificates from its own Region).",
    ));
}

#[rustfmt::skip]
static ALB_RULES: &[Rule] = &[
    note("alb.chain-root", Code::ChainRootIncluded, "root allowed as the last chain certificate", "ACM-UG import-certificate-format; ELB ALB create-https-listener.md @fb24293")
        .rule(CC, |c, o| s::chain_root(c, ROOT, o)),
    error("alb.chain-issuers-ca", Code::CaBasicConstraints, "every issuer on the path is a CA", s::ISSUERS_CA_SOURCE)
        .rule(CC, |c, o| s::chain_issuers_are_cas(c, Severity::Error, o)),
    warning("alb.domain-name", Code::CertUsage, "the certificate names a fully-qualified domain name", "crossplane-contrib/provider-upjet-aws#338 (UnsupportedCertificate text); exact conditions UNCONFIRMED")
        .unconfirmed().rule(C, fqdn),
    note("alb.private-root", Code::ChainUntrusted, "a private root is accepted; its clients must trust it", "ELB ALB create-https-listener.md (certificates from ACM, any CA); RFC 5280 §6 (clients validate to their own anchors)")
        .rule(C, |c, o| s::chain_trust(c, TrustPolicy::PrivateNoted, o)),
    note("alb.region", Code::ServiceNote, "certificate in the load balancer's Region", "ELB ALB create-https-listener.md")
        .rule(&[], region_note),
];

#[rustfmt::skip]
static NLB_RULES: &[Rule] = &[
    error("nlb.key-algorithm", Code::KeyUnsupported, "RSA up to 3072 bits, or ECDSA P-256/P-384/P-521", "NLB doc history 2024-01-19 (docs.aws.amazon.com/elasticloadbalancing/latest/network/doc-history.html); mattclay/aws-terminator#309 (the AWS Health notice)")
        .rule(C, nlb_key),
    note("nlb.chain-root", Code::ChainRootIncluded, "root allowed as the last chain certificate", "ACM-UG import-certificate-format; ELB NLB create-tls-listener")
        .rule(CC, |c, o| s::chain_root(c, ROOT, o)),
    error("nlb.chain-issuers-ca", Code::CaBasicConstraints, "every issuer on the path is a CA", s::ISSUERS_CA_SOURCE)
        .rule(CC, |c, o| s::chain_issuers_are_cas(c, Severity::Error, o)),
    warning("nlb.domain-name", Code::CertUsage, "the certificate names a fully-qualified domain name", "crossplane-contrib/provider-upjet-aws#338 (UnsupportedCertificate text); exact conditions UNCONFIRMED")
        .unconfirmed().rule(C, fqdn),
    note("nlb.private-root", Code::ChainUntrusted, "a private root is accepted; its clients must trust it", "ELB NLB create-tls-listener (certificates from ACM, any CA); RFC 5280 §6 (clients validate to their own anchors)")
        .rule(C, |c, o| s::chain_trust(c, TrustPolicy::PrivateNoted, o)),
    note("nlb.region", Code::ServiceNote, "certificate in the load balancer's Region", "ELB NLB create-tls-listener")
        .rule(&[], region_note),
];

#[rustfmt::skip]
static CLB_RULES: &[Rule] = &[
    error("clb.key-algorithm", Code::KeyUnsupported, "RSA 2048 or smaller from ACM (RSA 4096 and EC only through IAM)", "ELB classic ssl-server-cert.md @4678ffc (2023)")
        .rule(C, clb_key),
    note("clb.chain-root", Code::ChainRootIncluded, "root allowed as the last chain certificate", "ACM-UG import-certificate-format")
        .rule(CC, |c, o| s::chain_root(c, ROOT, o)),
    error("clb.chain-issuers-ca", Code::CaBasicConstraints, "every issuer on the path is a CA", s::ISSUERS_CA_SOURCE)
        .rule(CC, |c, o| s::chain_issuers_are_cas(c, Severity::Error, o)),
    note("clb.private-root", Code::ChainUntrusted, "a private root is accepted; its clients must trust it", "ELB classic ssl-server-cert.md (certificates from ACM, any CA); RFC 5280 §6 (clients validate to their own anchors)")
        .rule(C, |c, o| s::chain_trust(c, TrustPolicy::PrivateNoted, o)),
    note("clb.region", Code::ServiceNote, "certificate in the load balancer's Region", "ELB classic ssl-server-cert.md")
        .rule(&[], region_note),
];

/// The deprecated `elb`: a warning where one of the three load balancers cannot use the key.
fn any_load_balancer(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    let Some(leaf) = ctx.leaf() else { return };
    let bits = leaf.key.bits().unwrap_or(0);
    let limits = match &leaf.key {
        PublicKey::Rsa { .. } if bits == 4096 => "a Network Load Balancer's listener stops working with it (RSA up to 3072 only), and a Classic Load Balancer cannot use it from ACM",
        PublicKey::Rsa { .. } if bits == 3072 => "the Classic Load Balancer documentation does not list it (AWS's documentation does not settle it)",
        PublicKey::Ec { curve: Curve::P256 | Curve::P384 | Curve::P521, .. } => "a Classic Load Balancer cannot use an EC certificate from ACM (upload it to IAM instead)",
        _ => return,
    };
    out.push(
        Finding::warning(
            Code::KeyUnsupported,
            format!(
                "The key is {}: an Application Load Balancer accepts it, but {limits}. Judge it against the target you use: alb, nlb or clb.",
                leaf.key.describe()
            ),
        )
        .fix("for every load balancer type, use an RSA 2048 certificate")
        .about(Subject::Certificate),
    );
}

#[rustfmt::skip]
static ELB_RULES: &[Rule] = &[
    note("elb.chain-root", Code::ChainRootIncluded, "root allowed as the last chain certificate", "ACM-UG import-certificate-format; KC")
        .rule(CC, |c, o| s::chain_root(c, ROOT, o)),
    warning("elb.key-algorithm", Code::KeyUnsupported, "key usable by every load balancer type", "ELB classic ssl-server-cert.md @4678ffc; NLB doc history 2024-01-19; ALB create-https-listener.md @fb24293")
        .rule(C, any_load_balancer),
    note("elb.deprecated", Code::ServiceNote, "deprecated: use alb, nlb or clb", "certpreflight: elb was split where AWS's rules differ")
        .rule(&[], s::deprecated_note),
];

pub(crate) const ALB: ServiceInfo = ServiceInfo {
    id: ServiceId::Alb,
    name: "Application Load Balancer (via ACM)",
    ready: "import into ACM and use on an HTTPS listener",
    summary: "An HTTPS listener certificate for an Application Load Balancer, imported into ACM in its Region: every ACM key type.",
    rule_sets: &[IMPORT_RULES, ALB_RULES],
    ..LOAD_BALANCER
};

pub(crate) const NLB: ServiceInfo = ServiceInfo {
    id: ServiceId::Nlb,
    name: "Network Load Balancer (via ACM)",
    ready: "import into ACM and use on a TLS listener",
    summary: "A TLS listener certificate for a Network Load Balancer, imported into ACM in its Region: RSA up to 3072 bits or ECDSA P-256/P-384/P-521.",
    rule_sets: &[IMPORT_RULES, NLB_RULES],
    ..LOAD_BALANCER
};

pub(crate) const CLB: ServiceInfo = ServiceInfo {
    id: ServiceId::Clb,
    name: "Classic Load Balancer (via ACM)",
    ready: "import into ACM and use on a Classic Load Balancer listener",
    summary: "An HTTPS/SSL listener certificate for a Classic Load Balancer from ACM: RSA 2048 (RSA 4096 and EC go through IAM).",
    rule_sets: &[IMPORT_RULES, CLB_RULES],
    ..LOAD_BALANCER
};

pub(crate) const ELB: ServiceInfo = ServiceInfo {
    id: ServiceId::Elb,
    name: "Elastic Load Balancing (via ACM), deprecated",
    ready: "import into ACM and use on a load balancer",
    summary: "Any load balancer at once. Use alb, nlb or clb, whose rules differ.",
    rule_sets: &[IMPORT_RULES, ELB_RULES],
    deprecated: Some("The target elb is deprecated: Application, Network and Classic Load Balancers take different keys. Judge it against alb, nlb or clb."),
    ..LOAD_BALANCER
};

/// What the load balancers share: ACM's inputs, commands and chain.
const LOAD_BALANCER: ServiceInfo = ServiceInfo {
    id: ServiceId::Alb,
    name: "",
    ready: "",
    summary: "",
    certificate: Need::Required,
    private_key: Need::Required,
    chain: Need::Optional,
    options: &[] as &[OptionName],
    rule_sets: &[IMPORT_RULES],
    commands: |ctx| import_commands(ctx, None),
    describe_preview: Some(super::acm::describe_preview),
    chain_source: ChainSource::ChainField,
    expiry_warning_days: 30,
    root_in_chain: ROOT,
    deprecated: None,
};
