//! The page's end of the worker: starts it, posts [`ToWorker`] messages with the inputs'
//! bytes beside them (moved, not copied into JSON), and hands every [`FromWorker`] message
//! to the reducer.

use std::rc::Rc;

use js_sys::{Array, Object, Reflect, Uint8Array};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use yew::Callback;

use super::state::State;
use crate::protocol::{FromWorker, ToWorker};

/// Where the worker's script is: the `data-worker` attribute the build (or the offline
/// file) puts on the loader's script element, else the name Trunk gives it.
fn worker_url() -> String {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector("[data-worker]").ok().flatten())
        .and_then(|e| e.get_attribute("data-worker"))
        .unwrap_or_else(|| "./worker_loader.js".into())
}

/// The worker from `url`. Where the browser has Trusted Types, the URL goes through a policy
/// named `certpreflight` that lets exactly this one URL through, so a site that enforces them
/// (`require-trusted-types-for 'script'`) only has to allow it (`trusted-types
/// certpreflight`). Where that policy is not allowed, the plain URL is used.
fn new_worker(url: &str) -> Result<web_sys::Worker, JsValue> {
    match trusted_worker(url) {
        Ok(worker) => Ok(worker),
        Err(_) => web_sys::Worker::new(url),
    }
}

fn trusted_worker(url: &str) -> Result<web_sys::Worker, JsValue> {
    let global = js_sys::global();
    let trusted_types = Reflect::get(&global, &"trustedTypes".into())?;
    if trusted_types.is_undefined() {
        return Err(JsValue::UNDEFINED);
    }
    let expected = url.to_string();
    let only_this = Closure::<dyn Fn(String) -> JsValue>::new(move |given: String| {
        if given == expected {
            JsValue::from(given)
        } else {
            JsValue::NULL
        }
    });
    let rules = Object::new();
    Reflect::set(&rules, &"createScriptURL".into(), only_this.as_ref())?;
    let create_policy: js_sys::Function =
        Reflect::get(&trusted_types, &"createPolicy".into())?.dyn_into()?;
    let policy = create_policy.call2(&trusted_types, &"certpreflight".into(), &rules)?;
    let create_url: js_sys::Function =
        Reflect::get(&policy, &"createScriptURL".into())?.dyn_into()?;
    let trusted = create_url.call1(&policy, &url.into())?;
    let constructor: js_sys::Function = Reflect::get(&global, &"Worker".into())?.dyn_into()?;
    let worker = Reflect::construct(&constructor, &Array::of1(&trusted))?;
    // The policy keeps the closure; it lives as long as the page.
    only_this.forget();
    worker.dyn_into()
}

/// The running worker and its message handler (kept alive together).
pub struct Link {
    worker: web_sys::Worker,
    _onmessage: Closure<dyn FnMut(web_sys::MessageEvent)>,
    _onerror: Closure<dyn FnMut(web_sys::Event)>,
}

impl Link {
    pub fn start(on_message: Callback<Rc<FromWorker>>) -> Result<Link, String> {
        let worker = new_worker(&worker_url()).map_err(|e| format!("{e:?}"))?;
        let messages = on_message.clone();
        // The answer is read in this task and rendered in the next (a zero timeout): reading
        // a long report and rendering it in one task held the main thread for over 50 ms.
        let onmessage = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(
            move |event: web_sys::MessageEvent| {
                let message = match serde_wasm_bindgen::from_value::<FromWorker>(event.data()) {
                    Ok(message) => message,
                    Err(e) => FromWorker::Crashed {
                        message: format!("an answer the page could not read: {e}"),
                    },
                };
                let messages = messages.clone();
                gloo::timers::callback::Timeout::new(0, move || messages.emit(Rc::new(message)))
                    .forget();
            },
        );
        let onerror = Closure::<dyn FnMut(web_sys::Event)>::new(move |_event: web_sys::Event| {
            on_message.emit(Rc::new(FromWorker::Crashed {
                message: "the checker (a Web Worker) could not start or stopped".into(),
            }));
        });
        worker.set_onmessage(Some(onmessage.as_ref().unchecked_ref()));
        worker.set_onerror(Some(onerror.as_ref().unchecked_ref()));
        Ok(Link {
            worker,
            _onmessage: onmessage,
            _onerror: onerror,
        })
    }

    fn post(&self, header: &ToWorker, files: &[Option<&[u8]>]) {
        let Ok(header) = serde_wasm_bindgen::to_value(header) else {
            return;
        };
        let list = Array::new();
        for f in files {
            match f {
                Some(bytes) => list.push(&Uint8Array::from(*bytes)),
                None => list.push(&JsValue::NULL),
            };
        }
        let message = Object::new();
        let _ = Reflect::set(&message, &"header".into(), &header);
        let _ = Reflect::set(&message, &"files".into(), &list);
        let _ = self.worker.post_message(&message);
    }

    /// Sends what `state` asks for, the entries after `sent`; returns the last one sent.
    pub fn flush(&self, state: &State, sent: u32, now: i64) -> u32 {
        let (messages, last) = state.messages(sent, now);
        for message in &messages {
            self.post(&message.header, &message.files);
        }
        last
    }
}

impl Drop for Link {
    fn drop(&mut self) {
        self.worker.terminate();
    }
}
