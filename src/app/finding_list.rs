//! The findings, in the engine's order (most actionable first).

use yew::prelude::*;

use crate::{Finding, Severity};

#[derive(Properties, PartialEq)]
pub struct Props {
    pub findings: Vec<Finding>,
}

#[function_component(FindingList)]
pub fn finding_list(props: &Props) -> Html {
    if props.findings.is_empty() {
        return html! { <p class="empty">{ "No findings." }</p> };
    }
    html! {
        <ul class="findings">
            { for props.findings.iter().map(finding) }
        </ul>
    }
}

fn finding(finding: &Finding) -> Html {
    let severity = match finding.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "info",
    };
    html! {
        <li class={classes!("finding", severity)}>
            <div class="finding-head">
                <span class="severity">{ severity }</span>
                <code class="code">{ finding.code.as_str() }</code>
            </div>
            <p class="message">{ &finding.message }</p>
            if let Some(fix) = &finding.fix {
                <p class="fix"><strong>{ "Fix: " }</strong>{ fix }</p>
            }
            if let Some(aws_error) = &finding.aws_error {
                <p class="aws-error">
                    <strong>{ "AWS says: " }</strong>
                    <code>{ aws_error }</code>
                </p>
            }
        </li>
    }
}
