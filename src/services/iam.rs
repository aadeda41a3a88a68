//! IAM server certificates (UploadServerCertificate) and signing certificates
//! (UploadSigningCertificate / UpdateSigningCertificate). Sources: spec §2.

use super::acm::ACM_KEYS;
use super::rules::{
    self as r, param_enum, param_pattern, rule, word_char, Needs, Profile, RootPolicy, Rule,
};
use super::{command, file_names, Need, OptionName, ServiceId, ServiceInfo};
use crate::check::Context;
use crate::finding::{Code, Finding, Severity, Subject};

const C: &[Needs] = &[Needs::Certificate];
const CK: &[Needs] = &[Needs::Certificate, Needs::Key];
const CC: &[Needs] = &[Needs::Certificate, Needs::Chain];

const fn iam_profile(max_key: usize, accepted_keys: &'static [&'static str]) -> Profile {
    Profile {
        max_certificate: 16_384,
        max_private_key: max_key,
        max_chain: 2_097_152,
        latin1_pattern: true,
        strict_pem: false,
        accepted_keys,
        // IAM documents no key list; ELB docs send 4096-bit and EC certificates through IAM.
        keys_confirmed: false,
        key_aws_error: None,
        root_policy: RootPolicy::Allowed,
        weak_signature_refused: false,
        expiry_warning_days: 30,
        acm_chain_error: true,
    }
}

fn name_char(c: char) -> bool {
    word_char(c) || "+=,.@-".contains(c)
}

/// ServerCertificateName and Path.
fn server_params(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let o = ctx.options;
    if let Some(name) = &o.name {
        param_pattern(
            "ServerCertificateName",
            name,
            1,
            128,
            name_char,
            "[\\w+=,.@-]+",
            out,
        );
    }
    if let Some(path) = &o.path {
        let ok_chars = param_pattern(
            "Path",
            path,
            1,
            512,
            |c| ('\u{21}'..='\u{7E}').contains(&c),
            "(\\u002F)|(\\u002F[\\u0021-\\u007E]+\\u002F)",
            out,
        );
        if ok_chars
            && !(path == "/" || (path.len() > 1 && path.starts_with('/') && path.ends_with('/')))
        {
            out.push(
                Finding::error(Code::ParamInvalid, format!("Path \"{path}\" must be \"/\" or start and end with \"/\"."))
                    .aws("1 validation error detected: Value at 'path' failed to satisfy constraint: Member must satisfy regular expression pattern: (\\u002F)|(\\u002F[\\u0021-\\u007E]+\\u002F)")
                    .about(Subject::Options),
            );
        }
        if path.to_ascii_lowercase().contains("cloudfront") && !path.starts_with("/cloudfront") {
            out.push(
                Finding::warning(Code::ParamInvalid, format!("Path \"{path}\" mentions CloudFront but does not start with /cloudfront; CloudFront only sees IAM certificates under /cloudfront/."))
                    .fix("use a path like /cloudfront/ or /cloudfront/site/")
                    .about(Subject::Options),
            );
        }
    }
}

static SERVER_RULES: &[Rule] = &[
    rule(Code::CertNotPem, "certificate body is one PEM certificate", "BC iam UploadServerCertificate; IAM-UG id_credentials_server-certs", &[], r::certificate_decodes),
    rule(Code::CertMultiple, "certificate body holds one certificate", "BC iam; IAM-UG troubleshooting @b78cb74", C, r::certificate_single),
    rule(Code::KeyEncrypted, "private key is unencrypted PEM", "IAM-UG id_credentials_server-certs", &[], r::key_decodes),
    rule(Code::CertNotPem, "chain is PEM", "BC iam UploadServerCertificate", &[], r::chain_decodes),
    rule(Code::SizeLimit, "field limits: body and key 16384, chain 2097152 characters", "BC iam 2010-05-08 CertificateBody/PrivateKey/CertificateChain", &[], r::size_limits),
    rule(Code::KeyMismatch, "private key matches the certificate (KeyPairMismatch)", "BC iam KeyPairMismatchException", CK, r::key_matches),
    rule(Code::KeyUnsupported, "key algorithm (IAM's list UNCONFIRMED)", "ELB classic ssl-server-cert.md @4678ffc; spec §2.1 (UNCONFIRMED)", C, r::key_algorithm),
    rule(Code::CertExpired, "valid at the evaluation instant (MalformedCertificate)", "IAM-UG @b78cb74; BC iam MalformedCertificateException", C, r::validity),
    rule(Code::SignatureAlgorithmWeak, "signature not SHA-1/MD5 (UNCONFIRMED)", "spec §8 (UNCONFIRMED)", C, r::signature_strength),
    rule(Code::ChainMissing, "chain given unless self-signed", "IAM-UG troubleshooting @b78cb74", C, r::chain_given),
    rule(Code::ChainContainsLeaf, "leaf not repeated in the chain", "IAM-UG troubleshooting @b78cb74", CC, r::chain_contains_leaf),
    rule(Code::ChainOrder, "chain in issuing order, root last", "IAM-UG troubleshooting @b78cb74; KC (same error text as ACM)", CC, r::chain_order),
    rule(Code::ChainIncomplete, "chain issues the leaf", "IAM-UG troubleshooting @b78cb74", CC, r::chain_complete),
    rule(Code::ChainUnrelated, "no unrelated certificates in the chain", "IAM-UG troubleshooting @b78cb74", CC, r::chain_unrelated),
    rule(Code::ChainSignatureInvalid, "chain signatures verify", "IAM-UG troubleshooting @b78cb74", CC, r::chain_signatures),
    rule(Code::ChainCertExpired, "chain certificates valid (UNCONFIRMED)", "spec §8 (UNCONFIRMED)", CC, r::chain_validity),
    rule(Code::ChainRootIncluded, "root allowed last", "IAM-UG troubleshooting @b78cb74 (root CA goes last)", CC, r::chain_root),
    rule(Code::ParamInvalid, "ServerCertificateName and Path patterns; /cloudfront/ prefix", "BC iam ServerCertificateName [\\w+=,.@-]+ 1-128, pathType 1-512; IAM-UG id_credentials_server-certs @b78cb74", &[], server_params),
];

pub(crate) const IAM_SERVER: ServiceInfo = ServiceInfo {
    id: ServiceId::IamServer,
    name: "IAM UploadServerCertificate",
    summary: "An IAM server certificate, for Classic/Network Load Balancers or CloudFront (path /cloudfront/) where ACM is not used.",
    certificate: Need::Required,
    private_key: Need::Required,
    chain: Need::Optional,
    options: &[OptionName::Name, OptionName::Path],
    profile: iam_profile(16_384, ACM_KEYS),
    rule_sets: &[SERVER_RULES],
    commands: |ctx| {
        let (cert, key, chain) = file_names(ctx);
        let name = ctx.options.name.clone().unwrap_or_else(|| "NAME".into());
        let mut cmd = format!("aws iam upload-server-certificate --server-certificate-name {name} --certificate-body file://{cert} --private-key file://{key}");
        if ctx.chain_certs().is_some_and(|c| !c.is_empty()) {
            cmd.push_str(&format!(" --certificate-chain file://{chain}"));
        }
        if let Some(path) = &ctx.options.path {
            cmd.push_str(&format!(" --path {path}"));
        }
        (Some(cmd), vec![])
    },
    describe_preview: false,
};

const STATUSES: &[&str] = &["Active", "Inactive", "Expired"];

/// UpdateSigningCertificate's UserName, CertificateId and Status.
fn signing_params(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let o = ctx.options;
    if let Some(user) = &o.user_name {
        param_pattern("UserName", user, 1, 128, name_char, "[\\w+=,.@-]+", out);
        if user.chars().count() > 64 && user.chars().count() <= 128 {
            out.push(
                Finding::warning(Code::ParamInvalid, format!("UserName is {} characters; CreateUser allows at most 64, so no such user can exist.", user.chars().count()))
                    .about(Subject::Options),
            );
        }
    }
    if let Some(id) = &o.certificate_id {
        param_pattern("CertificateId", id, 24, 128, word_char, "[\\w]+", out);
    }
    if let Some(status) = &o.status {
        if param_enum("Status", status, STATUSES, out) == Some("Expired") {
            out.push(
                Finding::warning(Code::ParamInvalid, "Status Expired is in the model's enum (since 2026-07), but UpdateSigningCertificate documents only Active and Inactive: whether it can be set is UNCONFIRMED.")
                    .about(Subject::Options),
            );
        }
    }
    if (o.certificate_id.is_some() || o.status.is_some())
        && (o.certificate_id.is_none() || o.status.is_none())
    {
        out.push(
            Finding::error(
                Code::ParamInvalid,
                "UpdateSigningCertificate requires both CertificateId and Status.",
            )
            .about(Subject::Options),
        );
    }
    if ctx.private_key.is_some() {
        out.push(Finding::info(
            Code::ServiceNote,
            "Signing certificates are uploaded without their private key; keep the key where it is. The key was only compared with the certificate.",
        ));
    }
    out.push(Finding::new(
        Severity::Info,
        Code::ServiceNote,
        "IAM allows two signing certificates per user, so that rotation can overlap; UploadSigningCertificate fails with LimitExceeded on a third, and with DuplicateCertificate if this certificate is already on a user.",
    ));
}

static SIGNING_RULES: &[Rule] = &[
    rule(Code::CertNotPem, "certificate body is one PEM certificate", "BC iam UploadSigningCertificate (InvalidCertificate, MalformedCertificate)", &[], r::certificate_decodes),
    rule(Code::CertMultiple, "certificate body holds one certificate", "BC iam UploadSigningCertificate", C, r::certificate_single),
    rule(Code::SizeLimit, "certificate body at most 16384 characters", "BC iam CertificateBody 1-16384", &[], r::size_limits),
    rule(Code::CertExpired, "valid at the evaluation instant", "BC iam MalformedCertificateException (malformed or expired)", C, r::validity),
    rule(Code::KeyNotPem, "the key you keep is readable (optional)", "BC iam (the key is not uploaded)", &[], r::key_decodes),
    rule(Code::KeyMismatch, "the key you keep matches the certificate (optional)", "BC iam (the key is not uploaded)", CK, r::key_matches),
    rule(Code::ParamInvalid, "UserName, CertificateId and Status", "BC iam existingUserNameType 1-128 [\\w+=,.@-]+, certificateIdType 24-128 [\\w]+, statusType; IAM-UG quotas @f2ca9dd (2 per user)", &[], signing_params),
];

pub(crate) const IAM_SIGNING: ServiceInfo = ServiceInfo {
    id: ServiceId::IamSigning,
    name: "IAM signing certificate (Upload/UpdateSigningCertificate)",
    summary: "An X.509 signing certificate on an IAM user (for SOAP-era and some SDK signing), and its Active/Inactive status updates.",
    certificate: Need::Required,
    private_key: Need::Optional,
    chain: Need::NotUsed,
    options: &[OptionName::UserName, OptionName::CertificateId, OptionName::Status],
    profile: iam_profile(16_384, &[]),
    rule_sets: &[SIGNING_RULES],
    commands: |ctx| {
        let (cert, _, _) = file_names(ctx);
        let user = ctx.options.user_name.as_deref().map(|u| format!(" --user-name {u}")).unwrap_or_default();
        let upload = format!("aws iam upload-signing-certificate{user} --certificate-body file://{cert}");
        let mut more = vec![];
        if let (Some(id), Some(status)) = (&ctx.options.certificate_id, &ctx.options.status) {
            more.push(command("Update its status", format!("aws iam update-signing-certificate{user} --certificate-id {id} --status {status}")));
        }
        more.push(command("List a user's signing certificates", format!("aws iam list-signing-certificates{user}")));
        (Some(upload), more)
    },
    describe_preview: false,
};
