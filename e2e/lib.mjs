// Shared helpers of the end-to-end tests (not a test file itself: `node --test e2e/` runs
// only *.test.mjs). A tiny static server for dist/ under a sub-path, the system Chromium
// through playwright-core, fixtures, and page helpers that speak the page's DOM contract.
import { createServer } from "node:http";
import { mkdirSync, readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { extname, join, normalize, sep } from "node:path";
import { fileURLToPath } from "node:url";
import assert from "node:assert/strict";
import { after, afterEach, before } from "node:test";
import { chromium } from "playwright-core";

export const ROOT = fileURLToPath(new URL("..", import.meta.url));
export const DIST = join(ROOT, "dist");
export const FIXTURES = join(ROOT, "tests", "fixtures");
export const ARTIFACTS = join(ROOT, "e2e", "artifacts");
mkdirSync(ARTIFACTS, { recursive: true });

/** The page is served here, not at "/": dist/ must work under any sub-path. */
export const SUB_PATH = "/some/sub/path/";

/** The evaluation instant the tests use (tests/fixtures/README.md: AT). */
export const AT_RFC3339 = "2026-06-01T00:00:00Z";

export const MIME = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".wasm": "application/wasm",
  ".json": "application/json",
  ".png": "image/png",
  ".svg": "image/svg+xml",
  ".ico": "image/x-icon",
  ".txt": "text/plain; charset=utf-8",
};

/**
 * Serves dist/ at http://127.0.0.1:PORT/some/sub/path/ (port 0: the system picks a free one).
 * Anything outside the sub-path is a 404, so an absolute URL in the page would show up as a
 * failed request. `headers(path)` may add response headers (e.g. a CSP header).
 * Every request is kept in `server.served` ({ path, status, bytes }).
 */
export async function startServer({ headers = () => ({}) } = {}) {
  const served = [];
  const server = createServer(async (req, res) => {
    const url = new URL(req.url, "http://127.0.0.1");
    let path = decodeURIComponent(url.pathname);
    const record = { path, status: 404, bytes: null };
    served.push(record);
    if (path === SUB_PATH.slice(0, -1)) {
      res.writeHead(301, { location: SUB_PATH }).end();
      record.status = 301;
      return;
    }
    if (!path.startsWith(SUB_PATH) || req.method !== "GET") {
      res.writeHead(404).end();
      return;
    }
    path = path.slice(SUB_PATH.length) || "index.html";
    if (path.endsWith("/")) path += "index.html";
    const file = normalize(join(DIST, path));
    if (!file.startsWith(DIST + sep)) {
      res.writeHead(404).end();
      return;
    }
    try {
      const body = await readFile(file);
      record.status = 200;
      record.bytes = body;
      res.writeHead(200, {
        "content-type": MIME[extname(file)] ?? "application/octet-stream",
        "cache-control": "no-store",
        ...headers(path),
      });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${server.address().port}`;
  return {
    origin,
    url: `${origin}${SUB_PATH}`,
    served,
    // server.close() alone waits for every open connection to end, and a page that is still
    // open keeps its keep-alive connection: that hung the suite (seen in CI). So close them.
    close: () =>
      new Promise((resolve) => {
        server.close(resolve);
        server.closeAllConnections();
      }),
  };
}

export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

/** Debian's Chromium (never a downloaded one); CHROMIUM overrides the path. */
export function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    headless: true,
    args: CHROMIUM_ARGS,
  });
}

/**
 * A fresh context and page that records what could go wrong: every request (page.on and a
 * route on every URL), page errors, console errors, CSP violations (listened for inside the
 * page from before its first script).
 */
export async function openPage(browser, { viewport = { width: 1280, height: 900 }, route = true } = {}) {
  const context = await browser.newContext({ viewport, timezoneId: "UTC", acceptDownloads: true });
  const watch = { requests: [], routed: [], pageErrors: [], consoleErrors: [] };
  if (route) {
    await context.route("**/*", (r) => {
      watch.routed.push(r.request().url());
      return r.continue();
    });
  }
  await context.addInitScript(() => {
    window.__csp = [];
    document.addEventListener("securitypolicyviolation", (e) =>
      window.__csp.push(`${e.effectiveDirective} blocked ${e.blockedURI || "(inline)"}`),
    );
  });
  const page = await context.newPage();
  page.on("request", (r) => watch.requests.push(r.url()));
  page.on("pageerror", (e) => watch.pageErrors.push(e.message));
  page.on("console", (m) => m.type() === "error" && watch.consoleErrors.push(m.text()));
  return { context, page, watch };
}

/**
 * Loads the page and waits until it is interactive (the contract's empty verdict) and its
 * worker, the engine, listens (#results[data-engine=ready]).
 */
export async function loadPage(page, url) {
  await page.goto(url);
  await page.waitForSelector('#verdict[data-verdict="empty"]', { timeout: 15_000 });
  await page.waitForSelector("#cert:enabled");
  await page.waitForSelector('#results[data-engine="ready"]', { timeout: 15_000 });
}

export async function cspViolations(page) {
  return page.evaluate(() => window.__csp ?? []);
}

export function fixture(path) {
  return readFileSync(join(FIXTURES, path), "utf8");
}

export function fixturePath(path) {
  return join(FIXTURES, path);
}

export function fixtureBase64(path) {
  return readFileSync(join(FIXTURES, path)).toString("base64");
}

/**
 * Waits until Yew has rendered what the last input produced (two frames), and until the
 * worker has answered the latest check (the verdict is aria-busy meanwhile), then two frames
 * more for the answer's render.
 */
export async function settle(page) {
  const frames = () =>
    page.evaluate(
      () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(resolve, 0)))),
    );
  await frames();
  await page.waitForFunction(
    () => {
      const v = document.getElementById("verdict");
      return v && v.getAttribute("aria-busy") !== "true" && v.dataset.verdict !== "checking";
    },
    null,
    { timeout: 10_000 },
  );
  await frames();
}

/**
 * Sets the evaluation instant to AT. A datetime-local input takes "2026-06-01T00:00"; the
 * text input takes RFC 3339.
 */
export async function setInstant(page, value = AT_RFC3339) {
  const type = await page.getAttribute("#at", "type");
  const text = value === "" ? "" : type === "datetime-local" ? value.slice(0, 16) : value;
  await page.fill("#at", text);
  await settle(page);
}

/** Fills the given textareas (cert, key, chain, bundle) and waits for the render. */
export async function fillFields(page, fields) {
  for (const [id, text] of Object.entries(fields)) {
    await page.fill(`#${id}`, text);
  }
  await settle(page);
}

export async function verdict(page) {
  return page.getAttribute("#verdict", "data-verdict");
}

export async function findingCodes(page) {
  return page.$$eval("ul#findings > li.finding", (items) => items.map((li) => li.dataset.code));
}

/** Waits until a field's value satisfies `test` (file reads are asynchronous). */
export async function waitForValue(page, id, includes, timeout = 10_000) {
  await page.waitForFunction(
    ([id, includes]) => document.getElementById(id)?.value.includes(includes),
    [id, includes],
    { timeout },
  );
}

/**
 * Drops files on #drop-zone the way a browser does: dragenter, dragover, drop, with one
 * DataTransfer holding File objects made in the page. `files`: [{ name, b64 }].
 */
export async function dropFiles(page, files) {
  const dataTransfer = await page.evaluateHandle((files) => {
    const dt = new DataTransfer();
    for (const { name, b64 } of files) {
      const text = atob(b64);
      const bytes = Uint8Array.from(text, (c) => c.charCodeAt(0));
      dt.items.add(new File([bytes], name));
    }
    return dt;
  }, files);
  for (const type of ["dragenter", "dragover", "drop"]) {
    await page.dispatchEvent("#drop-zone", type, { dataTransfer });
  }
  await dataTransfer.dispose();
}

/** The PEM blocks of a text, each normalised to its base64 body. */
export function pemBodies(text) {
  return [...text.matchAll(/-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/g)].map((m) =>
    m[2].replace(/\s+/g, ""),
  );
}

/**
 * The hooks a suite of page tests needs, registered once: dist/ served and one Chromium for
 * the file, every page in its own context, closed after each test.
 *   suite.server, suite.browser   (set once `before` ran)
 *   suite.open(options)           a page in a new context (openPage's options)
 *   suite.ready(options)          the same, loaded from the server (or `url`) until interactive,
 *                                 in `colorScheme` if given, at AT unless `instant: false`
 */
export function pageSuite() {
  const opened = [];
  const suite = {
    server: null,
    browser: null,
    async open(options = {}) {
      const session = await openPage(suite.browser, options);
      opened.push(session);
      return session;
    },
    async ready({ instant = true, url, ...options } = {}) {
      const session = await suite.open(options);
      if (options.colorScheme) await session.page.emulateMedia({ colorScheme: options.colorScheme });
      await loadPage(session.page, url ?? suite.server.url);
      if (instant) await setInstant(session.page);
      return session;
    },
  };
  before(async () => {
    suite.server = await startServer();
    suite.browser = await launchBrowser();
  });
  after(async () => {
    await suite.browser?.close();
    await suite.server?.close();
  });
  afterEach(async () => {
    for (const { context } of opened.splice(0)) await context.close();
  });
  return suite;
}

/** No page error and no CSP violation (and, unless `console: false`, no console error). */
export async function assertHealthy({ page, watch }, { console = true } = {}) {
  assert.deepEqual(watch.pageErrors, [], "page errors");
  assert.deepEqual(await cspViolations(page), [], "CSP violations");
  if (console) assert.deepEqual(watch.consoleErrors, [], "console errors");
}
