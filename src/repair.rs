//! Repair: where a problem is mechanical, produce the fixed PEM files.
//!
//! What it does: the chain reordered into issuing order (the path [`crate::chain`] builds),
//! the leaf, duplicates and unrelated certificates removed from it (and the root, where the
//! service wants it left out); a fullchain in the certificate field split into certificate
//! and chain; a key found in the certificate file moved to its own file; BOM, CRLF, trailing
//! spaces and text around the blocks dropped by re-encoding every block as clean PEM; DER and
//! PKCS#7 turned into PEM; a PKCS#12 file (with its password) turned into the PEM trio.
//!
//! What it never does: change a private key's content. A key is re-armoured from the same
//! DER (an encrypted key stays encrypted, and the repair says it needs the user's
//! passphrase); a key is only output when a key input was given, or the certificate or
//! PKCS#12 file held one. Nothing is written anywhere: the caller decides.

use crate::cert::{Cert, PublicKey};
use crate::check::Request;
use crate::decode::{decode, Decoded, InputKind};
use crate::finding::{Finding, Subject};
use crate::key::{self, KeyFormat};
use crate::pkcs12::pem_armour;
use crate::services::rules::RootPolicy;
use zeroize::Zeroizing;

/// One output file.
#[derive(Clone)]
pub struct RepairedFile {
    /// `cert.pem`, `chain.pem` or `key.pem`.
    pub name: &'static str,
    /// The PEM text (zeroized on drop: it may be a private key).
    pub contents: Zeroizing<String>,
    /// What was changed relative to the input, one sentence each; empty when the file is the
    /// input re-encoded byte for byte.
    pub what_changed: Vec<String>,
}

impl RepairedFile {
    /// The private key file: write it readable by its owner only.
    pub fn is_private_key(&self) -> bool {
        self.name == "key.pem"
    }
}

impl std::fmt::Debug for RepairedFile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut s = f.debug_struct("RepairedFile");
        s.field("name", &self.name);
        if self.is_private_key() {
            s.field("contents", &"<redacted>");
        } else {
            s.field("contents", &*self.contents);
        }
        s.field("what_changed", &self.what_changed).finish()
    }
}

/// The outcome of [`repair`].
#[derive(Debug, Clone, Default)]
pub struct Repair {
    /// The files to write, in the order cert.pem, chain.pem, key.pem (those that apply).
    pub files: Vec<RepairedFile>,
    /// What could not be fixed mechanically and needs the user (a missing intermediate, an
    /// encrypted key's passphrase, a key that does not match).
    pub left_alone: Vec<String>,
    /// Inputs that could not be read at all (wrong PKCS#12 password, unreadable file).
    pub findings: Vec<Finding>,
}

impl Repair {
    pub fn file(&self, name: &str) -> Option<&RepairedFile> {
        self.files.iter().find(|f| f.name == name)
    }
}

/// A private key as found, with its wrapping.
struct FoundKey {
    /// The PEM to output: the same DER re-armoured, or the block's own lines when it carries
    /// `Proc-Type`/`DEK-Info` headers (legacy encryption: the headers are part of the key).
    pem: Zeroizing<String>,
    format: KeyFormat,
    public: Option<PublicKey>,
    changes: Vec<String>,
}

/// Where the text came from: for describing what changed.
fn source_changes(d: &Decoded, what: &str) -> Vec<String> {
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
            crate::decode::Hygiene::Bom => "removed the UTF-8 byte-order mark".to_string(),
            crate::decode::Hygiene::Crlf => "converted CRLF line endings to LF".to_string(),
            crate::decode::Hygiene::TrailingWhitespace { lines } => {
                format!("removed trailing spaces from {lines} line(s)")
            }
            crate::decode::Hygiene::TextOutside { lines, .. } => {
                format!("removed {lines} line(s) of text outside the PEM blocks")
            }
            crate::decode::Hygiene::OutsideLatin1 { .. } => continue,
            crate::decode::Hygiene::Pkcs7Pem => {
                "unpacked the PKCS#7 block (-----BEGIN PKCS7-----) into PEM certificates"
                    .to_string()
            }
            crate::decode::Hygiene::EcParameters => {
                "removed the EC PARAMETERS block before the key".to_string()
            }
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
fn keys_in(bytes: &[u8], d: &Decoded) -> Vec<FoundKey> {
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
            let compact: Zeroizing<String> =
                Zeroizing::new(text.chars().filter(|c| !c.is_ascii_whitespace()).collect());
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

/// An input, resolved: the bytes to read (PKCS#12 opened), and where they came from.
struct Source {
    bytes: Vec<u8>,
    from_pkcs12: bool,
}

/// Produces the fixed files for the request's inputs. See the module documentation.
pub fn repair(request: &Request<'_>) -> Repair {
    let mut result = Repair::default();
    let service = request.service.info();

    // PKCS#12: open it (with the password) into the PEM trio.
    let mut cert_src = request.certificate.map(|b| Source {
        bytes: b.to_vec(),
        from_pkcs12: false,
    });
    let mut key_src = request.private_key.map(|b| Source {
        bytes: b.to_vec(),
        from_pkcs12: false,
    });
    let mut chain_src = request.chain.map(|b| Source {
        bytes: b.to_vec(),
        from_pkcs12: false,
    });
    for (field, subject) in [
        ("certificate", Subject::Certificate),
        ("private key", Subject::Key),
    ] {
        let slot = if field == "certificate" {
            &cert_src
        } else {
            &key_src
        };
        let Some(src) = slot else { continue };
        if src.bytes.len() > crate::MAX_INPUT_BYTES || decode(&src.bytes).kind != InputKind::Pkcs12
        {
            continue;
        }
        let Some(password) = &request.options.pkcs12_password else {
            result
                .findings
                .push(crate::pkcs12::password_needed(field, subject));
            if field == "certificate" {
                cert_src = None;
            } else {
                key_src = None;
            }
            continue;
        };
        let opened = crate::pkcs12::open_pkcs12(&src.bytes, password.expose());
        if field == "certificate" {
            cert_src = None;
        } else {
            key_src = None;
        }
        match opened {
            Err(f) => result.findings.push(f.about(subject)),
            Ok(contents) => {
                if cert_src.is_none() {
                    cert_src = contents.certificate.map(|c| Source {
                        bytes: c.into_bytes(),
                        from_pkcs12: true,
                    });
                }
                if key_src.is_none() {
                    key_src = contents.private_key.map(|k| Source {
                        bytes: k.as_bytes().to_vec(),
                        from_pkcs12: true,
                    });
                }
                if chain_src.is_none() {
                    chain_src = contents.chain.map(|c| Source {
                        bytes: c.into_bytes(),
                        from_pkcs12: true,
                    });
                }
            }
        }
    }
    // The key bytes are secret: wipe the copy once parsed.
    let key_src = key_src.map(|s| (Zeroizing::new(s.bytes), s.from_pkcs12));

    // Certificates from the certificate field, and keys that came with them.
    let cert_decoded = cert_src.as_ref().map(|s| decode(&s.bytes));
    let key_decoded = key_src.as_ref().map(|(b, _)| decode(b));
    let chain_decoded = chain_src.as_ref().map(|s| decode(&s.bytes));
    for (d, what) in [
        (&cert_decoded, "certificate"),
        (&key_decoded, "private key"),
        (&chain_decoded, "chain"),
    ] {
        if let Some(d) = d {
            for p in &d.problems {
                result.left_alone.push(format!(
                    "in the {what}, a {} block could not be used: {}",
                    p.what, p.why
                ));
            }
        }
    }

    // The private key: the key input, else one found in the certificate file.
    let mut key: Option<FoundKey> = None;
    let mut cert_changes: Vec<String> = Vec::new();
    if let (Some((bytes, from_pkcs12)), Some(d)) = (&key_src, &key_decoded) {
        let mut keys = keys_in(bytes, d);
        if keys.len() > 1 {
            result.left_alone.push(format!(
                "the key input holds {} private keys; the one matching the certificate (else the first) was kept",
                keys.len()
            ));
        }
        let leaf_key = cert_decoded
            .as_ref()
            .and_then(|d| d.certs.first())
            .map(|c| c.key.clone());
        let pick = leaf_key
            .and_then(|lk| {
                keys.iter()
                    .position(|k| k.public.as_ref().is_some_and(|p| p.same_key(&lk)))
            })
            .unwrap_or(0);
        if pick < keys.len() {
            let mut k = keys.swap_remove(pick);
            if *from_pkcs12 {
                k.changes.insert(
                    0,
                    "extracted from the PKCS#12 file (PKCS#8, as stored)".into(),
                );
            }
            if !d.certs.is_empty() {
                k.changes.push(format!(
                    "removed {} certificate(s) from the key file",
                    d.certs.len()
                ));
            }
            key = Some(k);
        } else if d.kind != InputKind::Empty {
            result
                .left_alone
                .push("no private key could be read from the key input; it was not written".into());
        }
    }
    if let (Some(src), Some(d)) = (&cert_src, &cert_decoded) {
        let in_cert = keys_in(&src.bytes, d);
        if !in_cert.is_empty() {
            if key.is_none() && key_src.is_none() {
                let mut k = in_cert.into_iter().next().map(|mut k| {
                    k.changes = vec!["moved out of the certificate file into its own file".into()];
                    k
                });
                key = k.take();
                cert_changes
                    .push("moved the private key out of the certificate file into key.pem".into());
            } else {
                cert_changes.push("removed the private key from the certificate file (the key input given is the one written)".into());
            }
        }
    }

    // The leaf: the certificate matching the key, else the first that is not a CA, else the first.
    let mut cert_certs: Vec<Cert> = cert_decoded
        .as_ref()
        .map(|d| d.certs.clone())
        .unwrap_or_default();
    let leaf_pos = key
        .as_ref()
        .and_then(|k| k.public.as_ref())
        .and_then(|p| cert_certs.iter().position(|c| c.key.same_key(p)))
        .or_else(|| {
            (cert_certs.len() > 1)
                .then(|| cert_certs.iter().position(|c| c.is_ca != Some(true)))
                .flatten()
        })
        .unwrap_or(0);
    let leaf = (leaf_pos < cert_certs.len()).then(|| cert_certs.remove(leaf_pos));
    if let (Some(leaf), Some(src), Some(d)) = (&leaf, &cert_src, &cert_decoded) {
        let mut changes = Vec::new();
        if src.from_pkcs12 {
            changes.push("extracted the leaf from the PKCS#12 file".to_string());
        }
        changes.extend(source_changes(d, "certificate"));
        if !cert_certs.is_empty() {
            changes.push(format!(
                "the certificate field held {} certificates (a fullchain): kept the leaf {}, moved the other {} to chain.pem",
                cert_certs.len() + 1,
                leaf.short_name(),
                cert_certs.len()
            ));
        }
        changes.extend(cert_changes);
        let pem = leaf.pem();
        if changes.is_empty() && pem.as_bytes() != src.bytes.as_slice() {
            changes.push("re-encoded as clean PEM (64-character lines, LF)".into());
        }
        result.files.push(RepairedFile {
            name: "cert.pem",
            contents: Zeroizing::new(pem),
            what_changed: changes,
        });
    }

    // The chain: the certificate field's extra certificates, then the chain input's.
    let mut candidates = cert_certs;
    let extra_from_cert = candidates.len();
    let mut chain_changes = Vec::new();
    if let (Some(src), Some(d)) = (&chain_src, &chain_decoded) {
        if src.from_pkcs12 {
            chain_changes
                .push("extracted the other certificates from the PKCS#12 file".to_string());
        }
        chain_changes.extend(source_changes(d, "chain"));
        candidates.extend(d.certs.iter().cloned());
    }
    if let Some(leaf) = &leaf {
        repair_chain(
            &mut result,
            leaf,
            &candidates,
            extra_from_cert,
            chain_changes,
            chain_src.as_ref().map(|s| s.bytes.as_slice()),
            service.profile.root_policy == RootPolicy::LeaveOut,
            service.name,
        );
    } else if !candidates.is_empty() {
        result
            .left_alone
            .push("no certificate was given, so the chain could not be ordered from a leaf".into());
    }

    // The key, re-armoured from the same DER.
    if let Some(mut k) = key {
        if k.format.encrypted() {
            result.left_alone.push("the private key is encrypted and stays so (its content is never changed here): decrypt it with your passphrase, openssl pkey -in key.pem -out key-plain.pem, before importing".into());
        }
        if let (Some(leaf), Some(p)) = (&leaf, &k.public) {
            if !leaf.key.same_key(p) {
                result.left_alone.push("the private key does not belong to the certificate; find the key generated with the certificate's CSR".into());
            }
        }
        if let Some((bytes, _)) = &key_src {
            if k.changes.is_empty() && k.pem.as_bytes() != bytes.as_slice() {
                k.changes.push(
                    "re-encoded as clean PEM from the same DER (the key itself is unchanged)"
                        .into(),
                );
            }
        }
        result.files.push(RepairedFile {
            name: "key.pem",
            contents: k.pem,
            what_changed: k.changes,
        });
    }
    result
}

#[allow(clippy::too_many_arguments)]
fn repair_chain(
    result: &mut Repair,
    leaf: &Cert,
    candidates: &[Cert],
    extra_from_cert: usize,
    mut changes: Vec<String>,
    chain_bytes: Option<&[u8]>,
    leave_root_out: bool,
    service_name: &str,
) {
    if candidates.is_empty() {
        if chain_bytes.is_some() {
            result
                .left_alone
                .push("the chain input held no certificate; no chain.pem was written".into());
        }
        return;
    }
    let a = crate::chain::analyse(leaf, candidates);
    if extra_from_cert > 0 {
        changes.insert(
            0,
            format!("holds the {extra_from_cert} certificate(s) split off the certificate field"),
        );
    }
    let position = |i: usize| -> String {
        if i < extra_from_cert {
            format!("certificate-field position {}", i + 1)
        } else {
            format!("chain position {}", i - extra_from_cert)
        }
    };
    for &i in &a.contains_leaf {
        if i >= extra_from_cert {
            changes.push(format!("removed the leaf itself from {}", position(i)));
        }
    }
    for &i in &a.duplicates {
        changes.push(format!(
            "removed a duplicate of {} ({})",
            candidates[i].short_name(),
            position(i)
        ));
    }
    for &i in &a.unrelated {
        changes.push(format!(
            "removed {} ({}): it is not on the leaf's path",
            candidates[i].short_name(),
            position(i)
        ));
    }
    let mut order = a.path.clone();
    let broken = matches!(
        a.links.last(),
        Some((
            _,
            crate::chain::LinkState::SignatureInvalid(_) | crate::chain::LinkState::IssuerMissing
        ))
    );
    if broken {
        if let Some((node, _)) = a.links.last() {
            let who = match node {
                crate::chain::Node::Leaf => leaf,
                crate::chain::Node::Chain(i) => &candidates[*i],
            };
            let complete_enough = a.path.last().is_some_and(|&i| !candidates[i].self_issued())
                && matches!(
                    a.links.last(),
                    Some((_, crate::chain::LinkState::IssuerMissing))
                )
                && a.path.len() + a.contains_leaf.len() + a.duplicates.len() == candidates.len();
            if !complete_enough {
                result.left_alone.push(format!(
                    "the chain cannot be completed here: no given certificate (with a verifying signature) issued {} (issuer \"{}\"); get that intermediate from the CA",
                    who.short_name(),
                    who.issuer
                ));
            }
        }
        // Keep what could not be placed after the path, in the order given.
        for i in 0..candidates.len() {
            if !order.contains(&i) && !a.contains_leaf.contains(&i) && !a.duplicates.contains(&i) {
                order.push(i);
            }
        }
    }
    if leave_root_out {
        if let Some(root) = a.root_index(candidates) {
            if order.last() == Some(&root) && order.len() > 1 {
                order.pop();
                changes.push(format!(
                    "removed the root {} ({} says to leave it out)",
                    candidates[root].short_name(),
                    service_name
                ));
            }
        }
    }
    let kept_in_input_order = {
        let mut sorted = order.clone();
        sorted.sort_unstable();
        sorted == order
    };
    if !kept_in_input_order {
        let names: Vec<String> = order.iter().map(|&i| candidates[i].short_name()).collect();
        changes.push(format!(
            "reordered into issuing order: {}",
            names.join(" → ")
        ));
    }
    if order.is_empty() {
        result.left_alone.push(
            "the chain held only the leaf (or copies of it); no chain.pem was written".into(),
        );
        return;
    }
    let pem: String = order.iter().map(|&i| candidates[i].pem()).collect();
    if changes.is_empty() && chain_bytes.is_some_and(|b| b != pem.as_bytes()) {
        changes.push("re-encoded as clean PEM (64-character lines, LF)".into());
    }
    result.files.push(RepairedFile {
        name: "chain.pem",
        contents: Zeroizing::new(pem),
        what_changed: changes,
    });
}
