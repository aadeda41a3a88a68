#!/usr/bin/env bash
# Refreshes data/regions/regions.tsv, the AWS Regions the engine knows, from botocore's
# endpoint data (botocore/data/endpoints.json in the PyPI wheel: every partition's
# "regions"). Usage: bash scripts/refresh-regions.sh [botocore-version]
set -euo pipefail
cd "$(dirname "$0")/.."
version="${1:-1.44.8}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
python3 -m pip download --quiet --no-deps --only-binary=:all: "botocore==$version" -d "$tmp"
wheel="$(ls "$tmp"/botocore-*.whl)"
python3 - "$wheel" "$version" > data/regions/regions.tsv <<'PY'
import json, sys, zipfile, datetime
wheel, version = sys.argv[1], sys.argv[2]
data = json.loads(zipfile.ZipFile(wheel).read("botocore/data/endpoints.json"))
print(f"# AWS Regions from botocore {version} (PyPI), botocore/data/endpoints.json,")
print(f"# partitions[].regions; written by scripts/refresh-regions.sh on {datetime.date.today()}.")
print("# partition\tregion\tdescription")
for p in data["partitions"]:
    for name in sorted(p["regions"]):
        print(f"{p['partition']}\t{name}\t{p['regions'][name].get('description', '')}")
PY
echo "data/regions/regions.tsv: $(grep -vc '^#' data/regions/regions.tsv) Regions from botocore $version"
