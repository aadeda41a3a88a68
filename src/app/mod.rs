//! The web page: a thin Yew app over the engine. It holds the inputs, re-runs
//! [`crate::check`] on every change and renders the [`Report`]; it never judges anything
//! itself. Nothing the user pastes leaves the browser: there is no network code here, and the
//! private key lives only in this component state (never in storage or the URL), wiped from
//! memory when replaced or cleared.
//!
//! State + actions ([`State`], [`Action`]) here; one component per file.

pub mod browser;
mod cert_card;
pub mod chain_view;
mod commands;
mod copy_button;
pub mod drop_zone;
pub mod fatal;
mod finding_list;
pub mod options_form;
mod pem_field;
mod pkcs12_form;
pub mod repair_view;
mod service_picker;
pub mod webcrypto;

use std::rc::Rc;

use yew::prelude::*;
use zeroize::Zeroizing;

use crate::services::OptionName;
use crate::{
    check, classify, parse_rfc3339, repair, InputClass, Options, Password, Report, Request, Role,
    ServiceId, Verdict,
};
use browser::{now, LoadedFile};
use cert_card::CertCard;
use chain_view::ChainView;
use commands::Commands;
use drop_zone::{field_load, sort_files, DropZone, FieldLoad};
use fatal::{install_panic_hook, TEST_PANIC_TRIGGER};
use finding_list::FindingList;
use options_form::{set_option, OptionsForm};
use pem_field::PemField;
use pkcs12_form::Pkcs12Form;
use repair_view::{Fixes, RepairView};
use service_picker::ServicePicker;

/// Installs the panic hook, then mounts the page on `#app` (on `<body>` when there is none).
/// Called by the binary's `main` on wasm32. `#fatal-error` sits outside `#app`, so the
/// panic hook finds it whatever state Yew was in.
pub fn start() {
    install_panic_hook();
    let root = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("app"));
    match root {
        Some(root) => yew::Renderer::<App>::with_root(root).render(),
        None => yew::Renderer::<App>::new().render(),
    };
}

/// One of the page's PEM fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Certificate,
    PrivateKey,
    Chain,
    /// RDS only: the client's trust bundle.
    Bundle,
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
                next.notes.clear();
                match field_load(&file, at) {
                    FieldLoad::Text(text) => next.set_field(field, text),
                    FieldLoad::Binary(bytes) => {
                        if classify(&bytes) == InputClass::Pkcs12 {
                            next.pkcs12_password = None;
                        }
                        next.set_field(
                            field,
                            format!(
                                "(binary file {}, {} bytes: checked as given. Type or paste here to replace it.)",
                                file.name,
                                bytes.len()
                            ),
                        );
                        next.binary.push((field, bytes));
                    }
                    FieldLoad::Refused(notes) => next.notes = notes,
                }
                at
            }
            Action::Dropped { files, at } => {
                let sorted = sort_files(&files, !next.certificate.trim().is_empty(), at);
                if let Some(certificate) = sorted.certificate {
                    next.set_field(Field::Certificate, certificate);
                }
                if let Some(key) = sorted.private_key {
                    next.binary.retain(|(f, _)| *f != Field::PrivateKey);
                    next.private_key = key;
                }
                if !sorted.chain.is_empty() {
                    next.binary.retain(|(f, _)| *f != Field::Chain);
                }
                for piece in sorted.chain {
                    if !next.chain.is_empty() && !next.chain.ends_with('\n') {
                        next.chain.push('\n');
                    }
                    next.chain.push_str(&piece);
                }
                if let Some((name, bytes)) = sorted.pkcs12 {
                    next.pkcs12_password = None;
                    next.set_field(
                        Field::Certificate,
                        format!(
                            "(PKCS#12 file {name}, {} bytes: give its password below. Type or paste here to replace it.)",
                            bytes.len()
                        ),
                    );
                    next.binary.push((Field::Certificate, bytes));
                }
                next.notes = sorted.notes;
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
        if certificate.is_none() && private_key.is_none() && chain.is_none() && bundle.is_none() {
            return None;
        }
        let request = Request {
            service: self.service,
            certificate,
            private_key,
            chain,
            bundle,
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

#[function_component(App)]
pub fn app() -> Html {
    let state = use_reducer(State::default);

    // Answers the questions a check left for WebCrypto, then checks again.
    {
        let state = state.clone();
        use_effect_with(state.crypto_ticket, move |_| {
            if state.checking {
                yew::platform::spawn_local(async move {
                    webcrypto::shared().run_pending().await;
                    state.dispatch(Action::CryptoAnswered);
                });
            }
        });
    }

    let dispatch = |make: fn(String, i64) -> Action| {
        let state = state.clone();
        Callback::from(move |text: String| state.dispatch(make(text, now())))
    };
    let field_input = |field: Field| {
        let state = state.clone();
        Callback::from(move |text: String| {
            state.dispatch(Action::SetField {
                field,
                text,
                at: now(),
            })
        })
    };
    let field_file = |field: Field| {
        let state = state.clone();
        Callback::from(move |file: LoadedFile| {
            state.dispatch(Action::LoadField {
                field,
                file,
                at: now(),
            })
        })
    };
    let on_service = {
        let state = state.clone();
        Callback::from(move |service: ServiceId| {
            state.dispatch(Action::SelectService { service, at: now() })
        })
    };
    let on_option = {
        let state = state.clone();
        Callback::from(move |(option, value): (OptionName, String)| {
            state.dispatch(Action::SetOption {
                option,
                value,
                at: now(),
            })
        })
    };
    let on_files = {
        let state = state.clone();
        Callback::from(move |files: Vec<LoadedFile>| {
            state.dispatch(Action::Dropped { files, at: now() })
        })
    };
    let on_instant = dispatch(|text, at| Action::SetInstant { text, at });
    let on_at_input = Callback::from(move |event: InputEvent| {
        let input: web_sys::HtmlInputElement = event.target_unchecked_into();
        on_instant.emit(input.value());
    });
    let on_pkcs12 = {
        let state = state.clone();
        Callback::from(move |password: Password| {
            state.dispatch(Action::OpenPkcs12 {
                password,
                at: now(),
            })
        })
    };
    let on_clear = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| state.dispatch(Action::Clear))
    };
    let takes_bundle = state.service.info().takes(OptionName::Bundle);

    html! {
        <>
            <header class="masthead">
                <h1>{ "certpreflight" }</h1>
                <p class="tagline">
                    { "Check a certificate, its private key and its chain against AWS import rules before you upload them." }
                </p>
                <p id="privacy-note" class="privacy">
                    { "Everything runs in this browser tab: nothing you paste or drop leaves your browser (no upload, no server, no analytics). The private key is kept only in this page's memory. " }
                    <a id="offline-download" href="certpreflight-offline.html" download="">
                        { "Download this page to use it offline" }
                    </a>
                    { "." }
                </p>
            </header>
            <main>
                <section class="inputs" aria-label="Inputs">
                    <ServicePicker selected={state.service} on_change={on_service} />
                    <OptionsForm service={state.service} options={state.options.clone()} on_change={on_option} />
                    <DropZone on_files={on_files} notes={state.notes.clone()} />
                    if state.has_pkcs12() {
                        <Pkcs12Form given={state.pkcs12_password.is_some()} on_open={on_pkcs12} />
                    }
                    <PemField
                        id="cert"
                        label="Certificate"
                        hint="PEM: -----BEGIN CERTIFICATE-----"
                        value={state.certificate.clone()}
                        on_input={field_input(Field::Certificate)}
                        on_file={field_file(Field::Certificate)}
                    />
                    <PemField
                        id="key"
                        label="Private key"
                        hint="PEM: -----BEGIN PRIVATE KEY----- (stays in this tab)"
                        value={state.private_key.as_str().to_owned()}
                        on_input={field_input(Field::PrivateKey)}
                        on_file={field_file(Field::PrivateKey)}
                    />
                    <PemField
                        id="chain"
                        label="Certificate chain"
                        hint="PEM: intermediates, the certificate's issuer first"
                        value={state.chain.clone()}
                        on_input={field_input(Field::Chain)}
                        on_file={field_file(Field::Chain)}
                    />
                    if takes_bundle {
                        <PemField
                            id="bundle"
                            label="Trust bundle (the client's CA bundle)"
                            hint="PEM: e.g. global-bundle.pem from RDS"
                            value={state.bundle.clone()}
                            on_input={field_input(Field::Bundle)}
                            on_file={field_file(Field::Bundle)}
                        />
                    }
                    <div class="field">
                        <label for="at">{ "Check as of" }</label>
                        <input
                            type="text"
                            id="at"
                            value={state.at_text.clone()}
                            placeholder="now (or e.g. 2026-06-01T00:00:00Z)"
                            aria-describedby="at-hint"
                            spellcheck="false"
                            autocomplete="off"
                            oninput={on_at_input}
                        />
                        <small id="at-hint" class={classes!(state.at_error.is_some().then_some("problem"))}>
                            { state.at_error.as_deref().unwrap_or("RFC 3339 instant or a date; empty means now.") }
                        </small>
                    </div>
                    <button type="button" id="clear" onclick={on_clear}>{ "Clear" }</button>
                </section>
                <section class="results" aria-label="Results">
                    { verdict(state.report.as_deref(), state.checking) }
                    { results(state.report.as_ref(), state.fixes.as_ref()) }
                </section>
            </main>
        </>
    }
}

/// The verdict banner: always present, so screen readers hear each change (polite).
fn verdict(report: Option<&Report>, checking: bool) -> Html {
    let (kind, title, detail) = match report {
        _ if checking => (
            "checking",
            "Checking signatures…",
            "The browser's WebCrypto is verifying the chain and the key.".to_owned(),
        ),
        None => (
            "empty",
            "Nothing to check yet",
            "Paste or drop a certificate to see what AWS would say about it.".to_owned(),
        ),
        Some(report) => {
            let (kind, title) = match report.verdict {
                Verdict::Pass => ("pass", "Ready to import"),
                Verdict::Fail => ("fail", "AWS would refuse it"),
            };
            (
                kind,
                title,
                format!(
                    "{} error(s), {} warning(s) for {}, as of {}",
                    report.errors(),
                    report.warnings(),
                    report.service,
                    report.evaluated_at
                ),
            )
        }
    };
    html! {
        <div id="verdict" class={classes!("verdict", kind)} role="status" aria-live="polite" data-verdict={kind}>
            <strong>{ title }</strong>
            // Read as one sentence; shown on two lines.
            <span class="visually-hidden">{ ". " }</span>
            <span>{ detail }</span>
        </div>
    }
}

/// Findings, chain, fixed files, certificates and commands.
fn results(report: Option<&Rc<Report>>, fixes: Option<&Fixes>) -> Html {
    let Some(report) = report else {
        return html! {};
    };
    let at: AttrValue = report.evaluated_at.clone().into();
    let card = |c: &crate::CertificateReport| {
        html! { <CertCard certificate={c.clone()} evaluated_at={at.clone()} /> }
    };
    let bundle: Vec<_> = report
        .certificates
        .iter()
        .filter(|c| c.role == Role::Bundle)
        .collect();
    html! {
        <>
            <FindingList findings={report.findings.clone()} />
            <ChainView report={report.clone()} />
            if let Some(fixes) = fixes {
                <RepairView fixes={fixes.clone()} />
            }
            <Commands import_command={report.import_command.clone()} commands={report.commands.clone()} />
            <section class="certificates" aria-labelledby="certificates-title">
                <h2 id="certificates-title">{ "Certificates" }</h2>
                { for report.certificates.iter().filter(|c| c.role != Role::Bundle).map(card) }
                if !bundle.is_empty() {
                    <details class="bundle">
                        <summary>{ format!("Trust bundle: {} certificate(s)", bundle.len()) }</summary>
                        { for bundle.into_iter().map(card) }
                    </details>
                }
            </section>
        </>
    }
}
