//! Checks that several services make, each parameterised explicitly by the calling service's
//! own policy (its field limits, text strictness, key list, chain error text). A service file
//! lists which of these it runs and with which policy; nothing here asks which service is
//! calling.

mod certificate;
mod chain;
mod decode;
mod key;
mod params;

pub(crate) use certificate::*;
pub(crate) use chain::*;
pub(crate) use decode::*;
pub(crate) use key::*;
pub(crate) use params::*;

/// How strictly a service reads PEM text.
#[derive(Debug, Clone, Copy)]
pub(crate) struct TextPolicy {
    /// The fields follow the pattern `[\t\n\r\u0020-\u00FF]+` (IAM, Transfer).
    pub latin1_pattern: bool,
    /// ACM-style strictness: any edit, extra line or trailing space invalidates the item.
    pub strict_pem: bool,
}

/// Byte limits of the certificate, key and chain fields (API model); 0 means none.
#[derive(Debug, Clone, Copy)]
pub(crate) struct FieldLimits {
    pub certificate: usize,
    pub private_key: usize,
    pub chain: usize,
}

/// The key algorithms a service accepts, in ACM's vocabulary (`RSA_2048`, `EC_prime256v1`).
#[derive(Debug, Clone, Copy)]
pub(crate) struct KeyPolicy {
    pub accepted: &'static [&'static str],
    /// False when the list is UNCONFIRMED: a key outside it is then a warning.
    pub confirmed: bool,
    /// The message AWS returns for a key outside the list, where known (`<key_length>` is
    /// replaced by the key's size).
    pub aws_error: Option<&'static str>,
}

impl KeyPolicy {
    pub fn accepts(&self, key: &crate::algorithm::PublicKey) -> bool {
        key.aws_name()
            .is_some_and(|n| self.accepted.contains(&n.as_str()))
    }
}

/// A deprecated target says so, and what replaces it.
pub(crate) fn deprecated_note(ctx: &crate::rule::Ctx<'_>, out: &mut Vec<crate::finding::Finding>) {
    if let Some(why) = ctx.service.deprecated {
        out.push(crate::finding::Finding::info(
            crate::finding::Code::ServiceNote,
            why,
        ));
    }
}

/// Why an issuer that is no CA breaks a chain, for the targets that serve TLS to clients.
pub(crate) const ISSUERS_CA_SOURCE: &str =
    "RFC 5280 §4.2.1.9; openssl verify (invalid CA certificate): clients refuse the chain";

/// ACM's (and IAM UploadServerCertificate's) answer to a bad chain, followed by the index.
pub(crate) const CHAIN_AWS_ERROR: &str = "Unable to validate certificate chain. The certificate chain must start with the immediate signing certificate, followed by any intermediaries in order. The index within the chain of the invalid certificate is: ";
