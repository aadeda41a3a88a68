#!/usr/bin/env bash
# Serves the page at http://127.0.0.1:8080/ (release build; Ctrl-C stops it). Installs the
# tools first if needed. Trunk rebuilds on changes; reload the tab by hand (the live-reload
# script is off: the page's CSP refuses inline scripts).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/setup.sh
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"

echo "serving on http://127.0.0.1:8080/"
exec trunk serve --release --offline --address 127.0.0.1 --port 8080
