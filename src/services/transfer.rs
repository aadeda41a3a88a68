//! AWS Transfer Family ImportCertificate (AS2). Sources: spec §4.

use super::rules::{self as r, param_enum, param_pattern, rule, Needs, Profile, RootPolicy, Rule};
use super::{Need, OptionName, ServiceId, ServiceInfo};
use crate::check::Context;
use crate::finding::{Code, Finding, Subject};
use crate::time_util::{days_between, format_rfc3339, parse_rfc3339};

const C: &[Needs] = &[Needs::Certificate];
const CK: &[Needs] = &[Needs::Certificate, Needs::Key];
const CC: &[Needs] = &[Needs::Certificate, Needs::Chain];

const TRANSFER_PROFILE: Profile = Profile {
    max_certificate: 16_384,
    max_private_key: 16_384,
    max_chain: 2_097_152,
    latin1_pattern: true,
    strict_pem: false,
    accepted_keys: &["RSA_2048", "RSA_3072", "RSA_4096"],
    keys_confirmed: false,
    key_aws_error: None,
    root_policy: RootPolicy::Allowed,
    weak_signature_refused: false,
    expiry_warning_days: 30,
    acm_chain_error: false,
};

/// Certificate may carry its chain, but then CertificateChain must not be given too.
fn chain_placement(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let in_cert = ctx
        .certificate
        .as_ref()
        .map_or(0, |c| c.decoded.certs.len());
    if in_cert > 1 && ctx.chain.is_some() {
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

const USAGES: &[&str] = &["SIGNING", "ENCRYPTION", "TLS"];

fn usage(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let Some(value) = &ctx.options.usage else {
        out.push(
            Finding::error(Code::ParamInvalid, "ImportCertificate requires Usage: SIGNING, ENCRYPTION or TLS.")
                .fix("give --usage SIGNING (or ENCRYPTION, TLS); \"encryption and signing\" in the console creates two certificates")
                .about(Subject::Options),
        );
        return;
    };
    let Some(usage) = param_enum("Usage", value, USAGES, out) else {
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

fn description(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    if let Some(d) = &ctx.options.description {
        param_pattern(
            "Description",
            d,
            1,
            200,
            |c| ('\u{21}'..='\u{7E}').contains(&c),
            "[\\u0021-\\u007E]+",
            out,
        );
    }
}

/// ActiveDate and InactiveDate default to the certificate's window; the DaysUntilExpiry
/// metric counts down to InactiveDate.
fn dates(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let Some(leaf) = ctx.leaf() else { return };
    let mut parse = |name: &str, v: &Option<String>, default: i64| -> i64 {
        match v.as_deref().map(parse_rfc3339) {
            None => default,
            Some(Ok(t)) => t,
            Some(Err(e)) => {
                out.push(
                    Finding::error(Code::ParamInvalid, format!("{name}: {e}"))
                        .about(Subject::Options),
                );
                default
            }
        }
    };
    let active = parse("ActiveDate", &ctx.options.active_date, leaf.not_before);
    let inactive = parse("InactiveDate", &ctx.options.inactive_date, leaf.not_after);
    if active >= inactive {
        out.push(
            Finding::warning(Code::ParamInvalid, format!("ActiveDate {} is not before InactiveDate {} (whether AWS refuses it is UNCONFIRMED).", format_rfc3339(active), format_rfc3339(inactive)))
                .about(Subject::Options),
        );
    }
    if active < leaf.not_before || inactive > leaf.not_after {
        out.push(
            Finding::warning(
                Code::ParamInvalid,
                format!(
                    "The active window {} – {} reaches outside the certificate's validity {} – {}; partners will refuse it outside that window (AWS's own check UNCONFIRMED).",
                    format_rfc3339(active), format_rfc3339(inactive), format_rfc3339(leaf.not_before), format_rfc3339(leaf.not_after)
                ),
            )
            .about(Subject::Options),
        );
    }
    out.push(Finding::info(
        Code::ServiceNote,
        format!(
            "DaysUntilExpiry (CloudWatch) would show {} at {}, counting to InactiveDate {}.",
            days_between(ctx.at, inactive),
            format_rfc3339(ctx.at),
            format_rfc3339(inactive)
        ),
    ));
}

static TRANSFER_RULES: &[Rule] = &[
    rule(
        Code::CertNotPem,
        "certificate is PEM",
        "BC transfer CertificateBodyType",
        &[],
        r::certificate_decodes,
    ),
    rule(
        Code::CertMultiple,
        "chain inside Certificate or in CertificateChain, not both",
        "BC transfer ImportCertificate Certificate member doc",
        C,
        chain_placement,
    ),
    rule(
        Code::KeyEncrypted,
        "private key (optional) is unencrypted PEM",
        "BC transfer PrivateKeyType; XFER as2-end-to-end-example",
        &[],
        r::key_decodes,
    ),
    rule(
        Code::CertNotPem,
        "chain is PEM",
        "BC transfer CertificateChainType",
        &[],
        r::chain_decodes,
    ),
    rule(
        Code::SizeLimit,
        "Certificate and PrivateKey 16384, CertificateChain 2097152 characters",
        "BC transfer 2018-11-05",
        &[],
        r::size_limits,
    ),
    rule(
        Code::KeyMismatch,
        "private key matches the certificate",
        "XFER create-b2b-server (CERTIFICATE_WITH_PRIVATE_KEY)",
        CK,
        r::key_matches,
    ),
    rule(
        Code::KeyUnsupported,
        "key algorithm (AS2 key types UNCONFIRMED; examples use RSA 2048)",
        "XFER as2-end-to-end-example.md (UNCONFIRMED)",
        C,
        r::key_algorithm,
    ),
    rule(
        Code::CertExpired,
        "valid at the evaluation instant",
        "BC transfer ActiveDate/InactiveDate defaults",
        C,
        r::validity,
    ),
    rule(
        Code::SignatureAlgorithmWeak,
        "signature not SHA-1/MD5 (UNCONFIRMED)",
        "spec §4 (UNCONFIRMED)",
        C,
        r::signature_strength,
    ),
    rule(
        Code::ChainOrder,
        "chain in issuing order",
        "XFER create-b2b-server (a chain is expected unless self-signed)",
        CC,
        r::chain_order,
    ),
    rule(
        Code::ChainContainsLeaf,
        "leaf not repeated in the chain",
        "XFER create-b2b-server",
        CC,
        r::chain_contains_leaf,
    ),
    rule(
        Code::ChainIncomplete,
        "chain issues the certificate",
        "XFER create-b2b-server",
        CC,
        r::chain_complete,
    ),
    rule(
        Code::ChainUnrelated,
        "no unrelated certificates",
        "XFER create-b2b-server",
        CC,
        r::chain_unrelated,
    ),
    rule(
        Code::ChainSignatureInvalid,
        "chain signatures verify",
        "XFER create-b2b-server",
        CC,
        r::chain_signatures,
    ),
    rule(
        Code::ChainCertExpired,
        "chain certificates valid",
        "XFER (UNCONFIRMED)",
        CC,
        r::chain_validity,
    ),
    rule(
        Code::ParamInvalid,
        "Usage enum and keyUsage fit",
        "BC transfer CertificateUsageType; XFER as2-end-to-end-example (keyUsage)",
        &[],
        usage,
    ),
    rule(
        Code::ParamInvalid,
        "Description: 1-200 printable ASCII, no spaces",
        "BC transfer Description [\\u0021-\\u007E]+",
        &[],
        description,
    ),
    rule(
        Code::ParamInvalid,
        "ActiveDate/InactiveDate window and DaysUntilExpiry",
        "BC transfer ActiveDate/InactiveDate (ordering UNCONFIRMED)",
        C,
        dates,
    ),
];

pub(crate) const TRANSFER: ServiceInfo = ServiceInfo {
    id: ServiceId::Transfer,
    name: "Transfer Family ImportCertificate (AS2)",
    summary: "An AS2 signing, encryption or TLS certificate for Transfer Family partner profiles, with optional key and active window.",
    certificate: Need::Required,
    private_key: Need::Optional,
    chain: Need::Optional,
    options: &[OptionName::Usage, OptionName::ActiveDate, OptionName::InactiveDate, OptionName::Description],
    profile: TRANSFER_PROFILE,
    rule_sets: &[TRANSFER_RULES],
    commands: |ctx| {
        let (cert, key, chain) = super::file_names(ctx);
        let o = ctx.options;
        let mut cmd = format!("aws transfer import-certificate --usage {} --certificate file://{cert}", o.usage.as_deref().unwrap_or("SIGNING"));
        if ctx.private_key.is_some() {
            cmd.push_str(&format!(" --private-key file://{key}"));
        }
        if ctx.chain.is_some() {
            cmd.push_str(&format!(" --certificate-chain file://{chain}"));
        }
        for (flag, v) in [("--active-date", &o.active_date), ("--inactive-date", &o.inactive_date), ("--description", &o.description)] {
            if let Some(v) = v {
                cmd.push_str(&format!(" {flag} {v}"));
            }
        }
        (Some(cmd), vec![])
    },
    describe_preview: false,
};
