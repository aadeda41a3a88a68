//! Decoding what people actually hold: PEM with noise around it, DER, PKCS#7, PKCS#12,
//! base64 without armour. Nothing here judges against a service; it reports what it saw.

use crate::cert::{Cert, Curve};
use crate::key::{self, PrivKey};
use base64::Engine as _;
use der::Decode;
use zeroize::Zeroizing;

/// What an input turned out to be, as a whole.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum InputKind {
    Empty,
    Pem,
    DerCertificate,
    Pkcs7Der,
    Pkcs12,
    DerPrivateKey,
    /// Base64 of a DER object, without BEGIN/END lines.
    BareBase64,
    Unknown,
}

impl InputKind {
    pub fn name(self) -> &'static str {
        match self {
            InputKind::Empty => "empty",
            InputKind::Pem => "PEM",
            InputKind::DerCertificate => "DER certificate",
            InputKind::Pkcs7Der => "PKCS#7 (DER)",
            InputKind::Pkcs12 => "PKCS#12",
            InputKind::DerPrivateKey => "DER private key",
            InputKind::BareBase64 => "base64 without PEM armour",
            InputKind::Unknown => "unrecognised",
        }
    }
    /// True when the bytes are not PEM text at all.
    pub fn is_binary(self) -> bool {
        matches!(
            self,
            InputKind::DerCertificate
                | InputKind::Pkcs7Der
                | InputKind::Pkcs12
                | InputKind::DerPrivateKey
        )
    }
}

/// Something about the text that decoding tolerated; services decide how much it matters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Hygiene {
    /// A UTF-8 byte-order mark at the start.
    Bom,
    /// Lines end in CR LF.
    Crlf,
    /// Lines (counted) end in spaces or tabs.
    TrailingWhitespace { lines: usize },
    /// Text outside the PEM blocks: how many lines, and the first of them.
    TextOutside { lines: usize, first: String },
    /// Characters outside U+0009, U+000A, U+000D, U+0020–U+00FF (the IAM/Transfer pattern).
    OutsideLatin1 { count: usize },
    /// A PKCS#7 block (`-----BEGIN PKCS7-----`) was unpacked into certificates.
    Pkcs7Pem,
    /// An `EC PARAMETERS` block came before the key.
    EcParameters,
}

impl Hygiene {
    /// One sentence, for `inspect`; services phrase their own findings.
    pub fn describe(&self) -> String {
        match self {
            Hygiene::Bom => "starts with a UTF-8 byte-order mark".into(),
            Hygiene::Crlf => "has Windows (CRLF) line endings".into(),
            Hygiene::TrailingWhitespace { lines } => {
                format!("{lines} line(s) end in spaces or tabs")
            }
            Hygiene::TextOutside { lines, first } => {
                format!("{lines} line(s) of text outside the PEM blocks (first: \"{first}\")")
            }
            Hygiene::OutsideLatin1 { count } => format!("{count} character(s) outside Latin-1"),
            Hygiene::Pkcs7Pem => "a PKCS#7 block, unpacked into certificates".into(),
            Hygiene::EcParameters => "an EC PARAMETERS block before the key".into(),
        }
    }
}

/// A block or object that could not be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Problem {
    /// The PEM label, or what the object looked like.
    pub what: String,
    pub why: String,
}

/// Everything decoded from one input.
#[derive(Debug, Clone)]
pub(crate) struct Decoded {
    pub kind: InputKind,
    pub certs: Vec<Cert>,
    pub keys: Vec<PrivKey>,
    pub hygiene: Vec<Hygiene>,
    pub problems: Vec<Problem>,
    /// Bytes as given.
    pub len: usize,
}

impl Decoded {
    fn new(kind: InputKind, len: usize) -> Decoded {
        Decoded {
            kind,
            certs: vec![],
            keys: vec![],
            hygiene: vec![],
            problems: vec![],
            len,
        }
    }
}

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Decodes any input. Never panics; what it could not read is in `problems`.
pub(crate) fn decode(input: &[u8]) -> Decoded {
    if input.iter().all(|b| b.is_ascii_whitespace()) {
        return Decoded::new(InputKind::Empty, input.len());
    }
    let has_bom = input.starts_with(BOM);
    let body = if has_bom { &input[BOM.len()..] } else { input };
    if let Some(text) = pem_text(body) {
        let mut d = decode_pem(&text, input.len());
        if has_bom {
            d.hygiene.insert(0, Hygiene::Bom);
        }
        return d;
    }
    let mut d = decode_binary(body, input.len());
    if d.kind == InputKind::Unknown {
        if let Some(bare) = decode_bare_base64(body) {
            d = bare;
        }
    }
    d
}

/// Text that holds at least one PEM BEGIN line.
fn pem_text(bytes: &[u8]) -> Option<String> {
    let text = String::from_utf8_lossy(bytes);
    text.contains("-----BEGIN ").then(|| text.into_owned())
}

fn decode_pem(text: &str, len: usize) -> Decoded {
    let mut d = Decoded::new(InputKind::Pem, len);
    let mut crlf = false;
    let mut trailing = 0usize;
    let mut outside = 0usize;
    let mut first_outside = String::new();
    let mut outside_latin1 = 0usize;
    let mut block: Option<(String, Zeroizing<String>)> = None;
    let mut curve_hint: Option<Curve> = None;

    outside_latin1 += text
        .chars()
        .filter(|c| !matches!(*c, '\t' | '\n' | '\r' | '\u{20}'..='\u{FF}'))
        .count();

    for raw_line in text.split('\n') {
        if raw_line.ends_with('\r') {
            crlf = true;
        }
        let line = raw_line.trim_end_matches('\r');
        let trimmed = line.trim_end_matches([' ', '\t']);
        if trimmed.len() != line.len() {
            trailing += 1;
        }
        let trimmed = trimmed.trim_start();
        match &mut block {
            None => {
                if let Some(label) = marker(trimmed, "-----BEGIN ") {
                    block = Some((label.to_string(), Zeroizing::new(format!("{trimmed}\n"))));
                } else if !trimmed.is_empty() {
                    outside += 1;
                    if first_outside.is_empty() {
                        first_outside = trimmed.chars().take(80).collect();
                    }
                }
            }
            Some((label, body)) => {
                body.push_str(trimmed);
                body.push('\n');
                if let Some(end) = marker(trimmed, "-----END ") {
                    let label = label.clone();
                    if end != label {
                        d.problems.push(Problem {
                            what: label.clone(),
                            why: format!("BEGIN {label} ends with END {end}"),
                        });
                    } else {
                        pem_block(&label, body, &mut d, &mut curve_hint);
                    }
                    block = None;
                } else if marker(trimmed, "-----BEGIN ").is_some() {
                    d.problems.push(Problem {
                        what: label.clone(),
                        why: format!(
                            "the {label} block has no END line before the next BEGIN (truncated?)"
                        ),
                    });
                    let label = marker(trimmed, "-----BEGIN ")
                        .unwrap_or_default()
                        .to_string();
                    block = Some((label, Zeroizing::new(format!("{trimmed}\n"))));
                }
            }
        }
    }
    if let Some((label, _)) = block {
        d.problems.push(Problem {
            what: label.clone(),
            why: format!("the {label} block has no END line (the text is cut short)"),
        });
    }
    if crlf {
        d.hygiene.push(Hygiene::Crlf);
    }
    if trailing > 0 {
        d.hygiene
            .push(Hygiene::TrailingWhitespace { lines: trailing });
    }
    if outside > 0 {
        d.hygiene.push(Hygiene::TextOutside {
            lines: outside,
            first: first_outside,
        });
    }
    if outside_latin1 > 0 {
        d.hygiene.push(Hygiene::OutsideLatin1 {
            count: outside_latin1,
        });
    }
    d
}

/// `-----BEGIN LABEL-----` → `LABEL`.
fn marker<'a>(line: &'a str, prefix: &str) -> Option<&'a str> {
    line.strip_prefix(prefix)?.strip_suffix("-----")
}

fn pem_block(label: &str, text: &str, d: &mut Decoded, curve_hint: &mut Option<Curve>) {
    let parsed = match ::pem::parse(text.as_bytes()) {
        Ok(p) => p,
        Err(e) => {
            d.problems.push(Problem {
                what: label.to_string(),
                why: format!("not valid PEM: {e}"),
            });
            return;
        }
    };
    let encrypted = parsed
        .headers()
        .get("Proc-Type")
        .is_some_and(|v| v.contains("ENCRYPTED"));
    let contents = Zeroizing::new(parsed.into_contents());
    match label {
        "CERTIFICATE" | "X509 CERTIFICATE" => match Cert::from_der(&contents) {
            Ok(c) => d.certs.push(c),
            Err(why) => d.problems.push(Problem {
                what: label.into(),
                why,
            }),
        },
        "TRUSTED CERTIFICATE" => match Cert::from_der(&contents) {
            Ok(c) => d.certs.push(c),
            Err(_) => d.problems.push(Problem {
                what: label.into(),
                why: "an OpenSSL 'TRUSTED CERTIFICATE' (certificate plus trust settings): \
                      convert it with `openssl x509 -in FILE -out cert.pem`"
                    .into(),
            }),
        },
        "PKCS7" | "CERTIFICATE CHAIN" => match pkcs7_certs(&contents) {
            Ok(certs) => {
                d.certs.extend(certs);
                d.hygiene.push(Hygiene::Pkcs7Pem);
            }
            Err(why) => d.problems.push(Problem {
                what: label.into(),
                why,
            }),
        },
        "EC PARAMETERS" => {
            if let Ok(oid) = der::asn1::ObjectIdentifier::from_der(&contents) {
                *curve_hint = Some(Curve::from_oid(&oid));
            }
            d.hygiene.push(Hygiene::EcParameters);
        }
        "RSA PRIVATE KEY"
        | "PRIVATE KEY"
        | "EC PRIVATE KEY"
        | "ENCRYPTED PRIVATE KEY"
        | "OPENSSH PRIVATE KEY" => {
            d.keys.push(key::from_pem_block(
                label,
                &contents,
                encrypted,
                curve_hint.as_ref(),
            ));
        }
        "CERTIFICATE REQUEST" | "NEW CERTIFICATE REQUEST" => d.problems.push(Problem {
            what: label.into(),
            why: "a certificate signing request (CSR), not a certificate: send it to your CA \
                  and use the certificate it returns"
                .into(),
        }),
        "PUBLIC KEY" | "RSA PUBLIC KEY" => d.problems.push(Problem {
            what: label.into(),
            why: "a public key, not a private key or certificate".into(),
        }),
        "X509 CRL" => d.problems.push(Problem {
            what: label.into(),
            why: "a certificate revocation list, not a certificate".into(),
        }),
        other => d.problems.push(Problem {
            what: other.into(),
            why: format!("a '{other}' block is neither a certificate nor a private key"),
        }),
    }
}

/// Certificates inside a PKCS#7 SignedData (a `.p7b`).
fn pkcs7_certs(der: &[u8]) -> Result<Vec<Cert>, String> {
    use cms::cert::CertificateChoices;
    use cms::content_info::ContentInfo;
    use cms::signed_data::SignedData;
    use der::Encode;
    let info = ContentInfo::from_der(der).map_err(|e| format!("not PKCS#7: {e}"))?;
    if info.content_type != const_oid::db::rfc5911::ID_SIGNED_DATA {
        return Err(format!(
            "PKCS#7 content type {} is not SignedData",
            info.content_type
        ));
    }
    let signed: SignedData = info
        .content
        .decode_as()
        .map_err(|e| format!("PKCS#7 SignedData is malformed: {e}"))?;
    let mut out = Vec::new();
    for choice in signed.certificates.iter().flat_map(|set| set.0.iter()) {
        if let CertificateChoices::Certificate(c) = choice {
            let der = c.to_der().map_err(|e| e.to_string())?;
            out.push(Cert::from_der(&der)?);
        }
    }
    Ok(out)
}

fn decode_binary(bytes: &[u8], len: usize) -> Decoded {
    if bytes.first() != Some(&0x30) {
        return Decoded::new(InputKind::Unknown, len);
    }
    if let Ok(c) = Cert::from_der(bytes) {
        let mut d = Decoded::new(InputKind::DerCertificate, len);
        d.certs.push(c);
        return d;
    }
    if let Ok(certs) = pkcs7_certs(bytes) {
        let mut d = Decoded::new(InputKind::Pkcs7Der, len);
        d.certs = certs;
        return d;
    }
    if pkcs12::pfx::Pfx::from_der(bytes).is_ok() {
        return Decoded::new(InputKind::Pkcs12, len);
    }
    if let Some(k) = key::from_der(bytes) {
        let mut d = Decoded::new(InputKind::DerPrivateKey, len);
        d.keys.push(k);
        return d;
    }
    Decoded::new(InputKind::Unknown, len)
}

/// The base64 body of a certificate or key pasted without its BEGIN/END lines.
fn decode_bare_base64(bytes: &[u8]) -> Option<Decoded> {
    let text = std::str::from_utf8(bytes).ok()?;
    let compact: Zeroizing<String> =
        Zeroizing::new(text.chars().filter(|c| !c.is_ascii_whitespace()).collect());
    if compact.len() < 64 {
        return None;
    }
    let der = Zeroizing::new(
        base64::engine::general_purpose::STANDARD
            .decode(compact.as_bytes())
            .ok()?,
    );
    let mut d = decode_binary(&der, bytes.len());
    if d.kind == InputKind::Unknown {
        return None;
    }
    d.kind = InputKind::BareBase64;
    Some(d)
}

/// What the page's drop zone needs to sort a file into certificate, key or chain.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputClass {
    /// Nothing usable.
    Unknown,
    /// One certificate.
    Certificate,
    /// Several certificates (a chain or a fullchain).
    Certificates(usize),
    /// A private key and nothing else.
    PrivateKey,
    /// Certificates and a private key in one file.
    CertificatesAndKey(usize),
    /// A PKCS#12 file.
    Pkcs12,
}

/// Classifies an input without judging it.
pub fn classify(input: &[u8]) -> InputClass {
    let d = decode(input);
    match (d.kind, d.certs.len(), d.keys.len()) {
        (InputKind::Pkcs12, _, _) => InputClass::Pkcs12,
        (_, 0, 0) => InputClass::Unknown,
        (_, 0, _) => InputClass::PrivateKey,
        (_, 1, 0) => InputClass::Certificate,
        (_, n, 0) => InputClass::Certificates(n),
        (_, n, _) => InputClass::CertificatesAndKey(n),
    }
}
