//! Decoding findings: what a field holds, judged against PEM and the service's text rules.

use super::TextPolicy;
use crate::decode::{Hygiene, InputKind};
use crate::field::InputName;
use crate::finding::{Code, Finding, Subject};
use crate::input::{Field, Input};
use crate::rule::Ctx;

/// The finding for a PKCS#12 input given without its password.
pub(crate) fn password_needed(what: &str, subject: Subject) -> Finding {
    let fix = if cfg!(feature = "pkcs12") {
        "give the file's password: it is opened here (nothing leaves the machine), its certificate, key and chain are checked, and the PEM files to import are made from it"
    } else {
        "this build cannot open PKCS#12 files; extract the PEM files: openssl pkcs12 -in file.pfx -nokeys -clcerts -out cert.pem; openssl pkcs12 -in file.pfx -nokeys -cacerts -out chain.pem; openssl pkcs12 -in file.pfx -nocerts -nodes -out key.pem (add -legacy for old Windows exports)"
    };
    Finding::warning(
        Code::Pkcs12Given,
        format!("The {what} is a PKCS#12 (.pfx/.p12) file; AWS takes PEM text in separate fields. Give its password to open it and finish the check."),
    )
    .fix(fix)
    .aws(if subject == Subject::Key {
        "The private key is not supported."
    } else {
        "The certificate body/chain provided is not in a valid PEM format"
    })
    .about(subject)
    .needs(InputName::Password)
}

/// The openssl command that turns a binary or wrapped input into PEM.
pub(crate) fn conversion(kind: InputKind, what: &str) -> String {
    match kind {
        InputKind::DerCertificate => {
            format!("convert it to PEM: openssl x509 -inform DER -in {what}.der -out {what}.pem")
        }
        InputKind::Pkcs7Der => format!(
            "unpack it to PEM certificates: openssl pkcs7 -inform DER -print_certs -in {what}.p7b -out {what}.pem (a .p7b often lists the root first: put them in the issuing order this report suggests)"
        ),
        InputKind::Pkcs12 => "extract the PEM files: openssl pkcs12 -in file.pfx -nokeys -clcerts -out cert.pem; \
             openssl pkcs12 -in file.pfx -nokeys -cacerts -out chain.pem; \
             openssl pkcs12 -in file.pfx -nocerts -nodes -out key.pem (add -legacy for old Windows exports)"
            .into(),
        InputKind::DerPrivateKey => {
            "convert it to PEM: openssl pkey -inform DER -in key.der -out key.pem".into()
        }
        InputKind::BareBase64 => format!(
            "add the armour lines: -----BEGIN CERTIFICATE----- before and -----END CERTIFICATE----- after the base64 ({what})"
        ),
        _ => format!("give the PEM file of the {what}"),
    }
}

/// Decoding problems and the shape of one certificate-bearing field.
pub(crate) fn decode_findings(input: &Input<'_>, what: &str, out: &mut Vec<Finding>) {
    let subject = input.field.subject();
    let d = &input.decoded;
    if input.pkcs12_failed {
        return; // the opening's own finding says why
    }
    if d.kind == InputKind::Pkcs12 {
        out.push(password_needed(what, subject));
        return;
    }
    if d.kind.is_binary() || d.kind == InputKind::BareBase64 {
        out.push(
            Finding::error(
                Code::CertNotPem,
                format!(
                    "The {what} is {} ({} bytes), not PEM text; AWS accepts only PEM.",
                    d.kind.name(),
                    d.len
                ),
            )
            .fix(conversion(d.kind, what))
            .aws("Unable to parse certificate. Please ensure the certificate is in PEM format.")
            .about(subject),
        );
    }
    for p in &d.problems {
        out.push(
            Finding::error(Code::InputUnreadable, format!("In the {what}: {}.", p.why))
                .fix(format!("give the {what} as it came from the CA, unedited"))
                .about(subject),
        );
    }
    if d.certs.is_empty() && d.problems.is_empty() && !d.kind.is_binary() {
        let msg = match d.kind {
            InputKind::Empty => format!("The {what} is empty."),
            _ if !d.keys.is_empty() => format!(
                "The {what} holds a private key, not a certificate: the key goes in the private-key field."
            ),
            _ => {
                format!("The {what} holds no PEM certificate block (-----BEGIN CERTIFICATE-----).")
            }
        };
        out.push(
            Finding::error(Code::CertNotPem, msg)
                .fix(format!(
                    "give the {what} in PEM form (-----BEGIN CERTIFICATE-----)"
                ))
                .aws("Unable to parse certificate. Please ensure the certificate is in PEM format.")
                .about(subject),
        );
    }
    if d.kind == InputKind::Pem
        && !d.certs.is_empty()
        && input.field != Field::Key
        && !d.keys.is_empty()
    {
        out.push(
            Finding::warning(
                Code::PemHygiene,
                format!("The {what} also holds a private key; keys go in their own field."),
            )
            .fix("split the file: the key into the private-key field, the certificates into theirs")
            .about(subject),
        );
    }
}

/// Text hygiene of any field, judged by the service's strictness.
pub(crate) fn hygiene_findings(p: &TextPolicy, input: &Input<'_>, out: &mut Vec<Finding>) {
    let what = input.field.name();
    let subject = input.field.subject();
    for h in &input.decoded.hygiene {
        let f = match h {
            Hygiene::Bom if p.latin1_pattern => Finding::error(
                Code::PemHygiene,
                format!("The {what} starts with a UTF-8 byte-order mark (U+FEFF), which the field pattern [\\t\\n\\r\\u0020-\\u00FF]+ refuses."),
            )
            .fix("save the file as UTF-8 without BOM, or strip the first three bytes"),
            Hygiene::Bom => Finding::warning(
                Code::PemHygiene,
                format!("The {what} starts with a UTF-8 byte-order mark. AWS's documentation does not settle whether AWS accepts it; AWS may accept it."),
            )
            .fix("save the file as UTF-8 without BOM"),
            Hygiene::Crlf if p.strict_pem => Finding::warning(
                Code::PemHygiene,
                format!("The {what} has Windows (CRLF) line endings. AWS's documentation does not settle whether ACM accepts them; ACM may accept them."),
            )
            .fix("convert to LF line endings (dos2unix)"),
            Hygiene::Crlf => Finding::info(
                Code::DecodeNote,
                format!("The {what} has Windows (CRLF) line endings; the field pattern allows them."),
            ),
            Hygiene::TrailingWhitespace { lines } if p.strict_pem => Finding::error(
                Code::PemHygiene,
                format!("{lines} line(s) of the {what} end in spaces or tabs; ACM treats an edited PEM as invalid."),
            )
            .fix("remove the trailing whitespace (sed -i 's/[ \\t]*$//' FILE)")
            .aws("The certificate field contains more than one certificate. You can specify only one certificate in this field."),
            Hygiene::TrailingWhitespace { lines } => Finding::warning(
                Code::PemHygiene,
                format!("{lines} line(s) of the {what} end in spaces or tabs."),
            )
            .fix("remove the trailing whitespace (sed -i 's/[ \\t]*$//' FILE)"),
            Hygiene::TextOutside { lines, first } if p.strict_pem => Finding::error(
                Code::PemHygiene,
                format!("The {what} has {lines} line(s) of text outside the PEM blocks (first: \"{first}\"); ACM accepts no extra lines."),
            )
            .fix("keep only the -----BEGIN ...----- to -----END ...----- blocks (openssl x509 -in FILE -out clean.pem)"),
            Hygiene::TextOutside { lines, first } => Finding::warning(
                Code::PemHygiene,
                format!("The {what} has {lines} line(s) of text outside the PEM blocks (first: \"{first}\")."),
            )
            .fix("keep only the -----BEGIN ...----- to -----END ...----- blocks"),
            Hygiene::OutsideLatin1 { count } if p.latin1_pattern => Finding::error(
                Code::PemHygiene,
                format!("The {what} has {count} character(s) outside the field pattern [\\t\\n\\r\\u0020-\\u00FF]+."),
            )
            .fix("remove the non-Latin-1 characters; PEM is plain ASCII"),
            Hygiene::OutsideLatin1 { .. } => continue,
            Hygiene::Pkcs7Pem => Finding::error(
                Code::CertNotPem,
                format!("The {what} is a PKCS#7 bundle (-----BEGIN PKCS7-----), not PEM certificates."),
            )
            .fix("unpack it: openssl pkcs7 -print_certs -in FILE.p7b -out FILE.pem (a .p7b often lists the root first: put them in the issuing order this report suggests)")
            .aws("The certificate body/chain provided is not in a valid PEM format"),
            Hygiene::EcParameters => Finding::info(
                Code::DecodeNote,
                format!("The {what} starts with an EC PARAMETERS block; ACM removes it before use."),
            ),
        };
        out.push(f.about(subject));
    }
}

/// The certificate field: present, PEM, decodable.
pub(crate) fn certificate_decodes(ctx: &Ctx<'_>, text: &TextPolicy, out: &mut Vec<Finding>) {
    match ctx.certificate() {
        Some(input) => {
            decode_findings(input, "certificate", out);
            hygiene_findings(text, input, out);
        }
        None => out.push(
            Finding::warning(
                Code::CertMissing,
                format!(
                    "{} needs the certificate: give it to finish the check.",
                    ctx.service.name
                ),
            )
            .fix("give the certificate (PEM)")
            .about(Subject::Certificate)
            .needs(InputName::Certificate),
        ),
    }
}

/// The certificate field holds exactly one certificate.
pub(crate) fn certificate_single(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    let Some(input) = ctx.certificate() else {
        return;
    };
    let n = input.decoded.certs.len();
    if n > 1 {
        out.push(
            Finding::error(
                Code::CertMultiple,
                format!("The certificate field holds {n} certificates; it takes only the leaf. The others belong in the chain field."),
            )
            .fix("put the first certificate in the certificate field and the rest, in order, in the chain")
            .aws("The certificate field contains more than one certificate. You can specify only one certificate in this field.")
            .about(Subject::Certificate),
        );
    }
}

/// The chain field decodes to PEM certificates.
pub(crate) fn chain_decodes(ctx: &Ctx<'_>, text: &TextPolicy, out: &mut Vec<Finding>) {
    if let Some(input) = ctx.chain_input() {
        decode_findings(input, "chain", out);
        hygiene_findings(text, input, out);
    }
}
