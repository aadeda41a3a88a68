//! The chain as the engine built it, leaf to root, one line per link with its state. The
//! chain in the right order is offered by the fixed files ([`super::repair_view`]).

use yew::prelude::*;

use crate::{AnchorKind, AnchorReport, CertificateReport, ChainReport, Report, Role};

/// The certificates the engine analysed as the chain, by their index in `suggested_order`.
/// The report lists the certificate field's certificates first (leaf 0, then 1, 2... as
/// `chain`), then the chain field's (0, 1...). With a chain field, those are the chain; without
/// one (Transfer), the certificate field's extra certificates are, shifted by one.
pub fn chain_certificates(report: &Report) -> Vec<&CertificateReport> {
    let chain: Vec<&CertificateReport> = report
        .certificates
        .iter()
        .filter(|c| c.role == Role::Chain)
        .collect();
    match chain.iter().position(|c| c.index == 0) {
        Some(start) => chain[start..].to_vec(),
        None => chain,
    }
}

/// "leaf" or "chain[1]" → that certificate's short name (its CN), as the cards show it.
fn subject_of(report: &Report, name: &str) -> Option<String> {
    if name == "leaf" {
        return report
            .certificates
            .iter()
            .find(|c| c.role == Role::Leaf)
            .map(super::cert_card::short);
    }
    let index: usize = name
        .strip_prefix("chain[")?
        .strip_suffix(']')?
        .parse()
        .ok()?;
    chain_certificates(report)
        .get(index)
        .map(|c| super::cert_card::short(c))
}

fn state_text(state: &str) -> &'static str {
    match state {
        "verified" => "signature verified",
        "signature-invalid" => "signature does not verify",
        "issuer-missing" => "issuer not found in the chain",
        "self-signed" => "self-signed (a root)",
        "unsupported-algorithm" => "signature algorithm not verifiable here",
        _ => "unknown",
    }
}

#[derive(Properties, PartialEq)]
pub struct Props {
    pub report: std::rc::Rc<Report>,
}

#[function_component(ChainView)]
pub fn chain_view(props: &Props) -> Html {
    let report = &props.report;
    let Some(chain) = &report.chain else {
        return html! {};
    };
    html! {
        <section class="chain-section" aria-labelledby="chain-title">
            <h2 id="chain-title">{ "Chain, leaf to root" }</h2>
            <ol id="chain-view" class="chain-view">
                { for chain.links.iter().enumerate().map(|(i, link)| {
                    // The top link of a path that ends at a known root left out of the chain
                    // is as it should be: a quiet note, not a missing issuer.
                    let anchored = i + 1 == chain.links.len()
                        && link.state == "issuer-missing"
                        && chain.anchor.kind != AnchorKind::Unknown;
                    let state = if anchored { "anchored".to_string() } else { link.state.clone() };
                    html! {
                        <li class="chain-link" data-state={state}>
                            <span class="chain-name">{ &link.certificate }</span>
                            { " " }
                            <span class="chain-subject">{ subject_of(report, &link.certificate).unwrap_or_default() }</span>
                            <span class="chain-state">
                                if anchored {
                                    { format!("issued by {} (a trusted root, not needed in the chain)", super::cert_card::name_cn_first(&chain.anchor.subject)) }
                                } else {
                                    { state_text(&link.state) }
                                    if let Some(issuer) = &link.issued_by {
                                        { ", issued by " }{ issuer }
                                    }
                                }
                            </span>
                        </li>
                    }
                }) }
            </ol>
            { summary(chain) }
        </section>
    }
}

fn summary(chain: &ChainReport) -> Html {
    let order = if chain.in_order {
        "In issuing order. "
    } else {
        "Not in issuing order. "
    };
    html! {
        <p class="chain-summary">{ order }<span id="chain-anchor" data-kind={anchor_kind(chain.anchor.kind)}>{ anchor_text(&chain.anchor) }</span></p>
    }
}

fn anchor_kind(kind: AnchorKind) -> &'static str {
    match kind {
        AnchorKind::Mozilla => "mozilla",
        AnchorKind::Amazon => "amazon",
        AnchorKind::Given => "given",
        AnchorKind::Unknown => "unknown",
    }
}

/// Where the path ends, in the page's words.
fn anchor_text(a: &AnchorReport) -> String {
    let built_in = a.at.as_deref() == Some("built-in");
    let left_out = if built_in {
        " (built in; left out of the chain)"
    } else {
        ""
    };
    match a.kind {
        AnchorKind::Mozilla => format!("Ends at {}, a root on Mozilla's list{left_out}.", a.subject),
        AnchorKind::Amazon => format!("Ends at {}, an Amazon Trust Services root{left_out}.", a.subject),
        AnchorKind::Given => format!("Ends at your trusted root {}.", a.subject),
        AnchorKind::Unknown if a.sha256.is_some() => {
            format!("Ends at {}, a root in no public store (a private CA).", a.subject)
        }
        AnchorKind::Unknown => format!(
            "Stops at an issuer no store knows: {} (a private root: give it as the trusted root; or a missing intermediate).",
            a.subject
        ),
    }
}
