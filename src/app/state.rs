//! The page's state and its reducer. Pure: no engine call and no browser call happens here.
//! A change of the inputs asks for a check; the App posts it to the worker (`worker/`), and
//! the worker's answer comes back as [`Action::FromWorker`]. Only the latest check's answer
//! is shown, so a slow check never overwrites a newer one.

use std::rc::Rc;

use zeroize::Zeroizing;

use super::browser::LoadedFile;
use super::fatal::TEST_PANIC_TRIGGER;
use crate::protocol::{Example, Fixes, FromWorker, MatrixRow, ToWorker};
use crate::{
    parse_rfc3339, FieldFill, FieldKind, OptionName, Options, Password, Report, ServiceId, Sorted,
};

/// One of the page's text fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Certificate,
    PrivateKey,
    Chain,
    /// RDS only: the client's trust bundle.
    Bundle,
    /// The user's own trusted root(s): a private CA (every target but RDS).
    Trust,
    /// IoT CA only: the verification certificate.
    Verification,
}

impl Field {
    pub const ALL: [Field; 6] = [
        Field::Certificate,
        Field::PrivateKey,
        Field::Chain,
        Field::Bundle,
        Field::Trust,
        Field::Verification,
    ];

    /// The textarea's id; the worker's name for it.
    pub fn id(self) -> &'static str {
        match self {
            Field::Certificate => "cert",
            Field::PrivateKey => "key",
            Field::Chain => "chain",
            Field::Bundle => "bundle",
            Field::Trust => "trust",
            Field::Verification => "verification",
        }
    }

    pub fn from_id(id: &str) -> Option<Field> {
        Field::ALL.into_iter().find(|f| f.id() == id)
    }

    /// How the field's own picker reads a file.
    pub fn kind(self) -> FieldKind {
        match self {
            Field::Certificate | Field::Verification => FieldKind::Certificate,
            Field::PrivateKey => FieldKind::Key,
            Field::Chain | Field::Bundle | Field::Trust => FieldKind::Certificates,
        }
    }

    /// Whether the chosen target reads this field.
    pub fn shown_for(self, service: ServiceId) -> bool {
        let meta = service.meta();
        match self {
            Field::Certificate => true,
            Field::PrivateKey => meta.takes_key,
            Field::Chain => meta.takes_chain,
            Field::Bundle => meta.takes(OptionName::Bundle),
            Field::Trust => service != ServiceId::Rds,
            Field::Verification => meta.takes(OptionName::VerificationCert),
        }
    }
}

/// A PKCS#12 file given: it takes the certificate field whole and waits for its password.
#[derive(Debug, Clone, PartialEq)]
pub struct Pkcs12File {
    pub name: String,
    pub bytes: Rc<Zeroizing<Vec<u8>>>,
}

/// What the worker answered for the latest check.
#[derive(Debug, Clone, PartialEq)]
pub struct Answer {
    pub matrix: Option<Vec<MatrixRow>>,
    pub report: Report,
    pub fixes: Fixes,
}

/// Something the App must send to the worker.
#[derive(Debug, Clone, PartialEq)]
pub enum Outgoing {
    /// Check the current inputs (built from the state when sent).
    Check,
    /// Sort these files into the fields.
    Sort {
        files: Rc<Vec<LoadedFile>>,
        certificate_filled: bool,
    },
    /// Read this file for this field.
    Fill { field: Field, file: Rc<LoadedFile> },
    /// A sample set.
    Example { broken: bool },
}

/// One message for the worker: its header and the bytes that travel beside it.
#[derive(Debug, Clone, PartialEq)]
pub struct Message<'a> {
    pub header: ToWorker,
    pub files: Vec<Option<&'a [u8]>>,
}

/// Everything the page knows.
#[derive(Debug, Clone, PartialEq)]
pub struct State {
    /// The chosen target (remembered while the tab lives, in memory only).
    pub service: ServiceId,
    pub certificate: String,
    /// Overwritten with zeros when replaced, cleared or dropped.
    pub private_key: Zeroizing<String>,
    pub chain: String,
    pub bundle: String,
    pub trust: String,
    pub verification: String,
    pub pkcs12: Option<Pkcs12File>,
    /// Every option; only those the target takes are shown and sent.
    pub options: Options,
    pub password: Option<Password>,
    /// The "Check as of" field as typed (RFC 3339 or a date; empty means now).
    pub at_text: String,
    /// Why `at_text` is not an instant: then no check runs until it is fixed.
    pub at_error: Option<String>,
    /// What the last drop, pick or example had to say.
    pub notes: Vec<String>,
    /// The latest answer (kept while a newer check runs, marked `checking`).
    pub answer: Option<Rc<Answer>>,
    /// A check was asked for and its answer has not come yet.
    pub checking: bool,
    /// The last check asked for; an answer for an older one is ignored.
    pub check_seq: u32,
    /// The last sort or fill asked for; an older reply is ignored.
    pub file_seq: u32,
    /// A sort or fill was asked for and its reply has not come yet.
    pub reading: bool,
    /// What to send, numbered; the App sends each once, in order.
    pub outbox: Vec<(u32, Outgoing)>,
    pub outbox_seq: u32,
    pub worker_ready: bool,
    /// The worker failed: the page says so.
    pub worker_error: Option<String>,
}

impl Default for State {
    fn default() -> Self {
        State {
            service: ServiceId::Acm,
            certificate: String::new(),
            private_key: Zeroizing::new(String::new()),
            chain: String::new(),
            bundle: String::new(),
            trust: String::new(),
            verification: String::new(),
            pkcs12: None,
            options: Options::default(),
            password: None,
            at_text: String::new(),
            at_error: None,
            notes: Vec::new(),
            answer: None,
            checking: false,
            check_seq: 0,
            file_seq: 0,
            reading: false,
            outbox: Vec::new(),
            outbox_seq: 0,
            worker_ready: false,
            worker_error: None,
        }
    }
}

/// One change.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// The text of a field, as typed or pasted.
    SetField {
        field: Field,
        text: String,
    },
    /// A file picked with a field's own picker.
    LoadField {
        field: Field,
        file: LoadedFile,
    },
    /// Files dropped anywhere on the page, or picked with "Choose files…".
    Dropped {
        files: Vec<LoadedFile>,
    },
    /// The bundle in the certificate field, split into the fields.
    SplitCertificate,
    /// The fixed files, put into the fields.
    UseFixed,
    SelectService {
        service: ServiceId,
    },
    SetOption {
        option: OptionName,
        value: String,
    },
    SetInstant {
        text: String,
    },
    OpenPkcs12 {
        password: Password,
    },
    /// "Try an example".
    AskExample {
        broken: bool,
    },
    /// Empties every field (the chosen target stays).
    Clear,
    /// A message of the worker.
    FromWorker(Rc<FromWorker>),
}

impl yew::Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        Rc::new(self.as_ref().apply(action))
    }
}

impl State {
    /// The next state after `action`.
    pub fn apply(&self, action: Action) -> State {
        let mut next = self.clone();
        match action {
            Action::SetField { field, text } => {
                if field == Field::Certificate && text == TEST_PANIC_TRIGGER {
                    // The documented trigger for the panic hook's end-to-end test.
                    panic!("test panic requested by the certificate field");
                }
                next.set_field(field, text);
            }
            Action::LoadField { field, file } => {
                next.notes.clear();
                next.send_file(Outgoing::Fill {
                    field,
                    file: Rc::new(file),
                });
                return next;
            }
            Action::Dropped { files } => {
                next.notes.clear();
                let certificate_filled = !next.certificate.trim().is_empty();
                next.send_file(Outgoing::Sort {
                    files: Rc::new(files),
                    certificate_filled,
                });
                return next;
            }
            Action::SplitCertificate => {
                next.split_certificate();
                return next;
            }
            Action::UseFixed => next.use_fixed(),
            Action::SelectService { service } => next.service = service,
            Action::SetOption { option, value } => {
                next.options.set(option, Some(value));
            }
            Action::SetInstant { text } => next.at_text = text,
            Action::OpenPkcs12 { password } => next.password = Some(password),
            Action::AskExample { broken } => {
                next.notes.clear();
                next.reading = true;
                next.send(Outgoing::Example { broken });
                return next;
            }
            Action::Clear => {
                return State {
                    service: self.service,
                    worker_ready: self.worker_ready,
                    outbox: self.outbox.clone(),
                    outbox_seq: self.outbox_seq,
                    check_seq: self.check_seq + 1,
                    ..State::default()
                };
            }
            Action::FromWorker(message) => {
                if !next.received(&message) {
                    return next;
                }
            }
        }
        next.ask_check();
        next
    }

    fn send(&mut self, message: Outgoing) {
        self.outbox_seq += 1;
        self.outbox.push((self.outbox_seq, message));
        // Only the newest few can still be unsent.
        let keep = self.outbox.len().saturating_sub(16);
        self.outbox.drain(..keep);
    }

    fn send_file(&mut self, message: Outgoing) {
        self.file_seq += 1;
        self.reading = true;
        self.send(message);
    }

    fn set_field(&mut self, field: Field, text: String) {
        match field {
            Field::Certificate => {
                self.certificate = text;
                // Typing over a PKCS#12 file replaces it.
                self.pkcs12 = None;
            }
            // Assigning drops (and so zeroes) the previous key text.
            Field::PrivateKey => self.private_key = Zeroizing::new(text),
            Field::Chain => self.chain = text,
            Field::Bundle => self.bundle = text,
            Field::Trust => self.trust = text,
            Field::Verification => self.verification = text,
        }
    }

    pub fn text(&self, field: Field) -> &str {
        match field {
            Field::Certificate => &self.certificate,
            Field::PrivateKey => self.private_key.as_str(),
            Field::Chain => &self.chain,
            Field::Bundle => &self.bundle,
            Field::Trust => &self.trust,
            Field::Verification => &self.verification,
        }
    }

    /// The instant to check at: the typed one, now when empty; None while the typed one is
    /// not an instant (the verdict then waits for it).
    pub fn instant(&self, now: i64) -> Option<i64> {
        if self.at_text.trim().is_empty() {
            return Some(now);
        }
        parse_rfc3339(&self.at_text).ok()
    }

    /// True while the worker has something to answer: a check, or files to read.
    pub fn busy(&self) -> bool {
        self.checking || self.reading
    }

    /// True while nothing is given at all: an empty form is not a check.
    pub fn is_empty(&self) -> bool {
        self.pkcs12.is_none() && Field::ALL.iter().all(|f| self.text(*f).trim().is_empty())
    }

    /// Asks for a check of the current inputs (or for none, when the form is empty or the
    /// instant cannot be read).
    fn ask_check(&mut self) {
        self.at_error = match (self.at_text.trim().is_empty(), parse_rfc3339(&self.at_text)) {
            (true, _) | (false, Ok(_)) => None,
            (false, Err(why)) => Some(why),
        };
        self.check_seq += 1;
        if self.is_empty() {
            self.answer = None;
            self.checking = false;
            return;
        }
        if self.at_error.is_some() {
            self.checking = false;
            return;
        }
        self.checking = true;
        self.send(Outgoing::Check);
    }

    /// Applies a worker message; false when it changes no input (no new check is needed).
    fn received(&mut self, message: &FromWorker) -> bool {
        match message {
            FromWorker::Ready => {
                self.worker_ready = true;
                // Inputs given while the worker loaded are checked now.
                !self.is_empty()
            }
            FromWorker::Crashed { message } => {
                self.worker_error = Some(message.clone());
                self.checking = false;
                self.reading = false;
                false
            }
            FromWorker::Checked {
                seq,
                matrix,
                report,
                fixes,
            } => {
                if *seq == self.check_seq {
                    self.answer = Some(Rc::new(Answer {
                        matrix: matrix.clone(),
                        report: report.as_ref().clone(),
                        fixes: fixes.clone(),
                    }));
                    self.checking = false;
                }
                false
            }
            FromWorker::Sorted { seq, sorted } => {
                if *seq != self.file_seq {
                    return false;
                }
                self.reading = false;
                self.apply_sorted(sorted);
                true
            }
            FromWorker::Filled { seq, field, fill } => {
                if *seq != self.file_seq {
                    return false;
                }
                self.reading = false;
                match Field::from_id(field) {
                    Some(field) => self.apply_fill(field, fill),
                    None => false,
                }
            }
            FromWorker::Example { example } => {
                self.reading = false;
                self.apply_example(example);
                true
            }
        }
    }

    fn apply_sorted(&mut self, sorted: &Sorted) {
        if let Some(name) = &sorted.pkcs12 {
            self.take_pkcs12(name);
        }
        if let Some(certificate) = &sorted.certificate {
            self.set_field(Field::Certificate, certificate.clone());
        }
        if let Some(key) = &sorted.private_key {
            self.private_key = Zeroizing::new(key.clone());
        }
        for piece in &sorted.chain {
            if !self.chain.is_empty() && !self.chain.ends_with('\n') {
                self.chain.push('\n');
            }
            self.chain.push_str(piece);
        }
        if let Some(verification) = &sorted.verification {
            self.verification = verification.clone();
        }
        self.notes = sorted.notes.clone();
    }

    /// The PKCS#12 file named `name` from the last drop takes the certificate field.
    fn take_pkcs12(&mut self, name: &str) {
        let dropped = self.outbox.iter().rev().find_map(|(_, o)| match o {
            Outgoing::Sort { files, .. } => files.iter().find(|f| f.name == name).cloned(),
            Outgoing::Fill { file, .. } if file.name == name => Some(file.as_ref().clone()),
            _ => None,
        });
        if let Some(file) = dropped {
            self.certificate = format!(
                "(PKCS#12 file {name}, {} bytes: give its password below. Type or paste here to replace it.)",
                file.bytes.len()
            );
            self.password = None;
            self.pkcs12 = Some(Pkcs12File {
                name: name.to_string(),
                bytes: Rc::new(Zeroizing::new(file.bytes)),
            });
        }
    }

    fn apply_fill(&mut self, field: Field, fill: &FieldFill) -> bool {
        match fill {
            FieldFill::Text { text, notes } => {
                self.set_field(field, text.clone());
                self.notes = notes.clone();
                true
            }
            FieldFill::Pkcs12 { notes } => {
                let name = self.outbox.iter().rev().find_map(|(_, o)| match o {
                    Outgoing::Fill { file, .. } => Some(file.name.clone()),
                    _ => None,
                });
                if let Some(name) = name {
                    self.take_pkcs12(&name);
                }
                self.notes = notes.clone();
                true
            }
            FieldFill::Refused { notes } => {
                self.notes = notes.clone();
                false
            }
        }
    }

    fn apply_example(&mut self, example: &Example) {
        self.certificate = example.certificate.clone();
        self.private_key = Zeroizing::new(example.private_key.clone());
        self.chain = example.chain.clone();
        self.pkcs12 = None;
        self.at_text = example.at.clone();
        self.notes = vec![format!(
            "{} It is checked as of {}, inside its validity.",
            example.what, example.at
        )];
    }

    /// The certificate field's bundle, sorted into the fields as a dropped file would be.
    fn split_certificate(&mut self) {
        // A key pasted there too travels with it to the key field.
        let mut text = std::mem::take(&mut self.certificate);
        if !text.ends_with('\n') {
            text.push('\n');
        }
        self.notes.clear();
        self.send_file(Outgoing::Sort {
            files: Rc::new(vec![LoadedFile::new(
                "the certificate field",
                text.into_bytes(),
            )]),
            certificate_filled: false,
        });
    }

    /// The fixed files replace the fields they fix.
    fn use_fixed(&mut self) {
        let Some(answer) = self.answer.clone() else {
            return;
        };
        for file in answer
            .fixes
            .files
            .iter()
            .filter(|f| !f.what_changed.is_empty())
        {
            let field = match file.name.as_str() {
                "cert.pem" => Field::Certificate,
                "chain.pem" => Field::Chain,
                "key.pem" => Field::PrivateKey,
                "bundle.pem" => Field::Bundle,
                _ => continue,
            };
            self.set_field(field, file.contents.clone());
        }
        self.notes = vec!["The fixed files are in the fields now.".into()];
    }

    /// The options sent with a check: those the target takes.
    pub fn options_sent(&self) -> Vec<(OptionName, String)> {
        let meta = self.service.meta();
        meta.options
            .iter()
            .filter_map(|o| self.options.value(*o).map(|v| (*o, v.to_string())))
            .collect()
    }

    /// The worker messages for the outbox entries after `sent`, and the last entry's number.
    /// Of several checks only the last is sent: it has the latest inputs anyway. No check is
    /// sent while the instant cannot be read.
    pub fn messages(&self, sent: u32, now: i64) -> (Vec<Message<'_>>, u32) {
        let pending: Vec<&(u32, Outgoing)> =
            self.outbox.iter().filter(|(n, _)| *n > sent).collect();
        let last_check = pending.iter().rposition(|(_, o)| *o == Outgoing::Check);
        let mut messages = Vec::new();
        for (i, (_, outgoing)) in pending.iter().enumerate() {
            match outgoing {
                Outgoing::Check if Some(i) == last_check => {
                    messages.extend(self.check_message(now))
                }
                Outgoing::Check => {}
                Outgoing::Sort {
                    files,
                    certificate_filled,
                } => messages.push(Message {
                    header: ToWorker::Sort {
                        seq: self.file_seq,
                        target: self.service,
                        names: files.iter().map(|f| f.name.clone()).collect(),
                        certificate_filled: *certificate_filled,
                    },
                    files: files.iter().map(|f| Some(f.bytes.as_slice())).collect(),
                }),
                Outgoing::Fill { field, file } => messages.push(Message {
                    header: ToWorker::Fill {
                        seq: self.file_seq,
                        field: field.id().into(),
                        kind: field.kind(),
                        name: file.name.clone(),
                    },
                    files: vec![Some(file.bytes.as_slice())],
                }),
                Outgoing::Example { broken } => messages.push(Message {
                    header: ToWorker::Example { broken: *broken },
                    files: Vec::new(),
                }),
            }
        }
        (messages, pending.last().map_or(sent, |(n, _)| *n))
    }

    /// The check of the current inputs: the fields the target reads (the PKCS#12 file in
    /// place of the certificate field's text), in [`crate::protocol::INPUTS`] order.
    fn check_message(&self, now: i64) -> Option<Message<'_>> {
        if self.is_empty() {
            return None;
        }
        let at = self.instant(now)?;
        let header = ToWorker::Check {
            seq: self.check_seq,
            service: self.service,
            at,
            options: self.options_sent(),
            password: self.password.as_ref().map(|p| p.expose().to_string()),
        };
        let input = |field: Field| -> Option<&[u8]> {
            if !field.shown_for(self.service) {
                return None;
            }
            if field == Field::Certificate {
                if let Some(p) = &self.pkcs12 {
                    return Some(p.bytes.as_slice());
                }
            }
            let text = self.text(field);
            (!text.trim().is_empty()).then_some(text.as_bytes())
        };
        Some(Message {
            header,
            files: Field::ALL.into_iter().map(input).collect(),
        })
    }
}
