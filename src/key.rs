//! Private keys: recognise the wrapping, derive the public key, forget the secret.
//!
//! Only the public half survives parsing; every buffer that held secret material is
//! zeroized before it is dropped.

use crate::algorithm::{strip_zeros, Curve, PublicKey, OID_EC, OID_ED25519, OID_RSA, OID_RSA_PSS};
use crate::verify::EcPointError;
use der::asn1::{AnyRef, BitStringRef, OctetStringRef};
use der::{Decode, Reader as _, Tag, TagNumber, Tagged};

/// How the key was wrapped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum KeyFormat {
    /// `RSA PRIVATE KEY`
    Pkcs1,
    /// `PRIVATE KEY`
    Pkcs8,
    /// `EC PRIVATE KEY`
    Sec1,
    /// `ENCRYPTED PRIVATE KEY`
    Pkcs8Encrypted,
    /// `Proc-Type: 4,ENCRYPTED` on a PKCS#1 or SEC1 block
    PemEncrypted,
    /// `OPENSSH PRIVATE KEY`
    OpenSsh,
}

impl KeyFormat {
    pub fn name(self) -> &'static str {
        match self {
            KeyFormat::Pkcs1 => "PKCS#1",
            KeyFormat::Pkcs8 => "PKCS#8",
            KeyFormat::Sec1 => "SEC1",
            KeyFormat::Pkcs8Encrypted => "PKCS#8 (encrypted)",
            KeyFormat::PemEncrypted => "PEM (encrypted, Proc-Type)",
            KeyFormat::OpenSsh => "OpenSSH",
        }
    }
    pub fn encrypted(self) -> bool {
        matches!(self, KeyFormat::Pkcs8Encrypted | KeyFormat::PemEncrypted)
    }
}

/// What is known about a private key after parsing; no secret material.
#[derive(Debug, Clone)]
pub(crate) struct PrivKey {
    pub format: KeyFormat,
    /// The public key derived from the private key, when it could be derived.
    pub public: Option<PublicKey>,
    /// Family and size, when known without the public key (e.g. Ed25519 without its public half).
    pub algorithm: String,
    pub bits: Option<u32>,
    pub curve: Option<String>,
    /// Why the key could not be read, when it could not.
    pub error: Option<String>,
    /// Came as DER, not PEM.
    pub der: bool,
}

impl PrivKey {
    fn new(format: KeyFormat) -> PrivKey {
        PrivKey {
            format,
            public: None,
            algorithm: "unknown".into(),
            bits: None,
            curve: None,
            error: None,
            der: false,
        }
    }

    fn with_public(mut self, public: PublicKey) -> PrivKey {
        self.algorithm = public.family().to_string();
        self.bits = public.bits();
        self.curve = match &public {
            PublicKey::Ec { curve, .. } => Some(curve.name().to_string()),
            _ => None,
        };
        self.public = Some(public);
        self
    }

    fn failed(mut self, why: impl Into<String>) -> PrivKey {
        self.error = Some(why.into());
        self
    }

    pub fn describe(&self) -> String {
        match (&self.public, &self.curve) {
            (Some(p), _) => p.describe(),
            (None, Some(c)) => format!("{} {c}", self.algorithm),
            (None, None) => match self.bits {
                Some(b) => format!("{} {b} bits", self.algorithm),
                None => self.algorithm.clone(),
            },
        }
    }
}

/// Parses a PEM private-key block. `contents` is zeroized by the caller's `Zeroizing`.
/// `curve_hint` is the curve of a preceding `EC PARAMETERS` block.
pub(crate) fn from_pem_block(
    label: &str,
    contents: &[u8],
    proc_type_encrypted: bool,
    curve_hint: Option<&Curve>,
) -> PrivKey {
    if proc_type_encrypted {
        let mut k = PrivKey::new(KeyFormat::PemEncrypted);
        k.algorithm = match label {
            "RSA PRIVATE KEY" => "RSA".into(),
            "EC PRIVATE KEY" => "EC".into(),
            _ => "unknown".into(),
        };
        return k;
    }
    match label {
        "RSA PRIVATE KEY" => pkcs1(contents),
        "PRIVATE KEY" => pkcs8(contents),
        "EC PRIVATE KEY" => sec1(contents, curve_hint, None),
        "ENCRYPTED PRIVATE KEY" => encrypted_pkcs8(contents),
        "OPENSSH PRIVATE KEY" => PrivKey::new(KeyFormat::OpenSsh)
            .failed("an OpenSSH key: AWS certificate imports take PEM (PKCS#1, PKCS#8 or SEC1)"),
        _ => PrivKey::new(KeyFormat::Pkcs8).failed(format!("'{label}' is not a private key")),
    }
}

/// Tries the DER encodings in turn; None when the bytes are no private key.
pub(crate) fn from_der(der: &[u8]) -> Option<PrivKey> {
    let attempts: [fn(&[u8]) -> PrivKey; 3] = [pkcs8, pkcs1, |d| sec1(d, None, None)];
    for attempt in attempts {
        let k = attempt(der);
        if k.error.is_none() {
            return Some(PrivKey { der: true, ..k });
        }
    }
    if is_encrypted_pkcs8(der) {
        return Some(PrivKey {
            der: true,
            ..encrypted_pkcs8(der)
        });
    }
    None
}

fn pkcs1(der: &[u8]) -> PrivKey {
    let k = PrivKey::new(KeyFormat::Pkcs1);
    match pkcs1::RsaPrivateKey::from_der(der) {
        Ok(rsa) => k.with_public(PublicKey::Rsa {
            n: strip_zeros(rsa.modulus.as_bytes()),
            e: strip_zeros(rsa.public_exponent.as_bytes()),
        }),
        Err(e) => k.failed(format!("not a PKCS#1 RSA private key: {e}")),
    }
}

fn pkcs8(der: &[u8]) -> PrivKey {
    let k = PrivKey::new(KeyFormat::Pkcs8);
    let info = match pkcs8::PrivateKeyInfo::from_der(der) {
        Ok(i) => i,
        Err(e) => return k.failed(format!("not a PKCS#8 private key: {e}")),
    };
    match info.algorithm.oid {
        OID_RSA | OID_RSA_PSS => PrivKey {
            format: KeyFormat::Pkcs8,
            ..pkcs1(info.private_key)
        },
        OID_EC => {
            let curve = info
                .algorithm
                .parameters
                .map(|p| Curve::from_parameters(Some(p)));
            PrivKey {
                format: KeyFormat::Pkcs8,
                ..sec1(info.private_key, curve.as_ref(), Some(der))
            }
        }
        OID_ED25519 => ed25519(k, info.private_key, info.public_key, der),
        other => {
            let mut k = k;
            k.algorithm = match other.to_string().as_str() {
                "1.3.101.113" => "Ed448".into(),
                "1.2.840.10040.4.1" => "DSA".into(),
                s => s.to_string(),
            };
            k
        }
    }
}

/// An Ed25519 PKCS#8 key (RFC 8410): `private_key` is an OCTET STRING holding the 32-byte
/// seed; a v2 (OneAsymmetricKey) file may also store the public key, which must then be the
/// seed's.
fn ed25519(k: PrivKey, private_key: &[u8], stored: Option<&[u8]>, pkcs8: &[u8]) -> PrivKey {
    let mut k = k;
    k.algorithm = "Ed25519".into();
    let Ok(seed) = OctetStringRef::from_der(private_key) else {
        return k.failed("the Ed25519 private key is not a 32-byte seed in an OCTET STRING");
    };
    if seed.as_bytes().len() != 32 {
        return k.failed("the Ed25519 private key is not a 32-byte seed in an OCTET STRING");
    }
    match crate::verify::ed25519_public(seed.as_bytes(), pkcs8) {
        Ok(public) if stored.is_some_and(|s| s != public.as_slice()) => {
            k.failed("the public key stored with the Ed25519 private key does not belong to it")
        }
        Ok(public) => k.with_public(PublicKey::Ed25519(public)),
        // No Ed25519 arithmetic here (or no answer yet): keep what the file stores.
        Err(_) => match stored {
            Some(public) => k.with_public(PublicKey::Ed25519(public.to_vec())),
            None => k,
        },
    }
}

/// ECPrivateKey (RFC 5915): SEQUENCE { version INTEGER (1), privateKey OCTET STRING,
/// parameters [0] ECParameters OPTIONAL, publicKey [1] BIT STRING OPTIONAL }. Read by its
/// outline so that explicit curve parameters (a SEQUENCE where a named curve's OID usually
/// is) are recognised rather than refused as unreadable.
struct Sec1<'a> {
    scalar: &'a [u8],
    parameters: Option<AnyRef<'a>>,
    public: Option<&'a [u8]>,
}

fn read_sec1(der: &[u8]) -> der::Result<Sec1<'_>> {
    let tag = |n| Tag::ContextSpecific {
        constructed: true,
        number: n,
    };
    crate::der_util::sequence(der, |r| {
        let version: u8 = r.decode()?;
        if version != 1 {
            return Err(der::ErrorKind::Value { tag: Tag::Integer }.into());
        }
        let scalar: OctetStringRef<'_> = r.decode()?;
        let mut sec1 = Sec1 {
            scalar: scalar.as_bytes(),
            parameters: None,
            public: None,
        };
        while !r.is_finished() {
            let field: AnyRef<'_> = r.decode()?;
            if field.tag() == tag(TagNumber::N0) {
                sec1.parameters = Some(AnyRef::from_der(field.value())?);
            } else if field.tag() == tag(TagNumber::N1) {
                let bits = BitStringRef::from_der(field.value())?;
                sec1.public = Some(bits.raw_bytes());
            }
        }
        Ok(sec1)
    })
}

/// `pkcs8`: the whole PrivateKeyInfo when the SEC1 key came wrapped in one.
fn sec1(der: &[u8], curve_hint: Option<&Curve>, pkcs8: Option<&[u8]>) -> PrivKey {
    let k = PrivKey::new(KeyFormat::Sec1);
    let ec = match read_sec1(der) {
        Ok(ec) => ec,
        Err(e) => return k.failed(format!("not an EC private key: {e}")),
    };
    let curve = ec
        .parameters
        .map(|p| Curve::from_parameters(Some(p)))
        .or_else(|| curve_hint.cloned());
    let Some(curve) = curve else {
        return k.failed("the EC key names no curve (and no EC PARAMETERS block came with it)");
    };
    if matches!(curve, Curve::Explicit { .. }) {
        // Readable, but on no named curve: AWS and TLS libraries refuse it. The stored point
        // still lets it be compared with a certificate that spells out the same curve.
        return match ec.public {
            Some(point) => k.with_public(PublicKey::Ec {
                curve,
                point: point.to_vec(),
            }),
            None => {
                let mut k = k;
                k.algorithm = "EC".into();
                k.curve = Some(curve.name().to_string());
                k
            }
        };
    }
    match crate::verify::ec_public_point(&curve, ec.scalar, ec.public, pkcs8) {
        Ok(point) => k.with_public(PublicKey::Ec { curve, point }),
        Err(EcPointError::Invalid) => {
            k.failed(format!(
            "the {} private key is not valid (its scalar is out of range, or the public key stored with it does not belong to it)",
            curve.name()
        ))
        }
        // No arithmetic for this curve here (or no answer yet): keep the public point the
        // key file stores, so a match can still be checked.
        Err(EcPointError::Unavailable(why)) => match ec.public {
            Some(point) => k.with_public(PublicKey::Ec {
                curve: curve.clone(),
                point: point.to_vec(),
            }),
            None => k.failed(format!(
                "the {} public key could not be derived ({why}) and the key file does not store it",
                curve.name()
            )),
        },
    }
}

/// EncryptedPrivateKeyInfo ::= SEQUENCE { encryptionAlgorithm AlgorithmIdentifier,
/// encryptedData OCTET STRING } (RFC 5208), by its outline: the engine never decrypts, so it
/// does not parse the scheme's parameters (which would cost the page 6 KB of gzip).
fn is_encrypted_pkcs8(der: &[u8]) -> bool {
    crate::der_util::sequence(der, |r| {
        der::Reader::decode::<spki::AlgorithmIdentifierRef<'_>>(r)?;
        der::Reader::decode::<der::asn1::OctetStringRef<'_>>(r)?;
        Ok(())
    })
    .is_ok()
}

fn encrypted_pkcs8(der: &[u8]) -> PrivKey {
    let mut k = PrivKey::new(KeyFormat::Pkcs8Encrypted);
    if !is_encrypted_pkcs8(der) {
        k.error = Some("the ENCRYPTED PRIVATE KEY block is not valid PKCS#8".into());
    }
    k
}
