//! The names of what a user gives a check: the PEM inputs, a PKCS#12 password and each
//! service option. Findings name the input they need with these; every front end words it
//! its own way (the command line as a flag, the page as a field's label).

use serde::Serialize;

/// A service option (beyond certificate, key and chain).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
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

/// An input a finding asks for (to finish a check, or to change).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum InputName {
    Certificate,
    PrivateKey,
    Chain,
    /// The user's own trusted root(s): a private CA the path may end at.
    Trust,
    /// The password of a PKCS#12 file.
    Password,
    /// A service option, or RDS's trust bundle ([`OptionName::Bundle`]).
    #[serde(untagged)]
    Option(OptionName),
}
