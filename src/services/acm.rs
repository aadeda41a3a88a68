//! ACM ImportCertificate (API 2015-12-08). Sources: spec §1.

use super::rules::{self as r, rule, Needs, Profile, RootPolicy, Rule};
use super::{command, file_names, Need, OptionName, ServiceId, ServiceInfo};
use crate::check::Context;
use crate::finding::Code;
use crate::report::Command;
use serde::Serialize;

const C: &[Needs] = &[Needs::Certificate];
const CK: &[Needs] = &[Needs::Certificate, Needs::Key];
const CC: &[Needs] = &[Needs::Certificate, Needs::Chain];

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

/// ACM's field limits and PEM strictness; CloudFront, ELB and API Gateway take certificates
/// through ACM, so they share it.
pub(crate) const fn acm_profile(
    accepted_keys: &'static [&'static str],
    root_policy: RootPolicy,
) -> Profile {
    Profile {
        max_certificate: 32_768,
        max_private_key: 5_120,
        max_chain: 2_097_152,
        latin1_pattern: false,
        strict_pem: true,
        accepted_keys,
        keys_confirmed: true,
        key_aws_error: Some(
            "The private key length <key_length> is not supported for key algorithm.",
        ),
        root_policy,
        weak_signature_refused: false,
        expiry_warning_days: 30,
        acm_chain_error: true,
    }
}

/// The import rules of ACM, reused by the services that take certificates through ACM.
pub(crate) static IMPORT_RULES: &[Rule] = &[
    rule(Code::CertNotPem, "certificate is one PEM block", "ACM-UG import-certificate-prerequisites (PEM only; DER is rejected); KC", &[], r::certificate_decodes),
    rule(Code::CertMultiple, "certificate field holds one certificate", "KC; ACM-UG import-certificate-format (separate fields)", C, r::certificate_single),
    rule(Code::KeyEncrypted, "private key is unencrypted PEM", "BC acm ImportCertificate API doc; ACM-UG import-certificate-format; KC", &[], r::key_decodes),
    rule(Code::CertNotPem, "chain is PEM", "BC acm ImportCertificate API doc (CertificateChain must be PEM)", &[], r::chain_decodes),
    rule(Code::SizeLimit, "field byte limits", "BC acm 2015-12-08: Certificate max 32768, PrivateKey max 5120, CertificateChain max 2097152", &[], r::size_limits),
    rule(Code::KeyMismatch, "private key matches the certificate", "BC acm ImportCertificate API doc", CK, r::key_matches),
    rule(Code::KeyUnsupported, "key algorithm and size", "BC acm KeyAlgorithm enum; ACM-UG import-certificate-prerequisites", C, r::key_algorithm),
    rule(Code::CertExpired, "valid at the evaluation instant", "BC acm ImportCertificate API doc; ACM-UG import-certificate-prerequisites", C, r::validity),
    rule(Code::CertNotV3, "X.509 version 3", "ACM-UG import-certificate-prerequisites", C, r::version3),
    rule(Code::CertNameEmpty, "issuer not empty", "BC acm ImportCertificate API doc", C, r::names_present),
    rule(Code::OcspUrlTooLong, "OCSP URL at most 1000 characters", "BC acm ImportCertificate API doc", C, r::ocsp_url_length),
    rule(Code::SignatureAlgorithmWeak, "signature not SHA-1/MD5 (UNCONFIRMED for ACM)", "spec §1.2: signature restrictions UNCONFIRMED", C, r::signature_strength),
    rule(Code::CertUsage, "server certificate names and usage", "ACM-UG import-certificate-prerequisites (FQDN or IP address)", C, r::server_usage),
    rule(Code::ChainMissing, "chain given for a CA-signed certificate", "BC@1239008b vs ACM-UG troubleshoot-import (UNCONFIRMED)", C, r::chain_given),
    rule(Code::ChainContainsLeaf, "leaf not repeated in the chain", "ACM-UG import-certificate-format, troubleshoot-import; KC", CC, r::chain_contains_leaf),
    rule(Code::ChainOrder, "chain in issuing order", "ACM-UG import-certificate-format; KC; go-acme/lego#304", CC, r::chain_order),
    rule(Code::ChainIncomplete, "chain issues the leaf", "KC (index -1); aws/aws-cli#715", CC, r::chain_complete),
    rule(Code::ChainUnrelated, "no unrelated certificates in the chain", "KC; ACM-UG troubleshoot-import", CC, r::chain_unrelated),
    rule(Code::ChainSignatureInvalid, "chain signatures verify", "KC (Could not validate the certificate with the certificate chain)", CC, r::chain_signatures),
    rule(Code::ChainCertExpired, "chain certificates valid (UNCONFIRMED)", "MOTO moto/acm/models.py L325-351 (UNCONFIRMED for AWS)", CC, r::chain_validity),
    rule(Code::KeyFamilyMismatch, "leaf key family matches the issuing CA", "BC acm API doc (since 2019-11); ACM-UG import-certificate-prerequisites", CC, r::key_family_matches_ca),
];

/// ACM, and the services that take their certificate from ACM with ACM's chain rules
/// (ELB, API Gateway), accept the root as the chain's last certificate.
pub(crate) const ROOT_ALLOWED_LAST: Rule = rule(
    Code::ChainRootIncluded,
    "root allowed as the last chain certificate",
    "ACM-UG import-certificate-format; KC",
    CC,
    r::chain_root,
);

static ACM_RULES: &[Rule] = &[ROOT_ALLOWED_LAST];

pub(crate) const ACM: ServiceInfo = ServiceInfo {
    id: ServiceId::Acm,
    name: "ACM ImportCertificate",
    summary: "AWS Certificate Manager: import a certificate for ELB, CloudFront, API Gateway and other integrated services.",
    certificate: Need::Required,
    private_key: Need::Required,
    chain: Need::Optional,
    options: &[] as &[OptionName],
    profile: acm_profile(ACM_KEYS, RootPolicy::Allowed),
    rule_sets: &[IMPORT_RULES, ACM_RULES],
    commands: |ctx| import_commands(ctx, None),
    describe_preview: true,
};

/// `aws acm import-certificate` with `fileb://` (CLI v2 base64-decodes `file://` blobs).
pub(crate) fn import_commands(
    ctx: &Context<'_>,
    region: Option<&str>,
) -> (Option<String>, Vec<Command>) {
    let (cert, key, chain) = file_names(ctx);
    let mut cmd = format!(
        "aws acm import-certificate --certificate fileb://{cert} --private-key fileb://{key}"
    );
    if ctx.chain_certs().is_some_and(|c| !c.is_empty()) {
        cmd.push_str(&format!(" --certificate-chain fileb://{chain}"));
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

/// What `aws acm describe-certificate` would show for the imported leaf. Typed rather than a
/// `serde_json::Value` so the page's wasm does not link serde_json; the fields are declared
/// in the alphabetical order the JSON output has always had.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DescribePreview {
    #[serde(rename = "Certificate")]
    pub certificate: DescribedCertificate,
}

/// `Certificate` of [`DescribePreview`], in ACM's spelling.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribedCertificate {
    pub domain_name: String,
    pub extended_key_usages: Vec<ExtendedKeyUsage>,
    pub in_use_by: Vec<String>,
    pub issuer: String,
    pub key_algorithm: Option<String>,
    pub key_usages: Vec<KeyUsage>,
    pub not_after: String,
    pub not_before: String,
    pub renewal_eligibility: &'static str,
    pub serial: String,
    pub signature_algorithm: String,
    pub status: &'static str,
    pub subject: String,
    pub subject_alternative_names: Vec<String>,
    #[serde(rename = "Type")]
    pub kind: &'static str,
}

/// One `KeyUsages` entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KeyUsage {
    #[serde(rename = "Name")]
    pub name: &'static str,
}

/// One `ExtendedKeyUsages` entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExtendedKeyUsage {
    #[serde(rename = "Name")]
    pub name: &'static str,
    #[serde(rename = "OID")]
    pub oid: String,
}

pub(crate) fn describe_preview(ctx: &Context<'_>) -> Option<DescribePreview> {
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
                    ExtendedKeyUsage { name, oid }
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
                    name: acm_key_usage(k),
                })
                .collect(),
            not_after: crate::time_util::format_rfc3339(leaf.not_after),
            not_before: crate::time_util::format_rfc3339(leaf.not_before),
            renewal_eligibility: "INELIGIBLE",
            serial,
            signature_algorithm: leaf.sig_alg.name().to_ascii_uppercase(),
            status: "ISSUED",
            subject: leaf.subject.clone(),
            kind: "IMPORTED",
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
