#!/usr/bin/env bash
# Installs what building and testing certpreflight needs, on a Debian machine that already
# has rustup/cargo, node/npm and python3. Idempotent: each step checks first and says
# whether it installed or skipped. Exits non-zero on the first failure.
#
#   rustup target wasm32-unknown-unknown
#   trunk 0.21.14                      (cargo install; 0.22 needs a newer rustc)
#   wasm-bindgen-cli = Cargo.lock's wasm-bindgen (also gives wasm-bindgen-test-runner)
#   npm ci: binaryen (wasm-opt for Trunk), playwright-core (drives the system Chromium),
#        @microsoft/sarif-multitool (validates the SARIF output)
#   apt: chromium chromium-driver openssl (headless browser tests, fixture generation),
#        ca-certificates (tests/corpus.rs reads its store), python3-venv (.venv)
#   .venv (python3 -m venv): tests/pipeline/requirements.txt (junitparser, sarif-tools,
#        jsonschema: the pipeline formats read back); never the system Python
#   rustup toolchain nightly, cargo-fuzz 0.13.2 (scripts/fuzz.sh)
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

TRUNK_VERSION=0.21.14
export PATH="$HOME/.cargo/bin:$PATH"

say() { printf 'setup: %s\n' "$*"; }
fail() { printf 'setup: error: %s\n' "$*" >&2; exit 1; }

for tool in rustup cargo node npm; do
  command -v "$tool" >/dev/null || fail "$tool is not installed; install it first"
done

# --- Rust target -----------------------------------------------------------------------
if rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "skip    rustup target wasm32-unknown-unknown (installed)"
else
  say "install rustup target wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

# --- trunk -----------------------------------------------------------------------------
# `trunk --version` prints "trunk 0.21.14".
if [[ "$(trunk --version 2>/dev/null || true)" == "trunk $TRUNK_VERSION" ]]; then
  say "skip    trunk $TRUNK_VERSION (installed)"
else
  say "install trunk $TRUNK_VERSION (cargo install, about 10 minutes on 2 cores)"
  cargo install trunk --version "$TRUNK_VERSION" --locked
fi

# --- wasm-bindgen-cli ------------------------------------------------------------------
# The CLI must equal the wasm-bindgen crate in Cargo.lock, or the generated glue mismatches.
# Installed without --locked, as measured on this toolchain; --force replaces another version.
WASM_BINDGEN_VERSION="$(awk '
  $0 == "name = \"wasm-bindgen\"" { getline; gsub(/^version = "|"$/, ""); print; exit }
' Cargo.lock)"
[[ -n "$WASM_BINDGEN_VERSION" ]] || fail "no wasm-bindgen entry in Cargo.lock"
if [[ "$(wasm-bindgen --version 2>/dev/null || true)" == "wasm-bindgen $WASM_BINDGEN_VERSION" ]] &&
   command -v wasm-bindgen-test-runner >/dev/null; then
  say "skip    wasm-bindgen-cli $WASM_BINDGEN_VERSION (installed)"
else
  say "install wasm-bindgen-cli $WASM_BINDGEN_VERSION (cargo install, about 3 minutes)"
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
fi
grep -q "wasm_bindgen = \"$WASM_BINDGEN_VERSION\"" Trunk.toml ||
  fail "Trunk.toml [tools] wasm_bindgen must be \"$WASM_BINDGEN_VERSION\" (Cargo.lock's version)"

# --- npm: wasm-opt, playwright-core --------------------------------------------------------
# npm ci deletes and reinstalls node_modules, so skip it while the lock file is the one the
# last npm ci installed (its hash is kept in node_modules).
LOCK_STAMP=node_modules/.certpreflight-lock.sha256
lock_hash="$(sha256sum package-lock.json | cut -d' ' -f1)"
if [[ -x node_modules/.bin/wasm-opt && "$(cat "$LOCK_STAMP" 2>/dev/null || true)" == "$lock_hash" ]]; then
  say "skip    npm ci (node_modules matches package-lock.json)"
else
  say "install npm ci (binaryen, playwright-core, sarif-multitool)"
  npm ci --no-audit --no-fund
  echo "$lock_hash" > "$LOCK_STAMP"
fi
"node_modules/.bin/wasm-opt" --version | grep -q "version_132" ||
  fail "node_modules/.bin/wasm-opt is not version 132"

# --- apt: chromium, chromedriver, openssl ------------------------------------------------
missing=()
for pkg in chromium chromium-driver openssl ca-certificates python3-venv; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [[ ${#missing[@]} -eq 0 ]]; then
  say "skip    apt chromium chromium-driver openssl ca-certificates python3-venv (installed)"
else
  say "install apt ${missing[*]}"
  SUDO=()
  [[ "$(id -u)" -eq 0 ]] || SUDO=(sudo)
  "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q
  "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# --- Python: .venv with the pipeline formats' consumers --------------------------------
# Reinstalled only when tests/pipeline/requirements.txt changes (its hash is kept in .venv).
VENV_STAMP=.venv/.certpreflight-requirements.sha256
req_hash="$(sha256sum tests/pipeline/requirements.txt | cut -d' ' -f1)"
if [[ -x .venv/bin/python && "$(cat "$VENV_STAMP" 2>/dev/null || true)" == "$req_hash" ]]; then
  say "skip    .venv (matches tests/pipeline/requirements.txt)"
else
  say "install .venv: tests/pipeline/requirements.txt (pip, from PyPI)"
  python3 -m venv .venv
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -r tests/pipeline/requirements.txt
  echo "$req_hash" > "$VENV_STAMP"
fi

# --- fuzzing: nightly toolchain, cargo-fuzz ---------------------------------------------
if rustup toolchain list | grep '^nightly' >/dev/null; then
  say "skip    rustup toolchain nightly (installed)"
else
  say "install rustup toolchain nightly (minimal profile)"
  rustup toolchain install nightly --profile minimal
fi
if [[ "$(cargo fuzz --version 2>/dev/null || true)" == "cargo-fuzz 0.13.2" ]]; then
  say "skip    cargo-fuzz 0.13.2 (installed)"
else
  say "install cargo-fuzz 0.13.2 (cargo install, about 2 minutes)"
  cargo install cargo-fuzz --version 0.13.2 --locked ||
    cargo install cargo-fuzz --version 0.13.2
fi

say "ready: $(trunk --version), $(wasm-bindgen --version), $(node_modules/.bin/wasm-opt --version), $(chromedriver --version | cut -d' ' -f1-2)"
