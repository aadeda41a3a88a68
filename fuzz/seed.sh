#!/usr/bin/env bash
# Seeds each fuzz target's corpus (fuzz/corpus/<target>/, git-ignored) with every file under
# tests/fixtures/ and the regression inputs under tests/fuzz_regressions/<target>/.
# Files are named by their SHA-1, as libFuzzer names its own, so re-running adds nothing twice.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

for target in decode check pkcs12; do
  dir="fuzz/corpus/$target"
  mkdir -p "$dir"
  count=0
  while IFS= read -r -d '' file; do
    cp "$file" "$dir/$(sha1sum "$file" | cut -d' ' -f1)"
    count=$((count + 1))
  done < <(find tests/fixtures "tests/fuzz_regressions/$target" -type f \
             ! -name '*.py' ! -name '*.md' ! -name '.gitkeep' -print0 2>/dev/null)
  echo "seed: $count files into $dir ($(find "$dir" -type f | wc -l) in the corpus)"
done
