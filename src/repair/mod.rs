//! Repair: where a problem is mechanical, produce the fixed PEM files.
//!
//! What it does: the chain reordered into issuing order (the path [`crate::chain`] builds),
//! the leaf, duplicates and certificates not on the leaf's path removed from it (and the
//! root, where the service wants it left out); a fullchain in the certificate field split into
//! certificate and chain; a key found in the certificate file moved to its own file; BOM,
//! CRLF, trailing spaces and text around the blocks dropped by re-encoding every block as
//! clean PEM; DER and PKCS#7 turned into PEM; a PKCS#12 file (with its password) turned into
//! the PEM trio.
//!
//! What it never does: change a private key's content. A key is re-armoured from the same
//! DER (an encrypted key stays encrypted, and the repair says it needs the user's
//! passphrase); a key is only output when a key input was given, or the certificate or
//! PKCS#12 file held one. Nothing is written anywhere: the caller decides.
//!
//! It reads the inputs through the same resolver as `check` ([`crate::input`]), so a
//! `.pfx` is opened, and every input decoded, the same way.

mod bundle;
mod chain;
mod keys;

use crate::cert::Cert;
use crate::decode::InputKind;
use crate::finding::{Finding, Severity, Subject};
use crate::input::{resolve, Input, Inputs, Request};
use crate::rule::RootPolicy;
use crate::services::shared::password_needed;
use chain::{repair_chain, Candidates};
use keys::{keys_in, source_changes, FoundKey};
use zeroize::Zeroizing;

/// One output file.
#[derive(Clone)]
pub struct RepairedFile {
    /// `cert.pem`, `chain.pem`, `key.pem` or (RDS) `bundle.pem`.
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
    /// The files to write, in the order cert.pem, chain.pem, key.pem, bundle.pem (those that
    /// apply).
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

/// An input the repair can read: not a PKCS#12 file left unopened.
fn readable<'i>(input: Option<&'i Input<'i>>) -> Option<&'i Input<'i>> {
    input.filter(|i| !i.is_pkcs12())
}

/// Produces the fixed files for the request's inputs. See the module documentation.
pub fn repair(request: &Request<'_>) -> Repair {
    let inputs = resolve(request);
    let service = request.service.info();
    let mut result = Repair::default();
    unopened(&inputs, &mut result);
    let cert = readable(inputs.certificate.as_ref());
    let key_input = readable(inputs.private_key.as_ref());
    let chain_input = readable(inputs.chain.as_ref());
    for input in [cert, key_input, chain_input].into_iter().flatten() {
        for p in &input.decoded.problems {
            result.left_alone.push(format!(
                "in the {}, a {} block could not be used: {}",
                input.field.name(),
                p.what,
                p.why
            ));
        }
    }

    let (key, cert_changes) = pick_key(cert, key_input, &mut result);
    let mut cert_certs: Vec<Cert> = cert.map(|c| c.decoded.certs.clone()).unwrap_or_default();
    let leaf = take_leaf(&mut cert_certs, key.as_ref());
    if let (Some(leaf), Some(cert)) = (&leaf, cert) {
        result
            .files
            .push(certificate_file(leaf, cert, &cert_certs, cert_changes));
    }

    // The chain: the certificate field's extra certificates, then the chain input's.
    let from_certificate_field = cert_certs.len();
    let mut candidates = cert_certs;
    let mut chain_changes = Vec::new();
    if let Some(input) = chain_input {
        if input.from_pkcs12 {
            chain_changes.push("extracted the other certificates from the PKCS#12 file".into());
        }
        chain_changes.extend(source_changes(&input.decoded, "chain"));
        candidates.extend(input.decoded.certs.iter().cloned());
    }
    match &leaf {
        Some(leaf) => repair_chain(
            &mut result,
            Candidates {
                leaf,
                certs: &candidates,
                from_certificate_field,
                changes: chain_changes,
                given: chain_input.map(|i| &*i.bytes),
                leave_root_out: service.root_in_chain == RootPolicy::LeaveOut,
                service_name: service.name,
            },
        ),
        None if !candidates.is_empty() => result
            .left_alone
            .push("no certificate was given, so the chain could not be ordered from a leaf".into()),
        None => {}
    }

    if let Some(k) = key {
        let file = key_file(k, leaf.as_ref(), key_input, &mut result);
        result.files.push(file);
    }
    if service.takes(crate::field::OptionName::Bundle) {
        if let Some(b) = readable(inputs.bundle.as_ref()) {
            bundle::repair_bundle(&mut result, b, request.options.region.as_deref());
        }
    }
    result
}

/// A PKCS#12 file that stayed closed: its password was not given, or did not open it (the
/// resolver says why); and inputs refused for their size.
fn unopened(inputs: &Inputs<'_>, result: &mut Repair) {
    result.findings.extend(
        inputs
            .findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .cloned(),
    );
    for input in [&inputs.certificate, &inputs.private_key]
        .into_iter()
        .flatten()
    {
        if input.is_pkcs12() && !input.pkcs12_failed {
            let subject = match input.field {
                crate::input::Field::Key => Subject::Key,
                _ => Subject::Certificate,
            };
            result
                .findings
                .push(password_needed(input.field.name(), subject));
        }
    }
}

/// The private key: the key input's (the one matching the certificate, else the first),
/// else one found in the certificate file. Also what happened to the certificate file.
fn pick_key(
    cert: Option<&Input<'_>>,
    key_input: Option<&Input<'_>>,
    result: &mut Repair,
) -> (Option<FoundKey>, Vec<String>) {
    let mut key = None;
    let mut cert_changes = Vec::new();
    if let Some(input) = key_input {
        let d = &input.decoded;
        let mut keys = keys_in(&input.bytes, d);
        if keys.len() > 1 {
            result.left_alone.push(format!(
                "the key input holds {} private keys; the one matching the certificate (else the first) was kept",
                keys.len()
            ));
        }
        let leaf_key = cert.and_then(|c| c.decoded.certs.first()).map(|c| &c.key);
        let pick = leaf_key
            .and_then(|lk| {
                keys.iter()
                    .position(|k| k.public.as_ref().is_some_and(|p| p.same_key(lk)))
            })
            .unwrap_or(0);
        if pick < keys.len() {
            let mut k = keys.swap_remove(pick);
            if input.from_pkcs12 {
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
    if let Some(input) = cert {
        let in_cert = keys_in(&input.bytes, &input.decoded);
        if let Some(mut k) = in_cert.into_iter().next() {
            if key.is_none() && key_input.is_none() {
                k.changes = vec!["moved out of the certificate file into its own file".into()];
                key = Some(k);
                cert_changes
                    .push("moved the private key out of the certificate file into key.pem".into());
            } else {
                cert_changes.push("removed the private key from the certificate file (the key input given is the one written)".into());
            }
        }
    }
    (key, cert_changes)
}

/// The leaf: the certificate matching the key, else the first that is not a CA, else the
/// first. The others stay in `certs` (they go to the chain).
fn take_leaf(certs: &mut Vec<Cert>, key: Option<&FoundKey>) -> Option<Cert> {
    let pos = key
        .and_then(|k| k.public.as_ref())
        .and_then(|p| certs.iter().position(|c| c.key.same_key(p)))
        .or_else(|| {
            (certs.len() > 1)
                .then(|| certs.iter().position(|c| c.is_ca != Some(true)))
                .flatten()
        })
        .unwrap_or(0);
    (pos < certs.len()).then(|| certs.remove(pos))
}

fn certificate_file(
    leaf: &Cert,
    input: &Input<'_>,
    others: &[Cert],
    cert_changes: Vec<String>,
) -> RepairedFile {
    let mut changes = Vec::new();
    if input.from_pkcs12 {
        changes.push("extracted the leaf from the PKCS#12 file".to_string());
    }
    changes.extend(source_changes(&input.decoded, "certificate"));
    if !others.is_empty() {
        changes.push(format!(
            "the certificate field held {} certificates (a fullchain): kept the leaf {}, moved the other {} to chain.pem",
            others.len() + 1,
            leaf.short_name(),
            others.len()
        ));
    }
    changes.extend(cert_changes);
    let pem = leaf.pem();
    if changes.is_empty() && pem.as_bytes() != &*input.bytes {
        changes.push("re-encoded as clean PEM (64-character lines, LF)".into());
    }
    RepairedFile {
        name: "cert.pem",
        contents: Zeroizing::new(pem),
        what_changed: changes,
    }
}

/// The key, re-armoured from the same DER, with what the user must still do.
fn key_file(
    mut k: FoundKey,
    leaf: Option<&Cert>,
    key_input: Option<&Input<'_>>,
    result: &mut Repair,
) -> RepairedFile {
    if k.format.encrypted() {
        result.left_alone.push("the private key is encrypted and stays so (its content is never changed here): decrypt it with your passphrase, openssl pkey -in key.pem -out key-plain.pem, before importing".into());
    }
    if let (Some(leaf), Some(p)) = (leaf, &k.public) {
        if !leaf.key.same_key(p) {
            result.left_alone.push("the private key does not belong to the certificate; find the key generated with the certificate's CSR".into());
        }
    }
    if let Some(input) = key_input {
        if k.changes.is_empty() && k.pem.as_bytes() != &*input.bytes {
            k.changes.push(
                "re-encoded as clean PEM from the same DER (the key itself is unchanged)".into(),
            );
        }
    }
    RepairedFile {
        name: "key.pem",
        contents: k.pem,
        what_changed: k.changes,
    }
}
