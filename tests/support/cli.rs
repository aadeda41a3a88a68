//! Running the `certpreflight` binary the way a user does.

use std::path::PathBuf;
use std::process::{Command, Output};

pub const BIN: &str = env!("CARGO_BIN_EXE_certpreflight");

/// A fixture's path, as a command-line argument.
pub fn fx(rel: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(rel)
        .display()
        .to_string()
}

/// Runs the binary with `args` and `env` (CERTPREFLIGHT_PASSWORD is never inherited).
pub fn run_with(args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut c = Command::new(BIN);
    c.args(args).env_remove("CERTPREFLIGHT_PASSWORD");
    for (k, v) in env {
        c.env(k, v);
    }
    c.output().expect("run the binary")
}

pub fn run(args: &[&str]) -> Output {
    run_with(args, &[])
}

pub fn code(o: &Output) -> i32 {
    o.status.code().expect("exit status")
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

pub fn json(o: &Output) -> serde_json::Value {
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}):\n{}\n{}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        )
    })
}
