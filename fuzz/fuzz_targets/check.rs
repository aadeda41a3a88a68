//! `check_all` for every target in `ServiceId::ALL` and `check` for one, on the input as
//! every field and on the input split by `arbitrary` into certificate, key, chain, bundle,
//! options and instant (see ../harness.rs, which tests/fuzz_regressions.rs replays too).
#![no_main]

#[path = "../harness.rs"]
mod harness;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    for request in harness::requests(data) {
        for report in harness::reports(&request) {
            harness::assert_sound(&report);
        }
    }
});
