// dist/certpreflight-offline.html (scripts/make-offline.py): one file that works when opened
// from disk (file://) with nothing fetched at all, under a CSP with connect-src 'none' and
// inline code allowed only by hash.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import {
  ARTIFACTS,
  DIST,
  cspViolations,
  fillFields,
  findingCodes,
  fixture,
  launchBrowser,
  loadPage,
  openPage,
  setInstant,
  verdict,
} from "./lib.mjs";

const OFFLINE = join(DIST, "certpreflight-offline.html");
let browser;
let folder;

before(async () => {
  browser = await launchBrowser();
  // Alone in an empty folder, as a user would save it: nothing beside it to load.
  folder = mkdtempSync(join(tmpdir(), "certpreflight-offline-"));
  if (existsSync(OFFLINE)) copyFileSync(OFFLINE, join(folder, "certpreflight-offline.html"));
});
after(async () => {
  await browser?.close();
  if (folder) rmSync(folder, { recursive: true, force: true });
});

function sha256(text) {
  return `'sha256-${createHash("sha256").update(text, "utf8").digest("base64")}'`;
}

test("the offline file exists and its CSP fetches nothing and allows only its own inline code", () => {
  assert.ok(existsSync(OFFLINE), "dist/certpreflight-offline.html (scripts/build-web.sh makes it)");
  const page = readFileSync(OFFLINE, "utf8");
  const csp = page.match(/<meta http-equiv="Content-Security-Policy" content="([^"]*)">/)?.[1];
  assert.ok(csp, "a CSP <meta>");
  const directives = Object.fromEntries(
    csp.split(";").map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name, values]),
  );
  assert.deepEqual(directives["default-src"], ["'none'"]);
  assert.deepEqual(directives["connect-src"], ["'none'"]);
  // The worker (the engine) starts from a Blob URL the inline script makes: that one source.
  assert.deepEqual(directives["worker-src"], ["blob:"]);
  const scripts = [...page.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
  assert.equal(scripts.length, 1, "one inline script");
  assert.doesNotMatch(scripts[0][1], /\bsrc=/, "the script is inline");
  assert.deepEqual(directives["script-src"].sort(), [sha256(scripts[0][2]), "'wasm-unsafe-eval'"].sort());
  const styles = [...page.matchAll(/<style>([\s\S]*?)<\/style>/g)];
  assert.equal(styles.length, 1, "one inline style");
  assert.deepEqual(directives["style-src"], [sha256(styles[0][1])]);
  assert.ok(!csp.includes("unsafe-inline") && !csp.includes("'self'"), csp);
  assert.doesNotMatch(page.replace(scripts[0][2], ""), /\b(src|href)="(?!data:)[^"]*"/, "no URL to load");
});

test("opened from file://, a good set passes with no request at all", async () => {
  const url = pathToFileURL(join(folder, "certpreflight-offline.html")).href;
  const { context, page, watch } = await openPage(browser, { route: false });
  // Anything that tries the network is stopped and listed; the file itself may load.
  const blocked = [];
  await context.route("**/*", (r) => {
    if (r.request().url() === url) return r.continue();
    blocked.push(r.request().url());
    return r.abort();
  });
  try {
    await loadPage(page, url);
    await setInstant(page);
    await fillFields(page, {
      cert: fixture("rsa2048_good/cert.pem"),
      key: fixture("rsa2048_good/key.pem"),
      chain: fixture("rsa2048_good/chain.pem"),
    });
    assert.equal(await verdict(page), "pass");
    await fillFields(page, { chain: fixture("chain_reversed/chain.pem") });
    assert.ok((await findingCodes(page)).includes("chain-order"));
    await page.screenshot({ path: join(ARTIFACTS, "offline-file.png"), fullPage: true });
    // The worker's blob: URL is made in the page from the file's own text: not the network.
    assert.deepEqual(watch.requests.filter((u) => !u.startsWith("blob:")), [url], "the only request is the file itself");
    assert.deepEqual(blocked, [], "nothing tried the network");
    assert.deepEqual(watch.pageErrors, []);
    assert.deepEqual(await cspViolations(page), []);
    assert.deepEqual(watch.consoleErrors, []);
  } finally {
    await context.close();
  }
});
