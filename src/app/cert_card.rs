//! One certificate, described.

use yew::prelude::*;

use crate::{CertificateReport, KeyDescription, Role};

#[derive(Properties, PartialEq)]
pub struct Props {
    pub certificate: CertificateReport,
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
    } else {
        format!("{} day(s) left", c.days_remaining)
    };
    html! {
        <article class="cert-card">
            <h2>{ title }</h2>
            <dl>
                <dt>{ "Subject" }</dt><dd>{ &c.subject }</dd>
                <dt>{ "Issuer" }</dt><dd>{ &c.issuer }</dd>
                <dt>{ "Expires" }</dt><dd>{ format!("{} ({days})", c.not_after) }</dd>
                <dt>{ "Key" }</dt><dd>{ key_text(&c.key) }</dd>
                <dt>{ "SHA-1" }</dt><dd><code class="hash">{ &c.sha1 }</code></dd>
                <dt>{ "SHA-256" }</dt><dd><code class="hash">{ &c.sha256 }</code></dd>
            </dl>
        </article>
    }
}

/// ACM's name for the key when it has one; otherwise what the key is, so the user sees why.
fn key_text(key: &KeyDescription) -> String {
    match &key.aws_key_algorithm {
        Some(name) => name.clone(),
        None => {
            let size = match (&key.curve, key.bits) {
                (Some(curve), _) => format!(" {curve}"),
                (None, Some(bits)) => format!(" {bits} bits"),
                (None, None) => String::new(),
            };
            format!("{}{size} (no AWS key algorithm name)", key.algorithm)
        }
    }
}
