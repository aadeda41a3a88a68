//! Decoding what people actually hold: PEM with noise around it, DER, PKCS#7, PKCS#12,
//! base64 without armour. Nothing here judges against a service; it reports what it saw.

use crate::algorithm::Curve;
use crate::cert::Cert;
use crate::key::{self, PrivKey};
use base64::Engine as _;
use der::asn1::{AnyRef, ObjectIdentifier};
use der::{Decode, Encode, Reader, SliceReader, Tag, TagNumber, Tagged};
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
    /// One certificate, already parsed (fleet mode splits bundles itself).
    pub(crate) fn single(kind: InputKind, cert: Cert, len: usize) -> Decoded {
        let mut d = Decoded::new(kind, len);
        d.certs.push(cert);
        d
    }
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
/// The copy is allocated once at its final size and wiped when dropped: it may hold a key.
fn pem_text(bytes: &[u8]) -> Option<Zeroizing<String>> {
    // `String::from_utf8_lossy` grows its buffer as it goes when the input is not UTF-8,
    // leaving unwiped copies behind; size the buffer first (one U+FFFD per invalid run).
    let size: usize = bytes
        .utf8_chunks()
        .map(|c| c.valid().len() + if c.invalid().is_empty() { 0 } else { 3 })
        .sum();
    let mut text = Zeroizing::new(String::with_capacity(size));
    for chunk in bytes.utf8_chunks() {
        text.push_str(chunk.valid());
        if !chunk.invalid().is_empty() {
            text.push(char::REPLACEMENT_CHARACTER);
        }
    }
    text.contains("-----BEGIN ").then_some(text)
}

/// What the text looked like around and inside its blocks.
#[derive(Default)]
struct TextShape {
    crlf: bool,
    trailing: usize,
    outside: usize,
    first_outside: String,
    outside_latin1: usize,
}

impl TextShape {
    fn into_hygiene(self, d: &mut Decoded) {
        if self.crlf {
            d.hygiene.push(Hygiene::Crlf);
        }
        if self.trailing > 0 {
            d.hygiene.push(Hygiene::TrailingWhitespace {
                lines: self.trailing,
            });
        }
        if self.outside > 0 {
            d.hygiene.push(Hygiene::TextOutside {
                lines: self.outside,
                first: self.first_outside,
            });
        }
        if self.outside_latin1 > 0 {
            d.hygiene.push(Hygiene::OutsideLatin1 {
                count: self.outside_latin1,
            });
        }
    }
}

fn decode_pem(text: &str, len: usize) -> Decoded {
    let mut d = Decoded::new(InputKind::Pem, len);
    let mut shape = TextShape {
        outside_latin1: text
            .chars()
            .filter(|c| !matches!(*c, '\t' | '\n' | '\r' | '\u{20}'..='\u{FF}'))
            .count(),
        ..TextShape::default()
    };
    // The open block's label and lines (slices of `text`, not copies: a growing String would
    // leave reallocated, unwiped copies of a key behind).
    let mut block: Option<(String, Vec<&str>)> = None;
    let mut curve_hint: Option<Curve> = None;

    for raw_line in text.split('\n') {
        if raw_line.ends_with('\r') {
            shape.crlf = true;
        }
        let line = raw_line.trim_end_matches('\r');
        let trimmed = line.trim_end_matches([' ', '\t']);
        if trimmed.len() != line.len() {
            shape.trailing += 1;
        }
        let trimmed = trimmed.trim_start();
        match &mut block {
            None => {
                if let Some(label) = marker(trimmed, "-----BEGIN ") {
                    block = Some((label.to_string(), vec![trimmed]));
                } else if !trimmed.is_empty() {
                    shape.outside += 1;
                    if shape.first_outside.is_empty() {
                        shape.first_outside = trimmed.chars().take(80).collect();
                    }
                }
            }
            Some((label, lines)) => {
                lines.push(trimmed);
                if let Some(end) = marker(trimmed, "-----END ") {
                    let label = label.clone();
                    if end != label {
                        d.problems.push(Problem {
                            what: label.clone(),
                            why: format!("BEGIN {label} ends with END {end}"),
                        });
                    } else {
                        pem_block(&label, &joined_lines(lines), &mut d, &mut curve_hint);
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
                    block = Some((label, vec![trimmed]));
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
    shape.into_hygiene(&mut d);
    d
}

/// The block's lines, each ending in a newline, in one buffer allocated once at its final
/// size and wiped when dropped.
fn joined_lines(lines: &[&str]) -> Zeroizing<String> {
    let mut body = Zeroizing::new(String::with_capacity(
        lines.iter().map(|l| l.len() + 1).sum(),
    ));
    for line in lines {
        body.push_str(line);
        body.push('\n');
    }
    body
}

/// `-----BEGIN LABEL-----` → `LABEL`.
fn marker<'a>(line: &'a str, prefix: &str) -> Option<&'a str> {
    line.strip_prefix(prefix)?.strip_suffix("-----")
}

/// The labels `pem_block` hands to the key parser.
const KEY_LABELS: [&str; 5] = [
    "RSA PRIVATE KEY",
    "PRIVATE KEY",
    "EC PRIVATE KEY",
    "ENCRYPTED PRIVATE KEY",
    "OPENSSH PRIVATE KEY",
];

/// A block's contents and whether a `Proc-Type: 4,ENCRYPTED` header came with it.
fn block_contents(label: &str, text: &str) -> Result<(bool, Zeroizing<Vec<u8>>), ::pem::PemError> {
    if KEY_LABELS.contains(&label) {
        return key_block_contents(text);
    }
    let parsed = ::pem::parse(text.as_bytes())?;
    let encrypted = parsed
        .headers()
        .get("Proc-Type")
        .is_some_and(|v| v.contains("ENCRYPTED"));
    Ok((encrypted, Zeroizing::new(parsed.into_contents())))
}

/// `pem::parse` for a private-key block (`text` as `decode_pem` rebuilt it: BEGIN line, body
/// lines trimmed, END line), without its unwiped copies: it collects the base64 into a growing
/// String it drops as is. Same rules: headers are the lines before the first blank line,
/// each `Key: Value`; the rest is base64 with whitespace ignored.
fn key_block_contents(text: &str) -> Result<(bool, Zeroizing<Vec<u8>>), ::pem::PemError> {
    let lines: Vec<&str> = text.lines().collect();
    let inner = lines.get(1..lines.len().saturating_sub(1)).unwrap_or(&[]);
    let first = inner
        .iter()
        .position(|l| !l.is_empty())
        .unwrap_or(inner.len());
    let inner = &inner[first..];
    let (headers, data) = match inner.iter().position(|l| l.is_empty()) {
        Some(blank) => (&inner[..blank], &inner[blank + 1..]),
        None => (&[][..], inner),
    };
    let mut encrypted = false;
    for header in headers {
        let (key, value) = header
            .split_once(':')
            .ok_or_else(|| ::pem::PemError::InvalidHeader(header.to_string()))?;
        if key.trim() == "Proc-Type" {
            encrypted = value.contains("ENCRYPTED");
        }
    }
    let mut base64 = Zeroizing::new(String::with_capacity(data.iter().map(|l| l.len()).sum()));
    for line in data {
        base64.extend(line.chars().filter(|c| !c.is_whitespace()));
    }
    let contents = base64::engine::general_purpose::STANDARD
        .decode(base64.as_bytes())
        .map_err(::pem::PemError::InvalidData)?;
    Ok((encrypted, Zeroizing::new(contents)))
}

fn pem_block(label: &str, text: &str, d: &mut Decoded, curve_hint: &mut Option<Curve>) {
    let (encrypted, contents) = match block_contents(label, text) {
        Ok(parsed) => parsed,
        Err(e) => {
            d.problems.push(Problem {
                what: label.to_string(),
                why: format!("not valid PEM: {e}"),
            });
            return;
        }
    };
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
            why: Misplaced::Csr.why().into(),
        }),
        "PUBLIC KEY" | "RSA PUBLIC KEY" => d.problems.push(Problem {
            what: label.into(),
            why: Misplaced::PublicKey.why().into(),
        }),
        "X509 CRL" => d.problems.push(Problem {
            what: label.into(),
            why: Misplaced::Crl.why().into(),
        }),
        other => d.problems.push(Problem {
            what: other.into(),
            why: format!("a '{other}' block is neither a certificate nor a private key"),
        }),
    }
}

/// Certificates inside a PKCS#7 SignedData (a `.p7b`), read with the `der` crate's reader.
/// Only the outline down to the certificate set is decoded: the `cms` crate's full SignedData
/// types cost the page ~120 KB of wasm for fields this tool never looks at.
fn pkcs7_certs(input: &[u8]) -> Result<Vec<Cert>, String> {
    const SIGNED_DATA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.7.2");
    let malformed = |e: der::Error| format!("PKCS#7 SignedData is malformed: {e}");
    // ContentInfo ::= SEQUENCE { contentType OBJECT IDENTIFIER, content [0] EXPLICIT ANY }
    let (content_type, content) = crate::der_util::sequence(input, |r| {
        let content_type: ObjectIdentifier = r.decode()?;
        let explicit: AnyRef<'_> = r.decode()?;
        explicit.tag().assert_eq(CONTEXT_0)?;
        Ok((content_type, AnyRef::from_der(explicit.value())?))
    })
    .map_err(|e| format!("not PKCS#7: {e}"))?;
    if content_type != SIGNED_DATA {
        return Err(format!(
            "PKCS#7 content type {content_type} is not SignedData"
        ));
    }
    // SignedData ::= SEQUENCE { version, digestAlgorithms SET, encapContentInfo SEQUENCE,
    //   certificates [0] IMPLICIT SET OF CertificateChoices OPTIONAL, crls [1], signerInfos }
    let found = crate::der_util::sequence(&content.to_der().map_err(malformed)?, |r| {
        r.decode::<AnyRef<'_>>()?; // version
        r.decode::<AnyRef<'_>>()?; // digestAlgorithms
        r.decode::<AnyRef<'_>>()?; // encapContentInfo
        let mut found = Vec::new();
        if r.peek_tag()? == CONTEXT_0 {
            let set = r.decode::<AnyRef<'_>>()?;
            let mut items = SliceReader::new(set.value())?;
            while !items.is_finished() {
                // Plain certificates are SEQUENCEs; attribute and other certificates are tagged.
                let is_cert = items.peek_tag()? == Tag::Sequence;
                let tlv = items.tlv_bytes()?;
                if is_cert {
                    found.push(tlv.to_vec());
                }
            }
        }
        // crls and signerInfos are not needed; skip what is left.
        while !r.is_finished() {
            r.tlv_bytes()?;
        }
        Ok(found)
    })
    .map_err(malformed)?;
    let mut found = found;
    // In DER SET OF order (by encoding), as the `cms` decoder this replaced returned them.
    found.sort_unstable();
    found.iter().map(|der| Cert::from_der(der)).collect()
}

/// `[0]`, constructed: PKCS#7's explicit content and its implicit certificate set.
const CONTEXT_0: Tag = Tag::ContextSpecific {
    constructed: true,
    number: TagNumber::N0,
};

/// A PKCS#12 PFX by its outline: SEQUENCE { INTEGER 3, ContentInfo SEQUENCE { OID ... }, ... }.
/// (Opening one is src/pkcs12.rs's job; recognising needs no decryption code.)
fn looks_like_pfx(bytes: &[u8]) -> bool {
    crate::der_util::sequence(bytes, |r| {
        let version: u8 = r.decode()?;
        let auth_safe: AnyRef<'_> = r.decode()?;
        // authSafe is a ContentInfo: a SEQUENCE that starts with its content type.
        crate::der_util::sequence(&auth_safe.to_der()?, |c| {
            c.decode::<ObjectIdentifier>()?;
            while !c.is_finished() {
                c.tlv_bytes()?;
            }
            Ok(())
        })?;
        while !r.is_finished() {
            r.tlv_bytes()?;
        }
        Ok(version == 3)
    })
    .unwrap_or(false)
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
    if looks_like_pfx(bytes) {
        return Decoded::new(InputKind::Pkcs12, len);
    }
    if let Some(k) = key::from_der(bytes) {
        let mut d = Decoded::new(InputKind::DerPrivateKey, len);
        d.keys.push(k);
        return d;
    }
    let mut d = Decoded::new(InputKind::Unknown, len);
    if let Some(other) = Misplaced::by_outline(bytes) {
        d.problems.push(Problem {
            what: other.label().into(),
            why: format!("DER, {}", other.why()),
        });
    }
    d
}

/// What people give instead of a certificate or key, named with the next step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Misplaced {
    Csr,
    PublicKey,
    Crl,
}

impl Misplaced {
    fn label(self) -> &'static str {
        match self {
            Misplaced::Csr => "CERTIFICATE REQUEST",
            Misplaced::PublicKey => "PUBLIC KEY",
            Misplaced::Crl => "X509 CRL",
        }
    }

    fn why(self) -> &'static str {
        match self {
            Misplaced::Csr => "a certificate signing request (CSR), not a certificate: send it to your CA and import the certificate it returns",
            Misplaced::PublicKey => "a public key, not a certificate or a private key: give the certificate that holds it, or the private key it belongs to",
            Misplaced::Crl => "a certificate revocation list (CRL), not a certificate: give the certificate itself",
        }
    }

    /// A DER CSR, CRL or SubjectPublicKeyInfo, by its outline. A signed object is
    /// SEQUENCE { tbs SEQUENCE, algorithm SEQUENCE, signature BIT STRING }; the tbs of a CSR
    /// starts INTEGER, Name, SubjectPublicKeyInfo, [0] attributes, a CRL's has its thisUpdate
    /// time after the signature algorithm and the issuer.
    fn by_outline(bytes: &[u8]) -> Option<Misplaced> {
        if spki::SubjectPublicKeyInfoRef::from_der(bytes).is_ok() {
            return Some(Misplaced::PublicKey);
        }
        let tbs = crate::der_util::sequence(bytes, |r| {
            let tbs: AnyRef<'_> = r.decode()?;
            r.decode::<AnyRef<'_>>()?;
            r.decode::<der::asn1::BitStringRef<'_>>()?;
            Ok(tbs)
        })
        .ok()?;
        if tbs.tag() != Tag::Sequence {
            return None;
        }
        let mut tags = Vec::new();
        let mut inner = SliceReader::new(tbs.value()).ok()?;
        while !inner.is_finished() && tags.len() < 5 {
            tags.push(inner.decode::<AnyRef<'_>>().ok()?.tag());
        }
        let time = |t: Option<&Tag>| matches!(t, Some(Tag::UtcTime | Tag::GeneralizedTime));
        match tags.as_slice() {
            [Tag::Integer, Tag::Sequence, Tag::Sequence, Tag::ContextSpecific { number, .. }, ..]
                if *number == TagNumber::N0 =>
            {
                Some(Misplaced::Csr)
            }
            [Tag::Integer, Tag::Sequence, Tag::Sequence, t, ..] if time(Some(t)) => {
                Some(Misplaced::Crl)
            }
            [Tag::Sequence, Tag::Sequence, t, ..] if time(Some(t)) => Some(Misplaced::Crl),
            _ => None,
        }
    }
}

/// The base64 body of a certificate or key pasted without its BEGIN/END lines.
fn decode_bare_base64(bytes: &[u8]) -> Option<Decoded> {
    let text = std::str::from_utf8(bytes).ok()?;
    // Sized up front: a collected String would reallocate as it grows, leaving unwiped copies.
    let mut compact = Zeroizing::new(String::with_capacity(text.len()));
    compact.extend(text.chars().filter(|c| !c.is_ascii_whitespace()));
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

#[cfg(test)]
mod tests {
    use super::*;

    const OID_DATA: [u8; 11] = [
        0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x07, 0x01,
    ];

    #[test]
    fn pkcs7_of_another_content_type_is_named() {
        // ContentInfo { data, [0] OCTET STRING "" }
        let mut der = vec![0x30, 0x0F];
        der.extend(OID_DATA);
        der.extend([0xA0, 0x02, 0x04, 0x00]);
        let err = pkcs7_certs(&der).unwrap_err();
        assert_eq!(
            err,
            "PKCS#7 content type 1.2.840.113549.1.7.1 is not SignedData"
        );
        assert!(!looks_like_pfx(&der));
    }

    #[test]
    fn pkcs7_without_certificates_is_empty_and_truncation_is_malformed() {
        // ContentInfo { signedData, [0] SignedData { 1, SET {}, { data }, SET {} } }
        let mut signed = vec![0x30, 0x14, 0x02, 0x01, 0x01, 0x31, 0x00, 0x30, 0x0B];
        signed.extend(OID_DATA);
        signed.extend([0x31, 0x00]);
        let mut der = vec![0x30, 0x23, 0x06, 0x09];
        der.extend([0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x07, 0x02]);
        der.extend([0xA0, 0x16]);
        der.extend(&signed);
        assert_eq!(pkcs7_certs(&der).map(|c| c.len()), Ok(0));
        for cut in 1..der.len() {
            assert!(pkcs7_certs(&der[..cut]).is_err(), "cut at {cut}");
        }
        let mut trailing = der.clone();
        trailing.push(0);
        assert!(pkcs7_certs(&trailing)
            .unwrap_err()
            .starts_with("not PKCS#7"));
    }
}
