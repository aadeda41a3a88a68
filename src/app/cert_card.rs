//! The certificates, described: names (CN first), validity with a bar that turns amber near
//! expiry and red once expired, key and its fingerprint, usages, basicConstraints, AIA,
//! fingerprints with copy buttons that say what they copy. A long chain or bundle shows the
//! first few as cards and the rest as one line each, all of them on request.

use std::rc::Rc;

use yew::prelude::*;

use super::copy_button::CopyButton;
use crate::{parse_rfc3339, CertificateReport, KeyDescription, Report, Role};

/// Certificates shown as full cards before the rest become one line each.
const CARDS: usize = 6;

/// "leaf", "chain[1]", "bundle[3]": the same label as the chain view uses.
pub(crate) fn label(c: &CertificateReport) -> String {
    match c.role {
        Role::Leaf => "leaf".into(),
        Role::Chain => format!("chain[{}]", c.index),
        Role::Bundle => format!("bundle[{}]", c.index),
    }
}

/// A name as people read it: the most specific part (CN) first.
pub(crate) fn name_cn_first(name: &str) -> String {
    let mut parts: Vec<String> = Vec::new();
    for piece in name.split(", ") {
        // A value holding ", " continues the previous part.
        match (piece.contains('='), parts.last_mut()) {
            (false, Some(last)) => {
                last.push_str(", ");
                last.push_str(piece);
            }
            _ => parts.push(piece.to_string()),
        }
    }
    parts.reverse();
    parts.join(", ")
}

/// The short name of a certificate: its CN, else its whole subject.
pub(crate) fn short(c: &CertificateReport) -> String {
    c.subject_cn
        .clone()
        .unwrap_or_else(|| name_cn_first(&c.subject))
}

#[derive(Properties, PartialEq)]
pub struct CardsProps {
    pub report: Rc<Report>,
}

#[function_component(CertCards)]
pub fn cert_cards(props: &CardsProps) -> Html {
    let show_all = use_state(|| false);
    let at: AttrValue = props.report.evaluated_at.clone().into();
    let certs: Vec<&CertificateReport> = props.report.certificates.iter().collect();
    if certs.is_empty() {
        return html! {};
    }
    let (cards, rows) = if *show_all || certs.len() <= CARDS {
        (certs.as_slice(), &[][..])
    } else {
        certs.split_at(CARDS)
    };
    let onclick = {
        let show_all = show_all.clone();
        Callback::from(move |_: MouseEvent| show_all.set(true))
    };
    html! {
        <section class="certificates" aria-labelledby="certificates-title">
            <h2 id="certificates-title">{ format!("Certificates ({})", certs.len()) }</h2>
            { for cards.iter().map(|c| html! { <CertCard certificate={(*c).clone()} evaluated_at={at.clone()} /> }) }
            if !rows.is_empty() {
                <table class="cert-rows">
                    <thead><tr><th scope="col">{ "Certificate" }</th><th scope="col">{ "Name" }</th><th scope="col">{ "Expires" }</th><th scope="col">{ "SHA-256" }</th></tr></thead>
                    <tbody>
                        { for rows.iter().map(|c| html! {
                            <tr class="cert-row" data-role={role_name(c.role)} data-index={c.index.to_string()}>
                                <td>{ label(c) }</td>
                                <td>{ short(c) }</td>
                                <td class={classes!(validity_class(c))}>{ &c.not_after }</td>
                                <td><code>{ &c.sha256[..16.min(c.sha256.len())] }{ "…" }</code></td>
                            </tr>
                        }) }
                    </tbody>
                </table>
                <button type="button" id="show-all-certificates" {onclick}>
                    { format!("Show all {} as cards", certs.len()) }
                </button>
            }
        </section>
    }
}

pub(crate) fn role_name(role: Role) -> &'static str {
    match role {
        Role::Leaf => "leaf",
        Role::Chain => "chain",
        Role::Bundle => "bundle",
    }
}

/// `expired`, `soon` (fewer than 30 days left) or `valid`.
fn validity_class(c: &CertificateReport) -> &'static str {
    if c.days_remaining < 0 || !c.valid_at_instant {
        "expired"
    } else if c.days_remaining < 30 {
        "soon"
    } else {
        "valid"
    }
}

#[derive(Properties, PartialEq)]
pub struct Props {
    pub certificate: CertificateReport,
    /// The evaluation instant of the report (RFC 3339), for the validity bar.
    pub evaluated_at: AttrValue,
}

#[function_component(CertCard)]
pub fn cert_card(props: &Props) -> Html {
    let c = &props.certificate;
    let which = format!("{} ({})", label(c), short(c));
    let validity = validity_class(c);
    html! {
        <article
            class={classes!("cert-card", (!c.valid_at_instant).then_some("invalid"))}
            data-role={role_name(c.role)}
            data-index={c.index.to_string()}
        >
            <h3>{ short(c) }<small>{ format!(" {}", label(c)) }</small></h3>
            <dl>
                <dt>{ "Subject" }</dt><dd>{ name_cn_first(&c.subject) }</dd>
                <dt>{ "Issuer" }</dt><dd>{ name_cn_first(&c.issuer) }</dd>
                <dt>{ "SANs" }</dt><dd>{ list(&c.sans) }</dd>
                <dt>{ "Serial" }</dt><dd><code>{ &c.serial }</code></dd>
                <dt>{ "Validity" }</dt>
                { validity_row(c, &props.evaluated_at, validity) }
                <dt>{ "Key" }</dt><dd>{ key_text(&c.key) }</dd>
                <dt>{ "ACM KeyAlgorithm" }</dt>
                <dd>{ c.key.aws_key_algorithm.as_deref().unwrap_or("not an ACM key type") }</dd>
                <dt>{ "Signature" }</dt><dd>{ &c.signature_algorithm }</dd>
                <dt>{ "Key usage" }</dt><dd>{ list(&c.key_usage) }</dd>
                <dt>{ "Extended key usage" }</dt><dd>{ list(&c.extended_key_usage) }</dd>
                <dt>{ "basicConstraints" }</dt><dd>{ basic_constraints(c) }</dd>
                <dt>{ "OCSP" }</dt><dd>{ list(&c.ocsp_urls) }</dd>
                <dt>{ "CA issuers" }</dt><dd>{ list(&c.ca_issuers_urls) }</dd>
                { hash_row("Key SHA-256 (SubjectPublicKeyInfo)", "spki", &c.spki_sha256, &which) }
                { hash_row("SHA-1 (RDS thumbprint)", "sha1", &c.sha1, &which) }
                { hash_row("SHA-256 (IoT certificateId)", "sha256", &c.sha256, &which) }
            </dl>
        </article>
    }
}

fn list(items: &[String]) -> String {
    if items.is_empty() {
        "none".into()
    } else {
        items.join(", ")
    }
}

fn basic_constraints(c: &CertificateReport) -> String {
    match (c.is_ca, c.path_len) {
        (Some(true), Some(n)) => format!("CA:TRUE, pathlen {n}"),
        (Some(true), None) => "CA:TRUE".into(),
        (Some(false), _) => "CA:FALSE".into(),
        (None, _) => "none".into(),
    }
}

fn validity_row(c: &CertificateReport, at: &str, class: &'static str) -> Html {
    let days = if c.days_remaining < 0 {
        format!(
            "expired {} ago",
            super::labels::counted(-c.days_remaining, "day")
        )
    } else if c.valid_at_instant {
        format!("{} left", super::labels::counted(c.days_remaining, "day"))
    } else {
        "not yet valid".to_owned()
    };
    let (elapsed, total) = validity_span(c, at);
    // The browser colours a meter by its low/high/optimum: green, then amber in the last 30
    // days, red once used up (expired).
    let month = 30 * 86_400;
    html! {
        <dd class={classes!("validity", class)} data-days-left={c.days_remaining.to_string()} data-validity={class}>
            <span>{ &c.not_before }{ " to " }{ &c.not_after }</span>
            <meter
                min="0"
                max={total.to_string()}
                low={(total - month).max(0).to_string()}
                high={(total - 1).max(0).to_string()}
                optimum="0"
                value={elapsed.to_string()}
                aria-label="Share of the validity period used"
            />
            <span class="days">{ days }</span>
        </dd>
    }
}

fn hash_row(title: &'static str, class: &'static str, hash: &str, which: &str) -> Html {
    html! {
        <>
            <dt>{ title }</dt>
            <dd class="hash-row">
                <code class={classes!("hash", class)}>{ hash.to_owned() }</code>
                <CopyButton text={hash.to_owned()} what={format!("the {title} of {which}")} />
            </dd>
        </>
    }
}

/// Seconds of the validity period used at the instant, and its length (for the meter).
fn validity_span(c: &CertificateReport, at: &str) -> (i64, i64) {
    let (Ok(from), Ok(to), Ok(at)) = (
        parse_rfc3339(&c.not_before),
        parse_rfc3339(&c.not_after),
        parse_rfc3339(at),
    ) else {
        return (0, 1);
    };
    let total = (to - from).max(1);
    ((at - from).clamp(0, total), total)
}

/// What the key is, in words.
fn key_text(key: &KeyDescription) -> String {
    match (&key.curve, key.bits) {
        (Some(curve), _) => format!("{} {curve}", key.algorithm),
        (None, Some(bits)) => format!("{} {bits} bits", key.algorithm),
        (None, None) => key.algorithm.clone(),
    }
}
