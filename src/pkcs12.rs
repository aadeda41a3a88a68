//! Opening PKCS#12 (`.pfx`/`.p12`) files with their password: the leaf, the private key and
//! the other certificates, as PEM text.
//!
//! Decryption is `p12-keystore`'s (OpenSSL 3 PBES2/AES/PBKDF2 files and legacy RC2/3DES/SHA-1
//! ones), behind the default-on cargo feature `pkcs12`. Without the feature, [`open_pkcs12`]
//! still exists and answers with a `pkcs12-given` finding, so callers compile either way.
//!
//! Secrets: the password lives in a [`Password`] (zeroized on drop), the key's PEM in a
//! `Zeroizing<String>`; every intermediate buffer this module owns that held key bytes is
//! zeroized. `p12-keystore` keeps its own copy of the decrypted PKCS#8 in a plain `Vec<u8>`,
//! which this crate cannot reach to clear: it is dropped as soon as the key is copied out.

use crate::finding::{Code, Finding, Subject};
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

/// PEM armour for DER bytes, built in one buffer of exact size so no partial copy of a
/// secret is left behind by a reallocation.
pub(crate) fn pem_armour(label: &str, der: &[u8]) -> Zeroizing<String> {
    use base64::Engine as _;
    let b64_len = der.len().div_ceil(3) * 4;
    let mut b64 = Zeroizing::new(String::with_capacity(b64_len));
    base64::engine::general_purpose::STANDARD.encode_string(der, &mut b64);
    let capacity = 2 * (label.len() + 17) + b64_len + b64_len / 64 + 1;
    let mut out = Zeroizing::new(String::with_capacity(capacity));
    out.push_str("-----BEGIN ");
    out.push_str(label);
    out.push_str("-----\n");
    let mut rest: &str = &b64;
    while !rest.is_empty() {
        let (line, tail) = rest.split_at(rest.len().min(64));
        out.push_str(line);
        out.push('\n');
        rest = tail;
    }
    out.push_str("-----END ");
    out.push_str(label);
    out.push_str("-----\n");
    out
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

/// The finding for a PKCS#12 input given without its password.
pub(crate) fn password_needed(what: &str, subject: Subject) -> Finding {
    let fix = if cfg!(feature = "pkcs12") {
        "give the password to open it (command line: --password-file FILE or CERTPREFLIGHT_PASSWORD); the tool then checks its certificate, key and chain, and `certpreflight fix` writes them as PEM"
    } else {
        "this build cannot open PKCS#12 files; extract the PEM files: openssl pkcs12 -in file.pfx -nokeys -clcerts -out cert.pem; openssl pkcs12 -in file.pfx -nokeys -cacerts -out chain.pem; openssl pkcs12 -in file.pfx -nocerts -nodes -out key.pem (add -legacy for old Windows exports)"
    };
    Finding::error(
        Code::Pkcs12Given,
        format!("The {what} is a PKCS#12 (.pfx/.p12) file; AWS takes PEM text in separate fields. Give the password to open it."),
    )
    .fix(fix)
    .aws(if subject == Subject::Key {
        "The private key is not supported."
    } else {
        "The certificate body/chain provided is not in a valid PEM format"
    })
    .about(subject)
}

/// Opens a PKCS#12 file. A wrong password gives a `pkcs12-password` finding, a file that is
/// not a readable PKCS#12 an `input-unreadable` one.
pub fn open_pkcs12(bytes: &[u8], password: &str) -> Result<Pkcs12Contents, Finding> {
    if bytes.len() > crate::MAX_INPUT_BYTES {
        return Err(Finding::error(
            Code::InputTooLarge,
            format!(
                "The PKCS#12 file is {} bytes; the tool reads at most {} bytes per input.",
                bytes.len(),
                crate::MAX_INPUT_BYTES
            ),
        ));
    }
    imp::open(bytes, password)
}

#[cfg(not(feature = "pkcs12"))]
mod imp {
    use super::*;
    pub(super) fn open(_bytes: &[u8], _password: &str) -> Result<Pkcs12Contents, Finding> {
        Err(password_needed("input", Subject::Certificate)
            .fix("this build was made without the `pkcs12` feature; extract the PEM files with openssl pkcs12 -in file.pfx -nodes"))
    }
}

#[cfg(feature = "pkcs12")]
mod imp {
    use super::*;
    use crate::cert::Cert;
    use p12_keystore::error::Error as P12Error;

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

    /// A key's PKCS#8 DER (wiped on drop) and its localKeyId.
    type KeyAndId = (Zeroizing<Vec<u8>>, Option<Vec<u8>>);

    pub(super) fn open(bytes: &[u8], password: &str) -> Result<Pkcs12Contents, Finding> {
        // Structure first, so a corrupt file is not blamed on the password.
        {
            use der::Decode as _;
            pkcs12::pfx::Pfx::from_der(bytes)
                .map_err(|e| unreadable(format!("not PKCS#12: {e}")))?;
        }
        let archive =
            p12_keystore::Pkcs12Archive::from_pkcs12(bytes, password).map_err(|e| match e {
                // The MAC is keyed by the password; decryption under a wrong password fails
                // its padding (or gives garbage that is not PKCS#8) when there is no MAC.
                P12Error::MacError(_)
                | P12Error::UnpadError
                | P12Error::Pkcs5Error(_)
                | P12Error::InvalidPrivateKey => wrong_password(),
                other => unreadable(other),
            })?;
        let mut certs = Vec::new();
        for bag in &archive.certs {
            let cert = Cert::from_der(bag.cert.as_der()).map_err(unreadable)?;
            certs.push((cert, bag.local_key_id.clone()));
        }
        let keys: Vec<KeyAndId> = archive
            .keys
            .iter()
            .map(|k| {
                (
                    Zeroizing::new(k.key.as_der().to_vec()),
                    k.local_key_id.as_ref().map(|id| id.as_ref().to_vec()),
                )
            })
            .collect();
        drop(archive);

        // The leaf: the certificate sharing a localKeyId with a key, else the one whose public
        // key is a key's, else the first that is not a CA.
        let key_publics: Vec<Option<crate::cert::PublicKey>> = keys
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
