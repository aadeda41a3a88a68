//! AWS Transfer Family ImportCertificate (AS2). Sources: spec §4 and §9.

use super::shared::{
    self as s, param_enum, param_pattern, printable_ascii, ChainErrors, FieldLimits, Pattern,
    TextPolicy,
};
use super::{file_arg, shell_word, C, CC, CK};
use crate::algorithm::PublicKey;
use crate::analysis::ChainSource;
use crate::field::{InputName, OptionName};
use crate::finding::{Code, Finding, Subject};
use crate::rule::{error, warning, Ctx, Need, RootPolicy, Rule, ServiceInfo};
use crate::service_id::ServiceId;
use crate::time_util::{days_between, format_rfc3339, parse_rfc3339};

/// The fields follow `[\t\n\r\u0020-\u00FF]+`: CRLF passes, a BOM does not.
const TEXT: TextPolicy = TextPolicy {
    latin1_pattern: true,
    strict_pem: false,
};

/// BC transfer 2018-11-05: Certificate and PrivateKey 16384, CertificateChain 2097152.
const LIMITS: FieldLimits = FieldLimits {
    certificate: 16_384,
    private_key: 16_384,
    chain: 2_097_152,
};

/// Transfer User Guide, "Manage AS2 certificates": key length 2048 to 4096 bits.
const KEY_BITS: std::ops::RangeInclusive<u32> = 2048..=4096;

/// Certificate may carry its chain, but then CertificateChain must not be given too.
fn chain_placement(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    let in_cert = ctx.certificate().map_or(0, |c| c.decoded.certs.len());
    if in_cert > 1 && ctx.chain_input().is_some() {
        out.push(
            Finding::error(
                Code::CertMultiple,
                format!("The certificate field holds {in_cert} certificates (certificate plus chain) and a chain was given too; give the chain in one place only."),
            )
            .fix("either keep the chain inside Certificate, or move it to CertificateChain")
            .about(Subject::Certificate),
        );
    } else if in_cert > 1 {
        out.push(Finding::info(
            Code::ServiceNote,
            format!("The certificate field holds the certificate and {} chain certificate(s); Transfer Family allows that (do not also send CertificateChain).", in_cert - 1),
        ));
    }
}

/// AS2 keys: RSA of 2048 to 4096 bits (settled); other key types are not documented.
fn key_length(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    let Some(leaf) = ctx.leaf() else { return };
    match &leaf.key {
        PublicKey::Rsa { .. } => {
            let bits = leaf.key.bits().unwrap_or(0);
            if !KEY_BITS.contains(&bits) {
                out.push(
                    Finding::error(
                        Code::KeyUnsupported,
                        format!("The certificate's key is RSA {bits} bits; Transfer Family takes AS2 keys of 2048 to 4096 bits."),
                    )
                    .fix("issue the certificate with an RSA 2048, 3072 or 4096 key")
                    .about(Subject::Certificate),
                );
            }
        }
        other => out.push(
            Finding::warning(
                Code::KeyUnsupported,
                format!("The certificate's key is {}; Transfer Family documents AS2 key lengths of 2048 to 4096 bits (RSA), and does not settle other key types, so AWS may refuse it.", other.describe()),
            )
            .fix("an RSA 2048 certificate is what AWS's AS2 examples use")
            .about(Subject::Certificate),
        ),
    }
}

const USAGES: &[&str] = &["SIGNING", "ENCRYPTION", "TLS"];

fn usage(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    let Some(value) = &ctx.options().usage else {
        out.push(
            Finding::warning(Code::NeedsInput, "ImportCertificate requires Usage: SIGNING, ENCRYPTION or TLS; give it to finish the check.")
                .fix("give the usage SIGNING (or ENCRYPTION, TLS); \"encryption and signing\" in the console creates two certificates")
                .about(Subject::Options)
                .needs(InputName::Option(OptionName::Usage)),
        );
        return;
    };
    let Some(usage) = param_enum(OptionName::Usage, "Usage", value, USAGES, out) else {
        return;
    };
    let Some(leaf) = ctx.leaf() else { return };
    if leaf.key_usage.is_empty() {
        return;
    }
    let has = |k: &str| leaf.key_usage.iter().any(|u| u == k);
    let (fits, wanted) = match usage {
        "SIGNING" => (
            has("Digital Signature") || has("Non Repudiation"),
            "digitalSignature or nonRepudiation",
        ),
        "ENCRYPTION" => (
            has("Key Encipherment") || has("Data Encipherment"),
            "keyEncipherment or dataEncipherment",
        ),
        _ => (
            has("Digital Signature") || has("Key Encipherment"),
            "digitalSignature or keyEncipherment",
        ),
    };
    if !fits {
        out.push(
            Finding::warning(
                Code::CertUsage,
                format!("Usage is {usage}, but the certificate's keyUsage ({}) lacks {wanted}; AS2 partners may refuse it.", leaf.key_usage.join(", ")),
            )
            .about(Subject::Certificate),
        );
    }
}

/// A TLS-usage certificate can only be a trading partner's public certificate, self-signed.
fn tls_partner(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    if ctx.options().usage.as_deref() != Some("TLS") {
        return;
    }
    if let Some(leaf) = ctx.leaf() {
        if !leaf.self_signed() {
            out.push(
                Finding::error(
                    Code::CertUsage,
                    format!("Usage is TLS, but the certificate is issued by \"{}\": Transfer Family imports a TLS certificate only as a trading partner's public certificate, and it must be self-signed.", leaf.issuer),
                )
                .fix("import the partner's self-signed TLS certificate, or use SIGNING or ENCRYPTION for this one")
                .about(Subject::Certificate),
            );
        }
    }
    if ctx.private_key().is_some() {
        out.push(
            Finding::error(
                Code::CertUsage,
                "Usage is TLS, but a private key was given: a TLS certificate is a trading partner's public certificate, imported without a key.",
            )
            .fix("import it without the private key")
            .about(Subject::Key),
        );
    }
}

const DESCRIPTION: Pattern = Pattern {
    option: OptionName::Description,
    param: "Description",
    min: 1,
    max: 200,
    allowed: printable_ascii,
    text: "[\\u0021-\\u007E]+",
};

fn description(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    if let Some(d) = &ctx.options().description {
        param_pattern(&DESCRIPTION, d, out);
    }
}

/// An ActiveDate/InactiveDate as given, else its default.
fn date(
    option: OptionName,
    name: &str,
    given: Option<&str>,
    default: i64,
    out: &mut Vec<Finding>,
) -> i64 {
    match given.map(parse_rfc3339) {
        None => default,
        Some(Ok(t)) => t,
        Some(Err(e)) => {
            out.push(
                Finding::error(Code::ParamInvalid, format!("{name}: {e}"))
                    .about(Subject::Options)
                    .needs(InputName::Option(option)),
            );
            default
        }
    }
}

/// ActiveDate and InactiveDate default to the certificate's window and must lie inside it;
/// the DaysUntilExpiry metric counts down to InactiveDate.
fn dates(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    let Some(leaf) = ctx.leaf() else { return };
    let o = ctx.options();
    let active = date(
        OptionName::ActiveDate,
        "ActiveDate",
        o.active_date.as_deref(),
        leaf.not_before,
        out,
    );
    let inactive = date(
        OptionName::InactiveDate,
        "InactiveDate",
        o.inactive_date.as_deref(),
        leaf.not_after,
        out,
    );
    let window = |t: i64| t >= leaf.not_before && t <= leaf.not_after;
    for (option, name, t) in [
        (OptionName::ActiveDate, "ActiveDate", active),
        (OptionName::InactiveDate, "InactiveDate", inactive),
    ] {
        if !window(t) {
            out.push(
                Finding::error(
                    Code::ParamInvalid,
                    format!(
                        "{name} {} lies outside the certificate's validity {} – {}; Transfer Family requires ActiveDate and InactiveDate inside it.",
                        format_rfc3339(t), format_rfc3339(leaf.not_before), format_rfc3339(leaf.not_after)
                    ),
                )
                .fix("choose dates inside the certificate's validity, or leave them out (they default to it)")
                .about(Subject::Options)
                .needs(InputName::Option(option)),
            );
        }
    }
    if active >= inactive {
        out.push(
            Finding::warning(Code::ParamInvalid, format!("ActiveDate {} is not before InactiveDate {}; AWS's documentation does not settle whether that is refused.", format_rfc3339(active), format_rfc3339(inactive)))
                .about(Subject::Options),
        );
    }
    out.push(Finding::info(
        Code::ServiceNote,
        format!(
            "DaysUntilExpiry (CloudWatch) would show {} at {}, counting to InactiveDate {} (the metric can take a day to appear).",
            days_between(ctx.at(), inactive),
            format_rfc3339(ctx.at()),
            format_rfc3339(inactive)
        ),
    ));
}

#[rustfmt::skip]
static TRANSFER_RULES: &[Rule] = &[
    error("transfer.certificate-pem", Code::CertNotPem, "certificate is PEM", "BC transfer CertificateBodyType")
        .rule(&[], |c, o| s::certificate_decodes(c, &TEXT, o)),
    error("transfer.chain-placement", Code::CertMultiple, "chain inside Certificate or in CertificateChain, not both", "BC transfer ImportCertificate Certificate member doc")
        .rule(C, chain_placement),
    error("transfer.private-key", Code::KeyEncrypted, "private key (optional) is unencrypted PEM", "BC transfer PrivateKeyType; XFER as2-end-to-end-example")
        .rule(&[], |c, o| s::key_decodes(c, &TEXT, o)),
    error("transfer.chain-pem", Code::CertNotPem, "chain is PEM", "BC transfer CertificateChainType")
        .rule(&[], |c, o| s::chain_decodes(c, &TEXT, o)),
    error("transfer.size-limits", Code::SizeLimit, "Certificate and PrivateKey 16384, CertificateChain 2097152 characters", "BC transfer 2018-11-05")
        .rule(&[], |c, o| s::size_limits(c, &LIMITS, o)),
    error("transfer.key-matches", Code::KeyMismatch, "private key matches the certificate", "XFER create-b2b-server (CERTIFICATE_WITH_PRIVATE_KEY)")
        .rule(CK, |c, o| s::key_matches(c, None, o)),
    error("transfer.key-length", Code::KeyUnsupported, "RSA keys of 2048 to 4096 bits (other key types UNCONFIRMED)", "Transfer User Guide, Manage AS2 certificates (spec §9)")
        .rule(C, key_length),
    error("transfer.validity", Code::CertExpired, "valid at the evaluation instant", "BC transfer ActiveDate/InactiveDate defaults")
        .rule(C, s::validity),
    warning("transfer.signature-algorithm", Code::SignatureAlgorithmWeak, "signature not SHA-1/MD5", "spec §4 (UNCONFIRMED)")
        .unconfirmed().rule(C, |c, o| s::signature_strength(c, false, o)),
    error("transfer.chain-order", Code::ChainOrder, "chain in issuing order", "XFER create-b2b-server (a chain is expected unless self-signed)")
        .rule(CC, |c, o| s::chain_order(c, ChainErrors::Unknown, o)),
    error("transfer.chain-contains-leaf", Code::ChainContainsLeaf, "leaf not repeated in the chain", "XFER create-b2b-server")
        .rule(CC, |c, o| s::chain_contains_leaf(c, ChainErrors::Unknown, o)),
    error("transfer.chain-complete", Code::ChainIncomplete, "chain issues the certificate", "XFER create-b2b-server")
        .rule(CC, |c, o| s::chain_complete(c, ChainErrors::Unknown, o)),
    error("transfer.chain-unrelated", Code::ChainUnrelated, "no unrelated certificates", "XFER create-b2b-server")
        .rule(CC, |c, o| s::chain_unrelated(c, ChainErrors::Unknown, o)),
    error("transfer.chain-signatures", Code::ChainSignatureInvalid, "chain signatures verify", "XFER create-b2b-server")
        .rule(CC, |c, o| s::chain_signatures(c, ChainErrors::Unknown, o)),
    warning("transfer.chain-validity", Code::ChainCertExpired, "chain certificates valid", "XFER (UNCONFIRMED)")
        .unconfirmed().rule(CC, s::chain_validity),
    error("transfer.usage", Code::ParamInvalid, "Usage enum and keyUsage fit", "BC transfer CertificateUsageType; XFER as2-end-to-end-example (keyUsage)")
        .rule(&[], usage),
    error("transfer.tls-partner", Code::CertUsage, "a TLS certificate is a partner's self-signed public certificate", "Transfer User Guide, Manage AS2 certificates (spec §9)")
        .rule(&[], tls_partner),
    error("transfer.description", Code::ParamInvalid, "Description: 1-200 printable ASCII, no spaces", "BC transfer Description [\\u0021-\\u007E]+")
        .rule(&[], description),
    error("transfer.dates", Code::ParamInvalid, "ActiveDate and InactiveDate inside the certificate's validity; DaysUntilExpiry", "Transfer User Guide, Manage AS2 certificates (spec §9); BC transfer ActiveDate/InactiveDate")
        .rule(C, dates),
];

pub(crate) const TRANSFER: ServiceInfo = ServiceInfo {
    id: ServiceId::Transfer,
    name: "Transfer Family ImportCertificate (AS2)",
    ready: "import into Transfer Family",
    summary: "An AS2 signing, encryption or TLS certificate for Transfer Family partner profiles, with optional key and active window.",
    certificate: Need::Required,
    private_key: Need::Optional,
    chain: Need::Optional,
    options: &[OptionName::Usage, OptionName::ActiveDate, OptionName::InactiveDate, OptionName::Description],
    rule_sets: &[TRANSFER_RULES],
    commands: |ctx| {
        let names = ctx.file_names();
        let o = ctx.options();
        let mut cmd = format!("aws transfer import-certificate --usage {} --certificate {}", shell_word(o.usage.as_deref().unwrap_or("SIGNING")), file_arg("file", &names.certificate));
        if ctx.private_key().is_some() {
            cmd.push_str(&format!(" --private-key {}", file_arg("file", &names.private_key)));
        }
        if ctx.chain_input().is_some() {
            cmd.push_str(&format!(" --certificate-chain {}", file_arg("file", &names.chain)));
        }
        for (flag, v) in [("--active-date", &o.active_date), ("--inactive-date", &o.inactive_date), ("--description", &o.description)] {
            if let Some(v) = v {
                cmd.push_str(&format!(" {flag} {}", shell_word(v)));
            }
        }
        (Some(cmd), vec![])
    },
    describe_preview: None,
    chain_source: ChainSource::ChainFieldOrCertificateTail,
    expiry_warning_days: 30,
    root_in_chain: RootPolicy::Allowed,
    deprecated: None,
};
