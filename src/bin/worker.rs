//! The page's worker: the engine, off the page's main thread (see `certpreflight::worker`).
//! Built for wasm32 by Trunk (`index.html`); natively it only says what it is.
#![forbid(unsafe_code)]

#[cfg(target_arch = "wasm32")]
fn main() {
    certpreflight::worker::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("this is the web page's worker, built for wasm32 only; run certpreflight instead");
    std::process::exit(2);
}
