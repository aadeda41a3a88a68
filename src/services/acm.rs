//! ACM ImportCertificate (API 2015-12-08). Sources: spec §1 and §9.
//!
//! Everything ACM decides at import is here: its field limits, PEM strictness, key list and
//! chain rules. The targets that take their certificate through ACM (CloudFront, the load
//! balancers, API Gateway) run [`IMPORT_RULES`] and add their own in their files.

use super::shared::{
    self as s, ChainErrors, FieldLimits, KeyPolicy, TextPolicy, TrustPolicy, WithoutChain,
};
use super::{command, file_arg, C, CC, CK};
use crate::analysis::ChainSource;
use crate::field::OptionName;
use crate::finding::{Code, Severity};
use crate::report::{Command, DescribePreview, DescribedCertificate, ExtendedKeyUsage, KeyUsage};
use crate::rule::{error, note, warning, Ctx, Need, RootPolicy, Rule, ServiceInfo};
use crate::service_id::ServiceId;

/// ACM's current `KeyAlgorithm` enum for import.
pub(crate) const ACM_KEYS: &[&str] = &[
    "RSA_1024",
    "RSA_2048",
    "RSA_3072",
    "RSA_4096",
    "EC_prime256v1",
    "EC_secp384r1",
    "EC_secp521r1",
];

/// The key algorithms ACM imports, and its answer to any other.
pub(crate) const KEYS: KeyPolicy = KeyPolicy {
    accepted: ACM_KEYS,
    confirmed: true,
    aws_error: Some("The private key length <key_length> is not supported for key algorithm."),
};

/// Any edit, extra line or trailing space makes an item invalid (ACM-UG import-certificate-format).
pub(crate) const TEXT: TextPolicy = TextPolicy {
    latin1_pattern: false,
    strict_pem: true,
};

/// BC acm 2015-12-08: Certificate 32768, PrivateKey 5120, CertificateChain 2097152 bytes.
pub(crate) const LIMITS: FieldLimits = FieldLimits {
    certificate: 32_768,
    private_key: 5_120,
    chain: 2_097_152,
};

/// A CA-signed leaf imported without its chain (spec §9: ACM accepts it since 2024).
pub(crate) const WITHOUT_CHAIN: WithoutChain = WithoutChain {
    consequence: "ACM accepts the import without it, then clients that lack the intermediate fail (\"unable to get local issuer certificate\").",
    aws_error: None,
};

const MISMATCH: &str = "InvalidParameterException (the exact text is not documented)";

/// The import rules of ACM, reused by the targets that take certificates through ACM.
#[rustfmt::skip]
pub(crate) static IMPORT_RULES: &[Rule] = &[
    error("acm.certificate-pem", Code::CertNotPem, "certificate is one PEM block", "ACM-UG import-certificate-prerequisites (PEM only; DER is rejected); KC")
        .rule(&[], |c, o| s::certificate_decodes(c, &TEXT, o)),
    error("acm.certificate-single", Code::CertMultiple, "certificate field holds one certificate", "KC; ACM-UG import-certificate-format (separate fields)")
        .rule(C, s::certificate_single),
    error("acm.private-key", Code::KeyEncrypted, "private key is given, unencrypted PEM", "BC acm ImportCertificate API doc; ACM-UG import-certificate-format; KC")
        .rule(&[], |c, o| s::key_decodes(c, &TEXT, o)),
    error("acm.chain-pem", Code::CertNotPem, "chain is PEM", "BC acm ImportCertificate API doc (CertificateChain must be PEM)")
        .rule(&[], |c, o| s::chain_decodes(c, &TEXT, o)),
    error("acm.size-limits", Code::SizeLimit, "field byte limits", "BC acm 2015-12-08: Certificate max 32768, PrivateKey max 5120, CertificateChain max 2097152")
        .rule(&[], |c, o| s::size_limits(c, &LIMITS, o)),
    error("acm.key-matches", Code::KeyMismatch, "private key matches the certificate", "BC acm ImportCertificate API doc")
        .rule(CK, |c, o| s::key_matches(c, Some(MISMATCH), o)),
    error("acm.key-algorithm", Code::KeyUnsupported, "key algorithm and size on ACM's KeyAlgorithm list", "BC acm KeyAlgorithm enum; ACM-UG import-certificate-prerequisites")
        .rule(C, |c, o| s::key_algorithm(c, &KEYS, o)),
    error("acm.validity", Code::CertExpired, "valid at the evaluation instant", "BC acm ImportCertificate API doc; ACM-UG import-certificate-prerequisites")
        .rule(C, s::validity),
    error("acm.x509-v3", Code::CertNotV3, "X.509 version 3", "ACM-UG import-certificate-prerequisites")
        .rule(C, s::version3),
    error("acm.issuer-present", Code::CertNameEmpty, "issuer not empty", "BC acm ImportCertificate API doc")
        .rule(C, s::names_present),
    error("acm.ocsp-url", Code::OcspUrlTooLong, "OCSP URL at most 1000 characters", "BC acm ImportCertificate API doc")
        .rule(C, s::ocsp_url_length),
    warning("acm.signature-algorithm", Code::SignatureAlgorithmWeak, "signature not SHA-1/MD5, not RSASSA-PSS", "spec §1.2: signature restrictions UNCONFIRMED")
        .unconfirmed().rule(C, |c, o| s::signature_strength(c, false, o)),
    warning("acm.server-names", Code::CertUsage, "names and extended key usage of a server certificate", "ACM-UG import-certificate-prerequisites (FQDN or IP address)")
        .rule(C, s::server_usage),
    warning("acm.chain-given", Code::ChainMissing, "chain given for a CA-signed certificate", "spec §9 (ACM chain in practice: certd/certd#746); BC@1239008b")
        .rule(C, |c, o| s::chain_given(c, &WITHOUT_CHAIN, o)),
    error("acm.chain-contains-leaf", Code::ChainContainsLeaf, "leaf not repeated in the chain", "ACM-UG import-certificate-format, troubleshoot-import; KC")
        .rule(CC, |c, o| s::chain_contains_leaf(c, ChainErrors::AcmIndex, o)),
    error("acm.chain-order", Code::ChainOrder, "chain in issuing order", "ACM-UG import-certificate-format; KC; go-acme/lego#304")
        .rule(CC, |c, o| s::chain_order(c, ChainErrors::AcmIndex, o)),
    error("acm.chain-complete", Code::ChainIncomplete, "chain issues the leaf", "KC (index -1); aws/aws-cli#715")
        .rule(CC, |c, o| s::chain_complete(c, ChainErrors::AcmIndex, o)),
    error("acm.chain-unrelated", Code::ChainUnrelated, "no unrelated certificates in the chain", "KC; ACM-UG troubleshoot-import")
        .rule(CC, |c, o| s::chain_unrelated(c, ChainErrors::AcmIndex, o)),
    error("acm.chain-signatures", Code::ChainSignatureInvalid, "chain signatures verify", "KC (Could not validate the certificate with the certificate chain)")
        .rule(CC, |c, o| s::chain_signatures(c, ChainErrors::AcmIndex, o)),
    warning("acm.chain-issuers-ca", Code::CaBasicConstraints, "every issuer on the path is a CA (UNCONFIRMED for ACM's import)", "RFC 5280 §4.2.1.9; openssl verify (invalid CA certificate); ACM's behaviour UNCONFIRMED")
        .unconfirmed().rule(CC, |c, o| s::chain_issuers_are_cas(c, Severity::Warning, o)),
    warning("acm.chain-validity", Code::ChainCertExpired, "chain certificates valid", "MOTO moto/acm/models.py L325-351 (UNCONFIRMED for AWS)")
        .unconfirmed().rule(CC, s::chain_validity),
    warning("acm.key-family", Code::KeyFamilyMismatch, "leaf key family matches the issuing CA", "BC acm API doc (since 2019-11); ACM-UG import-certificate-prerequisites")
        .rule(CC, s::key_family_matches_ca),
];

#[rustfmt::skip]
static ACM_RULES: &[Rule] = &[
    note("acm.chain-root", Code::ChainRootIncluded, "root allowed as the last chain certificate", "ACM-UG import-certificate-format; KC")
        .rule(CC, |c, o| s::chain_root(c, RootPolicy::Allowed, o)),
    note("acm.private-root", Code::ChainUntrusted, "a private root is accepted; its clients must trust it", "ACM-UG import-certificate (any CA's certificate can be imported); RFC 5280 §6 (clients validate to their own anchors)")
        .rule(C, |c, o| s::chain_trust(c, TrustPolicy::PrivateNoted, o)),
];

pub(crate) const ACM: ServiceInfo = ServiceInfo {
    id: ServiceId::Acm,
    name: "ACM ImportCertificate",
    ready: "import into ACM",
    summary: "AWS Certificate Manager: import a certificate for ELB, CloudFront, API Gateway and other integrated services.",
    certificate: Need::Required,
    private_key: Need::Required,
    chain: Need::Optional,
    options: &[] as &[OptionName],
    rule_sets: &[IMPORT_RULES, ACM_RULES],
    commands: |ctx| import_commands(ctx, None),
    describe_preview: Some(describe_preview),
    chain_source: ChainSource::ChainField,
    expiry_warning_days: 30,
    root_in_chain: RootPolicy::Allowed,
    deprecated: None,
};

/// `aws acm import-certificate` with `fileb://` (CLI v2 base64-decodes `file://` blobs).
pub(crate) fn import_commands(
    ctx: &Ctx<'_>,
    region: Option<&str>,
) -> (Option<String>, Vec<Command>) {
    let names = ctx.file_names();
    let mut cmd = format!(
        "aws acm import-certificate --certificate {} --private-key {}",
        file_arg("fileb", &names.certificate),
        file_arg("fileb", &names.private_key)
    );
    if ctx.has_chain() {
        cmd.push_str(&format!(
            " --certificate-chain {}",
            file_arg("fileb", &names.chain)
        ));
    }
    if let Some(region) = region {
        cmd.push_str(&format!(" --region {region}"));
    }
    let mut more = vec![command(
        "List imported certificates of every key type (the default filter shows only RSA 1024/2048)",
        "aws acm list-certificates --includes keyTypes=RSA_1024,RSA_2048,RSA_3072,RSA_4096,EC_prime256v1,EC_secp384r1,EC_secp521r1".into(),
    )];
    more.push(command(
        "Reimport (replace) later, keeping the ARN (no tags on reimport)",
        format!("{cmd} --certificate-arn arn:aws:acm:REGION:ACCOUNT:certificate/ID"),
    ));
    (Some(cmd), more)
}

/// What `aws acm describe-certificate` would show for the imported leaf.
pub(crate) fn describe_preview(ctx: &Ctx<'_>) -> Option<DescribePreview> {
    let leaf = ctx.leaf()?;
    let dns: Vec<String> = leaf
        .sans
        .iter()
        .filter_map(|s| s.strip_prefix("DNS:").map(str::to_string))
        .collect();
    let domain = dns
        .first()
        .cloned()
        .or_else(|| leaf.subject_cn.clone())
        .unwrap_or_default();
    let serial = leaf
        .serial
        .as_bytes()
        .chunks(2)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join(":");
    Some(DescribePreview {
        certificate: DescribedCertificate {
            subject_alternative_names: if dns.is_empty() {
                vec![domain.clone()]
            } else {
                dns
            },
            domain_name: domain,
            extended_key_usages: leaf
                .extended_key_usage
                .iter()
                .map(|e| {
                    let (name, oid) = acm_eku(e);
                    ExtendedKeyUsage {
                        name: name.into(),
                        oid,
                    }
                })
                .collect(),
            in_use_by: Vec::new(),
            issuer: leaf.issuer.clone(),
            // Real ACM spells KeyAlgorithm with a hyphen (RSA-2048), unlike its enum (RSA_2048).
            key_algorithm: leaf.key.aws_name().map(|n| n.replacen('_', "-", 1)),
            key_usages: leaf
                .key_usage
                .iter()
                .map(|k| KeyUsage {
                    name: acm_key_usage(k).into(),
                })
                .collect(),
            not_after: crate::time_util::format_rfc3339(leaf.not_after),
            not_before: crate::time_util::format_rfc3339(leaf.not_before),
            renewal_eligibility: "INELIGIBLE".into(),
            serial,
            signature_algorithm: leaf.sig_alg.name().to_ascii_uppercase(),
            status: "ISSUED".into(),
            subject: leaf.subject.clone(),
            kind: "IMPORTED".into(),
        },
    })
}

fn acm_key_usage(name: &str) -> &'static str {
    match name {
        "Digital Signature" => "DIGITAL_SIGNATURE",
        "Non Repudiation" => "NON_REPUDIATION",
        "Key Encipherment" => "KEY_ENCIPHERMENT",
        "Data Encipherment" => "DATA_ENCIPHERMENT",
        "Key Agreement" => "KEY_AGREEMENT",
        "Key Cert Sign" => "CERTIFICATE_SIGNING",
        "CRL Sign" => "CRL_SIGNING",
        "Encipher Only" => "ENCIPHER_ONLY",
        "Decipher Only" => "DECIPHER_ONLY",
        _ => "CUSTOM",
    }
}

fn acm_eku(name: &str) -> (&'static str, String) {
    match name {
        "serverAuth" => ("TLS_WEB_SERVER_AUTHENTICATION", "1.3.6.1.5.5.7.3.1".into()),
        "clientAuth" => ("TLS_WEB_CLIENT_AUTHENTICATION", "1.3.6.1.5.5.7.3.2".into()),
        "codeSigning" => ("CODE_SIGNING", "1.3.6.1.5.5.7.3.3".into()),
        "emailProtection" => ("EMAIL_PROTECTION", "1.3.6.1.5.5.7.3.4".into()),
        "timeStamping" => ("TIME_STAMPING", "1.3.6.1.5.5.7.3.8".into()),
        "OCSPSigning" => ("OCSP_SIGNING", "1.3.6.1.5.5.7.3.9".into()),
        "anyExtendedKeyUsage" => ("ANY", "2.5.29.37.0".into()),
        other => ("CUSTOM", other.to_string()),
    }
}
