//! Signatures and key derivation, behind a [`CryptoBackend`].
//!
//! The engine asks three questions of public-key crypto: does this signature verify under that
//! key, which public point belongs to this EC private scalar, and which public key belongs to
//! this Ed25519 private key. Natively (feature `rustcrypto`, on by default) RustCrypto answers
//! them: RSA PKCS#1 v1.5 and PSS, ECDSA P-256/384/521, Ed25519. The web page is built without
//! it and answers through the browser's own WebCrypto (`src/app/webcrypto.rs`), which saves
//! the page about 80 KB of gzip; WebCrypto is asynchronous, so the page installs a backend
//! that answers from a cache with [`with_backend`], runs what the cache did not know, and
//! checks again.

pub use crate::algorithm::{same_point, NamedCurve};
use crate::algorithm::{Curve, Hash, PublicKey, SigAlg};
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
    RsaPss {
        hash: HashAlg,
        salt_len: usize,
    },
    Ecdsa(HashAlg),
    /// PureEdDSA (RFC 8032): no separate hash.
    Ed25519,
}

impl Scheme {
    /// The hash the scheme signs with (none for Ed25519).
    pub fn hash(self) -> Option<HashAlg> {
        match self {
            Scheme::RsaPkcs1(h) | Scheme::RsaPss { hash: h, .. } | Scheme::Ecdsa(h) => Some(h),
            Scheme::Ed25519 => None,
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
    /// The 32-byte public key.
    Ed25519(&'a [u8]),
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
    /// The 32-byte public key of an Ed25519 private key, given as its 32-byte seed and the
    /// whole PKCS#8 PrivateKeyInfo it came in.
    fn ed25519_public(&self, seed: &[u8], pkcs8: &[u8]) -> Result<Vec<u8>, EcPointError>;
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

#[cfg(all(feature = "rustcrypto", not(target_arch = "wasm32")))]
fn default_backend() -> Rc<dyn CryptoBackend> {
    Rc::new(native::RingFirst)
}

#[cfg(all(feature = "rustcrypto", target_arch = "wasm32"))]
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
    fn ed25519_public(&self, _: &[u8], _: &[u8]) -> Result<Vec<u8>, EcPointError> {
        Err(EcPointError::Unavailable(
            "this build has no Ed25519 backend".into(),
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

/// Verifies a signature made with `sig_alg` over `signed` (a certificate's TBS) with
/// `issuer_key`.
pub(crate) fn verify_signed(
    sig_alg: &SigAlg,
    signed: &[u8],
    signature: &[u8],
    issuer_key: &PublicKey,
) -> Result<(), VerifyError> {
    let unsupported = || {
        Err(VerifyError::Unsupported(format!(
            "{} signed by a {} key",
            sig_alg.name(),
            issuer_key.describe()
        )))
    };
    let (scheme, key) = match (sig_alg, issuer_key) {
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
        (SigAlg::Ed25519, PublicKey::Ed25519(point)) => (Scheme::Ed25519, KeyRef::Ed25519(point)),
        _ => return unsupported(),
    };
    backend().verify(scheme, key, signed, signature)
}

/// The public key of an Ed25519 private key (see [`CryptoBackend::ed25519_public`]).
pub(crate) fn ed25519_public(seed: &[u8], pkcs8: &[u8]) -> Result<Vec<u8>, EcPointError> {
    backend().ed25519_public(seed, pkcs8)
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

/// The native backend: `ring` verifies what it takes (RSA PKCS#1 v1.5 and PSS with a salt as
/// long as the hash, ECDSA P-256/P-384 with SHA-256/384, Ed25519), several times faster than
/// the pure-Rust code; everything else, and every signature `ring` refuses (so that a bad
/// key is told from a bad signature the same way everywhere), goes to RustCrypto.
#[cfg(all(feature = "rustcrypto", not(target_arch = "wasm32")))]
pub mod native {
    use super::rustcrypto::RustCrypto;
    use super::{
        CryptoBackend, EcPointError, EcPrivate, HashAlg, KeyRef, NamedCurve, Scheme, VerifyError,
    };
    use ring::signature as sig;

    /// `ring` first, RustCrypto for the rest.
    pub struct RingFirst;

    /// A `ring` algorithm: RSA ones take the key as modulus and exponent.
    enum Ring {
        Rsa(&'static sig::RsaParameters),
        Point(&'static dyn sig::VerificationAlgorithm),
    }

    /// The `ring` algorithm for a scheme and key, when `ring` takes them.
    fn ring_algorithm(scheme: Scheme, key: KeyRef<'_>) -> Option<Ring> {
        Some(match (scheme, key) {
            (Scheme::RsaPkcs1(h), KeyRef::Rsa { n, .. }) => {
                let bits = n.len() * 8;
                Ring::Rsa(match (h, bits) {
                    (_, b) if !(1024..=8192).contains(&b) => return None,
                    (HashAlg::Sha256, b) if b >= 2048 => &sig::RSA_PKCS1_2048_8192_SHA256,
                    (HashAlg::Sha384, b) if b >= 2048 => &sig::RSA_PKCS1_2048_8192_SHA384,
                    (HashAlg::Sha512, b) if b >= 2048 => &sig::RSA_PKCS1_2048_8192_SHA512,
                    (HashAlg::Sha256, _) => &sig::RSA_PKCS1_1024_8192_SHA256_FOR_LEGACY_USE_ONLY,
                    (HashAlg::Sha512, _) => &sig::RSA_PKCS1_1024_8192_SHA512_FOR_LEGACY_USE_ONLY,
                    (HashAlg::Sha1, _) => &sig::RSA_PKCS1_1024_8192_SHA1_FOR_LEGACY_USE_ONLY,
                    _ => return None,
                })
            }
            (Scheme::RsaPss { hash, salt_len }, KeyRef::Rsa { n, .. }) => {
                if !(2048..=8192).contains(&(n.len() * 8)) {
                    return None;
                }
                Ring::Rsa(match (hash, salt_len) {
                    (HashAlg::Sha256, 32) => &sig::RSA_PSS_2048_8192_SHA256,
                    (HashAlg::Sha384, 48) => &sig::RSA_PSS_2048_8192_SHA384,
                    (HashAlg::Sha512, 64) => &sig::RSA_PSS_2048_8192_SHA512,
                    _ => return None,
                })
            }
            (Scheme::Ecdsa(h), KeyRef::Ec { curve, point }) if point.first() == Some(&0x04) => {
                Ring::Point(match (curve, h) {
                    (NamedCurve::P256, HashAlg::Sha256) => &sig::ECDSA_P256_SHA256_ASN1,
                    (NamedCurve::P256, HashAlg::Sha384) => &sig::ECDSA_P256_SHA384_ASN1,
                    (NamedCurve::P384, HashAlg::Sha256) => &sig::ECDSA_P384_SHA256_ASN1,
                    (NamedCurve::P384, HashAlg::Sha384) => &sig::ECDSA_P384_SHA384_ASN1,
                    _ => return None,
                })
            }
            (Scheme::Ed25519, KeyRef::Ed25519(_)) => Ring::Point(&sig::ED25519),
            _ => return None,
        })
    }

    impl CryptoBackend for RingFirst {
        fn verify(
            &self,
            scheme: Scheme,
            key: KeyRef<'_>,
            message: &[u8],
            signature: &[u8],
        ) -> Result<(), VerifyError> {
            let verified = match (ring_algorithm(scheme, key), key) {
                (Some(Ring::Rsa(params)), KeyRef::Rsa { n, e }) => {
                    sig::RsaPublicKeyComponents { n, e }
                        .verify(params, message, signature)
                        .is_ok()
                }
                (
                    Some(Ring::Point(algorithm)),
                    KeyRef::Ec { point, .. } | KeyRef::Ed25519(point),
                ) => sig::UnparsedPublicKey::new(algorithm, point)
                    .verify(message, signature)
                    .is_ok(),
                _ => false,
            };
            if verified {
                return Ok(());
            }
            RustCrypto.verify(scheme, key, message, signature)
        }

        fn ec_public_point(&self, key: EcPrivate<'_>) -> Result<Vec<u8>, EcPointError> {
            RustCrypto.ec_public_point(key)
        }

        fn ed25519_public(&self, seed: &[u8], pkcs8: &[u8]) -> Result<Vec<u8>, EcPointError> {
            RustCrypto.ed25519_public(seed, pkcs8)
        }
    }
}

/// The RustCrypto backend (native builds and tests).
#[cfg(feature = "rustcrypto")]
pub mod rustcrypto {
    use super::{
        CryptoBackend, EcPointError, EcPrivate, HashAlg, KeyRef, NamedCurve, Scheme, VerifyError,
    };
    use sha2::Digest;
    use zeroize::Zeroizing;

    /// Pure-Rust RSA, ECDSA and Ed25519.
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
                (Scheme::Ed25519, KeyRef::Ed25519(point)) => {
                    ed25519_verify(point, message, signature)
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

        fn ed25519_public(&self, seed: &[u8], _pkcs8: &[u8]) -> Result<Vec<u8>, EcPointError> {
            let seed =
                Zeroizing::new(<[u8; 32]>::try_from(seed).map_err(|_| EcPointError::Invalid)?);
            let signing = ed25519_dalek::SigningKey::from_bytes(&seed);
            Ok(signing.verifying_key().to_bytes().to_vec())
        }
    }

    fn ed25519_verify(point: &[u8], message: &[u8], signature: &[u8]) -> Result<(), VerifyError> {
        let Ok(point) = <[u8; 32]>::try_from(point) else {
            return Err(VerifyError::Unsupported(
                "the issuer's Ed25519 key is not 32 bytes".into(),
            ));
        };
        let Ok(key) = ed25519_dalek::VerifyingKey::from_bytes(&point) else {
            return Err(VerifyError::Unsupported(
                "the issuer's Ed25519 key is not a valid point".into(),
            ));
        };
        let Ok(signature) = ed25519_dalek::Signature::from_slice(signature) else {
            return Err(VerifyError::Invalid);
        };
        key.verify_strict(message, &signature)
            .map_err(|_| VerifyError::Invalid)
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

    struct Counting(std::cell::Cell<usize>);
    impl CryptoBackend for Counting {
        fn verify(&self, _: Scheme, _: KeyRef<'_>, _: &[u8], _: &[u8]) -> Result<(), VerifyError> {
            self.0.set(self.0.get() + 1);
            Err(VerifyError::Invalid)
        }
        fn ec_public_point(&self, _: EcPrivate<'_>) -> Result<Vec<u8>, EcPointError> {
            Err(EcPointError::Invalid)
        }
        fn ed25519_public(&self, _: &[u8], _: &[u8]) -> Result<Vec<u8>, EcPointError> {
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
