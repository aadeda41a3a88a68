#!/usr/bin/env bash
# Builds the web page into dist/ (relative URLs: serve it from any path) and the one-file
# offline copy dist/certpreflight-offline.html, then prints the gzip size of each file. Assumes scripts/setup.sh has run; never downloads anything.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
# Trunk only uses tools on PATH whose versions match Trunk.toml [tools]: wasm-bindgen from
# ~/.cargo/bin, wasm-opt from npm's binaryen.
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"

start=$(date +%s)
trunk build --release --offline
echo "trunk build --release: $(( $(date +%s) - start )) s"

# The same page as one self-contained file (wasm, JS glue and CSS inlined; CSP connect-src
# 'none'), to save and open from disk: dist/certpreflight-offline.html.
python3 scripts/make-offline.py dist

echo "dist/ (bytes, gzip -9):"
total_raw=0
total_gz=0
offline=dist/certpreflight-offline.html
while IFS= read -r file; do
  raw=$(stat -c %s "$file")
  gz=$(gzip -9 -c "$file" | wc -c)
  total_raw=$((total_raw + raw))
  total_gz=$((total_gz + gz))
  printf '  %9d %9d  %s\n' "$raw" "$gz" "${file#dist/}"
done < <(find dist -type f ! -path "$offline" | sort)
printf '  %9d %9d  total (what the page loads)\n' "$total_raw" "$total_gz"
printf '  %9d %9d  %s (separate download)\n' "$(stat -c %s "$offline")" "$(gzip -9 -c "$offline" | wc -c)" "${offline#dist/}"
