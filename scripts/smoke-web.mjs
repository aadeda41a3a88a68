// Loads the built page (dist/) in the system Chromium, pastes a fixture certificate and key,
// and checks that the verdict and the certificate card render with the CSP in force.
// Usage: node scripts/smoke-web.mjs [screenshot.png]   (after scripts/build-web.sh)
// Serves dist/ itself on a random loopback port; drives /usr/bin/chromium via playwright-core
// (no browser download).
import { createServer } from "node:http";
import { readFile } from "node:fs/promises";
import { extname, join, normalize } from "node:path";
import { chromium } from "playwright-core";

const root = new URL("..", import.meta.url).pathname;
const dist = join(root, "dist");
const types = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript",
  ".css": "text/css",
  ".wasm": "application/wasm",
};

const server = createServer(async (req, res) => {
  const path = normalize(decodeURIComponent(new URL(req.url, "http://x").pathname));
  const file = join(dist, path.endsWith("/") ? `${path}index.html` : path);
  try {
    const body = await readFile(file);
    res.writeHead(200, { "content-type": types[extname(file)] ?? "application/octet-stream" });
    res.end(body);
  } catch {
    res.writeHead(404).end();
  }
});
await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
const url = `http://127.0.0.1:${server.address().port}/`;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: ["--no-sandbox"],
});
const problems = [];
try {
  const page = await browser.newPage({ viewport: { width: 360, height: 800 } });
  page.on("console", (m) => m.type() === "error" && problems.push(`console: ${m.text()}`));
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  await page.goto(url);

  const cert = await readFile(join(root, "tests/fixtures/rsa2048_good/cert.pem"), "utf8");
  const key = await readFile(join(root, "tests/fixtures/rsa2048_good/key.pem"), "utf8");
  await page.fill("#cert", cert);
  await page.fill("#key", key);
  await page.waitForSelector('#verdict[data-verdict="pass"], #verdict[data-verdict="fail"]', { timeout: 10_000 });

  const verdict = (await page.textContent("#verdict"))?.trim();
  const subject = await page.textContent(".cert-card dd");
  const privacy = await page.textContent("#privacy-note");
  if (!subject?.includes("www.example.com")) problems.push(`card subject: ${subject}`);
  if (!privacy?.includes("leaves your browser")) problems.push("privacy note missing");
  if (process.argv[2]) await page.screenshot({ path: process.argv[2], fullPage: true });
  console.log(`verdict: ${verdict}`);
} finally {
  await browser.close();
  server.close();
}

if (problems.length) {
  console.error(problems.join("\n"));
  console.log("smoke: 0 passed, 1 failed");
  process.exit(1);
}
console.log("smoke: 1 passed, 0 failed");
