//! One certificate, parsed once into owned facts the rules read.
//!
//! Read with the engine's own DER element reader ([`Tlv`]): the outline of RFC 5280 down to
//! the fields and the eight extensions the rules use. It replaced x509-parser, whose second
//! ASN.1 stack (der-parser, asn1-rs, nom) cost the page about 15 KB of gzip; a test compares
//! every field with x509-parser over the fixtures and the system's CA store.

use crate::algorithm::{hash_from_oid, Hash, PublicKey, SigAlg};
use crate::der_util::{tag, Tlv};
use sha1::Digest as _;
use std::sync::OnceLock;

/// Whether certificates are read for the facts only `openssl x509 -text` users look for
/// (critical flags by name, key identifiers, CRL distribution points, certificate policies,
/// the signature algorithm by OpenSSL's name): the CLI's reports and `inspect` show them, no rule reads
/// them and the page does not show them, so its wasm links neither their tables nor their
/// parsers (as with `describe_preview`).
pub(crate) const OPENSSL_TEXT_FACTS: bool = cfg!(not(target_arch = "wasm32"));

/// A parsed certificate. Owns everything, so the input buffer can be dropped.
#[derive(Debug, Clone)]
pub(crate) struct Cert {
    pub der: Vec<u8>,
    pub subject: String,
    pub issuer: String,
    pub subject_raw: Vec<u8>,
    pub issuer_raw: Vec<u8>,
    pub subject_cn: Option<String>,
    pub serial: String,
    pub version: u32,
    pub sans: Vec<String>,
    pub not_before: i64,
    pub not_after: i64,
    pub key: PublicKey,
    pub sig_alg: SigAlg,
    pub tbs: Vec<u8>,
    pub signature: Vec<u8>,
    pub is_ca: Option<bool>,
    pub path_len: Option<u32>,
    pub key_usage: Vec<String>,
    pub extended_key_usage: Vec<String>,
    pub ocsp_urls: Vec<String>,
    /// AIA caIssuers URLs: where the issuer's certificate can be fetched.
    pub ca_issuers_urls: Vec<String>,
    /// subjectKeyIdentifier.
    pub subject_key_id: Option<Vec<u8>>,
    /// authorityKeyIdentifier's keyIdentifier: the issuer's subjectKeyIdentifier.
    pub authority_key_id: Option<Vec<u8>>,
    /// CRL distribution points' full names (`URI:http://…`).
    pub crl_distribution_points: Vec<String>,
    /// Certificate policies: OID (name), CPS URI.
    pub policies: Vec<String>,
    /// The extensions marked critical, by name.
    pub critical_extensions: Vec<String>,
    /// The signature algorithm's OID, dotted.
    pub sig_alg_oid: String,
    pub sha1: String,
    pub sha256: String,
    /// SHA-256 of the DER SubjectPublicKeyInfo: the key's fingerprint, the same in the
    /// certificate, its CSR and `openssl pkey -pubout | openssl sha256`'s input.
    pub spki_sha256: String,
    /// Whether the certificate's own key verifies its signature; computed once, on demand.
    self_signature: OnceLock<bool>,
}

/// The OIDs the parser looks for, as their DER contents.
mod oid {
    pub const SUBJECT_ALT_NAME: &[u8] = &[0x55, 0x1d, 0x11];
    pub const BASIC_CONSTRAINTS: &[u8] = &[0x55, 0x1d, 0x13];
    pub const KEY_USAGE: &[u8] = &[0x55, 0x1d, 0x0f];
    pub const EXTENDED_KEY_USAGE: &[u8] = &[0x55, 0x1d, 0x25];
    pub const SUBJECT_KEY_ID: &[u8] = &[0x55, 0x1d, 0x0e];
    pub const AUTHORITY_KEY_ID: &[u8] = &[0x55, 0x1d, 0x23];
    pub const AUTHORITY_INFO_ACCESS: &[u8] = &[0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x01, 0x01];
    pub const OCSP: &[u8] = &[0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x30, 0x01];
    pub const CA_ISSUERS: &[u8] = &[0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x30, 0x02];
    pub const COMMON_NAME: &[u8] = &[0x55, 0x04, 0x03];
    /// id-kp (1.3.6.1.5.5.7.3), the prefix of the extended key usages.
    pub const KP: &[u8] = &[0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03];
    pub const ANY_EKU: &[u8] = &[0x55, 0x1d, 0x25, 0x00];
    pub const CRL_DISTRIBUTION_POINTS: &[u8] = &[0x55, 0x1d, 0x1f];
    pub const CERTIFICATE_POLICIES: &[u8] = &[0x55, 0x1d, 0x20];
    /// id-qt-cps (1.3.6.1.5.5.7.2.1): a policy's CPS URI.
    pub const CPS: &[u8] = &[0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x02, 0x01];
}

/// An extension's name as `openssl x509 -text` calls it (without "X509v3 "), else its OID.
fn extension_name(id: Tlv<'_>) -> String {
    let name = match id.value {
        oid::SUBJECT_ALT_NAME => "subjectAltName",
        oid::BASIC_CONSTRAINTS => "basicConstraints",
        oid::KEY_USAGE => "keyUsage",
        oid::EXTENDED_KEY_USAGE => "extendedKeyUsage",
        oid::SUBJECT_KEY_ID => "subjectKeyIdentifier",
        oid::AUTHORITY_KEY_ID => "authorityKeyIdentifier",
        oid::AUTHORITY_INFO_ACCESS => "authorityInfoAccess",
        oid::CRL_DISTRIBUTION_POINTS => "crlDistributionPoints",
        oid::CERTIFICATE_POLICIES => "certificatePolicies",
        [0x55, 0x1d, 0x1e] => "nameConstraints",
        [0x55, 0x1d, 0x24] => "policyConstraints",
        [0x55, 0x1d, 0x36] => "inhibitAnyPolicy",
        [0x2b, 0x06, 0x01, 0x04, 0x01, 0xd6, 0x79, 0x02, 0x04, 0x02] => "CT Precertificate SCTs",
        [0x2b, 0x06, 0x01, 0x04, 0x01, 0xd6, 0x79, 0x02, 0x04, 0x03] => "CT Precertificate Poison",
        [0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x01, 0x18] => "TLS Feature (OCSP Must-Staple)",
        _ => return id.oid_text(),
    };
    name.to_string()
}

/// A policy OID with the name the CA/Browser Forum gives it.
fn policy_name(id: Tlv<'_>) -> String {
    let text = id.oid_text();
    let name = match text.as_str() {
        "2.5.29.32.0" => "anyPolicy",
        "2.23.140.1.2.1" => "CA/B Forum: domain validated",
        "2.23.140.1.2.2" => "CA/B Forum: organization validated",
        "2.23.140.1.2.3" => "CA/B Forum: individual validated",
        "2.23.140.1.1" => "CA/B Forum: extended validation",
        _ => return text,
    };
    format!("{text} ({name})")
}

fn expect<'a>(
    t: Option<Result<Tlv<'a>, &'static str>>,
    tag: u8,
    what: &str,
) -> Result<Tlv<'a>, String> {
    match t {
        Some(Ok(t)) if t.tag == tag => Ok(t),
        Some(Ok(t)) => Err(format!(
            "not an X.509 certificate: {what} has tag 0x{:02x}",
            t.tag
        )),
        Some(Err(e)) => Err(format!("not an X.509 certificate: {what}: {e}")),
        None => Err(format!("not an X.509 certificate: {what} is missing")),
    }
}

/// The fields of TBSCertificate the engine keeps.
struct Tbs<'a> {
    version: u32,
    serial: &'a [u8],
    issuer: Tlv<'a>,
    subject: Tlv<'a>,
    not_before: i64,
    not_after: i64,
    spki: &'a [u8],
    extensions: Extensions,
}

/// TBSCertificate ::= SEQUENCE { version [0] EXPLICIT INTEGER DEFAULT v1, serialNumber
/// INTEGER, signature AlgorithmIdentifier, issuer Name, validity Validity, subject Name,
/// subjectPublicKeyInfo, issuerUniqueID [1], subjectUniqueID [2], extensions [3] EXPLICIT }
fn read_tbs(tbs: Tlv<'_>) -> Result<Tbs<'_>, String> {
    let mut fields = tbs.children().peekable();
    let mut version = 1;
    if let Some(Ok(v)) = fields.peek() {
        if v.tag == tag::explicit(0) {
            let n = expect(v.children().next(), tag::INTEGER, "the version")?;
            version = match n.value {
                [0] => 1,
                [1] => 2,
                [2] => 3,
                _ => return Err("not an X.509 certificate: an unknown version".into()),
            };
            fields.next();
        }
    }
    let serial = expect(fields.next(), tag::INTEGER, "the serial number")?.value;
    expect(fields.next(), tag::SEQUENCE, "the signature algorithm")?;
    let issuer = expect(fields.next(), tag::SEQUENCE, "the issuer")?;
    let validity = expect(fields.next(), tag::SEQUENCE, "the validity")?;
    let subject = expect(fields.next(), tag::SEQUENCE, "the subject")?;
    let spki = expect(fields.next(), tag::SEQUENCE, "the public key")?.raw;
    let mut times = validity.children();
    let not_before = time(times.next(), "notBefore")?;
    let not_after = time(times.next(), "notAfter")?;
    let mut extensions = Extensions::default();
    for field in fields {
        let field = field.map_err(|e| format!("not an X.509 certificate: {e}"))?;
        if field.tag == tag::explicit(3) {
            let list = expect(field.children().next(), tag::SEQUENCE, "the extensions")?;
            extensions = Extensions::read(list);
        }
    }
    Ok(Tbs {
        version,
        serial,
        issuer,
        subject,
        not_before,
        not_after,
        spki,
        extensions,
    })
}

fn time(t: Option<Result<Tlv<'_>, &'static str>>, what: &str) -> Result<i64, String> {
    let bad = || format!("not an X.509 certificate: {what} is not a time");
    match t {
        Some(Ok(t)) if t.tag == tag::UTC_TIME || t.tag == tag::GENERALIZED_TIME => {
            crate::time_util::asn1_time(t.tag == tag::GENERALIZED_TIME, t.value).ok_or_else(bad)
        }
        _ => Err(bad()),
    }
}

impl Cert {
    /// Parses one DER certificate. Trailing bytes are an error: a certificate is exact.
    pub fn from_der(der: &[u8]) -> Result<Cert, String> {
        let (outer, rest) = Tlv::read(der).map_err(|e| format!("not an X.509 certificate: {e}"))?;
        if outer.tag != tag::SEQUENCE {
            return Err("not an X.509 certificate: it is no SEQUENCE".into());
        }
        if !rest.is_empty() {
            return Err(format!("{} bytes follow the certificate", rest.len()));
        }
        let mut parts = outer.children();
        let tbs = expect(parts.next(), tag::SEQUENCE, "the TBSCertificate")?;
        let algorithm = expect(parts.next(), tag::SEQUENCE, "the signature algorithm")?;
        let signature = expect(parts.next(), tag::BIT_STRING, "the signature")?;
        if parts.next().is_some() {
            return Err("not an X.509 certificate: more than three parts".into());
        }
        let Some((0, signature)) = signature.value.split_first().map(|(u, s)| (*u, s)) else {
            return Err("not an X.509 certificate: the signature has unused bits".into());
        };
        let t = read_tbs(tbs)?;
        let x = t.extensions;
        let der = der.to_vec();
        Ok(Cert {
            subject: name_text(t.subject),
            issuer: name_text(t.issuer),
            subject_raw: t.subject.raw.to_vec(),
            issuer_raw: t.issuer.raw.to_vec(),
            subject_cn: common_name(t.subject),
            serial: hex::encode(t.serial),
            version: t.version,
            sans: x.sans,
            not_before: t.not_before,
            not_after: t.not_after,
            key: PublicKey::from_spki(t.spki),
            spki_sha256: hex::encode(sha2::Sha256::digest(t.spki)),
            sig_alg: sig_alg_of(algorithm),
            tbs: tbs.raw.to_vec(),
            signature: signature.to_vec(),
            is_ca: x.is_ca,
            path_len: x.path_len,
            key_usage: x.key_usage,
            extended_key_usage: x.extended_key_usage,
            ocsp_urls: x.ocsp_urls,
            ca_issuers_urls: x.ca_issuers_urls,
            subject_key_id: x.subject_key_id,
            authority_key_id: x.authority_key_id,
            crl_distribution_points: x.crl_distribution_points,
            policies: x.policies,
            critical_extensions: x.critical,
            sig_alg_oid: algorithm
                .children()
                .next()
                .and_then(Result::ok)
                .filter(|t| t.tag == tag::OID)
                .map(|t| t.oid_text())
                .unwrap_or_default(),
            sha1: hex::encode(sha1::Sha1::digest(&der)),
            sha256: hex::encode(sha2::Sha256::digest(&der)),
            self_signature: OnceLock::new(),
            der,
        })
    }

    /// Issuer and subject names are the same (a root, or a self-issued certificate).
    pub fn self_issued(&self) -> bool {
        self.subject_raw == self.issuer_raw
    }

    /// Self-issued and its own key verifies its signature.
    pub fn self_signed(&self) -> bool {
        self.self_issued()
            && *self
                .self_signature
                .get_or_init(|| self.signed_by(&self.key).is_ok())
    }

    /// Whether `issuer_key` verifies this certificate's signature.
    pub fn signed_by(&self, issuer_key: &PublicKey) -> Result<(), crate::verify::VerifyError> {
        crate::verify::verify_signed(&self.sig_alg, &self.tbs, &self.signature, issuer_key)
    }

    pub fn valid_at(&self, at: i64) -> bool {
        self.not_before <= at && at <= self.not_after
    }

    /// A CA certificate as clients require of an issuer: basicConstraints CA:TRUE and, when
    /// keyUsage is present, keyCertSign. Err names what is wrong.
    pub fn can_issue(&self) -> Result<(), &'static str> {
        match self.is_ca {
            Some(false) => return Err("its basicConstraints say CA:FALSE"),
            None if !self.self_issued() => return Err("it has no basicConstraints CA:TRUE"),
            _ => {}
        }
        if !self.key_usage.is_empty() && !self.key_usage.iter().any(|k| k == "Key Cert Sign") {
            return Err("its keyUsage lacks keyCertSign");
        }
        Ok(())
    }

    pub fn pem(&self) -> String {
        ::pem::encode_config(
            &::pem::Pem::new("CERTIFICATE", self.der.clone()),
            ::pem::EncodeConfig::new().set_line_ending(::pem::LineEnding::LF),
        )
    }

    /// A short name for messages: the CN, else the whole subject.
    pub fn short_name(&self) -> String {
        match &self.subject_cn {
            Some(cn) => format!("\"{cn}\""),
            None if self.subject.is_empty() => "(empty subject)".into(),
            None => format!("\"{}\"", self.subject),
        }
    }
}

/// The signature algorithm, with RSASSA-PSS's hash and salt length from its parameters.
fn sig_alg_of(algorithm: Tlv<'_>) -> SigAlg {
    let mut parts = algorithm.children();
    let Some(Ok(oid)) = parts
        .next()
        .filter(|t| matches!(t, Ok(t) if t.tag == tag::OID))
    else {
        return SigAlg::Other("unreadable".into());
    };
    let text = oid.oid_text();
    let simple = match text.as_str() {
        "1.2.840.113549.1.1.4" => Some(SigAlg::RsaPkcs1(Hash::Md5)),
        "1.2.840.113549.1.1.5" | "1.3.14.3.2.29" => Some(SigAlg::RsaPkcs1(Hash::Sha1)),
        "1.2.840.113549.1.1.14" => Some(SigAlg::RsaPkcs1(Hash::Sha224)),
        "1.2.840.113549.1.1.11" => Some(SigAlg::RsaPkcs1(Hash::Sha256)),
        "1.2.840.113549.1.1.12" => Some(SigAlg::RsaPkcs1(Hash::Sha384)),
        "1.2.840.113549.1.1.13" => Some(SigAlg::RsaPkcs1(Hash::Sha512)),
        "1.2.840.10045.4.1" => Some(SigAlg::Ecdsa(Hash::Sha1)),
        "1.2.840.10045.4.3.1" => Some(SigAlg::Ecdsa(Hash::Sha224)),
        "1.2.840.10045.4.3.2" => Some(SigAlg::Ecdsa(Hash::Sha256)),
        "1.2.840.10045.4.3.3" => Some(SigAlg::Ecdsa(Hash::Sha384)),
        "1.2.840.10045.4.3.4" => Some(SigAlg::Ecdsa(Hash::Sha512)),
        "1.3.101.112" => Some(SigAlg::Ed25519),
        "1.3.101.113" => Some(SigAlg::Other("Ed448".into())),
        "1.2.840.10040.4.3" => Some(SigAlg::Dsa(Hash::Sha1)),
        "2.16.840.1.101.3.4.3.2" => Some(SigAlg::Dsa(Hash::Sha256)),
        _ => None,
    };
    if let Some(s) = simple {
        return s;
    }
    if text == "1.2.840.113549.1.1.10" {
        return match parts.next() {
            Some(Ok(params)) => pss(params),
            // Absent parameters mean every default (SHA-1, salt 20).
            None => SigAlg::RsaPss {
                hash: Hash::Sha1,
                salt_len: 20,
            },
            Some(Err(_)) => SigAlg::Other("RSASSA-PSS (unsupported parameters)".into()),
        };
    }
    SigAlg::Other(match crate::algorithm::openssl_signature_name(&text) {
        Some(name) => name.to_string(),
        None => format!("unknown (OID {text})"),
    })
}

/// RSASSA-PSS-params ::= SEQUENCE { hashAlgorithm [0] DEFAULT sha1, maskGenAlgorithm [1],
/// saltLength [2] INTEGER DEFAULT 20, trailerField [3] } (RFC 4055).
fn pss(params: Tlv<'_>) -> SigAlg {
    let unsupported = || SigAlg::Other("RSASSA-PSS (unsupported parameters)".into());
    if params.tag != tag::SEQUENCE {
        return unsupported();
    }
    let (mut hash, mut salt_len) = (Some(Hash::Sha1), 20usize);
    for field in params.children() {
        let Ok(field) = field else {
            return unsupported();
        };
        let inner = field.children().next().and_then(Result::ok);
        match (field.tag, inner) {
            (t, Some(alg)) if t == tag::explicit(0) => {
                let oid = alg.children().next().and_then(Result::ok);
                hash = oid.and_then(|o| hash_from_oid(&o.oid_text()));
            }
            (t, Some(n)) if t == tag::explicit(2) && n.tag == tag::INTEGER => {
                let Some(v) = uint(n.value) else {
                    return unsupported();
                };
                salt_len = v as usize;
            }
            _ => {}
        }
    }
    match hash {
        Some(hash) => SigAlg::RsaPss { hash, salt_len },
        None => unsupported(),
    }
}

/// A non-negative INTEGER that fits in 32 bits.
fn uint(value: &[u8]) -> Option<u32> {
    let bytes = match value {
        [0, rest @ ..] if !rest.is_empty() => rest,
        [first, ..] if first & 0x80 != 0 => return None,
        v => v,
    };
    (bytes.len() <= 4).then(|| bytes.iter().fold(0u32, |a, b| (a << 8) | u32::from(*b)))
}

/// The extensions the rules read. A malformed extension is skipped, as x509-parser's deep
/// parse did.
#[derive(Default)]
struct Extensions {
    sans: Vec<String>,
    is_ca: Option<bool>,
    path_len: Option<u32>,
    key_usage: Vec<String>,
    extended_key_usage: Vec<String>,
    ocsp_urls: Vec<String>,
    ca_issuers_urls: Vec<String>,
    subject_key_id: Option<Vec<u8>>,
    authority_key_id: Option<Vec<u8>>,
    crl_distribution_points: Vec<String>,
    policies: Vec<String>,
    critical: Vec<String>,
}

impl Extensions {
    /// Extensions ::= SEQUENCE OF Extension { extnID OID, critical BOOLEAN DEFAULT FALSE,
    /// extnValue OCTET STRING }
    fn read(list: Tlv<'_>) -> Extensions {
        let mut x = Extensions::default();
        for ext in list.children().flatten() {
            let parts: Vec<Tlv<'_>> = ext.children().flatten().collect();
            let (Some(id), Some(value)) = (parts.first(), parts.last()) else {
                continue;
            };
            if id.tag != tag::OID || value.tag != tag::OCTET_STRING {
                continue;
            }
            let critical = parts.len() == 3
                && parts[1].tag == tag::BOOLEAN
                && parts[1].value.first().is_some_and(|b| *b != 0);
            if critical && OPENSSL_TEXT_FACTS {
                x.critical.push(extension_name(*id));
            }
            let Ok(v) = Tlv::exact(value.value) else {
                continue;
            };
            match id.value {
                oid::CRL_DISTRIBUTION_POINTS if OPENSSL_TEXT_FACTS => {
                    x.crl_distribution_points = distribution_points(v)
                }
                oid::CERTIFICATE_POLICIES if OPENSSL_TEXT_FACTS => x.policies = policies(v),
                oid::SUBJECT_ALT_NAME => x.sans = general_names(v),
                oid::BASIC_CONSTRAINTS => x.basic_constraints(v),
                oid::KEY_USAGE => x.key_usage = key_usage(v),
                oid::EXTENDED_KEY_USAGE => x.extended_key_usage = eku_names(v),
                oid::AUTHORITY_INFO_ACCESS => x.read_aia(v),
                oid::SUBJECT_KEY_ID if OPENSSL_TEXT_FACTS && v.tag == tag::OCTET_STRING => {
                    x.subject_key_id = Some(v.value.to_vec())
                }
                oid::AUTHORITY_KEY_ID if OPENSSL_TEXT_FACTS => {
                    x.authority_key_id = v
                        .children()
                        .flatten()
                        .find(|f| f.tag == tag::implicit(0))
                        .map(|f| f.value.to_vec())
                }
                _ => {}
            }
        }
        x
    }

    /// BasicConstraints ::= SEQUENCE { cA BOOLEAN DEFAULT FALSE, pathLenConstraint INTEGER
    /// OPTIONAL }
    fn basic_constraints(&mut self, v: Tlv<'_>) {
        if v.tag != tag::SEQUENCE {
            return;
        }
        let (mut ca, mut path_len) = (false, None);
        for f in v.children().flatten() {
            match f.tag {
                tag::BOOLEAN => ca = f.value.first().is_some_and(|b| *b != 0),
                tag::INTEGER => path_len = uint(f.value),
                _ => return,
            }
        }
        self.is_ca = Some(ca);
        self.path_len = path_len;
    }

    /// AuthorityInfoAccessSyntax ::= SEQUENCE OF AccessDescription { accessMethod OID,
    /// accessLocation GeneralName }: the OCSP and caIssuers URIs.
    fn read_aia(&mut self, v: Tlv<'_>) {
        for desc in v.children().flatten() {
            let mut parts = desc.children().flatten();
            let (Some(method), Some(location)) = (parts.next(), parts.next()) else {
                continue;
            };
            if location.tag != tag::implicit(6) {
                continue;
            }
            let Ok(uri) = std::str::from_utf8(location.value) else {
                continue;
            };
            match method.value {
                oid::OCSP => self.ocsp_urls.push(uri.to_string()),
                oid::CA_ISSUERS => self.ca_issuers_urls.push(uri.to_string()),
                _ => {}
            }
        }
    }
}

/// CRLDistributionPoints ::= SEQUENCE OF DistributionPoint { distributionPoint [0]
/// DistributionPointName OPTIONAL, … }; DistributionPointName ::= CHOICE { fullName [0]
/// GeneralNames, nameRelativeToCRLIssuer [1] }: each full name, as OpenSSL labels it.
fn distribution_points(v: Tlv<'_>) -> Vec<String> {
    let mut out = Vec::new();
    for dp in v.children().flatten() {
        for name in dp
            .children()
            .flatten()
            .filter(|t| t.tag == tag::explicit(0))
        {
            for full in name.children().flatten() {
                if full.tag == tag::explicit(0) {
                    out.extend(full.children().flatten().map(general_name));
                } else {
                    out.push("a name relative to the CRL issuer".into());
                }
            }
        }
    }
    out
}

/// CertificatePolicies ::= SEQUENCE OF PolicyInformation { policyIdentifier OID,
/// policyQualifiers SEQUENCE OF PolicyQualifierInfo OPTIONAL }: each policy, named, with its
/// CPS URI when it gives one.
fn policies(v: Tlv<'_>) -> Vec<String> {
    let mut out = Vec::new();
    for info in v.children().flatten() {
        let mut parts = info.children().flatten();
        let Some(id) = parts.next().filter(|t| t.tag == tag::OID) else {
            continue;
        };
        let mut text = policy_name(id);
        for q in parts.flat_map(|qs| qs.children().flatten().collect::<Vec<_>>()) {
            let mut qp = q.children().flatten();
            if let (Some(qid), Some(uri)) = (qp.next(), qp.next()) {
                if qid.value == oid::CPS {
                    text.push_str(&format!(", CPS {}", String::from_utf8_lossy(uri.value)));
                }
            }
        }
        out.push(text);
    }
    out
}

/// KeyUsage ::= BIT STRING, named as x509-parser's Display names the bits.
fn key_usage(v: Tlv<'_>) -> Vec<String> {
    const NAMES: [&str; 9] = [
        "Digital Signature",
        "Non Repudiation",
        "Key Encipherment",
        "Data Encipherment",
        "Key Agreement",
        "Key Cert Sign",
        "CRL Sign",
        "Encipher Only",
        "Decipher Only",
    ];
    let [_unused, bits @ ..] = v.value else {
        return Vec::new();
    };
    if v.tag != tag::BIT_STRING {
        return Vec::new();
    }
    NAMES
        .iter()
        .enumerate()
        .filter(|(i, _)| bits.get(i / 8).is_some_and(|b| b & (0x80 >> (i % 8)) != 0))
        .map(|(_, n)| n.to_string())
        .collect()
}

/// ExtKeyUsageSyntax ::= SEQUENCE OF OID: OpenSSL's short names for the usual purposes,
/// in a fixed order, then any other by OID; each once.
fn eku_names(v: Tlv<'_>) -> Vec<String> {
    const KNOWN: [(u8, &str); 6] = [
        (1, "serverAuth"),
        (2, "clientAuth"),
        (3, "codeSigning"),
        (4, "emailProtection"),
        (8, "timeStamping"),
        (9, "OCSPSigning"),
    ];
    let oids: Vec<&[u8]> = v
        .children()
        .flatten()
        .filter(|o| o.tag == tag::OID)
        .map(|o| o.value)
        .collect();
    let is_kp = |o: &[u8], n: u8| {
        o.len() == oid::KP.len() + 1 && o.starts_with(oid::KP) && o[oid::KP.len()] == n
    };
    let mut names = Vec::new();
    if oids.contains(&oid::ANY_EKU) {
        names.push("anyExtendedKeyUsage".to_string());
    }
    for (n, name) in KNOWN {
        if oids.iter().any(|o| is_kp(o, n)) {
            names.push(name.to_string());
        }
    }
    let mut others: Vec<String> = Vec::new();
    for o in oids {
        let known = o == oid::ANY_EKU || KNOWN.iter().any(|(n, _)| is_kp(o, *n));
        let text = Tlv {
            tag: tag::OID,
            value: o,
            raw: o,
        }
        .oid_text();
        if !known && !others.contains(&text) {
            others.push(text);
        }
    }
    names.extend(others);
    names
}

/// GeneralNames ::= SEQUENCE OF GeneralName, each written as OpenSSL labels it.
fn general_names(v: Tlv<'_>) -> Vec<String> {
    if v.tag != tag::SEQUENCE {
        return Vec::new();
    }
    v.children().flatten().map(general_name).collect()
}

fn general_name(n: Tlv<'_>) -> String {
    let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    match n.tag {
        t if t == tag::implicit(1) => format!("email:{}", text(n.value)),
        t if t == tag::implicit(2) => format!("DNS:{}", text(n.value)),
        t if t == tag::implicit(6) => format!("URI:{}", text(n.value)),
        t if t == tag::implicit(7) => match n.value.len() {
            4 => {
                let b = n.value;
                format!("IP:{}", std::net::Ipv4Addr::new(b[0], b[1], b[2], b[3]))
            }
            16 => {
                let mut a = [0u8; 16];
                a.copy_from_slice(n.value);
                format!("IP:{}", std::net::Ipv6Addr::from(a))
            }
            _ => format!("IP:{}", hex::encode(n.value)),
        },
        t if t == tag::explicit(4) => match n.children().next() {
            Some(Ok(name)) => format!("DirName:{}", name_text(name)),
            _ => format!("invalid:{}", hex::encode(n.value)),
        },
        t if t == tag::explicit(0) => match n.children().next() {
            Some(Ok(id)) if id.tag == tag::OID => format!("othername:{}", id.oid_text()),
            _ => format!("invalid:{}", hex::encode(n.value)),
        },
        t if t == tag::implicit(8) => {
            format!("Registered ID:{}", Tlv { tag: tag::OID, ..n }.oid_text())
        }
        t if t == tag::explicit(3) => "X400Name:<unsupported>".into(),
        t if t == tag::explicit(5) => "EdiPartyName:<unsupported>".into(),
        _ => format!("invalid:{}", hex::encode(n.value)),
    }
}

/// The first CN of a Name, when it is a plain string.
fn common_name(name: Tlv<'_>) -> Option<String> {
    name.children()
        .flatten()
        .flat_map(|rdn| rdn.children().flatten())
        .find_map(|atv| {
            let mut parts = atv.children().flatten();
            let (id, value) = (parts.next()?, parts.next()?);
            (id.value == oid::COMMON_NAME).then_some(value)
        })
        .filter(|v| v.tag != tag::BMP_STRING && string_tag(v.tag))
        .and_then(|v| std::str::from_utf8(v.value).ok().map(str::to_string))
}

/// The universal string types a name's value may have.
fn string_tag(t: u8) -> bool {
    matches!(
        t,
        0x12 // NumericString
            | 0x1a // VisibleString
            | 0x13 // PrintableString
            | 0x1b // GeneralString
            | 0x07 // ObjectDescriptor
            | 0x19 // GraphicString
            | 0x14 // T61String
            | 0x15 // VideotexString
            | tag::UTF8_STRING
            | 0x16 // IA5String
            | tag::BMP_STRING
    )
}

/// A Name as x509-parser's `X509Name` Display writes it (`CN=a, O=b`, multi-valued RDNs
/// joined by ` + `), byte for byte: a test compares the two. Attribute types it names are
/// the ones listed here (its registry's X.500, PKCS#9, uid/DC and jurisdiction entries); any
/// other type is written `OID(1.2.3)`.
pub(crate) fn name_text(name: Tlv<'_>) -> String {
    const INVALID: &str = "<X509Error: Invalid X.509 name>";
    let mut out = String::new();
    for (i, rdn) in name.children().enumerate() {
        let Ok(rdn) = rdn else { return INVALID.into() };
        if i > 0 {
            out.push_str(", ");
        }
        for (j, atv) in rdn.children().enumerate() {
            let Ok(atv) = atv else { return INVALID.into() };
            let mut parts = atv.children().flatten();
            let (Some(id), Some(value)) = (parts.next(), parts.next()) else {
                return INVALID.into();
            };
            if j > 0 {
                out.push_str(" + ");
            }
            let Some(value) = attribute_text(value) else {
                return INVALID.into();
            };
            let oid = id.oid_text();
            match attribute_short_name(&oid) {
                Some(short) => out.push_str(short),
                None => {
                    out.push_str("OID(");
                    out.push_str(&oid);
                    out.push(')');
                }
            }
            out.push('=');
            out.push_str(&value);
        }
    }
    out
}

/// String types as text, BMPString decoded, anything else as upper-case hex.
fn attribute_text(value: Tlv<'_>) -> Option<String> {
    match value.tag {
        tag::BMP_STRING => {
            let units: Vec<u16> = value
                .value
                .chunks(2)
                .map(|c| match c {
                    [a, b] => (u16::from(*a) << 8) | u16::from(*b),
                    [a] => u16::from(*a),
                    _ => 0,
                })
                .collect();
            String::from_utf16(&units).ok()
        }
        t if string_tag(t) => std::str::from_utf8(value.value).ok().map(str::to_string),
        _ => Some(hex::encode_upper(value.value)),
    }
}

fn attribute_short_name(oid: &str) -> Option<&'static str> {
    Some(match oid {
        "2.5.4.3" => "CN",
        "2.5.4.6" => "C",
        "2.5.4.7" => "L",
        "2.5.4.8" => "ST",
        "2.5.4.10" => "O",
        "2.5.4.11" => "OU",
        "0.9.2342.19200300.100.1.25" => "DC",
        "1.2.840.113549.1.9.1" => "Email",
        "2.5.4.0" => "objectClass",
        "2.5.4.1" => "aliasedEntryName",
        "2.5.4.2" => "knowledgeInformation",
        "2.5.4.4" => "surname",
        "2.5.4.5" => "serialNumber",
        "2.5.4.9" => "streetAddress",
        "2.5.4.12" => "title",
        "2.5.4.13" => "description",
        "2.5.4.14" => "searchGuide",
        "2.5.4.15" => "businessCategory",
        "2.5.4.16" => "postalAddress",
        "2.5.4.17" => "postalCode",
        "2.5.4.41" => "name",
        "2.5.4.42" => "givenName",
        "2.5.4.43" => "initials",
        "2.5.4.44" => "generationQualifier",
        "2.5.4.45" => "uniqueIdentifier",
        "2.5.4.46" => "dnQualifier",
        "0.9.2342.19200300.100.1.1" => "uid",
        "1.2.840.113549.1.9.2" => "unstructuredName",
        "1.2.840.113549.1.9.3" => "contentType",
        "1.2.840.113549.1.9.4" => "id-messageDigest",
        "1.2.840.113549.1.9.5" => "signing-time",
        "1.2.840.113549.1.9.7" => "challengePassword",
        "1.2.840.113549.1.9.14" => "extensionRequest",
        "1.2.840.113549.1.9.15" => "smimeCapabilities",
        "1.2.840.113549.1.9.20" => "friendlyName",
        "1.3.6.1.4.1.311.60.2.1.1" => "msJurisdictionLocality",
        "1.3.6.1.4.1.311.60.2.1.2" => "msJurisdictionStateOrProvince",
        "1.3.6.1.4.1.311.60.2.1.3" => "msJurisdictionCountry",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::Cert;
    use x509_parser::prelude::{FromDer, X509Certificate};

    /// Every certificate in the PEM files under `dir` (recursively).
    fn certs_under(dir: &std::path::Path, out: &mut Vec<Vec<u8>>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                certs_under(&path, out);
            } else if let Ok(bytes) = std::fs::read(&path) {
                for block in pem::parse_many(&bytes).unwrap_or_default() {
                    if block.tag() == "CERTIFICATE" {
                        out.push(block.into_contents());
                    }
                }
            }
        }
    }

    /// The engine's own certificate reader gives what x509-parser (which it replaced, and
    /// which stays a dev-dependency for this comparison) gives, field by field, over the
    /// fixtures, the RDS CA data, the public copies beside the project and the system's CA
    /// store.
    #[test]
    fn every_field_matches_x509_parser() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut ders = Vec::new();
        certs_under(&root.join("tests/fixtures"), &mut ders);
        certs_under(&root.join("data"), &mut ders);
        certs_under(&root.join("../shared/realworld"), &mut ders);
        certs_under(std::path::Path::new("/etc/ssl/certs"), &mut ders);
        assert!(ders.len() > 150, "only {} certificates found", ders.len());
        let compared = ders.iter().filter(|der| same_as_x509_parser(der)).count();
        assert!(compared > 150, "compared {compared}");
    }

    /// Asserts that every field agrees; false when x509-parser does not read `der` at all.
    fn same_as_x509_parser(der: &[u8]) -> bool {
        let Ok((_, x509)) = X509Certificate::from_der(der) else {
            return false;
        };
        let ours = Cert::from_der(der).unwrap_or_else(|e| panic!("{e}: {}", x509.subject()));
        let tbs = &x509.tbs_certificate;
        let what = x509.subject().to_string();
        assert_eq!(ours.subject, what);
        assert_eq!(ours.issuer, x509.issuer().to_string(), "{what}");
        assert_eq!(ours.subject_raw, tbs.subject().as_raw(), "{what}");
        assert_eq!(ours.issuer_raw, tbs.issuer().as_raw(), "{what}");
        assert_eq!(ours.serial, hex::encode(tbs.raw_serial()), "{what}");
        assert_eq!(ours.version, tbs.version().0 + 1, "{what}");
        assert_eq!(
            ours.not_before,
            tbs.validity().not_before.timestamp(),
            "{what}"
        );
        assert_eq!(
            ours.not_after,
            tbs.validity().not_after.timestamp(),
            "{what}"
        );
        assert_eq!(ours.tbs, tbs.as_ref(), "{what}");
        assert_eq!(ours.signature, x509.signature_value.data.as_ref(), "{what}");
        let cn = tbs
            .subject()
            .iter_common_name()
            .next()
            .and_then(|c| c.as_str().ok());
        assert_eq!(ours.subject_cn.as_deref(), cn, "{what}");
        extensions_agree(&ours, &x509, &what);
        true
    }

    fn extensions_agree(ours: &Cert, x509: &X509Certificate<'_>, what: &str) {
        let bc = x509.basic_constraints().ok().flatten().map(|b| b.value);
        assert_eq!(ours.is_ca, bc.map(|b| b.ca), "{what}");
        assert_eq!(
            ours.path_len,
            bc.and_then(|b| b.path_len_constraint),
            "{what}"
        );
        let ku = x509.key_usage().ok().flatten().map(|k| k.value.to_string());
        let ku: Vec<String> = ku
            .map(|k| {
                k.split(", ")
                    .filter(|s| !s.is_empty())
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default();
        assert_eq!(ours.key_usage, ku, "{what}");
        let sans = x509
            .subject_alternative_name()
            .ok()
            .flatten()
            .map(|s| s.value.general_names.len())
            .unwrap_or(0);
        assert_eq!(ours.sans.len(), sans, "{what}");
        let dns: Vec<String> = x509
            .subject_alternative_name()
            .ok()
            .flatten()
            .map(|s| {
                s.value
                    .general_names
                    .iter()
                    .filter_map(|g| match g {
                        x509_parser::prelude::GeneralName::DNSName(d) => Some(format!("DNS:{d}")),
                        _ => None,
                    })
                    .collect()
            })
            .unwrap_or_default();
        let our_dns: Vec<String> = ours
            .sans
            .iter()
            .filter(|s| s.starts_with("DNS:"))
            .cloned()
            .collect();
        assert_eq!(our_dns, dns, "{what}");
        if let Ok(Some(eku)) = x509.extended_key_usage() {
            let e = &eku.value;
            let flags = [
                (e.any, "anyExtendedKeyUsage"),
                (e.server_auth, "serverAuth"),
                (e.client_auth, "clientAuth"),
                (e.code_signing, "codeSigning"),
                (e.email_protection, "emailProtection"),
                (e.time_stamping, "timeStamping"),
                (e.ocsp_signing, "OCSPSigning"),
            ];
            let mut theirs: Vec<String> = flags
                .iter()
                .filter(|(on, _)| *on)
                .map(|(_, n)| n.to_string())
                .collect();
            theirs.extend(e.other.iter().map(|o| o.to_id_string()));
            assert_eq!(ours.extended_key_usage, theirs, "{what}");
        }
    }
}
