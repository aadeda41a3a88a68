//! AWS IoT Core device certificates (RegisterCertificate, UpdateCertificate) and CA
//! certificates (RegisterCACertificate). Sources: spec §3.

use super::shared::{self as s, param_enum, signature_in, ChainErrors, FieldLimits, TextPolicy};
use super::{command, file_arg, shell_word, C, CC, CK};
use crate::algorithm::{Curve, Hash, PublicKey};
use crate::analysis::ChainSource;
use crate::cert::Cert;
use crate::field::{InputName, OptionName};
use crate::finding::{Code, Finding, Subject};
use crate::rule::{error, note, warning, Ctx, Need, RootPolicy, Rule, ServiceInfo};
use crate::service_id::ServiceId;
use crate::time_util::format_rfc3339;

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
                format!("The {what}'s key is {}; AWS IoT documents RSA (2048 bits or more) and EC P-256/P-384/P-521 (AWS's documentation does not settle other keys; AWS may accept them).", other.describe()),
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
    ready: "register with AWS IoT Core",
    summary: "A device certificate for RegisterCertificate (with its CA as the chain), and UpdateCertificate status changes.",
    certificate: Need::Required,
    private_key: Need::Optional,
    chain: Need::Optional,
    options: &[OptionName::NewStatus],
    rule_sets: &[DEVICE_RULES],
    commands: |ctx| {
        let names = ctx.file_names();
        let (cert, chain) = (file_arg("file", &names.certificate), file_arg("file", &names.chain));
        let ca = if ctx.has_chain() {
            format!(" --ca-certificate-pem {chain}")
        } else {
            String::new()
        };
        let register = format!("aws iot register-certificate --certificate-pem {cert}{ca} --status ACTIVE");
        let mut more = vec![command(
            "Or register without a CA (the device must send SNI)",
            format!("aws iot register-certificate-without-ca --certificate-pem {cert} --status ACTIVE"),
        )];
        if let (Some(leaf), Some(status)) = (ctx.leaf(), &ctx.options().new_status) {
            more.push(command("Change its status", format!("aws iot update-certificate --certificate-id {} --new-status {}", leaf.sha256, shell_word(status))));
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

const MODES: &[&str] = &["DEFAULT", "SNI_ONLY"];

/// RegisterCACertificate's verification step: in DEFAULT mode a certificate whose CN is the
/// account's registration code, signed by the CA's key; in SNI_ONLY mode none.
fn verification(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    let mode = match &ctx.options().certificate_mode {
        Some(m) => match param_enum(
            OptionName::CertificateMode,
            "certificateMode",
            m,
            MODES,
            out,
        ) {
            Some(m) => m,
            None => return,
        },
        None => "DEFAULT",
    };
    let given = ctx.verification();
    if mode == "SNI_ONLY" {
        if given.is_some() {
            out.push(
                Finding::error(
                    Code::ParamInvalid,
                    "In SNI_ONLY mode the verification certificate must be left out.",
                )
                .fix("leave the verification certificate out, or register in DEFAULT mode")
                .about(Subject::Verification),
            );
        }
        return;
    }
    let Some(input) = given else {
        out.push(
            Finding::info(Code::NeedsInput, "Registering this CA in DEFAULT mode needs the verification certificate: a certificate whose CN is your registration code (aws iot get-registration-code), signed by this CA's key. Give it to finish, or register in SNI_ONLY mode, which needs none.")
                .about(Subject::Verification)
                .needs(InputName::Option(OptionName::VerificationCert)),
        );
        return;
    };
    for p in &input.decoded.problems {
        out.push(
            Finding::error(
                Code::InputUnreadable,
                format!("In the verification certificate: {}.", p.why),
            )
            .about(Subject::Verification),
        );
    }
    let (Some(v), Some(ca)) = (input.decoded.certs.first(), ctx.leaf()) else {
        if input.decoded.problems.is_empty() {
            out.push(
                Finding::error(
                    Code::InputUnreadable,
                    "The verification certificate holds no certificate.",
                )
                .about(Subject::Verification),
            );
        }
        return;
    };
    verification_signed_by_ca(v, ca, out);
    verification_code(ctx, v, out);
    if !v.valid_at(ctx.at()) {
        out.push(
            Finding::error(
                Code::VerificationCert,
                format!(
                    "The verification certificate is not valid at {} (valid {} to {}).",
                    format_rfc3339(ctx.at()),
                    format_rfc3339(v.not_before),
                    format_rfc3339(v.not_after)
                ),
            )
            .fix("sign a new verification certificate with the CA's key")
            .about(Subject::Verification),
        );
    }
}

fn verification_signed_by_ca(v: &Cert, ca: &Cert, out: &mut Vec<Finding>) {
    use crate::verify::VerifyError;
    let named = v.issuer_raw == ca.subject_raw;
    match v.signed_by(&ca.key) {
        Ok(()) if named => {}
        Ok(()) => out.push(
            Finding::error(Code::VerificationCert, format!("The verification certificate is signed by this CA's key but names \"{}\" as its issuer, not the CA \"{}\".", v.issuer, ca.subject))
                .fix("sign the CSR with the CA certificate itself (openssl x509 -req -CA ca.pem -CAkey ca-key.pem ...)")
                .about(Subject::Verification),
        ),
        Err(VerifyError::Invalid) => out.push(
            Finding::error(Code::VerificationCert, "The verification certificate is not signed by this CA's key: AWS IoT refuses it.")
                .fix("sign the verification CSR with this CA's private key: openssl x509 -req -in verification.csr -CA ca.pem -CAkey ca-key.pem -CAcreateserial -out verification.pem")
                .aws("RegistrationCodeValidationException (the exact text is not documented)")
                .about(Subject::Verification),
        ),
        Err(VerifyError::Unsupported(why)) => out.push(
            Finding::info(Code::NeedsInput, format!("Whether this CA's key signed the verification certificate could not be checked here: {why}."))
                .about(Subject::Verification),
        ),
    }
}

/// The CN must be the account's registration code (64 hexadecimal characters).
fn verification_code(ctx: &Ctx<'_>, v: &Cert, out: &mut Vec<Finding>) {
    let cn = v.subject_cn.as_deref().unwrap_or("");
    match ctx.options().registration_code.as_deref() {
        Some(code) if !cn.eq_ignore_ascii_case(code.trim()) => out.push(
            Finding::error(Code::VerificationCert, format!("The verification certificate's CN is \"{cn}\", not the registration code given."))
                .fix("make the CSR with CN = the code aws iot get-registration-code prints, in this account and Region")
                .aws("RegistrationCodeValidationException (the exact text is not documented)")
                .about(Subject::Verification),
        ),
        Some(_) => {}
        None if cn.len() == 64 && cn.bytes().all(|b| b.is_ascii_hexdigit()) => out.push(
            Finding::info(Code::ServiceNote, format!("The verification certificate's CN is {cn}; it must be this account's registration code in this Region (aws iot get-registration-code)."))
                .about(Subject::Verification),
        ),
        None => out.push(
            Finding::warning(Code::VerificationCert, format!("The verification certificate's CN is \"{cn}\", which does not look like a registration code (64 hexadecimal characters)."))
                .fix("make the CSR with CN = the code aws iot get-registration-code prints")
                .about(Subject::Verification),
        ),
    }
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
    error("iot-ca.verification", Code::VerificationCert, "in DEFAULT mode, a verification certificate whose CN is the registration code, signed by the CA's key", "IOT-DG register-CA-cert, create-CA-verification-cert; BC iot RegisterCACertificate (certificateMode, RegistrationCodeValidationException)")
        .rule(C, verification),
];

pub(crate) const IOT_CA: ServiceInfo = ServiceInfo {
    id: ServiceId::IotCa,
    name: "AWS IoT Core CA certificate",
    ready: "register as an AWS IoT Core CA",
    summary: "A CA certificate for RegisterCACertificate: CA:TRUE, key quality, and the verification-certificate step.",
    certificate: Need::Required,
    private_key: Need::NotUsed,
    chain: Need::NotUsed,
    options: &[OptionName::CertificateMode, OptionName::RegistrationCode, OptionName::VerificationCert],
    rule_sets: &[CA_RULES],
    commands: |ctx| {
        let names = ctx.file_names();
        let cert = file_arg("file", &names.certificate);
        let verification = file_arg("file", &names.verification);
        (
            Some(format!("aws iot register-ca-certificate --ca-certificate {cert} --verification-cert {verification} --set-as-active")),
            vec![
                command("Get the registration code for the verification certificate's CN", "aws iot get-registration-code".into()),
                command("Or register in SNI_ONLY mode (no verification certificate)", format!("aws iot register-ca-certificate --ca-certificate {cert} --certificate-mode SNI_ONLY --set-as-active")),
            ],
        )
    },
    describe_preview: None,
    chain_source: ChainSource::ChainField,
    expiry_warning_days: 30,
    root_in_chain: RootPolicy::Allowed,
    deprecated: None,
};
