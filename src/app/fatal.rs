//! The panic hook (issue #4). The release build aborts on panic (`panic = "abort"`; unwinding
//! is not available on stable wasm32), so after a panic the wasm instance is dead and Yew
//! will never render again. The hook therefore writes the message straight into the DOM
//! (`#fatal-error`, role=alert) before the abort, instead of leaving a page that silently
//! stops answering.
//!
//! Test trigger: a certificate field holding exactly [`TEST_PANIC_TRIGGER`] makes the app
//! panic on purpose; the end-to-end tests use it to prove the hook.

use std::panic::PanicHookInfo;

/// The certificate text that makes the app panic, for the end-to-end test of the hook.
pub const TEST_PANIC_TRIGGER: &str = "certpreflight:test-panic";

/// Installs the hook. Called once, before the first render, through Yew (whose renderer
/// would otherwise replace any hook with its own console-only one).
pub fn install_panic_hook() {
    yew::set_custom_panic_hook(Box::new(|info: &PanicHookInfo<'_>| {
        let what = panic_text(info);
        web_sys::console::error_1(&what.as_str().into());
        show_fatal_error(&what);
    }));
}

/// The panic's message and where it happened.
fn panic_text(info: &PanicHookInfo<'_>) -> String {
    let payload = info.payload();
    let message = payload
        .downcast_ref::<&str>()
        .copied()
        .or_else(|| payload.downcast_ref::<String>().map(String::as_str))
        .unwrap_or("unknown error");
    match info.location() {
        Some(at) => format!("{message} (at {}:{})", at.file(), at.line()),
        None => message.to_string(),
    }
}

/// The text shown to the user.
pub fn fatal_error_text(what: &str) -> String {
    format!(
        "The checker stopped after an internal error: {what}. Reload the page to use it again; what you pasted was not sent anywhere. Please report this error."
    )
}

/// Puts the message into `#fatal-error` (creating it at the top of the body when missing)
/// and shows it. Uses web_sys only: nothing of Yew may run after a panic.
pub fn show_fatal_error(what: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let element = match document.get_element_by_id("fatal-error") {
        Some(element) => element,
        None => {
            let Ok(element) = document.create_element("div") else {
                return;
            };
            element.set_id("fatal-error");
            let _ = element.set_attribute("role", "alert");
            if let Some(body) = document.body() {
                let _ = body.prepend_with_node_1(&element);
            }
            element
        }
    };
    element.set_text_content(Some(&fatal_error_text(what)));
    let _ = element.remove_attribute("hidden");
    let _ = element.set_attribute("class", "fatal-error");
}
