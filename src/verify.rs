//! Signatures and EC key derivation, behind a [`CryptoBackend`].
//!
//! The engine asks two questions of public-key crypto: does this signature verify under that
//! key, and which public point belongs to this EC private scalar. Natively (feature
//! `rustcrypto`, on by default) RustCrypto answers them: RSA PKCS#1 v1.5 and PSS, ECDSA
//! P-256/384/521. The web page is built without it and answers through the browser's own
//! WebCrypto (`src/app/webcrypto.rs`), which saves the page about 80 KB of gzip; WebCrypto is
//! asynchronous, so the page installs a backend that answers from a cache with
//! [`with_backend`], runs what the cache did not know, and checks again.
//!
//! Comparing two EC points needs no curve arithmetic: a compressed point (`02`/`03` ‖ x)
//! names the same point as an uncompressed one (`04` ‖ x ‖ y) when x is equal and the prefix
//! gives y's parity.

use crate::cert::{Cert, Curve, Hash, PublicKey, SigAlg};
use std::cell::RefCell;
use std::rc::Rc;

/// Why a signature did not verify.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VerifyError {
    /// The signature is wrong for this key.
    Invalid,
    /// The algorithm pair cannot be checked here (or the backend could not answer).
    Unsupported(String),
}

/// Why no public point came from an EC private scalar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EcPointError {
    /// The scalar is not a valid private key on that curve (zero, or not below the order).
    Invalid,
    /// This backend cannot say (unknown curve, or no answer yet).
    Unavailable(String),
}

/// The signature schemes a backend is asked to verify. `hash` is never MD5: that is refused
/// before a backend is asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Scheme {
    RsaPkcs1(HashAlg),
    RsaPss { hash: HashAlg, salt_len: usize },
    Ecdsa(HashAlg),
}

impl Scheme {
    /// The hash the scheme signs with.
    pub fn hash(self) -> HashAlg {
        match self {
            Scheme::RsaPkcs1(h) | Scheme::RsaPss { hash: h, .. } | Scheme::Ecdsa(h) => h,
        }
    }
}

/// Hashes a backend may be asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HashAlg {
    Sha1,
    Sha224,
    Sha256,
    Sha384,
    Sha512,
}

impl HashAlg {
    /// WebCrypto's name (it has no SHA-224).
    pub fn web_name(self) -> Option<&'static str> {
        match self {
            HashAlg::Sha1 => Some("SHA-1"),
            HashAlg::Sha224 => None,
            HashAlg::Sha256 => Some("SHA-256"),
            HashAlg::Sha384 => Some("SHA-384"),
            HashAlg::Sha512 => Some("SHA-512"),
        }
    }
}

/// A public key as a backend takes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum KeyRef<'a> {
    /// Big-endian modulus and exponent, without leading zeros.
    Rsa { n: &'a [u8], e: &'a [u8] },
    /// A SEC1 point (usually uncompressed) on a named curve.
    Ec { curve: NamedCurve, point: &'a [u8] },
}

/// The curves a backend is asked about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NamedCurve {
    P256,
    P384,
    P521,
}

impl NamedCurve {
    fn of(curve: &Curve) -> Option<NamedCurve> {
        match curve {
            Curve::P256 => Some(NamedCurve::P256),
            Curve::P384 => Some(NamedCurve::P384),
            Curve::P521 => Some(NamedCurve::P521),
            Curve::Other(_) => None,
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
            NamedCurve::P256 => crate::cert::OID_P256,
            NamedCurve::P384 => crate::cert::OID_P384,
            NamedCurve::P521 => crate::cert::OID_P521,
        }
    }
}

/// An EC private key as the engine read it: the scalar, and what the key file also held.
#[derive(Debug, Clone, Copy)]
pub struct EcPrivate<'a> {
    pub curve: NamedCurve,
    /// Big-endian, as stored.
    pub scalar: &'a [u8],
    /// The public point the file stores next to the scalar (not trusted: to be checked).
    pub stored_public: Option<&'a [u8]>,
    /// The whole PKCS#8 PrivateKeyInfo, when the key came in that wrapping.
    pub pkcs8: Option<&'a [u8]>,
}

/// Public-key operations the engine needs. Implementations answer synchronously; one that
/// cannot yet (the page's WebCrypto cache) answers `Unsupported`/`Unavailable` and is asked
/// again later.
pub trait CryptoBackend {
    /// Verifies `signature` over `message` (not a digest: the backend hashes).
    fn verify(
        &self,
        scheme: Scheme,
        key: KeyRef<'_>,
        message: &[u8],
        signature: &[u8],
    ) -> Result<(), VerifyError>;
    /// The public point that belongs to the private scalar (uncompressed SEC1, or exactly
    /// `stored_public` once it is shown to belong to the scalar).
    fn ec_public_point(&self, key: EcPrivate<'_>) -> Result<Vec<u8>, EcPointError>;
}

thread_local! {
    static BACKEND: RefCell<Option<Rc<dyn CryptoBackend>>> = const { RefCell::new(None) };
}

/// Runs `f` with `backend` answering every crypto question the engine asks on this thread
/// (the previous one is restored afterwards, also if `f` unwinds).
pub fn with_backend<R>(backend: Rc<dyn CryptoBackend>, f: impl FnOnce() -> R) -> R {
    struct Restore(Option<Rc<dyn CryptoBackend>>);
    impl Drop for Restore {
        fn drop(&mut self) {
            let previous = self.0.take();
            BACKEND.with(|b| *b.borrow_mut() = previous);
        }
    }
    let _restore = Restore(BACKEND.with(|b| b.borrow_mut().replace(backend)));
    f()
}

/// The backend installed by [`with_backend`], else the build's default.
fn backend() -> Rc<dyn CryptoBackend> {
    BACKEND
        .with(|b| b.borrow().clone())
        .unwrap_or_else(default_backend)
}

#[cfg(feature = "rustcrypto")]
fn default_backend() -> Rc<dyn CryptoBackend> {
    Rc::new(rustcrypto::RustCrypto)
}

#[cfg(not(feature = "rustcrypto"))]
fn default_backend() -> Rc<dyn CryptoBackend> {
    Rc::new(NoBackend)
}

/// A build without RustCrypto whose caller installed no backend.
#[cfg(not(feature = "rustcrypto"))]
struct NoBackend;

#[cfg(not(feature = "rustcrypto"))]
impl CryptoBackend for NoBackend {
    fn verify(&self, _: Scheme, _: KeyRef<'_>, _: &[u8], _: &[u8]) -> Result<(), VerifyError> {
        Err(VerifyError::Unsupported(
            "this build has no signature backend".into(),
        ))
    }
    fn ec_public_point(&self, _: EcPrivate<'_>) -> Result<Vec<u8>, EcPointError> {
        Err(EcPointError::Unavailable(
            "this build has no EC backend".into(),
        ))
    }
}

fn hash_alg(hash: Hash) -> Option<HashAlg> {
    match hash {
        Hash::Md5 => None,
        Hash::Sha1 => Some(HashAlg::Sha1),
        Hash::Sha224 => Some(HashAlg::Sha224),
        Hash::Sha256 => Some(HashAlg::Sha256),
        Hash::Sha384 => Some(HashAlg::Sha384),
        Hash::Sha512 => Some(HashAlg::Sha512),
    }
}

/// Verifies `child`'s signature with `issuer_key`.
pub(crate) fn verify_signature(child: &Cert, issuer_key: &PublicKey) -> Result<(), VerifyError> {
    let unsupported = || {
        Err(VerifyError::Unsupported(format!(
            "{} signed by a {} key",
            child.sig_alg.name(),
            issuer_key.describe()
        )))
    };
    let (scheme, key) = match (&child.sig_alg, issuer_key) {
        (SigAlg::RsaPkcs1(hash), PublicKey::Rsa { n, e }) => match hash_alg(*hash) {
            Some(h) => (Scheme::RsaPkcs1(h), KeyRef::Rsa { n, e }),
            None => return unsupported(),
        },
        (SigAlg::RsaPss { hash, salt_len }, PublicKey::Rsa { n, e }) => match hash_alg(*hash) {
            Some(hash) => (
                Scheme::RsaPss {
                    hash,
                    salt_len: *salt_len,
                },
                KeyRef::Rsa { n, e },
            ),
            None => return unsupported(),
        },
        (SigAlg::Ecdsa(hash), PublicKey::Ec { curve, point }) => {
            match (hash_alg(*hash), NamedCurve::of(curve)) {
                (Some(h), Some(curve)) => (Scheme::Ecdsa(h), KeyRef::Ec { curve, point }),
                _ => return unsupported(),
            }
        }
        _ => return unsupported(),
    };
    backend().verify(scheme, key, &child.tbs, &child.signature)
}

/// The public point of an EC private scalar (see [`CryptoBackend::ec_public_point`]).
pub(crate) fn ec_public_point(
    curve: &Curve,
    scalar: &[u8],
    stored_public: Option<&[u8]>,
    pkcs8: Option<&[u8]>,
) -> Result<Vec<u8>, EcPointError> {
    match NamedCurve::of(curve) {
        Some(named) => backend().ec_public_point(EcPrivate {
            curve: named,
            scalar,
            stored_public,
            pkcs8,
        }),
        None => Err(EcPointError::Unavailable(format!(
            "no arithmetic for the curve {}",
            curve.name()
        ))),
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

/// The RustCrypto backend (native builds and tests).
#[cfg(feature = "rustcrypto")]
pub mod rustcrypto {
    use super::{
        CryptoBackend, EcPointError, EcPrivate, HashAlg, KeyRef, NamedCurve, Scheme, VerifyError,
    };
    use sha2::Digest;
    use zeroize::Zeroizing;

    /// Pure-Rust RSA and ECDSA.
    pub struct RustCrypto;

    fn digest(hash: HashAlg, data: &[u8]) -> Vec<u8> {
        match hash {
            HashAlg::Sha1 => sha1::Sha1::digest(data).to_vec(),
            HashAlg::Sha224 => sha2::Sha224::digest(data).to_vec(),
            HashAlg::Sha256 => sha2::Sha256::digest(data).to_vec(),
            HashAlg::Sha384 => sha2::Sha384::digest(data).to_vec(),
            HashAlg::Sha512 => sha2::Sha512::digest(data).to_vec(),
        }
    }

    fn rsa_key(n: &[u8], e: &[u8]) -> Result<rsa::RsaPublicKey, VerifyError> {
        use rsa::BigUint;
        rsa::RsaPublicKey::new_with_max_size(
            BigUint::from_bytes_be(n),
            BigUint::from_bytes_be(e),
            16_384,
        )
        .map_err(|err| VerifyError::Unsupported(format!("RSA key not usable: {err}")))
    }

    impl CryptoBackend for RustCrypto {
        fn verify(
            &self,
            scheme: Scheme,
            key: KeyRef<'_>,
            message: &[u8],
            signature: &[u8],
        ) -> Result<(), VerifyError> {
            match (scheme, key) {
                (Scheme::RsaPkcs1(hash), KeyRef::Rsa { n, e }) => {
                    let padding = match hash {
                        HashAlg::Sha1 => rsa::Pkcs1v15Sign::new::<sha1::Sha1>(),
                        HashAlg::Sha224 => rsa::Pkcs1v15Sign::new::<sha2::Sha224>(),
                        HashAlg::Sha256 => rsa::Pkcs1v15Sign::new::<sha2::Sha256>(),
                        HashAlg::Sha384 => rsa::Pkcs1v15Sign::new::<sha2::Sha384>(),
                        HashAlg::Sha512 => rsa::Pkcs1v15Sign::new::<sha2::Sha512>(),
                    };
                    rsa_key(n, e)?
                        .verify(padding, &digest(hash, message), signature)
                        .map_err(|_| VerifyError::Invalid)
                }
                (Scheme::RsaPss { hash, salt_len }, KeyRef::Rsa { n, e }) => {
                    let padding = match hash {
                        HashAlg::Sha1 => rsa::Pss::new_with_salt::<sha1::Sha1>(salt_len),
                        HashAlg::Sha224 => rsa::Pss::new_with_salt::<sha2::Sha224>(salt_len),
                        HashAlg::Sha256 => rsa::Pss::new_with_salt::<sha2::Sha256>(salt_len),
                        HashAlg::Sha384 => rsa::Pss::new_with_salt::<sha2::Sha384>(salt_len),
                        HashAlg::Sha512 => rsa::Pss::new_with_salt::<sha2::Sha512>(salt_len),
                    };
                    rsa_key(n, e)?
                        .verify(padding, &digest(hash, message), signature)
                        .map_err(|_| VerifyError::Invalid)
                }
                (Scheme::Ecdsa(hash), KeyRef::Ec { curve, point }) => {
                    ecdsa_verify(curve, point, &digest(hash, message), signature)
                }
                _ => Err(VerifyError::Unsupported(
                    "the signature scheme does not fit the key".into(),
                )),
            }
        }

        fn ec_public_point(&self, key: EcPrivate<'_>) -> Result<Vec<u8>, EcPointError> {
            let scalar = Zeroizing::new(key.scalar.to_vec());
            macro_rules! derive {
                ($c:ident) => {
                    $c::SecretKey::from_slice(&scalar)
                        .map(|s| $c::EncodedPoint::from(s.public_key()).as_bytes().to_vec())
                        .map_err(|_| EcPointError::Invalid)
                };
            }
            let derived = match key.curve {
                NamedCurve::P256 => derive!(p256),
                NamedCurve::P384 => derive!(p384),
                NamedCurve::P521 => derive!(p521),
            }?;
            // A key file whose stored public point is not its scalar's is broken (OpenSSL,
            // and so AWS, would use the stored point); WebCrypto finds the same.
            match key.stored_public {
                Some(stored) if !super::same_point(key.curve, stored, &derived) => {
                    Err(EcPointError::Invalid)
                }
                _ => Ok(derived),
            }
        }
    }

    fn ecdsa_verify(
        curve: NamedCurve,
        point: &[u8],
        prehash: &[u8],
        sig_der: &[u8],
    ) -> Result<(), VerifyError> {
        use ecdsa::signature::hazmat::PrehashVerifier;
        macro_rules! verify_on {
            ($c:ident) => {{
                let Ok(key) = $c::ecdsa::VerifyingKey::from_sec1_bytes(point) else {
                    return Err(VerifyError::Unsupported(
                        "the issuer's EC point is not valid".into(),
                    ));
                };
                let Ok(sig) = $c::ecdsa::Signature::from_der(sig_der) else {
                    return Err(VerifyError::Invalid);
                };
                key.verify_prehash(prehash, &sig)
                    .map_err(|_| VerifyError::Invalid)
            }};
        }
        match curve {
            NamedCurve::P256 => verify_on!(p256),
            NamedCurve::P384 => verify_on!(p384),
            NamedCurve::P521 => verify_on!(p521),
        }
    }
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

    struct Counting(std::cell::Cell<usize>);
    impl CryptoBackend for Counting {
        fn verify(&self, _: Scheme, _: KeyRef<'_>, _: &[u8], _: &[u8]) -> Result<(), VerifyError> {
            self.0.set(self.0.get() + 1);
            Err(VerifyError::Invalid)
        }
        fn ec_public_point(&self, _: EcPrivate<'_>) -> Result<Vec<u8>, EcPointError> {
            Err(EcPointError::Invalid)
        }
    }

    #[test]
    fn an_installed_backend_answers_and_the_previous_one_comes_back() {
        let counting = Rc::new(Counting(std::cell::Cell::new(0)));
        let got = with_backend(counting.clone(), || {
            ec_public_point(&Curve::P256, &[1u8; 32], None, None)
        });
        assert_eq!(got, Err(EcPointError::Invalid));
        // Outside, the default backend answers again (RustCrypto derives a real point).
        #[cfg(feature = "rustcrypto")]
        assert_eq!(
            ec_public_point(&Curve::P256, &[1u8; 32], None, None).map(|p| p.len()),
            Ok(65)
        );
        assert_eq!(
            ec_public_point(&Curve::Other("secp256k1".into()), &[1u8; 32], None, None),
            Err(EcPointError::Unavailable(
                "no arithmetic for the curve secp256k1".into()
            ))
        );
    }
}
