//! AWS IoT Core device certificates (RegisterCertificate, UpdateCertificate) and CA
//! certificates (RegisterCACertificate). Sources: spec §3.

use super::shared::{self as s, param_enum, signature_in, ChainErrors, FieldLimits, TextPolicy};
use super::{command, C, CC, CK};
use crate::algorithm::{Curve, Hash, PublicKey};
use crate::analysis::ChainSource;
use crate::cert::Cert;
use crate::field::{InputName, OptionName};
use crate::finding::{Code, Finding, Subject};
use crate::rule::{error, note, warning, Ctx, Need, RootPolicy, Rule, ServiceInfo};
use crate::service_id::ServiceId;

/// CertificatePem is `[\s\S]*`: any text.
const TEXT: TextPolicy = TextPolicy {
    latin1_pattern: false,
    strict_pem: false,
};

/// BC iot CertificatePem 1-65536 (certificatePem and caCertificatePem); the key is never sent.
const LIMITS: FieldLimits = FieldLimits {
    certificate: 65_536,
    private_key: 0,
    chain: 65_536,
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
        PublicKey::Ec { curve: Curve::Explicit { .. }, .. } => out.push(
            Finding::error(
                Code::KeyUnsupported,
                format!("The {what}'s key is EC with explicit curve parameters; AWS IoT takes named curves only (P-256, P-384, P-521)."),
            )
            .fix("issue a new certificate whose key names its curve (openssl ecparam -name prime256v1 -genkey, without -param_enc explicit)")
            .about(Subject::Certificate),
        ),
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

fn device_key(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    if let Some(leaf) = ctx.leaf() {
        key_quality(leaf, "certificate", out);
    }
}

fn device_signature(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    if let Some(leaf) = ctx.leaf() {
        signature_algorithm(leaf, "certificate", out);
    }
}

fn parseable_names(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
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

fn certificate_id(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
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

fn new_status(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    let Some(status) = &ctx.options().new_status else {
        return;
    };
    match param_enum(OptionName::NewStatus, "newStatus", status, NEW_STATUSES, out) {
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
fn device_ca(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
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
            .about(Subject::Chain)
            .needs(InputName::Chain),
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

#[rustfmt::skip]
static DEVICE_RULES: &[Rule] = &[
    error("iot.certificate-pem", Code::CertNotPem, "certificatePem is one PEM certificate", "BC iot CertificatePem; community note (The certificate could not be parsed)")
        .rule(&[], |c, o| s::certificate_decodes(c, &TEXT, o)),
    error("iot.certificate-single", Code::CertMultiple, "one certificate in certificatePem", "BC iot RegisterCertificate")
        .rule(C, s::certificate_single),
    error("iot.size-limits", Code::SizeLimit, "certificatePem and caCertificatePem at most 65536 characters", "BC iot CertificatePem 1-65536")
        .rule(&[], |c, o| s::size_limits(c, &LIMITS, o)),
    error("iot.key-matches", Code::KeyMismatch, "the device key matches (optional; the key stays on the device)", "IOT-DG x509-client-certs")
        .rule(CK, |c, o| s::key_matches(c, None, o)),
    error("iot.private-key", Code::KeyNotPem, "the device key is readable (optional)", "IOT-DG x509-client-certs")
        .rule(&[], |c, o| s::key_decodes(c, &TEXT, o)),
    error("iot.key-quality", Code::KeyUnsupported, "RSA at least 2048 bits, or EC P-256/384/521", "IOT-DG audit-chk-device-cert-key-quality; repost.aws QUUURY39RoSqCEUmoN7UbtZQ; BC iot CreateCertificateFromCsr")
        .rule(C, device_key),
    error("iot.signature-algorithm", Code::SignatureAlgorithmUnsupported, "signature algorithm on IoT's list", "IOT-DG x509-client-certs.md (Certificate signing algorithms supported by AWS IoT)")
        .rule(C, device_signature),
    error("iot.validity", Code::CertExpired, "valid at the evaluation instant", "IOT-DG audit-chk-device-cert-key-quality (registration-time checks)")
        .rule(C, s::validity),
    error("iot.names", Code::CertNameEmpty, "subject and issuer present", "community note (The certificate could not be parsed)")
        .rule(C, parseable_names),
    note("iot.certificate-id", Code::ServiceNote, "certificateId = SHA-256 of the DER", "getmoto/moto#3321; MOTO commit 87f7ea879 (compute_der_cert_id)")
        .rule(C, certificate_id),
    error("iot.device-ca", Code::CaBasicConstraints, "the CA given signed the device and has CA:TRUE", "IOT-DG device-certs-your-own (register the CA that directly signed it); Japanese blog note")
        .rule(CC, device_ca),
    error("iot.ca-signature", Code::ChainSignatureInvalid, "the CA's signature verifies", "IOT-DG device-certs-your-own")
        .rule(CC, |c, o| s::chain_signatures(c, ChainErrors::Unknown, o)),
    warning("iot.ca-validity", Code::ChainCertExpired, "the CA is valid", "IOT-DG audit-chk-ca-cert-key-quality")
        .rule(CC, s::chain_validity),
    error("iot.new-status", Code::ParamInvalid, "UpdateCertificate newStatus", "BC iot UpdateCertificate, CertificateStatus enum; IOT-DG manual-cert-registration (REVOKED is terminal)")
        .rule(&[], new_status),
];

pub(crate) const IOT: ServiceInfo = ServiceInfo {
    id: ServiceId::Iot,
    name: "AWS IoT Core device certificate",
    summary: "A device certificate for RegisterCertificate (with its CA as the chain), and UpdateCertificate status changes.",
    certificate: Need::Required,
    private_key: Need::Optional,
    chain: Need::Optional,
    options: &[OptionName::NewStatus],
    rule_sets: &[DEVICE_RULES],
    commands: |ctx| {
        let names = ctx.file_names();
        let (cert, chain) = (&names.certificate, &names.chain);
        let ca = if ctx.has_chain() {
            format!(" --ca-certificate-pem file://{chain}")
        } else {
            String::new()
        };
        let register = format!("aws iot register-certificate --certificate-pem file://{cert}{ca} --status ACTIVE");
        let mut more = vec![command(
            "Or register without a CA (the device must send SNI)",
            format!("aws iot register-certificate-without-ca --certificate-pem file://{cert} --status ACTIVE"),
        )];
        if let (Some(leaf), Some(status)) = (ctx.leaf(), &ctx.options().new_status) {
            more.push(command("Change its status", format!("aws iot update-certificate --certificate-id {} --new-status {status}", leaf.sha256)));
        }
        (Some(register), more)
    },
    describe_preview: None,
    chain_source: ChainSource::ChainField,
    expiry_warning_days: 30,
    root_in_chain: RootPolicy::Allowed,
    deprecated: None,
};

fn ca_cert_rules(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    let Some(leaf) = ctx.leaf() else { return };
    ca_constraints(leaf, "CA certificate", out);
}

fn ca_key(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    if let Some(leaf) = ctx.leaf() {
        key_quality(leaf, "CA certificate", out);
    }
}

fn ca_signature(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    if let Some(leaf) = ctx.leaf() {
        signature_algorithm(leaf, "CA certificate", out);
    }
}

fn ca_registration(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    let Some(leaf) = ctx.leaf() else { return };
    out.push(Finding::info(
        Code::ServiceNote,
        format!(
            "In DEFAULT mode, register with a verification certificate: a CSR whose CN is your registration code (aws iot get-registration-code), signed by this CA's key. One account per Region may register it in DEFAULT mode; SNI_ONLY needs no verification certificate. At most 10 CAs may share the subject \"{}\". Its caCertificateId will be {}.",
            leaf.subject, leaf.sha256
        ),
    ));
}

#[rustfmt::skip]
static CA_RULES: &[Rule] = &[
    error("iot-ca.certificate-pem", Code::CertNotPem, "caCertificate is one PEM certificate", "BC iot CertificatePem")
        .rule(&[], |c, o| s::certificate_decodes(c, &TEXT, o)),
    error("iot-ca.certificate-single", Code::CertMultiple, "one certificate", "BC iot RegisterCACertificate")
        .rule(C, s::certificate_single),
    error("iot-ca.size-limits", Code::SizeLimit, "at most 65536 characters", "BC iot CertificatePem 1-65536")
        .rule(&[], |c, o| s::size_limits(c, &LIMITS, o)),
    error("iot-ca.basic-constraints", Code::CaBasicConstraints, "basicConstraints CA:TRUE", "community notes; NordicSemiconductor/asset-tracker-cloud-aws-js#1235")
        .rule(C, ca_cert_rules),
    error("iot-ca.key-quality", Code::KeyUnsupported, "CA key RSA at least 2048 bits, or EC", "IOT-DG audit-chk-ca-cert-key-quality")
        .rule(C, ca_key),
    error("iot-ca.signature-algorithm", Code::SignatureAlgorithmUnsupported, "signature algorithm on IoT's list", "IOT-DG x509-client-certs.md")
        .rule(C, ca_signature),
    error("iot-ca.validity", Code::CertExpired, "valid at the evaluation instant", "IOT-DG audit-chk-ca-cert-key-quality")
        .rule(C, s::validity),
    note("iot-ca.registration", Code::ServiceNote, "registration modes and limits", "BC iot RegisterCACertificate, CertificateMode; IOT-DG register-CA-cert, manage-your-CA-certs")
        .rule(C, ca_registration),
];

pub(crate) const IOT_CA: ServiceInfo = ServiceInfo {
    id: ServiceId::IotCa,
    name: "AWS IoT Core CA certificate",
    summary: "A CA certificate for RegisterCACertificate: CA:TRUE, key quality, and the verification-certificate step.",
    certificate: Need::Required,
    private_key: Need::NotUsed,
    chain: Need::NotUsed,
    options: &[] as &[OptionName],
    rule_sets: &[CA_RULES],
    commands: |ctx| {
        let cert = &ctx.file_names().certificate;
        (
            Some(format!("aws iot register-ca-certificate --ca-certificate file://{cert} --verification-cert file://verification.pem --set-as-active")),
            vec![
                command("Get the registration code for the verification certificate's CN", "aws iot get-registration-code".into()),
                command("Or register in SNI_ONLY mode (no verification certificate)", format!("aws iot register-ca-certificate --ca-certificate file://{cert} --certificate-mode SNI_ONLY --set-as-active")),
            ],
        )
    },
    describe_preview: None,
    chain_source: ChainSource::ChainField,
    expiry_warning_days: 30,
    root_in_chain: RootPolicy::Allowed,
    deprecated: None,
};
