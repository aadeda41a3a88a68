//! One certificate, parsed once into owned facts the rules read.

use crate::report::{CertificateReport, KeyDescription, Role};
use crate::time_util::{days_between, format_rfc3339};
use der::asn1::ObjectIdentifier as Oid;
use der::Decode;
use sha1::Digest as _;
use std::sync::OnceLock;
use x509_parser::certificate::X509CertificateParser;
use x509_parser::extensions::{
    AuthorityInfoAccess, BasicConstraints, ExtendedKeyUsage, KeyUsage, SubjectAlternativeName,
};
use x509_parser::nom::Parser as _;
use x509_parser::oid_registry::{
    OID_PKIX_AUTHORITY_INFO_ACCESS, OID_X509_EXT_BASIC_CONSTRAINTS,
    OID_X509_EXT_EXTENDED_KEY_USAGE, OID_X509_EXT_KEY_USAGE, OID_X509_EXT_SUBJECT_ALT_NAME,
};
use x509_parser::prelude::{FromDer, GeneralName, X509Certificate};

pub(crate) const OID_RSA: Oid = Oid::new_unwrap("1.2.840.113549.1.1.1");
pub(crate) const OID_RSA_PSS: Oid = Oid::new_unwrap("1.2.840.113549.1.1.10");
pub(crate) const OID_EC: Oid = Oid::new_unwrap("1.2.840.10045.2.1");
pub(crate) const OID_ED25519: Oid = Oid::new_unwrap("1.3.101.112");
pub(crate) const OID_ED448: Oid = Oid::new_unwrap("1.3.101.113");
pub(crate) const OID_DSA: Oid = Oid::new_unwrap("1.2.840.10040.4.1");
pub(crate) const OID_P256: Oid = Oid::new_unwrap("1.2.840.10045.3.1.7");
pub(crate) const OID_P384: Oid = Oid::new_unwrap("1.3.132.0.34");
pub(crate) const OID_P521: Oid = Oid::new_unwrap("1.3.132.0.35");
pub(crate) const OID_SECP256K1: Oid = Oid::new_unwrap("1.3.132.0.10");

/// Elliptic curves by the names ACM uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Curve {
    P256,
    P384,
    P521,
    Other(String),
}

impl Curve {
    pub fn from_oid(oid: &Oid) -> Curve {
        match *oid {
            OID_P256 => Curve::P256,
            OID_P384 => Curve::P384,
            OID_P521 => Curve::P521,
            OID_SECP256K1 => Curve::Other("secp256k1".into()),
            _ => Curve::Other(oid.to_string()),
        }
    }
    /// OpenSSL's and ACM's name.
    pub fn name(&self) -> &str {
        match self {
            Curve::P256 => "prime256v1",
            Curve::P384 => "secp384r1",
            Curve::P521 => "secp521r1",
            Curve::Other(s) => s,
        }
    }
    pub fn bits(&self) -> Option<u32> {
        match self {
            Curve::P256 => Some(256),
            Curve::P384 => Some(384),
            Curve::P521 => Some(521),
            Curve::Other(s) if s == "secp256k1" => Some(256),
            Curve::Other(_) => None,
        }
    }
}

/// A public key, from a certificate or derived from a private key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum PublicKey {
    /// Big-endian modulus and exponent, leading zeros stripped.
    Rsa {
        n: Vec<u8>,
        e: Vec<u8>,
    },
    /// SEC1-encoded point as found (compressed or not).
    Ec {
        curve: Curve,
        point: Vec<u8>,
    },
    Ed25519(Vec<u8>),
    Other {
        algorithm: String,
    },
}

pub(crate) fn strip_zeros(bytes: &[u8]) -> Vec<u8> {
    let first = bytes.iter().position(|b| *b != 0).unwrap_or(bytes.len());
    bytes[first..].to_vec()
}

fn bit_length(be: &[u8]) -> u32 {
    match be.iter().position(|b| *b != 0) {
        None => 0,
        Some(i) => (be.len() - i - 1) as u32 * 8 + (8 - be[i].leading_zeros()),
    }
}

impl PublicKey {
    /// Parses a DER SubjectPublicKeyInfo.
    pub fn from_spki(spki_der: &[u8]) -> PublicKey {
        let Ok(spki) = spki::SubjectPublicKeyInfoRef::from_der(spki_der) else {
            return PublicKey::Other {
                algorithm: "unparseable".into(),
            };
        };
        let key_bytes = spki.subject_public_key.raw_bytes();
        match spki.algorithm.oid {
            OID_RSA | OID_RSA_PSS => match pkcs1::RsaPublicKey::from_der(key_bytes) {
                Ok(k) => PublicKey::Rsa {
                    n: strip_zeros(k.modulus.as_bytes()),
                    e: strip_zeros(k.public_exponent.as_bytes()),
                },
                Err(_) => PublicKey::Other {
                    algorithm: "RSA (malformed)".into(),
                },
            },
            OID_EC => {
                let curve = match spki.algorithm.parameters_oid() {
                    Ok(oid) => Curve::from_oid(&oid),
                    Err(_) => Curve::Other("explicit or missing curve parameters".into()),
                };
                PublicKey::Ec {
                    curve,
                    point: key_bytes.to_vec(),
                }
            }
            OID_ED25519 => PublicKey::Ed25519(key_bytes.to_vec()),
            OID_ED448 => PublicKey::Other {
                algorithm: "Ed448".into(),
            },
            OID_DSA => PublicKey::Other {
                algorithm: "DSA".into(),
            },
            other => PublicKey::Other {
                algorithm: other.to_string(),
            },
        }
    }

    pub fn family(&self) -> &str {
        match self {
            PublicKey::Rsa { .. } => "RSA",
            PublicKey::Ec { .. } => "EC",
            PublicKey::Ed25519(_) => "Ed25519",
            PublicKey::Other { algorithm } => algorithm,
        }
    }

    pub fn bits(&self) -> Option<u32> {
        match self {
            PublicKey::Rsa { n, .. } => Some(bit_length(n)),
            PublicKey::Ec { curve, .. } => curve.bits(),
            // openssl reports no size for Ed25519; neither do we.
            PublicKey::Ed25519(_) | PublicKey::Other { .. } => None,
        }
    }

    /// ACM's `KeyAlgorithm` enum value, when the key has one in ACM's vocabulary.
    pub fn aws_name(&self) -> Option<String> {
        match self {
            PublicKey::Rsa { .. } => self.bits().map(|b| format!("RSA_{b}")),
            PublicKey::Ec { curve, .. } => match curve {
                Curve::Other(_) => None,
                c => Some(format!("EC_{}", c.name())),
            },
            _ => None,
        }
    }

    /// A short human description: "RSA 2048 bits", "EC prime256v1".
    pub fn describe(&self) -> String {
        match self {
            PublicKey::Rsa { .. } => format!("RSA {} bits", self.bits().unwrap_or(0)),
            PublicKey::Ec { curve, .. } => format!("EC {}", curve.name()),
            PublicKey::Ed25519(_) => "Ed25519".into(),
            PublicKey::Other { algorithm } => algorithm.clone(),
        }
    }

    pub fn description(&self) -> KeyDescription {
        KeyDescription {
            algorithm: self.family().to_string(),
            bits: self.bits(),
            curve: match self {
                PublicKey::Ec { curve, .. } => Some(curve.name().to_string()),
                _ => None,
            },
            aws_key_algorithm: self.aws_name(),
        }
    }

    /// Same key, whatever the point encoding (compressed or uncompressed EC points).
    pub fn same_key(&self, other: &PublicKey) -> bool {
        match (self, other) {
            (
                PublicKey::Ec {
                    curve: c1,
                    point: p1,
                },
                PublicKey::Ec {
                    curve: c2,
                    point: p2,
                },
            ) => c1 == c2 && crate::verify::ec_points_equal(c1, p1, p2),
            (a, b) => a == b,
        }
    }
}

/// How a certificate is signed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Hash {
    Md5,
    Sha1,
    Sha224,
    Sha256,
    Sha384,
    Sha512,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum SigAlg {
    RsaPkcs1(Hash),
    RsaPss { hash: Hash, salt_len: usize },
    Ecdsa(Hash),
    Ed25519,
    Dsa(Hash),
    Other(String),
}

impl SigAlg {
    pub fn name(&self) -> String {
        let h = |h: &Hash| match h {
            Hash::Md5 => "MD5",
            Hash::Sha1 => "SHA1",
            Hash::Sha224 => "SHA224",
            Hash::Sha256 => "SHA256",
            Hash::Sha384 => "SHA384",
            Hash::Sha512 => "SHA512",
        };
        match self {
            SigAlg::RsaPkcs1(x) => format!("{}WithRSA", h(x)),
            SigAlg::RsaPss { hash, .. } => format!("RSASSA-PSS ({})", h(hash)),
            SigAlg::Ecdsa(x) => format!("ECDSA-with-{}", h(x)),
            SigAlg::Ed25519 => "Ed25519".into(),
            SigAlg::Dsa(x) => format!("DSA-with-{}", h(x)),
            SigAlg::Other(s) => s.clone(),
        }
    }
    pub fn hash(&self) -> Option<Hash> {
        match self {
            SigAlg::RsaPkcs1(h) | SigAlg::Ecdsa(h) | SigAlg::Dsa(h) => Some(*h),
            SigAlg::RsaPss { hash, .. } => Some(*hash),
            _ => None,
        }
    }
    /// SHA-1 and MD5 are collision-broken.
    pub fn is_weak(&self) -> bool {
        matches!(self.hash(), Some(Hash::Md5 | Hash::Sha1))
    }
}

pub(crate) fn hash_from_oid(oid: &str) -> Option<Hash> {
    Some(match oid {
        "1.2.840.113549.2.5" => Hash::Md5,
        "1.3.14.3.2.26" => Hash::Sha1,
        "2.16.840.1.101.3.4.2.4" => Hash::Sha224,
        "2.16.840.1.101.3.4.2.1" => Hash::Sha256,
        "2.16.840.1.101.3.4.2.2" => Hash::Sha384,
        "2.16.840.1.101.3.4.2.3" => Hash::Sha512,
        _ => return None,
    })
}

fn sig_alg_of(x509: &X509Certificate<'_>) -> SigAlg {
    use x509_parser::signature_algorithm::SignatureAlgorithm;
    let oid = x509.signature_algorithm.algorithm.to_id_string();
    let simple = match oid.as_str() {
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
    if oid == "1.2.840.113549.1.1.10" {
        if let Ok(SignatureAlgorithm::RSASSA_PSS(params)) =
            SignatureAlgorithm::try_from(&x509.signature_algorithm)
        {
            let hash = hash_from_oid(&params.hash_algorithm_oid().to_id_string());
            if let Some(hash) = hash {
                return SigAlg::RsaPss {
                    hash,
                    salt_len: params.salt_length() as usize,
                };
            }
        }
        return SigAlg::Other("RSASSA-PSS (unsupported parameters)".into());
    }
    SigAlg::Other(oid)
}

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
    pub sha1: String,
    pub sha256: String,
    /// Whether the certificate's own key verifies its signature; computed once, on demand.
    self_signature: OnceLock<bool>,
}

impl Cert {
    /// Parses one DER certificate. Trailing bytes are an error: a certificate is exact.
    pub fn from_der(der: &[u8]) -> Result<Cert, String> {
        // Extensions are parsed below, only those the rules read: x509-parser's deep parse
        // reads every extension it knows, which costs the page about 5 KB of gzip.
        let (rest, x509) = X509CertificateParser::new()
            .with_deep_parse_extensions(false)
            .parse(der)
            .map_err(|e| format!("not an X.509 certificate: {e}"))?;
        if !rest.is_empty() {
            return Err(format!("{} bytes follow the certificate", rest.len()));
        }
        let der = der.to_vec();
        let tbs = &x509.tbs_certificate;
        let mut sans = Vec::new();
        let mut is_ca = None;
        let mut path_len = None;
        let mut key_usage = Vec::new();
        let mut extended_key_usage = Vec::new();
        let mut ocsp_urls = Vec::new();
        for ext in tbs.extensions() {
            // A malformed extension is skipped, as x509-parser's deep parse does.
            let v = ext.value;
            if ext.oid == OID_X509_EXT_SUBJECT_ALT_NAME {
                if let Ok((_, san)) = SubjectAlternativeName::from_der(v) {
                    sans.extend(san.general_names.iter().map(general_name));
                }
            } else if ext.oid == OID_X509_EXT_BASIC_CONSTRAINTS {
                if let Ok((_, bc)) = BasicConstraints::from_der(v) {
                    is_ca = Some(bc.ca);
                    path_len = bc.path_len_constraint;
                }
            } else if ext.oid == OID_X509_EXT_KEY_USAGE {
                if let Ok((_, ku)) = KeyUsage::from_der(v) {
                    key_usage = ku.to_string().split(", ").map(str::to_string).collect();
                    key_usage.retain(|s| !s.is_empty());
                }
            } else if ext.oid == OID_X509_EXT_EXTENDED_KEY_USAGE {
                if let Ok((_, eku)) = ExtendedKeyUsage::from_der(v) {
                    let flags = [
                        (eku.any, "anyExtendedKeyUsage"),
                        (eku.server_auth, "serverAuth"),
                        (eku.client_auth, "clientAuth"),
                        (eku.code_signing, "codeSigning"),
                        (eku.email_protection, "emailProtection"),
                        (eku.time_stamping, "timeStamping"),
                        (eku.ocsp_signing, "OCSPSigning"),
                    ];
                    extended_key_usage = flags
                        .iter()
                        .filter(|(on, _)| *on)
                        .map(|(_, n)| n.to_string())
                        .collect();
                    extended_key_usage.extend(eku.other.iter().map(|o| o.to_id_string()));
                }
            } else if ext.oid == OID_PKIX_AUTHORITY_INFO_ACCESS {
                if let Ok((_, aia)) = AuthorityInfoAccess::from_der(v) {
                    for desc in aia.iter() {
                        if desc.access_method.to_id_string() == "1.3.6.1.5.5.7.48.1" {
                            if let GeneralName::URI(uri) = desc.access_location {
                                ocsp_urls.push(uri.to_string());
                            }
                        }
                    }
                }
            }
        }
        let subject_cn = tbs
            .subject()
            .iter_common_name()
            .next()
            .and_then(|cn| cn.as_str().ok())
            .map(str::to_string);
        Ok(Cert {
            subject: name_text(tbs.subject()),
            issuer: name_text(tbs.issuer()),
            subject_raw: tbs.subject().as_raw().to_vec(),
            issuer_raw: tbs.issuer().as_raw().to_vec(),
            subject_cn,
            serial: hex::encode(tbs.raw_serial()),
            version: tbs.version().0 + 1,
            sans,
            not_before: tbs.validity().not_before.timestamp(),
            not_after: tbs.validity().not_after.timestamp(),
            key: PublicKey::from_spki(tbs.subject_pki.raw),
            sig_alg: sig_alg_of(&x509),
            tbs: tbs.as_ref().to_vec(),
            signature: x509.signature_value.data.to_vec(),
            is_ca,
            path_len,
            key_usage,
            extended_key_usage,
            ocsp_urls,
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
                .get_or_init(|| crate::verify::verify_signature(self, &self.key).is_ok())
    }

    pub fn valid_at(&self, at: i64) -> bool {
        self.not_before <= at && at <= self.not_after
    }

    pub fn pem(&self) -> String {
        ::pem::encode_config(
            &::pem::Pem::new("CERTIFICATE", self.der.clone()),
            ::pem::EncodeConfig::new().set_line_ending(::pem::LineEnding::LF),
        )
    }

    /// The part of the report that describes this certificate.
    pub fn report(&self, role: Role, index: usize, at: i64) -> CertificateReport {
        CertificateReport {
            role,
            index,
            subject: self.subject.clone(),
            issuer: self.issuer.clone(),
            serial: self.serial.clone(),
            version: self.version,
            sans: self.sans.clone(),
            not_before: format_rfc3339(self.not_before),
            not_after: format_rfc3339(self.not_after),
            days_remaining: days_between(at, self.not_after),
            valid_at_instant: self.valid_at(at),
            key: self.key.description(),
            signature_algorithm: self.sig_alg.name(),
            is_ca: self.is_ca,
            path_len: self.path_len,
            self_issued: self.self_issued(),
            key_usage: self.key_usage.clone(),
            extended_key_usage: self.extended_key_usage.clone(),
            sha1: self.sha1.clone(),
            sha256: self.sha256.clone(),
            pem: self.pem(),
        }
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

fn general_name(name: &GeneralName<'_>) -> String {
    match name {
        GeneralName::DNSName(s) => format!("DNS:{s}"),
        GeneralName::RFC822Name(s) => format!("email:{s}"),
        GeneralName::URI(s) => format!("URI:{s}"),
        GeneralName::IPAddress(b) => match b.len() {
            4 => format!("IP:{}", std::net::Ipv4Addr::new(b[0], b[1], b[2], b[3])),
            16 => {
                let mut a = [0u8; 16];
                a.copy_from_slice(b);
                format!("IP:{}", std::net::Ipv6Addr::from(a))
            }
            _ => format!("IP:{}", hex::encode(b)),
        },
        GeneralName::DirectoryName(n) => format!("DirName:{}", name_text(n)),
        // OpenSSL's labels. (Not `{:?}`: the Debug impls of x509-parser's name types cost
        // the page several KB.)
        GeneralName::OtherName(oid, _) => format!("othername:{oid}"),
        GeneralName::RegisteredID(oid) => format!("Registered ID:{oid}"),
        GeneralName::X400Address(_) => "X400Name:<unsupported>".into(),
        GeneralName::EDIPartyName(_) => "EdiPartyName:<unsupported>".into(),
        GeneralName::Invalid(_, b) => format!("invalid:{}", hex::encode(b)),
    }
}

/// A name as `X509Name`'s `Display` writes it (`CN=a, O=b`, multi-valued RDNs joined by
/// ` + `), byte for byte, without x509-parser's OID registry: its full table of names and
/// the code that builds it cost the page ~22 KB of wasm. Attribute types it names are the
/// ones listed here (the registry's X.500, PKCS#9, uid/DC and jurisdiction entries); any
/// other type is written `OID(1.2.3)` as before.
fn name_text(name: &x509_parser::x509::X509Name<'_>) -> String {
    const INVALID: &str = "<X509Error: Invalid X.509 name>";
    let mut out = String::new();
    for (i, rdn) in name.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        for (j, attr) in rdn.iter().enumerate() {
            if j > 0 {
                out.push_str(" + ");
            }
            let Some(value) = attribute_text(attr.attr_value()) else {
                return INVALID.to_string();
            };
            let oid = attr.attr_type();
            match attribute_short_name(&oid.to_id_string()) {
                Some(short) => out.push_str(short),
                None => {
                    out.push_str("OID(");
                    out.push_str(&oid.to_id_string());
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
fn attribute_text(value: &x509_parser::der_parser::asn1_rs::Any<'_>) -> Option<String> {
    use x509_parser::der_parser::asn1_rs::Tag;
    match value.tag() {
        Tag::NumericString
        | Tag::VisibleString
        | Tag::PrintableString
        | Tag::GeneralString
        | Tag::ObjectDescriptor
        | Tag::GraphicString
        | Tag::T61String
        | Tag::VideotexString
        | Tag::Utf8String
        | Tag::Ia5String => std::str::from_utf8(value.data).ok().map(str::to_string),
        Tag::BmpString => {
            let units: Vec<u16> = value
                .data
                .chunks(2)
                .map(|c| match c {
                    [a, b] => (u16::from(*a) << 8) | u16::from(*b),
                    [a] => u16::from(*a),
                    _ => 0,
                })
                .collect();
            String::from_utf16(&units).ok()
        }
        _ => Some(hex::encode_upper(value.data)),
    }
}

/// x509-parser's abbreviations, then its registry's short names, for attribute types.
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
    use super::name_text;
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

    /// The page's own name formatter writes exactly what x509-parser's Display does.
    #[test]
    fn names_match_x509_parser_display() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut ders = Vec::new();
        certs_under(&root.join("tests/fixtures"), &mut ders);
        certs_under(&root.join("../shared/realworld"), &mut ders);
        certs_under(std::path::Path::new("/etc/ssl/certs"), &mut ders);
        assert!(ders.len() > 20, "only {} certificates found", ders.len());
        for der in &ders {
            let Ok((_, x509)) = X509Certificate::from_der(der) else {
                continue;
            };
            assert_eq!(name_text(x509.subject()), x509.subject().to_string());
            assert_eq!(name_text(x509.issuer()), x509.issuer().to_string());
        }
    }
}
