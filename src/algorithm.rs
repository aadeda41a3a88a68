//! Public keys and signature algorithms as facts: which family, which curve, how many bits,
//! which hash. Nothing here parses a certificate or does arithmetic; `verify` answers the
//! crypto questions, `cert` and `key` fill these types in.
//!
//! Comparing two EC points needs no curve arithmetic: a compressed point (`02`/`03` ‖ x)
//! names the same point as an uncompressed one (`04` ‖ x ‖ y) when x is equal and the prefix
//! gives y's parity.

use der::asn1::ObjectIdentifier as Oid;
use der::{Decode, Tagged};

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
    /// The curve is spelled out (ECParameters: field, coefficients, base point) instead of
    /// named by an OID. OpenSSL writes this with `-param_enc explicit`; AWS and TLS libraries
    /// take named curves only (RFC 5480 forbids explicit parameters in certificates). `bits`
    /// is the size of the group's order, as OpenSSL reports the key size.
    Explicit {
        bits: Option<u32>,
    },
    Other(String),
}

impl Curve {
    /// The curve an EC key's AlgorithmIdentifier (or SEC1 `parameters`) names: an OID, an
    /// explicit ECParameters SEQUENCE, or nothing.
    pub fn from_parameters(parameters: Option<der::asn1::AnyRef<'_>>) -> Curve {
        match parameters {
            Some(p) if p.tag() == der::Tag::ObjectIdentifier => match p.decode_as::<Oid>() {
                Ok(oid) => Curve::from_oid(&oid),
                Err(_) => Curve::Other("a malformed curve OID".into()),
            },
            Some(p) if p.tag() == der::Tag::Sequence => Curve::Explicit {
                bits: explicit_order_bits(p.value()),
            },
            Some(_) => Curve::Other("unrecognised curve parameters".into()),
            None => Curve::Other("no curve parameters".into()),
        }
    }
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
            Curve::Explicit { .. } => "explicit",
            Curve::Other(s) => s,
        }
    }
    pub fn bits(&self) -> Option<u32> {
        match self {
            Curve::P256 => Some(256),
            Curve::P384 => Some(384),
            Curve::P521 => Some(521),
            Curve::Other(s) if s == "secp256k1" => Some(256),
            Curve::Explicit { bits } => *bits,
            Curve::Other(_) => None,
        }
    }
}

/// The bit size of `order` in ECParameters ::= SEQUENCE { version INTEGER, fieldID
/// FieldID, curve Curve, base ECPoint, order INTEGER, cofactor INTEGER OPTIONAL } (RFC 3279),
/// given the SEQUENCE's contents.
fn explicit_order_bits(contents: &[u8]) -> Option<u32> {
    use der::Reader as _;
    let mut r = der::SliceReader::new(contents).ok()?;
    r.decode::<u8>().ok()?;
    r.decode::<der::asn1::AnyRef<'_>>().ok()?;
    r.decode::<der::asn1::AnyRef<'_>>().ok()?;
    r.decode::<der::asn1::OctetStringRef<'_>>().ok()?;
    let order: der::asn1::UintRef<'_> = r.decode().ok()?;
    Some(bit_length(order.as_bytes()))
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
                let curve = Curve::from_parameters(spki.algorithm.parameters);
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
                Curve::Other(_) | Curve::Explicit { .. } => None,
                c => Some(format!("EC_{}", c.name())),
            },
            _ => None,
        }
    }

    /// A short human description: "RSA 2048 bits", "EC prime256v1".
    pub fn describe(&self) -> String {
        match self {
            PublicKey::Rsa { .. } => format!("RSA {} bits", self.bits().unwrap_or(0)),
            PublicKey::Ec {
                curve: Curve::Explicit { .. },
                ..
            } => "EC with explicit curve parameters (not a named curve)".into(),
            PublicKey::Ec { curve, .. } => format!("EC {}", curve.name()),
            PublicKey::Ed25519(_) => "Ed25519".into(),
            PublicKey::Other { algorithm } => algorithm.clone(),
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
            ) => c1 == c2 && ec_points_equal(c1, p1, p2),
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

/// The signature algorithms by OID, as `openssl x509 -text` names them (OpenSSL's long
/// names); the engine verifies some of them (`SigAlg`), names the rest.
const SIGNATURE_NAMES: &[(&str, &str)] = &[
    ("1.2.840.113549.1.1.2", "md2WithRSAEncryption"),
    ("1.2.840.113549.1.1.3", "md4WithRSAEncryption"),
    ("1.2.840.113549.1.1.4", "md5WithRSAEncryption"),
    ("1.2.840.113549.1.1.5", "sha1WithRSAEncryption"),
    ("1.3.14.3.2.29", "sha1WithRSA"),
    ("1.2.840.113549.1.1.14", "sha224WithRSAEncryption"),
    ("1.2.840.113549.1.1.11", "sha256WithRSAEncryption"),
    ("1.2.840.113549.1.1.12", "sha384WithRSAEncryption"),
    ("1.2.840.113549.1.1.13", "sha512WithRSAEncryption"),
    ("1.2.840.113549.1.1.10", "rsassaPss"),
    ("1.2.840.10045.4.1", "ecdsa-with-SHA1"),
    ("1.2.840.10045.4.3.1", "ecdsa-with-SHA224"),
    ("1.2.840.10045.4.3.2", "ecdsa-with-SHA256"),
    ("1.2.840.10045.4.3.3", "ecdsa-with-SHA384"),
    ("1.2.840.10045.4.3.4", "ecdsa-with-SHA512"),
    ("1.3.101.112", "ED25519"),
    ("1.3.101.113", "ED448"),
    ("1.2.840.10040.4.3", "dsaWithSHA1"),
    ("2.16.840.1.101.3.4.3.2", "dsa_with_SHA256"),
    ("1.2.643.2.2.3", "GOST R 34.11-94 with GOST R 34.10-2001"),
    ("1.2.643.2.2.4", "GOST R 34.11-94 with GOST R 34.10-94"),
    (
        "1.2.643.7.1.1.3.2",
        "GOST R 34.10-2012 with GOST R 34.11-2012 (256 bit)",
    ),
    (
        "1.2.643.7.1.1.3.3",
        "GOST R 34.10-2012 with GOST R 34.11-2012 (512 bit)",
    ),
    ("1.2.156.10197.1.501", "SM2-with-SM3"),
];

/// A signature algorithm OID's OpenSSL name (`sha256WithRSAEncryption`), when it has one.
pub(crate) fn openssl_signature_name(oid: &str) -> Option<&'static str> {
    SIGNATURE_NAMES
        .iter()
        .find(|(o, _)| *o == oid)
        .map(|(_, n)| *n)
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

/// The curves a backend is asked about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NamedCurve {
    P256,
    P384,
    P521,
}

impl NamedCurve {
    pub(crate) fn of(curve: &Curve) -> Option<NamedCurve> {
        match curve {
            Curve::P256 => Some(NamedCurve::P256),
            Curve::P384 => Some(NamedCurve::P384),
            Curve::P521 => Some(NamedCurve::P521),
            Curve::Explicit { .. } | Curve::Other(_) => None,
        }
    }
    /// WebCrypto's `namedCurve`.
    pub fn web_name(self) -> &'static str {
        match self {
            NamedCurve::P256 => "P-256",
            NamedCurve::P384 => "P-384",
            NamedCurve::P521 => "P-521",
        }
    }
    /// Bytes of a field element (and of a private scalar).
    pub fn field_bytes(self) -> usize {
        match self {
            NamedCurve::P256 => 32,
            NamedCurve::P384 => 48,
            NamedCurve::P521 => 66,
        }
    }
    /// The curve's object identifier (for a PKCS#8 wrapping of a scalar).
    pub fn oid(self) -> der::asn1::ObjectIdentifier {
        match self {
            NamedCurve::P256 => OID_P256,
            NamedCurve::P384 => OID_P384,
            NamedCurve::P521 => OID_P521,
        }
    }
}

/// Compares two SEC1 points on one curve, compressed or not (see the module comment).
pub(crate) fn ec_points_equal(curve: &Curve, a: &[u8], b: &[u8]) -> bool {
    if a == b {
        return true;
    }
    match NamedCurve::of(curve) {
        Some(named) => same_point(named, a, b),
        None => false,
    }
}

/// [`ec_points_equal`] on a named curve.
pub fn same_point(curve: NamedCurve, a: &[u8], b: &[u8]) -> bool {
    let field = curve.field_bytes();
    if a == b {
        return true;
    }
    let compressed_equals = |c: &[u8], u: &[u8]| {
        c.len() == 1 + field
            && u.len() == 1 + 2 * field
            && u[0] == 0x04
            && matches!(c[0], 0x02 | 0x03)
            && c[1..] == u[1..=field]
            && (u[2 * field] & 1) == (c[0] & 1)
    };
    compressed_equals(a, b) || compressed_equals(b, a)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compressed_and_uncompressed_points_compare_by_x_and_parity() {
        let mut u = vec![0x04];
        u.extend([7u8; 32]);
        let mut y = vec![9u8; 32];
        y[31] = 0x11; // odd
        u.extend(&y);
        let mut c_odd = vec![0x03];
        c_odd.extend([7u8; 32]);
        let mut c_even = c_odd.clone();
        c_even[0] = 0x02;
        assert!(ec_points_equal(&Curve::P256, &u, &c_odd));
        assert!(ec_points_equal(&Curve::P256, &c_odd, &u));
        assert!(!ec_points_equal(&Curve::P256, &u, &c_even));
        let mut other_x = c_odd.clone();
        other_x[5] ^= 1;
        assert!(!ec_points_equal(&Curve::P256, &u, &other_x));
        // The wrong length for the curve never matches.
        assert!(!ec_points_equal(&Curve::P384, &u, &c_odd));
    }
}

#[cfg(test)]
mod signature_names {
    use super::openssl_signature_name;

    #[test]
    fn weak_and_national_algorithms_are_named_as_openssl_names_them() {
        for (oid, name) in [
            ("1.2.840.113549.1.1.2", "md2WithRSAEncryption"),
            ("1.2.840.113549.1.1.4", "md5WithRSAEncryption"),
            ("1.2.840.113549.1.1.5", "sha1WithRSAEncryption"),
            ("1.2.840.10045.4.3.2", "ecdsa-with-SHA256"),
            (
                "1.2.643.7.1.1.3.2",
                "GOST R 34.10-2012 with GOST R 34.11-2012 (256 bit)",
            ),
            ("1.2.156.10197.1.501", "SM2-with-SM3"),
        ] {
            assert_eq!(openssl_signature_name(oid), Some(name), "{oid}");
        }
        assert_eq!(openssl_signature_name("1.2.3.4"), None);
    }
}
