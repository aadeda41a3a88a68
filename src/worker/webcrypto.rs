//! The page's crypto backend: the browser's own WebCrypto (`crypto.subtle`) verifies the
//! chain's signatures and derives EC public keys, so the page ships no RSA or elliptic-curve
//! code of its own (about 80 KB of gzip less than RustCrypto).
//!
//! WebCrypto only answers asynchronously, and the engine asks synchronously. So the engine
//! runs with [`WebCrypto`] installed as its backend ([`crate::verify::with_backend`]): a
//! question already answered is answered from the cache; a new one is recorded and answered
//! "not checked yet". The page then runs the recorded questions ([`WebCrypto::run_pending`])
//! and checks again; a report is shown only once a check asked nothing new. The cache is
//! keyed by a SHA-256 of each question (so it holds no private scalar) and is emptied with
//! the form.
//!
//! `crypto.subtle` exists only in a secure context (https, localhost, or the offline file
//! opened from disk). Elsewhere, such as a plain-http S3 website endpoint, every signature is
//! reported as not verifiable, with the reason.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use der::Reader as _;
use js_sys::{Array, Object, Reflect, Uint8Array};
use sha2::{Digest as _, Sha256};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use zeroize::Zeroizing;

use crate::verify::{
    CryptoBackend, EcPointError, EcPrivate, KeyRef, NamedCurve, Scheme, VerifyError,
};

/// Why no signature can be checked on this page, when WebCrypto is missing.
pub const NO_WEBCRYPTO: &str = "this browser gives the page no WebCrypto (crypto.subtle exists only in a secure context: open the page over https, from localhost, or as the offline file)";
const NOT_YET: &str = "not checked yet";
/// After this many rounds of questions, what is still unanswered stays unverified.
pub const MAX_ROUNDS: u8 = 8;

type Id = [u8; 32];

#[derive(Clone)]
enum Answer {
    Signature(Result<(), VerifyError>),
    Point(Result<Vec<u8>, EcPointError>),
}

/// Why an Ed25519 question gets no answer in this browser.
const NO_ED25519: &str = "this browser's WebCrypto has no Ed25519, so the page cannot check it (the command-line tool can)";

/// A question WebCrypto has not answered yet.
enum Job {
    Verify {
        id: Id,
        scheme: Scheme,
        key: OwnedKey,
        message: Vec<u8>,
        signature: Vec<u8>,
    },
    EcPoint {
        id: Id,
        curve: NamedCurve,
        scalar: Zeroizing<Vec<u8>>,
        stored_public: Option<Vec<u8>>,
        pkcs8: Option<Zeroizing<Vec<u8>>>,
    },
    Ed25519Public {
        id: Id,
        pkcs8: Zeroizing<Vec<u8>>,
    },
}

enum OwnedKey {
    Rsa { n: Vec<u8>, e: Vec<u8> },
    Ec { curve: NamedCurve, point: Vec<u8> },
    Ed25519(Vec<u8>),
}

/// The cache of answers and the questions waiting for one.
#[derive(Default)]
pub struct WebCrypto {
    answers: RefCell<HashMap<Id, Answer>>,
    pending: RefCell<Vec<Job>>,
    /// Set when the rounds ran out: unanswered questions are then "not verifiable".
    given_up: Cell<bool>,
}

thread_local! {
    static SHARED: Rc<WebCrypto> = Rc::new(WebCrypto::default());
}

/// The page's one WebCrypto backend.
pub fn shared() -> Rc<WebCrypto> {
    SHARED.with(Rc::clone)
}

/// `crypto.subtle`, when the browser gives it to this page.
fn subtle() -> Option<web_sys::SubtleCrypto> {
    let crypto = Reflect::get(&js_sys::global(), &"crypto".into()).ok()?;
    let subtle = Reflect::get(&crypto, &"subtle".into()).ok()?;
    (!subtle.is_undefined() && !subtle.is_null()).then(|| subtle.unchecked_into())
}

/// A SHA-256 over a tag and length-prefixed parts: the cache key of one question.
fn question_id(tag: &[u8], parts: &[&[u8]]) -> Id {
    let mut h = Sha256::new();
    h.update(tag);
    for part in parts {
        h.update((part.len() as u64).to_be_bytes());
        h.update(part);
    }
    h.finalize().into()
}

impl WebCrypto {
    /// True while a question waits for WebCrypto.
    pub fn has_pending(&self) -> bool {
        !self.pending.borrow().is_empty()
    }

    /// Forgets every answer and question (the form was emptied).
    pub fn forget(&self) {
        self.answers.borrow_mut().clear();
        self.pending.borrow_mut().clear();
        self.given_up.set(false);
    }

    /// From now on until [`WebCrypto::forget`] or the next answered round, a question with
    /// no answer is "not verifiable" instead of waiting.
    pub fn give_up(&self, yes: bool) {
        self.given_up.set(yes);
        if yes {
            self.pending.borrow_mut().clear();
        }
    }

    fn queue(&self, id: Id, job: impl FnOnce() -> Job) {
        let mut pending = self.pending.borrow_mut();
        let queued = pending.iter().any(|j| match j {
            Job::Verify { id: x, .. }
            | Job::EcPoint { id: x, .. }
            | Job::Ed25519Public { id: x, .. } => *x == id,
        });
        if !queued {
            pending.push(job());
        }
    }

    /// Answers every waiting question with WebCrypto, one after the other.
    pub async fn run_pending(&self) {
        let jobs = std::mem::take(&mut *self.pending.borrow_mut());
        let subtle = subtle();
        for job in jobs {
            let (id, answer) = match job {
                Job::Verify {
                    id,
                    scheme,
                    key,
                    message,
                    signature,
                } => {
                    let answer = match &subtle {
                        Some(s) => web_verify(s, scheme, &key, &message, &signature).await,
                        None => Err(VerifyError::Unsupported(NO_WEBCRYPTO.into())),
                    };
                    (id, Answer::Signature(answer))
                }
                Job::EcPoint {
                    id,
                    curve,
                    scalar,
                    stored_public,
                    pkcs8,
                } => {
                    let key = EcPrivate {
                        curve,
                        scalar: &scalar,
                        stored_public: stored_public.as_deref(),
                        pkcs8: pkcs8.as_deref().map(Vec::as_slice),
                    };
                    let answer = match &subtle {
                        Some(s) => web_ec_point(s, key).await,
                        None => Err(EcPointError::Unavailable(NO_WEBCRYPTO.into())),
                    };
                    (id, Answer::Point(answer))
                }
                Job::Ed25519Public { id, pkcs8 } => {
                    let answer = match &subtle {
                        Some(s) => web_ed25519_public(s, &pkcs8).await,
                        None => Err(EcPointError::Unavailable(NO_WEBCRYPTO.into())),
                    };
                    (id, Answer::Point(answer))
                }
            };
            self.answers.borrow_mut().insert(id, answer);
        }
    }
}

impl CryptoBackend for WebCrypto {
    fn verify(
        &self,
        scheme: Scheme,
        key: KeyRef<'_>,
        message: &[u8],
        signature: &[u8],
    ) -> Result<(), VerifyError> {
        if scheme.hash().is_some_and(|h| h.web_name().is_none()) {
            return Err(VerifyError::Unsupported(
                "WebCrypto has no SHA-224, so this browser cannot check the signature (the CLI can)".into(),
            ));
        }
        let (key_tag, k1, k2): (&[u8], &[u8], &[u8]) = match key {
            KeyRef::Rsa { n, e } => (b"rsa", n, e),
            KeyRef::Ec { curve, point } => (curve.web_name().as_bytes(), b"ec", point),
            KeyRef::Ed25519(point) => (b"ed25519", b"", point),
        };
        let scheme_tag = format!("{scheme:?}");
        let id = question_id(
            b"verify",
            &[scheme_tag.as_bytes(), key_tag, k1, k2, message, signature],
        );
        if let Some(Answer::Signature(a)) = self.answers.borrow().get(&id) {
            return a.clone();
        }
        if self.given_up.get() {
            return Err(VerifyError::Unsupported(
                "WebCrypto gave no answer in time".into(),
            ));
        }
        self.queue(id, || Job::Verify {
            id,
            scheme,
            key: match key {
                KeyRef::Rsa { n, e } => OwnedKey::Rsa {
                    n: n.to_vec(),
                    e: e.to_vec(),
                },
                KeyRef::Ec { curve, point } => OwnedKey::Ec {
                    curve,
                    point: point.to_vec(),
                },
                KeyRef::Ed25519(point) => OwnedKey::Ed25519(point.to_vec()),
            },
            message: message.to_vec(),
            signature: signature.to_vec(),
        });
        Err(VerifyError::Unsupported(NOT_YET.into()))
    }

    fn ec_public_point(&self, key: EcPrivate<'_>) -> Result<Vec<u8>, EcPointError> {
        let id = question_id(
            b"ec-point",
            &[
                key.curve.web_name().as_bytes(),
                key.scalar,
                key.stored_public.unwrap_or(b"-"),
                key.pkcs8.unwrap_or(b"-"),
            ],
        );
        if let Some(Answer::Point(a)) = self.answers.borrow().get(&id) {
            return a.clone();
        }
        if self.given_up.get() {
            return Err(EcPointError::Unavailable(
                "WebCrypto gave no answer in time".into(),
            ));
        }
        self.queue(id, || Job::EcPoint {
            id,
            curve: key.curve,
            scalar: Zeroizing::new(key.scalar.to_vec()),
            stored_public: key.stored_public.map(<[u8]>::to_vec),
            pkcs8: key.pkcs8.map(|d| Zeroizing::new(d.to_vec())),
        });
        Err(EcPointError::Unavailable(NOT_YET.into()))
    }

    fn ed25519_public(&self, seed: &[u8], pkcs8: &[u8]) -> Result<Vec<u8>, EcPointError> {
        let id = question_id(b"ed25519-public", &[seed, pkcs8]);
        if let Some(Answer::Point(a)) = self.answers.borrow().get(&id) {
            return a.clone();
        }
        if self.given_up.get() {
            return Err(EcPointError::Unavailable(
                "WebCrypto gave no answer in time".into(),
            ));
        }
        self.queue(id, || Job::Ed25519Public {
            id,
            pkcs8: Zeroizing::new(pkcs8.to_vec()),
        });
        Err(EcPointError::Unavailable(NOT_YET.into()))
    }
}

/// The public key of an Ed25519 PKCS#8 private key: the browser imports it and exports it
/// as a JWK, whose `x` is the public key (its `d` is dropped at once). A browser without
/// Ed25519 in WebCrypto says so.
async fn web_ed25519_public(
    subtle: &web_sys::SubtleCrypto,
    pkcs8: &[u8],
) -> Result<Vec<u8>, EcPointError> {
    let bytes = Uint8Array::from(pkcs8);
    let params = object(&[("name", "Ed25519".into())]);
    let imported = await_promise(subtle.import_key_with_object(
        "pkcs8",
        &bytes,
        &params,
        true,
        &usages("sign"),
    ))
    .await;
    bytes.fill(0, 0, bytes.length());
    // A browser without Ed25519 and a key it cannot read fail alike: say it was not checked.
    let Ok(private) = imported else {
        return Err(EcPointError::Unavailable(NO_ED25519.into()));
    };
    let Ok(jwk) = await_promise(subtle.export_key("jwk", &private.unchecked_into())).await else {
        return Err(EcPointError::Unavailable(
            "WebCrypto did not export the key".into(),
        ));
    };
    let x = Reflect::get(&jwk, &"x".into())
        .ok()
        .and_then(|v| v.as_string())
        .and_then(|s| URL_SAFE_NO_PAD.decode(s).ok())
        .filter(|x| x.len() == 32);
    let _ = Reflect::set(&jwk, &"d".into(), &JsValue::UNDEFINED);
    x.ok_or_else(|| EcPointError::Unavailable("WebCrypto exported no Ed25519 public key".into()))
}

/// A plain JS object from name/value pairs (WebCrypto's algorithm dictionaries, a JWK).
fn object(entries: &[(&str, JsValue)]) -> Object {
    let o = Object::new();
    for (name, value) in entries {
        // Setting a property on a fresh plain object cannot fail.
        let _ = Reflect::set(&o, &JsValue::from_str(name), value);
    }
    o
}

fn usages(usage: &str) -> JsValue {
    Array::of1(&JsValue::from_str(usage)).into()
}

fn js_error(e: JsValue) -> String {
    Reflect::get(&e, &"message".into())
        .ok()
        .and_then(|m| m.as_string())
        .or_else(|| e.as_string())
        .unwrap_or_else(|| "unknown error".into())
}

async fn await_promise(p: Result<js_sys::Promise, JsValue>) -> Result<JsValue, String> {
    JsFuture::from(p.map_err(js_error)?).await.map_err(js_error)
}

/// The key import, the verify algorithm and the signature in WebCrypto's form.
type Prepared = (Result<js_sys::Promise, JsValue>, Object, Vec<u8>);

fn prepare(
    subtle: &web_sys::SubtleCrypto,
    scheme: Scheme,
    key: &OwnedKey,
    signature: &[u8],
) -> Result<Prepared, VerifyError> {
    let unsupported = |why: &str| Err(VerifyError::Unsupported(why.into()));
    let hash = match scheme.hash().map(|h| h.web_name()) {
        Some(Some(name)) => name,
        Some(None) => return unsupported("WebCrypto has no SHA-224"),
        None => "",
    };
    let raw_key = |point: &[u8], params: &Object| {
        subtle.import_key_with_object(
            "raw",
            &Uint8Array::from(point),
            params,
            false,
            &usages("verify"),
        )
    };
    Ok(match (scheme, key) {
        (Scheme::Ed25519, OwnedKey::Ed25519(point)) => {
            let params = object(&[("name", "Ed25519".into())]);
            (raw_key(point, &params), params, signature.to_vec())
        }
        (Scheme::RsaPkcs1(_) | Scheme::RsaPss { .. }, OwnedKey::Rsa { n, e }) => {
            let name = if matches!(scheme, Scheme::RsaPkcs1(_)) {
                "RSASSA-PKCS1-v1_5"
            } else {
                "RSA-PSS"
            };
            let jwk = object(&[
                ("kty", "RSA".into()),
                ("n", URL_SAFE_NO_PAD.encode(n).into()),
                ("e", URL_SAFE_NO_PAD.encode(e).into()),
            ]);
            let params = object(&[("name", name.into()), ("hash", hash.into())]);
            let import =
                subtle.import_key_with_object("jwk", &jwk, &params, false, &usages("verify"));
            let mut verify = vec![("name", JsValue::from(name))];
            if let Scheme::RsaPss { salt_len, .. } = scheme {
                verify.push(("saltLength", (salt_len as f64).into()));
            }
            (import, object(&verify), signature.to_vec())
        }
        (Scheme::Ecdsa(_), OwnedKey::Ec { curve, point }) => {
            // WebCrypto takes r ‖ s, each as wide as the curve's field; X.509 holds DER.
            let Some(raw) = ecdsa_der_to_raw(signature, curve.field_bytes()) else {
                return Err(VerifyError::Invalid);
            };
            let params = object(&[
                ("name", "ECDSA".into()),
                ("namedCurve", curve.web_name().into()),
            ]);
            let verify = object(&[("name", "ECDSA".into()), ("hash", hash.into())]);
            (raw_key(point, &params), verify, raw)
        }
        _ => return unsupported("the signature scheme does not fit the key"),
    })
}

async fn web_verify(
    subtle: &web_sys::SubtleCrypto,
    scheme: Scheme,
    key: &OwnedKey,
    message: &[u8],
    signature: &[u8],
) -> Result<(), VerifyError> {
    let unsupported = |why: String| Err(VerifyError::Unsupported(why));
    let (import, algorithm, signature) = prepare(subtle, scheme, key, signature)?;
    let key = match await_promise(import).await {
        Ok(k) => k.unchecked_into::<web_sys::CryptoKey>(),
        Err(why) => return unsupported(format!("the browser refused the issuer's key: {why}")),
    };
    let verified =
        subtle.verify_with_object_and_u8_array_and_u8_array(&algorithm, &key, &signature, message);
    match await_promise(verified).await {
        Ok(v) if v.as_bool() == Some(true) => Ok(()),
        Ok(_) => Err(VerifyError::Invalid),
        Err(why) => unsupported(format!("WebCrypto could not check the signature: {why}")),
    }
}

/// An ECDSA-Sig-Value (SEQUENCE { r INTEGER, s INTEGER }) as WebCrypto's fixed-width r ‖ s.
fn ecdsa_der_to_raw(der_sig: &[u8], width: usize) -> Option<Vec<u8>> {
    let (r, s) = der::SliceReader::new(der_sig)
        .and_then(|mut reader| {
            let pair = reader.sequence(|seq| {
                let r: der::asn1::UintRef<'_> = seq.decode()?;
                let s: der::asn1::UintRef<'_> = seq.decode()?;
                Ok((r.as_bytes().to_vec(), s.as_bytes().to_vec()))
            })?;
            reader.finish(pair)
        })
        .ok()?;
    let mut raw = vec![0u8; 2 * width];
    for (i, int) in [r, s].iter().enumerate() {
        if int.len() > width {
            return None;
        }
        let end = (i + 1) * width;
        raw[end - int.len()..end].copy_from_slice(int);
    }
    Some(raw)
}

/// The public point of an EC private key, proven with WebCrypto.
///
/// The candidate point is the one the key file stores; when it stores none but came as
/// PKCS#8, the browser imports that PKCS#8 as is and computes the point (exported as a JWK).
/// The candidate is then proven: the scalar (as a JWK with that point) signs a probe, and
/// the point alone verifies it. No key bytes are built here, and the JS copies of the
/// private key are cleared when done.
async fn web_ec_point(
    subtle: &web_sys::SubtleCrypto,
    key: EcPrivate<'_>,
) -> Result<Vec<u8>, EcPointError> {
    let width = key.curve.field_bytes();
    let params = object(&[
        ("name", "ECDSA".into()),
        ("namedCurve", key.curve.web_name().into()),
    ]);
    let unavailable = |why: &str| Err(EcPointError::Unavailable(why.into()));
    // The scalar, left-padded to the curve's width, as JWK wants it.
    let trimmed = {
        let start = key
            .scalar
            .iter()
            .position(|&b| b != 0)
            .unwrap_or(key.scalar.len());
        &key.scalar[start..]
    };
    if trimmed.is_empty() || trimmed.len() > width {
        return Err(EcPointError::Invalid);
    }
    let mut d = Zeroizing::new(vec![0u8; width]);
    d[width - trimmed.len()..].copy_from_slice(trimmed);

    let point = candidate_point(subtle, key, &params).await?;

    // Prove that the point belongs to the scalar: sign with (d, point), verify with point.
    let jwk = object(&[
        ("kty", "EC".into()),
        ("crv", key.curve.web_name().into()),
        ("d", URL_SAFE_NO_PAD.encode(d.as_slice()).into()),
        ("x", URL_SAFE_NO_PAD.encode(&point[1..=width]).into()),
        ("y", URL_SAFE_NO_PAD.encode(&point[1 + width..]).into()),
    ]);
    let imported =
        await_promise(subtle.import_key_with_object("jwk", &jwk, &params, false, &usages("sign")))
            .await;
    let _ = Reflect::set(&jwk, &"d".into(), &JsValue::UNDEFINED);
    // The browser refuses a scalar that is zero or not below the order, or a point off the curve.
    let private = imported.map_err(|_| EcPointError::Invalid)?;
    let public = await_promise(subtle.import_key_with_object(
        "raw",
        &Uint8Array::from(point.as_slice()),
        &params,
        false,
        &usages("verify"),
    ))
    .await
    .map_err(|_| EcPointError::Invalid)?;
    let algorithm = object(&[("name", "ECDSA".into()), ("hash", "SHA-256".into())]);
    const PROBE: &[u8] = b"certpreflight: does this public key belong to this private key?";
    let signed = await_promise(subtle.sign_with_object_and_u8_array(
        &algorithm,
        &private.unchecked_into(),
        PROBE,
    ))
    .await;
    let Ok(signature) = signed else {
        return unavailable("WebCrypto could not sign with the key");
    };
    let signature = Uint8Array::new(&signature).to_vec();
    let verified = subtle.verify_with_object_and_u8_array_and_u8_array(
        &algorithm,
        &public.unchecked_into(),
        &signature,
        PROBE,
    );
    match await_promise(verified).await {
        Ok(v) if v.as_bool() == Some(true) => Ok(point),
        // The point the file stores is not the scalar's: the key file is inconsistent.
        Ok(_) => Err(EcPointError::Invalid),
        Err(_) => unavailable("WebCrypto could not verify the probe signature"),
    }
}

/// The public point to prove: the one the key file stores, or, when it stores none but came
/// as PKCS#8, the one the browser computes on importing that PKCS#8 (exported as a JWK).
async fn candidate_point(
    subtle: &web_sys::SubtleCrypto,
    key: EcPrivate<'_>,
    params: &Object,
) -> Result<Vec<u8>, EcPointError> {
    let width = key.curve.field_bytes();
    let unavailable = |why: &str| Err(EcPointError::Unavailable(why.into()));
    match (key.stored_public, key.pkcs8) {
        (Some(p), _) if p.len() == 1 + 2 * width && p[0] == 0x04 => Ok(p.to_vec()),
        (_, Some(pkcs8)) => {
            let bytes = Uint8Array::from(pkcs8);
            let imported = await_promise(subtle.import_key_with_object(
                "pkcs8",
                &bytes,
                params,
                true,
                &usages("sign"),
            ))
            .await;
            bytes.fill(0, 0, bytes.length());
            let Ok(private) = imported else {
                return Err(EcPointError::Invalid);
            };
            let Ok(jwk) = await_promise(subtle.export_key("jwk", &private.unchecked_into())).await
            else {
                return unavailable("WebCrypto did not export the key");
            };
            let coordinate = |name: &str| {
                Reflect::get(&jwk, &name.into())
                    .ok()
                    .and_then(|v| v.as_string())
                    .and_then(|s| URL_SAFE_NO_PAD.decode(s).ok())
                    .filter(|c| c.len() == width)
            };
            let point = match (coordinate("x"), coordinate("y")) {
                (Some(x), Some(y)) => [&[0x04][..], &x, &y].concat(),
                _ => return unavailable("WebCrypto exported no public point"),
            };
            let _ = Reflect::set(&jwk, &"d".into(), &JsValue::UNDEFINED);
            Ok(point)
        }
        _ => unavailable("the key file stores no uncompressed public key to check"),
    }
}
