//! Opening PKCS#12 (`.pfx`/`.p12`) files with their password: the leaf, the private key and
//! the other certificates, as PEM text.
//!
//! The decryption is composed here from RustCrypto parts on the one generation the crate uses
//! (der 0.7, digest 0.10): the `pkcs12` crate's ASN.1 types and KDF (RFC 7292 appendix B),
//! `pkcs5` for PBES2 (PBKDF2 with AES-CBC, as OpenSSL 3 and Java write), `des`/`rc2` with `cbc`
//! for the legacy SHA-1 schemes older Windows exports use, and `hmac` for the integrity check.
//! Behind the cargo feature `pkcs12` (default on, and in the page). Without it,
//! [`open_pkcs12`] still exists and answers with a `pkcs12-given` finding.
//!
//! Hostile files: iteration counts above a million, scrypt, and deep nesting are refused before any work, so a file cannot hold the page.
//!
//! Secrets: the password lives in a [`Password`] (zeroized on drop), its encodings, derived
//! keys, every decrypted buffer and the key's PEM in `Zeroizing` buffers.

use crate::finding::{Code, Finding};
use crate::limits::MAX_INPUT_BYTES;
use zeroize::Zeroizing;

/// A password, zeroized when dropped and never printed by `Debug`.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Password(Zeroizing<String>);

impl Password {
    pub fn new(password: impl Into<String>) -> Password {
        Password(Zeroizing::new(password.into()))
    }
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl From<&str> for Password {
    fn from(s: &str) -> Password {
        Password::new(s)
    }
}

impl std::fmt::Debug for Password {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Password(<redacted>)")
    }
}

/// What a PKCS#12 file held, as PEM text ready for the three AWS fields.
#[derive(Clone, Default)]
pub struct Pkcs12Contents {
    /// The leaf: the certificate whose key is in the file (else the first non-CA certificate).
    pub certificate: Option<String>,
    /// The other certificates, in issuing order from the leaf where they form a path (a
    /// PKCS#12 file has no order of its own), then any that are not on the path. None when
    /// the file holds no other certificate.
    pub chain: Option<String>,
    /// The private key, PKCS#8 `-----BEGIN PRIVATE KEY-----`, exactly as stored in the file.
    pub private_key: Option<Zeroizing<String>>,
    /// How many certificates the chain holds.
    pub chain_count: usize,
    /// Further private keys the file held that were not used (only the leaf's is).
    pub other_keys: usize,
}

impl std::fmt::Debug for Pkcs12Contents {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pkcs12Contents")
            .field("certificate", &self.certificate.is_some())
            .field("chain_count", &self.chain_count)
            .field(
                "private_key",
                &self.private_key.as_ref().map(|_| "<redacted>"),
            )
            .field("other_keys", &self.other_keys)
            .finish()
    }
}

/// True when the bytes start like a PFX (a SEQUENCE whose first element is INTEGER 3), even
/// if the rest is cut short or corrupt: such a file, given with a password, gets
/// `input-unreadable` rather than a generic "not PEM".
pub(crate) fn looks_like_pkcs12(bytes: &[u8]) -> bool {
    if bytes.first() != Some(&0x30) {
        return false;
    }
    let header = match bytes.get(1) {
        Some(&n) if n < 0x80 => 2,
        Some(&n) if (0x81..=0x84).contains(&n) => 2 + usize::from(n - 0x80),
        _ => return false,
    };
    bytes.get(header..header + 3) == Some(&[0x02, 0x01, 0x03][..])
}

/// Opens a PKCS#12 file. A wrong password gives a `pkcs12-password` finding, a file that is
/// not a readable PKCS#12 an `input-unreadable` one.
pub fn open_pkcs12(bytes: &[u8], password: &str) -> Result<Pkcs12Contents, Finding> {
    if bytes.len() > MAX_INPUT_BYTES {
        return Err(Finding::error(
            Code::InputTooLarge,
            format!(
                "The PKCS#12 file is {} bytes; the tool reads at most {} bytes per input.",
                bytes.len(),
                MAX_INPUT_BYTES
            ),
        ));
    }
    let key = scope_key(bytes, password);
    let cached = OPENED.with(|scope| {
        let scope = scope.borrow();
        let entries = scope.as_ref()?;
        entries
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, r)| r.clone())
    });
    if let Some(result) = cached {
        return result;
    }
    let result = imp::open(bytes, password);
    OPENED.with(|scope| {
        if let Some(entries) = scope.borrow_mut().as_mut() {
            entries.push((key, result.clone()));
        }
    });
    result
}

/// What [`with_opened_once`] remembers: a file and password (by the SHA-256 of both) and what
/// opening them gave.
type Opened = Vec<([u8; 32], Result<Pkcs12Contents, Finding>)>;

thread_local! {
    static OPENED: std::cell::RefCell<Option<Opened>> = const { std::cell::RefCell::new(None) };
}

fn scope_key(bytes: &[u8], password: &str) -> [u8; 32] {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    h.update((password.len() as u64).to_be_bytes());
    h.update(password.as_bytes());
    h.update(bytes);
    h.finalize().into()
}

/// Runs `f` with each PKCS#12 file opened at most once: [`crate::check`] and
/// [`crate::repair`] of the same inputs both open it (the key derivation is most of their
/// cost), and the page runs both on every edit. What was opened (the key in zeroizing
/// buffers) is dropped when `f` returns; nothing outlives the call.
pub fn with_opened_once<R>(f: impl FnOnce() -> R) -> R {
    /// Puts the outer scope back, also when `f` unwinds.
    struct Restore(Option<Opened>);
    impl Drop for Restore {
        fn drop(&mut self) {
            let outer = self.0.take();
            OPENED.with(|scope| *scope.borrow_mut() = outer);
        }
    }
    let _restore = Restore(OPENED.with(|scope| scope.borrow_mut().replace(Vec::new())));
    f()
}

#[cfg(not(feature = "pkcs12"))]
mod imp {
    use super::*;
    pub(super) fn open(_bytes: &[u8], _password: &str) -> Result<Pkcs12Contents, Finding> {
        Err(Finding::error(
            Code::Pkcs12Given,
            "This build was made without the `pkcs12` feature, so it cannot open PKCS#12 files.",
        )
        .fix("extract the PEM files with openssl pkcs12 -in file.pfx -nodes"))
    }
}

#[cfg(feature = "pkcs12")]
mod imp {
    use super::*;
    use crate::algorithm::{Hash, PublicKey};
    use crate::cert::Cert;
    use crate::der_util::pem_armour;
    use cbc::cipher::{block_padding::Pkcs7, BlockCipher, BlockDecryptMut, InnerIvInit, KeyInit};
    use cms::{content_info::ContentInfo, encrypted_data::EncryptedData};
    use der::asn1::{AnyRef, ContextSpecific, ObjectIdentifier, OctetString};
    use der::{Decode as _, Encode as _};
    use hmac::{Mac as _, SimpleHmac};
    use pkcs12::kdf::{derive_key, Pkcs12KeyType};
    use pkcs12::{cert_type::CertBag, mac_data::MacData, pbe_params, pfx::Pfx, safe_bag::SafeBag};
    use sha1::digest::{core_api::BlockSizeUser, Digest, FixedOutputReset};
    use spki::AlgorithmIdentifierOwned;

    const ID_DATA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.7.1");
    const ID_ENCRYPTED_DATA: ObjectIdentifier =
        ObjectIdentifier::new_unwrap("1.2.840.113549.1.7.6");
    const X509_CERTIFICATE: ObjectIdentifier =
        ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.22.1");
    const LOCAL_KEY_ID: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.21");
    const PBMAC1: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.5.14");

    /// The most KDF iterations a file may ask for. Real tools write 1 to 600,000 (OpenSSL
    /// 2,048, Windows 2,000, Java 10,000); a hostile file could ask for billions and hold the
    /// page for hours.
    const MAX_ITERATIONS: u32 = 1_000_000;
    /// How deep safeContents bags may nest (real files: 0).
    const MAX_NESTING: usize = 4;

    /// Why a file did not open, before it becomes a finding.
    #[derive(Debug)]
    enum Failure {
        WrongPassword,
        Unreadable(String),
        Unsupported(String),
    }

    impl From<der::Error> for Failure {
        fn from(e: der::Error) -> Failure {
            Failure::Unreadable(e.to_string())
        }
    }

    impl From<Failure> for Finding {
        fn from(f: Failure) -> Finding {
            match f {
                Failure::WrongPassword => wrong_password(),
                Failure::Unreadable(why) => unreadable(why),
                Failure::Unsupported(what) => Finding::error(
                    Code::InputUnreadable,
                    format!("The PKCS#12 file uses {what}, which this tool does not open."),
                )
                .fix("export it again with current settings (openssl pkcs12 -export, which uses AES-256 and PBKDF2), or give the PEM files"),
            }
        }
    }

    fn unreadable(why: impl std::fmt::Display) -> Finding {
        Finding::error(
            Code::InputUnreadable,
            format!("The PKCS#12 file could not be read: {why}."),
        )
        .fix("export the file again from where it came from (Windows certificate store, Keychain, Java keystore), or give the PEM files")
    }

    fn wrong_password() -> Finding {
        Finding::error(
            Code::Pkcs12Password,
            "The PKCS#12 file did not open with the password given: its integrity check (MAC) or decryption failed.",
        )
        .fix("give the password the file was exported with (an empty export password is the empty string); the file itself is intact as far as its structure goes")
    }

    /// The password in the encodings PKCS#12 uses: UTF-8 for PBES2 (RFC 8018), and for the
    /// PKCS#12 KDF (RFC 7292 appendix B) big-endian UTF-16 with two zero bytes at the end.
    /// An empty password is also tried as no password at all (zero bytes), as OpenSSL does:
    /// some tools write one, some the other.
    struct Secrets<'p> {
        utf8: &'p str,
        pkcs12: Vec<Zeroizing<Vec<u8>>>,
    }

    impl<'p> Secrets<'p> {
        fn new(password: &'p str) -> Secrets<'p> {
            let mut bmp = Zeroizing::new(Vec::with_capacity(2 * password.len() + 2));
            for unit in password.encode_utf16() {
                bmp.extend_from_slice(&unit.to_be_bytes());
            }
            bmp.extend_from_slice(&[0, 0]);
            let mut pkcs12 = vec![bmp];
            if password.is_empty() {
                pkcs12.push(Zeroizing::new(Vec::new()));
            }
            Secrets {
                utf8: password,
                pkcs12,
            }
        }
    }

    fn iterations(n: i64) -> Result<u32, Failure> {
        match u32::try_from(n) {
            Ok(n @ 1..=MAX_ITERATIONS) => Ok(n),
            _ => Err(Failure::Unsupported(format!(
                "an iteration count of {n} (this tool stops at {MAX_ITERATIONS})"
            ))),
        }
    }

    /// The password-keyed MAC over the authenticated safe (RFC 7292 section 5): HMAC with a
    /// key from the PKCS#12 KDF, compared in constant time.
    fn mac_matches<D: Digest + FixedOutputReset + BlockSizeUser>(
        password: &[u8],
        mac: &MacData,
        rounds: u32,
        data: &[u8],
    ) -> bool {
        let key = Zeroizing::new(derive_key::<D>(
            password,
            mac.mac_salt.as_bytes(),
            Pkcs12KeyType::Mac,
            rounds as i32,
            <D as Digest>::output_size(),
        ));
        let Ok(mut hmac) = <SimpleHmac<D> as KeyInit>::new_from_slice(&key) else {
            return false;
        };
        hmac.update(data);
        hmac.verify_slice(mac.mac.digest.as_bytes()).is_ok()
    }

    /// Checks the MAC, and keeps only the password encoding it was made with.
    fn verify_mac(mac: &MacData, data: &[u8], secrets: &mut Secrets<'_>) -> Result<(), Failure> {
        let oid = mac.mac.algorithm.oid;
        if oid == PBMAC1 {
            return Err(Failure::Unsupported(
                "a PBMAC1 integrity check (openssl pkcs12 -pbmac1_pbkdf2)".into(),
            ));
        }
        let hash = match crate::algorithm::hash_from_oid(&oid.to_string()) {
            Some(Hash::Md5) | None => {
                return Err(Failure::Unsupported(format!("the MAC hash {oid}")))
            }
            Some(hash) => hash,
        };
        let rounds = iterations(i64::from(mac.iterations))?;
        let found = secrets.pkcs12.iter().position(|p| match hash {
            Hash::Sha1 => mac_matches::<sha1::Sha1>(p, mac, rounds, data),
            Hash::Sha224 => mac_matches::<sha2::Sha224>(p, mac, rounds, data),
            Hash::Sha256 => mac_matches::<sha2::Sha256>(p, mac, rounds, data),
            Hash::Sha384 => mac_matches::<sha2::Sha384>(p, mac, rounds, data),
            Hash::Sha512 => mac_matches::<sha2::Sha512>(p, mac, rounds, data),
            // Refused above.
            Hash::Md5 => false,
        });
        let Some(i) = found else {
            return Err(Failure::WrongPassword);
        };
        let chosen = secrets.pkcs12.swap_remove(i);
        secrets.pkcs12 = vec![chosen];
        Ok(())
    }

    /// CBC decryption with PKCS#7 padding; None when the padding is wrong (a wrong key).
    fn cbc_decrypt<C: BlockCipher + BlockDecryptMut>(
        cipher: C,
        iv: &[u8],
        ciphertext: &[u8],
    ) -> Option<Zeroizing<Vec<u8>>> {
        cbc::Decryptor::<C>::inner_iv_slice_init(cipher, iv)
            .ok()?
            .decrypt_padded_vec_mut::<Pkcs7>(ciphertext)
            .ok()
            .map(Zeroizing::new)
    }

    /// The legacy PKCS#12 password-based encryption schemes (RFC 7292 appendix C): key and IV
    /// from the PKCS#12 KDF with SHA-1, then 3DES or RC2 in CBC mode.
    fn decrypt_pkcs12_pbe(
        oid: ObjectIdentifier,
        params: &[u8],
        ciphertext: &[u8],
        secrets: &Secrets<'_>,
    ) -> Result<Zeroizing<Vec<u8>>, Failure> {
        #[derive(Clone, Copy)]
        enum Scheme {
            TripleDes3,
            TripleDes2,
            Rc2(usize),
        }
        let (scheme, key_len) = match oid {
            pkcs12::PKCS_12_PBE_WITH_SHAAND3_KEY_TRIPLE_DES_CBC => (Scheme::TripleDes3, 24),
            pkcs12::PKCS_12_PBE_WITH_SHAAND2_KEY_TRIPLE_DES_CBC => (Scheme::TripleDes2, 16),
            pkcs12::PKCS_12_PBE_WITH_SHAAND128_BIT_RC2_CBC => (Scheme::Rc2(128), 16),
            pkcs12::PKCS_12_PBEWITH_SHAAND40_BIT_RC2_CBC => (Scheme::Rc2(40), 5),
            pkcs12::PKCS_12_PBE_WITH_SHAAND128_BIT_RC4
            | pkcs12::PKCS_12_PBE_WITH_SHAAND40_BIT_RC4 => {
                return Err(Failure::Unsupported("RC4 encryption".into()))
            }
            other => {
                return Err(Failure::Unsupported(format!(
                    "the encryption algorithm {other}"
                )))
            }
        };
        let params = pbe_params::Pkcs12PbeParams::from_der(params)?;
        let rounds = iterations(i64::from(params.iterations))? as i32;
        let salt = params.salt.as_bytes();
        for password in &secrets.pkcs12 {
            let key = Zeroizing::new(derive_key::<sha1::Sha1>(
                password,
                salt,
                Pkcs12KeyType::EncryptionKey,
                rounds,
                key_len,
            ));
            let iv = derive_key::<sha1::Sha1>(password, salt, Pkcs12KeyType::Iv, rounds, 8);
            let plain = match scheme {
                Scheme::TripleDes3 => des::TdesEde3::new_from_slice(&key)
                    .ok()
                    .and_then(|c| cbc_decrypt(c, &iv, ciphertext)),
                Scheme::TripleDes2 => des::TdesEde2::new_from_slice(&key)
                    .ok()
                    .and_then(|c| cbc_decrypt(c, &iv, ciphertext)),
                Scheme::Rc2(bits) => {
                    cbc_decrypt(rc2::Rc2::new_with_eff_key_len(&key, bits), &iv, ciphertext)
                }
            };
            if let Some(plain) = plain {
                return Ok(plain);
            }
        }
        Err(Failure::WrongPassword)
    }

    /// PBES2 (RFC 8018): PBKDF2 and AES-CBC (or 3DES), as OpenSSL 3 and Java write.
    fn decrypt_pbes2(
        params: &[u8],
        ciphertext: &[u8],
        secrets: &Secrets<'_>,
    ) -> Result<Zeroizing<Vec<u8>>, Failure> {
        let params = pkcs5::pbes2::Parameters::from_der(params)?;
        match &params.kdf {
            pkcs5::pbes2::Kdf::Pbkdf2(kdf) => {
                iterations(i64::from(kdf.iteration_count))?;
            }
            // scrypt's cost parameters could ask for gigabytes; no PKCS#12 tool writes it.
            _ => return Err(Failure::Unsupported("scrypt key derivation".into())),
        }
        let mut buffer = Zeroizing::new(ciphertext.to_vec());
        match pkcs5::EncryptionScheme::from(params).decrypt_in_place(secrets.utf8, &mut buffer) {
            Ok(plain) => Ok(Zeroizing::new(plain.to_vec())),
            // pkcs5 0.7 reports a bad padding (a wrong key) as EncryptFailed while decrypting.
            Err(pkcs5::Error::DecryptFailed | pkcs5::Error::EncryptFailed) => {
                Err(Failure::WrongPassword)
            }
            Err(e) => Err(Failure::Unsupported(format!("PBES2 with {e}"))),
        }
    }

    fn decrypt(
        algorithm: &AlgorithmIdentifierOwned,
        ciphertext: &[u8],
        secrets: &Secrets<'_>,
    ) -> Result<Zeroizing<Vec<u8>>, Failure> {
        let params = match &algorithm.parameters {
            Some(p) => p.to_der()?,
            None => return Err(Failure::Unreadable("encryption parameters missing".into())),
        };
        if algorithm.oid == pkcs5::pbes2::PBES2_OID {
            decrypt_pbes2(&params, ciphertext, secrets)
        } else {
            decrypt_pkcs12_pbe(algorithm.oid, &params, ciphertext, secrets)
        }
    }

    /// A key's PKCS#8 DER (wiped on drop) and its localKeyId.
    type KeyAndId = (Zeroizing<Vec<u8>>, Option<Vec<u8>>);

    /// What the bags held: certificates (DER) and keys (PKCS#8 DER), each with its localKeyId.
    #[derive(Default)]
    struct Found {
        certs: Vec<(Vec<u8>, Option<Vec<u8>>)>,
        keys: Vec<KeyAndId>,
    }

    fn local_key_id(bag: &SafeBag) -> Option<Vec<u8>> {
        let attributes = bag.bag_attributes.as_ref()?;
        let attribute = attributes.iter().find(|a| a.oid == LOCAL_KEY_ID)?;
        let value = attribute.values.iter().next()?;
        value
            .decode_as::<OctetString>()
            .ok()
            .map(|o| o.as_bytes().to_vec())
    }

    /// Reads a SafeContents (RFC 7292 section 4.2). `trusted` says whether the bytes are
    /// known to be what the password opened (the MAC matched): if not, bytes that do not
    /// parse are a wrong password's garbage rather than a corrupt file.
    fn read_bags(
        contents: &[u8],
        secrets: &Secrets<'_>,
        found: &mut Found,
        depth: usize,
        trusted: bool,
    ) -> Result<(), Failure> {
        let garbage = |e: der::Error| {
            if trusted {
                Failure::from(e)
            } else {
                Failure::WrongPassword
            }
        };
        let bags = Vec::<SafeBag>::from_der(contents).map_err(garbage)?;
        for bag in &bags {
            match bag.bag_id {
                pkcs12::PKCS_12_CERT_BAG_OID => {
                    let cert = ContextSpecific::<CertBag>::from_der(&bag.bag_value)?.value;
                    // Other certificate types (SDSI) are not X.509 and have no place in AWS.
                    if cert.cert_id == X509_CERTIFICATE {
                        found
                            .certs
                            .push((cert.cert_value.as_bytes().to_vec(), local_key_id(bag)));
                    }
                }
                pkcs12::PKCS_12_KEY_BAG_OID => {
                    let key = ContextSpecific::<AnyRef<'_>>::from_der(&bag.bag_value)?.value;
                    found
                        .keys
                        .push((Zeroizing::new(key.to_der()?), local_key_id(bag)));
                }
                pkcs12::PKCS_12_PKCS8_KEY_BAG_OID => {
                    let shrouded =
                        ContextSpecific::<pbe_params::EncryptedPrivateKeyInfo>::from_der(
                            &bag.bag_value,
                        )?
                        .value;
                    let plain = decrypt(
                        &shrouded.encryption_algorithm,
                        shrouded.encrypted_data.as_bytes(),
                        secrets,
                    )?;
                    // A wrong password (with no MAC to say so) gives bytes that are not PKCS#8.
                    pkcs8::PrivateKeyInfo::try_from(plain.as_slice()).map_err(|_| {
                        if trusted {
                            Failure::Unreadable("a decrypted key is not PKCS#8".into())
                        } else {
                            Failure::WrongPassword
                        }
                    })?;
                    found.keys.push((plain, local_key_id(bag)));
                }
                pkcs12::PKCS_12_SAFE_CONTENTS_BAG_OID if depth < MAX_NESTING => {
                    let inner = ContextSpecific::<AnyRef<'_>>::from_der(&bag.bag_value)?.value;
                    read_bags(&inner.to_der()?, secrets, found, depth + 1, trusted)?;
                }
                pkcs12::PKCS_12_SAFE_CONTENTS_BAG_OID => {
                    return Err(Failure::Unreadable("safe contents nested too deep".into()))
                }
                // CRL and secret bags: nothing AWS takes.
                _ => {}
            }
        }
        Ok(())
    }

    /// Opens the authenticated safe: checks the MAC, decrypts each part, reads its bags.
    fn read(bytes: &[u8], password: &str) -> Result<Found, Failure> {
        let pfx =
            Pfx::from_der(bytes).map_err(|e| Failure::Unreadable(format!("not PKCS#12: {e}")))?;
        if pfx.auth_safe.content_type != ID_DATA {
            return Err(Failure::Unsupported(
                "public-key integrity protection (signedData)".into(),
            ));
        }
        let auth_safe = pfx.auth_safe.content.decode_as::<OctetString>()?;
        let mut secrets = Secrets::new(password);
        let trusted = match &pfx.mac_data {
            Some(mac) => {
                verify_mac(mac, auth_safe.as_bytes(), &mut secrets)?;
                true
            }
            None => false,
        };
        let mut found = Found::default();
        for info in Vec::<ContentInfo>::from_der(auth_safe.as_bytes())? {
            if info.content_type == ID_DATA {
                let plain = info.content.decode_as::<OctetString>()?;
                read_bags(plain.as_bytes(), &secrets, &mut found, 0, true)?;
            } else if info.content_type == ID_ENCRYPTED_DATA {
                let encrypted = info.content.decode_as::<EncryptedData>()?.enc_content_info;
                let Some(ciphertext) = &encrypted.encrypted_content else {
                    continue;
                };
                let plain = decrypt(&encrypted.content_enc_alg, ciphertext.as_bytes(), &secrets)?;
                read_bags(&plain, &secrets, &mut found, 0, trusted)?;
            } else {
                return Err(Failure::Unsupported(format!(
                    "a part encrypted to a certificate ({}) rather than with a password",
                    info.content_type
                )));
            }
        }
        Ok(found)
    }

    pub(super) fn open(bytes: &[u8], password: &str) -> Result<Pkcs12Contents, Finding> {
        let Found {
            certs: cert_ders,
            keys,
        } = read(bytes, password)?;
        let mut certs = Vec::with_capacity(cert_ders.len());
        for (der, id) in cert_ders {
            certs.push((Cert::from_der(&der).map_err(unreadable)?, id));
        }

        // The leaf: the certificate sharing a localKeyId with a key, else the one whose public
        // key is a key's, else the first that is not a CA.
        let key_publics: Vec<Option<PublicKey>> = keys
            .iter()
            .map(|(der, _)| crate::key::from_der(der).and_then(|k| k.public))
            .collect();
        let by_id = certs.iter().enumerate().find_map(|(ci, (_, id))| {
            let id = id.as_ref()?;
            let ki = keys.iter().position(|(_, kid)| kid.as_ref() == Some(id))?;
            Some((ci, Some(ki)))
        });
        let by_key = || {
            certs.iter().enumerate().find_map(|(ci, (c, _))| {
                let ki = key_publics
                    .iter()
                    .position(|p| p.as_ref().is_some_and(|p| p.same_key(&c.key)))?;
                Some((ci, Some(ki)))
            })
        };
        let first_non_ca = || {
            certs
                .iter()
                .position(|(c, _)| c.is_ca != Some(true))
                .or(if certs.is_empty() { None } else { Some(0) })
                .map(|ci| (ci, None))
        };
        let chosen = by_id.or_else(by_key).or_else(first_non_ca);
        let (leaf_index, key_index) = match chosen {
            Some((ci, ki)) => (
                Some(ci),
                ki.or(if keys.len() == 1 { Some(0) } else { None }),
            ),
            None => (None, if keys.is_empty() { None } else { Some(0) }),
        };

        let mut contents = Pkcs12Contents {
            other_keys: keys.len().saturating_sub(usize::from(key_index.is_some())),
            ..Pkcs12Contents::default()
        };
        if let Some(ki) = key_index {
            contents.private_key = Some(pem_armour("PRIVATE KEY", &keys[ki].0));
        }
        let Some(li) = leaf_index else {
            return Ok(contents);
        };
        let leaf = &certs[li].0;
        contents.certificate = Some(leaf.pem());
        let others: Vec<Cert> = certs
            .iter()
            .enumerate()
            .filter(|(i, _)| *i != li)
            .map(|(_, (c, _))| c.clone())
            .collect();
        if !others.is_empty() {
            let analysis = crate::chain::analyse(leaf, &others);
            let mut order = analysis.path.clone();
            for i in 0..others.len() {
                if !order.contains(&i) && !analysis.contains_leaf.contains(&i) {
                    order.push(i);
                }
            }
            contents.chain_count = order.len();
            if !order.is_empty() {
                contents.chain = Some(order.iter().map(|&i| others[i].pem()).collect());
            }
        }
        Ok(contents)
    }
}
