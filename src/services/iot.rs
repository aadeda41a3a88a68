//! AWS IoT Core device certificates (RegisterCertificate, UpdateCertificate) and CA
//! certificates (RegisterCACertificate). Sources: spec §3.

use super::rules::{self as r, param_enum, rule, signature_in, Needs, Profile, RootPolicy, Rule};
use super::{command, file_names, Need, OptionName, ServiceId, ServiceInfo};
use crate::cert::{Cert, Curve, Hash, PublicKey};
use crate::check::Context;
use crate::finding::{Code, Finding, Subject};

const C: &[Needs] = &[Needs::Certificate];
const CK: &[Needs] = &[Needs::Certificate, Needs::Key];
const CC: &[Needs] = &[Needs::Certificate, Needs::Chain];

const IOT_PROFILE: Profile = Profile {
    max_certificate: 65_536,
    max_private_key: 0,
    max_chain: 65_536,
    latin1_pattern: false,
    strict_pem: false,
    accepted_keys: &[],
    keys_confirmed: true,
    key_aws_error: None,
    root_policy: RootPolicy::Allowed,
    weak_signature_refused: true,
    expiry_warning_days: 30,
    acm_chain_error: false,
};

/// "Certificate signing algorithms supported by AWS IoT" (IOT-DG x509-client-certs.md).
const IOT_SIGNATURES: &[(&str, Hash)] = &[
    ("RSA", Hash::Sha256),
    ("RSA", Hash::Sha384),
    ("RSA", Hash::Sha512),
    ("DSA", Hash::Sha256),
    ("ECDSA", Hash::Sha256),
    ("ECDSA", Hash::Sha384),
    ("ECDSA", Hash::Sha512),
];

fn key_quality(cert: &Cert, what: &str, out: &mut Vec<Finding>) {
    match &cert.key {
        PublicKey::Rsa { .. } if cert.key.bits().unwrap_or(0) < 2048 => out.push(
            Finding::error(
                Code::KeyUnsupported,
                format!("The {what}'s key is {}; AWS IoT needs RSA keys of at least 2048 bits.", cert.key.describe()),
            )
            .fix("issue a new certificate with an RSA 2048 (or EC P-256) key")
            .aws("The key in the certificate is not valid")
            .about(Subject::Certificate),
        ),
        PublicKey::Rsa { .. } => {}
        PublicKey::Ec { curve: Curve::P256 | Curve::P384 | Curve::P521, .. } => {}
        other => out.push(
            Finding::warning(
                Code::KeyUnsupported,
                format!("The {what}'s key is {}; AWS IoT documents RSA (2048 bits or more) and EC P-256/P-384/P-521 (other keys UNCONFIRMED).", other.describe()),
            )
            .about(Subject::Certificate),
        ),
    }
}

fn signature_algorithm(cert: &Cert, what: &str, out: &mut Vec<Finding>) {
    if signature_in(&cert.sig_alg, IOT_SIGNATURES) {
        return;
    }
    let code = if cert.sig_alg.is_weak() {
        Code::SignatureAlgorithmWeak
    } else {
        Code::SignatureAlgorithmUnsupported
    };
    out.push(
        Finding::error(
            code,
            format!(
                "The {what} is signed with {}; AWS IoT supports SHA256/384/512 with RSA, DSA with SHA256, and ECDSA with SHA256/384/512.",
                cert.sig_alg.name()
            ),
        )
        .fix("reissue it with SHA-256 or stronger (openssl x509 -req -sha256 ...)")
        .about(Subject::Certificate),
    );
}

fn device_key(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    if let Some(leaf) = ctx.leaf() {
        key_quality(leaf, "certificate", out);
    }
}

fn device_signature(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    if let Some(leaf) = ctx.leaf() {
        signature_algorithm(leaf, "certificate", out);
    }
}

fn parseable_names(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let Some(leaf) = ctx.leaf() else { return };
    if leaf.subject_raw.len() <= 2 || leaf.issuer_raw.len() <= 2 {
        out.push(
            Finding::error(
                Code::CertNameEmpty,
                "The certificate's subject or issuer name is empty; AWS IoT cannot parse it.",
            )
            .aws("The certificate could not be parsed")
            .about(Subject::Certificate),
        );
    }
}

fn certificate_id(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let Some(leaf) = ctx.leaf() else { return };
    out.push(Finding::info(
        Code::ServiceNote,
        format!(
            "Its certificateId will be {} (SHA-256 of the DER); the ARN ends in cert/{}.",
            leaf.sha256, leaf.sha256
        ),
    ));
}

const NEW_STATUSES: &[&str] = &[
    "ACTIVE",
    "INACTIVE",
    "REVOKED",
    "PENDING_TRANSFER",
    "REGISTER_INACTIVE",
    "PENDING_ACTIVATION",
];

fn new_status(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let Some(status) = &ctx.options.new_status else {
        return;
    };
    match param_enum("newStatus", status, NEW_STATUSES, out) {
        Some(s @ ("PENDING_TRANSFER" | "PENDING_ACTIVATION")) => out.push(
            Finding::error(
                Code::ParamInvalid,
                format!("newStatus {s} is an internal status: UpdateCertificate throws an exception when it is set. Use ACTIVE, INACTIVE or REVOKED."),
            )
            .about(Subject::Options),
        ),
        Some("REGISTER_INACTIVE") => out.push(
            Finding::warning(Code::ParamDeprecated, "newStatus REGISTER_INACTIVE is deprecated; use INACTIVE.").about(Subject::Options),
        ),
        Some("REVOKED") => out.push(
            Finding::warning(Code::ParamInvalid, "REVOKED is terminal: a revoked certificate cannot be activated again, and devices using it are disconnected.")
                .about(Subject::Options),
        ),
        Some("INACTIVE") => out.push(
            Finding::info(Code::ServiceNote, "Devices using the certificate are disconnected within minutes of leaving ACTIVE.").about(Subject::Options),
        ),
        _ => {}
    }
}

/// The CA given with a device certificate must be a CA and must have signed it directly.
fn device_ca(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let (Some(a), Some(chain)) = (ctx.analysis(), ctx.chain_certs()) else {
        return;
    };
    if chain.len() > 1 {
        out.push(
            Finding::warning(
                Code::CertMultiple,
                format!("The CA field holds {} certificates; caCertificatePem takes the one CA that directly signed the device.", chain.len()),
            )
            .fix("give only the issuing CA certificate")
            .about(Subject::Chain),
        );
    }
    let signature_broke = matches!(
        a.links.first(),
        Some((_, crate::chain::LinkState::SignatureInvalid(_)))
    );
    match a.path.first() {
        Some(&i) => ca_constraints(&chain[i], "CA certificate", out),
        None if signature_broke => {} // chain-signatures says why
        None => out.push(
            Finding::error(
                Code::ChainIncomplete,
                "The CA certificate given did not sign the device certificate; register the CA that directly signed it.",
            )
            .aws("No CA certificate exists for the given certificate")
            .about(Subject::Chain),
        ),
    }
}

fn ca_constraints(cert: &Cert, what: &str, out: &mut Vec<Finding>) {
    if cert.is_ca != Some(true) {
        out.push(
            Finding::error(
                Code::CaBasicConstraints,
                format!("The {what} {} has no basicConstraints CA:TRUE.", cert.short_name()),
            )
            .fix("reissue the CA certificate with basicConstraints=critical,CA:TRUE (openssl: -addext basicConstraints=critical,CA:TRUE)")
            .aws("The CA certificate does not have the basicConstraints extension as true")
            .about(Subject::Certificate),
        );
    }
}

static DEVICE_RULES: &[Rule] = &[
    rule(Code::CertNotPem, "certificatePem is one PEM certificate", "BC iot CertificatePem; community note (The certificate could not be parsed)", &[], r::certificate_decodes),
    rule(Code::CertMultiple, "one certificate in certificatePem", "BC iot RegisterCertificate", C, r::certificate_single),
    rule(Code::SizeLimit, "certificatePem and caCertificatePem at most 65536 characters", "BC iot CertificatePem 1-65536", &[], r::size_limits),
    rule(Code::KeyMismatch, "the device key matches (optional; the key stays on the device)", "IOT-DG x509-client-certs", CK, r::key_matches),
    rule(Code::KeyNotPem, "the device key is readable (optional)", "IOT-DG x509-client-certs", &[], r::key_decodes),
    rule(Code::KeyUnsupported, "RSA at least 2048 bits, or EC P-256/384/521", "IOT-DG audit-chk-device-cert-key-quality; repost.aws QUUURY39RoSqCEUmoN7UbtZQ; BC iot CreateCertificateFromCsr", C, device_key),
    rule(Code::SignatureAlgorithmUnsupported, "signature algorithm on IoT's list", "IOT-DG x509-client-certs.md (Certificate signing algorithms supported by AWS IoT)", C, device_signature),
    rule(Code::CertExpired, "valid at the evaluation instant", "IOT-DG audit-chk-device-cert-key-quality (registration-time checks)", C, r::validity),
    rule(Code::CertNameEmpty, "subject and issuer present", "community note (The certificate could not be parsed)", C, parseable_names),
    rule(Code::ServiceNote, "certificateId = SHA-256 of the DER", "getmoto/moto#3321; MOTO commit 87f7ea879 (compute_der_cert_id)", C, certificate_id),
    rule(Code::CaBasicConstraints, "the CA given signed the device and has CA:TRUE", "IOT-DG device-certs-your-own (register the CA that directly signed it); Japanese blog note", CC, device_ca),
    rule(Code::ChainSignatureInvalid, "the CA's signature verifies", "IOT-DG device-certs-your-own", CC, r::chain_signatures),
    rule(Code::ChainCertExpired, "the CA is valid", "IOT-DG audit-chk-ca-cert-key-quality", CC, r::chain_validity),
    rule(Code::ParamInvalid, "UpdateCertificate newStatus", "BC iot UpdateCertificate, CertificateStatus enum; IOT-DG manual-cert-registration (REVOKED is terminal)", &[], new_status),
];

pub(crate) const IOT: ServiceInfo = ServiceInfo {
    id: ServiceId::Iot,
    name: "AWS IoT Core device certificate",
    summary: "A device certificate for RegisterCertificate (with its CA as the chain), and UpdateCertificate status changes.",
    certificate: Need::Required,
    private_key: Need::Optional,
    chain: Need::Optional,
    options: &[OptionName::NewStatus],
    profile: IOT_PROFILE,
    rule_sets: &[DEVICE_RULES],
    commands: |ctx| {
        let (cert, _, chain) = file_names(ctx);
        let ca = if ctx.chain_certs().is_some_and(|c| !c.is_empty()) {
            format!(" --ca-certificate-pem file://{chain}")
        } else {
            String::new()
        };
        let register = format!("aws iot register-certificate --certificate-pem file://{cert}{ca} --status ACTIVE");
        let mut more = vec![command(
            "Or register without a CA (the device must send SNI)",
            format!("aws iot register-certificate-without-ca --certificate-pem file://{cert} --status ACTIVE"),
        )];
        if let (Some(leaf), Some(status)) = (ctx.leaf(), &ctx.options.new_status) {
            more.push(command("Change its status", format!("aws iot update-certificate --certificate-id {} --new-status {status}", leaf.sha256)));
        }
        (Some(register), more)
    },
    describe_preview: false,
};

fn ca_cert_rules(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let Some(leaf) = ctx.leaf() else { return };
    ca_constraints(leaf, "CA certificate", out);
}

fn ca_key(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    if let Some(leaf) = ctx.leaf() {
        key_quality(leaf, "CA certificate", out);
    }
}

fn ca_signature(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    if let Some(leaf) = ctx.leaf() {
        signature_algorithm(leaf, "CA certificate", out);
    }
}

fn ca_registration(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let Some(leaf) = ctx.leaf() else { return };
    out.push(Finding::info(
        Code::ServiceNote,
        format!(
            "In DEFAULT mode, register with a verification certificate: a CSR whose CN is your registration code (aws iot get-registration-code), signed by this CA's key. One account per Region may register it in DEFAULT mode; SNI_ONLY needs no verification certificate. At most 10 CAs may share the subject \"{}\". Its caCertificateId will be {}.",
            leaf.subject, leaf.sha256
        ),
    ));
}

static CA_RULES: &[Rule] = &[
    rule(Code::CertNotPem, "caCertificate is one PEM certificate", "BC iot CertificatePem", &[], r::certificate_decodes),
    rule(Code::CertMultiple, "one certificate", "BC iot RegisterCACertificate", C, r::certificate_single),
    rule(Code::SizeLimit, "at most 65536 characters", "BC iot CertificatePem 1-65536", &[], r::size_limits),
    rule(Code::CaBasicConstraints, "basicConstraints CA:TRUE", "community notes; NordicSemiconductor/asset-tracker-cloud-aws-js#1235", C, ca_cert_rules),
    rule(Code::KeyUnsupported, "CA key RSA at least 2048 bits, or EC", "IOT-DG audit-chk-ca-cert-key-quality", C, ca_key),
    rule(Code::SignatureAlgorithmUnsupported, "signature algorithm on IoT's list", "IOT-DG x509-client-certs.md", C, ca_signature),
    rule(Code::CertExpired, "valid at the evaluation instant", "IOT-DG audit-chk-ca-cert-key-quality", C, r::validity),
    rule(Code::ServiceNote, "registration modes and limits", "BC iot RegisterCACertificate, CertificateMode; IOT-DG register-CA-cert, manage-your-CA-certs", C, ca_registration),
];

pub(crate) const IOT_CA: ServiceInfo = ServiceInfo {
    id: ServiceId::IotCa,
    name: "AWS IoT Core CA certificate",
    summary: "A CA certificate for RegisterCACertificate: CA:TRUE, key quality, and the verification-certificate step.",
    certificate: Need::Required,
    private_key: Need::NotUsed,
    chain: Need::NotUsed,
    options: &[] as &[OptionName],
    profile: IOT_PROFILE,
    rule_sets: &[CA_RULES],
    commands: |ctx| {
        let (cert, _, _) = file_names(ctx);
        (
            Some(format!("aws iot register-ca-certificate --ca-certificate file://{cert} --verification-cert file://verification.pem --set-as-active")),
            vec![
                command("Get the registration code for the verification certificate's CN", "aws iot get-registration-code".into()),
                command("Or register in SNI_ONLY mode (no verification certificate)", format!("aws iot register-ca-certificate --ca-certificate file://{cert} --certificate-mode SNI_ONLY --set-as-active")),
            ],
        )
    },
    describe_preview: false,
};
