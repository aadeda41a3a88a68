//! `certpreflight`: the command line natively, the page in WebAssembly. Both are thin
//! layers over the same engine.
#![forbid(unsafe_code)]

#[cfg(not(target_arch = "wasm32"))]
mod cli;

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    quiet_on_closed_pipe();
    std::process::exit(cli::run());
}

/// `certpreflight rules | head` closes the pipe early; Rust's print macros then panic. Like
/// other Unix tools, end quietly instead (status 141, as a process killed by SIGPIPE), and
/// leave every other panic to the default hook.
#[cfg(not(target_arch = "wasm32"))]
fn quiet_on_closed_pipe() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let text = info
            .payload()
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| info.payload().downcast_ref::<&str>().copied())
            .unwrap_or("");
        if text.contains("failed printing to stdout") && text.contains("Broken pipe") {
            std::process::exit(141);
        }
        default(info);
    }));
}

#[cfg(target_arch = "wasm32")]
fn main() {
    certpreflight::app::start();
}
