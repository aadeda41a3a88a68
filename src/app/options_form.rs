//! The service's options (Transfer usage and dates, IoT status, IAM names, RDS identifier and
//! Region), shown only for the service that takes them, like the CLI's flags.

use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::services::OptionName;
use crate::{Options, ServiceId};

/// The values the selects offer. The engine judges any value (a typo in a text field gets a
/// finding); these lists only save typing. Kept in step with src/services/{transfer,iot,iam,rds}.rs.
const USAGES: &[&str] = &["SIGNING", "ENCRYPTION", "TLS"];
const IOT_STATUSES: &[&str] = &[
    "ACTIVE",
    "INACTIVE",
    "REVOKED",
    "PENDING_TRANSFER",
    "REGISTER_INACTIVE",
    "PENDING_ACTIVATION",
];
const IAM_STATUSES: &[&str] = &["Active", "Inactive"];
const RDS_CAS: &[&str] = &[
    "rds-ca-rsa2048-g1",
    "rds-ca-rsa4096-g1",
    "rds-ca-ecc384-g1",
    "rds-ca-2019",
];

/// How one option is asked for.
pub(crate) enum Control {
    Text { placeholder: &'static str },
    Choice(&'static [&'static str]),
}

/// Label, element id and control of an option; None for the bundle (a PEM field of its own).
pub(crate) fn describe(option: OptionName) -> Option<(&'static str, &'static str, Control)> {
    use Control::{Choice, Text};
    Some(match option {
        OptionName::Usage => ("Usage", "opt-usage", Choice(USAGES)),
        OptionName::ActiveDate => (
            "Active date",
            "opt-active-date",
            Text {
                placeholder: "2026-06-01T00:00:00Z",
            },
        ),
        OptionName::InactiveDate => (
            "Inactive date",
            "opt-inactive-date",
            Text {
                placeholder: "2027-06-01T00:00:00Z",
            },
        ),
        OptionName::Description => ("Description", "opt-description", Text { placeholder: "" }),
        OptionName::NewStatus => ("New status", "opt-new-status", Choice(IOT_STATUSES)),
        OptionName::UserName => ("IAM user name", "opt-user-name", Text { placeholder: "" }),
        OptionName::CertificateId => (
            "Certificate id",
            "opt-certificate-id",
            Text { placeholder: "" },
        ),
        OptionName::Status => ("Status", "opt-status", Choice(IAM_STATUSES)),
        OptionName::Name => (
            "Server certificate name",
            "opt-name",
            Text { placeholder: "" },
        ),
        OptionName::Path => ("Path", "opt-path", Text { placeholder: "/" }),
        OptionName::CaIdentifier => ("CA identifier", "opt-ca-identifier", Choice(RDS_CAS)),
        OptionName::Region => (
            "Region",
            "opt-region",
            Text {
                placeholder: "us-east-1",
            },
        ),
        OptionName::CertificateMode => (
            "Certificate mode",
            "opt-certificate-mode",
            Choice(&["DEFAULT", "SNI_ONLY"]),
        ),
        OptionName::RegistrationCode => (
            "Registration code",
            "opt-registration-code",
            Text {
                placeholder: "64 hex characters (get-registration-code)",
            },
        ),
        OptionName::Bundle | OptionName::VerificationCert => return None,
    })
}

/// The option's current value in `options` ("" when unset).
pub fn option_value(options: &Options, option: OptionName) -> &str {
    let value = match option {
        OptionName::Usage => &options.usage,
        OptionName::ActiveDate => &options.active_date,
        OptionName::InactiveDate => &options.inactive_date,
        OptionName::Description => &options.description,
        OptionName::NewStatus => &options.new_status,
        OptionName::UserName => &options.user_name,
        OptionName::CertificateId => &options.certificate_id,
        OptionName::Status => &options.status,
        OptionName::Name => &options.name,
        OptionName::Path => &options.path,
        OptionName::CaIdentifier => &options.ca_identifier,
        OptionName::Region => &options.region,
        OptionName::CertificateMode => &options.certificate_mode,
        OptionName::RegistrationCode => &options.registration_code,
        OptionName::Bundle | OptionName::VerificationCert => return "",
    };
    value.as_deref().unwrap_or("")
}

/// Sets one option; an empty value unsets it (the engine then treats it as not given).
pub fn set_option(options: &mut Options, option: OptionName, value: String) {
    let value = (!value.is_empty()).then_some(value);
    let slot = match option {
        OptionName::Usage => &mut options.usage,
        OptionName::ActiveDate => &mut options.active_date,
        OptionName::InactiveDate => &mut options.inactive_date,
        OptionName::Description => &mut options.description,
        OptionName::NewStatus => &mut options.new_status,
        OptionName::UserName => &mut options.user_name,
        OptionName::CertificateId => &mut options.certificate_id,
        OptionName::Status => &mut options.status,
        OptionName::Name => &mut options.name,
        OptionName::Path => &mut options.path,
        OptionName::CaIdentifier => &mut options.ca_identifier,
        OptionName::Region => &mut options.region,
        OptionName::CertificateMode => &mut options.certificate_mode,
        OptionName::RegistrationCode => &mut options.registration_code,
        OptionName::Bundle | OptionName::VerificationCert => return,
    };
    *slot = value;
}

/// The ids of the option controls a service shows (for tests and the e2e contract).
pub fn visible_option_ids(service: ServiceId) -> Vec<&'static str> {
    service
        .meta()
        .options
        .iter()
        .filter_map(|o| describe(*o).map(|(_, id, _)| id))
        .collect()
}

#[derive(Properties, PartialEq)]
pub struct Props {
    pub service: ServiceId,
    pub options: Options,
    pub on_change: Callback<(OptionName, String)>,
}

#[function_component(OptionsForm)]
pub fn options_form(props: &Props) -> Html {
    let controls: Vec<Html> = props
        .service
        .meta()
        .options
        .iter()
        .filter_map(|option| {
            let (label, id, control) = describe(*option)?;
            let value = option_value(&props.options, *option).to_string();
            let option = *option;
            let on_change = props.on_change.clone();
            Some(match control {
                Control::Text { placeholder } => {
                    let oninput = Callback::from(move |event: InputEvent| {
                        let input: HtmlInputElement = event.target_unchecked_into();
                        on_change.emit((option, input.value()));
                    });
                    html! {
                        <div class="field" key={id}>
                            <label for={id}>{ label }</label>
                            <input type="text" {id} {value} {placeholder} spellcheck="false" autocomplete="off" {oninput} />
                        </div>
                    }
                }
                Control::Choice(choices) => {
                    let onchange = Callback::from(move |event: Event| {
                        let select: HtmlSelectElement = event.target_unchecked_into();
                        on_change.emit((option, select.value()));
                    });
                    html! {
                        <div class="field" key={id}>
                            <label for={id}>{ label }</label>
                            <select {id} {onchange}>
                                <option value="" selected={value.is_empty()}>{ "(not set)" }</option>
                                { for choices.iter().map(|c| html! {
                                    <option value={*c} selected={value == *c}>{ *c }</option>
                                }) }
                            </select>
                        </div>
                    }
                }
            })
        })
        .collect();
    if controls.is_empty() {
        return html! {};
    }
    html! {
        <fieldset class="options" id="options">
            <legend>{ "Options for " }{ props.service.meta().name }</legend>
            { for controls }
        </fieldset>
    }
}
