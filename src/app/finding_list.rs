//! The findings, in the engine's order (most actionable first). A finding that needs an
//! input links to that field by its label (never by a command-line flag); one whose rule
//! AWS's documentation does not settle says so in words, with its source.

use yew::prelude::*;

use super::labels::input_field;
use crate::{Finding, Severity};

#[derive(Properties, PartialEq)]
pub struct Props {
    pub findings: Vec<Finding>,
}

/// Findings of one code shown before "Show all": a long bundle's 56 expired certificates
/// do not bury the one finding that matters (and the page renders in a frame).
pub const PER_CODE: usize = 3;

/// The findings shown: every one when `all`, else the first [`PER_CODE`] of each code.
pub fn shown(findings: &[Finding], all: bool) -> Vec<&Finding> {
    let mut seen: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    findings
        .iter()
        .filter(|f| {
            let n = seen.entry(f.code.as_str()).or_default();
            *n += 1;
            all || *n <= PER_CODE
        })
        .collect()
}

#[function_component(FindingList)]
pub fn finding_list(props: &Props) -> Html {
    let show_all = use_state(|| false);
    let shown = shown(&props.findings, *show_all);
    let hidden = props.findings.len() - shown.len();
    let onclick = {
        let show_all = show_all.clone();
        Callback::from(move |_: MouseEvent| show_all.set(true))
    };
    html! {
        <section class="findings-section" aria-labelledby="findings-title">
            <h2 id="findings-title">{ format!("Findings ({})", props.findings.len()) }</h2>
            if props.findings.is_empty() {
                <p class="empty">{ "No findings." }</p>
            }
            <ul id="findings" class="findings">
                { for shown.into_iter().map(finding) }
            </ul>
            if hidden > 0 {
                <button type="button" id="show-all-findings" {onclick}>
                    { format!("Show {hidden} more findings like those above") }
                </button>
            }
        </section>
    }
}

pub(crate) fn severity_name(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "info",
    }
}

/// Focuses the field `id` (its link already scrolled to it).
fn focus(id: &'static str) -> Callback<MouseEvent> {
    Callback::from(move |event: MouseEvent| {
        if let Some(element) = gloo::utils::document().get_element_by_id(id) {
            event.prevent_default();
            element.scroll_into_view();
            if let Some(html) = wasm_bindgen::JsCast::dyn_ref::<web_sys::HtmlElement>(&element) {
                let _ = html.focus();
            }
        }
    })
}

/// A source's text, with its first web address (if it names one) as a link.
fn source(text: &str) -> Html {
    let url = text
        .split(|c: char| c.is_whitespace() || c == '(' || c == ')' || c == ';')
        .find(|w| w.starts_with("docs.aws.amazon.com") || w.starts_with("https://"));
    match url {
        Some(url) => {
            let href = if url.starts_with("https://") {
                url.to_string()
            } else {
                format!("https://{url}")
            };
            html! { <>{ text.to_owned() }{ " " }<a href={href} rel="noreferrer noopener" target="_blank">{ "(open the source)" }</a></> }
        }
        None => html! { { text.to_owned() } },
    }
}

fn finding(finding: &Finding) -> Html {
    let severity = severity_name(finding.severity);
    let code = finding.code.as_str();
    let give = finding
        .needs
        .map(input_field)
        .filter(|(id, _)| !id.is_empty());
    html! {
        <li class={classes!("finding", severity)} data-code={code} data-severity={severity} data-rule={finding.rule.to_string()}>
            <div class="finding-head">
                <span class="severity">{ severity }</span>
                <code class="code">{ code }</code>
            </div>
            <p class="message">{ &finding.message }</p>
            if let Some(fix) = finding.fix.as_deref() {
                <p class="fix"><strong>{ "Fix: " }</strong>{ fix }</p>
            }
            if let Some((id, label)) = give {
                <p class="give">
                    <a href={format!("#{id}")} onclick={focus(id)} data-field={id}>{ format!("Fill in: {label}") }</a>
                </p>
            }
            if let Some(aws_error) = finding.aws_error.as_deref() {
                <p class="aws-error">
                    <strong>{ "AWS says: " }</strong>
                    <code>{ aws_error }</code>
                </p>
            }
            if !finding.confirmed {
                <p class="unsettled">{ "AWS's documentation does not settle this; AWS may accept it." }</p>
            }
            <p class="why"><small>{ "Source: " }{ source(&finding.source) }</small></p>
        </li>
    }
}
