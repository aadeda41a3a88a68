//! The page's edge: the clock, files, the clipboard and downloads. Everything here talks to
//! the browser; nothing here judges an input (that is the engine's job) and nothing here
//! uses the network.

use std::cell::RefCell;
use std::rc::Rc;

use gloo::file::callbacks::{read_as_bytes, FileReader};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use yew::Callback;

use crate::MAX_INPUT_BYTES;

/// One file the user gave, read into memory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadedFile {
    pub name: String,
    pub bytes: Vec<u8>,
    /// Larger than the engine reads ([`MAX_INPUT_BYTES`]): not read at all, `bytes` is empty.
    pub oversize: bool,
}

impl LoadedFile {
    pub fn new(name: impl Into<String>, bytes: impl Into<Vec<u8>>) -> LoadedFile {
        LoadedFile {
            name: name.into(),
            bytes: bytes.into(),
            oversize: false,
        }
    }
}

/// Now, in unix seconds, from the browser's clock: the one place the page reads a clock.
pub fn now() -> i64 {
    (js_sys::Date::now() / 1000.0).floor() as i64
}

/// Reads every file of a picker or a drop, then calls `done` once with all of them, in the
/// order given. The returned readers must be kept alive until then (dropping one cancels it).
pub fn read_files(list: &web_sys::FileList, done: Callback<Vec<LoadedFile>>) -> Vec<FileReader> {
    let count = list.length() as usize;
    if count == 0 {
        return Vec::new();
    }
    let slots: Rc<RefCell<Vec<Option<LoadedFile>>>> = Rc::new(RefCell::new(vec![None; count]));
    let mut readers = Vec::new();
    for i in 0..count {
        let Some(file) = list.item(i as u32) else {
            continue;
        };
        let name = file.name();
        let finish = {
            let slots = slots.clone();
            let done = done.clone();
            move |slot: usize, loaded: LoadedFile| {
                let all = {
                    let mut slots = slots.borrow_mut();
                    slots[slot] = Some(loaded);
                    slots.iter().all(Option::is_some)
                };
                if all {
                    let files = slots.borrow_mut().drain(..).flatten().collect();
                    done.emit(files);
                }
            }
        };
        if file.size() > MAX_INPUT_BYTES as f64 {
            finish(
                i,
                LoadedFile {
                    name,
                    bytes: Vec::new(),
                    oversize: true,
                },
            );
            continue;
        }
        let blob = gloo::file::File::from(file);
        readers.push(read_as_bytes(&blob, move |result| {
            // A file the browser could not read counts as empty: the sorter says so.
            finish(i, LoadedFile::new(name, result.unwrap_or_default()));
        }));
    }
    readers
}

/// Copies `text` with the asynchronous Clipboard API. Where it is missing (an old browser, a
/// page not served over HTTPS) or refused, nothing happens: the text is on screen to select.
pub fn copy_text(text: &str) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let navigator = window.navigator();
    let has_clipboard = js_sys::Reflect::get(&navigator, &JsValue::from_str("clipboard"))
        .is_ok_and(|c| !c.is_undefined() && !c.is_null());
    if !has_clipboard {
        return;
    }
    let promise = navigator.clipboard().write_text(text);
    // Swallow a refusal instead of logging an unhandled rejection.
    let ignore = Closure::once(|_: JsValue| {});
    let _ = promise.catch(&ignore);
    ignore.forget();
}

/// Offers `text` as a file download (a Blob behind an object URL, clicked through an
/// `<a download>`): nothing goes over the network.
pub fn download_text(file_name: &str, text: &str) -> Result<(), JsValue> {
    let window = web_sys::window().ok_or_else(|| JsValue::from_str("no window"))?;
    let document = window
        .document()
        .ok_or_else(|| JsValue::from_str("no document"))?;
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("application/x-pem-file");
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)?;
    let anchor: web_sys::HtmlAnchorElement = document.create_element("a")?.dyn_into()?;
    anchor.set_href(&url);
    anchor.set_download(file_name);
    anchor.click();
    web_sys::Url::revoke_object_url(&url)?;
    Ok(())
}
