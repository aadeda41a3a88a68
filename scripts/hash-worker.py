#!/usr/bin/env python3
"""Trunk post-build hook: gives the page's worker content-hashed file names, as Trunk gives
the page's own files, so every file after index.html and loader.js can be cached for good
and every request after load is a GET of a hashed static file.

Trunk writes a worker as `worker.js` (wasm-bindgen's no-modules glue) and `worker_bg.wasm`
without hashes. This renames them to `worker-HASH.js` and `worker-HASH_bg.wasm` (HASH: the
first 16 hex digits of the SHA-256 of both), writes `worker-HASH_loader.js` (the worker's
entry: importScripts of the glue, then the wasm), and puts its name on the loader's script
tag in index.html as `data-worker`. Runs in the staging folder (TRUNK_STAGING_DIR), for
`trunk build` and `trunk serve` alike. Python standard library only.
"""

import hashlib
import os
import re
import sys
from pathlib import Path


def main() -> None:
    stage = Path(os.environ.get("TRUNK_STAGING_DIR") or (sys.argv[1] if len(sys.argv) > 1 else "dist"))
    glue, wasm = stage / "worker.js", stage / "worker_bg.wasm"
    if not glue.is_file() or not wasm.is_file():
        sys.exit(f"hash-worker: {glue} or {wasm} is missing")
    digest = hashlib.sha256(glue.read_bytes() + wasm.read_bytes()).hexdigest()[:16]
    base = f"worker-{digest}"
    glue.rename(stage / f"{base}.js")
    wasm.rename(stage / f"{base}_bg.wasm")
    loader = f"{base}_loader.js"
    (stage / loader).write_text(
        f'importScripts("./{base}.js");wasm_bindgen({{ module_or_path: "./{base}_bg.wasm" }});\n',
        encoding="utf-8",
    )
    index = stage / "index.html"
    html = index.read_text(encoding="utf-8")
    tag = re.compile(r"<script ([^>]*data-js=[^>]*)>")
    if not tag.search(html):
        sys.exit("hash-worker: no loader <script data-js=...> in index.html")
    html = tag.sub(lambda m: f'<script {m.group(1)} data-worker="./{loader}">', html, count=1)
    index.write_text(html, encoding="utf-8")
    print(f"hash-worker: {base}.js, {base}_bg.wasm, {loader}")


if __name__ == "__main__":
    main()
