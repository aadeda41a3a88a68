//! The web page: a thin Yew app over the engine. It holds the inputs, re-runs
//! [`crate::check`] on every change and renders the [`Report`]; it never judges anything
//! itself. Nothing the user pastes leaves the browser: there is no network code here, and the
//! private key lives only in this component state (never in storage or the URL), wiped from
//! memory when replaced or cleared.
//!
//! State + actions ([`State`], [`Action`]) in `state.rs`; the page's layout here; one
//! component per file.

pub mod browser;
mod cert_card;
pub mod chain_view;
mod commands;
mod copy_button;
pub mod drop_zone;
pub mod fatal;
mod finding_list;
pub mod labels;
pub mod options_form;
mod pem_field;
mod pkcs12_form;
pub mod repair_view;
mod service_picker;
mod state;
pub mod webcrypto;

use std::rc::Rc;

use yew::prelude::*;

use crate::services::OptionName;
use crate::{Report, Role, Verdict};
use browser::now;
use cert_card::CertCard;
use chain_view::ChainView;
use commands::Commands;
use drop_zone::DropZone;
use fatal::install_panic_hook;
use finding_list::FindingList;
use options_form::OptionsForm;
use pem_field::PemField;
use pkcs12_form::Pkcs12Form;
use repair_view::{Fixes, RepairView};
use service_picker::ServicePicker;
pub use state::{Action, Field, State};

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

/// A callback that dispatches the action `make` builds from its value and the instant.
fn send<T: 'static>(
    state: &UseReducerHandle<State>,
    make: impl Fn(T, i64) -> Action + 'static,
) -> Callback<T> {
    let state = state.clone();
    Callback::from(move |value: T| state.dispatch(make(value, now())))
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

    html! {
        <>
            { masthead() }
            <main>
                { inputs(&state) }
                <section class="results" aria-label="Results">
                    { verdict(state.report.as_deref(), state.checking) }
                    { results(state.report.as_ref(), state.fixes.as_ref()) }
                </section>
            </main>
        </>
    }
}

fn masthead() -> Html {
    html! {
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
    }
}

/// The target, its options, the drop zone, the PEM fields, the instant, Clear.
fn inputs(state: &UseReducerHandle<State>) -> Html {
    let field =
        |field: Field, id: &'static str, label: &'static str, hint: &'static str, value: String| {
            html! {
                <PemField
                    {id}
                    {label}
                    {hint}
                    {value}
                    on_input={send(state, move |text, at| Action::SetField { field, text, at })}
                    on_file={send(state, move |file, at| Action::LoadField { field, file, at })}
                />
            }
        };
    let on_instant = send(state, |text, at| Action::SetInstant { text, at });
    let on_at_input = Callback::from(move |event: InputEvent| {
        let input: web_sys::HtmlInputElement = event.target_unchecked_into();
        on_instant.emit(input.value());
    });
    let on_clear = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| state.dispatch(Action::Clear))
    };
    html! {
        <section class="inputs" aria-label="Inputs">
            <ServicePicker selected={state.service} on_change={send(state, |service, at| Action::SelectService { service, at })} />
            <OptionsForm service={state.service} options={state.options.clone()} on_change={send(state, |(option, value), at| Action::SetOption { option, value, at })} />
            <DropZone on_files={send(state, |files, at| Action::Dropped { files, at })} notes={state.notes.clone()} />
            if state.has_pkcs12() {
                <Pkcs12Form given={state.pkcs12_password.is_some()} on_open={send(state, |password, at| Action::OpenPkcs12 { password, at })} />
            }
            { field(Field::Certificate, "cert", "Certificate", "PEM: -----BEGIN CERTIFICATE-----", state.certificate.clone()) }
            { field(Field::PrivateKey, "key", "Private key", "PEM: -----BEGIN PRIVATE KEY----- (stays in this tab)", state.private_key.as_str().to_owned()) }
            { field(Field::Chain, "chain", "Certificate chain", "PEM: intermediates, the certificate's issuer first", state.chain.clone()) }
            if state.service.info().takes(OptionName::Bundle) {
                { field(Field::Bundle, "bundle", "Trust bundle (the client's CA bundle)", "PEM: e.g. global-bundle.pem from RDS", state.bundle.clone()) }
            } else {
                { field(Field::Trust, "trust", "Trusted root (optional: your private CA)", "PEM: the root your clients trust; Mozilla's and Amazon's roots are built in", state.trust.clone()) }
            }
            if state.service.info().takes(OptionName::VerificationCert) {
                { field(Field::Verification, "verification", "Verification certificate", "PEM: CN = your registration code, signed by this CA's key", state.verification.clone()) }
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
                Verdict::Incomplete => ("incomplete", "Not finished yet"),
            };
            let detail = match report.verdict {
                Verdict::Incomplete => format!(
                    "Nothing wrong so far; give {} to finish.",
                    labels::missing_text(&report.missing)
                ),
                _ => format!(
                    "{} error(s), {} warning(s) for {}, as of {}",
                    report.errors(),
                    report.warnings(),
                    report.service,
                    report.evaluated_at
                ),
            };
            (kind, title, detail)
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
