//! Findings about the leaf itself: field sizes, validity, version, names, signature
//! algorithm, usage.

use super::FieldLimits;
use crate::algorithm::{Hash, SigAlg};
use crate::cert::Cert;
use crate::finding::{Code, Finding, Subject};
use crate::input::Field;
use crate::rule::Ctx;

/// Byte limits of each field.
pub(crate) fn size_limits(ctx: &Ctx<'_>, limits: &FieldLimits, out: &mut Vec<Finding>) {
    let fields = [
        (ctx.certificate(), limits.certificate),
        (ctx.private_key(), limits.private_key),
        (ctx.chain_input(), limits.chain),
    ];
    for (input, max) in fields {
        let Some(input) = input else { continue };
        if max > 0 && input.bytes.len() > max {
            let what = input.field.name();
            out.push(
                Finding::error(
                    Code::SizeLimit,
                    format!("The {what} is {} bytes; {} takes at most {max}.", input.bytes.len(), ctx.service.name),
                )
                .fix(match input.field {
                    Field::Key => "use a smaller key (RSA 2048 or EC P-256 keys are well under the limit) or strip comments from the file",
                    _ => "remove text outside the PEM blocks and certificates that do not belong",
                })
                .about(input.field.subject()),
            );
        }
    }
}

/// The leaf is valid at the evaluation instant.
pub(crate) fn validity(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    let Some(leaf) = ctx.leaf() else { return };
    validity_of(ctx, leaf, "certificate", Subject::Certificate, out);
}

pub(crate) fn validity_of(
    ctx: &Ctx<'_>,
    cert: &Cert,
    what: &str,
    subject: Subject,
    out: &mut Vec<Finding>,
) {
    let at = ctx.at();
    let when = crate::time_util::format_rfc3339;
    if at > cert.not_after {
        out.push(
            Finding::error(
                Code::CertExpired,
                format!(
                    "The {what} {} expired on {} ({} days before {}).",
                    cert.short_name(),
                    when(cert.not_after),
                    crate::time_util::days_between(cert.not_after, at),
                    when(at)
                ),
            )
            .fix("renew the certificate with your CA and import the new one")
            .about(subject),
        );
    } else if at < cert.not_before {
        out.push(
            Finding::error(
                Code::CertNotYetValid,
                format!(
                    "The {what} {} is not valid until {} (evaluated at {}).",
                    cert.short_name(),
                    when(cert.not_before),
                    when(at)
                ),
            )
            .fix("wait until notBefore, or check the clock of the machine that issued it")
            .about(subject),
        );
    } else {
        let days = crate::time_util::days_between(at, cert.not_after);
        let warn = ctx.service.warn_days(ctx.options());
        if days < warn {
            out.push(
                Finding::warning(
                    Code::CertExpiresSoon,
                    format!(
                        "The {what} {} expires in {days} days ({}).",
                        cert.short_name(),
                        when(cert.not_after)
                    ),
                )
                .fix("plan the renewal now; imported certificates are never renewed by AWS")
                .about(subject),
            );
        }
    }
}

/// X.509 version 3.
pub(crate) fn version3(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    let Some(leaf) = ctx.leaf() else { return };
    if leaf.version != 3 {
        out.push(
            Finding::error(
                Code::CertNotV3,
                format!(
                    "The certificate is X.509 version {}; {} needs version 3.",
                    leaf.version, ctx.service.name
                ),
            )
            .fix("reissue it with extensions (a v3 certificate with subjectAltName)")
            .about(Subject::Certificate),
        );
    }
}

/// Issuer (and subject) not empty.
pub(crate) fn names_present(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    let Some(leaf) = ctx.leaf() else { return };
    if leaf.issuer_raw.len() <= 2 {
        out.push(
            Finding::error(
                Code::CertNameEmpty,
                "The certificate's Issuer field is empty.",
            )
            .fix("reissue it with an issuer name")
            .about(Subject::Certificate),
        );
    }
}

/// The signature algorithm is not SHA-1 or MD5; `refused` when the service refuses them
/// (else whether it does is UNCONFIRMED, a warning).
pub(crate) fn signature_strength(ctx: &Ctx<'_>, refused: bool, out: &mut Vec<Finding>) {
    let Some(leaf) = ctx.leaf() else { return };
    if let SigAlg::RsaPss { .. } = leaf.sig_alg {
        out.push(
            Finding::warning(
                Code::SignatureAlgorithmUnsupported,
                format!("The certificate is signed with RSASSA-PSS; AWS's documentation does not settle whether {} accepts PSS-signed certificates (it may), and some TLS clients do not.", ctx.service.name),
            )
            .fix("if the import fails, reissue with sha256WithRSAEncryption (PKCS#1 v1.5)")
            .about(Subject::Certificate),
        );
    }
    if !leaf.sig_alg.is_weak() {
        return;
    }
    let msg = format!(
        "The certificate is signed with {}, which is collision-broken.",
        leaf.sig_alg.name()
    );
    let f = if refused {
        Finding::error(
            Code::SignatureAlgorithmWeak,
            format!("{msg} {} refuses it.", ctx.service.name),
        )
    } else {
        Finding::warning(
            Code::SignatureAlgorithmWeak,
            format!(
                "{msg} AWS's documentation does not settle whether {} refuses it (it may accept it); browsers refuse it.",
                ctx.service.name
            ),
        )
    };
    out.push(
        f.fix("reissue the certificate with SHA-256 (or stronger)")
            .about(Subject::Certificate),
    );
}

/// Server certificates: an EKU without serverAuth, or a CA leaf.
pub(crate) fn server_usage(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    let Some(leaf) = ctx.leaf() else { return };
    let eku = &leaf.extended_key_usage;
    if !eku.is_empty()
        && !eku
            .iter()
            .any(|e| e == "serverAuth" || e == "anyExtendedKeyUsage")
    {
        out.push(
            Finding::warning(
                Code::CertUsage,
                format!("The certificate's extended key usage ({}) lacks serverAuth; TLS clients will refuse it as a server certificate.", eku.join(", ")),
            )
            .about(Subject::Certificate),
        );
    }
    if leaf.sans.is_empty() {
        out.push(
            Finding::warning(
                Code::CertUsage,
                "The certificate has no subjectAltName; browsers and Go clients ignore the Common Name, so the name will not match.",
            )
            .fix("reissue it with the domain names in subjectAltName")
            .about(Subject::Certificate),
        );
    }
}

/// The OCSP URL length limit (ACM).
pub(crate) fn ocsp_url_length(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    let Some(leaf) = ctx.leaf() else { return };
    for url in &leaf.ocsp_urls {
        if url.chars().count() > 1000 {
            out.push(
                Finding::error(
                    Code::OcspUrlTooLong,
                    format!(
                        "The OCSP URL is {} characters; ACM allows at most 1000.",
                        url.chars().count()
                    ),
                )
                .about(Subject::Certificate),
            );
        }
    }
}

/// The hash of a signature algorithm is on a list (IoT).
pub(crate) fn signature_in(sig: &SigAlg, allowed: &[(&str, Hash)]) -> bool {
    let name = match sig {
        SigAlg::RsaPkcs1(_) => "RSA",
        SigAlg::Ecdsa(_) => "ECDSA",
        SigAlg::Dsa(_) => "DSA",
        _ => return false,
    };
    allowed
        .iter()
        .any(|(fam, h)| *fam == name && Some(*h) == sig.hash())
}
