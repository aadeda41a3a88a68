// "Where can this go?": the matrix of every target, honest verdicts (pass, fail,
// incomplete), the phone layout, the examples, files dropped anywhere. The page's answers are
// compared with the command-line tool's for the same inputs: one engine, two front ends.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import {
  ARTIFACTS,
  AT_RFC3339,
  ROOT,
  assertHealthy,
  dropFiles,
  fillFields,
  findingCodes,
  fixture,
  fixtureBase64,
  fixturePath,
  pageSuite,
  pemBodies,
  settle,
  verdict,
  waitForValue,
} from "./lib.mjs";

const suite = pageSuite();
const ready = suite.ready;

const set = (name) => ({
  cert: fixture(`${name}/cert.pem`),
  key: fixture(`${name}/key.pem`),
  chain: fixture(`${name}/chain.pem`),
});

/** The CLI (cargo test built it; built here when it was not). */
function cli() {
  const binary = join(ROOT, "target", "debug", "certpreflight");
  if (!existsSync(binary)) execFileSync("cargo", ["build", "--quiet", "--bin", "certpreflight"], { cwd: ROOT });
  return binary;
}

/** `certpreflight check --service all --format json` for a fixture set, at AT. */
function cliMatrix(name) {
  const args = ["check", "--service", "all", "--format", "json", "--at", AT_RFC3339];
  for (const [flag, file] of [["--cert", "cert.pem"], ["--key", "key.pem"], ["--chain", "chain.pem"]]) {
    args.push(flag, fixturePath(`${name}/${file}`));
  }
  return JSON.parse(execFileSync(cli(), args, { encoding: "utf8" }));
}

/** The page's matrix: { service: { verdict, reason } }, in row order. */
async function pageMatrix(page) {
  return page.$$eval("#matrix tbody tr[data-service]", (rows) =>
    rows.map((r) => ({
      service: r.dataset.service,
      verdict: r.dataset.verdict,
      reason: r.querySelector(".reason")?.textContent ?? "",
    })),
  );
}

describe("the matrix", () => {
  for (const name of ["rsa2048_good", "rsa4096", "ec_p384"]) {
    test(`${name}: one row per target, each the CLI's verdict and first error`, async () => {
      const session = await ready();
      const { page } = session;
      await fillFields(page, set(name));
      const rows = await pageMatrix(page);
      const expected = cliMatrix(name).targets;
      assert.deepEqual(
        rows.map((r) => r.service),
        expected.map((t) => t.service),
        "the same targets, in the same order",
      );
      for (const [i, target] of expected.entries()) {
        assert.equal(rows[i].verdict, target.verdict, `${name} ${target.service}`);
        if (target.first_error) assert.equal(rows[i].reason, target.first_error, `${name} ${target.service}`);
      }
      assert.ok(rows.some((r) => r.verdict === "pass"), `${name}: some target takes it`);
      await healthy(session);
    });
  }

  test("fits the first screen at 1280x900, and a row shows its target's report", async () => {
    const session = await ready();
    const { page } = session;
    await fillFields(page, set("rsa2048_good"));
    await page.evaluate(() => window.scrollTo(0, 0));
    const box = await page.locator("#matrix").boundingBox();
    assert.ok(box && box.y >= 0 && box.y + box.height <= 900, `the matrix spans ${box?.y}..${box && box.y + box.height}`);
    await page.screenshot({ path: join(ARTIFACTS, "page-matrix.png") });
    // The test CA is private: CloudFront refuses it; choosing its row shows why.
    const row = page.locator('#matrix tr[data-service="cloudfront"]');
    assert.equal(await row.getAttribute("data-verdict"), "fail");
    await row.locator("button.target").click();
    await settle(page);
    assert.equal(await page.inputValue("select#service"), "cloudfront");
    assert.equal(await row.locator("button.target").getAttribute("aria-pressed"), "true");
    assert.equal(await verdict(page), "fail");
    assert.ok((await findingCodes(page)).includes("chain-untrusted"));
    // The choice stays while the inputs change.
    await fillFields(page, { key: fixture("rsa2048_good/key.pem") + "\n" });
    assert.equal(await page.inputValue("select#service"), "cloudfront");
    await healthy(session);
  });
});

describe("honest verdicts", () => {
  test("a certificate alone is incomplete, not red: the key is asked for by its field", async () => {
    const session = await ready();
    const { page } = session;
    await fillFields(page, { cert: fixture("rsa2048_good/cert.pem") });
    assert.equal(await verdict(page), "incomplete");
    assert.match(await page.textContent("#verdict"), /Private key/);
    assert.equal(await page.getAttribute("#summary", "data-verdict"), "incomplete");
    const acm = page.locator('#matrix tr[data-service="acm"]');
    assert.equal(await acm.getAttribute("data-verdict"), "incomplete");
    assert.match(await acm.locator(".reason").textContent(), /Private key/);
    // A leaf is no CA: only IoT's CA registration refuses it already.
    const failing = (await pageMatrix(page)).filter((r) => r.verdict === "fail").map((r) => r.service);
    assert.deepEqual(failing, ["iot-ca"], "nothing else is wrong yet");
    // "Fill in: Private key" takes the user to the field.
    await page.click('a[data-field="key"]');
    assert.equal(await page.evaluate(() => document.activeElement?.id), "key");
    await healthy(session);
  });

  test("RDS without an identifier or bundle, and IoT CA without its verification certificate, are incomplete", async () => {
    const session = await ready();
    const { page } = session;
    await page.selectOption("select#service", "rds");
    await fillFields(page, { cert: fixture("rsa2048_good/root.pem") });
    assert.equal(await verdict(page), "incomplete");
    await page.selectOption("select#service", "iot-ca");
    await fillFields(page, { cert: fixture("iot/ca.pem") });
    assert.equal(await verdict(page), "incomplete");
    assert.match(await page.textContent("#verdict"), /Verification certificate/);
    assert.equal(await page.locator("textarea#verification").count(), 1);
    await fillFields(page, { verification: fixture("iot/verification.pem") });
    await page.fill("#opt-registration-code", fixture("iot/registration_code.txt").trim());
    await settle(page);
    assert.ok(!(await findingCodes(page)).includes("verification-cert"), (await findingCodes(page)).join());
    assert.notEqual(await verdict(page), "fail");
    await healthy(session);
  });

  test("a date that is not an instant waits instead of judging at another one", async () => {
    const session = await ready();
    const { page } = session;
    await fillFields(page, set("rsa2048_good"));
    assert.equal(await verdict(page), "pass");
    await page.fill("#at", "yesterday");
    await settle(page);
    assert.equal(await verdict(page), "waiting");
    assert.equal(await page.getAttribute("#at", "aria-invalid"), "true");
    await page.fill("#at", "2026-06-01");
    await settle(page);
    assert.equal(await verdict(page), "pass");
    await healthy(session);
  });

  test("the page never tells its user to pass a command-line flag", async () => {
    const session = await ready();
    const { page } = session;
    const flags = async (when) => {
      const text = await page.evaluate(() => {
        const copy = document.body.cloneNode(true);
        // The AWS CLI commands the page offers to copy are commands, not instructions.
        for (const e of copy.querySelectorAll(".command, .commands, code, textarea, script")) e.remove();
        return copy.textContent;
      });
      const found = text.match(/(^|\s)--[a-z][a-z-]+/g) ?? [];
      assert.deepEqual(found, [], `${when}: ${found.join(" ")}`);
    };
    await fillFields(page, { cert: fixture("rsa2048_good/cert.pem") });
    for (const service of ["acm", "transfer", "rds", "iot-ca", "iam-signing", "iot"]) {
      await page.selectOption("select#service", service);
      await settle(page);
      await flags(service);
    }
    await page.click("#clear");
    await dropFiles(page, [{ name: "site.pfx", b64: fixtureBase64("rsa2048_good/bundle.p12") }]);
    await page.waitForSelector("#p12-password");
    await settle(page);
    await flags("a PKCS#12 file without its password");
    await healthy(session);
  });

  test("an expired certificate's card is red, its validity bar used up", async () => {
    const session = await ready();
    const { page } = session;
    await fillFields(page, set("leaf_expired"));
    const card = page.locator('.cert-card[data-role="leaf"]');
    assert.match(await card.getAttribute("class"), /\binvalid\b/);
    assert.equal(await card.locator(".validity").getAttribute("data-validity"), "expired");
    const [value, max] = await card.locator("meter").evaluate((m) => [m.value, m.max]);
    assert.equal(value, max, "the meter is full");
    assert.match(await card.locator(".days").textContent(), /expired/);
    await healthy(session);
  });
});

describe("layout and ways in", () => {
  test("on a 360 px phone the answer is in the first screen (the sticky summary) and one tap away", async () => {
    const session = await ready({ viewport: { width: 360, height: 740 } });
    const { page } = session;
    await fillFields(page, set("rsa2048_good"));
    await page.focus("#chain");
    const box = await page.locator("#summary").boundingBox();
    assert.ok(box && box.y >= 0 && box.y + box.height <= 740, `the summary is at ${box?.y}`);
    assert.match(await page.textContent("#summary"), /Ready/);
    await page.screenshot({ path: join(ARTIFACTS, "page-phone.png") });
    await page.click("#summary a.jump");
    await page.waitForFunction(() => {
      const r = document.getElementById("results").getBoundingClientRect();
      return r.top < window.innerHeight && r.bottom > 0;
    });
    await healthy(session);
  });

  test("the examples fill the fields: one passes, the broken one shows two common mistakes", async () => {
    const session = await ready({ instant: false });
    const { page } = session;
    await page.click("#example");
    await waitForValue(page, "cert", "BEGIN CERTIFICATE");
    await settle(page);
    assert.equal(await page.inputValue("#at"), AT_RFC3339);
    assert.equal(await verdict(page), "pass");
    await page.click("#example-broken");
    await waitForValue(page, "chain", "BEGIN CERTIFICATE");
    await settle(page);
    assert.equal(await verdict(page), "fail");
    const codes = await findingCodes(page);
    assert.ok(codes.includes("key-mismatch") && codes.includes("chain-order"), codes.join());
    await healthy(session);
  });

  test("files dropped anywhere on the page are sorted, not opened by the browser", async () => {
    const session = await ready();
    const { page } = session;
    const files = [
      { name: "chain.pem", b64: fixtureBase64("rsa2048_good/chain.pem") },
      { name: "server.key", b64: fixtureBase64("rsa2048_good/key.pem") },
      { name: "site.crt", b64: fixtureBase64("rsa2048_good/cert.pem") },
    ];
    const dataTransfer = await page.evaluateHandle((files) => {
      const dt = new DataTransfer();
      for (const { name, b64 } of files) dt.items.add(new File([Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))], name));
      return dt;
    }, files);
    for (const type of ["dragenter", "dragover"]) await page.dispatchEvent(".masthead", type, { dataTransfer });
    assert.match(await page.getAttribute("body", "class"), /\bdragging\b/, "the page shows it takes the drop");
    await page.dispatchEvent(".masthead", "drop", { dataTransfer });
    await waitForValue(page, "chain", "BEGIN CERTIFICATE");
    await settle(page);
    assert.equal(await verdict(page), "pass");
    assert.doesNotMatch((await page.getAttribute("body", "class")) ?? "", /\bdragging\b/);
    await healthy(session);
  });

  test("IoT CA: a folder's files dropped, or the folder chosen, put the CA and its verification certificate in their fields", async () => {
    const session = await ready();
    const { page } = session;
    await page.selectOption("select#service", "iot-ca");
    await settle(page);
    const dir = fixturePath("iot");
    // Devices first, so the CA is not simply the first certificate given.
    const names = readdirSync(dir).sort((a, b) => Number(!a.startsWith("device")) - Number(!b.startsWith("device")));
    await dropFiles(page, names.map((name) => ({ name, b64: readFileSync(join(dir, name)).toString("base64") })));
    await waitForValue(page, "verification", "BEGIN CERTIFICATE");
    await settle(page);
    assert.deepEqual(pemBodies(await page.inputValue("#cert")), pemBodies(fixture("iot/ca.pem")));
    assert.deepEqual(pemBodies(await page.inputValue("#verification")), pemBodies(fixture("iot/verification.pem")));

    // The folder itself, through "Choose a folder…": the same fields.
    await page.click("#clear");
    await settle(page);
    await page.setInputFiles("input[type=file]#drop-folder", dir);
    await waitForValue(page, "verification", "BEGIN CERTIFICATE");
    await settle(page);
    assert.deepEqual(pemBodies(await page.inputValue("#cert")), pemBodies(fixture("iot/ca.pem")));
    assert.deepEqual(pemBodies(await page.inputValue("#verification")), pemBodies(fixture("iot/verification.pem")));
    await healthy(session);
  });
});

function healthy(session) {
  return assertHealthy(session);
}
