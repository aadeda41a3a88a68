//! One certificate, described: names, validity, key, signature, fingerprints.

use yew::prelude::*;

use super::copy_button::CopyButton;
use crate::{parse_rfc3339, CertificateReport, KeyDescription, Role};

#[derive(Properties, PartialEq)]
pub struct Props {
    pub certificate: CertificateReport,
    /// The evaluation instant of the report (RFC 3339), for the validity bar.
    pub evaluated_at: AttrValue,
}

pub(crate) fn role_name(role: Role) -> &'static str {
    match role {
        Role::Leaf => "leaf",
        Role::Chain => "chain",
        Role::Bundle => "bundle",
    }
}

#[function_component(CertCard)]
pub fn cert_card(props: &Props) -> Html {
    let c = &props.certificate;
    let title = match c.role {
        Role::Leaf => "Certificate".to_owned(),
        Role::Chain => format!("Chain certificate {}", c.index),
        Role::Bundle => format!("Bundle certificate {}", c.index),
    };
    let days = if c.days_remaining < 0 {
        format!("expired {} day(s) ago", -c.days_remaining)
    } else if c.valid_at_instant {
        format!("{} day(s) left", c.days_remaining)
    } else {
        "not yet valid".to_owned()
    };
    let sans = if c.sans.is_empty() {
        "none".to_owned()
    } else {
        c.sans.join(", ")
    };
    let (elapsed, total) = validity_span(c, &props.evaluated_at);
    html! {
        <article
            class={classes!("cert-card", (!c.valid_at_instant).then_some("invalid"))}
            data-role={role_name(c.role)}
            data-index={c.index.to_string()}
        >
            <h3>{ title }</h3>
            <dl>
                <dt>{ "Subject" }</dt><dd>{ &c.subject }</dd>
                <dt>{ "Issuer" }</dt><dd>{ &c.issuer }</dd>
                <dt>{ "SANs" }</dt><dd>{ sans }</dd>
                <dt>{ "Validity" }</dt>
                <dd class="validity" data-days-left={c.days_remaining.to_string()}>
                    <span>{ &c.not_before }{ " to " }{ &c.not_after }</span>
                    <meter
                        min="0"
                        max={total.to_string()}
                        value={elapsed.to_string()}
                        aria-label="Share of the validity period used"
                    />
                    <span class="days">{ days }</span>
                </dd>
                <dt>{ "Key" }</dt><dd>{ key_text(&c.key) }</dd>
                <dt>{ "ACM KeyAlgorithm" }</dt>
                <dd>{ c.key.aws_key_algorithm.as_deref().unwrap_or("none (not importable into ACM)") }</dd>
                <dt>{ "Signature" }</dt><dd>{ &c.signature_algorithm }</dd>
                <dt>{ "SHA-1 (RDS thumbprint)" }</dt>
                <dd class="hash-row">
                    <code class="hash sha1">{ &c.sha1 }</code>
                    <CopyButton text={c.sha1.clone()} what="SHA-1" />
                </dd>
                <dt>{ "SHA-256 (IoT certificateId)" }</dt>
                <dd class="hash-row">
                    <code class="hash sha256">{ &c.sha256 }</code>
                    <CopyButton text={c.sha256.clone()} what="SHA-256" />
                </dd>
            </dl>
        </article>
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
