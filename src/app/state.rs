//! The page's state and the actions that change it: a plain struct and a reducer. Every
//! change re-runs the engine's check and repair on the inputs; nothing here judges anything.

use std::rc::Rc;

use yew::prelude::*;
use zeroize::Zeroizing;

use super::browser::LoadedFile;
use super::drop_zone::{field_load, sort_files, FieldLoad};
use super::fatal::TEST_PANIC_TRIGGER;
use super::options_form::{self, set_option};
use super::repair_view::Fixes;
use super::webcrypto;
use crate::services::OptionName;
use crate::{
    check, classify, parse_rfc3339, repair, InputClass, Options, Password, Report, Request,
    ServiceId,
};

/// One of the page's PEM fields.
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

/// Everything the page knows: the inputs, and the report they last produced.
#[derive(Debug, Clone, PartialEq)]
pub struct State {
    pub service: ServiceId,
    pub certificate: String,
    /// Overwritten with zeros when replaced, cleared or dropped (every superseded copy of the
    /// state is dropped by the reducer).
    pub private_key: Zeroizing<String>,
    pub chain: String,
    pub bundle: String,
    pub trust: String,
    pub verification: String,
    /// Binary files picked with a field's own picker: the engine gets these bytes instead of
    /// the field's text (which then only names the file) until the field is edited.
    pub binary: Vec<(Field, Zeroizing<Vec<u8>>)>,
    /// Every option; only those the service takes are shown and passed to the engine.
    pub options: Options,
    /// The password given for the PKCS#12 input (zeroized on drop); reset by a new file.
    pub pkcs12_password: Option<Password>,
    /// The evaluation instant as typed (RFC 3339 or a date); empty means now.
    pub at_text: String,
    /// Why `at_text` was not understood (then now is used).
    pub at_error: Option<String>,
    /// What the drop zone or a file picker had to say.
    pub notes: Vec<String>,
    /// None while every field is empty: an empty form is not a failed check.
    pub report: Option<Rc<Report>>,
    /// The fixed files for the same inputs, made with the report.
    pub fixes: Option<Fixes>,
    /// True while WebCrypto answers the last check's signature questions; `report` is then
    /// still the previous one, and the verdict says "checking".
    pub checking: bool,
    /// Bumped each time a check leaves questions for WebCrypto (the App runs them).
    pub crypto_ticket: u32,
    /// Checks in a row that left questions (see [`webcrypto::MAX_ROUNDS`]).
    pub rounds: u8,
    /// The instant the last check used.
    pub checked_at: i64,
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
            binary: Vec::new(),
            options: Options::default(),
            pkcs12_password: None,
            at_text: String::new(),
            at_error: None,
            notes: Vec::new(),
            report: None,
            fixes: None,
            checking: false,
            crypto_ticket: 0,
            rounds: 0,
            checked_at: 0,
        }
    }
}

/// One change to the inputs. Each carries the instant (unix seconds) it happened at, read
/// from the browser's clock by the component: the reducer and the engine stay clock-free.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// The text of a field, as typed or pasted.
    SetField {
        field: Field,
        text: String,
        at: i64,
    },
    /// A file picked with a field's own picker.
    LoadField {
        field: Field,
        file: LoadedFile,
        at: i64,
    },
    /// Files dropped on the drop zone or picked with `#drop-files`.
    Dropped {
        files: Vec<LoadedFile>,
        at: i64,
    },
    SelectService {
        service: ServiceId,
        at: i64,
    },
    SetOption {
        option: OptionName,
        value: String,
        at: i64,
    },
    /// The evaluation instant field.
    SetInstant {
        text: String,
        at: i64,
    },
    /// The password for the PKCS#12 input ("Open").
    OpenPkcs12 {
        password: Password,
        at: i64,
    },
    /// Empties every field (the service choice stays).
    Clear,
    /// WebCrypto answered the questions the last check left: check again.
    CryptoAnswered,
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        Rc::new(self.as_ref().apply(action))
    }
}

impl State {
    /// The next state after `action` (the reducer, without the Rc).
    pub fn apply(&self, action: Action) -> State {
        let mut next = self.clone();
        let now = match action {
            Action::SetField { field, text, at } => {
                if field == Field::Certificate && text == TEST_PANIC_TRIGGER {
                    // The documented trigger for the panic hook's end-to-end test.
                    panic!("test panic requested by the certificate field");
                }
                next.set_field(field, text);
                at
            }
            Action::LoadField { field, file, at } => {
                next.load_field(field, &file, at);
                at
            }
            Action::Dropped { files, at } => {
                next.dropped(&files, at);
                at
            }
            Action::SelectService { service, at } => {
                next.service = service;
                at
            }
            Action::SetOption { option, value, at } => {
                set_option(&mut next.options, option, value);
                at
            }
            Action::SetInstant { text, at } => {
                next.at_text = text;
                at
            }
            Action::OpenPkcs12 { password, at } => {
                next.pkcs12_password = Some(password);
                at
            }
            Action::CryptoAnswered => {
                let crypto = webcrypto::shared();
                // Rounds ran out: what is still unanswered is reported as not verifiable.
                crypto.give_up(next.rounds >= webcrypto::MAX_ROUNDS);
                let at = next.checked_at;
                next.recheck(at);
                crypto.give_up(false);
                return next;
            }
            Action::Clear => {
                webcrypto::shared().forget();
                // The old key text is zeroed when `next.private_key` is replaced here and
                // when `self` (the previous state) is dropped by Yew.
                return State {
                    service: self.service,
                    ..State::default()
                };
            }
        };
        let at = next.instant(now);
        next.rounds = 0;
        next.recheck(at);
        next
    }

    /// A file picked with a field's own picker: text goes in as text, a binary file is
    /// checked as the bytes it is.
    fn load_field(&mut self, field: Field, file: &LoadedFile, at: i64) {
        self.notes.clear();
        match field_load(file, at) {
            FieldLoad::Text(text) => self.set_field(field, text),
            FieldLoad::Binary(bytes) => {
                if classify(&bytes) == InputClass::Pkcs12 {
                    self.pkcs12_password = None;
                }
                self.set_field(
                    field,
                    format!(
                        "(binary file {}, {} bytes: checked as given. Type or paste here to replace it.)",
                        file.name,
                        bytes.len()
                    ),
                );
                self.binary.push((field, bytes));
            }
            FieldLoad::Refused(notes) => self.notes = notes,
        }
    }

    /// Files dropped or picked in the drop zone, sorted into the fields.
    fn dropped(&mut self, files: &[LoadedFile], at: i64) {
        let sorted = sort_files(files, !self.certificate.trim().is_empty(), at);
        if let Some(certificate) = sorted.certificate {
            self.set_field(Field::Certificate, certificate);
        }
        if let Some(key) = sorted.private_key {
            self.binary.retain(|(f, _)| *f != Field::PrivateKey);
            self.private_key = key;
        }
        if !sorted.chain.is_empty() {
            self.binary.retain(|(f, _)| *f != Field::Chain);
        }
        for piece in sorted.chain {
            if !self.chain.is_empty() && !self.chain.ends_with('\n') {
                self.chain.push('\n');
            }
            self.chain.push_str(&piece);
        }
        if let Some((name, bytes)) = sorted.pkcs12 {
            self.pkcs12_password = None;
            self.set_field(
                Field::Certificate,
                format!(
                    "(PKCS#12 file {name}, {} bytes: give its password below. Type or paste here to replace it.)",
                    bytes.len()
                ),
            );
            self.binary.push((Field::Certificate, bytes));
        }
        self.notes = sorted.notes;
    }

    /// Runs the engine; shows its report unless it left questions for WebCrypto, in which
    /// case the App has them answered and dispatches [`Action::CryptoAnswered`].
    fn recheck(&mut self, at: i64) {
        self.checked_at = at;
        let crypto = webcrypto::shared();
        let outcome = self.run_check(at);
        if outcome.is_none() {
            crypto.forget();
        }
        if crypto.has_pending() {
            self.checking = true;
            self.rounds = self.rounds.saturating_add(1);
            self.crypto_ticket = self.crypto_ticket.wrapping_add(1);
        } else {
            self.checking = false;
            self.rounds = 0;
            let (report, fixes) = outcome.unzip();
            self.report = report.map(Rc::new);
            self.fixes = fixes.map(|f| Fixes(Rc::new(f)));
        }
    }

    fn set_field(&mut self, field: Field, text: String) {
        self.binary.retain(|(f, _)| *f != field);
        match field {
            Field::Certificate => self.certificate = text,
            // Assigning drops (and so zeroes) the previous key text.
            Field::PrivateKey => self.private_key = Zeroizing::new(text),
            Field::Chain => self.chain = text,
            Field::Bundle => self.bundle = text,
            Field::Trust => self.trust = text,
            Field::Verification => self.verification = text,
        }
    }

    /// The evaluation instant: the typed one when it parses, else `now`.
    fn instant(&mut self, now: i64) -> i64 {
        self.at_error = None;
        if self.at_text.trim().is_empty() {
            return now;
        }
        match parse_rfc3339(&self.at_text) {
            Ok(at) => at,
            Err(why) => {
                self.at_error = Some(why);
                now
            }
        }
    }

    /// True while an input is a PKCS#12 file: the page then asks for its password.
    pub fn has_pkcs12(&self) -> bool {
        self.binary
            .iter()
            .any(|(_, bytes)| classify(bytes) == InputClass::Pkcs12)
    }

    /// Runs the engine's check and repair on the current inputs (both ask WebCrypto the same
    /// questions), or returns None while all of them are empty.
    fn run_check(&self, at: i64) -> Option<(Report, crate::Repair)> {
        let info = self.service.info();
        let certificate = self.input(Field::Certificate, &self.certificate);
        let private_key = self.input(Field::PrivateKey, &self.private_key);
        let chain = self.input(Field::Chain, &self.chain);
        let bundle = self
            .input(Field::Bundle, &self.bundle)
            .filter(|_| info.takes(OptionName::Bundle));
        let trust = self
            .input(Field::Trust, &self.trust)
            .filter(|_| self.service != ServiceId::Rds);
        let verification = self
            .input(Field::Verification, &self.verification)
            .filter(|_| info.takes(OptionName::VerificationCert));
        if certificate.is_none() && private_key.is_none() && chain.is_none() && bundle.is_none() {
            return None;
        }
        let request = Request {
            service: self.service,
            certificate,
            private_key,
            chain,
            bundle,
            trust,
            verification,
            at,
            options: Options {
                pkcs12_password: self.pkcs12_password.clone(),
                ..self.service_options()
            },
        };
        Some(crate::verify::with_backend(webcrypto::shared(), || {
            crate::with_opened_once(|| (check(&request), repair(&request)))
        }))
    }

    /// What the engine gets for a field: a picked binary file's bytes, else the text when
    /// it holds more than whitespace.
    fn input<'a>(&'a self, field: Field, text: &'a str) -> Option<&'a [u8]> {
        match self.binary.iter().find(|(f, _)| *f == field) {
            Some((_, bytes)) => Some(bytes.as_slice()),
            None => non_empty(text),
        }
    }

    /// The options the chosen service takes; the others are kept in the form but not passed
    /// (the CLI refuses them outright).
    pub fn service_options(&self) -> Options {
        let mut options = Options::default();
        for option in self.service.info().options {
            let value = options_form::option_value(&self.options, *option).to_string();
            set_option(&mut options, *option, value);
        }
        options
    }
}

/// The field's bytes, or None when it holds only whitespace (the user has not given it).
fn non_empty(text: &str) -> Option<&[u8]> {
    (!text.trim().is_empty()).then_some(text.as_bytes())
}
