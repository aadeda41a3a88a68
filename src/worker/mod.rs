//! The page's worker: the engine, the built-in trust anchors and PKCS#12 opening run here,
//! off the main thread, so typing, scrolling and focus never wait for a check. The page
//! (`app/`) posts [`ToWorker`] messages with the inputs' bytes beside them; the worker
//! answers with [`FromWorker`]. A newer check supersedes an older one still waiting for
//! WebCrypto (which works in workers too): only the latest is answered. Nothing here uses
//! the network.

pub mod webcrypto;

use std::cell::RefCell;
use std::collections::VecDeque;

use js_sys::{Array, Reflect, Uint8Array};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use zeroize::Zeroizing;

use crate::protocol::{Example, FixedFile, Fixes, FromWorker, MatrixRow, ToWorker};
use crate::{
    check, check_all, fill_field, repair, sort_files, with_opened_once, GivenFile, Options,
    Password, Request, ServiceId, TARGETS,
};

/// One message and the bytes that came with it.
struct Job {
    message: ToWorker,
    files: Vec<Option<Zeroizing<Vec<u8>>>>,
    /// A warm-up check (see [`warm_up`]): run, never answered.
    warm_up: bool,
}

#[derive(Default)]
struct Queue {
    /// The latest check asked for (a newer one replaces it).
    check: Option<Job>,
    /// Everything else, in order.
    others: VecDeque<Job>,
    busy: bool,
}

thread_local! {
    static QUEUE: RefCell<Queue> = RefCell::new(Queue::default());
}

/// Starts listening (called by the worker binary's `main`).
pub fn start() {
    std::panic::set_hook(Box::new(|info| {
        post(&FromWorker::Crashed {
            message: info.to_string(),
        });
    }));
    let scope: web_sys::DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let onmessage =
        Closure::<dyn FnMut(web_sys::MessageEvent)>::new(|event: web_sys::MessageEvent| {
            receive(event.data());
        });
    scope.set_onmessage(Some(onmessage.as_ref().unchecked_ref()));
    onmessage.forget();
    post(&FromWorker::Ready);
    warm_up();
}

/// How many times the sample set is checked once the worker has started.
const WARM_UP_RUNS: usize = 3;

/// Checks the sample set a few times, unanswered, right after start: the browser compiles
/// wasm quickly first and optimises the code that runs hot later, so without this the
/// user's first checks ran on the slow first tier (the first paste took several times the
/// later ones). It runs in the worker, off the page's thread, before the first message is
/// read, and a check the user asks for meanwhile waits for at most these few runs.
fn warm_up() {
    let sample = example(false);
    let Ok(at) = crate::parse_rfc3339(&sample.at) else {
        return;
    };
    let files = || -> Vec<Option<Zeroizing<Vec<u8>>>> {
        [&sample.certificate, &sample.private_key, &sample.chain]
            .iter()
            .map(|t| Some(Zeroizing::new(t.as_bytes().to_vec())))
            .chain([None, None, None])
            .collect()
    };
    QUEUE.with(|q| {
        let mut q = q.borrow_mut();
        for _ in 0..WARM_UP_RUNS {
            q.others.push_back(Job {
                message: ToWorker::Check {
                    seq: 0,
                    service: ServiceId::Acm,
                    at,
                    options: Vec::new(),
                    password: None,
                },
                files: files(),
                warm_up: true,
            });
        }
        q.busy = true;
    });
    wasm_bindgen_futures::spawn_local(drain());
}

fn post(message: &FromWorker) {
    let scope: web_sys::DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    if let Ok(value) = serde_wasm_bindgen::to_value(message) {
        let _ = scope.post_message(&value);
    }
}

/// A message from the page: queued, and the queue drained unless it is already.
fn receive(data: JsValue) {
    let Some(job) = read_job(&data) else { return };
    let start = QUEUE.with(|q| {
        let mut q = q.borrow_mut();
        match job.message {
            ToWorker::Check { .. } => q.check = Some(job),
            _ => q.others.push_back(job),
        }
        !std::mem::replace(&mut q.busy, true)
    });
    if start {
        wasm_bindgen_futures::spawn_local(drain());
    }
}

fn read_job(data: &JsValue) -> Option<Job> {
    let header = Reflect::get(data, &"header".into()).ok()?;
    let message: ToWorker = serde_wasm_bindgen::from_value(header).ok()?;
    let files = Reflect::get(data, &"files".into())
        .ok()
        .filter(|f| f.is_object())
        .map(|f| {
            Array::from(&f)
                .iter()
                .map(|v| {
                    v.dyn_into::<Uint8Array>()
                        .ok()
                        .map(|a| Zeroizing::new(a.to_vec()))
                })
                .collect()
        })
        .unwrap_or_default();
    Some(Job {
        message,
        files,
        warm_up: false,
    })
}

fn next_job() -> Option<Job> {
    QUEUE.with(|q| {
        let mut q = q.borrow_mut();
        // Sorting and filling first: the check they lead to comes after them.
        let job = q.others.pop_front().or_else(|| q.check.take());
        if job.is_none() {
            q.busy = false;
        }
        job
    })
}

fn newer_check_waiting() -> bool {
    QUEUE.with(|q| q.borrow().check.is_some())
}

async fn drain() {
    while let Some(job) = next_job() {
        let answer = respond(&job.message, &job.files, &newer_check_waiting).await;
        if let (Some(answer), false) = (answer, job.warm_up) {
            post(&answer);
        }
    }
}

/// The answer to one message (`files` are the bytes that came with it), or none for a check
/// that `superseded` says a newer one replaces. The whole worker but the messaging: the page's
/// tests call it directly.
pub async fn respond(
    message: &ToWorker,
    files: &[Option<Zeroizing<Vec<u8>>>],
    superseded: &dyn Fn() -> bool,
) -> Option<FromWorker> {
    match message {
        ToWorker::Check { .. } => checked(message, files, superseded).await,
        ToWorker::Sort {
            seq,
            target,
            names,
            certificate_filled,
        } => {
            let given: Vec<GivenFile<'_>> = names
                .iter()
                .zip(files)
                .filter_map(|(name, bytes)| {
                    bytes.as_ref().map(|b| GivenFile {
                        name,
                        bytes: b.as_slice(),
                    })
                })
                .collect();
            let sorted = sort_files(&given, *target, *certificate_filled);
            Some(FromWorker::Sorted { seq: *seq, sorted })
        }
        ToWorker::Fill {
            seq,
            field,
            kind,
            name,
        } => {
            let bytes: &[u8] = files
                .first()
                .and_then(|b| b.as_deref())
                .map_or(&[], Vec::as_slice);
            let fill = fill_field(&GivenFile { name, bytes }, *kind);
            Some(FromWorker::Filled {
                seq: *seq,
                field: field.clone(),
                fill,
            })
        }
        ToWorker::Example { broken } => Some(FromWorker::Example {
            example: example(*broken),
        }),
    }
}

/// Runs a check until WebCrypto has answered every question it asked (at most
/// [`webcrypto::MAX_ROUNDS`] rounds; then what is still open is reported as not verifiable).
async fn checked(
    message: &ToWorker,
    files: &[Option<Zeroizing<Vec<u8>>>],
    superseded: &dyn Fn() -> bool,
) -> Option<FromWorker> {
    let crypto = webcrypto::shared();
    let mut rounds = 0;
    loop {
        let answer = run_check(message, files);
        if !crypto.has_pending() || rounds >= webcrypto::MAX_ROUNDS {
            crypto.give_up(false);
            return answer;
        }
        crypto.run_pending().await;
        rounds += 1;
        if superseded() {
            return None;
        }
        crypto.give_up(rounds >= webcrypto::MAX_ROUNDS);
    }
}

fn run_check(message: &ToWorker, files: &[Option<Zeroizing<Vec<u8>>>]) -> Option<FromWorker> {
    let ToWorker::Check {
        seq,
        service,
        at,
        options,
        password,
    } = message
    else {
        return None;
    };
    let input = |i: usize| files.get(i).and_then(|f| f.as_deref()).map(Vec::as_slice);
    let mut o = Options::default();
    for (name, value) in options {
        o.set(*name, Some(value.clone()));
    }
    o.pkcs12_password = password.as_deref().map(Password::new);
    let mut request = Request::new(*service, *at);
    request.certificate = input(0);
    request.private_key = input(1);
    request.chain = input(2);
    request.bundle = input(3);
    request.trust = input(4);
    request.verification = input(5);
    request.options = o;
    crate::verify::with_backend(webcrypto::shared(), || {
        with_opened_once(|| answer(*seq, *service, &request))
    })
    .into()
}

/// The matrix (for a target that is in it), the chosen target's report, its fixed files.
fn answer(seq: u32, service: ServiceId, request: &Request<'_>) -> FromWorker {
    let targets: Vec<ServiceId> = TARGETS
        .iter()
        .filter(|t| t.in_matrix)
        .map(|t| t.id)
        .collect();
    let matrix = service
        .meta()
        .in_matrix
        .then(|| check_all(request, &targets));
    let report = matrix
        .as_ref()
        .and_then(|m| {
            let i = m.targets.iter().position(|t| t.service == service.id())?;
            m.report(i)
        })
        .unwrap_or_else(|| check(request));
    let fixed = repair(request);
    let fixes = Fixes {
        files: fixed
            .files
            .iter()
            .map(|f| FixedFile {
                name: f.name.to_string(),
                contents: f.contents.to_string(),
                what_changed: f.what_changed.clone(),
            })
            .collect(),
        left_alone: fixed.left_alone.clone(),
    };
    FromWorker::Checked {
        seq,
        matrix: matrix.as_ref().map(MatrixRow::rows),
        report: Box::new(report),
        fixes,
    }
}

/// The sample sets of "try an example": the fixture generator's RSA-2048 set (a leaf, its
/// key, intermediate and root) and its reversed chain, judged at 2026-06-01, inside their
/// validity (tests/fixtures/generate.py).
fn example(broken: bool) -> Example {
    let at = "2026-06-01T00:00:00Z".to_string();
    if broken {
        Example {
            certificate: include_str!("../../tests/fixtures/chain_reversed/cert.pem").into(),
            private_key: include_str!("../../tests/fixtures/key_mismatch/key.pem").into(),
            chain: include_str!("../../tests/fixtures/chain_reversed/chain.pem").into(),
            at,
            what: "A sample with two common mistakes: the chain is in the wrong order, and the key belongs to another certificate.".into(),
        }
    } else {
        Example {
            certificate: include_str!("../../tests/fixtures/rsa2048_good/cert.pem").into(),
            private_key: include_str!("../../tests/fixtures/rsa2048_good/key.pem").into(),
            chain: include_str!("../../tests/fixtures/rsa2048_good/chain.pem").into(),
            at,
            what: "A sample set that passes where a private CA is accepted: a leaf, its key and its chain from this project's test CA.".into(),
        }
    }
}
