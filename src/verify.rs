//! Signature verification with RustCrypto: RSA PKCS#1 v1.5 and PSS, ECDSA P-256/384/521.

use crate::cert::{Cert, Curve, Hash, PublicKey, SigAlg};
use sha2::Digest;

/// Why a signature did not verify.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum VerifyError {
    /// The signature is wrong for this key.
    Invalid,
    /// The algorithm pair cannot be checked here.
    Unsupported(String),
}

fn digest(hash: Hash, data: &[u8]) -> Option<Vec<u8>> {
    Some(match hash {
        Hash::Sha1 => sha1::Sha1::digest(data).to_vec(),
        Hash::Sha224 => sha2::Sha224::digest(data).to_vec(),
        Hash::Sha256 => sha2::Sha256::digest(data).to_vec(),
        Hash::Sha384 => sha2::Sha384::digest(data).to_vec(),
        Hash::Sha512 => sha2::Sha512::digest(data).to_vec(),
        Hash::Md5 => return None,
    })
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
    match (&child.sig_alg, issuer_key) {
        (SigAlg::RsaPkcs1(hash), PublicKey::Rsa { n, e }) => {
            let Some(hashed) = digest(*hash, &child.tbs) else {
                return unsupported();
            };
            let key = rsa_key(n, e)?;
            let scheme = match hash {
                Hash::Sha1 => rsa::Pkcs1v15Sign::new::<sha1::Sha1>(),
                Hash::Sha224 => rsa::Pkcs1v15Sign::new::<sha2::Sha224>(),
                Hash::Sha256 => rsa::Pkcs1v15Sign::new::<sha2::Sha256>(),
                Hash::Sha384 => rsa::Pkcs1v15Sign::new::<sha2::Sha384>(),
                Hash::Sha512 => rsa::Pkcs1v15Sign::new::<sha2::Sha512>(),
                Hash::Md5 => return unsupported(),
            };
            key.verify(scheme, &hashed, &child.signature)
                .map_err(|_| VerifyError::Invalid)
        }
        (SigAlg::RsaPss { hash, salt_len }, PublicKey::Rsa { n, e }) => {
            let Some(hashed) = digest(*hash, &child.tbs) else {
                return unsupported();
            };
            let key = rsa_key(n, e)?;
            let scheme = match hash {
                Hash::Sha1 => rsa::Pss::new_with_salt::<sha1::Sha1>(*salt_len),
                Hash::Sha224 => rsa::Pss::new_with_salt::<sha2::Sha224>(*salt_len),
                Hash::Sha256 => rsa::Pss::new_with_salt::<sha2::Sha256>(*salt_len),
                Hash::Sha384 => rsa::Pss::new_with_salt::<sha2::Sha384>(*salt_len),
                Hash::Sha512 => rsa::Pss::new_with_salt::<sha2::Sha512>(*salt_len),
                Hash::Md5 => return unsupported(),
            };
            key.verify(scheme, &hashed, &child.signature)
                .map_err(|_| VerifyError::Invalid)
        }
        (SigAlg::Ecdsa(hash), PublicKey::Ec { curve, point }) => {
            let Some(hashed) = digest(*hash, &child.tbs) else {
                return unsupported();
            };
            ecdsa_verify(curve, point, &hashed, &child.signature).unwrap_or_else(unsupported)
        }
        _ => unsupported(),
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

/// None when the curve is not one we verify.
fn ecdsa_verify(
    curve: &Curve,
    point: &[u8],
    prehash: &[u8],
    sig_der: &[u8],
) -> Option<Result<(), VerifyError>> {
    use ecdsa::signature::hazmat::PrehashVerifier;
    macro_rules! verify_on {
        ($c:ident) => {{
            let Ok(key) = $c::ecdsa::VerifyingKey::from_sec1_bytes(point) else {
                return Some(Err(VerifyError::Unsupported(
                    "the issuer's EC point is not valid".into(),
                )));
            };
            let Ok(sig) = $c::ecdsa::Signature::from_der(sig_der) else {
                return Some(Err(VerifyError::Invalid));
            };
            Some(
                key.verify_prehash(prehash, &sig)
                    .map_err(|_| VerifyError::Invalid),
            )
        }};
    }
    match curve {
        Curve::P256 => verify_on!(p256),
        Curve::P384 => verify_on!(p384),
        Curve::P521 => verify_on!(p521),
        Curve::Other(_) => None,
    }
}

/// Compares two SEC1 points on one curve, compressed or not.
pub(crate) fn ec_points_equal(curve: &Curve, a: &[u8], b: &[u8]) -> bool {
    if a == b {
        return true;
    }
    macro_rules! normal {
        ($c:ident, $p:expr) => {
            $c::PublicKey::from_sec1_bytes($p)
                .ok()
                .map(|k| $c::EncodedPoint::from(k).as_bytes().to_vec())
        };
    }
    let (x, y) = match curve {
        Curve::P256 => (normal!(p256, a), normal!(p256, b)),
        Curve::P384 => (normal!(p384, a), normal!(p384, b)),
        Curve::P521 => (normal!(p521, a), normal!(p521, b)),
        Curve::Other(_) => return false,
    };
    x.is_some() && x == y
}
