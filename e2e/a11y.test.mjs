// Keyboard, screen reader, contrast, 360 px and dark mode (issue 3, item 5), in the system
// Chromium against dist/ on 127.0.0.1. What is measured here is what a browser computes:
// accessible names from the DOM, the focus order of real Tab presses, WCAG contrast ratios of
// the colours the page actually renders, and the layout width at 360 CSS pixels.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import {
  ARTIFACTS,
  assertHealthy,
  dropFiles,
  fillFields,
  findingCodes,
  fixture,
  fixtureBase64,
  pageSuite,
  settle,
  verdict,
} from "./lib.mjs";

/** A failing set, so the page shows everything: findings of each severity, cards, chain. */
const WRONG_ORDER = {
  cert: fixture("chain_reversed/cert.pem"),
  key: fixture("chain_reversed/key.pem"),
  chain: fixture("chain_reversed/chain.pem"),
};

const suite = pageSuite();
const ready = suite.ready;

const healthy = (session) => assertHealthy(session, { console: false });

/** Every visible form control and button with no accessible name (label, aria-*, text). */
function unnamedControls(page) {
  return page.evaluate(() => {
    const visible = (el) => {
      const r = el.getBoundingClientRect();
      const s = getComputedStyle(el);
      return r.width > 0 && r.height > 0 && s.visibility !== "hidden" && s.display !== "none";
    };
    const name = (el) => {
      const labelled = el.getAttribute("aria-labelledby");
      if (labelled) {
        return labelled
          .split(/\s+/)
          .map((id) => document.getElementById(id)?.textContent ?? "")
          .join(" ")
          .trim();
      }
      return (
        el.getAttribute("aria-label")?.trim() ||
        [...(el.labels ?? [])].map((l) => l.textContent).join(" ").trim() ||
        (el.matches("button, a, summary") ? el.textContent.trim() : "") ||
        el.getAttribute("title")?.trim() ||
        ""
      );
    };
    return [...document.querySelectorAll("input, textarea, select, button, a[href], summary")]
      .filter((el) => visible(el) || (el.matches("input[type=file]") && el.labels?.length))
      .filter((el) => !name(el))
      .map((el) => el.outerHTML.slice(0, 120));
  });
}

/**
 * The WCAG 2 contrast ratio of every visible text node's colour against the background it
 * is drawn on (the first opaque background up the tree; the page's own if none). Returns
 * the ones under 4.5:1 (3:1 for large text: 24 px, or 18.66 px bold).
 */
function lowContrast(page) {
  return page.evaluate(() => {
    const parse = (c) => {
      const m = c.match(/rgba?\(([^)]+)\)/);
      if (!m) return null;
      const [r, g, b, a = 1] = m[1].split(/[ ,/]+/).filter(Boolean).map(Number);
      return { r, g, b, a };
    };
    const lum = ({ r, g, b }) => {
      const f = (v) => {
        v /= 255;
        return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
      };
      return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
    };
    const over = (top, bottom) => ({
      r: top.r * top.a + bottom.r * (1 - top.a),
      g: top.g * top.a + bottom.g * (1 - top.a),
      b: top.b * top.a + bottom.b * (1 - top.a),
      a: 1,
    });
    const background = (el) => {
      const layers = [];
      for (let e = el; e; e = e.parentElement) {
        const bg = parse(getComputedStyle(e).backgroundColor);
        if (bg && bg.a > 0) {
          layers.push(bg);
          if (bg.a >= 1) break;
        }
      }
      let base = { r: 255, g: 255, b: 255, a: 1 };
      const canvas = parse(getComputedStyle(document.documentElement).backgroundColor);
      if (canvas && canvas.a >= 1) base = canvas;
      else if (matchMedia("(prefers-color-scheme: dark)").matches) base = { r: 18, g: 18, b: 18, a: 1 };
      return layers.reverse().reduce((acc, l) => (l.a >= 1 ? l : over(l, acc)), base);
    };
    const bad = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const seen = new Set();
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      if (!el || seen.has(el) || !n.textContent.trim()) continue;
      seen.add(el);
      const s = getComputedStyle(el);
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0 || s.visibility === "hidden" || s.opacity === "0") continue;
      if (el.closest("[hidden], .visually-hidden, .sr-only")) continue;
      const fg = parse(s.color);
      if (!fg) continue;
      const bg = background(el);
      const L1 = lum(over(fg, bg));
      const L2 = lum(bg);
      const ratio = (Math.max(L1, L2) + 0.05) / (Math.min(L1, L2) + 0.05);
      const size = parseFloat(s.fontSize);
      const large = size >= 24 || (size >= 18.66 && Number(s.fontWeight) >= 700);
      if (ratio < (large ? 3 : 4.5)) {
        bad.push(`${ratio.toFixed(2)}:1 "${n.textContent.trim().slice(0, 40)}" (${s.color} on rgb(${bg.r|0},${bg.g|0},${bg.b|0}))`);
      }
    }
    return bad;
  });
}

describe("screen reader", () => {
  test("every control has an accessible name, with and without a report on screen", async () => {
    const session = await ready();
    const { page } = session;
    assert.deepEqual(await unnamedControls(page), [], "empty page");
    await fillFields(page, WRONG_ORDER);
    assert.equal(await verdict(page), "fail");
    assert.deepEqual(await unnamedControls(page), [], "with a report");
    // The verdict is announced: a status live region whose text says the outcome.
    assert.equal(await page.getAttribute("#verdict", "role"), "status");
    assert.match(await page.getAttribute("#verdict", "aria-live"), /polite|assertive/);
    assert.match(await page.textContent("#verdict"), /refuse|fail|ready/i);
    // The page has one main landmark and a top-level heading.
    assert.equal(await page.locator("main").count(), 1);
    assert.equal(await page.locator("h1").count(), 1);
    assert.equal(await page.getAttribute("html", "lang"), "en");
    await healthy(session);
  });
});

describe("keyboard", () => {
  test("Tab reaches every input and the main buttons, each with a visible focus ring", async () => {
    const session = await ready();
    const { page } = session;
    await fillFields(page, WRONG_ORDER);
    await page.focus("body");
    const reached = [];
    const unringed = [];
    for (let i = 0; i < 80; i++) {
      await page.keyboard.press("Tab");
      const info = await page.evaluate(() => {
        const el = document.activeElement;
        if (!el || el === document.body) return null;
        const s = getComputedStyle(el);
        const ring =
          (s.outlineStyle !== "none" && parseFloat(s.outlineWidth) > 0) || (s.boxShadow && s.boxShadow !== "none");
        return { id: el.id || el.getAttribute("for") || el.textContent.trim().slice(0, 30), ring };
      });
      if (!info) continue;
      reached.push(info.id);
      if (!info.ring) unringed.push(info.id);
    }
    for (const id of ["service", "cert", "key", "chain", "at", "drop-files", "clear", "download-chain"]) {
      assert.ok(reached.includes(id), `Tab never reached #${id}: ${[...new Set(reached)].join(", ")}`);
    }
    assert.deepEqual([...new Set(unringed)], [], "focused without a visible focus indicator");
    await healthy(session);
  });

  test("a check driven by the keyboard alone: focus by Tab, type, change the service with arrows", async () => {
    const session = await ready();
    const { page } = session;
    await page.focus("body");
    for (let i = 0; i < 40; i++) {
      await page.keyboard.press("Tab");
      if ((await page.evaluate(() => document.activeElement?.id)) === "cert") break;
    }
    assert.equal(await page.evaluate(() => document.activeElement?.id), "cert");
    await page.keyboard.insertText(fixture("rsa2048_good/cert.pem"));
    await page.waitForFunction(() => document.querySelector("#verdict")?.dataset.verdict !== "empty");
    await page.focus("#service");
    const before = await page.inputValue("#service");
    await page.keyboard.press("ArrowDown");
    await page.waitForFunction((b) => document.querySelector("#service").value !== b, before);
    assert.notEqual(await page.inputValue("#service"), before);
    await settle(page);
    assert.ok((await findingCodes(page)).length > 0, "a report for the typed certificate");
    await healthy(session);
  });
});

for (const colorScheme of ["light", "dark"]) {
  describe(`${colorScheme} mode`, () => {
    test(`text contrast is at least 4.5:1 (3:1 large) with a full report, ${colorScheme}`, async () => {
      const session = await ready({ colorScheme });
      const { page } = session;
      await fillFields(page, WRONG_ORDER);
      assert.equal(await verdict(page), "fail");
      const dark = await page.evaluate(() => matchMedia("(prefers-color-scheme: dark)").matches);
      assert.equal(dark, colorScheme === "dark");
      const bodyBg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
      assert.deepEqual(await lowContrast(page), [], `low contrast on ${bodyBg}`);
      // The measure itself catches a low-contrast text (set through the CSSOM, which the CSP
      // allows), so the empty list above is not vacuous.
      await page.evaluate((dark) => {
        const h1 = document.querySelector("h1");
        h1.style.color = dark ? "#333" : "#bbb";
        h1.style.fontSize = "16px";
      }, dark);
      const caught = await lowContrast(page);
      assert.equal(caught.length, 1, caught.join("; "));
      assert.match(caught[0], /certpreflight/);
      await page.evaluate(() => document.querySelector("h1").removeAttribute("style"));
      await page.screenshot({ path: join(ARTIFACTS, `page-desktop-${colorScheme}.png`), fullPage: true });
      await healthy(session);
    });
  });
}

describe("a .pfx opened: the password form and the fixed files", () => {
  for (const colorScheme of ["light", "dark"]) {
    test(`named, reached by Tab, in contrast and within 360 px, ${colorScheme}`, async () => {
      const session = await ready({ viewport: { width: 360, height: 780 }, colorScheme });
      const { page } = session;
      await dropFiles(page, [{ name: "site.pfx", b64: fixtureBase64("rsa2048_good/bundle.p12") }]);
      await page.waitForSelector("#p12-password");
      await settle(page);
      assert.deepEqual(await unnamedControls(page), [], "with the password form");
      // The keyboard alone: Tab to the password, type it, Enter.
      await page.focus("body");
      let reachedPassword = false;
      const path = [];
      for (let i = 0; i < 40 && !reachedPassword; i++) {
        await page.keyboard.press("Tab");
        const id = await page.evaluate(() => document.activeElement?.id || document.activeElement?.tagName);
        path.push(id);
        reachedPassword = id === "p12-password";
      }
      assert.ok(reachedPassword, `Tab reaches #p12-password: ${path.join(" ")}`);
      await page.keyboard.type("test");
      await page.keyboard.press("Enter");
      await settle(page);
      assert.equal(await verdict(page), "pass", (await findingCodes(page)).join());
      for (const id of ["download-cert", "download-chain", "download-key"]) {
        await page.focus(`#${id}`);
        assert.equal(await page.evaluate(() => document.activeElement.id), id);
      }
      assert.deepEqual(await unnamedControls(page), [], "with the fixed files");
      assert.deepEqual(await lowContrast(page), [], "contrast");
      const widths = await page.evaluate(() => ({ doc: document.documentElement.scrollWidth, view: window.innerWidth }));
      assert.ok(widths.doc <= widths.view, JSON.stringify(widths));
      await page.screenshot({ path: join(ARTIFACTS, `page-pkcs12-360-${colorScheme}.png`), fullPage: true });
      await healthy(session);
    });
  }
});

describe("narrow screens", () => {
  for (const colorScheme of ["light", "dark"]) {
    test(`at 360 px wide nothing scrolls sideways, ${colorScheme}`, async () => {
      const session = await ready({ viewport: { width: 360, height: 780 }, colorScheme });
      const { page } = session;
      await fillFields(page, WRONG_ORDER);
      assert.equal(await verdict(page), "fail");
      const widths = await page.evaluate(() => ({
        doc: document.documentElement.scrollWidth,
        body: document.body.scrollWidth,
        view: window.innerWidth,
      }));
      assert.ok(widths.doc <= widths.view && widths.body <= widths.view, JSON.stringify(widths));
      // No control is cut off at the right edge.
      const clipped = await page.evaluate(() =>
        [...document.querySelectorAll("textarea, select, input:not([type=file]), button")]
          .filter((el) => el.getBoundingClientRect().width > 0)
          .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 0.5)
          .map((el) => el.id || el.textContent.trim().slice(0, 30)),
      );
      assert.deepEqual(clipped, []);
      assert.deepEqual(await lowContrast(page), [], "contrast at 360 px");
      await page.screenshot({ path: join(ARTIFACTS, `page-360-${colorScheme}.png`), fullPage: true });
      await healthy(session);
    });
  }
});
