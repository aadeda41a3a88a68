//! Chain findings, read from the one chain analysis every target of a check shares. A
//! service passes the error text it answers a bad chain with (`aws`: ACM's index message, or
//! none) and its root policy.

use super::CHAIN_AWS_ERROR;
use crate::cert::Cert;
use crate::chain::{Anchor, ChainAnalysis, LinkState, Node};
use crate::field::InputName;
use crate::finding::{Code, Finding, Severity, Subject};
use crate::rule::{Ctx, RootPolicy};

/// How a service answers a chain it cannot use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ChainErrors {
    /// ACM's (and IAM's) "Unable to validate certificate chain ... index ... is: N".
    AcmIndex,
    /// No known text.
    Unknown,
}

fn aws_text(errors: ChainErrors, a: &ChainAnalysis) -> Option<String> {
    match errors {
        ChainErrors::AcmIndex => a.acm_index.map(|i| format!("{CHAIN_AWS_ERROR}{i}")),
        ChainErrors::Unknown => None,
    }
}

fn with_aws(f: Finding, errors: ChainErrors, a: &ChainAnalysis) -> Finding {
    match aws_text(errors, a) {
        Some(text) => f.aws(text),
        None => f,
    }
}

/// The chain repeats the leaf, or a certificate twice.
pub(crate) fn chain_contains_leaf(ctx: &Ctx<'_>, errors: ChainErrors, out: &mut Vec<Finding>) {
    let Some(a) = ctx.analysis() else { return };
    for &i in &a.contains_leaf {
        let f = Finding::error(
            Code::ChainContainsLeaf,
            format!("The chain holds the leaf certificate itself at position {i}; the chain takes only the issuing CAs."),
        )
        .fix("remove the leaf from the chain file (a fullchain.pem starts with it)")
        .about(Subject::Chain)
        .at(i);
        out.push(with_aws(f, errors, a));
    }
    for &i in &a.duplicates {
        out.push(
            Finding::warning(
                Code::ChainUnrelated,
                format!("Chain position {i} repeats an earlier certificate."),
            )
            .fix("remove the duplicate")
            .about(Subject::Chain)
            .at(i),
        );
    }
}

/// The chain's certificates are all on the path but in another order.
pub(crate) fn chain_order(ctx: &Ctx<'_>, errors: ChainErrors, out: &mut Vec<Finding>) {
    let Some(a) = ctx.analysis() else { return };
    if !a.needs_reorder() {
        return;
    }
    let order: Vec<String> = a.path.iter().map(|i| i.to_string()).collect();
    let index = a.acm_index.filter(|i| *i >= 0).unwrap_or(0) as usize;
    let f = Finding::error(
        Code::ChainOrder,
        format!(
            "The chain is out of order: position {index} does not issue the certificate before it. The issuing order is [{}].",
            order.join(", ")
        ),
    )
    .fix("reorder the chain: the CA that signed the leaf first, then its issuer, up to the root (the fixed chain is in that order)")
    .about(Subject::Chain)
    .at(index);
    out.push(with_aws(f, errors, a));
}

/// The chain reaches from the leaf to a root, or at least to the last intermediate's issuer.
pub(crate) fn chain_complete(ctx: &Ctx<'_>, errors: ChainErrors, out: &mut Vec<Finding>) {
    let (Some(a), Some(chain)) = (ctx.analysis(), ctx.chain_certs()) else {
        return;
    };
    let Some((node, LinkState::IssuerMissing)) = a.broken_at() else {
        return;
    };
    let Some(cert) = ctx.node_cert(node) else {
        return;
    };
    if chain.is_empty() {
        return;
    }
    if node == Node::Leaf {
        let f = Finding::error(
            Code::ChainIncomplete,
            format!(
                "No certificate in the chain issued the leaf; its issuer \"{}\" is missing (the chain holds {}).",
                cert.issuer,
                chain.iter().map(Cert::short_name).collect::<Vec<_>>().join(", ")
            ),
        )
        .fix(fetch_issuer(cert))
        .about(Subject::Chain)
        .needs(InputName::Chain);
        out.push(with_aws(f, errors, a));
        return;
    }
    // The path reached an intermediate whose issuer is not given: fine when that issuer is
    // a root the clients hold, which the built-in roots and the user's tell.
    if ctx
        .path_end()
        .is_some_and(|e| e.anchor.is_some() || e.broken.is_some())
    {
        return;
    }
    let fix = match cert.ca_issuers_urls.first() {
        Some(url) => format!("if \"{}\" is your private root, give it as a trusted root; if it is an intermediate, add it to the chain (the certificate names where to fetch it: {url})", cert.issuer),
        None => format!("if \"{}\" is your private root, give it as a trusted root; if it is an intermediate, add it to the chain (your CA's bundle)", cert.issuer),
    };
    out.push(
        Finding::info(
            Code::ChainIncomplete,
            format!(
                "The chain stops at {} whose issuer \"{}\" is neither given nor one of the built-in roots (Mozilla's store, Amazon Trust Services): a private root, or a missing intermediate.",
                cert.short_name(),
                cert.issuer
            ),
        )
        .fix(fix)
        .about(Subject::Chain)
        .needs(InputName::Trust),
    );
}

/// How a target judges where the path from the leaf ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TrustPolicy {
    /// The issuer must be on Mozilla's included CA list: an error otherwise, in AWS's words.
    MozillaRequired { aws_error: Option<&'static str> },
    /// A publicly trusted CA is expected, which the sources do not settle: a warning.
    PublicExpected,
    /// A private root is accepted; clients must trust it: a note naming it.
    PrivateNoted,
}

/// The private root a path ends at, named with where it is: the user's trusted root, or a
/// self-signed certificate on the path that no store holds. None when the path ends at a
/// built-in root, at a broken link, or at an unknown issuer.
fn private_root(ctx: &Ctx<'_>) -> Option<String> {
    let end = ctx.path_end()?;
    match end.anchor {
        Some(Anchor::Builtin(_)) => None,
        Some(Anchor::Given(i)) => {
            let t = ctx.trusted().get(i)?;
            Some(format!("{} (your trusted root)", t.short_name()))
        }
        None if end.broken.is_some() => None,
        None => {
            let top = ctx.node_cert(end.top)?;
            top.self_issued()
                .then(|| format!("{} ({}, self-signed)", top.short_name(), end.top.label()))
        }
    }
}

/// Where the path ends, judged by the target's `policy`.
pub(crate) fn chain_trust(ctx: &Ctx<'_>, policy: TrustPolicy, out: &mut Vec<Finding>) {
    let Some(end) = ctx.path_end() else { return };
    if matches!(end.anchor, Some(Anchor::Builtin(_))) || end.broken.is_some() {
        return;
    }
    let service = ctx.service.name;
    if let Some(root) = private_root(ctx) {
        let f = match policy {
            TrustPolicy::MozillaRequired { aws_error } => {
                let f = Finding::error(
                    Code::ChainUntrusted,
                    format!("{service} requires a certificate issued by a CA on Mozilla's included CA list; this one's path ends at {root}, which is not on it."),
                )
                .fix("use a certificate from a public CA, or request one from ACM");
                match aws_error {
                    Some(text) => f.aws(text),
                    None => f,
                }
            }
            TrustPolicy::PublicExpected => Finding::warning(
                Code::ChainUntrusted,
                format!("The path ends at {root}, not at a publicly trusted root; {service} is documented with publicly trusted certificates."),
            )
            .fix("use a certificate from a public CA if the endpoint's clients are the public"),
            TrustPolicy::PrivateNoted => Finding::info(
                Code::ChainUntrusted,
                format!("The path ends at the private root {root}: {service} accepts it, but only clients that trust that root will connect (it is in no public store)."),
            ),
        };
        out.push(f.about(Subject::Chain));
        return;
    }
    if policy == TrustPolicy::PrivateNoted || end.anchor.is_some() {
        return;
    }
    // The path stops at an issuer no store knows: public or private cannot be told.
    let Some(top) = ctx.node_cert(end.top) else {
        return;
    };
    out.push(
        Finding::warning(
            Code::NeedsInput,
            format!("Whether the issuer is on Mozilla's list cannot be told: the path stops at {}, whose issuer \"{}\" is neither given nor a built-in root.", top.short_name(), top.issuer),
        )
        .fix("give the chain up to its root")
        .about(Subject::Chain)
        .needs(InputName::Chain),
    );
}

/// Where to get the certificate that issued `cert`.
fn fetch_issuer(cert: &Cert) -> String {
    match cert.ca_issuers_urls.first() {
        Some(url) => format!("add the intermediate CA certificate that signed the leaf: \"{}\" (the certificate names where to fetch it: {url})", cert.issuer),
        None => "add the intermediate CA certificate that signed the leaf (your CA's download page, or its bundle)".into(),
    }
}

/// Certificates in the chain that nothing links to the leaf.
pub(crate) fn chain_unrelated(ctx: &Ctx<'_>, errors: ChainErrors, out: &mut Vec<Finding>) {
    let (Some(a), Some(chain)) = (ctx.analysis(), ctx.chain_certs()) else {
        return;
    };
    // A root above an intermediate whose issuer is missing may be that issuer's root.
    let gap = match a.broken_at() {
        Some((node, LinkState::IssuerMissing)) if node != Node::Leaf => {
            ctx.node_cert(node).map(|c| c.issuer.clone())
        }
        _ => None,
    };
    for &i in &a.unrelated {
        let c = &chain[i];
        let mut message = format!(
            "Chain position {i} ({}) is not on the leaf's path: it issued none of the other certificates given (a certificate from another PKI, or a stray root).",
            c.short_name()
        );
        if let (Some(missing), true) = (&gap, c.self_issued()) {
            message.push_str(&format!(
                " If it is the root above \"{missing}\", the certificate between them is missing."
            ));
        }
        let f = Finding::error(Code::ChainUnrelated, message)
            .fix("remove it from the chain (the fixed chain leaves it out)")
            .about(Subject::Chain)
            .at(i);
        out.push(with_aws(f, errors, a));
    }
}

/// Every signature on the path verifies.
pub(crate) fn chain_signatures(ctx: &Ctx<'_>, errors: ChainErrors, out: &mut Vec<Finding>) {
    top_signed_by_known_root(ctx, errors, out);
    let Some(a) = ctx.analysis() else { return };
    for (node, state) in &a.links {
        let (Some(child), issuer) = (ctx.node_cert(*node), state) else {
            continue;
        };
        match issuer {
            LinkState::SignatureInvalid(issuer_node) => {
                let Some(issuer) = ctx.node_cert(*issuer_node) else {
                    continue;
                };
                let mut f = signature_failed(child, *node, issuer, *issuer_node);
                if let Node::Chain(i) = issuer_node {
                    f = f.at(*i);
                }
                out.push(with_aws(f, errors, a));
            }
            LinkState::Unverifiable(issuer, why) => out.push(
                Finding::info(
                    Code::ChainSignatureInvalid,
                    format!(
                        "{}'s signature by {} was not verified: {why}. Names match.",
                        node.label(),
                        issuer.label()
                    ),
                )
                .about(Subject::Chain),
            ),
            _ => {}
        }
    }
}

/// The top certificate names a known root (built in, or the user's) as its issuer, but that
/// root's key does not verify its signature: the path fails even with the root left out.
fn top_signed_by_known_root(ctx: &Ctx<'_>, errors: ChainErrors, out: &mut Vec<Finding>) {
    let Some(end) = ctx.path_end() else { return };
    if let Some(why) = &end.unverified {
        out.push(
            Finding::info(
                Code::ChainSignatureInvalid,
                format!(
                    "{}'s signature by the root it names was not verified: {why}. Names match.",
                    end.top.label()
                ),
            )
            .about(Subject::Chain),
        );
    }
    let (Some(broken), Some(top)) = (end.broken, ctx.node_cert(end.top)) else {
        return;
    };
    let root = match broken {
        Anchor::Builtin(b) => format!(
            "\"{}\", a built-in root ({})",
            b.label,
            match b.set {
                crate::trust::AnchorSet::Amazon => "Amazon Trust Services",
                _ => "Mozilla's store",
            }
        ),
        Anchor::Given(i) => match ctx.trusted().get(i) {
            Some(t) => format!("{}, your trusted root", t.short_name()),
            None => return,
        },
    };
    let mut f = Finding::error(
        Code::ChainSignatureInvalid,
        format!("{}'s signature does not verify with the key of {root}, which it names as its issuer: the certificate was altered or corrupted, or signed by another key with the same name.", end.top.label()),
    )
    .fix(format!("get a fresh copy of {} from the CA", top.short_name()))
    .about(Subject::Chain);
    if let Node::Chain(i) = end.top {
        f = f.at(i);
    }
    out.push(match ctx.analysis() {
        Some(a) => with_aws(f, errors, a),
        None => f,
    });
}

/// A signature that failed, described by what the certificates say: a key identifier that
/// names another key means another CA of the same name; otherwise the signature is simply
/// wrong (the certificate was altered or corrupted, or another key signed it).
fn signature_failed(child: &Cert, node: Node, issuer: &Cert, issuer_node: Node) -> Finding {
    let other_key = matches!(
        (&child.authority_key_id, &issuer.subject_key_id),
        (Some(aki), Some(ski)) if aki != ski
    );
    let (message, fix) = if other_key {
        (
            format!(
                "{}'s signature does not verify with {}'s key, and its Authority Key Identifier names another key: {} is a different CA with the same name (re-keyed or cross-signed).",
                node.label(),
                issuer_node.label(),
                issuer.short_name()
            ),
            "get the intermediate certificate that actually signed it (same name, the key its Authority Key Identifier names)",
        )
    } else {
        (
            format!(
                "{}'s signature does not verify with the key of {} ({}), which it names as its issuer: the certificate was altered or corrupted, or signed by another key.",
                node.label(),
                issuer_node.label(),
                issuer.short_name()
            ),
            "get a fresh copy of the certificate and of its issuer from the CA (unedited, from the same issuance)",
        )
    };
    Finding::error(Code::ChainSignatureInvalid, message)
        .fix(fix)
        .about(Subject::Chain)
}

/// Every certificate that issues another on the path is a CA: basicConstraints CA:TRUE and,
/// with a keyUsage, keyCertSign. Clients refuse anything else (openssl verify: invalid CA
/// certificate); `severity` is the service's.
pub(crate) fn chain_issuers_are_cas(ctx: &Ctx<'_>, severity: Severity, out: &mut Vec<Finding>) {
    let (Some(a), Some(chain)) = (ctx.analysis(), ctx.chain_certs()) else {
        return;
    };
    for &i in &a.path {
        let c = &chain[i];
        let Err(why) = c.can_issue() else { continue };
        let doubt = if severity == Severity::Error {
            ""
        } else {
            " Whether AWS refuses it at import is not documented; TLS clients will."
        };
        out.push(
            Finding::new(
                severity,
                Code::CaBasicConstraints,
                format!(
                    "Chain position {i} ({}) issues a certificate on the path but is not a CA: {why}. TLS clients refuse the chain (openssl verify: invalid CA certificate).{doubt}",
                    c.short_name()
                ),
            )
            .fix("get the real intermediate CA certificate from your CA (basicConstraints CA:TRUE, keyUsage keyCertSign)")
            .about(Subject::Chain)
            .at(i),
        );
    }
}

/// Chain certificates valid at the instant.
pub(crate) fn chain_validity(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    let Some(chain) = ctx.chain_certs() else {
        return;
    };
    let at = ctx.at();
    for (i, c) in chain.iter().enumerate() {
        if c.valid_at(at) {
            continue;
        }
        let (state, date) = if at > c.not_after {
            ("expired on", c.not_after)
        } else {
            ("is not valid until", c.not_before)
        };
        out.push(
            Finding::warning(
                Code::ChainCertExpired,
                format!(
                    "Chain position {i} ({}) {state} {}. AWS's documentation does not settle whether {} refuses expired chain certificates (it may accept them); clients will refuse them.",
                    c.short_name(),
                    crate::time_util::format_rfc3339(date),
                    ctx.service.name
                ),
            )
            .fix("get the current intermediate from your CA")
            .about(Subject::Chain)
            .at(i),
        );
    }
}

/// A root at the end of the chain, judged by the service's policy.
pub(crate) fn chain_root(ctx: &Ctx<'_>, policy: RootPolicy, out: &mut Vec<Finding>) {
    let (Some(a), Some(chain)) = (ctx.analysis(), ctx.chain_certs()) else {
        return;
    };
    let Some(root) = a.root_index(chain) else {
        return;
    };
    let name = chain[root].short_name();
    let service = ctx.service.name;
    let f = match policy {
        RootPolicy::Allowed => Finding::info(
            Code::ChainRootIncluded,
            format!(
                "The chain ends with the root {name}; {service} allows it as the last certificate."
            ),
        ),
        RootPolicy::LeaveOut => Finding::warning(
            Code::ChainRootIncluded,
            format!("The chain includes the root {name}; {service} says to leave the root out."),
        )
        .fix("remove the self-signed root from the chain (the fixed chain leaves it out)"),
    };
    out.push(f.about(Subject::Chain).at(root));
}

/// What happens when a CA-signed certificate comes without its chain, in the service's words.
#[derive(Debug, Clone, Copy)]
pub(crate) struct WithoutChain {
    /// What then breaks, or what the documents say.
    pub consequence: &'static str,
    /// What AWS answers, where it refuses.
    pub aws_error: Option<&'static str>,
}

/// A CA-signed leaf given without its chain.
pub(crate) fn chain_given(ctx: &Ctx<'_>, without: &WithoutChain, out: &mut Vec<Finding>) {
    let Some(leaf) = ctx.leaf() else { return };
    if ctx.has_chain() || leaf.self_signed() {
        return;
    }
    // Issued by a trusted root itself: there is no intermediate to give.
    if ctx.path_end().is_some_and(|e| e.anchor.is_some()) {
        return;
    }
    let f = match ctx.facts.certificate_tail() {
        // The chain came in the certificate field (a fullchain): it belongs in its own.
        Some(tail) => Finding::warning(
            Code::ChainMissing,
            format!(
                "The chain is in the certificate field ({} certificate(s) after the leaf), not in the chain field. {}",
                tail.len(),
                without.consequence
            ),
        )
        .fix("move the certificates after the leaf to the chain field (the fixed files split them)"),
        None => Finding::warning(
            Code::ChainMissing,
            format!(
                "The certificate is signed by \"{}\" but no chain was given. {}",
                leaf.issuer, without.consequence
            ),
        )
        .fix("give the intermediate CA certificates (your CA's bundle, without the leaf)"),
    };
    let f = match without.aws_error {
        Some(text) => f.aws(text),
        None => f,
    };
    out.push(f.about(Subject::Chain).needs(InputName::Chain));
}
