// The page, end to end: dist/ served under a sub-path on 127.0.0.1, driven in the system
// Chromium. Each test opens a fresh context; every one of them also checks that the page
// logged no error and broke no CSP rule.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import {
  ARTIFACTS,
  DIST,
  SUB_PATH,
  assertHealthy,
  cspViolations,
  dropFiles,
  fillFields,
  findingCodes,
  fixture,
  fixtureBase64,
  fixturePath,
  loadPage,
  pageSuite,
  pemBodies,
  setInstant,
  settle,
  startServer,
  verdict,
  waitForValue,
} from "./lib.mjs";

const GOOD = {
  cert: fixture("rsa2048_good/cert.pem"),
  key: fixture("rsa2048_good/key.pem"),
  chain: fixture("rsa2048_good/chain.pem"),
};

const suite = pageSuite();
const ready = suite.ready;

const healthy = (session) => assertHealthy(session);

async function expectFinding(page, code, { verdictIs = "fail" } = {}) {
  const codes = await findingCodes(page);
  assert.ok(codes.includes(code), `expected finding ${code}, got [${codes.join(", ")}]`);
  assert.equal(await verdict(page), verdictIs);
  const item = page.locator(`ul#findings > li.finding[data-code="${code}"]`).first();
  assert.ok(["error", "warning", "info"].includes(await item.getAttribute("data-severity")));
  return item;
}

describe("static hosting", () => {
  test("dist/ loads under a sub-path with relative URLs only", async () => {
    const session = await ready({ instant: false });
    const { watch } = session;
    const outside = watch.requests.filter((u) => !u.startsWith(suite.server.url));
    assert.deepEqual(outside, [], "requests outside the sub-path");
    const wasm = suite.server.served.find((r) => r.path.endsWith(".wasm"));
    assert.ok(wasm && wasm.status === 200, "the wasm was served from the sub-path");
    assert.ok(suite.server.served.every((r) => r.status === 200 || r.path.endsWith("favicon.ico")));
    await healthy(session);
  });

  test("served with the tightest CSP as an HTTP header, the page still works", async () => {
    // Header CSP and the page's <meta> CSP both apply (a browser enforces each policy).
    // The tightest policy that works: connect-src pinned to the page's one .wasm URL (the
    // worker fetches its own under the worker's policy), no images but the data: favicon,
    // Trusted Types enforced with one policy, `certpreflight`, which lets exactly the
    // worker's URL through (no HTML sink is used at all).
    const index = await readFile(join(DIST, "index.html"), "utf8");
    const wasmName = (index.match(/data-wasm="\.\/([^"]+)"/) ?? [])[1];
    assert.ok(wasmName, "dist/index.html names the wasm in data-wasm");
    const tight = await startServer({
      headers: (path) =>
        path.endsWith(".html")
          ? {
              "content-security-policy": [
                "default-src 'none'",
                "script-src 'self' 'wasm-unsafe-eval'",
                "style-src 'self'",
                `connect-src ${tight.origin}${SUB_PATH}${wasmName}`,
                "img-src data:",
                "base-uri 'none'",
                "form-action 'none'",
                "frame-ancestors 'none'",
                "require-trusted-types-for 'script'",
                "trusted-types certpreflight",
              ].join("; "),
            }
          : {},
    });
    try {
      const session = await suite.open();
      await loadPage(session.page, tight.url);
      await setInstant(session.page);
      await fillFields(session.page, GOOD);
      assert.equal(await verdict(session.page), "pass");
      await session.page.click("button.copy[data-copy]");
      await healthy(session);
    } finally {
      await tight.close();
    }
  });

  test("connect-src cannot be 'none' for the served page (the .wasm is fetched)", async () => {
    const strict = await startServer({
      headers: (path) => (path.endsWith(".html") ? { "content-security-policy": "connect-src 'none'" } : {}),
    });
    try {
      const session = await suite.open();
      await session.page.goto(strict.url);
      await session.page.waitForSelector("#loading.failed", { timeout: 15_000 });
      assert.ok((await cspViolations(session.page)).some((v) => v.startsWith("connect-src")));
    } finally {
      await strict.close();
    }
  });
});

describe("verdicts", () => {
  test("a good set passes (rsa2048_good cert, key, chain)", async () => {
    const session = await ready();
    const { page } = session;
    await fillFields(page, GOOD);
    assert.equal(await verdict(page), "pass");
    assert.equal(await page.getAttribute("#verdict", "role"), "status");
    assert.ok(await page.getAttribute("#verdict", "aria-live"));
    const cards = await page.$$eval(".cert-card[data-role][data-index]", (cards) =>
      cards.map((c) => `${c.dataset.role}:${c.dataset.index}`),
    );
    assert.ok(cards.includes("leaf:0") && cards.includes("chain:0") && cards.includes("chain:1"), cards.join());
    const copies = await page.$$eval(".cert-card[data-role=leaf] button.copy[data-copy]", (b) =>
      b.map((x) => x.dataset.copy),
    );
    assert.ok(copies.some((c) => /^[0-9a-f]{40}$/.test(c)), "SHA-1 copy button");
    assert.ok(copies.some((c) => /^[0-9a-f]{64}$/.test(c)), "SHA-256 copy button");
    const states = await page.$$eval("#chain-view .chain-link[data-state]", (l) => l.map((x) => x.dataset.state));
    assert.ok(states.length >= 2 && states.includes("verified"), states.join());
    assert.match(await page.textContent("#import-command"), /aws acm import-certificate/);
    assert.equal(await page.locator("#download-chain").count(), 0, "no download for a chain in order");
    await page.screenshot({ path: join(ARTIFACTS, "page-pass.png"), fullPage: true });
    await healthy(session);
  });

  test("wrong chain order: chain-order, and the fixed chain.pem downloads intermediate then root", async () => {
    const session = await ready();
    const { page } = session;
    await fillFields(page, {
      cert: fixture("chain_reversed/cert.pem"),
      key: fixture("chain_reversed/key.pem"),
      chain: fixture("chain_reversed/chain.pem"),
    });
    const item = await expectFinding(page, "chain-order");
    assert.ok((await item.locator(".fix").count()) > 0, "chain-order has a .fix");
    const [download] = await Promise.all([page.waitForEvent("download"), page.click("#download-chain")]);
    assert.equal(download.suggestedFilename(), "chain.pem");
    assert.match(download.url(), /^blob:/);
    const pem = await readFile(await download.path(), "utf8");
    const expected = [
      ...pemBodies(fixture("rsa2048_good/intermediate.pem")),
      ...pemBodies(fixture("rsa2048_good/root.pem")),
    ];
    assert.deepEqual(pemBodies(pem), expected, "chain.pem holds the intermediate, then the root");
    await page.screenshot({ path: join(ARTIFACTS, "page-chain-order.png"), fullPage: true });
    await healthy(session);
  });

  test("key mismatch: key-mismatch", async () => {
    const session = await ready();
    await fillFields(session.page, {
      cert: fixture("key_mismatch/cert.pem"),
      key: fixture("key_mismatch/key.pem"),
      chain: fixture("key_mismatch/chain.pem"),
    });
    await expectFinding(session.page, "key-mismatch");
    await healthy(session);
  });

  test("expired leaf: cert-expired, at today's date (#at empty) and at AT", async () => {
    const session = await ready({ instant: false });
    const { page } = session;
    await fillFields(page, {
      cert: fixture("leaf_expired/cert.pem"),
      key: fixture("leaf_expired/key.pem"),
      chain: fixture("leaf_expired/chain.pem"),
    });
    assert.equal(await page.inputValue("#at"), "", "#at is empty: now");
    await expectFinding(page, "cert-expired");
    await setInstant(page);
    await expectFinding(page, "cert-expired");
    assert.match(await page.textContent("#verdict"), /2026-06-01/);
    await healthy(session);
  });

  test("encrypted key: key-encrypted", async () => {
    const session = await ready();
    await fillFields(session.page, { ...GOOD, key: fixture("rsa2048_good/key_encrypted_pkcs8.pem") });
    const item = await expectFinding(session.page, "key-encrypted");
    assert.ok((await item.locator(".fix").count()) > 0, "key-encrypted has a .fix");
    await healthy(session);
  });

  test("the same DER file reads alike through the field's picker, the drop zone and Choose files", async () => {
    const session = await ready();
    const { page } = session;
    const ways = {
      "the certificate field's picker": () => page.setInputFiles("input[type=file]#cert-file", fixturePath("rsa2048_good/cert.der")),
      "a drop": () => dropFiles(page, [{ name: "cert.der", b64: fixtureBase64("rsa2048_good/cert.der") }]),
      "Choose files": () => page.setInputFiles("input[type=file]#drop-files", fixturePath("rsa2048_good/cert.der")),
    };
    for (const [way, give] of Object.entries(ways)) {
      await page.click("#clear");
      await settle(page);
      await fillFields(page, { key: GOOD.key, chain: GOOD.chain });
      await give();
      await waitForValue(page, "cert", "BEGIN CERTIFICATE");
      await settle(page);
      assert.deepEqual(pemBodies(await page.inputValue("#cert")), pemBodies(GOOD.cert), way);
      assert.match(await page.textContent("#drop-notes"), /cert\.der.*DER/s, `${way}: a note says it was converted`);
      assert.equal(await verdict(page), "pass", `${way}: ${(await findingCodes(page)).join()}`);
    }
    await healthy(session);
  });

  test("a bundle in the certificate field: cert-multiple, and Split into the fields fixes it", async () => {
    const session = await ready();
    const { page } = session;
    await fillFields(page, { cert: fixture("rsa2048_good/fullchain.pem"), key: GOOD.key });
    await expectFinding(page, "cert-multiple");
    await page.click("#split-fields");
    await waitForValue(page, "chain", "BEGIN CERTIFICATE");
    await settle(page);
    assert.deepEqual(pemBodies(await page.inputValue("#cert")), pemBodies(GOOD.cert));
    assert.deepEqual(pemBodies(await page.inputValue("#chain")), pemBodies(GOOD.chain));
    assert.equal(await verdict(page), "pass");
    await healthy(session);
  });

  test("RDS shows the trust bundle field; other services do not", async () => {
    const session = await ready();
    const { page } = session;
    assert.equal(await page.locator("textarea#bundle").count(), 0);
    const services = await page.$$eval("select#service option", (o) => o.map((x) => x.value));
    for (const id of ["acm", "cloudfront", "alb", "nlb", "clb", "apigateway-edge", "apigateway-regional", "iam-server", "iam-signing", "iot", "iot-ca", "transfer", "rds", "elb", "apigateway"]) {
      assert.ok(services.includes(id), `select#service offers ${id}`);
    }
    await page.selectOption("select#service", "rds");
    await settle(page);
    assert.equal(await page.locator("textarea#bundle").count(), 1);
    assert.equal(await page.locator("input[type=file]#bundle-file").count(), 1);
    assert.equal(await page.locator("#opt-ca-identifier").count(), 1);
    assert.ok((await page.textContent("#service-summary")).trim().length > 0);
    await healthy(session);
  });

  test("a private root: the trusted-root field ends the path there; CloudFront refuses it", async () => {
    const session = await ready();
    const { page } = session;
    await fillFields(page, { cert: GOOD.cert, key: GOOD.key, chain: fixture("rsa2048_good/chain_no_root.pem") });
    assert.equal(await page.getAttribute("#chain-anchor", "data-kind"), "unknown");
    assert.match(await page.textContent("#chain-anchor"), /no store knows/);
    await fillFields(page, { trust: fixture("rsa2048_good/root.pem") });
    assert.equal(await page.getAttribute("#chain-anchor", "data-kind"), "given");
    assert.equal(await verdict(page), "pass");
    await expectFinding(page, "chain-untrusted", { verdictIs: "pass" });
    await page.selectOption("select#service", "cloudfront");
    await settle(page);
    await expectFinding(page, "chain-untrusted");
    // RDS takes a trust bundle instead.
    await page.selectOption("select#service", "rds");
    await settle(page);
    assert.equal(await page.locator("textarea#trust").count(), 0);
    await healthy(session);
  });

  test("Clear empties every field and the verdict", async () => {
    const session = await ready();
    const { page } = session;
    await fillFields(page, GOOD);
    assert.equal(await verdict(page), "pass");
    await page.click("#clear");
    await settle(page);
    assert.equal(await verdict(page), "empty");
    for (const id of ["cert", "key", "chain"]) assert.equal(await page.inputValue(`#${id}`), "");
    await healthy(session);
  });

  test("the privacy note and the offline download link are there", async () => {
    const session = await ready({ instant: false });
    const { page } = session;
    assert.ok((await page.textContent("#privacy-note")).trim().length > 0);
    const link = page.locator('a#offline-download[href="certpreflight-offline.html"][download]');
    assert.equal(await link.count(), 1);
    const [download] = await Promise.all([page.waitForEvent("download"), link.click()]);
    assert.equal(download.suggestedFilename(), "certpreflight-offline.html");
    const saved = await readFile(await download.path(), "utf8");
    assert.match(saved, /connect-src 'none'/);
    await healthy(session);
  });
});

describe("drag and drop, several files", () => {
  const files = [
    { name: "chain.pem", b64: fixtureBase64("rsa2048_good/chain.pem") },
    { name: "server.key", b64: fixtureBase64("rsa2048_good/key.pem") },
    { name: "www.example.com.crt", b64: fixtureBase64("rsa2048_good/cert.pem") },
  ];

  async function assertSorted(page, keyFixture = "rsa2048_good/key.pem") {
    await waitForValue(page, "key", "PRIVATE KEY");
    await waitForValue(page, "chain", "BEGIN CERTIFICATE");
    await settle(page);
    assert.deepEqual(pemBodies(await page.inputValue("#cert")), pemBodies(fixture("rsa2048_good/cert.pem")));
    assert.deepEqual(pemBodies(await page.inputValue("#key")), pemBodies(fixture(keyFixture)));
    assert.deepEqual(pemBodies(await page.inputValue("#chain")), pemBodies(fixture("rsa2048_good/chain.pem")));
    assert.equal(await verdict(page), "pass");
  }

  test("three files dropped at once are sorted into certificate, key and chain", async () => {
    const session = await ready();
    await dropFiles(session.page, files);
    await assertSorted(session.page);
    await healthy(session);
  });

  test("one bundle dropped (key + leaf + CAs) is split into the three fields", async () => {
    const session = await ready();
    await dropFiles(session.page, [{ name: "bundle.pem", b64: fixtureBase64("rsa2048_good/pkcs12_nodes_output.pem") }]);
    // openssl pkcs12 -nodes writes the key as PKCS#8: the same key as key_pkcs8.pem.
    await assertSorted(session.page, "rsa2048_good/key_pkcs8.pem");
    await healthy(session);
  });

  test("a .pfx dropped: a wrong password gets pkcs12-password, the right one opens it, and the PEM trio downloads", async () => {
    const session = await ready();
    const { page } = session;
    for (const name of ["bundle.p12", "bundle_legacy.p12"]) {
      await page.click("#clear");
      await dropFiles(page, [{ name, b64: fixtureBase64(`rsa2048_good/${name}`) }]);
      await page.waitForSelector("#p12-password");
      await settle(page);
      await expectFinding(page, "pkcs12-given", { verdictIs: "incomplete" });
      await page.fill("#p12-password", "not the password");
      await page.press("#p12-password", "Enter");
      await settle(page);
      assert.deepEqual(await findingCodes(page), ["pkcs12-password"], name);
      assert.equal(await page.inputValue("#p12-password"), "", "the typed password does not stay in the input");
      await page.fill("#p12-password", "test");
      await page.click("#p12-open");
      await settle(page);
      assert.equal(await verdict(page), "pass", `${name}: ${(await findingCodes(page)).join()}`);
      const expected = {
        "cert.pem": fixture("rsa2048_good/cert.pem"),
        "chain.pem": fixture("rsa2048_good/chain.pem"),
        "key.pem": fixture("rsa2048_good/key_pkcs8.pem"),
      };
      for (const [file, text] of Object.entries(expected)) {
        const id = `#download-${file.replace(".pem", "")}`;
        const [download] = await Promise.all([page.waitForEvent("download"), page.click(id)]);
        assert.equal(download.suggestedFilename(), file);
        assert.match(download.url(), /^blob:/);
        assert.equal(await readFile(await download.path(), "utf8"), text, `${name}: ${file}`);
      }
    }
    await page.screenshot({ path: join(ARTIFACTS, "page-pkcs12.png"), fullPage: true });
    await healthy(session);
  });

  test("junk around a certificate: the fixed cert.pem downloads as clean PEM", async () => {
    const session = await ready();
    const { page } = session;
    await fillFields(page, { cert: fixture("rsa2048_good/cert_with_text.pem") });
    const files = await page.$$eval("#repair li.fixed-file", (l) => l.map((x) => x.dataset.file));
    assert.deepEqual(files, ["cert.pem"]);
    const [download] = await Promise.all([page.waitForEvent("download"), page.click("#download-cert")]);
    assert.equal(await readFile(await download.path(), "utf8"), fixture("rsa2048_good/cert.pem"));
    assert.equal(await page.locator("#download-key").count(), 0, "no key file without a key");
    await healthy(session);
  });

  test("#drop-files (keyboard) sorts several picked files the same way", async () => {
    const session = await ready();
    await session.page.setInputFiles(
      "input[type=file]#drop-files",
      ["rsa2048_good/chain.pem", "rsa2048_good/key.pem", "rsa2048_good/cert.pem"].map(fixturePath),
    );
    await assertSorted(session.page);
    await healthy(session);
  });
});

describe("privacy", () => {
  test("the load is GETs of index.html, loader.js and content-hashed files, the worker's too", async () => {
    const before = suite.server.served.length;
    const session = await ready({ instant: false });
    const served = suite.server.served.slice(before).map((r) => r.path.slice(SUB_PATH.length));
    assert.ok(served.some((p) => /^worker-[0-9a-f]{16}_bg\.wasm$/.test(p)), served.join());
    for (const path of served) {
      assert.match(path, /^(|index\.html|loader\.js|[a-z_]+-[0-9a-f]{16}(_bg\.wasm|_loader\.js|\.js|\.css|_bg\.wasm))$/, path);
    }
    // The server only answers GET (anything else is a 404, which the first test rules out).
    await healthy(session);
  });

  test("zero network requests after load, whatever the user does", async () => {
    const session = await ready({ instant: false });
    const { page, watch } = session;
    const loadRequests = watch.requests.length;
    assert.ok(loadRequests >= 4, `the load itself made ${loadRequests} requests`);
    watch.requests.length = 0;
    watch.routed.length = 0;
    const served = suite.server.served.length;

    await setInstant(page);
    await fillFields(page, GOOD);
    assert.equal(await verdict(page), "pass");
    for (const button of await page.$$("button.copy[data-copy]")) await button.click();
    for (const id of ["cloudfront", "alb", "nlb", "clb", "apigateway-edge", "apigateway-regional", "iam-server", "iam-signing", "iot", "iot-ca", "transfer", "rds", "elb", "apigateway", "acm"]) {
      await page.selectOption("select#service", id);
      await settle(page);
    }
    await fillFields(page, { chain: fixture("chain_reversed/chain.pem") });
    await page.click("#download-chain");
    await fillFields(page, { key: fixture("rsa2048_good/key_encrypted_pkcs8.pem") });
    await page.setInputFiles("input[type=file]#cert-file", fixturePath("rsa2048_good/cert.der"));
    await dropFiles(page, [{ name: "bundle.pem", b64: fixtureBase64("rsa2048_good/pkcs12_nodes_output.pem") }]);
    await page.setInputFiles("input[type=file]#drop-files", [fixturePath("rsa2048_good/chain.p7b")]);
    await page.waitForTimeout(300);
    // A PKCS#12 file opened with its password, and its key downloaded: all in the tab.
    await page.click("#clear");
    await settle(page);
    await dropFiles(page, [{ name: "site.pfx", b64: fixtureBase64("rsa2048_good/bundle.p12") }]);
    await page.waitForSelector("#p12-password");
    await page.fill("#p12-password", "test");
    await page.press("#p12-password", "Enter");
    await settle(page);
    await page.click("#download-key");
    await page.click("#clear");
    await settle(page);

    // blob: URLs of the chain download are not network requests; list them apart.
    const network = watch.requests.filter((u) => !u.startsWith("blob:"));
    assert.deepEqual(network, [], "requests seen by page.on('request') after load");
    assert.deepEqual(watch.routed.filter((u) => !u.startsWith("blob:")), [], "requests routed after load");
    assert.equal(suite.server.served.length, served, "the server saw no request after load");
    await healthy(session);
  });
});

describe("the page never dies silently", () => {
  test("a panic shows #fatal-error (role=alert)", async () => {
    const session = await ready();
    const { page, watch } = session;
    assert.equal(await page.locator("#fatal-error:visible").count(), 0, "no error before the panic");
    await page.fill("#cert", "certpreflight:test-panic");
    await page.waitForSelector("#fatal-error", { state: "visible", timeout: 5_000 });
    assert.equal(await page.getAttribute("#fatal-error", "role"), "alert");
    assert.ok((await page.textContent("#fatal-error")).trim().length > 20);
    await page.screenshot({ path: join(ARTIFACTS, "page-fatal-error.png"), fullPage: true });
    assert.ok(watch.pageErrors.length + watch.consoleErrors.length > 0, "the panic was also logged");
  });
});
