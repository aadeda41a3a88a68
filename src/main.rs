//! `certpreflight`: the command line natively, the page in WebAssembly. Both are thin
//! layers over the same engine.
#![forbid(unsafe_code)]

#[cfg(not(target_arch = "wasm32"))]
mod cli;

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    std::process::exit(cli::run());
}

#[cfg(target_arch = "wasm32")]
fn main() {
    certpreflight::app::start();
}
