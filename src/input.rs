//! What a check is given, and the one place that resolves it: each input bounded, a PKCS#12
//! file opened with its password into the PEM it holds, everything decoded once. `check`,
//! `repair` and fleet mode all start here, so a `.pfx` is recognised in one place.

use crate::decode::{decode, Decoded, InputKind};
use crate::field::{InputName, OptionName};
use crate::finding::{Code, Finding, RuleInfo, Severity, Subject};
use crate::limits::MAX_INPUT_BYTES;
use crate::pkcs12::{looks_like_pkcs12, open_pkcs12, Password, Pkcs12Contents};
use crate::service_id::ServiceId;
use std::ops::Deref;
use zeroize::Zeroizing;

/// Service options beyond the three PEM inputs. Every field is optional; a field that does
/// not apply to the chosen service is refused by the CLI and ignored by the engine.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Options {
    /// Transfer: `SIGNING`, `ENCRYPTION` or `TLS`.
    pub usage: Option<String>,
    /// Transfer: RFC 3339.
    pub active_date: Option<String>,
    pub inactive_date: Option<String>,
    pub description: Option<String>,
    /// IoT UpdateCertificate `newStatus`.
    pub new_status: Option<String>,
    /// IAM signing certificates.
    pub user_name: Option<String>,
    pub certificate_id: Option<String>,
    pub status: Option<String>,
    /// IAM server certificates.
    pub name: Option<String>,
    pub path: Option<String>,
    /// RDS.
    pub ca_identifier: Option<String>,
    pub region: Option<String>,
    /// IoT CA: `DEFAULT` (a verification certificate) or `SNI_ONLY`.
    pub certificate_mode: Option<String>,
    /// IoT CA: the registration code the verification certificate's CN must be.
    pub registration_code: Option<String>,
    /// Warn when fewer days than this remain (default per service).
    pub warn_days: Option<i64>,
    /// File names to use in the suggested commands (defaults: cert.pem, key.pem, chain.pem,
    /// verification.pem: the fixed files). A binary input (DER, PKCS#7, PKCS#12) keeps the
    /// default, since AWS takes PEM.
    pub certificate_file: Option<String>,
    pub private_key_file: Option<String>,
    pub chain_file: Option<String>,
    pub verification_file: Option<String>,
    /// The password of a PKCS#12 input (zeroized on drop). With it, a PKCS#12 file given as
    /// the certificate or the key is opened: its leaf is checked as the certificate, its key
    /// as the private key and its other certificates as the chain (a key or chain given
    /// separately is used instead, and the report says so).
    pub pkcs12_password: Option<Password>,
}

impl Options {
    /// The value of a service option, when given (the bundle is an input, not a value).
    pub fn value(&self, option: OptionName) -> Option<&str> {
        self.slot(option).and_then(|s| s.as_deref())
    }

    /// Sets a service option; None (or an empty value) unsets it.
    pub fn set(&mut self, option: OptionName, value: Option<String>) {
        if let Some(slot) = self.slot_mut(option) {
            *slot = value.filter(|v| !v.is_empty());
        }
    }

    fn slot(&self, option: OptionName) -> Option<&Option<String>> {
        Some(match option {
            OptionName::Usage => &self.usage,
            OptionName::ActiveDate => &self.active_date,
            OptionName::InactiveDate => &self.inactive_date,
            OptionName::Description => &self.description,
            OptionName::NewStatus => &self.new_status,
            OptionName::UserName => &self.user_name,
            OptionName::CertificateId => &self.certificate_id,
            OptionName::Status => &self.status,
            OptionName::Name => &self.name,
            OptionName::Path => &self.path,
            OptionName::CaIdentifier => &self.ca_identifier,
            OptionName::Region => &self.region,
            OptionName::CertificateMode => &self.certificate_mode,
            OptionName::RegistrationCode => &self.registration_code,
            OptionName::Bundle | OptionName::VerificationCert => return None,
        })
    }

    fn slot_mut(&mut self, option: OptionName) -> Option<&mut Option<String>> {
        Some(match option {
            OptionName::Usage => &mut self.usage,
            OptionName::ActiveDate => &mut self.active_date,
            OptionName::InactiveDate => &mut self.inactive_date,
            OptionName::Description => &mut self.description,
            OptionName::NewStatus => &mut self.new_status,
            OptionName::UserName => &mut self.user_name,
            OptionName::CertificateId => &mut self.certificate_id,
            OptionName::Status => &mut self.status,
            OptionName::Name => &mut self.name,
            OptionName::Path => &mut self.path,
            OptionName::CaIdentifier => &mut self.ca_identifier,
            OptionName::Region => &mut self.region,
            OptionName::CertificateMode => &mut self.certificate_mode,
            OptionName::RegistrationCode => &mut self.registration_code,
            OptionName::Bundle | OptionName::VerificationCert => return None,
        })
    }
}

/// One check: what to judge, against which service, at which instant.
#[derive(Debug, Clone)]
pub struct Request<'a> {
    pub service: ServiceId,
    pub certificate: Option<&'a [u8]>,
    pub private_key: Option<&'a [u8]>,
    pub chain: Option<&'a [u8]>,
    /// RDS: the client's trust store.
    pub bundle: Option<&'a [u8]>,
    /// The user's trusted root(s) (a private CA): the path may end there, verified.
    pub trust: Option<&'a [u8]>,
    /// IoT CA: the verification certificate for RegisterCACertificate.
    pub verification: Option<&'a [u8]>,
    /// The evaluation instant, Unix seconds. The engine never reads a clock.
    pub at: i64,
    pub options: Options,
}

impl<'a> Request<'a> {
    pub fn new(service: ServiceId, at: i64) -> Request<'a> {
        Request {
            service,
            certificate: None,
            private_key: None,
            chain: None,
            bundle: None,
            trust: None,
            verification: None,
            at,
            options: Options::default(),
        }
    }
}

/// Which field an input came in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Field {
    Certificate,
    Key,
    Chain,
    Bundle,
    Trust,
    Verification,
}

impl Field {
    pub fn name(self) -> &'static str {
        match self {
            Field::Certificate => "certificate",
            Field::Key => "private key",
            Field::Chain => "chain",
            Field::Bundle => "trust bundle",
            Field::Trust => "trusted roots",
            Field::Verification => "verification certificate",
        }
    }
    pub fn subject(self) -> Subject {
        match self {
            Field::Certificate => Subject::Certificate,
            Field::Key => Subject::Key,
            Field::Chain => Subject::Chain,
            Field::Bundle => Subject::Bundle,
            Field::Trust => Subject::Trust,
            Field::Verification => Subject::Verification,
        }
    }
}

/// The bytes of one input: as given, or what a PKCS#12 file held (wiped when dropped: it
/// may be a private key).
pub(crate) enum Bytes<'a> {
    Given(&'a [u8]),
    Opened(Zeroizing<Vec<u8>>),
}

impl Deref for Bytes<'_> {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        match self {
            Bytes::Given(b) => b,
            Bytes::Opened(b) => b,
        }
    }
}

/// One given input, decoded.
pub(crate) struct Input<'a> {
    pub field: Field,
    pub bytes: Bytes<'a>,
    pub decoded: Decoded,
    /// It came out of a PKCS#12 file given in the certificate or key field.
    pub from_pkcs12: bool,
    /// A PKCS#12 file that a password was given for and that did not open (the resolver's
    /// finding says why; the rules say nothing more about it).
    pub pkcs12_failed: bool,
}

impl<'a> Input<'a> {
    /// An input decoded from bytes as given.
    pub fn given(field: Field, bytes: &'a [u8]) -> Input<'a> {
        Input {
            field,
            decoded: decode(bytes),
            bytes: Bytes::Given(bytes),
            from_pkcs12: false,
            pkcs12_failed: false,
        }
    }

    /// An input decoded elsewhere (fleet mode parses each device itself).
    pub fn parsed(field: Field, bytes: &'a [u8], decoded: Decoded) -> Input<'a> {
        Input {
            field,
            bytes: Bytes::Given(bytes),
            decoded,
            from_pkcs12: false,
            pkcs12_failed: false,
        }
    }

    fn opened(field: Field, text: Zeroizing<Vec<u8>>) -> Input<'static> {
        Input {
            field,
            decoded: decode(&text),
            bytes: Bytes::Opened(text),
            from_pkcs12: true,
            pkcs12_failed: false,
        }
    }

    /// A PKCS#12 file, or something that starts like one (a truncated or corrupt file is then
    /// reported by the opening as unreadable).
    pub fn is_pkcs12(&self) -> bool {
        self.decoded.kind == InputKind::Pkcs12 || looks_like_pkcs12(&self.bytes)
    }
}

/// The file names the suggested commands use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FileNames {
    pub certificate: String,
    pub private_key: String,
    pub chain: String,
    pub verification: String,
}

impl FileNames {
    /// The names the commands use when the inputs had none: the fixed files.
    pub fn fixed() -> FileNames {
        FileNames {
            certificate: "cert.pem".into(),
            private_key: "key.pem".into(),
            chain: "chain.pem".into(),
            verification: "verification.pem".into(),
        }
    }
}

/// The name a command can give AWS for an input: its file's when the file is PEM text,
/// else (no name, or DER / PKCS#7 / PKCS#12 that AWS would not take) the fixed file's.
fn command_name(given: &Option<String>, input: Option<&Input<'_>>, fixed: String) -> String {
    match (given, input) {
        (Some(name), Some(input)) if !input.decoded.kind.is_binary() => name.clone(),
        _ => fixed,
    }
}

/// Every input of a check, resolved.
pub(crate) struct Inputs<'a> {
    pub certificate: Option<Input<'a>>,
    pub private_key: Option<Input<'a>>,
    pub chain: Option<Input<'a>>,
    pub bundle: Option<Input<'a>>,
    pub trust: Option<Input<'a>>,
    pub verification: Option<Input<'a>>,
    /// The resolver's own findings: inputs refused for their size, a PKCS#12 file opened
    /// (or not). They apply to every target judged from these inputs.
    pub findings: Vec<Finding>,
    pub file_names: FileNames,
}

impl<'a> Inputs<'a> {
    fn with(certificate: Option<Input<'a>>, chain: Option<Input<'a>>) -> Inputs<'a> {
        Inputs {
            certificate,
            private_key: None,
            chain,
            bundle: None,
            trust: None,
            verification: None,
            findings: Vec::new(),
            file_names: FileNames::fixed(),
        }
    }

    /// Inputs with only a certificate (fleet mode's devices).
    pub fn certificate_only(input: Input<'a>) -> Inputs<'a> {
        Inputs::with(Some(input), None)
    }

    /// Inputs with only a chain (fleet mode's CA, judged once).
    pub fn chain_only(input: Input<'a>) -> Inputs<'a> {
        Inputs::with(None, Some(input))
    }
}

/// The tool's own bound on what it reads.
pub(crate) static SIZE_BOUND: RuleInfo = RuleInfo::new(
    "input.size",
    Code::InputTooLarge,
    Severity::Error,
    "each input at most MAX_INPUT_BYTES (4 MiB) before anything is parsed",
    "certpreflight: inputs over MAX_INPUT_BYTES are refused before parsing",
);

/// Opening a PKCS#12 file given with its password.
pub(crate) static PKCS12_OPEN: RuleInfo = RuleInfo::new(
    "input.pkcs12",
    Code::Pkcs12Password,
    Severity::Error,
    "a PKCS#12 file given with its password opens (MAC, decryption, bags)",
    "RFC 7292; certpreflight: PKCS#12 opened locally, nothing leaves the machine",
);

/// The trusted roots a user gives.
pub(crate) static TRUST_READ: RuleInfo = RuleInfo::new(
    "input.trust",
    Code::InputUnreadable,
    Severity::Error,
    "the trusted roots are certificates (PEM, DER or PKCS#7)",
    "certpreflight: the trusted roots the user gives",
);

/// What is wrong with the trusted-roots input, if anything: it applies to every target.
fn trust_problems(trust: &Input<'_>) -> Vec<Finding> {
    let mut out: Vec<Finding> = trust
        .decoded
        .problems
        .iter()
        .map(|p| {
            Finding::error(
                Code::InputUnreadable,
                format!("In the trusted roots: {}.", p.why),
            )
        })
        .collect();
    if trust.decoded.certs.is_empty() && out.is_empty() {
        out.push(Finding::error(
            Code::InputUnreadable,
            "The trusted roots hold no certificate.",
        ));
    }
    if !trust.decoded.keys.is_empty() {
        out.push(
            Finding::error(
                Code::InputUnreadable,
                "The trusted roots hold a private key: only the root certificates belong there.",
            )
            .fix("remove the key from that file"),
        );
    }
    out.into_iter()
        .map(|f| {
            f.fix_if_none("give the root certificate(s) as PEM")
                .about(Subject::Trust)
                .needs(InputName::Trust)
                .made_by(&TRUST_READ)
        })
        .collect()
}

pub(crate) fn too_large(field: Field, len: usize) -> Finding {
    Finding::error(
        Code::InputTooLarge,
        format!(
            "The {} is {len} bytes; the tool reads at most {MAX_INPUT_BYTES} bytes per input (AWS's largest field, the chain, takes 2,097,152).",
            field.name()
        ),
    )
    .fix("give only the certificate, key or chain, not an archive or a whole trust store")
    .about(field.subject())
    .made_by(&SIZE_BOUND)
}

/// Bounds and decodes one input; None when absent or too large (then `refused` says so).
pub(crate) fn take<'a>(
    field: Field,
    bytes: Option<&'a [u8]>,
    refused: &mut Vec<Finding>,
) -> Option<Input<'a>> {
    let bytes = bytes?;
    if bytes.len() > MAX_INPUT_BYTES {
        refused.push(too_large(field, bytes.len()));
        return None;
    }
    Some(Input::given(field, bytes))
}

/// Resolves a request's inputs: bounded, decoded once, a PKCS#12 file opened when its
/// password is given.
pub(crate) fn resolve<'a>(request: &Request<'a>) -> Inputs<'a> {
    let mut findings = Vec::new();
    let o = &request.options;
    let mut inputs = Inputs {
        certificate: take(Field::Certificate, request.certificate, &mut findings),
        private_key: take(Field::Key, request.private_key, &mut findings),
        chain: take(Field::Chain, request.chain, &mut findings),
        bundle: take(Field::Bundle, request.bundle, &mut findings),
        trust: take(Field::Trust, request.trust, &mut findings),
        verification: take(Field::Verification, request.verification, &mut findings),
        findings,
        file_names: FileNames::fixed(),
    };
    let fixed = FileNames::fixed();
    inputs.file_names = FileNames {
        certificate: command_name(
            &o.certificate_file,
            inputs.certificate.as_ref(),
            fixed.certificate,
        ),
        private_key: command_name(
            &o.private_key_file,
            inputs.private_key.as_ref(),
            fixed.private_key,
        ),
        chain: command_name(&o.chain_file, inputs.chain.as_ref(), fixed.chain),
        verification: command_name(
            &o.verification_file,
            inputs.verification.as_ref(),
            fixed.verification,
        ),
    };
    if let Some(trust) = &inputs.trust {
        let problems = trust_problems(trust);
        inputs.findings.extend(problems);
    }
    if let Some(password) = &o.pkcs12_password {
        open_pkcs12_input(&mut inputs, password);
    }
    inputs
}

/// Opens the certificate (or, failing that, the key) input when it is a PKCS#12 file.
fn open_pkcs12_input(inputs: &mut Inputs<'_>, password: &Password) {
    let field = match (&inputs.certificate, &inputs.private_key) {
        (Some(c), _) if c.is_pkcs12() => Field::Certificate,
        (_, Some(k)) if k.is_pkcs12() => Field::Key,
        _ => return,
    };
    let slot = match field {
        Field::Key => &mut inputs.private_key,
        _ => &mut inputs.certificate,
    };
    let Some(file) = slot else { return };
    match open_pkcs12(&file.bytes, password.expose()) {
        Err(finding) => {
            file.pkcs12_failed = true;
            inputs
                .findings
                .push(finding.about(field.subject()).made_by(&PKCS12_OPEN));
        }
        Ok(contents) => {
            let note = use_contents(inputs, field, &contents);
            inputs.findings.push(note);
        }
    }
}

/// Puts what a PKCS#12 file held in place of the inputs it stands for (a key or chain given
/// separately is kept), and says what was used.
fn use_contents(inputs: &mut Inputs<'_>, field: Field, contents: &Pkcs12Contents) -> Finding {
    let mut used = Vec::new();
    let mut notes = Vec::new();
    let text = |s: &str| Zeroizing::new(s.as_bytes().to_vec());
    // The certificate: from the file, unless the file came in the key field and a
    // certificate was given too.
    let certificate_given = field == Field::Key && inputs.certificate.is_some();
    if certificate_given {
        if contents.certificate.is_some() {
            notes.push("the certificate given separately was used, not the PKCS#12 file's leaf");
        }
    } else {
        if contents.certificate.is_some() {
            used.push("its leaf as the certificate".to_string());
        }
        inputs.certificate = contents
            .certificate
            .as_deref()
            .map(|c| Input::opened(Field::Certificate, text(c)));
        inputs.file_names.certificate = "cert.pem".into();
    }
    let other_key_given = field == Field::Certificate && inputs.private_key.is_some();
    match &contents.private_key {
        Some(key) if !other_key_given => {
            used.push("its private key as the key".to_string());
            inputs.private_key = Some(Input::opened(Field::Key, text(key)));
            inputs.file_names.private_key = "key.pem".into();
        }
        Some(_) => {
            notes.push("the private key given separately was used, not the one in the PKCS#12 file")
        }
        None if field == Field::Key => inputs.private_key = None,
        None => {}
    }
    let mut chain_note = None;
    match (&contents.chain, inputs.chain.is_some()) {
        (Some(chain), false) => {
            used.push(format!(
                "its {} other certificate(s) as the chain, in issuing order",
                contents.chain_count
            ));
            inputs.chain = Some(Input::opened(Field::Chain, text(chain)));
            inputs.file_names.chain = "chain.pem".into();
        }
        (Some(_), true) => {
            chain_note = Some(format!(
            "the chain given separately was used, not the PKCS#12 file's {} other certificate(s)",
            contents.chain_count
        ))
        }
        (None, _) => {}
    }
    let mut message = format!(
        "The {} is a PKCS#12 file, opened with the password given; checked: {}.",
        field.name(),
        if used.is_empty() {
            "nothing (it holds no certificate or key)".to_string()
        } else {
            used.join(", ")
        }
    );
    for n in notes.iter().copied().chain(chain_note.as_deref()) {
        message.push_str(&format!(" Note: {n}."));
    }
    if contents.other_keys > 0 {
        message.push_str(&format!(
            " Note: {} further private key(s) in the file were ignored.",
            contents.other_keys
        ));
    }
    Finding::info(Code::DecodeNote, message)
        .fix("AWS takes PEM in separate fields: import the fixed files made from it (cert.pem, chain.pem, key.pem)")
        .about(field.subject())
        .made_by(&PKCS12_OPEN)
}
