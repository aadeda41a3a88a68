//! `open_pkcs12` on arbitrary bytes with the fixtures' password ("test"): never a panic;
//! either the contents or one finding that says why not. Seeded with the fixture .p12 files
//! (with and without MAC, legacy and AES), so mutations reach the bags and the decryptors.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    match certpreflight::open_pkcs12(data, "test") {
        Ok(contents) => {
            if let Some(key) = &contents.private_key {
                assert!(key.starts_with("-----BEGIN PRIVATE KEY-----\n"));
            }
        }
        Err(finding) => assert!(!finding.message.is_empty()),
    }
});
