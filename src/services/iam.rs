//! IAM server certificates (UploadServerCertificate) and signing certificates
//! (UploadSigningCertificate / UpdateSigningCertificate). Sources: spec §2 and §9.

use super::acm::ACM_KEYS;
use super::shared::{
    self as s, param_enum, param_pattern, printable_ascii, word_char, ChainErrors, FieldLimits,
    KeyPolicy, Pattern, TextPolicy, WithoutChain,
};
use super::{command, file_arg, shell_word, C, CC, CK};
use crate::analysis::ChainSource;
use crate::field::{InputName, OptionName};
use crate::finding::{Code, Finding, Severity, Subject};
use crate::rule::{error, note, warning, Ctx, Need, RootPolicy, Rule, ServiceInfo};
use crate::service_id::ServiceId;

/// The fields follow `[\u0009\u000A\u000D\u0020-\u00FF]+`: CRLF passes, a BOM does not.
const TEXT: TextPolicy = TextPolicy {
    latin1_pattern: true,
    strict_pem: false,
};

/// BC iam 2010-05-08: CertificateBody and PrivateKey 16384, CertificateChain 2097152.
const LIMITS: FieldLimits = FieldLimits {
    certificate: 16_384,
    private_key: 16_384,
    chain: 2_097_152,
};

/// IAM documents no key list; ELB docs send 4096-bit and EC certificates through IAM, so
/// ACM's list is the best guess (UNCONFIRMED: a key outside it only warns).
const KEYS: KeyPolicy = KeyPolicy {
    accepted: ACM_KEYS,
    confirmed: false,
    aws_error: None,
};

const WITHOUT_CHAIN: WithoutChain = WithoutChain {
    consequence: "IAM's guide asks for it unless the certificate is self-signed (AWS's documentation does not settle whether an upload without it is refused); without it, clients that lack the intermediate fail (\"unable to get local issuer certificate\").",
    aws_error: None,
};

const MISMATCH: &str = "KeyPairMismatch (the exact text is not documented)";

/// IAM's answer to an expired certificate.
const EXPIRED: &str = "MalformedCertificate: Certificate is no longer valid. The 'Not After' date restriction on the certificate has passed.";

/// How close to the instant a NotBefore may lie before AWS's clock might not have reached
/// it yet (aws/aws-sdk-go#2586: a certificate a minute old was refused).
const CLOCK_SKEW_SECONDS: i64 = 10 * 60;

fn name_char(c: char) -> bool {
    word_char(c) || "+=,.@-".contains(c)
}

/// Validity, with IAM's own text for an expired certificate, and a warning when NotBefore
/// has only just passed.
fn validity(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    let start = out.len();
    s::validity(ctx, out);
    for f in &mut out[start..] {
        if f.code == Code::CertExpired {
            f.aws_error = Some(EXPIRED.into());
        }
    }
    let Some(leaf) = ctx.leaf() else { return };
    let age = ctx.at() - leaf.not_before;
    if (0..CLOCK_SKEW_SECONDS).contains(&age) {
        out.push(
            Finding::warning(
                Code::CertNotYetValid,
                format!(
                    "The certificate became valid only {} minute(s) before the evaluation instant ({}); IAM refuses a certificate whose NotBefore is still ahead of AWS's clock (MalformedCertificate), as happens when the issuing host's clock runs ahead.",
                    age / 60,
                    crate::time_util::format_rfc3339(leaf.not_before)
                ),
            )
            .fix("wait ten minutes before uploading, or reissue it with a NotBefore a few minutes in the past")
            .aws("MalformedCertificate")
            .about(Subject::Certificate),
        );
    }
}

const SERVER_NAME: Pattern = Pattern {
    option: OptionName::Name,
    param: "ServerCertificateName",
    min: 1,
    max: 128,
    allowed: name_char,
    text: "[\\w+=,.@-]+",
};

const PATH: Pattern = Pattern {
    option: OptionName::Path,
    param: "Path",
    min: 1,
    max: 512,
    allowed: printable_ascii,
    text: "(\\u002F)|(\\u002F[\\u0021-\\u007E]+\\u002F)",
};

/// ServerCertificateName and Path.
fn server_params(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    let o = ctx.options();
    if let Some(name) = &o.name {
        param_pattern(&SERVER_NAME, name, out);
    }
    let Some(path) = &o.path else { return };
    let ok_chars = param_pattern(&PATH, path, out);
    if ok_chars
        && !(path == "/" || (path.len() > 1 && path.starts_with('/') && path.ends_with('/')))
    {
        out.push(
            Finding::error(Code::ParamInvalid, format!("Path \"{path}\" must be \"/\" or start and end with \"/\"."))
                .aws("1 validation error detected: Value at 'path' failed to satisfy constraint: Member must satisfy regular expression pattern: (\\u002F)|(\\u002F[\\u0021-\\u007E]+\\u002F)")
                .about(Subject::Options)
                .needs(InputName::Option(OptionName::Path)),
        );
    }
    if path.to_ascii_lowercase().contains("cloudfront") && !path.starts_with("/cloudfront") {
        out.push(
            Finding::warning(Code::ParamInvalid, format!("Path \"{path}\" mentions CloudFront but does not start with /cloudfront; CloudFront only sees IAM certificates under /cloudfront/."))
                .fix("use a path like /cloudfront/ or /cloudfront/site/")
                .about(Subject::Options)
                .needs(InputName::Option(OptionName::Path)),
        );
    }
}

#[rustfmt::skip]
static SERVER_RULES: &[Rule] = &[
    error("iam-server.certificate-pem", Code::CertNotPem, "certificate body is one PEM certificate", "BC iam UploadServerCertificate; IAM-UG id_credentials_server-certs")
        .rule(&[], |c, o| s::certificate_decodes(c, &TEXT, o)),
    error("iam-server.certificate-single", Code::CertMultiple, "certificate body holds one certificate", "BC iam; IAM-UG troubleshooting @b78cb74")
        .rule(C, s::certificate_single),
    error("iam-server.private-key", Code::KeyEncrypted, "private key is given, unencrypted PEM", "IAM-UG id_credentials_server-certs")
        .rule(&[], |c, o| s::key_decodes(c, &TEXT, o)),
    error("iam-server.chain-pem", Code::CertNotPem, "chain is PEM", "BC iam UploadServerCertificate")
        .rule(&[], |c, o| s::chain_decodes(c, &TEXT, o)),
    error("iam-server.size-limits", Code::SizeLimit, "field limits: body and key 16384, chain 2097152 characters", "BC iam 2010-05-08 CertificateBody/PrivateKey/CertificateChain")
        .rule(&[], |c, o| s::size_limits(c, &LIMITS, o)),
    error("iam-server.key-matches", Code::KeyMismatch, "private key matches the certificate (KeyPairMismatch)", "BC iam KeyPairMismatchException")
        .rule(CK, |c, o| s::key_matches(c, Some(MISMATCH), o)),
    warning("iam-server.key-algorithm", Code::KeyUnsupported, "key algorithm (IAM's list UNCONFIRMED)", "ELB classic ssl-server-cert.md @4678ffc; spec §2.1 (UNCONFIRMED)")
        .unconfirmed().rule(C, |c, o| s::key_algorithm(c, &KEYS, o)),
    error("iam-server.validity", Code::CertExpired, "valid at the evaluation instant, NotBefore not just now (MalformedCertificate)", "IAM-UG @b78cb74; BC iam MalformedCertificateException; hashicorp/terraform-provider-aws PR #7049; aws/aws-sdk-go#2586")
        .rule(C, validity),
    warning("iam-server.signature-algorithm", Code::SignatureAlgorithmWeak, "signature not SHA-1/MD5", "spec §8 (UNCONFIRMED)")
        .unconfirmed().rule(C, |c, o| s::signature_strength(c, false, o)),
    warning("iam-server.chain-given", Code::ChainMissing, "chain given unless self-signed", "IAM-UG troubleshooting @b78cb74 (consequence UNCONFIRMED)")
        .unconfirmed().rule(C, |c, o| s::chain_given(c, &WITHOUT_CHAIN, o)),
    error("iam-server.chain-contains-leaf", Code::ChainContainsLeaf, "leaf not repeated in the chain", "IAM-UG troubleshooting @b78cb74")
        .rule(CC, |c, o| s::chain_contains_leaf(c, ChainErrors::AcmIndex, o)),
    error("iam-server.chain-order", Code::ChainOrder, "chain in issuing order, root last", "IAM-UG troubleshooting @b78cb74; KC (same error text as ACM)")
        .rule(CC, |c, o| s::chain_order(c, ChainErrors::AcmIndex, o)),
    error("iam-server.chain-complete", Code::ChainIncomplete, "chain issues the leaf", "IAM-UG troubleshooting @b78cb74")
        .rule(CC, |c, o| s::chain_complete(c, ChainErrors::AcmIndex, o)),
    error("iam-server.chain-unrelated", Code::ChainUnrelated, "no unrelated certificates in the chain", "IAM-UG troubleshooting @b78cb74")
        .rule(CC, |c, o| s::chain_unrelated(c, ChainErrors::AcmIndex, o)),
    error("iam-server.chain-signatures", Code::ChainSignatureInvalid, "chain signatures verify", "IAM-UG troubleshooting @b78cb74")
        .rule(CC, |c, o| s::chain_signatures(c, ChainErrors::AcmIndex, o)),
    warning("iam-server.chain-issuers-ca", Code::CaBasicConstraints, "every issuer on the path is a CA (IAM's check UNCONFIRMED)", "RFC 5280 §4.2.1.9; openssl verify (invalid CA certificate)")
        .unconfirmed().rule(CC, |c, o| s::chain_issuers_are_cas(c, Severity::Warning, o)),
    warning("iam-server.chain-validity", Code::ChainCertExpired, "chain certificates valid (UNCONFIRMED)", "spec §8 (UNCONFIRMED)")
        .unconfirmed().rule(CC, s::chain_validity),
    note("iam-server.chain-root", Code::ChainRootIncluded, "root allowed last", "IAM-UG troubleshooting @b78cb74 (root CA goes last)")
        .rule(CC, |c, o| s::chain_root(c, RootPolicy::Allowed, o)),
    error("iam-server.parameters", Code::ParamInvalid, "ServerCertificateName and Path patterns; /cloudfront/ prefix", "BC iam ServerCertificateName [\\w+=,.@-]+ 1-128, pathType 1-512; IAM-UG id_credentials_server-certs @b78cb74")
        .rule(&[], server_params),
];

pub(crate) const IAM_SERVER: ServiceInfo = ServiceInfo {
    id: ServiceId::IamServer,
    name: "IAM UploadServerCertificate",
    ready: "upload to IAM",
    summary: "An IAM server certificate, for Classic/Network Load Balancers or CloudFront (path /cloudfront/) where ACM is not used.",
    certificate: Need::Required,
    private_key: Need::Required,
    chain: Need::Optional,
    options: &[OptionName::Name, OptionName::Path],
    rule_sets: &[SERVER_RULES],
    commands: |ctx| {
        let names = ctx.file_names();
        let name = ctx.options().name.as_deref().map_or_else(|| "NAME".into(), shell_word);
        let mut cmd = format!(
            "aws iam upload-server-certificate --server-certificate-name {name} --certificate-body {} --private-key {}",
            file_arg("file", &names.certificate), file_arg("file", &names.private_key)
        );
        if ctx.has_chain() {
            cmd.push_str(&format!(" --certificate-chain {}", file_arg("file", &names.chain)));
        }
        if let Some(path) = &ctx.options().path {
            cmd.push_str(&format!(" --path {}", shell_word(path)));
        }
        (Some(cmd), vec![])
    },
    describe_preview: None,
    chain_source: ChainSource::ChainField,
    expiry_warning_days: 30,
    root_in_chain: RootPolicy::Allowed,
    deprecated: None,
};

const STATUSES: &[&str] = &["Active", "Inactive", "Expired"];

const USER_NAME: Pattern = Pattern {
    option: OptionName::UserName,
    param: "UserName",
    min: 1,
    max: 128,
    allowed: name_char,
    text: "[\\w+=,.@-]+",
};

const CERTIFICATE_ID: Pattern = Pattern {
    option: OptionName::CertificateId,
    param: "CertificateId",
    min: 24,
    max: 128,
    allowed: word_char,
    text: "[\\w]+",
};

/// UpdateSigningCertificate's UserName, CertificateId and Status.
fn signing_params(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    let o = ctx.options();
    if let Some(user) = &o.user_name {
        param_pattern(&USER_NAME, user, out);
        if user.chars().count() > 64 && user.chars().count() <= 128 {
            out.push(
                Finding::warning(Code::ParamInvalid, format!("UserName is {} characters; CreateUser allows at most 64, so no such user can exist.", user.chars().count()))
                    .about(Subject::Options)
                    .needs(InputName::Option(OptionName::UserName)),
            );
        }
    }
    if let Some(id) = &o.certificate_id {
        param_pattern(&CERTIFICATE_ID, id, out);
    }
    if let Some(status) = &o.status {
        if param_enum(OptionName::Status, "Status", status, STATUSES, out) == Some("Expired") {
            out.push(
                Finding::warning(Code::ParamInvalid, "Status Expired is in the model's enum (since 2026-07), but UpdateSigningCertificate documents only Active and Inactive: AWS's documentation does not settle whether it can be set.")
                    .about(Subject::Options),
            );
        }
    }
    match (&o.certificate_id, &o.status) {
        (Some(_), None) => out.push(both_needed(OptionName::Status)),
        (None, Some(_)) => out.push(both_needed(OptionName::CertificateId)),
        _ => {}
    }
}

fn both_needed(missing: OptionName) -> Finding {
    Finding::error(
        Code::ParamInvalid,
        "UpdateSigningCertificate requires both CertificateId and Status.",
    )
    .about(Subject::Options)
    .needs(InputName::Option(missing))
}

fn signing_notes(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    if ctx.private_key().is_some() {
        out.push(Finding::info(
            Code::ServiceNote,
            "Signing certificates are uploaded without their private key; keep the key where it is. The key was only compared with the certificate.",
        ));
    }
    out.push(Finding::info(
        Code::ServiceNote,
        "IAM allows two signing certificates per user, so that rotation can overlap; UploadSigningCertificate fails with LimitExceeded on a third, and with DuplicateCertificate if this certificate is already on a user.",
    ));
}

#[rustfmt::skip]
static SIGNING_RULES: &[Rule] = &[
    error("iam-signing.certificate-pem", Code::CertNotPem, "certificate body is one PEM certificate", "BC iam UploadSigningCertificate (InvalidCertificate, MalformedCertificate)")
        .rule(&[], |c, o| s::certificate_decodes(c, &TEXT, o)),
    error("iam-signing.certificate-single", Code::CertMultiple, "certificate body holds one certificate", "BC iam UploadSigningCertificate")
        .rule(C, s::certificate_single),
    error("iam-signing.size-limits", Code::SizeLimit, "certificate body at most 16384 characters", "BC iam CertificateBody 1-16384")
        .rule(&[], |c, o| s::size_limits(c, &LIMITS, o)),
    error("iam-signing.validity", Code::CertExpired, "valid at the evaluation instant", "BC iam MalformedCertificateException (malformed or expired)")
        .rule(C, s::validity),
    error("iam-signing.private-key", Code::KeyNotPem, "the key you keep is readable (optional)", "BC iam (the key is not uploaded)")
        .rule(&[], |c, o| s::key_decodes(c, &TEXT, o)),
    error("iam-signing.key-matches", Code::KeyMismatch, "the key you keep matches the certificate (optional)", "BC iam (the key is not uploaded)")
        .rule(CK, |c, o| s::key_matches(c, None, o)),
    error("iam-signing.parameters", Code::ParamInvalid, "UserName, CertificateId and Status", "BC iam existingUserNameType 1-128 [\\w+=,.@-]+, certificateIdType 24-128 [\\w]+, statusType")
        .rule(&[], signing_params),
    note("iam-signing.notes", Code::ServiceNote, "two signing certificates per user; the key stays with you", "IAM-UG quotas @f2ca9dd (2 per user); BC iam UploadSigningCertificate")
        .rule(&[], signing_notes),
];

pub(crate) const IAM_SIGNING: ServiceInfo = ServiceInfo {
    id: ServiceId::IamSigning,
    name: "IAM signing certificate (Upload/UpdateSigningCertificate)",
    ready: "upload as an IAM signing certificate",
    summary: "An X.509 signing certificate on an IAM user (for SOAP-era and some SDK signing), and its Active/Inactive status updates.",
    certificate: Need::Required,
    private_key: Need::Optional,
    chain: Need::NotUsed,
    options: &[OptionName::UserName, OptionName::CertificateId, OptionName::Status],
    rule_sets: &[SIGNING_RULES],
    commands: |ctx| {
        let cert = file_arg("file", &ctx.file_names().certificate);
        let o = ctx.options();
        let user = o.user_name.as_deref().map(|u| format!(" --user-name {}", shell_word(u))).unwrap_or_default();
        let upload = format!("aws iam upload-signing-certificate{user} --certificate-body {cert}");
        let mut more = vec![];
        if let (Some(id), Some(status)) = (&o.certificate_id, &o.status) {
            more.push(command("Update its status", format!("aws iam update-signing-certificate{user} --certificate-id {} --status {}", shell_word(id), shell_word(status))));
        }
        more.push(command("List a user's signing certificates", format!("aws iam list-signing-certificates{user}")));
        (Some(upload), more)
    },
    describe_preview: None,
    chain_source: ChainSource::ChainField,
    expiry_warning_days: 30,
    root_in_chain: RootPolicy::Allowed,
    deprecated: None,
};
