//! Key findings: the private key field, its match with the certificate, the certificate's
//! key algorithm against the service's list.

use super::{conversion, hygiene_findings, password_needed, KeyPolicy, TextPolicy};
use crate::algorithm::PublicKey;
use crate::decode::InputKind;
use crate::field::InputName;
use crate::finding::{Code, Finding, Subject};
use crate::rule::{Ctx, Need};

/// The private key: present when required, PEM, unencrypted, one key.
pub(crate) fn key_decodes(ctx: &Ctx<'_>, text: &TextPolicy, out: &mut Vec<Finding>) {
    let required = ctx.service.private_key == Need::Required;
    let Some(input) = ctx.private_key() else {
        // A PKCS#12 file in the certificate field that was not opened probably holds the
        // key: its own finding asks for the password.
        let in_unopened_pkcs12 = ctx.certificate().is_some_and(|c| c.is_pkcs12());
        if required && !in_unopened_pkcs12 {
            out.push(
                Finding::warning(
                    Code::KeyMissing,
                    format!(
                        "{} needs the private key: give it to finish the check.",
                        ctx.service.name
                    ),
                )
                .fix("give the private key that was generated with the certificate's CSR")
                .about(Subject::Key)
                .needs(InputName::PrivateKey),
            );
        }
        return;
    };
    if input.pkcs12_failed {
        return; // the opening's own finding says why
    }
    hygiene_findings(text, input, out);
    let d = &input.decoded;
    if d.kind == InputKind::Pkcs12 {
        out.push(password_needed("private key", Subject::Key));
        return;
    }
    for p in &d.problems {
        out.push(
            Finding::error(Code::KeyNotPem, format!("In the private key: {}.", p.why))
                .about(Subject::Key),
        );
    }
    if d.keys.is_empty() {
        if d.problems.is_empty() {
            let found = if d.certs.is_empty() {
                "no private key"
            } else {
                "a certificate, not a private key"
            };
            out.push(
                Finding::error(Code::KeyNotPem, format!("The private key field holds {found}."))
                    .fix("give the PEM private key (-----BEGIN PRIVATE KEY----- or -----BEGIN RSA PRIVATE KEY-----)")
                    .aws("The private key is not supported.")
                    .about(Subject::Key),
            );
        }
        return;
    }
    if d.keys.len() > 1 {
        out.push(
            Finding::error(
                Code::KeyNotPem,
                format!(
                    "The private key field holds {} keys; give exactly one.",
                    d.keys.len()
                ),
            )
            .about(Subject::Key),
        );
    }
    the_key(&d.keys[0], out);
}

/// The one key: PEM, unencrypted, readable.
fn the_key(key: &crate::key::PrivKey, out: &mut Vec<Finding>) {
    if key.der {
        out.push(
            Finding::error(
                Code::KeyNotPem,
                "The private key is DER (binary); AWS takes PEM.",
            )
            .fix(conversion(InputKind::DerPrivateKey, "key"))
            .aws("The private key is not supported.")
            .about(Subject::Key),
        );
    }
    if key.format.encrypted() {
        out.push(
            Finding::error(
                Code::KeyEncrypted,
                format!("The private key is passphrase-protected ({}); AWS needs it unencrypted.", key.format.name()),
            )
            .fix("decrypt it locally: openssl pkey -in key.pem -out key-plain.pem (you are asked for the passphrase); keep the result out of version control")
            .aws("Your private key should not be encrypted.")
            .about(Subject::Key),
        );
    } else if let Some(why) = &key.error {
        out.push(
            Finding::error(
                Code::KeyNotPem,
                format!("The private key could not be read: {why}."),
            )
            .aws("The private key is not supported.")
            .about(Subject::Key),
        );
    }
}

/// The private key belongs to the certificate.
/// `aws_error` is what the service answers a mismatch with, where the key is uploaded.
pub(crate) fn key_matches(ctx: &Ctx<'_>, aws_error: Option<&str>, out: &mut Vec<Finding>) {
    let (Some(leaf), Some(key)) = (ctx.leaf(), ctx.key()) else {
        return;
    };
    if key.format.encrypted() || key.error.is_some() {
        return; // already reported; nothing to compare
    }
    match ctx.key_matches() {
        Some(true) => {}
        Some(false) => {
            let f = Finding::error(
                    Code::KeyMismatch,
                    format!(
                        "The private key ({}) does not belong to the certificate (whose key is {}).",
                        key.describe(),
                        leaf.key.describe()
                    ),
                )
                .fix("find the key generated with this certificate's CSR; compare with: openssl x509 -noout -pubkey -in cert.pem | openssl sha256 and openssl pkey -pubout -in key.pem | openssl sha256")
                .about(Subject::Key);
            out.push(match aws_error {
                Some(text) => f.aws(text),
                None => f,
            });
        }
        None => out.push(
            Finding::info(
                Code::NeedsInput,
                format!(
                    "Could not compare the {} private key with the certificate here.",
                    key.describe()
                ),
            )
            .about(Subject::Key),
        ),
    }
}

/// The leaf's key algorithm and size are on the service's list.
pub(crate) fn key_algorithm(ctx: &Ctx<'_>, p: &KeyPolicy, out: &mut Vec<Finding>) {
    let Some(leaf) = ctx.leaf() else { return };
    if p.accepts(&leaf.key) {
        if matches!(leaf.key, PublicKey::Rsa { .. }) && leaf.key.bits().unwrap_or(0) < 2048 {
            out.push(
                Finding::warning(
                    Code::KeyUnsupported,
                    format!("The certificate's key is {}: {} accepts it, but browsers and current TLS clients refuse RSA keys under 2048 bits.", leaf.key.describe(), ctx.service.name),
                )
                .fix("reissue with RSA 2048 or EC P-256")
                .about(Subject::Certificate),
            );
        }
        return;
    }
    let found = leaf.key.describe();
    let list = p.accepted.join(", ");
    let mut f = if p.confirmed {
        Finding::error(
            Code::KeyUnsupported,
            format!(
                "The certificate's key is {found}; {} accepts {list}.",
                ctx.service.name
            ),
        )
    } else {
        Finding::warning(
            Code::KeyUnsupported,
            format!("The certificate's key is {found}; {} is documented with {list}; AWS's documentation does not settle other keys, so AWS may accept it or not.", ctx.service.name),
        )
    };
    f = f.fix("issue a new certificate with an accepted key (for example RSA 2048: openssl req -new -newkey rsa:2048 -nodes ...)");
    if let (Some(aws), Some(bits)) = (p.aws_error, leaf.key.bits()) {
        f = f.aws(aws.replace("<key_length>", &bits.to_string()));
    }
    out.push(f.about(Subject::Certificate));
}

/// The leaf's key family matches the CA that signed it (RSA leaf ↔ RSA CA).
pub(crate) fn key_family_matches_ca(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    let (Some(a), Some(leaf), Some(chain)) = (ctx.analysis(), ctx.leaf(), ctx.chain_certs()) else {
        return;
    };
    let Some(&first) = a.path.first() else { return };
    let ca = &chain[first];
    let family = |k: &PublicKey| k.family().to_string();
    if family(&leaf.key) != family(&ca.key) {
        out.push(
            Finding::warning(
                Code::KeyFamilyMismatch,
                format!(
                    "The leaf's key is {} but the CA that signed it has a {} key; ACM documents that they must match (RSA leaf with RSA CA).",
                    leaf.key.family(),
                    ca.key.family()
                ),
            )
            .fix("have the certificate issued by a CA of the same key family")
            .about(Subject::Certificate),
        );
    }
}
