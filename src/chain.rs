//! Chain analysis: build the leaf's path through the given chain, and say what ACM would say.
//!
//! Issuers are looked up by subject name in a hash map, and each (child, issuer) signature is
//! verified at most once, so a chain of thousands of certificates stays linear in practice.
//! The analysis is a fact about the inputs, made once per check whatever the number of
//! targets judged from it.

use crate::cert::Cert;
use crate::trust::{Builtin, Store};
use crate::verify::VerifyError;
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
    /// Chain certificates not on the leaf's path that nothing links to it: another PKI, a
    /// stray root. Not the leaf, not duplicates, not `unplaced`.
    pub unrelated: Vec<usize>,
    /// Chain certificates that could not be placed because the path broke before them: the
    /// candidate whose signature failed and its own issuers, or, when nothing given issued
    /// the leaf, the CAs that may sit above the missing certificate.
    pub unplaced: Vec<usize>,
}

impl ChainAnalysis {
    pub fn root_index(&self, chain: &[Cert]) -> Option<usize> {
        let last = *self.path.last()?;
        chain[last].self_issued().then_some(last)
    }

    /// The path uses the chain's certificates in another order than given: reordering
    /// (after removing what does not belong) fixes it.
    pub fn needs_reorder(&self) -> bool {
        self.path.windows(2).any(|w| w[0] > w[1])
    }

    /// The certificate where the path stops without reaching a root: its issuer is not
    /// given (`IssuerMissing`) or its signature failed (`SignatureInvalid`).
    pub fn broken_at(&self) -> Option<(Node, &LinkState)> {
        match self.links.last() {
            Some((node, state @ (LinkState::SignatureInvalid(_) | LinkState::IssuerMissing))) => {
                Some((*node, state))
            }
            _ => None,
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
        let r = self.cert(child).signed_by(&self.chain[issuer].key);
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
    let (ctx, contains_leaf, duplicates) = Ctx::index(leaf, chain);
    // Membership by index in O(1): `contains` over these lists inside loops over the chain
    // was quadratic for a chain of thousands of copies of the leaf or of one certificate.
    let mut is_leaf = vec![false; chain.len()];
    contains_leaf.iter().for_each(|&i| is_leaf[i] = true);
    let mut is_duplicate = vec![false; chain.len()];
    duplicates.iter().for_each(|&i| is_duplicate[i] = true);

    let built = build_path(&ctx);
    let acm_index = acm_index(&ctx, &is_leaf);
    let (unplaced, unrelated) =
        place_the_rest(&ctx, &built.links, &built.on_path, &is_leaf, &is_duplicate);
    ChainAnalysis {
        contains_leaf,
        duplicates,
        path: built.path,
        links: built.links,
        acm_index,
        complete: built.complete,
        unrelated,
        unplaced,
    }
}

impl<'a> Ctx<'a> {
    /// Indexes the chain by subject, setting aside copies of the leaf and duplicates.
    fn index(leaf: &'a Cert, chain: &'a [Cert]) -> (Ctx<'a>, Vec<usize>, Vec<usize>) {
        let mut contains_leaf = Vec::new();
        let mut duplicates = Vec::new();
        let mut seen_der: HashSet<&[u8]> = HashSet::new();
        let mut by_subject: HashMap<&[u8], Vec<usize>> = HashMap::new();
        for (i, c) in chain.iter().enumerate() {
            if c.der == leaf.der || (c.subject_raw == leaf.subject_raw && c.key.same_key(&leaf.key))
            {
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
        let ctx = Ctx {
            leaf,
            chain,
            by_subject,
            verified: RefCell::new(HashMap::new()),
        };
        (ctx, contains_leaf, duplicates)
    }
}

struct BuiltPath {
    path: Vec<usize>,
    links: Vec<(Node, LinkState)>,
    on_path: HashSet<usize>,
    complete: bool,
}

/// Builds the path from the leaf: at each step the first candidate issuer (by name) whose
/// signature verifies, else one that cannot be checked here, else the break.
fn build_path(ctx: &Ctx<'_>) -> BuiltPath {
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
        let (next, state) = next_link(ctx, current, &on_path);
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
    BuiltPath {
        path,
        links,
        on_path,
        complete,
    }
}

fn next_link(ctx: &Ctx<'_>, current: Node, on_path: &HashSet<usize>) -> (Option<usize>, LinkState) {
    let mut next = None;
    let mut state = LinkState::IssuerMissing;
    for &i in ctx
        .candidates(current)
        .iter()
        .filter(|i| !on_path.contains(i))
    {
        match ctx.signs(current, i) {
            Ok(()) => return (Some(i), LinkState::Verified(Node::Chain(i))),
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
    (next, state)
}

/// What ACM reports: the first chain position that does not issue the one before it (-1:
/// nothing given issues the leaf). None when the order is right, or when there is no chain.
fn acm_index(ctx: &Ctx<'_>, is_leaf: &[bool]) -> Option<i64> {
    let chain = ctx.chain;
    if chain.is_empty() && !ctx.leaf.self_issued() {
        return None; // no chain: a different finding (chain-missing)
    }
    let mut prev = Node::Leaf;
    for i in 0..chain.len() {
        if !is_leaf[i] && ctx.issues(prev, i) {
            prev = Node::Chain(i);
            continue;
        }
        let anything_signs_leaf =
            (0..chain.len()).any(|j| !is_leaf[j] && ctx.issues(Node::Leaf, j));
        return Some(if i == 0 && !anything_signs_leaf {
            -1
        } else {
            i as i64
        });
    }
    None
}

/// Splits the certificates off the path into those the break hides (`unplaced`) and those
/// nothing links to the leaf (`unrelated`).
///
/// Where a signature failed, the failed candidate and every certificate reachable from it by
/// issuer name are unplaced: they belong to the leaf's names, the signature is the problem.
/// Where nothing given issued the leaf, every CA left may sit above the missing
/// intermediate. Anything else off the path is unrelated, whether or not the path reached a
/// root.
fn place_the_rest(
    ctx: &Ctx<'_>,
    links: &[(Node, LinkState)],
    on_path: &HashSet<usize>,
    is_leaf: &[bool],
    is_duplicate: &[bool],
) -> (Vec<usize>, Vec<usize>) {
    let chain = ctx.chain;
    let off_path: Vec<usize> = (0..chain.len())
        .filter(|&i| !on_path.contains(&i) && !is_leaf[i] && !is_duplicate[i])
        .collect();
    let mut hidden: HashSet<usize> = HashSet::new();
    match links.last() {
        Some((_, LinkState::SignatureInvalid(Node::Chain(first)))) => {
            let mut todo = vec![*first];
            while let Some(i) = todo.pop() {
                if !hidden.insert(i) {
                    continue;
                }
                todo.extend(
                    ctx.candidates(Node::Chain(i))
                        .iter()
                        .filter(|j| !on_path.contains(j)),
                );
            }
        }
        Some((Node::Leaf, LinkState::IssuerMissing)) => {
            hidden.extend(off_path.iter().filter(|&&i| chain[i].is_ca != Some(false)));
        }
        _ => {}
    }
    off_path.into_iter().partition(|i| hidden.contains(i))
}

/// A trust anchor a path can end at.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Anchor {
    /// A built-in root: Mozilla's store, Amazon Trust Services among it.
    Builtin(&'static Builtin),
    /// One of the user's trusted roots, by index into that input.
    Given(usize),
}

/// Where the path from the leaf ends.
#[derive(Debug, Clone)]
pub(crate) struct PathEnd {
    /// The anchor the path reaches, each signature verified; None when it reaches none known.
    pub anchor: Option<Anchor>,
    /// The last certificate of the path (the anchor itself when it is on the path).
    pub top: Node,
    /// The anchor is `top` (given in the chain, or the leaf itself), not `top`'s issuer.
    pub anchor_is_top: bool,
    /// A known root named as `top`'s issuer whose key does not verify `top`'s signature.
    pub broken: Option<Anchor>,
    /// Why the anchor's signature over `top` could not be checked here (then the path is
    /// taken as reaching it).
    pub unverified: Option<String>,
}

impl PathEnd {
    fn at(anchor: Anchor, top: Node, anchor_is_top: bool, unverified: Option<String>) -> PathEnd {
        PathEnd {
            anchor: Some(anchor),
            top,
            anchor_is_top,
            broken: None,
            unverified,
        }
    }
}

fn is_anchor(anchor: Anchor, cert: &Cert, trusted: &[Cert]) -> bool {
    match anchor {
        Anchor::Builtin(b) => b.is(cert),
        Anchor::Given(i) => trusted.get(i).is_some_and(|t| {
            t.der == cert.der || (t.subject_raw == cert.subject_raw && t.key.same_key(&cert.key))
        }),
    }
}

/// Finds where the leaf's path (`analysis`, or the leaf alone) ends: at the first
/// certificate on it that is a trusted root (the user's, then the built-in ones), or at the
/// first whose issuer is one and whose signature that root's key verifies. A known root
/// that fails to verify the top certificate is `broken`.
pub(crate) fn path_end(
    leaf: &Cert,
    chain: &[Cert],
    analysis: Option<&ChainAnalysis>,
    trusted: &[Cert],
    store: &'static Store,
) -> PathEnd {
    let mut nodes = vec![Node::Leaf];
    if let Some(a) = analysis {
        nodes.extend(a.path.iter().map(|&i| Node::Chain(i)));
    }
    let cert = |n: Node| match n {
        Node::Leaf => leaf,
        Node::Chain(i) => &chain[i],
    };
    let mut broken = None;
    for (pos, &node) in nodes.iter().enumerate() {
        let c = cert(node);
        let itself = (0..trusted.len())
            .map(Anchor::Given)
            .find(|&a| is_anchor(a, c, trusted))
            .or_else(|| store.tls_anchor_of(c).map(Anchor::Builtin));
        if let Some(anchor) = itself {
            return PathEnd::at(anchor, node, true, None);
        }
        if c.self_issued() {
            continue;
        }
        let next = nodes.get(pos + 1).map(|&n| cert(n));
        let given = trusted
            .iter()
            .enumerate()
            .filter(|(_, t)| t.subject_raw == c.issuer_raw)
            .map(|(i, t)| (Anchor::Given(i), Some(&t.key)));
        let builtin = store
            .tls_named(&c.issuer_raw)
            .map(|b| (Anchor::Builtin(b), b.key()));
        for (anchor, key) in given.chain(builtin) {
            // The next certificate on the path is this root: it ends there, on the path.
            if next.is_some_and(|n| is_anchor(anchor, n, trusted)) {
                continue;
            }
            let Some(key) = key else { continue };
            match c.signed_by(key) {
                Ok(()) => return PathEnd::at(anchor, node, false, None),
                Err(VerifyError::Unsupported(why)) => {
                    return PathEnd::at(anchor, node, false, Some(why))
                }
                Err(VerifyError::Invalid) if pos + 1 == nodes.len() => broken = Some(anchor),
                Err(VerifyError::Invalid) => {}
            }
        }
    }
    PathEnd {
        anchor: None,
        top: nodes.last().copied().unwrap_or(Node::Leaf),
        anchor_is_top: false,
        broken,
        unverified: None,
    }
}
