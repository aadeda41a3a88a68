//! Chain analysis: build the leaf's path through the given chain, and say what ACM would say.
//!
//! Issuers are looked up by subject name in a hash map, and each (child, issuer) signature is
//! verified at most once, so a chain of thousands of certificates stays linear in practice.

use crate::cert::Cert;
use crate::report::{ChainLink, ChainReport};
use crate::verify::{verify_signature, VerifyError};
use std::cell::RefCell;
use std::collections::{HashMap, HashSet};

/// The leaf, or a chain certificate by index.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Node {
    Leaf,
    Chain(usize),
}

impl Node {
    pub fn label(self) -> String {
        match self {
            Node::Leaf => "leaf".into(),
            Node::Chain(i) => format!("chain[{i}]"),
        }
    }
}

/// The state of one link in the built path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum LinkState {
    /// Issued by the next certificate; the signature verifies.
    Verified(Node),
    /// Names match, but the signature does not verify with that issuer's key.
    SignatureInvalid(Node),
    /// Names match; the algorithm cannot be checked here.
    Unverifiable(Node, String),
    /// Self-signed: the path ends at a root.
    SelfSigned,
    /// No given certificate has the issuer's name.
    IssuerMissing,
}

#[derive(Debug, Clone)]
pub(crate) struct ChainAnalysis {
    /// Chain indexes that are the leaf again (same DER, or same subject and key).
    pub contains_leaf: Vec<usize>,
    /// Chain indexes that repeat an earlier chain certificate.
    pub duplicates: Vec<usize>,
    /// The path from the leaf: chain indexes in issuing order.
    pub path: Vec<usize>,
    /// One state per certificate on the path, starting with the leaf.
    pub links: Vec<(Node, LinkState)>,
    /// `None` when the order is right; else the index ACM reports (-1: nothing signs the leaf).
    pub acm_index: Option<i64>,
    /// The path ends at a self-signed certificate.
    pub complete: bool,
    /// Chain certificates not on the path, not the leaf, not duplicates.
    pub unrelated: Vec<usize>,
}

impl ChainAnalysis {
    pub fn root_index(&self, chain: &[Cert]) -> Option<usize> {
        let last = *self.path.last()?;
        chain[last].self_issued().then_some(last)
    }

    pub fn report(&self) -> ChainReport {
        ChainReport {
            in_order: self.acm_index.is_none(),
            suggested_order: self.path.clone(),
            acm_invalid_index: self.acm_index,
            complete: self.complete,
            links: self
                .links
                .iter()
                .map(|(node, state)| {
                    let (issued_by, state) = match state {
                        LinkState::Verified(n) => (Some(n.label()), "verified"),
                        LinkState::SignatureInvalid(n) => (Some(n.label()), "signature-invalid"),
                        LinkState::Unverifiable(n, _) => (Some(n.label()), "unsupported-algorithm"),
                        LinkState::SelfSigned => (None, "self-signed"),
                        LinkState::IssuerMissing => (None, "issuer-missing"),
                    };
                    ChainLink {
                        certificate: node.label(),
                        issued_by,
                        state: state.into(),
                    }
                })
                .collect(),
        }
    }
}

struct Ctx<'a> {
    leaf: &'a Cert,
    chain: &'a [Cert],
    by_subject: HashMap<&'a [u8], Vec<usize>>,
    verified: RefCell<HashMap<(Node, usize), Result<(), VerifyError>>>,
}

impl<'a> Ctx<'a> {
    fn cert(&self, n: Node) -> &'a Cert {
        match n {
            Node::Leaf => self.leaf,
            Node::Chain(i) => &self.chain[i],
        }
    }
    /// Does chain[issuer] sign `child`? Cached.
    fn signs(&self, child: Node, issuer: usize) -> Result<(), VerifyError> {
        let key = (child, issuer);
        if let Some(r) = self.verified.borrow().get(&key) {
            return r.clone();
        }
        let r = verify_signature(self.cert(child), &self.chain[issuer].key);
        self.verified.borrow_mut().insert(key, r.clone());
        r
    }
    /// Names match and the signature verifies (or cannot be checked: benefit of the doubt).
    fn issues(&self, child: Node, issuer: usize) -> bool {
        self.cert(child).issuer_raw == self.chain[issuer].subject_raw
            && !matches!(self.signs(child, issuer), Err(VerifyError::Invalid))
    }
    fn candidates(&self, child: Node) -> &[usize] {
        self.by_subject
            .get(self.cert(child).issuer_raw.as_slice())
            .map_or(&[], Vec::as_slice)
    }
}

pub(crate) fn analyse(leaf: &Cert, chain: &[Cert]) -> ChainAnalysis {
    let mut contains_leaf = Vec::new();
    let mut duplicates = Vec::new();
    let mut seen_der: HashSet<&[u8]> = HashSet::new();
    let mut by_subject: HashMap<&[u8], Vec<usize>> = HashMap::new();
    for (i, c) in chain.iter().enumerate() {
        if c.der == leaf.der || (c.subject_raw == leaf.subject_raw && c.key.same_key(&leaf.key)) {
            contains_leaf.push(i);
            continue;
        }
        if !seen_der.insert(&c.der) {
            duplicates.push(i);
            continue;
        }
        by_subject
            .entry(c.subject_raw.as_slice())
            .or_default()
            .push(i);
    }
    // Membership by index in O(1): `contains` over these lists inside loops over the chain
    // was quadratic for a chain of thousands of copies of the leaf or of one certificate.
    let mut is_leaf = vec![false; chain.len()];
    contains_leaf.iter().for_each(|&i| is_leaf[i] = true);
    let mut is_duplicate = vec![false; chain.len()];
    duplicates.iter().for_each(|&i| is_duplicate[i] = true);
    let ctx = Ctx {
        leaf,
        chain,
        by_subject,
        verified: RefCell::new(HashMap::new()),
    };

    // Build the path from the leaf.
    let mut path = Vec::new();
    let mut links = Vec::new();
    let mut on_path: HashSet<usize> = HashSet::new();
    let mut current = Node::Leaf;
    let complete = loop {
        let cert = ctx.cert(current);
        if cert.self_signed() {
            links.push((current, LinkState::SelfSigned));
            break true;
        }
        let candidates: Vec<usize> = ctx
            .candidates(current)
            .iter()
            .copied()
            .filter(|i| !on_path.contains(i))
            .collect();
        let mut next = None;
        let mut state = LinkState::IssuerMissing;
        for &i in &candidates {
            match ctx.signs(current, i) {
                Ok(()) => {
                    state = LinkState::Verified(Node::Chain(i));
                    next = Some(i);
                    break;
                }
                Err(VerifyError::Unsupported(why)) => {
                    if next.is_none() {
                        state = LinkState::Unverifiable(Node::Chain(i), why);
                        next = Some(i);
                    }
                }
                Err(VerifyError::Invalid) => {
                    if next.is_none() {
                        state = LinkState::SignatureInvalid(Node::Chain(i));
                    }
                }
            }
        }
        let stop = matches!(
            state,
            LinkState::SignatureInvalid(_) | LinkState::IssuerMissing
        );
        links.push((current, state));
        match next {
            Some(i) if !stop => {
                path.push(i);
                on_path.insert(i);
                current = Node::Chain(i);
            }
            _ => break cert.self_issued(),
        }
    };

    // What ACM reports: the first chain position that does not issue the one before it.
    let mut acm_index = None;
    let mut prev = Node::Leaf;
    for i in 0..chain.len() {
        if !is_leaf[i] && ctx.issues(prev, i) {
            prev = Node::Chain(i);
            continue;
        }
        let anything_signs_leaf =
            (0..chain.len()).any(|j| !is_leaf[j] && ctx.issues(Node::Leaf, j));
        acm_index = Some(if i == 0 && !anything_signs_leaf {
            -1
        } else {
            i as i64
        });
        break;
    }
    if chain.is_empty() && !leaf.self_issued() {
        acm_index = None; // no chain: a different finding (chain-missing)
    }

    // Where the path broke, the rest of the chain cannot be placed: an impostor's own issuers,
    // or a root above a missing intermediate, are not "unrelated", only unreachable.
    let broken = matches!(
        links.last(),
        Some((_, LinkState::SignatureInvalid(_) | LinkState::IssuerMissing))
    );
    let unrelated = if broken {
        Vec::new()
    } else {
        (0..chain.len())
            .filter(|&i| !on_path.contains(&i) && !is_leaf[i] && !is_duplicate[i])
            .collect()
    };
    ChainAnalysis {
        contains_leaf,
        duplicates,
        path,
        links,
        acm_index,
        complete,
        unrelated,
    }
}
