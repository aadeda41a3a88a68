#!/usr/bin/env bash
# Fuzzes the engine: seeds each cargo-fuzz target's corpus from tests/fixtures (fuzz/seed.sh),
# then runs each target for SECONDS (default 30) with libFuzzer's -max_total_time.
#   bash scripts/fuzz.sh          # 30 s per target (scripts/test.sh runs this)
#   bash scripts/fuzz.sh 3600     # an hour per target
# Targets (fuzz/fuzz_targets/): `decode` (inspect + classify on any bytes) and `check` (the
# bytes split into certificate, key, chain, bundle and options, every service; fuzz/harness.rs).
# Needs the nightly toolchain and cargo-fuzz (scripts/setup.sh installs both). A crash fails
# the script with libFuzzer's report; the input is in fuzz/artifacts/<target>/. Keep it as a
# regression: copy it to tests/fuzz_regressions/<target>/ (tests/fuzz_regressions.rs replays it).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
export PATH="$HOME/.cargo/bin:$PATH"

seconds="${1:-30}"
[[ "$seconds" =~ ^[0-9]+$ ]] || { echo "usage: scripts/fuzz.sh [SECONDS]" >&2; exit 2; }

bash fuzz/seed.sh
mkdir -p fuzz/artifacts
for target in decode check pkcs12; do
  log="fuzz/artifacts/$target.log"
  echo "fuzz: $target for ${seconds}s (full output: $log)"
  # -O: optimised, with debug assertions. -timeout and -rss_limit_mb make a slow or
  # memory-hungry input a failure too.
  set +e
  cargo +nightly fuzz run -O "$target" "fuzz/corpus/$target" -- \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
    -print_final_stats=1 2>&1 | tee "$log" |
    grep -E --line-buffered '(DONE|pulse) |^stat::(number_of_executed_units|peak_rss_mb)|^Done [0-9]+ runs|^==[0-9]+==|^SUMMARY|panicked at|Test unit written|INFO: seed corpus'
  status=${PIPESTATUS[0]}
  set -e
  if [[ $status -ne 0 ]]; then
    tail -n 60 "$log" >&2
    echo "fuzz: $target failed (exit $status); the input is in fuzz/artifacts/$target/" >&2
    exit "$status"
  fi
done
