// Shared set-up for the end-to-end tests: the fixture server, Chromium or
// Firefox with the built extension (build/extension, exactly as shipped), and
// helpers that read what a page itself can see. Chromium is driven by
// Playwright; Firefox by Puppeteer over WebDriver BiDi (Playwright's Firefox
// is a patched build, Debian's is not). The helpers here take either kind of
// page, so a scenario is written once and run in both (`BROWSERS`).
import { chromium } from 'playwright-core';
import { launchFirefox, closedUiFirefox } from './firefox.js';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, mkdirSync, readFileSync, existsSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SITES, startServer } from './server.js';

const here = fileURLToPath(new URL('.', import.meta.url));
export const REPO = join(here, '..', '..');
export const EXTENSION = join(REPO, 'build', 'extension');
export const ARTIFACTS = join(REPO, 'tests', 'artifacts');
export const FACEBOOK = 'https://www.facebook.com/';
export const LINKEDIN = 'https://www.linkedin.com/';

/** The id Chromium gives an unpacked extension without a manifest key: from its absolute path. */
export function unpackedId(dir) {
  const hex = createHash('sha256').update(realpathSync(dir)).digest('hex').slice(0, 32);
  return [...hex].map((c) => String.fromCharCode(97 + parseInt(c, 16))).join('');
}

/** Where Chromium on Linux reads the machine's mandatory policies. */
export const POLICY_DIR = '/etc/chromium/policies/managed';

/**
 * Writes a real Chromium policy file giving Guidepost (the build under test)
 * `values` through storage.managed, as IT would; returns a function that
 * removes it (call it in `after`, so it goes even when a test fails).
 */
export function writePolicy(name, values) {
  const id = unpackedId(EXTENSION);
  const file = join(POLICY_DIR, `guidepost-e2e-${name}-${id}.json`);
  mkdirSync(POLICY_DIR, { recursive: true });
  writeFileSync(file, JSON.stringify({ '3rdparty': { extensions: { [id]: values } } }));
  return () => rmSync(file, { force: true });
}

/**
 * The browsers the shared scenarios run in: both, unless GUIDEPOST_BROWSERS
 * names fewer ("chromium", "firefox", comma-separated).
 */
export const BROWSERS = (process.env.GUIDEPOST_BROWSERS || 'chromium,firefox').split(',').map((b) => b.trim()).filter(Boolean);

/**
 * Starts the server and a browser (`browser`: "chromium" or "firefox"). With
 * `extension: false` the same browser runs without Guidepost (the baseline
 * for "typing is unchanged"). `context.newPage()` opens a tab in either.
 */
export async function launch({ extension = true, browser = 'chromium' } = {}) {
  if (extension && !existsSync(join(EXTENSION, 'manifest.json'))) {
    throw new Error('build/extension is missing: run ./build.sh first');
  }
  mkdirSync(ARTIFACTS, { recursive: true });
  const server = await startServer();
  if (browser === 'firefox') return launchFirefox({ server, extension: extension ? EXTENSION : null });
  if (browser !== 'chromium') throw new Error(`unknown browser ${browser}`);
  const profile = mkdtempSync(join(tmpdir(), 'guidepost-profile-'));
  const netlog = join(profile, 'netlog.json');
  const args = [
    '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
    `--host-resolver-rules=${SITES.map((s) => `MAP ${s} 127.0.0.1:${server.port}`).join(', ')}`,
    '--ignore-certificate-errors',
    // Every network request the browser makes, from any page, worker or extension.
    `--log-net-log=${netlog}`, '--net-log-capture-mode=Default',
  ];
  if (extension) args.push(`--disable-extensions-except=${EXTENSION}`, `--load-extension=${EXTENSION}`);
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args,
    viewport: { width: 1000, height: 900 },
    locale: 'en-US',
  });
  let worker = null;
  let extensionId = null;
  if (extension) {
    worker = context.serviceWorkers().find((w) => w.url().startsWith('chrome-extension://'))
      || await context.waitForEvent('serviceworker', { timeout: 15000 });
    extensionId = new URL(worker.url()).host;
  }
  return {
    name: 'chromium', context, server, worker, extensionId, netlog,
    extensionUrl: (path) => `chrome-extension://${extensionId}/${path}`,
    async close() {
      await context.close();
      await server.close();
    },
    removeProfile() {
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Whether `page` is Firefox's (a Puppeteer page) rather than Chromium's. */
export const isFirefox = (page) => typeof page.browser === 'function';

export const pause = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Polls `fn(arg)` in the page until it returns something truthy. Not the
 * drivers' waitForFunction: Puppeteer's compiles the function with
 * `Function()`, which the fixtures' strict CSP refuses, and the two take
 * their arguments differently.
 */
export function waitInPage(page, fn, arg, { timeout = 5000, what = 'the page' } = {}) {
  return waitFor(() => page.evaluate(fn, arg), { timeout, what });
}

/** Opens a fixture page and waits for its editors. */
export async function openFacebook(context) {
  const page = await context.newPage();
  await page.goto(FACEBOOK);
  await waitInPage(page, () => !!(window.fixture?.editor && document.querySelector('#lexical[data-lexical-editor="true"]')), null, { what: 'the Lexical fixture' });
  return page;
}

export async function openLinkedIn(context) {
  const page = await context.newPage();
  await page.goto(LINKEDIN);
  await page.click('#start-post');
  await waitInPage(page, () => !!(window.fixture?.quill && window.fixture?.tiptap), null, { what: 'the Quill and TipTap fixtures' });
  return page;
}

/**
 * Presses a key or a chord ("ControlOrMeta+a", "Alt+Enter") in either
 * browser: Playwright takes chords as they are; Puppeteer holds the
 * modifiers down itself.
 */
export async function press(page, chord) {
  if (!isFirefox(page)) return page.keyboard.press(chord);
  const keys = chord.split('+').map((k) => (k === 'ControlOrMeta' ? 'Control' : k));
  const key = keys.pop();
  for (const m of keys) await page.keyboard.down(m);
  await page.keyboard.press(key);
  for (const m of keys.reverse()) await page.keyboard.up(m);
}

/**
 * Clicks the element of a CSS selector of descendants ("#outlet .editor"),
 * looking into open shadow roots on the way as Playwright's selectors do.
 * In Firefox the page finds it so and the mouse clicks its middle (Puppeteer's
 * own selectors do not cross into a shadow root that way).
 */
export async function click(page, selector) {
  if (!isFirefox(page)) return page.click(selector);
  const at = await page.evaluate((parts) => {
    const within = (root, part) => [
      ...root.querySelectorAll(part),
      ...[...root.querySelectorAll('*')].filter((el) => el.shadowRoot).flatMap((el) => within(el.shadowRoot, part)),
    ];
    let scope = [document];
    for (const part of parts) scope = scope.flatMap((el) => [el, el.shadowRoot].filter(Boolean)).flatMap((root) => within(root, part));
    const el = scope[0];
    if (!el) return null;
    el.scrollIntoView({ block: 'nearest' });
    const r = el.getBoundingClientRect();
    return { x: r.left + r.width / 2, y: r.top + Math.min(r.height / 2, 20) };
  }, selector.trim().split(/\s+/));
  if (!at) throw new Error(`no element for ${selector}`);
  await page.mouse.click(at.x, at.y);
}

/** A double click at a point, in either browser. */
export function dblclick(page, x, y) {
  return isFirefox(page) ? page.mouse.click(x, y, { count: 2 }) : page.mouse.dblclick(x, y);
}

// Guidepost's highlight names are new on every page load
// (`guidepost-<severity>-<random>`): the tests name them by their stable part
// (`guidepost-risk`) and find the registry entry by it (a build with the
// fixed names of old is found the same way).
export const GP_NAME = '^(guidepost-(?:risk|caution|suggestion))(?:-[0-9a-f]{24})?$';

/** Everything painted in the shared highlight registry, as the page sees it: { name: [text, …] }, Guidepost's under their stable names. */
export function highlights(page) {
  return page.evaluate((pattern) => {
    const out = {};
    for (const [name, highlight] of CSS.highlights) out[name.match(pattern)?.[1] ?? name] = [...highlight].map((r) => r.toString());
    return out;
  }, GP_NAME);
}

/** Waits until `text` is underlined in highlight `name`; returns the highlights then. */
export async function waitForHighlight(page, name, text, timeout = 5000) {
  await waitInPage(
    page,
    ([n, s, p]) => [...CSS.highlights].filter(([k]) => k.match(p)?.[1] === n).flatMap(([, h]) => [...h]).some((r) => r.toString() === s),
    [name, text, GP_NAME], { timeout, what: `"${text}" underlined as ${name}` },
  );
  return highlights(page);
}

/** Waits until no highlight of `name` paints `text` any more. */
export async function waitForNoHighlight(page, name, text, timeout = 5000) {
  await waitInPage(
    page,
    ([n, s, p]) => ![...CSS.highlights].filter(([k]) => k.match(p)?.[1] === n).flatMap(([, h]) => [...h]).some((r) => r.toString() === s),
    [name, text, GP_NAME], { timeout, what: `"${text}" no longer underlined as ${name}` },
  );
}

/** The viewport rectangle of the first painted range showing `text`. */
export function rectOf(page, name, text) {
  return page.evaluate(([n, s, p]) => {
    const range = [...CSS.highlights].filter(([k]) => k.match(p)?.[1] === n).flatMap(([, h]) => [...h]).find((r) => r.toString() === s);
    const r = range?.getClientRects()[0];
    return r ? { x: r.left + r.width / 2, y: r.top + r.height / 2 } : null;
  }, [name, text, GP_NAME]);
}

/**
 * Arms a probe in the page: from the next `event` (keydown, beforeinput) to
 * the frame where `expect` is painted in highlight `name`.
 */
function armLatencyProbe(page, event, name, expect) {
  return page.evaluate(([ev, n, s, p]) => {
    window.__latency = new Promise((resolve) => {
      addEventListener(ev, () => {
        const t0 = performance.now();
        const poll = () => {
          if ([...CSS.highlights].filter(([k]) => k.match(p)?.[1] === n).flatMap(([, h]) => [...h]).some((r) => r.toString() === s)) resolve(performance.now() - t0);
          else requestAnimationFrame(poll);
        };
        requestAnimationFrame(poll);
      }, { once: true, capture: true });
    });
  }, [event, name, expect, GP_NAME]);
}

/** The probe's latency in ms, or null when nothing was painted within 5 s. */
function readLatencyProbe(page) {
  return page.evaluate(() => Promise.race([window.__latency, new Promise((r) => setTimeout(() => r(null), 5000))]));
}

/**
 * Types `text`, measuring keystroke-to-underline latency for the last key:
 * from the page's keydown to the frame where `expect` is painted in `name`.
 */
export async function typeAndMeasure(page, text, name, expect) {
  await page.keyboard.type(text.slice(0, -1));
  await armLatencyProbe(page, 'keydown', name, expect);
  await page.keyboard.type(text.slice(-1));
  return readLatencyProbe(page);
}

/** Like typeAndMeasure, for text that arrives in one input event (a paste, an IME). */
export async function insertAndMeasure(page, text, name, expect) {
  await armLatencyProbe(page, 'beforeinput', name, expect);
  await page.keyboard.insertText(text);
  return readLatencyProbe(page);
}

/**
 * Every request in the browser's net log (complete once the browser has
 * closed): { url, initiator, type }. Chromium's own background traffic
 * (update checks, sign-in, spelling dictionaries) has the initiator
 * "not an origin"; anything a page, a content script or an extension's
 * worker asks for carries that page's or extension's origin.
 */
export function netlogRequests(file) {
  const raw = readFileSync(file, 'utf8');
  let log;
  try {
    log = JSON.parse(raw);
  } catch {
    log = JSON.parse(`${raw.trimEnd().replace(/,$/, '')}]}`); // cut short: close the events list
  }
  const START = log.constants.logEventTypes.URL_REQUEST_START_JOB;
  return (log.events || [])
    .filter((e) => e.type === START && typeof e.params?.url === 'string')
    .map((e) => ({ url: e.params.url, initiator: e.params.initiator || '', type: e.params.request_type || '' }));
}

export function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

// ---- the checker itself, in Node: the same wasm the extension ships, so the
// tests know exactly which findings (and fix texts) to expect.
import { initSync, Checker } from '../../build/pkg/guidepost.js';

let checker = null;
export function analyze(text, locale = 'en') {
  if (!checker) {
    initSync({ module: readFileSync(join(REPO, 'build', 'pkg', 'guidepost_bg.wasm')) });
    checker = new Checker();
  }
  return JSON.parse(checker.analyze(text, locale));
}

// ---- Guidepost's own interface lives in closed shadow roots, which no page
// script can open. The tests look in through the DevTools protocol.

/**
 * Every closed shadow root in the page: its text, its dialogs and buttons
 * (with their centre point, for page.mouse.click). In Firefox, through
 * WebDriver BiDi instead (firefox.js).
 */
export async function closedUi(page) {
  if (isFirefox(page)) return closedUiFirefox(page);
  const cdp = await page.context().newCDPSession(page);
  try {
    const { root } = await cdp.send('DOM.getDocument', { depth: -1, pierce: true });
    const roots = [];
    const collect = (node, acc) => {
      if (node.nodeType === 3) acc.text.push(node.nodeValue);
      const attrs = {};
      for (let i = 0; i < (node.attributes || []).length; i += 2) attrs[node.attributes[i]] = node.attributes[i + 1];
      if (attrs.role) acc.roles.push({ role: attrs.role, label: attrs['aria-label'] || '' });
      // Text Guidepost shows as generated content (content: attr(data-gp-text)), before the children.
      if (attrs['data-gp-text']) acc.text.push(attrs['data-gp-text']);
      if (node.nodeName === 'BUTTON') acc.buttons.push({ text: '', node, disabled: 'disabled' in attrs });
      for (const child of node.children || []) collect(child, acc);
    };
    const walk = (node) => {
      for (const shadow of node.shadowRoots || []) {
        if (shadow.shadowRootType === 'closed') {
          const acc = { text: [], roles: [], buttons: [] };
          collect(shadow, acc);
          roots.push(acc);
        }
        walk(shadow);
      }
      for (const child of node.children || []) walk(child);
      if (node.contentDocument) walk(node.contentDocument);
    };
    walk(root);
    for (const r of roots) {
      for (const b of r.buttons) {
        const texts = [];
        collect(b.node, { text: texts, roles: [], buttons: [] });
        b.text = texts.join('').trim();
        try {
          const { model } = await cdp.send('DOM.getBoxModel', { backendNodeId: b.node.backendNodeId });
          const q = model.border;
          b.x = (q[0] + q[4]) / 2;
          b.y = (q[1] + q[5]) / 2;
        } catch {
          b.x = b.y = null; // not rendered
        }
        delete b.node;
      }
      r.text = r.text.join(' ').replace(/\s+/g, ' ').trim();
    }
    return roots;
  } finally {
    await cdp.detach();
  }
}

/** The open card (the closed root with a dialog), or null. */
export async function openCard(page) {
  return (await closedUi(page)).find((r) => r.roles.some((x) => x.role === 'dialog')) || null;
}

/** The status chip (the closed root with the group of counts), or null. */
export async function chip(page) {
  return (await closedUi(page)).find((r) => r.roles.some((x) => x.role === 'group')) || null;
}

export async function waitFor(fn, { timeout = 5000, interval = 50, what = 'condition' } = {}) {
  const end = Date.now() + timeout;
  for (;;) {
    const value = await fn();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, interval));
  }
}

/** Runs `expression` in Guidepost's content-script world of page `p` (over CDP), awaiting its value. */
export async function inContentWorld(p, extensionId, expression) {
  const cdp = await p.context().newCDPSession(p);
  try {
    const contexts = [];
    cdp.on('Runtime.executionContextCreated', (e) => contexts.push(e.context));
    await cdp.send('Runtime.enable');
    const world = await waitFor(() => contexts.find((c) => c.origin === `chrome-extension://${extensionId}` || c.name === 'Guidepost'), { what: 'the content script world' });
    const { result, exceptionDetails } = await cdp.send('Runtime.evaluate', { expression, contextId: world.id, awaitPromise: true, returnByValue: true });
    if (exceptionDetails) throw new Error(JSON.stringify(exceptionDetails));
    return result.value;
  } finally {
    await cdp.detach();
  }
}
