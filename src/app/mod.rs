//! The web page: a thin Yew app over the engine. It holds the inputs, re-runs
//! [`crate::check`] on every change and renders the [`Report`]; it never judges anything
//! itself. Nothing the user pastes leaves the browser: there is no network code here.

mod cert_card;
mod finding_list;
mod pem_field;
mod service_picker;

use std::rc::Rc;

use yew::prelude::*;

use crate::{check, Options, Report, Request, ServiceId, Verdict};
use cert_card::CertCard;
use finding_list::FindingList;
use pem_field::PemField;
use service_picker::ServicePicker;

/// Mounts the page on `<body>`. Called by the binary's `main` on wasm32.
pub fn start() {
    yew::Renderer::<App>::new().render();
}

/// Everything the page knows: the inputs, and the report they last produced.
#[derive(Debug, Clone, PartialEq)]
pub struct State {
    pub service: ServiceId,
    pub certificate: String,
    pub private_key: String,
    pub chain: String,
    /// None until something has been pasted: an empty form is not a failed check.
    pub report: Option<Rc<Report>>,
}

impl Default for State {
    fn default() -> Self {
        State {
            service: ServiceId::Acm,
            certificate: String::new(),
            private_key: String::new(),
            chain: String::new(),
            report: None,
        }
    }
}

/// One change to the inputs. Each carries the instant (unix seconds) it happened at, read
/// from the browser's clock by the component: the reducer and the engine stay clock-free.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    SetCertificate { text: String, at: i64 },
    SetPrivateKey { text: String, at: i64 },
    SetChain { text: String, at: i64 },
    SelectService { service: ServiceId, at: i64 },
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        let at = match action {
            Action::SetCertificate { text, at } => {
                next.certificate = text;
                at
            }
            Action::SetPrivateKey { text, at } => {
                next.private_key = text;
                at
            }
            Action::SetChain { text, at } => {
                next.chain = text;
                at
            }
            Action::SelectService { service, at } => {
                next.service = service;
                at
            }
        };
        next.report = next.run_check(at).map(Rc::new);
        Rc::new(next)
    }
}

impl State {
    /// Runs the engine on the current inputs, or returns None while all of them are empty.
    fn run_check(&self, at: i64) -> Option<Report> {
        let certificate = non_empty(&self.certificate);
        let private_key = non_empty(&self.private_key);
        let chain = non_empty(&self.chain);
        if certificate.is_none() && private_key.is_none() && chain.is_none() {
            return None;
        }
        Some(check(&Request {
            service: self.service,
            certificate,
            private_key,
            chain,
            bundle: None,
            at,
            options: Options::default(),
        }))
    }
}

/// The field's bytes, or None when it holds only whitespace (the user has not given it).
fn non_empty(text: &str) -> Option<&[u8]> {
    (!text.trim().is_empty()).then_some(text.as_bytes())
}

/// Now, in unix seconds, from the browser's clock: the one place the page reads a clock.
fn now() -> i64 {
    (js_sys::Date::now() / 1000.0).floor() as i64
}

#[function_component(App)]
pub fn app() -> Html {
    let state = use_reducer(State::default);

    let on_service = {
        let state = state.clone();
        Callback::from(move |service: ServiceId| {
            state.dispatch(Action::SelectService { service, at: now() })
        })
    };
    let on_certificate = {
        let state = state.clone();
        Callback::from(move |text: String| {
            state.dispatch(Action::SetCertificate { text, at: now() })
        })
    };
    let on_private_key = {
        let state = state.clone();
        Callback::from(move |text: String| {
            state.dispatch(Action::SetPrivateKey { text, at: now() })
        })
    };
    let on_chain = {
        let state = state.clone();
        Callback::from(move |text: String| state.dispatch(Action::SetChain { text, at: now() }))
    };

    html! {
        <>
            <header class="masthead">
                <h1>{ "certpreflight" }</h1>
                <p class="tagline">
                    { "Check a certificate, its private key and its chain against AWS import rules before you upload them." }
                </p>
                <p class="privacy">
                    { "Everything runs in this browser tab. Nothing you paste leaves your browser: no upload, no server, no analytics." }
                </p>
            </header>
            <main>
                <section class="inputs" aria-label="Inputs">
                    <ServicePicker selected={state.service} on_change={on_service} />
                    <PemField
                        id="certificate"
                        label="Certificate"
                        hint="PEM: -----BEGIN CERTIFICATE-----"
                        value={state.certificate.clone()}
                        on_input={on_certificate}
                    />
                    <PemField
                        id="private-key"
                        label="Private key"
                        hint="PEM: -----BEGIN PRIVATE KEY----- (never sent anywhere)"
                        value={state.private_key.clone()}
                        on_input={on_private_key}
                    />
                    <PemField
                        id="chain"
                        label="Certificate chain"
                        hint="PEM: intermediates, issuer of the certificate first"
                        value={state.chain.clone()}
                        on_input={on_chain}
                    />
                </section>
                <section class="results" aria-label="Results" aria-live="polite">
                    { results(state.report.as_deref()) }
                </section>
            </main>
        </>
    }
}

/// The report, or a prompt while nothing has been pasted.
fn results(report: Option<&Report>) -> Html {
    let Some(report) = report else {
        return html! {
            <p class="empty">{ "Paste a certificate to see what AWS would say about it." }</p>
        };
    };
    let (class, title) = match report.verdict {
        Verdict::Pass => ("verdict pass", "Ready to import"),
        Verdict::Fail => ("verdict fail", "AWS would refuse this"),
    };
    html! {
        <>
            <div class={class} role="status">
                <strong>{ title }</strong>
                { " " }
                <span>
                    { format!(
                        "{}: {} error(s), {} warning(s), checked at {}",
                        report.service,
                        report.errors(),
                        report.warnings(),
                        report.evaluated_at
                    ) }
                </span>
            </div>
            <FindingList findings={report.findings.clone()} />
            <div class="certificates">
                { for report.certificates.iter().map(|c| html! { <CertCard certificate={c.clone()} /> }) }
            </div>
        </>
    }
}
