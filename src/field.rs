//! The names of what a user gives a check: the PEM inputs, a PKCS#12 password and each
//! service option. Findings name the input they need with these; every front end words it
//! its own way (the command line as a flag, the page as a field's label).

use serde::{Deserialize, Serialize};

/// A service option (beyond certificate, key and chain).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OptionName {
    Usage,
    ActiveDate,
    InactiveDate,
    Description,
    NewStatus,
    UserName,
    CertificateId,
    Status,
    Name,
    Path,
    CaIdentifier,
    Region,
    Bundle,
    /// IoT CA: RegisterCACertificate's certificateMode, `DEFAULT` or `SNI_ONLY`.
    CertificateMode,
    /// IoT CA: the account's registration code (GetRegistrationCode).
    RegistrationCode,
    /// IoT CA: the verification certificate (an input, like the bundle).
    VerificationCert,
}

impl OptionName {
    /// Every option, in the order front ends list them.
    pub const ALL: [OptionName; 16] = [
        OptionName::Usage,
        OptionName::ActiveDate,
        OptionName::InactiveDate,
        OptionName::Description,
        OptionName::NewStatus,
        OptionName::UserName,
        OptionName::CertificateId,
        OptionName::Status,
        OptionName::Name,
        OptionName::Path,
        OptionName::CaIdentifier,
        OptionName::Region,
        OptionName::Bundle,
        OptionName::CertificateMode,
        OptionName::RegistrationCode,
        OptionName::VerificationCert,
    ];

    /// The command-line spelling, without the dashes.
    pub fn flag(self) -> &'static str {
        match self {
            OptionName::Usage => "usage",
            OptionName::ActiveDate => "active-date",
            OptionName::InactiveDate => "inactive-date",
            OptionName::Description => "description",
            OptionName::NewStatus => "new-status",
            OptionName::UserName => "user-name",
            OptionName::CertificateId => "certificate-id",
            OptionName::Status => "status",
            OptionName::Name => "name",
            OptionName::Path => "path",
            OptionName::CaIdentifier => "ca-identifier",
            OptionName::Region => "region",
            OptionName::Bundle => "bundle",
            OptionName::CertificateMode => "certificate-mode",
            OptionName::RegistrationCode => "registration-code",
            OptionName::VerificationCert => "verification-cert",
        }
    }
}

/// An input a finding asks for (to finish a check, or to change). In JSON, one string:
/// `certificate`, `private_key`, `chain`, `trust`, `password`, or the option's name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum InputName {
    Certificate,
    PrivateKey,
    Chain,
    /// The user's own trusted root(s): a private CA the path may end at.
    Trust,
    /// The password of a PKCS#12 file.
    Password,
    /// A service option, or RDS's trust bundle ([`OptionName::Bundle`]).
    Option(OptionName),
}

impl InputName {
    const NAMED: [(InputName, &'static str); 5] = [
        (InputName::Certificate, "certificate"),
        (InputName::PrivateKey, "private_key"),
        (InputName::Chain, "chain"),
        (InputName::Trust, "trust"),
        (InputName::Password, "password"),
    ];
}

// By hand, not `#[serde(untagged)]`: untagged buffers every value it reads, which costs the
// page's wasm several kilobytes for one string.
impl Serialize for InputName {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            InputName::Option(option) => option.serialize(s),
            named => {
                let name = InputName::NAMED
                    .iter()
                    .find(|(n, _)| n == named)
                    .map_or("", |(_, s)| *s);
                s.serialize_str(name)
            }
        }
    }
}

impl<'de> Deserialize<'de> for InputName {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::IntoDeserializer;
        let text = String::deserialize(d)?;
        if let Some((named, _)) = InputName::NAMED.iter().find(|(_, s)| *s == text) {
            return Ok(*named);
        }
        let option: Result<OptionName, serde::de::value::Error> =
            OptionName::deserialize(text.as_str().into_deserializer());
        option.map(InputName::Option).map_err(|_| {
            serde::de::Error::unknown_variant(
                &text,
                &[
                    "certificate",
                    "private_key",
                    "chain",
                    "trust",
                    "password",
                    "an option",
                ],
            )
        })
    }
}
