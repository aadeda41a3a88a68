//! Where the files a user gives belong: the page's drop zone, its "choose files" picker,
//! each field's own picker and its "split into the fields" button all come here, so a file
//! gives the same result whichever way it came in. Certificates and keys are recognised by
//! what they hold (PEM, DER, PKCS#7, several blocks in one file); DER and PKCS#7 become PEM,
//! with a note, since that is what AWS takes; a PKCS#12 file is kept whole, to be opened with
//! its password. The chosen target decides the roles: for an IoT CA registration the CA
//! certificate is the one with CA:TRUE (and the key, when given), and the verification
//! certificate the one that CA issued.

use crate::cert::Cert;
use crate::decode::{decode, InputKind};
use crate::limits::MAX_INPUT_BYTES;
use crate::service_id::ServiceId;
use serde::{Deserialize, Serialize};

/// One file as read from the user's disk.
#[derive(Debug, Clone, Copy)]
pub struct GivenFile<'a> {
    pub name: &'a str,
    pub bytes: &'a [u8],
}

/// Where the files go. The page applies it: the certificate fills the certificate field
/// (only when it is empty, unless `replace_certificate`), the key replaces the key, chain
/// pieces are appended to the chain.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sorted {
    pub certificate: Option<String>,
    /// The private key's PEM text (the page keeps it in a zeroizing buffer).
    pub private_key: Option<String>,
    /// Texts to append to the chain field, in order.
    pub chain: Vec<String>,
    /// IoT CA: the verification certificate.
    pub verification: Option<String>,
    /// A PKCS#12 file (its name): it takes the certificate field whole, and the page asks for
    /// its password. The bytes stay with the page.
    pub pkcs12: Option<String>,
    /// What the user should know: a converted DER file, an unusable file, a file left out.
    pub notes: Vec<String>,
}

/// One certificate found in a file: its PEM text (as given for PEM, re-encoded for DER and
/// PKCS#7) and its parsed facts.
struct Found {
    pem: String,
    cert: Cert,
}

/// Everything found in the files, in the order given.
#[derive(Default)]
struct Pool {
    certs: Vec<Found>,
    keys: Vec<(String, Option<crate::algorithm::PublicKey>)>,
}

/// Sorts files into the fields for `target`. `certificate_filled`: the certificate field
/// already holds something, so certificates (beyond an IoT CA's roles) go to the chain.
pub fn sort_files(files: &[GivenFile<'_>], target: ServiceId, certificate_filled: bool) -> Sorted {
    let mut sorted = Sorted::default();
    let mut pool = Pool::default();
    for file in files {
        read_file(file, &mut pool, &mut sorted);
    }
    let key = pick_key(&mut pool, &mut sorted);
    if target == ServiceId::IotCa {
        place_iot_ca(pool, key.as_ref(), certificate_filled, &mut sorted);
    } else {
        place(pool, key.as_ref(), certificate_filled, &mut sorted);
    }
    sorted.private_key = key.map(|(text, _)| text);
    sorted
}

/// What is in one file, added to the pool (or a note when nothing usable is).
fn read_file(file: &GivenFile<'_>, pool: &mut Pool, sorted: &mut Sorted) {
    let name = file.name;
    if file.bytes.len() > MAX_INPUT_BYTES {
        sorted.notes.push(format!(
            "{name} is larger than {MAX_INPUT_BYTES} bytes; it was not read."
        ));
        return;
    }
    let decoded = decode(file.bytes);
    if decoded.kind == InputKind::Pkcs12 {
        sorted.notes.push(format!(
            "{name} is a PKCS#12 (.pfx/.p12) file: give its password to open it here, in this tab."
        ));
        sorted.pkcs12 = Some(name.to_string());
        return;
    }
    if decoded.certs.is_empty() && decoded.keys.is_empty() {
        sorted.notes.push(format!(
            "{name}: no certificate or private key found; nothing was filled in."
        ));
        return;
    }
    match pem_text(file.bytes) {
        Some(text) => {
            // Each block on its own, so a block that does not parse cannot shift the others.
            let pieces = pem_pieces(text);
            for pem in pieces.certs {
                match decode(pem.as_bytes()).certs.into_iter().next() {
                    Some(cert) => pool.certs.push(Found { pem, cert }),
                    None => sorted.notes.push(format!(
                        "{name}: a certificate block could not be read; it was left out."
                    )),
                }
            }
            for pem in pieces.keys {
                let public = decode(pem.as_bytes())
                    .keys
                    .into_iter()
                    .next()
                    .and_then(|k| k.public);
                pool.keys.push((pem, public));
            }
        }
        None => {
            sorted.notes.push(format!(
                "{name} is not PEM text (DER, PKCS#7 or bare base64); it was converted to PEM, which is what AWS takes. Upload the PEM text, not the original file."
            ));
            for cert in decoded.certs {
                pool.certs.push(Found {
                    pem: cert.pem(),
                    cert,
                });
            }
            if let Some(k) = decoded.keys.into_iter().next() {
                pool.keys
                    .push((der_key_pem(&k.format, file.bytes), k.public));
            }
        }
    }
}

/// The file as PEM text, when it is (PKCS#7 in PEM armour is unpacked like DER).
fn pem_text(bytes: &[u8]) -> Option<&str> {
    let text = std::str::from_utf8(bytes).ok()?;
    let pkcs7 = text.contains("-----BEGIN PKCS7") || text.contains("-----BEGIN CERTIFICATE CHAIN");
    (text.contains("-----BEGIN ") && !pkcs7).then_some(text)
}

/// The key to use: the one that matches a certificate, else the last one given.
fn pick_key(
    pool: &mut Pool,
    sorted: &mut Sorted,
) -> Option<(String, Option<crate::algorithm::PublicKey>)> {
    if pool.keys.len() > 1 {
        sorted
            .notes
            .push("Several private keys were given; the one that matches a certificate (else the last) is used.".into());
    }
    let matching = pool.keys.iter().rposition(|(_, public)| {
        public
            .as_ref()
            .is_some_and(|p| pool.certs.iter().any(|f| f.cert.key.same_key(p)))
    });
    let index = matching.or(pool.keys.len().checked_sub(1))?;
    Some(pool.keys.swap_remove(index))
}

fn matches_key(cert: &Cert, key: Option<&(String, Option<crate::algorithm::PublicKey>)>) -> bool {
    key.and_then(|(_, p)| p.as_ref())
        .is_some_and(|p| cert.key.same_key(p))
}

/// Any target but an IoT CA: the leaf (the certificate of the key, else the first that is
/// not a CA, else the first) to the certificate field, the others to the chain.
fn place(
    pool: Pool,
    key: Option<&(String, Option<crate::algorithm::PublicKey>)>,
    certificate_filled: bool,
    sorted: &mut Sorted,
) {
    let mut certs = pool.certs;
    if !certificate_filled && !certs.is_empty() {
        let leaf = certs
            .iter()
            .position(|f| matches_key(&f.cert, key))
            .or_else(|| certs.iter().position(|f| f.cert.is_ca != Some(true)))
            .unwrap_or(0);
        sorted.certificate = Some(certs.remove(leaf).pem);
    }
    let rest: String = certs.into_iter().map(|f| f.pem).collect();
    if !rest.is_empty() {
        sorted.chain.push(rest);
    }
}

/// IoT CA registration: the CA certificate (CA:TRUE, the key's when a key is given), the
/// verification certificate (issued by that CA), and nothing else.
fn place_iot_ca(
    pool: Pool,
    key: Option<&(String, Option<crate::algorithm::PublicKey>)>,
    certificate_filled: bool,
    sorted: &mut Sorted,
) {
    let mut certs = pool.certs;
    let ca = certs
        .iter()
        .position(|f| f.cert.is_ca == Some(true) && matches_key(&f.cert, key))
        .or_else(|| certs.iter().position(|f| f.cert.is_ca == Some(true)));
    let ca = match ca {
        Some(i) => certs.remove(i),
        None => {
            place(
                Pool {
                    certs,
                    keys: vec![],
                },
                key,
                certificate_filled,
                sorted,
            );
            return;
        }
    };
    // Devices are issued by the CA too: the verification certificate's CN is the
    // registration code (64 hexadecimal characters); a lone candidate is taken as well.
    let issued: Vec<usize> = (0..certs.len())
        .filter(|&i| {
            certs[i].cert.issuer_raw == ca.cert.subject_raw && certs[i].cert.is_ca != Some(true)
        })
        .collect();
    let looks_like_code = |i: &usize| {
        certs[*i]
            .cert
            .subject_cn
            .as_deref()
            .is_some_and(|cn| cn.len() == 64 && cn.bytes().all(|b| b.is_ascii_hexdigit()))
    };
    let verification = match issued.iter().copied().find(looks_like_code) {
        Some(i) => Some(i),
        None if issued.len() == 1 => Some(issued[0]),
        None => None,
    };
    if let Some(i) = verification {
        sorted.verification = Some(certs.remove(i).pem);
    }
    for other in &certs {
        sorted.notes.push(format!(
            "{} is not the CA certificate nor its verification certificate; it was left out.",
            other.cert.short_name()
        ));
    }
    sorted.certificate = Some(ca.pem);
}

/// How a field's own picker takes a file: the same reading as the drop zone, keeping the
/// field's role (a certificate field takes the leaf, a chain field every certificate).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum FieldFill {
    /// The text to put in the field, and what to tell the user.
    Text { text: String, notes: Vec<String> },
    /// A PKCS#12 file: the field takes it whole, and the page asks for the password.
    Pkcs12 { notes: Vec<String> },
    /// Nothing usable: why.
    Refused { notes: Vec<String> },
}

/// Which kind of field a picker belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum FieldKind {
    /// One certificate (the certificate, the verification certificate).
    Certificate,
    /// A private key.
    Key,
    /// Several certificates (the chain, a bundle, trusted roots).
    Certificates,
}

/// Reads one file for one field.
pub fn fill_field(file: &GivenFile<'_>, kind: FieldKind) -> FieldFill {
    let mut sorted = Sorted::default();
    let mut pool = Pool::default();
    read_file(file, &mut pool, &mut sorted);
    let notes = sorted.notes;
    if sorted.pkcs12.is_some() {
        return FieldFill::Pkcs12 { notes };
    }
    let text = match kind {
        FieldKind::Key => pool.keys.into_iter().map(|(k, _)| k).collect::<String>(),
        FieldKind::Certificate | FieldKind::Certificates => {
            pool.certs.into_iter().map(|f| f.pem).collect::<String>()
        }
    };
    if text.is_empty() {
        return FieldFill::Refused { notes };
    }
    FieldFill::Text { text, notes }
}

/// A DER private key wrapped in the PEM label that matches its format.
fn der_key_pem(format: &crate::key::KeyFormat, der: &[u8]) -> String {
    let name = format.name();
    let label = if format.encrypted() {
        "ENCRYPTED PRIVATE KEY"
    } else if name.starts_with("PKCS#1") {
        "RSA PRIVATE KEY"
    } else if name.starts_with("SEC1") {
        "EC PRIVATE KEY"
    } else {
        "PRIVATE KEY"
    };
    crate::der_util::pem_armour(label, der).to_string()
}

/// A file cut into certificate texts and key texts, each block's bytes as given (so the
/// engine still sees CRLF or trailing spaces); an `EC PARAMETERS` block travels with the key
/// after it; text outside blocks is dropped.
struct Pieces {
    certs: Vec<String>,
    keys: Vec<String>,
}

fn pem_pieces(text: &str) -> Pieces {
    let mut pieces = Pieces {
        certs: vec![],
        keys: vec![],
    };
    let mut current: Option<(String, String)> = None;
    let mut ec_parameters = String::new();
    for line in text.split_inclusive('\n') {
        let bare = line.trim();
        match &mut current {
            None => {
                current = bare
                    .strip_prefix("-----BEGIN ")
                    .and_then(|l| l.strip_suffix("-----"))
                    .map(|label| (label.to_string(), line.to_string()));
            }
            Some((label, block)) => {
                block.push_str(line);
                if bare.starts_with("-----END ") {
                    let block = ensure_newline(std::mem::take(block));
                    if label.contains("CERTIFICATE") && !label.contains("REQUEST") {
                        pieces.certs.push(block);
                    } else if label == "EC PARAMETERS" {
                        ec_parameters = block;
                    } else if label.contains("PRIVATE KEY") {
                        pieces
                            .keys
                            .push(std::mem::take(&mut ec_parameters) + &block);
                    }
                    current = None;
                }
            }
        }
    }
    pieces
}

fn ensure_newline(mut block: String) -> String {
    if !block.ends_with('\n') {
        block.push('\n');
    }
    block
}
