#!/usr/bin/env bash
# The project's one test command (CI runs it through .ci/run). Installs the tools if needed,
# then runs each step below in order and stops at the first failure. The last line sums
# the test runners' own counts: "tests: N passed, N failed".
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"

log="$(mktemp)"
steps_total=10
step_number=0
current=""
step_started=$SECONDS
timings=()

# Sums every "test result: ok. N passed; M failed; ..." line that cargo test and
# wasm-bindgen-test-runner printed, and the "# pass N" / "# fail N" lines of node's test
# runner (TAP), so the closing line counts tests, not steps.
summary() {
  local status=$?
  local passed failed
  read -r passed failed < <(grep -oE 'test result: [a-zA-Z]*\. [0-9]+ passed; [0-9]+ failed|^# (pass|fail) [0-9]+$' "$log" |
    awk '$1 == "test" { p += $4; f += $6 } $1 == "#" && $2 == "pass" { p += $3 } $1 == "#" && $2 == "fail" { f += $3 } END { print p + 0, f + 0 }')
  rm -f "$log"
  step_done
  echo
  printf '%s\n' "${timings[@]}"
  printf '  %4d s  in all\n' "$SECONDS"
  if [[ $status -eq 0 ]]; then
    echo "==> all $steps_total steps passed"
  else
    echo "==> FAILED at step $step_number/$steps_total: $current (exit $status)"
    # A step that failed outside a test runner (fmt, clippy, a build) still counts as a failure.
    [[ "$failed" -gt 0 ]] || failed=1
  fi
  echo "tests: $passed passed, $failed failed"
  exit "$status"
}
trap summary EXIT

# Each step's wall time, printed at the end (CI has a 90-minute limit; this shows where it goes).
step_done() {
  [[ $step_number -eq 0 ]] || timings+=("$(printf '  %4d s  [%d/%d] %s' $((SECONDS - step_started)) "$step_number" "$steps_total" "$current")")
  step_started=$SECONDS
}

step() {
  step_done
  step_number=$((step_number + 1))
  current="$*"
  printf '\n==> [%d/%d] %s\n' "$step_number" "$steps_total" "$current"
}

step "scripts/setup.sh"
bash scripts/setup.sh

step "cargo fmt --all -- --check"
cargo fmt --all -- --check

step "cargo clippy --all-targets -- -D warnings"
cargo clippy --all-targets -- -D warnings

# Not --all-targets: the benches use criterion, a native-only dev-dependency.
step "cargo clippy --target wasm32-unknown-unknown --lib --bins --tests -- -D warnings"
cargo clippy --target wasm32-unknown-unknown --lib --bins --tests -- -D warnings

step "cargo test (native: unit, integration, doc tests)"
cargo test 2>&1 | tee -a "$log"

# SARIF and JUnit read back by real consumers: Microsoft's SARIF Multitool and the official
# schema, sarif-tools, junitparser (tests/pipeline/test_formats.py, in .venv).
step "tests/pipeline (SARIF Multitool, sarif-tools, junitparser)"
cargo build --bin certpreflight
.venv/bin/python tests/pipeline/test_formats.py 2>&1 | tee -a "$log"

# The browser tests: files in tests/ that start with #![cfg(target_arch = "wasm32")].
# Only those are passed, so native-only integration tests are not built for wasm32.
mapfile -t web_tests < <(grep -l '^#!\[cfg(target_arch = "wasm32")\]' tests/*.rs | xargs -r -n1 basename | sed 's/\.rs$//')
step "cargo test --target wasm32-unknown-unknown (headless Chromium: ${web_tests[*]:-none})"
if [[ ${#web_tests[@]} -eq 0 ]]; then
  echo "no wasm32 test files in tests/" >&2
  exit 1
fi
CHROMEDRIVER="${CHROMEDRIVER:-$(command -v chromedriver)}" \
  WASM_BINDGEN_TEST_TIMEOUT="${WASM_BINDGEN_TEST_TIMEOUT:-120}" \
  cargo test --target wasm32-unknown-unknown "${web_tests[@]/#/--test=}" 2>&1 | tee -a "$log"

# cargo fuzz (nightly): each target 30 s from the fixture seeds; a crash fails the step.
step "scripts/fuzz.sh 30 (cargo fuzz: decode, check, pkcs12)"
bash scripts/fuzz.sh 30

step "scripts/build-web.sh"
bash scripts/build-web.sh

# The page end to end in headless Chromium (e2e/*.test.mjs): dist/ served under a sub-path,
# the offline file from file://, zero requests after load, the figures
# (e2e/artifacts/figures.json). One file at a time, so the timings are not shared.
step "node --test e2e/ (end-to-end, headless Chromium)"
node --test --test-concurrency=1 --test-reporter=tap e2e/*.test.mjs 2>&1 | tee -a "$log"
