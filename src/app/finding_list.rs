//! The findings, in the engine's order (most actionable first).

use yew::prelude::*;

use crate::{Finding, Severity};

#[derive(Properties, PartialEq)]
pub struct Props {
    pub findings: Vec<Finding>,
}

#[function_component(FindingList)]
pub fn finding_list(props: &Props) -> Html {
    html! {
        <section class="findings-section" aria-labelledby="findings-title">
            <h2 id="findings-title">{ "Findings" }</h2>
            if props.findings.is_empty() {
                <p class="empty">{ "No findings." }</p>
            }
            <ul id="findings" class="findings">
                { for props.findings.iter().map(finding) }
            </ul>
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

fn finding(finding: &Finding) -> Html {
    let severity = severity_name(finding.severity);
    let code = finding.code.as_str();
    html! {
        <li class={classes!("finding", severity)} data-code={code} data-severity={severity} data-rule={finding.rule}>
            <div class="finding-head">
                <span class="severity">{ severity }</span>
                <code class="code">{ code }</code>
            </div>
            <p class="message">{ &finding.message }</p>
            if let Some(fix) = finding.fix.as_deref() {
                <p class="fix"><strong>{ "Fix: " }</strong>{ fix }</p>
            }
            if let Some(aws_error) = finding.aws_error.as_deref() {
                <p class="aws-error">
                    <strong>{ "AWS says: " }</strong>
                    <code>{ aws_error }</code>
                </p>
            }
        </li>
    }
}
