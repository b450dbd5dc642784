// Firefox for the end-to-end tests: Debian's Firefox ESR driven by Puppeteer
// over WebDriver BiDi, with the built extension installed as a temporary
// add-on. harness.js's `launch({ browser: 'firefox' })` calls this; the tests
// use what it returns exactly as they use Chromium's.
//
// Firefox has no host-resolver rules, so it goes through a small local
// CONNECT proxy: www.facebook.com:443 and www.linkedin.com:443 are tunnelled
// to the fixture server (the real site names stay in the address bar, as the
// shipped manifest's matches need), and every other destination is refused
// and kept in `refused`, which is how a test sees a request that should not
// have been made. The background script's and the content script's errors
// reach only Firefox's own output; its lines are kept in `output`.
import puppeteer from 'puppeteer-core';
import { createServer, connect } from 'node:net';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { SITES } from './server.js';

export const FIREFOX = '/usr/bin/firefox-esr';
const TUNNELLED = new Set(SITES.map((s) => `${s}:443`));
/** The extension's gecko id (manifest.json, browser_specific_settings). */
export const GECKO_ID = 'guidepost@kokkola.fi';
/**
 * Firefox gives each installed extension a random UUID for its
 * moz-extension:// pages; the tests fix it by pref, to open the options page.
 */
const EXTENSION_UUID = '6f1b2d3c-4a5e-4f60-8b7c-9d0e1f2a3b4c';
/** Where Firefox reads the machine's enterprise policies: its installation's distribution folder. */
export const FIREFOX_POLICY_FILE = '/usr/lib/firefox-esr/distribution/policies.json';

/**
 * Writes a real Firefox policies.json giving Guidepost `values` through
 * storage.managed (`3rdparty` → `Extensions` → its id), as IT would; returns
 * a function that removes it again (and puts back a file that was there).
 */
export function writeFirefoxPolicy(values) {
  const before = existsSync(FIREFOX_POLICY_FILE) ? readFileSync(FIREFOX_POLICY_FILE) : null;
  mkdirSync(dirname(FIREFOX_POLICY_FILE), { recursive: true });
  writeFileSync(FIREFOX_POLICY_FILE, JSON.stringify({ policies: { '3rdparty': { Extensions: { [GECKO_ID]: values } } } }));
  return () => (before ? writeFileSync(FIREFOX_POLICY_FILE, before) : rmSync(FIREFOX_POLICY_FILE, { force: true }));
}

/** The installed Firefox's version, e.g. "153.8.0" (null when there is none). */
export function firefoxVersion() {
  try {
    return execFileSync(FIREFOX, ['--version'], { encoding: 'utf8' }).match(/(\d+(?:\.\d+)+)/)?.[1] ?? null;
  } catch {
    return null;
  }
}

/** A CONNECT proxy that tunnels the two sites to `port` and refuses the rest. */
async function startProxy(port) {
  const refused = [];
  const sockets = new Set();
  const proxy = createServer((client) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => {});
    client.once('data', (head) => {
      const line = head.toString('latin1').split('\r\n')[0];
      const target = line.match(/^CONNECT (\S+) HTTP\/1\.[01]$/)?.[1];
      if (!target || !TUNNELLED.has(target)) {
        refused.push(line);
        client.end('HTTP/1.1 403 Forbidden\r\n\r\n');
        return;
      }
      const upstream = connect(port, '127.0.0.1', () => {
        client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        upstream.pipe(client);
        client.pipe(upstream);
      });
      sockets.add(upstream);
      upstream.on('close', () => sockets.delete(upstream));
      upstream.on('error', () => client.destroy());
    });
  });
  await new Promise((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  return {
    port: proxy.address().port,
    refused,
    close() {
      for (const s of sockets) s.destroy();
      return new Promise((resolve) => proxy.close(resolve));
    },
  };
}

/**
 * Launches Firefox through the proxy, with the extension at `extension`
 * (a folder) installed unless it is null.
 */
export async function launchFirefox({ server, extension }) {
  const proxy = await startProxy(server.port);
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX,
    headless: true,
    acceptInsecureCerts: true, // the fixture server's certificate is made per run
    defaultViewport: { width: 1000, height: 900 },
    // Without these two, Firefox polls its remote-settings server.
    env: { ...process.env, MOZ_REMOTE_SETTINGS_DEVTOOLS: '1' },
    extraPrefsFirefox: {
      'network.proxy.type': 1,
      'network.proxy.ssl': '127.0.0.1',
      'network.proxy.ssl_port': proxy.port,
      'network.proxy.http': '127.0.0.1',
      'network.proxy.http_port': proxy.port,
      'network.proxy.no_proxies_on': '',
      'network.proxy.allow_hijacking_localhost': true,
      'services.settings.server': 'data:,#remote-settings-off/v1',
      'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: EXTENSION_UUID }),
      'intl.locale.requested': 'en-US',
      'intl.accept_languages': 'en-US, en',
      // Console messages of extension and content scripts on stdout.
      'devtools.console.stdout.chrome': true,
      'devtools.console.stdout.content': true,
    },
  });
  const output = [];
  for (const stream of [browser.process()?.stdout, browser.process()?.stderr]) {
    stream?.setEncoding('utf8');
    stream?.on('data', (chunk) => output.push(...chunk.split('\n').filter(Boolean)));
  }
  let extensionId = null;
  if (extension) extensionId = await browser.installExtension(extension);
  // What the tests use of Playwright's browser context, on Puppeteer's browser.
  const initScripts = [];
  const context = {
    async newPage() {
      const page = await browser.newPage();
      for (const script of initScripts) await page.evaluateOnNewDocument(script);
      return page;
    },
    pages: () => browser.pages(),
    addInitScript(script) {
      initScripts.push(script);
    },
  };
  return {
    name: 'firefox',
    context,
    browser,
    server,
    worker: null,
    extensionId,
    extensionUrl: (path) => `moz-extension://${EXTENSION_UUID}/${path}`,
    refused: proxy.refused,
    output,
    /** Lines of Firefox's output that report an error in the extension's scripts. */
    extensionErrors: () => output.filter((l) => /moz-extension:\/\//.test(l) && /error|exception/i.test(l)),
    async close() {
      await browser.close();
      await proxy.close();
      await server.close();
    },
    removeProfile() {}, // Puppeteer's own temporary profile goes with close()
  };
}

/**
 * What harness.js's `closedUi` returns, read in Firefox: WebDriver BiDi
 * serialises a node with its closed shadow roots when asked to
 * (`includeShadowTree: "all"`), and a button found there is measured by
 * handing its reference back to the page's realm. The page's own scripts can
 * do neither.
 */
export async function closedUiFirefox(page) {
  const connection = page.browser().connection;
  const context = page.mainFrame()._id;
  const { result } = await connection.send('script.evaluate', {
    expression: 'document.documentElement',
    target: { context },
    awaitPromise: false,
    serializationOptions: { maxDomDepth: 1000, includeShadowTree: 'all' },
  });
  const roots = [];
  const collect = (node, acc) => {
    const v = node?.value;
    if (!v) return;
    if (v.nodeType === 3) acc.text.push(v.nodeValue);
    const attrs = v.attributes || {};
    if (attrs.role) acc.roles.push({ role: attrs.role, label: attrs['aria-label'] || '' });
    if (attrs['data-gp-text']) acc.text.push(attrs['data-gp-text']);
    if (v.localName === 'button') acc.buttons.push({ text: '', node, disabled: 'disabled' in attrs });
    for (const child of v.children || []) collect(child, acc);
  };
  const walk = (node) => {
    const v = node?.value;
    if (!v) return;
    const shadow = v.shadowRoot;
    if (shadow?.value?.mode === 'closed') {
      const acc = { text: [], roles: [], buttons: [] };
      for (const child of shadow.value.children || []) collect(child, acc);
      roots.push(acc);
    }
    if (shadow) for (const child of shadow.value?.children || []) walk(child);
    for (const child of v.children || []) walk(child);
  };
  walk(result.result);
  for (const r of roots) {
    for (const b of r.buttons) {
      const texts = [];
      collect(b.node, { text: texts, roles: [], buttons: [] });
      b.text = texts.join('').trim();
      const box = await connection.send('script.callFunction', {
        functionDeclaration: '(el) => { const r = el.getBoundingClientRect(); return r.width > 0 ? [r.x + r.width / 2, r.y + r.height / 2] : null; }',
        arguments: [{ sharedId: b.node.sharedId }],
        target: { context },
        awaitPromise: false,
      });
      const at = box.result.result;
      [b.x, b.y] = at.type === 'array' ? at.value.map((x) => x.value) : [null, null];
      delete b.node;
    }
    r.text = r.text.join(' ').replace(/\s+/g, ' ').trim();
  }
  return roots;
}
