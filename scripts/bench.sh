#!/usr/bin/env bash
# Measures the engine's figures (README "Speed and size"):
#  1. cargo bench: a whole ACM check of leaf + key + two-certificate chain (RSA-2048), every
#     target at once (matrix/…) against one target over the same inputs, chain
#     analysis over 1,000 and 3,000 duplicate or unrelated certificates and deep chains, and
#     inspect of Debian's CA bundle, in-process (criterion).
#  2. hyperfine, side by side on this machine: `certpreflight inspect BUNDLE` against
#     `openssl crl2pkcs7 -nocrl -certfile BUNDLE | openssl pkcs7 -print_certs -text -noout`,
#     for Debian's CA bundle and for Mozilla's roots (data/trust/mozilla-cacert.pem).
# Installs hyperfine, openssl and ca-certificates from Debian if missing.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export PATH="$HOME/.cargo/bin:$PATH"

need=()
command -v hyperfine >/dev/null || need+=(hyperfine)
command -v openssl >/dev/null || need+=(openssl)
[[ -f /etc/ssl/certs/ca-certificates.crt ]] || need+=(ca-certificates)
if [[ ${#need[@]} -gt 0 ]]; then
  echo "installing ${need[*]}"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi

bundle=/etc/ssl/certs/ca-certificates.crt
echo "bundle: $bundle ($(grep -c 'BEGIN CERTIFICATE' "$bundle") certificates)"

cargo bench --bench check -- --warm-up-time 1 --measurement-time 5 2>&1 | grep -E '^(check|inspect|chain|matrix)/|time:|thrpt:'

cargo build --profile native --quiet
bin=target/native/certpreflight
# Side by side, in one hyperfine run each (alternating is not available, so both commands
# share the run's conditions): Debian's store, and Mozilla's roots as certifi ships them
# (data/trust/mozilla-cacert.pem, the set the engine embeds).
for b in "$bundle" data/trust/mozilla-cacert.pem; do
  echo "inspect $b ($(grep -c 'BEGIN CERTIFICATE' "$b") certificates)"
  hyperfine --warmup 3 --runs 30 --export-markdown "target/bench-inspect-$(basename "$b").md" \
    "$bin inspect $b" \
    "openssl crl2pkcs7 -nocrl -certfile $b | openssl pkcs7 -print_certs -text -noout"
  cat "target/bench-inspect-$(basename "$b").md"
done
