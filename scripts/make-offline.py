#!/usr/bin/env python3
"""Makes dist/certpreflight-offline.html: the whole page in one file, to save and open from
disk (file://) on a machine without network.

Reads what `trunk build` wrote into dist/ and inlines it:
  * the stylesheet, as one <style> element;
  * the wasm-bindgen JS glue, its `export` line removed, in one <script type="module">,
    followed by a starter that decodes the wasm (gzip, then base64: the file is about a
    third of the raw wasm's base64) with the browser's DecompressionStream and hands the
    bytes to the glue's init (`__wbg_init({ module_or_path: bytes })`): nothing is fetched;
  * the worker (the engine: its no-modules glue and its wasm, packed the same way), as the
    text of a Blob the starter turns into a blob: URL and names on <body data-worker>, where
    the page's link (src/app/link.rs) starts it from.

The Content-Security-Policy allows exactly that: the inline script and the inline style by
their sha256 hashes (computed here), 'wasm-unsafe-eval' to compile the wasm, worker-src
blob: for the worker, and connect-src 'none' (no fetch, no XHR, no WebSocket, no preload).
Python standard library only. Usage: python3 scripts/make-offline.py [DIST_DIR]   (default: dist)
"""

import base64
import gzip
import hashlib
import html
import json
import re
import sys
from pathlib import Path

OUTPUT_NAME = "certpreflight-offline.html"


def fail(message: str) -> None:
    print(f"make-offline: error: {message}", file=sys.stderr)
    sys.exit(1)


def csp_hash(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def attribute(tag: str, name: str) -> str:
    match = re.search(rf'\s{re.escape(name)}="([^"]*)"', tag)
    if not match:
        fail(f"no {name}= in {tag!r}")
    return html.unescape(match.group(1))


def local_file(dist: Path, url: str) -> Path:
    """A relative URL of dist/index.html ("./name") as a path inside dist/."""
    name = url[2:] if url.startswith("./") else url
    if "/" in name or name.startswith(".") or not name:
        fail(f"unexpected URL {url!r} in dist/index.html (Trunk.toml public_url must be \"./\")")
    path = dist / name
    if not path.is_file():
        fail(f"{path} is missing")
    return path


def glue_module(glue: str) -> str:
    """The wasm-bindgen glue without its export statement, so it can run inline."""
    export = re.compile(r"^export \{[^}]*\};?\s*$", re.MULTILINE)
    if len(export.findall(glue)) != 1:
        fail("the JS glue does not end with exactly one `export { ... };` line")
    if re.search(r"^\s*import\s", glue, re.MULTILINE) or "import(" in glue:
        fail("the JS glue imports other modules (wasm-bindgen snippets?); inline them too")
    if "async function __wbg_init(" not in glue:
        fail("the JS glue has no __wbg_init (wasm-bindgen's --target web output expected)")
    return export.sub("", glue).rstrip() + "\n"


# Turns gzip+base64 text back into the wasm's bytes: a Response over a local stream, not a
# fetch, so connect-src 'none' does not apply. Used by the page and by the worker.
UNPACK = """
async function unpackWasm(base64) {
  const text = atob(base64);
  const packed = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) packed[i] = text.charCodeAt(i);
  const stream = new Blob([packed]).stream().pipeThrough(new DecompressionStream("gzip"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}
"""

# The worker's own script: its glue, its wasm, and the start (wasm_bindgen is the no-modules
# glue's init; the worker's main posts Ready once it listens).
WORKER_START = """
unpackWasm(WORKER_WASM_GZIP_BASE64).then((bytes) => wasm_bindgen({ module_or_path: bytes }));
"""

STARTER = """
// certpreflight-offline: start the page and its worker from the bytes above; nothing is fetched.
{
  const loading = document.getElementById("loading");
  try {
    const worker = new Blob([WORKER_SCRIPT], { type: "text/javascript" });
    document.body.dataset.worker = URL.createObjectURL(worker);
    const bytes = await unpackWasm(WASM_GZIP_BASE64);
    await __wbg_init({ module_or_path: bytes });
    loading?.remove();
  } catch (error) {
    if (loading) {
      loading.textContent = `The checker could not start: ${error}`;
      loading.classList.add("failed");
    }
    throw error;
  }
}
"""


def main() -> None:
    dist = Path(sys.argv[1] if len(sys.argv) > 1 else "dist")
    index_path = dist / "index.html"
    if not index_path.is_file():
        fail(f"{index_path} is missing: run trunk build first")
    page = index_path.read_text(encoding="utf-8")

    # The loader tag Trunk.toml's pattern_script writes.
    loader_tags = re.findall(r"<script\b[^>]*\bdata-js=[^>]*>\s*</script>", page)
    if len(loader_tags) != 1:
        fail("expected one <script data-js data-wasm> loader tag in dist/index.html")
    loader_tag = loader_tags[0]
    glue = local_file(dist, attribute(loader_tag, "data-js")).read_text(encoding="utf-8")
    wasm = local_file(dist, attribute(loader_tag, "data-wasm")).read_bytes()
    if wasm[:4] != b"\0asm":
        fail("the wasm file does not start with the wasm magic number")

    # The worker: the loader hash-worker.py named on the tag, and its glue and wasm beside it.
    worker_loader = attribute(loader_tag, "data-worker")
    worker_base = re.fullmatch(r"\./(worker-[0-9a-f]+)_loader\.js", worker_loader)
    if not worker_base:
        fail(f"unexpected worker loader name {worker_loader!r} (scripts/hash-worker.py writes it)")
    worker_glue = local_file(dist, f"./{worker_base.group(1)}.js").read_text(encoding="utf-8")
    worker_wasm = local_file(dist, f"./{worker_base.group(1)}_bg.wasm").read_bytes()
    if worker_wasm[:4] != b"\0asm":
        fail("the worker's wasm file does not start with the wasm magic number")
    if "wasm_bindgen" not in worker_glue:
        fail("the worker's glue has no wasm_bindgen (wasm-bindgen's no-modules output expected)")

    css_tags = re.findall(r'<link rel="stylesheet"[^>]*>', page)
    if len(css_tags) != 1:
        fail("expected one stylesheet <link> in dist/index.html")
    css = local_file(dist, attribute(css_tags[0], "href")).read_text(encoding="utf-8")
    if "</style" in css.lower():
        fail("the stylesheet contains </style")

    # mtime=0: the same wasm gives the same bytes (and the same CSP hash) on every build.
    def packed(data: bytes) -> str:
        return base64.b64encode(gzip.compress(data, compresslevel=9, mtime=0)).decode("ascii")

    worker_script = (
        worker_glue.rstrip()
        + "\n"
        + UNPACK
        + f'const WORKER_WASM_GZIP_BASE64 = "{packed(worker_wasm)}";\n'
        + WORKER_START
    )
    script = (
        glue_module(glue)
        + UNPACK
        + f'\nconst WASM_GZIP_BASE64 = "{packed(wasm)}";\n'
        + f"const WORKER_SCRIPT = {json.dumps(worker_script)};\n"
        + STARTER
    )
    if "</script" in script.lower():
        fail("the JS glue contains </script")
    # The hashes cover the exact text between the tags (the browser hashes it as UTF-8).
    style_text = "\n" + css.rstrip() + "\n"
    script_text = "\n" + script

    csp = "; ".join(
        [
            "default-src 'none'",
            f"script-src {csp_hash(script_text)} 'wasm-unsafe-eval'",
            f"style-src {csp_hash(style_text)}",
            "connect-src 'none'",
            "worker-src blob:",
            "img-src data:",
            "base-uri 'none'",
            "form-action 'none'",
        ]
    )

    out = page
    # Drop what would be fetched: the loader, the modulepreload/preload links, the stylesheet.
    out = out.replace(loader_tag, "")
    out = re.sub(r'<link rel="(?:modulepreload|preload)"[^>]*>', "", out)
    out = out.replace(css_tags[0], f"<style>{style_text}</style>")
    # Replace the served page's CSP (and its comment, which talks about fetching the .wasm).
    csp_meta = re.compile(r'<meta http-equiv="Content-Security-Policy" content="[^"]*">')
    if len(csp_meta.findall(out)) != 1:
        fail("expected one CSP <meta> in dist/index.html")
    out = csp_meta.sub(lambda _: f'<meta http-equiv="Content-Security-Policy" content="{csp}">', out)
    out = re.sub(r"<!--.*?-->\s*", "", out, flags=re.DOTALL)
    # The script goes last in <body>: #loading exists when it runs (modules are deferred anyway).
    if out.count("</body>") != 1:
        fail("expected one </body> in dist/index.html")
    out = out.replace("</body>", f'<script type="module">{script_text}</script>\n  </body>')

    for leftover in ("src=", "href=\"./", "rel=\"stylesheet\""):
        if leftover in out.replace(script_text, ""):
            fail(f"{leftover!r} is still in the offline page: it would fetch something")

    target = dist / OUTPUT_NAME
    target.write_text(out, encoding="utf-8")
    print(f"make-offline: wrote {target} ({len(out.encode('utf-8'))} bytes)")


if __name__ == "__main__":
    main()
