//! Typed findings with stable codes, and the record of the rule that makes each. The CLI
//! and the page only render these.

use crate::field::InputName;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;

/// How bad a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// AWS would refuse the import or the call.
    Error,
    /// AWS may accept it, but something will break, or the rule is unconfirmed.
    Warning,
    /// Worth knowing; nothing to fix.
    Info,
}

macro_rules! codes {
    ($($(#[$doc:meta])* $variant:ident = $text:literal, rank $rank:literal;)*) => {
        /// Stable finding codes. The text form is a public contract (JSON, CLI, tests).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum Code { $($(#[$doc])* $variant,)* }

        impl Code {
            /// Every code, in declaration order.
            pub const ALL: &'static [Code] = &[$(Code::$variant,)*];

            /// The stable text form, e.g. `chain-order`.
            pub fn as_str(self) -> &'static str {
                match self { $(Code::$variant => $text,)* }
            }

            /// Lower ranks are more actionable and are listed first among findings of one severity:
            /// a user who fixes the input format first sees fewer knock-on findings.
            pub fn rank(self) -> u8 {
                match self { $(Code::$variant => $rank,)* }
            }
        }
    };
}

impl Code {
    /// A finding with this code, unless it is an error, says an input is missing that the
    /// answer needs: the verdict is then incomplete rather than pass.
    pub fn is_missing_input(self) -> bool {
        matches!(
            self,
            Code::NeedsInput | Code::KeyMissing | Code::CertMissing | Code::Pkcs12Given
        )
    }
}

codes! {
    /// The input is too large to be anything the tool or AWS accepts.
    InputTooLarge = "input-too-large", rank 0;
    /// A certificate field does not hold PEM (DER, PKCS#7, PKCS#12, text).
    CertNotPem = "cert-not-pem", rank 1;
    /// The input could not be decoded at all.
    InputUnreadable = "input-unreadable", rank 1;
    /// A PKCS#12 file was given; it must be converted.
    Pkcs12Given = "pkcs12-given", rank 2;
    /// A PKCS#12 file did not open with the password given.
    Pkcs12Password = "pkcs12-password", rank 2;
    /// The certificate field holds more than one certificate.
    CertMultiple = "cert-multiple", rank 3;
    /// The certificate is required by the service and was not given.
    CertMissing = "cert-missing", rank 3;
    /// The key field holds something other than one private key.
    KeyNotPem = "key-not-pem", rank 4;
    /// The private key is required and was not given.
    KeyMissing = "key-missing", rank 4;
    /// The private key is passphrase-protected.
    KeyEncrypted = "key-encrypted", rank 5;
    /// The private key does not belong to the certificate.
    KeyMismatch = "key-mismatch", rank 6;
    /// The key algorithm or size is not accepted by the service.
    KeyUnsupported = "key-unsupported", rank 7;
    /// An input exceeds the service's byte limit.
    SizeLimit = "size-limit", rank 8;
    /// Characters the service's pattern refuses, or text around the PEM blocks.
    PemHygiene = "pem-hygiene", rank 9;
    /// The certificate has expired at the evaluation instant.
    CertExpired = "cert-expired", rank 10;
    /// The certificate is not yet valid at the evaluation instant.
    CertNotYetValid = "cert-not-yet-valid", rank 10;
    /// The certificate expires soon.
    CertExpiresSoon = "cert-expires-soon", rank 30;
    /// The certificate is not X.509 version 3.
    CertNotV3 = "cert-not-v3", rank 11;
    /// The certificate's issuer or subject is empty.
    CertNameEmpty = "cert-name-empty", rank 11;
    /// The OCSP URL is longer than the service allows.
    OcspUrlTooLong = "ocsp-url-too-long", rank 12;
    /// The chain holds the leaf certificate.
    ChainContainsLeaf = "chain-contains-leaf", rank 13;
    /// The chain is not in issuing order.
    ChainOrder = "chain-order", rank 14;
    /// No certificate in the chain issued the leaf or the last intermediate.
    ChainIncomplete = "chain-incomplete", rank 15;
    /// The chain holds certificates that are not on the leaf's path.
    ChainUnrelated = "chain-unrelated", rank 16;
    /// The path does not reach a root the target's clients trust.
    ChainUntrusted = "chain-untrusted", rank 16;
    /// A signature in the chain does not verify.
    ChainSignatureInvalid = "chain-signature-invalid", rank 14;
    /// A chain certificate has expired or is not yet valid.
    ChainCertExpired = "chain-cert-expired", rank 17;
    /// A CA-signed certificate came without a chain.
    ChainMissing = "chain-missing", rank 18;
    /// The chain ends with a root the service wants left out.
    ChainRootIncluded = "chain-root-included", rank 19;
    /// The chain is longer than the service allows.
    ChainTooLong = "chain-too-long", rank 19;
    /// The certificate is signed with SHA-1, MD5 or another weak algorithm.
    SignatureAlgorithmWeak = "signature-algorithm-weak", rank 20;
    /// The signature algorithm is not on the service's list.
    SignatureAlgorithmUnsupported = "signature-algorithm-unsupported", rank 20;
    /// A CA certificate lacks basicConstraints CA:TRUE.
    CaBasicConstraints = "ca-basic-constraints", rank 21;
    /// The key family of the certificate and its issuing CA differ.
    KeyFamilyMismatch = "key-family-mismatch", rank 22;
    /// A service parameter does not fit its pattern, length or enum.
    ParamInvalid = "param-invalid", rank 23;
    /// A service parameter is deprecated.
    ParamDeprecated = "param-deprecated", rank 24;
    /// RDS: the CA identifier is unknown, expired or missing from the trust bundle.
    RdsCa = "rds-ca", rank 25;
    /// The certificate's names or usage do not suit the service.
    CertUsage = "cert-usage", rank 26;
    /// IoT CA: the verification certificate does not prove the CA's key or the code.
    VerificationCert = "verification-cert", rank 27;
    /// A rule could not run for lack of an input the answer needs: the verdict waits.
    NeedsInput = "needs-input", rank 40;
    /// A rule could not run for lack of an input the target does not require.
    NotChecked = "not-checked", rank 43;
    /// Region or deployment advice.
    ServiceNote = "service-note", rank 41;
    /// Decoding tolerated something worth telling.
    DecodeNote = "decode-note", rank 42;
}

impl Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Code {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = Cow::<'de, str>::deserialize(d)?;
        Code::ALL
            .iter()
            .copied()
            .find(|c| c.as_str() == text)
            .ok_or_else(|| serde::de::Error::custom(format!("unknown finding code {text:?}")))
    }
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Which input a finding is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Subject {
    Certificate,
    Key,
    Chain,
    Bundle,
    /// The trusted roots the user gave.
    Trust,
    /// IoT CA: the verification certificate.
    Verification,
    Options,
}

/// One judgement about the inputs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    pub severity: Severity,
    pub code: Code,
    /// What was expected, what was found.
    pub message: String,
    /// How to fix it, when there is something to do.
    pub fix: Option<Box<str>>,
    /// The message AWS returns, verbatim, where known.
    pub aws_error: Option<Box<str>>,
    /// Where the rule comes from (a key into the spec's source list, with the document).
    /// Borrowed from the rule record; owned only when read back from JSON (the page's
    /// worker sends reports as JSON).
    pub source: Cow<'static, str>,
    /// The id of the rule that made it (`acm.chain-order`; see `certpreflight rules`).
    pub rule: Cow<'static, str>,
    /// False when no primary source settles the rule (UNCONFIRMED): then it only warns.
    pub confirmed: bool,
    /// The input that would finish or fix what it says (a missing key, a password, an
    /// option), named for each front end to word its own way.
    pub needs: Option<InputName>,
    /// Which input it concerns.
    pub subject: Option<Subject>,
    /// The certificate index within that input, where it concerns one certificate.
    pub index: Option<u32>,
}

impl Finding {
    pub fn new(severity: Severity, code: Code, message: impl Into<String>) -> Self {
        Finding {
            severity,
            code,
            message: message.into(),
            fix: None,
            aws_error: None,
            source: Cow::Borrowed(""),
            rule: Cow::Borrowed(""),
            confirmed: true,
            needs: None,
            subject: None,
            index: None,
        }
    }
    pub fn error(code: Code, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, code, message)
    }
    pub fn warning(code: Code, message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, code, message)
    }
    pub fn info(code: Code, message: impl Into<String>) -> Self {
        Self::new(Severity::Info, code, message)
    }
    pub fn fix(mut self, fix: impl Into<String>) -> Self {
        self.fix = Some(fix.into().into_boxed_str());
        self
    }
    /// Sets the fix unless one is set already.
    pub fn fix_if_none(self, fix: impl Into<String>) -> Self {
        if self.fix.is_some() {
            self
        } else {
            self.fix(fix)
        }
    }
    pub fn aws(mut self, text: impl Into<String>) -> Self {
        self.aws_error = Some(text.into().into_boxed_str());
        self
    }
    pub fn source(mut self, source: &'static str) -> Self {
        self.source = Cow::Borrowed(source);
        self
    }
    pub fn about(mut self, subject: Subject) -> Self {
        self.subject = Some(subject);
        self
    }
    pub fn at(mut self, index: usize) -> Self {
        self.index = Some(u32::try_from(index).unwrap_or(u32::MAX));
        self
    }
    /// The input that would finish or fix what the finding says.
    pub fn needs(mut self, input: InputName) -> Self {
        self.needs = Some(input);
        self
    }
    /// Marks the finding as made by `rule`: its id, its source (unless the finding names a
    /// more precise one) and whether it is confirmed.
    pub fn made_by(mut self, rule: &RuleInfo) -> Self {
        self.stamp(rule);
        self
    }
    pub(crate) fn stamp(&mut self, rule: &RuleInfo) {
        self.rule = Cow::Borrowed(rule.id);
        if self.source.is_empty() {
            self.source = Cow::Borrowed(rule.source);
        }
        self.confirmed = rule.confirmed;
    }
}

/// What a rule is, apart from its check: the record `certpreflight rules` lists and every
/// finding points back to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct RuleInfo {
    /// Unique and stable: `<service>.<what>` (`nlb.key-algorithm`), or `input.<what>` for the
    /// engine's own checks of what it was given.
    pub id: &'static str,
    /// The finding code it reports (a rule may add notes under other codes).
    pub code: Code,
    /// The most severe finding it makes.
    pub severity: Severity,
    /// One line: what it checks.
    pub title: &'static str,
    /// Where the rule comes from: the page, model or repository, as `shared/spec` cites it.
    pub source: &'static str,
    /// False when no primary source settles it (UNCONFIRMED): it then warns, never errs.
    pub confirmed: bool,
}

impl RuleInfo {
    pub const fn new(
        id: &'static str,
        code: Code,
        severity: Severity,
        title: &'static str,
        source: &'static str,
    ) -> RuleInfo {
        RuleInfo {
            id,
            code,
            severity,
            title,
            source,
            confirmed: true,
        }
    }
    /// The same rule, marked UNCONFIRMED (and so at most a warning).
    pub const fn unconfirmed(self) -> RuleInfo {
        RuleInfo {
            confirmed: false,
            ..self
        }
    }
}

/// Orders findings: errors first, then the most actionable code, then input order.
pub fn sort_findings(findings: &mut [Finding]) {
    findings.sort_by_key(|f| (f.severity, f.code.rank(), f.index.unwrap_or(0)));
}
