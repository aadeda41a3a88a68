//! How the page names the inputs a finding asks for: by the label of the field or option
//! the user fills in, never by a command-line flag.

use super::options_form::describe;
use crate::{InputName, OptionName, ServiceId};

/// The field's id on the page and its label, for an input a finding needs.
pub fn input_field(input: InputName) -> (&'static str, &'static str) {
    match input {
        InputName::Certificate => ("cert", "Certificate"),
        InputName::PrivateKey => ("key", "Private key"),
        InputName::Chain => ("chain", "Certificate chain"),
        InputName::Trust => ("trust", "Trusted root"),
        InputName::Password => ("p12-password", "PKCS#12 password"),
        InputName::Option(OptionName::Bundle) => ("bundle", "Trust bundle"),
        InputName::Option(OptionName::VerificationCert) => {
            ("verification", "Verification certificate")
        }
        InputName::Option(option) => match describe(option) {
            Some((label, id, _)) => (id, label),
            None => ("", "an option"),
        },
    }
}

/// "the Private key and the Certificate chain": the missing inputs by their labels.
pub fn missing_text(missing: &[InputName]) -> String {
    let labels: Vec<String> = missing
        .iter()
        .map(|m| format!("the {}", input_field(*m).1))
        .collect();
    match labels.as_slice() {
        [] => "the inputs this target needs".into(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// "1 error", "2 errors": a count and its noun, plural right.
pub fn counted(n: impl Into<i64>, noun: &str) -> String {
    let n = n.into();
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// A target's name in the matrix, short enough for one line on a phone (the full name is the
/// row's title and the report's heading).
pub fn short_name(service: ServiceId) -> &'static str {
    match service {
        ServiceId::Acm => "ACM",
        ServiceId::Cloudfront => "CloudFront",
        ServiceId::Alb => "Application LB",
        ServiceId::Nlb => "Network LB",
        ServiceId::Clb => "Classic LB",
        ServiceId::ApiGatewayEdge => "API Gateway, edge",
        ServiceId::ApiGatewayRegional => "API Gateway, regional",
        ServiceId::IamServer => "IAM server certificate",
        ServiceId::IamSigning => "IAM signing certificate",
        ServiceId::Iot => "IoT device certificate",
        ServiceId::IotCa => "IoT CA certificate",
        ServiceId::Transfer => "Transfer Family",
        ServiceId::Rds => "RDS CA rotation",
        ServiceId::Elb => "Elastic Load Balancing",
        ServiceId::ApiGateway => "API Gateway",
    }
}
