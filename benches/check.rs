//! Benchmarks of the engine, natively. Run: `cargo bench --bench check` (or scripts/bench.sh,
//! which also times `certpreflight inspect` against openssl over the same bundle).
//!
//! - `check/acm_rsa2048_leaf_key_chain2`: a whole ACM check of leaf + key + two-certificate
//!   chain (RSA-2048): decode, key match, path building with two signature verifications.
//! - `inspect/debian_ca_bundle`: decode and describe Debian's ca-certificates bundle
//!   (/etc/ssl/certs/ca-certificates.crt, about 140 roots), when the file exists.

#[cfg(not(target_arch = "wasm32"))]
mod native {
    use certpreflight::{check, inspect, parse_rfc3339, Request, ServiceId};
    use criterion::{black_box, Criterion};

    const CERT: &[u8] = include_bytes!("../tests/fixtures/rsa2048_good/cert.pem");
    const KEY: &[u8] = include_bytes!("../tests/fixtures/rsa2048_good/key.pem");
    const CHAIN: &[u8] = include_bytes!("../tests/fixtures/rsa2048_good/chain.pem");
    pub const SYSTEM_BUNDLE: &str = "/etc/ssl/certs/ca-certificates.crt";

    pub fn benches(c: &mut Criterion) {
        let at = parse_rfc3339("2026-06-01T00:00:00Z").unwrap_or(0);
        c.bench_function("check/acm_rsa2048_leaf_key_chain2", |b| {
            b.iter(|| {
                let mut request = Request::new(ServiceId::Acm, at);
                request.certificate = Some(black_box(CERT));
                request.private_key = Some(black_box(KEY));
                request.chain = Some(black_box(CHAIN));
                let report = check(&request);
                assert_eq!(report.certificates.len(), 3);
                report
            })
        });
        if let Ok(bundle) = std::fs::read(SYSTEM_BUNDLE) {
            c.bench_function("inspect/debian_ca_bundle", |b| {
                b.iter(|| {
                    let report = inspect(black_box(&bundle), at);
                    assert!(report.certificates.len() > 100);
                    report
                })
            });
        }
    }
}

#[cfg(not(target_arch = "wasm32"))]
criterion::criterion_group!(benches, native::benches);
#[cfg(not(target_arch = "wasm32"))]
criterion::criterion_main!(benches);

#[cfg(target_arch = "wasm32")]
fn main() {}
