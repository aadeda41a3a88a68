//! The web page's main thread: a thin Yew app. It holds the form and renders what the
//! worker answers (`worker/`): the matrix of every target, the chosen target's report, the
//! fixed files. It never judges anything itself, and it links no engine rule, so it loads
//! before the engine does. Nothing the user gives leaves the browser: there is no network
//! code here, and the private key lives only in this component's state (never in storage or
//! the URL), zeroed when replaced or cleared.
//!
//! State and actions in `state.rs`; the worker's end in `link.rs`; the layout here; one
//! component per file.

pub mod browser;
mod cert_card;
pub mod chain_view;
mod commands;
mod copy_button;
pub mod drop_zone;
pub mod fatal;
pub mod finding_list;
pub mod labels;
mod link;
mod matrix;
pub mod options_form;
mod pem_field;
mod pkcs12_form;
pub mod repair_view;
mod service_picker;
pub mod state;

use std::cell::Cell;
use std::rc::Rc;

use yew::prelude::*;

use crate::{Report, Role, Verdict};
use browser::now;
use cert_card::CertCards;
use chain_view::ChainView;
use commands::Commands;
use drop_zone::{DropZone, PageDrop};
use fatal::install_panic_hook;
use finding_list::FindingList;
use matrix::MatrixTable;
use options_form::OptionsForm;
use pem_field::PemField;
use pkcs12_form::Pkcs12Form;
use repair_view::RepairView;
use service_picker::ServicePicker;
pub use state::{Action, Answer, Field, State};

/// Installs the panic hook, then mounts the page on `#app` (on `<body>` when there is none).
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

/// A callback that dispatches the action `make` builds from its value.
fn send<T: 'static>(
    state: &UseReducerHandle<State>,
    make: impl Fn(T) -> Action + 'static,
) -> Callback<T> {
    let state = state.clone();
    Callback::from(move |value: T| state.dispatch(make(value)))
}

#[function_component(App)]
pub fn app() -> Html {
    let state = use_reducer(State::default);
    // The worker, started once; its messages go to the reducer.
    let link = {
        let state = state.clone();
        use_memo((), move |_| {
            link::Link::start(Callback::from(move |m| {
                state.dispatch(Action::FromWorker(m))
            }))
        })
    };
    // Sends what the state asks for, once each.
    let sent = use_mut_ref(|| Cell::new(0u32));
    {
        let link = link.clone();
        let state = state.clone();
        use_effect_with((state.outbox_seq, state.worker_ready), move |_| {
            if let (Ok(link), true) = (link.as_ref(), state.worker_ready) {
                let last = link.flush(&state, sent.borrow().get(), now());
                sent.borrow().set(last);
            }
        });
    }
    let start_error = link.as_ref().as_ref().err().cloned();
    // For the tests and the figures: whether the worker (the engine) listens yet.
    let engine = if start_error.is_some() || state.worker_error.is_some() {
        "failed"
    } else if state.worker_ready {
        "ready"
    } else {
        "loading"
    };
    let on_drop = send(&state, |files| Action::Dropped { files });
    html! {
        <>
            <PageDrop on_files={on_drop} />
            { masthead() }
            { summary(&state) }
            <main>
                { inputs(&state) }
                <section class="results" id="results" aria-label="Results" data-engine={engine}>
                    if let Some(error) = start_error.or_else(|| state.worker_error.clone()) {
                        <p id="worker-error" class="notice failed" role="alert">
                            { format!("The checker stopped: {error}. Reload the page to start again.") }
                        </p>
                    }
                    { matrix_section(&state) }
                    { verdict(&state) }
                    { results(&state) }
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
                { "Where can this certificate go, and will it work there? Every AWS target judged at once, before you upload anything." }
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

/// The chosen target's verdict in one line, kept in view (sticky) with a link to the
/// results: on a phone the inputs come first, and this says where the answer is.
fn summary(state: &State) -> Html {
    let Some(answer) = &state.answer else {
        return html! {};
    };
    let (kind, word) = verdict_words(answer.report.verdict);
    let counts = answer.matrix.as_ref().map(|rows| {
        let n = |v: Verdict| rows.iter().filter(|t| t.verdict == v).count();
        format!(
            " · {} of {} targets pass, {} fail, {} need more",
            n(Verdict::Pass),
            rows.len(),
            n(Verdict::Fail),
            n(Verdict::Incomplete)
        )
    });
    html! {
        <div id="summary" class={classes!("summary", kind)} data-verdict={kind}>
            <span>{ format!("{}: {word}", state.service.meta().name) }{ counts.unwrap_or_default() }</span>
            <a href="#results" class="jump">{ "See the results" }</a>
        </div>
    }
}

fn verdict_words(verdict: Verdict) -> (&'static str, &'static str) {
    match verdict {
        Verdict::Pass => ("pass", "Ready"),
        Verdict::Fail => ("fail", "AWS would refuse it"),
        Verdict::Incomplete => ("incomplete", "Not finished yet"),
    }
}

/// The target, the examples, the drop zone, the fields, the options, the instant, Clear.
fn inputs(state: &UseReducerHandle<State>) -> Html {
    let field = |field: Field, label: &'static str, hint: &'static str| {
        if !field.shown_for(state.service) {
            return html! {};
        }
        html! {
            <PemField
                id={field.id()}
                {label}
                {hint}
                value={state.text(field).to_owned()}
                on_input={send(state, move |text| Action::SetField { field, text })}
                on_file={send(state, move |file| Action::LoadField { field, file })}
            />
        }
    };
    let on_at_input = {
        let state = state.clone();
        Callback::from(move |event: InputEvent| {
            let input: web_sys::HtmlInputElement = event.target_unchecked_into();
            state.dispatch(Action::SetInstant {
                text: input.value(),
            });
        })
    };
    let click = |action: Action| {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| state.dispatch(action.clone()))
    };
    let bundle_in_certificate = state.certificate.matches("-----BEGIN").count() > 1;
    html! {
        <section class="inputs" aria-label="Inputs">
            <ServicePicker selected={state.service} on_change={send(state, |service| Action::SelectService { service })} />
            <p class="examples">
                <button type="button" id="example" onclick={click(Action::AskExample { broken: false })}>{ "Try an example" }</button>
                <button type="button" id="example-broken" onclick={click(Action::AskExample { broken: true })}>{ "Try a broken example" }</button>
            </p>
            <DropZone on_files={send(state, |files| Action::Dropped { files })} notes={state.notes.clone()} />
            if state.pkcs12.is_some() {
                <Pkcs12Form given={state.password.is_some()} on_open={send(state, |password| Action::OpenPkcs12 { password })} />
            }
            { field(Field::Certificate, "Certificate", "PEM: -----BEGIN CERTIFICATE----- (DER, PKCS#7 and .pfx files are read too)") }
            if bundle_in_certificate {
                <p class="split">
                    <button type="button" id="split-fields" onclick={click(Action::SplitCertificate)}>
                        { "Split into the fields" }
                    </button>
                    <small>{ " The certificate field holds several blocks: the leaf stays here, the CAs go to the chain, a key to the key field." }</small>
                </p>
            }
            { field(Field::PrivateKey, "Private key", "PEM: -----BEGIN PRIVATE KEY----- (stays in this tab)") }
            { field(Field::Chain, "Certificate chain", "PEM: intermediates, the certificate's issuer first") }
            { field(Field::Verification, "Verification certificate", "PEM: CN = your registration code, signed by this CA's key") }
            { field(Field::Bundle, "Trust bundle", "PEM: your clients' CA bundle, e.g. global-bundle.pem from RDS") }
            { field(Field::Trust, "Trusted root", "Optional, PEM: your private CA's root; Mozilla's and Amazon's roots are built in") }
            <OptionsForm service={state.service} options={state.options.clone()} on_change={send(state, |(option, value)| Action::SetOption { option, value })} />
            { instant_field(state, on_at_input) }
            <button type="button" id="clear" onclick={click(Action::Clear)}>{ "Clear" }</button>
        </section>
    }
}

fn instant_field(state: &State, oninput: Callback<InputEvent>) -> Html {
    let invalid = state.at_error.is_some();
    html! {
        <div class="field">
            <label for="at">{ "Check as of" }</label>
            <input
                type="text"
                id="at"
                value={state.at_text.clone()}
                placeholder="now (or e.g. 2026-06-01T00:00:00Z)"
                aria-describedby="at-hint"
                aria-invalid={invalid.to_string()}
                spellcheck="false"
                autocomplete="off"
                {oninput}
            />
            <small id="at-hint" class={classes!(invalid.then_some("problem"))}>
                { match &state.at_error {
                    Some(why) => format!("Not an instant: {why}. Nothing is checked until it is one (RFC 3339, or a date like 2026-06-01)."),
                    None => "RFC 3339 instant or a date; empty means now.".to_owned(),
                } }
            </small>
        </div>
    }
}

/// "Where this can go": every target of the matrix, once a certificate is given.
fn matrix_section(state: &UseReducerHandle<State>) -> Html {
    let Some(matrix) = state.answer.as_ref().and_then(|a| a.matrix.clone()) else {
        return html! {};
    };
    html! {
        <MatrixTable
            rows={Rc::new(matrix)}
            selected={state.service}
            on_select={send(state, |service| Action::SelectService { service })}
        />
    }
}

fn verdict(state: &State) -> Html {
    let (kind, title, detail) = match (&state.answer, state.at_error.is_some()) {
        (_, true) => (
            "waiting",
            "Waiting for a valid date",
            "Fix \"Check as of\" (or empty it for now) to check.".to_owned(),
        ),
        (None, false) if state.checking || (!state.is_empty() && !state.worker_ready) => (
            "checking",
            "Checking…",
            "The checker is reading the inputs.".to_owned(),
        ),
        (None, false) => (
            "empty",
            "Nothing to check yet",
            "Paste or drop a certificate, or try an example, to see where it can go.".to_owned(),
        ),
        (Some(answer), false) => report_verdict(&answer.report, state.checking),
    };
    html! {
        <div id="verdict" class={classes!("verdict", kind)} role="status" aria-live="polite" aria-busy={state.busy().to_string()} data-verdict={kind}>
            <strong>{ title }</strong>
            // Read as one sentence; shown on two lines.
            <span class="visually-hidden">{ ". " }</span>
            <span>{ detail }</span>
        </div>
    }
}

fn report_verdict(report: &Report, checking: bool) -> (&'static str, &'static str, String) {
    let (kind, title) = verdict_words(report.verdict);
    let title = match report.verdict {
        Verdict::Pass => "Ready to import",
        _ => title,
    };
    let mut detail = match report.verdict {
        Verdict::Incomplete => format!(
            "Nothing wrong so far; give {} to finish.",
            labels::missing_text(&report.missing)
        ),
        _ => format!(
            "{}, {} for {}, as of {}",
            labels::counted(report.errors() as i64, "error"),
            labels::counted(report.warnings() as i64, "warning"),
            report.service,
            report.evaluated_at
        ),
    };
    if checking {
        detail.push_str(" (checking the latest change…)");
    }
    (kind, title, detail)
}

/// The chosen target's findings, chain, fixed files, certificates and commands.
fn results(state: &UseReducerHandle<State>) -> Html {
    let Some(answer) = state.answer.clone() else {
        return html! {};
    };
    let report = Rc::new(answer.report.clone());
    let on_use_fixed = {
        let state = state.clone();
        Callback::from(move |_: ()| state.dispatch(Action::UseFixed))
    };
    let leaf = report.certificates.iter().find(|c| c.role == Role::Leaf);
    html! {
        <>
            <FindingList findings={report.findings.clone()} />
            <ChainView report={report.clone()} />
            <RepairView fixes={answer.fixes.clone()} on_use={on_use_fixed} />
            <Commands import_command={report.import_command.clone()} commands={report.commands.clone()} />
            <CertCards report={report.clone()} />
            if leaf.is_none() && report.certificates.is_empty() {
                <p class="empty">{ "No certificate was read." }</p>
            }
        </>
    }
}
