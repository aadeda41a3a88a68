//! The rule record and the checks that several services share, each parameterised by the
//! service's [`Profile`]. A service module lists which rules apply to it and cites its source.

use crate::cert::{Cert, Hash, PublicKey, SigAlg};
use crate::chain::{ChainAnalysis, LinkState, Node};
use crate::check::{Context, Input};
use crate::decode::{Hygiene, InputKind};
use crate::finding::{Code, Finding, Subject};

/// An input a rule needs before it can be conclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Needs {
    Certificate,
    Key,
    Chain,
    Bundle,
}

impl Needs {
    pub fn name(self) -> &'static str {
        match self {
            Needs::Certificate => "the certificate",
            Needs::Key => "the private key",
            Needs::Chain => "the chain",
            Needs::Bundle => "the trust bundle (--bundle)",
        }
    }
}

/// One rule: what it checks, where the rule comes from, what it needs, and the check.
#[derive(Debug)]
pub struct Rule {
    pub code: Code,
    /// One line: what the rule checks.
    pub summary: &'static str,
    /// Source keys from `shared/spec/aws-requirements.md` (e.g. "BC acm ImportCertificate").
    pub source: &'static str,
    /// Inputs that must be present for the check to run.
    pub needs: &'static [Needs],
    pub(crate) check: fn(&Context<'_>, &mut Vec<Finding>),
}

/// Builds a rule record in a service's static list.
pub const fn rule(
    code: Code,
    summary: &'static str,
    source: &'static str,
    needs: &'static [Needs],
    check: fn(&Context<'_>, &mut Vec<Finding>),
) -> Rule {
    Rule {
        code,
        summary,
        source,
        needs,
        check,
    }
}

/// Whether the chain may end with the root.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RootPolicy {
    /// Allowed as the last element.
    Allowed,
    /// The service says to leave it out.
    LeaveOut,
}

/// The numbers and switches that parameterise shared rules for one service.
#[derive(Debug)]
pub struct Profile {
    /// Byte limits of the certificate, key and chain fields (API model).
    pub max_certificate: usize,
    pub max_private_key: usize,
    pub max_chain: usize,
    /// The fields follow the pattern `[\t\n\r\u0020-\u00FF]+` (IAM, Transfer).
    pub latin1_pattern: bool,
    /// ACM-style PEM strictness: any edit, extra line or trailing space invalidates the item.
    pub strict_pem: bool,
    /// Accepted key algorithms in ACM's vocabulary; empty means "not restricted here".
    pub accepted_keys: &'static [&'static str],
    /// False when the accepted list is UNCONFIRMED (findings become warnings).
    pub keys_confirmed: bool,
    /// The message AWS returns for an unsupported key, where known.
    pub key_aws_error: Option<&'static str>,
    pub root_policy: RootPolicy,
    /// Signatures with SHA-1/MD5 are refused (true) or only warned about (false).
    pub weak_signature_refused: bool,
    /// Days before notAfter at which a warning is raised.
    pub expiry_warning_days: i64,
    /// The service answers a bad chain with ACM's "Unable to validate certificate chain ...
    /// The index within the chain of the invalid certificate is: N" (ACM and IAM).
    pub acm_chain_error: bool,
}

pub(crate) const CHAIN_AWS_ERROR: &str = "Unable to validate certificate chain. The certificate chain must start with the immediate signing certificate, followed by any intermediaries in order. The index within the chain of the invalid certificate is: ";

fn field_subject(input: &Input<'_>) -> Subject {
    match input.field {
        crate::check::Field::Certificate => Subject::Certificate,
        crate::check::Field::Key => Subject::Key,
        crate::check::Field::Chain => Subject::Chain,
        crate::check::Field::Bundle => Subject::Bundle,
    }
}

/// The openssl command that turns a binary or wrapped input into PEM.
fn conversion(kind: InputKind, what: &str) -> String {
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
    let subject = field_subject(input);
    let d = &input.decoded;
    if d.kind == InputKind::Pkcs12 {
        out.push(crate::pkcs12::password_needed(what, subject));
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
            _ if !d.keys.is_empty() => {
                format!("The {what} holds a private key, not a certificate.")
            }
            _ => {
                format!("The {what} holds no PEM certificate block (-----BEGIN CERTIFICATE-----).")
            }
        };
        out.push(
            Finding::error(Code::CertNotPem, msg)
                .fix(format!("paste the {what} in PEM form"))
                .aws("Unable to parse certificate. Please ensure the certificate is in PEM format.")
                .about(subject),
        );
    }
    if d.kind == InputKind::Pem
        && !d.certs.is_empty()
        && input.field != crate::check::Field::Key
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
pub(crate) fn hygiene_findings(ctx: &Context<'_>, input: &Input<'_>, out: &mut Vec<Finding>) {
    let p = ctx.profile();
    let what = input.field.name();
    let subject = field_subject(input);
    for h in &input.decoded.hygiene {
        let f = match h {
            Hygiene::Bom if p.latin1_pattern => Finding::error(
                Code::PemHygiene,
                format!("The {what} starts with a UTF-8 byte-order mark (U+FEFF), which the field pattern [\\t\\n\\r\\u0020-\\u00FF]+ refuses."),
            )
            .fix("save the file as UTF-8 without BOM, or strip the first three bytes"),
            Hygiene::Bom => Finding::warning(
                Code::PemHygiene,
                format!("The {what} starts with a UTF-8 byte-order mark. Whether AWS accepts it is UNCONFIRMED."),
            )
            .fix("save the file as UTF-8 without BOM"),
            Hygiene::Crlf if p.strict_pem => Finding::warning(
                Code::PemHygiene,
                format!("The {what} has Windows (CRLF) line endings. Whether ACM accepts them is UNCONFIRMED."),
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

// ---- rules shared by several services -------------------------------------------------

/// The certificate field: present, PEM, decodable.
pub(crate) fn certificate_decodes(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    match &ctx.certificate {
        Some(input) => {
            decode_findings(input, "certificate", out);
            hygiene_findings(ctx, input, out);
        }
        None => out.push(
            Finding::error(
                Code::CertMissing,
                format!("{} needs the certificate.", ctx.service.name),
            )
            .fix("give the certificate (PEM)")
            .about(Subject::Certificate),
        ),
    }
}

/// The certificate field holds exactly one certificate.
pub(crate) fn certificate_single(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let Some(input) = &ctx.certificate else {
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
pub(crate) fn chain_decodes(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    if let Some(input) = &ctx.chain {
        decode_findings(input, "chain", out);
        hygiene_findings(ctx, input, out);
    }
}

/// The private key: present when required, PEM, unencrypted, one key.
pub(crate) fn key_decodes(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let required = ctx.service.private_key == super::Need::Required;
    let Some(input) = &ctx.private_key else {
        if required {
            out.push(
                Finding::error(
                    Code::KeyMissing,
                    format!("{} needs the private key.", ctx.service.name),
                )
                .fix("give the private key that was generated with the certificate's CSR")
                .about(Subject::Key),
            );
        }
        return;
    };
    hygiene_findings(ctx, input, out);
    let d = &input.decoded;
    if d.kind == InputKind::Pkcs12 {
        out.push(crate::pkcs12::password_needed("private key", Subject::Key));
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
    let key = &d.keys[0];
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
pub(crate) fn key_matches(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let (Some(leaf), Some(key)) = (ctx.leaf(), ctx.key()) else {
        return;
    };
    if key.format.encrypted() || key.error.is_some() {
        return; // already reported; nothing to compare
    }
    match ctx.key_matches() {
        Some(true) => {}
        Some(false) => {
            let aws = match ctx.service.id {
                super::ServiceId::IamServer => "KeyPairMismatch (exact runtime text UNCONFIRMED)",
                _ => "InvalidParameterException (exact text UNCONFIRMED)",
            };
            out.push(
                Finding::error(
                    Code::KeyMismatch,
                    format!(
                        "The private key ({}) does not belong to the certificate (whose key is {}).",
                        key.describe(),
                        leaf.key.describe()
                    ),
                )
                .fix("find the key generated with this certificate's CSR; compare with: openssl x509 -noout -pubkey -in cert.pem | openssl sha256 and openssl pkey -pubout -in key.pem | openssl sha256")
                .aws(aws)
                .about(Subject::Key),
            );
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
pub(crate) fn key_algorithm(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let p = ctx.profile();
    let Some(leaf) = ctx.leaf() else { return };
    if p.accepted_keys.is_empty() {
        return;
    }
    let name = leaf.key.aws_name();
    if name
        .as_deref()
        .is_some_and(|n| p.accepted_keys.contains(&n))
    {
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
    let list = p.accepted_keys.join(", ");
    let mut f = if p.keys_confirmed {
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
            format!("The certificate's key is {found}; {} is documented with {list} (UNCONFIRMED for other keys).", ctx.service.name),
        )
    };
    f = f.fix("issue a new certificate with an accepted key (for example RSA 2048: openssl req -new -newkey rsa:2048 -nodes ...)");
    if let (Some(aws), Some(bits)) = (p.key_aws_error, leaf.key.bits()) {
        f = f.aws(aws.replace("<key_length>", &bits.to_string()));
    }
    out.push(f.about(Subject::Certificate));
}

/// Byte limits of each field.
pub(crate) fn size_limits(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let p = ctx.profile();
    let fields = [
        (&ctx.certificate, p.max_certificate),
        (&ctx.private_key, p.max_private_key),
        (&ctx.chain, p.max_chain),
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
                    crate::check::Field::Key => "use a smaller key (RSA 2048 or EC P-256 keys are well under the limit) or strip comments from the file",
                    _ => "remove text outside the PEM blocks and certificates that do not belong",
                })
                .about(field_subject(input)),
            );
        }
    }
}

/// The leaf is valid at the evaluation instant.
pub(crate) fn validity(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let Some(leaf) = ctx.leaf() else { return };
    validity_of(ctx, leaf, "certificate", Subject::Certificate, out);
}

pub(crate) fn validity_of(
    ctx: &Context<'_>,
    cert: &Cert,
    what: &str,
    subject: Subject,
    out: &mut Vec<Finding>,
) {
    let at = ctx.at;
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
        let warn = ctx
            .options
            .warn_days
            .unwrap_or(ctx.profile().expiry_warning_days);
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
pub(crate) fn version3(ctx: &Context<'_>, out: &mut Vec<Finding>) {
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
pub(crate) fn names_present(ctx: &Context<'_>, out: &mut Vec<Finding>) {
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

/// The signature algorithm is not SHA-1 or MD5.
pub(crate) fn signature_strength(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let Some(leaf) = ctx.leaf() else { return };
    if let SigAlg::RsaPss { .. } = leaf.sig_alg {
        out.push(
            Finding::warning(
                Code::SignatureAlgorithmUnsupported,
                format!("The certificate is signed with RSASSA-PSS; whether {} accepts PSS-signed certificates is UNCONFIRMED, and some TLS clients do not.", ctx.service.name),
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
    let f = if ctx.profile().weak_signature_refused {
        Finding::error(
            Code::SignatureAlgorithmWeak,
            format!("{msg} {} refuses it.", ctx.service.name),
        )
    } else {
        Finding::warning(
            Code::SignatureAlgorithmWeak,
            format!(
                "{msg} Whether {} refuses it is UNCONFIRMED; browsers do.",
                ctx.service.name
            ),
        )
    };
    out.push(
        f.fix("reissue the certificate with SHA-256 (or stronger)")
            .about(Subject::Certificate),
    );
}

// ---- chain rules -----------------------------------------------------------------------

/// ACM's (and IAM UploadServerCertificate's) chain error, with the index it would name.
fn chain_aws_error(ctx: &Context<'_>, analysis: &ChainAnalysis) -> Option<String> {
    if !ctx.profile().acm_chain_error {
        return None;
    }
    analysis.acm_index.map(|i| format!("{CHAIN_AWS_ERROR}{i}"))
}

/// The chain repeats the leaf.
pub(crate) fn chain_contains_leaf(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let Some(a) = ctx.analysis() else { return };
    for &i in &a.contains_leaf {
        let mut f = Finding::error(
            Code::ChainContainsLeaf,
            format!("The chain holds the leaf certificate itself at position {i}; the chain takes only the issuing CAs."),
        )
        .fix("remove the leaf from the chain file (a fullchain.pem starts with it)")
        .about(Subject::Chain)
        .at(i);
        if let Some(aws) = chain_aws_error(ctx, a) {
            f = f.aws(aws);
        }
        out.push(f);
    }
    for &i in &a.duplicates {
        out.push(
            Finding::warning(
                Code::ChainUnrelated,
                format!("Chain position {i} repeats an earlier certificate."),
            )
            .fix("remove the duplicate")
            .about(Subject::Chain)
            .at(i),
        );
    }
}

/// Each certificate issues the one before it, starting with the leaf's issuer.
pub(crate) fn chain_order(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let Some(a) = ctx.analysis() else { return };
    let Some(index) = a.acm_index else { return };
    if index < 0 || !a.contains_leaf.is_empty() || !a.unrelated.is_empty() {
        return; // -1 is an incomplete chain; the others have their own findings
    }
    let order: Vec<String> = a.path.iter().map(|i| i.to_string()).collect();
    let mut f =
        Finding::error(
            Code::ChainOrder,
            format!(
                "The chain is out of order: position {index} does not issue the certificate before it. The issuing order is [{}].",
                order.join(", ")
            ),
        )
        .fix("reorder the chain: the CA that signed the leaf first, then its issuer, up to the root (download the fixed chain)")
        .about(Subject::Chain)
        .at(index as usize);
    if let Some(aws) = chain_aws_error(ctx, a) {
        f = f.aws(aws);
    }
    out.push(f);
}

/// The chain reaches from the leaf to a root (or at least to the last intermediate's issuer).
pub(crate) fn chain_complete(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let (Some(a), Some(chain)) = (ctx.analysis(), ctx.chain_certs()) else {
        return;
    };
    let Some((node, state)) = a.links.last() else {
        return;
    };
    if !matches!(state, LinkState::IssuerMissing) {
        return;
    }
    let Some(cert) = ctx.node_cert(*node) else {
        return;
    };
    let nothing_signs_leaf = *node == Node::Leaf;
    if chain.is_empty() {
        return;
    }
    let msg = if nothing_signs_leaf {
        format!(
            "No certificate in the chain issued the leaf; its issuer \"{}\" is missing (the chain holds {}).",
            cert.issuer,
            chain.iter().map(Cert::short_name).collect::<Vec<_>>().join(", ")
        )
    } else {
        // The path reached an intermediate whose issuer is missing: fine when it is a root's
        // direct child and the service wants the root out; only a warning otherwise.
        format!(
            "The chain stops at {} whose issuer \"{}\" is not given.",
            cert.short_name(),
            cert.issuer
        )
    };
    let f = if nothing_signs_leaf {
        let mut f = Finding::error(Code::ChainIncomplete, msg)
            .fix("add the intermediate CA certificate that signed the leaf (your CA's download page, or the certificate's AIA 'CA Issuers' URL)");
        if let Some(aws) = chain_aws_error(ctx, a) {
            f = f.aws(aws);
        }
        f
    } else {
        Finding::info(Code::ChainIncomplete, msg)
            .fix("that is fine when the missing certificate is a root trusted by clients")
    };
    out.push(f.about(Subject::Chain));
}

/// Certificates in the chain that are not on the leaf's path.
pub(crate) fn chain_unrelated(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let (Some(a), Some(chain)) = (ctx.analysis(), ctx.chain_certs()) else {
        return;
    };
    for &i in &a.unrelated {
        let mut f = Finding::error(
            Code::ChainUnrelated,
            format!(
                "Chain position {i} ({}) is not on the leaf's path to a root.",
                chain[i].short_name()
            ),
        )
        .fix("remove it from the chain")
        .about(Subject::Chain)
        .at(i);
        if let Some(aws) = chain_aws_error(ctx, a) {
            f = f.aws(aws);
        }
        out.push(f);
    }
}

/// Every signature on the path verifies.
pub(crate) fn chain_signatures(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let Some(a) = ctx.analysis() else { return };
    for (node, state) in &a.links {
        match state {
            LinkState::SignatureInvalid(issuer) => {
                let mut f = Finding::error(
                    Code::ChainSignatureInvalid,
                    format!(
                        "{} names {} as its issuer, but the signature does not verify with that certificate's key: it is a different CA with the same name.",
                        node.label(),
                        issuer.label()
                    ),
                )
                .fix("get the intermediate certificate that actually signed the leaf (same name, different key: a re-keyed or cross-signed CA)")
                .about(Subject::Chain);
                if let Node::Chain(i) = issuer {
                    f = f.at(*i);
                }
                if let Some(aws) = chain_aws_error(ctx, a) {
                    f = f.aws(aws);
                }
                out.push(f);
            }
            LinkState::Unverifiable(issuer, why) => out.push(
                Finding::info(
                    Code::ChainSignatureInvalid,
                    format!(
                        "{}'s signature by {} was not verified: {why}. Names match.",
                        node.label(),
                        issuer.label()
                    ),
                )
                .about(Subject::Chain),
            ),
            _ => {}
        }
    }
}

/// Chain certificates valid at the instant.
pub(crate) fn chain_validity(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let Some(chain) = ctx.chain_certs() else {
        return;
    };
    for (i, c) in chain.iter().enumerate() {
        if !c.valid_at(ctx.at) {
            let state = if ctx.at > c.not_after {
                "expired on"
            } else {
                "is not valid until"
            };
            let date = if ctx.at > c.not_after {
                c.not_after
            } else {
                c.not_before
            };
            out.push(
                Finding::warning(
                    Code::ChainCertExpired,
                    format!(
                        "Chain position {i} ({}) {state} {}. Whether {} refuses expired chain certificates is UNCONFIRMED; clients will.",
                        c.short_name(),
                        crate::time_util::format_rfc3339(date),
                        ctx.service.name
                    ),
                )
                .fix("get the current intermediate from your CA")
                .about(Subject::Chain)
                .at(i),
            );
        }
    }
}

/// A root at the end of the chain, judged by the service's policy.
pub(crate) fn chain_root(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let (Some(a), Some(chain)) = (ctx.analysis(), ctx.chain_certs()) else {
        return;
    };
    let Some(root) = a.root_index(chain) else {
        return;
    };
    match ctx.profile().root_policy {
        RootPolicy::Allowed => out.push(
            Finding::info(
                Code::ChainRootIncluded,
                format!(
                    "The chain ends with the root {}; {} allows it as the last certificate.",
                    chain[root].short_name(),
                    ctx.service.name
                ),
            )
            .about(Subject::Chain)
            .at(root),
        ),
        RootPolicy::LeaveOut => out.push(
            Finding::warning(
                Code::ChainRootIncluded,
                format!(
                    "The chain includes the root {}; {} says to leave the root out.",
                    chain[root].short_name(),
                    ctx.service.name
                ),
            )
            .fix("remove the self-signed root from the chain")
            .about(Subject::Chain)
            .at(root),
        ),
    }
}

/// A CA-signed leaf given without its chain.
pub(crate) fn chain_given(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let Some(leaf) = ctx.leaf() else { return };
    if ctx.chain_certs().is_some_and(|c| !c.is_empty()) || leaf.self_signed() {
        return;
    }
    out.push(
        Finding::warning(
            Code::ChainMissing,
            format!(
                "The certificate is signed by \"{}\" but no chain was given. AWS documents disagree on whether the chain is required (UNCONFIRMED); without it, clients that lack the intermediate fail.",
                leaf.issuer
            ),
        )
        .fix("give the intermediate CA certificates (your CA's bundle, without the leaf)")
        .aws("Provided certificate is not a valid self signed. Please provide either a valid self-signed certificate or certificate chain.")
        .about(Subject::Chain),
    );
}

/// The leaf's key family matches the CA that signed it (RSA leaf ↔ RSA CA).
pub(crate) fn key_family_matches_ca(ctx: &Context<'_>, out: &mut Vec<Finding>) {
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

/// Server certificates: an EKU without serverAuth, or a CA leaf.
pub(crate) fn server_usage(ctx: &Context<'_>, out: &mut Vec<Finding>) {
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
pub(crate) fn ocsp_url_length(ctx: &Context<'_>, out: &mut Vec<Finding>) {
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

// ---- parameters --------------------------------------------------------------------------

/// `\w` as AWS's (Java) patterns mean it: ASCII letters, digits and underscore.
pub(crate) fn word_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// Checks a parameter's length (in characters) and that every character fits its pattern.
pub(crate) fn param_pattern(
    param: &str,
    value: &str,
    min: usize,
    max: usize,
    allowed: fn(char) -> bool,
    pattern: &str,
    out: &mut Vec<Finding>,
) -> bool {
    let len = value.chars().count();
    if len < min || len > max {
        out.push(
            Finding::error(
                Code::ParamInvalid,
                format!("{param} is {len} characters; it must be {min} to {max}."),
            )
            .aws(format!("1 validation error detected: Value at '{}' failed to satisfy constraint: Member must have length between {min} and {max}", lower_first(param)))
            .about(Subject::Options),
        );
        return false;
    }
    if let Some(bad) = value.chars().find(|c| !allowed(*c)) {
        out.push(
            Finding::error(
                Code::ParamInvalid,
                format!("{param} \"{value}\" contains {bad:?}, which the pattern {pattern} does not allow."),
            )
            .aws(format!("1 validation error detected: Value at '{}' failed to satisfy constraint: Member must satisfy regular expression pattern: {pattern}", lower_first(param)))
            .about(Subject::Options),
        );
        return false;
    }
    true
}

fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

/// Checks a parameter against an enum; returns the canonical value when it is one.
pub(crate) fn param_enum<'v>(
    param: &str,
    value: &str,
    allowed: &[&'v str],
    out: &mut Vec<Finding>,
) -> Option<&'v str> {
    if let Some(v) = allowed.iter().find(|a| **a == value) {
        return Some(v);
    }
    let hint = allowed
        .iter()
        .find(|a| a.eq_ignore_ascii_case(value))
        .map(|a| format!(" (the case matters: {a})"))
        .unwrap_or_default();
    out.push(
        Finding::error(
            Code::ParamInvalid,
            format!("{param} \"{value}\" is not one of {}{hint}.", allowed.join(", ")),
        )
        .aws(format!("1 validation error detected: Value '{value}' at '{}' failed to satisfy constraint: Member must satisfy enum value set: [{}]", lower_first(param), allowed.join(", ")))
        .about(Subject::Options),
    );
    None
}
