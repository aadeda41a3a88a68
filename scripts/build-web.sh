#!/usr/bin/env bash
# Builds the web page into dist/ (relative URLs: serve it from any path), then prints the
# gzip size of each file. Assumes scripts/setup.sh has run; never downloads anything.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
# Trunk only uses tools on PATH whose versions match Trunk.toml [tools]: wasm-bindgen from
# ~/.cargo/bin, wasm-opt from npm's binaryen.
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"

start=$(date +%s)
trunk build --release --offline
echo "trunk build --release: $(( $(date +%s) - start )) s"

echo "dist/ (bytes, gzip -9):"
total_raw=0
total_gz=0
while IFS= read -r file; do
  raw=$(stat -c %s "$file")
  gz=$(gzip -9 -c "$file" | wc -c)
  total_raw=$((total_raw + raw))
  total_gz=$((total_gz + gz))
  printf '  %9d %9d  %s\n' "$raw" "$gz" "${file#dist/}"
done < <(find dist -type f | sort)
printf '  %9d %9d  total\n' "$total_raw" "$total_gz"
