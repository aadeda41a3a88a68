//! How the page names the inputs a finding asks for: by the label of the field or option
//! the user fills in, never by a command-line flag.

use super::options_form::describe;
use crate::{InputName, OptionName};

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
        .map(|m| format!("the {}", input_field(*m).1.to_lowercase()))
        .collect();
    match labels.as_slice() {
        [] => "the inputs this target needs".into(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}
