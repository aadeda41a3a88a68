#!/usr/bin/env bash
# Fleet-mode figure (README "Speed and size"): 100,000 IoT device certificates signed by one
# RSA-2048 CA, checked by `certpreflight check --service iot --format jsonl`, timed with
# hyperfine. The fleet is generated once by scripts/make_fleet.py into target/fleet/ (not
# checked in; delete the folder to regenerate). Installs hyperfine from Debian if missing.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export PATH="$HOME/.cargo/bin:$PATH"
n="${FLEET_SIZE:-100000}"

command -v hyperfine >/dev/null || {
  echo "installing hyperfine"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq hyperfine >/dev/null
}

if [[ ! -f target/fleet/devices.pem || ! -f target/fleet/ca.pem ||
  "$(grep -c 'BEGIN CERTIFICATE' target/fleet/devices.pem)" -ne "$n" ]]; then
  python3 scripts/make_fleet.py "$n" target/fleet
fi

cargo build --profile native --quiet
bin=target/native/certpreflight
echo "$(nproc) cores; $(grep -c 'BEGIN CERTIFICATE' target/fleet/devices.pem) device certificates, $(du -h target/fleet/devices.pem | cut -f1)"
# Exit status 1 is expected: the fleet holds expired certificates on purpose (-i).
hyperfine -i --warmup 1 --runs 5 --export-markdown target/bench-fleet.md \
  "$bin check --service iot --cert target/fleet/devices.pem --chain target/fleet/ca.pem --at 2026-06-01T00:00:00Z --format jsonl"
