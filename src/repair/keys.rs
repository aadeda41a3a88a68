//! Private keys as found in the inputs, with their DER untouched: the key file is only ever
//! re-armoured, never changed.

use crate::algorithm::PublicKey;
use crate::decode::{Decoded, Hygiene, InputKind};
use crate::der_util::pem_armour;
use crate::key::{self, KeyFormat};
use zeroize::Zeroizing;

/// A private key as found, with its wrapping.
pub(super) struct FoundKey {
    /// The PEM to output: the same DER re-armoured, or the block's own lines when it carries
    /// `Proc-Type`/`DEK-Info` headers (legacy encryption: the headers are part of the key).
    pub pem: Zeroizing<String>,
    pub format: KeyFormat,
    pub public: Option<PublicKey>,
    pub changes: Vec<String>,
}

/// Where the text came from: for describing what changed.
pub(super) fn source_changes(d: &Decoded, what: &str) -> Vec<String> {
    let mut out = Vec::new();
    match d.kind {
        InputKind::DerCertificate => {
            out.push(format!("the {what} was DER (binary): converted to PEM"))
        }
        InputKind::Pkcs7Der => out.push(format!(
            "the {what} was PKCS#7 (DER, .p7b): unpacked into PEM certificates"
        )),
        InputKind::DerPrivateKey => {
            out.push(format!("the {what} was DER (binary): converted to PEM"))
        }
        InputKind::BareBase64 => out.push(format!(
            "the {what} was base64 without BEGIN/END lines: armoured as PEM"
        )),
        _ => {}
    }
    for h in &d.hygiene {
        let text = match h {
            Hygiene::Bom => "removed the UTF-8 byte-order mark".to_string(),
            Hygiene::Crlf => "converted CRLF line endings to LF".to_string(),
            Hygiene::TrailingWhitespace { lines } => {
                format!("removed trailing spaces from {lines} line(s)")
            }
            Hygiene::TextOutside { lines, .. } => {
                format!("removed {lines} line(s) of text outside the PEM blocks")
            }
            Hygiene::OutsideLatin1 { .. } => continue,
            Hygiene::Pkcs7Pem => {
                "unpacked the PKCS#7 block (-----BEGIN PKCS7-----) into PEM certificates"
                    .to_string()
            }
            Hygiene::EcParameters => "removed the EC PARAMETERS block before the key".to_string(),
        };
        out.push(format!("{text} ({what})"));
    }
    out
}

fn key_label(format: KeyFormat) -> &'static str {
    match format {
        KeyFormat::Pkcs1 => "RSA PRIVATE KEY",
        KeyFormat::Sec1 => "EC PRIVATE KEY",
        KeyFormat::Pkcs8Encrypted => "ENCRYPTED PRIVATE KEY",
        _ => "PRIVATE KEY",
    }
}

/// The private keys in an input, with their DER untouched.
pub(super) fn keys_in(bytes: &[u8], d: &Decoded) -> Vec<FoundKey> {
    let mut out = Vec::new();
    let changes = source_changes(d, "private key");
    match d.kind {
        InputKind::DerPrivateKey => {
            if let Some(k) = key::from_der(bytes) {
                out.push(FoundKey {
                    pem: pem_armour(key_label(k.format), bytes),
                    format: k.format,
                    public: k.public,
                    changes,
                });
            }
        }
        InputKind::BareBase64 => {
            use base64::Engine as _;
            let Ok(text) = std::str::from_utf8(bytes) else {
                return out;
            };
            // Sized up front: a collected String would reallocate, leaving unwiped copies.
            let mut compact = Zeroizing::new(String::with_capacity(text.len()));
            compact.extend(text.chars().filter(|c| !c.is_ascii_whitespace()));
            let Ok(der) = base64::engine::general_purpose::STANDARD.decode(compact.as_bytes())
            else {
                return out;
            };
            let der = Zeroizing::new(der);
            if let Some(k) = key::from_der(&der) {
                out.push(FoundKey {
                    pem: pem_armour(key_label(k.format), &der),
                    format: k.format,
                    public: k.public,
                    changes,
                });
            }
        }
        InputKind::Pem => {
            for block in key_blocks(bytes) {
                let mut changes = changes.clone();
                changes.retain(|c| !c.contains("EC PARAMETERS") || block.after_ec_parameters);
                out.push(FoundKey {
                    changes,
                    ..block.key
                });
            }
        }
        _ => {}
    }
    out
}

struct KeyBlock {
    key: FoundKey,
    after_ec_parameters: bool,
}

/// Key blocks of PEM text, tolerating what decoding tolerates (BOM, CRLF, spaces, text).
fn key_blocks(bytes: &[u8]) -> Vec<KeyBlock> {
    let text = Zeroizing::new(String::from_utf8_lossy(bytes).into_owned());
    let mut out = Vec::new();
    let mut block: Option<Zeroizing<String>> = None;
    let mut after_params = false;
    let mut seen_params = false;
    for raw in text.split('\n') {
        let line = raw.trim_start_matches('\u{feff}').trim();
        match &mut block {
            None => {
                if let Some(label) = line
                    .strip_prefix("-----BEGIN ")
                    .and_then(|l| l.strip_suffix("-----"))
                {
                    if label == "EC PARAMETERS" {
                        seen_params = true;
                    }
                    if label.ends_with("PRIVATE KEY") {
                        after_params = seen_params;
                        let mut b = Zeroizing::new(String::with_capacity(4096));
                        b.push_str(line);
                        b.push('\n');
                        block = Some(b);
                    }
                }
            }
            Some(b) => {
                b.push_str(line);
                b.push('\n');
                if line.starts_with("-----END ") {
                    if let Some(k) = key_from_block(b) {
                        out.push(KeyBlock {
                            key: k,
                            after_ec_parameters: after_params,
                        });
                    }
                    block = None;
                }
            }
        }
    }
    out
}

fn key_from_block(block: &Zeroizing<String>) -> Option<FoundKey> {
    let parsed = ::pem::parse(block.as_bytes()).ok()?;
    let encrypted = parsed
        .headers()
        .get("Proc-Type")
        .is_some_and(|v| v.contains("ENCRYPTED"));
    let label = parsed.tag().to_string();
    let der = Zeroizing::new(parsed.into_contents());
    if encrypted {
        // Legacy encryption: the headers are part of the key; keep the block's own lines.
        return Some(FoundKey {
            pem: block.clone(),
            format: KeyFormat::PemEncrypted,
            public: None,
            changes: vec![],
        });
    }
    let k = key::from_pem_block(&label, &der, false, None);
    if k.error.is_some() && !k.format.encrypted() {
        return None;
    }
    // An SEC1 key after EC PARAMETERS may name no curve itself; keep it as it is.
    Some(FoundKey {
        pem: pem_armour(&label, &der),
        format: k.format,
        public: k.public,
        changes: vec![],
    })
}
