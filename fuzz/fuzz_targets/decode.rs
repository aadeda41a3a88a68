//! `inspect` and `classify` on arbitrary bytes: never a panic, always a report.
#![no_main]

use libfuzzer_sys::fuzz_target;

/// 2026-06-01T00:00:00Z, the instant the fixtures are evaluated at.
const AT: i64 = 1_780_272_000;

fuzz_target!(|data: &[u8]| {
    let report = certpreflight::inspect(data, AT);
    assert!(!report.kind.is_empty());
    let _ = certpreflight::classify(data);
});
