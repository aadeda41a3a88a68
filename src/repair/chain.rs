//! The fixed chain: the path the chain analysis built, in issuing order, without the leaf,
//! duplicates, certificates nothing links to the leaf, and (where the service says so) the
//! root. What could not be placed because the path broke is kept after it, as given.

use super::{Repair, RepairedFile};
use crate::cert::Cert;
use crate::chain::{self, ChainAnalysis, LinkState, Node};
use zeroize::Zeroizing;

/// The chain's candidates and where they came from.
pub(super) struct Candidates<'a> {
    pub leaf: &'a Cert,
    /// The certificate field's extra certificates (a fullchain), then the chain input's.
    pub certs: &'a [Cert],
    /// How many of `certs` came from the certificate field.
    pub from_certificate_field: usize,
    /// What changed in the chain input itself (DER, PKCS#7, CRLF ...).
    pub changes: Vec<String>,
    /// The chain input's bytes, when one was given.
    pub given: Option<&'a [u8]>,
    pub leave_root_out: bool,
    pub service_name: &'a str,
}

impl Candidates<'_> {
    fn position(&self, i: usize) -> String {
        if i < self.from_certificate_field {
            format!("certificate-field position {}", i + 1)
        } else {
            format!("chain position {}", i - self.from_certificate_field)
        }
    }
}

pub(super) fn repair_chain(result: &mut Repair, c: Candidates<'_>) {
    if c.certs.is_empty() {
        if c.given.is_some() {
            result
                .left_alone
                .push("the chain input held no certificate; no chain.pem was written".into());
        }
        return;
    }
    let a = chain::analyse(c.leaf, c.certs);
    let mut changes = removals(&c, &a);
    if let Some(gap) = gap(&c, &a) {
        result.left_alone.push(gap);
    }
    let mut order = a.path.clone();
    // What the broken path hides is kept after it, in the order given.
    order.extend(a.unplaced.iter().copied());
    if c.leave_root_out {
        if let Some(root) = a.root_index(c.certs) {
            if order.last() == Some(&root) && order.len() > 1 {
                order.pop();
                changes.push(format!(
                    "removed the root {} ({} says to leave it out)",
                    c.certs[root].short_name(),
                    c.service_name
                ));
            }
        }
    }
    if order.windows(2).any(|w| w[0] > w[1]) {
        let names: Vec<String> = order.iter().map(|&i| c.certs[i].short_name()).collect();
        changes.push(format!(
            "reordered into issuing order: {}",
            names.join(" → ")
        ));
    }
    if order.is_empty() {
        result.left_alone.push(
            "no certificate given belongs in the chain (only the leaf, copies of it, or certificates not on its path); no chain.pem was written".into(),
        );
        return;
    }
    let pem: String = order.iter().map(|&i| c.certs[i].pem()).collect();
    if changes.is_empty() && c.given.is_some_and(|b| b != pem.as_bytes()) {
        changes.push("re-encoded as clean PEM (64-character lines, LF)".into());
    }
    result.files.push(RepairedFile {
        name: "chain.pem",
        contents: Zeroizing::new(pem),
        what_changed: changes,
    });
}

/// What was taken out of the chain, one sentence each.
fn removals(c: &Candidates<'_>, a: &ChainAnalysis) -> Vec<String> {
    let mut changes = Vec::new();
    if c.from_certificate_field > 0 {
        changes.push(format!(
            "holds the {} certificate(s) split off the certificate field",
            c.from_certificate_field
        ));
    }
    changes.extend(c.changes.iter().cloned());
    for &i in &a.contains_leaf {
        if i >= c.from_certificate_field {
            changes.push(format!("removed the leaf itself from {}", c.position(i)));
        }
    }
    for &i in &a.duplicates {
        changes.push(format!(
            "removed a duplicate of {} ({})",
            c.certs[i].short_name(),
            c.position(i)
        ));
    }
    for &i in &a.unrelated {
        changes.push(format!(
            "removed {} ({}): it is not on the leaf's path",
            c.certs[i].short_name(),
            c.position(i)
        ));
    }
    changes
}

/// What the fixed chain still lacks: the leaf's issuer (to fetch), or a signature to fix. A
/// path that ends at an intermediate whose issuer is missing is complete enough (that
/// issuer is a root the clients hold).
fn gap(c: &Candidates<'_>, a: &ChainAnalysis) -> Option<String> {
    let (node, state) = a.broken_at()?;
    let who = match node {
        Node::Leaf => c.leaf,
        Node::Chain(i) => &c.certs[i],
    };
    match (node, state) {
        (Node::Leaf, LinkState::IssuerMissing) => Some(format!(
            "the chain cannot be completed here: no certificate given issued the leaf (its issuer \"{}\"); get that intermediate from the CA{}",
            who.issuer,
            who.ca_issuers_urls
                .first()
                .map(|u| format!(" (the certificate names where: {u})"))
                .unwrap_or_default()
        )),
        (_, LinkState::SignatureInvalid(_)) => Some(format!(
            "the chain cannot be completed here: the signature of {} does not verify with the certificate it names as its issuer (\"{}\"); get the issuer that signed it from the CA",
            who.short_name(),
            who.issuer
        )),
        _ => None,
    }
}
