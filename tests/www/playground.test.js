// The playground site (www/) in headless Chromium: the Try it box with the
// extension's shared rendering code, the guideline with search and section
// addresses, live organisation configuration, the install page, a narrow
// window, and no request outside 127.0.0.1.
//   node www/build.mjs && node --test tests/www/
// (needs build/pkg from ./build.sh; screenshots go to tests/artifacts/www-*.png)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, existsSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const REPO = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const ARTIFACTS = join(REPO, 'tests', 'artifacts');
const PKG = join(REPO, 'build', 'pkg');

const RISKY = 'Kuulin, että naapurini 131052-308T on ihan idiootti. Mielestäni kaupungin päätös on väärä.';
const DISCLAIMER_FI = 'Esitän tässä omia näkemyksiäni';
const HASHTAGS = '#KokkolaKarleby #BredareHorisont';

let server;      // the serve.mjs child process
let base;        // http://127.0.0.1:<port>/
let serverOutput = '';
let browser;
let context;
let page;
let core;        // the wasm core in Node, for what the page must show
const requests = [];   // every URL the pages asked for
const foreign = [];    // those outside the test server (aborted)

// ------------------------------------------------------------------ helpers

async function startServer() {
  const child = spawn(process.execPath, [join(REPO, 'www', 'serve.mjs'), '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stderr.on('data', (d) => { serverOutput += d; });
  const address = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve.mjs printed no address: ${serverOutput}`)), 10000);
    child.stdout.on('data', (d) => {
      serverOutput += d;
      const m = /http:\/\/127\.0\.0\.1:(\d+)\//.exec(serverOutput);
      if (m) {
        clearTimeout(timer);
        resolve(m[0]);
      }
    });
    child.on('exit', (code) => reject(new Error(`serve.mjs exited (${code}): ${serverOutput}`)));
  });
  return { child, address };
}

async function loadCore() {
  const { default: init, Checker } = await import(pathToFileURL(join(PKG, 'guidepost.js')).href);
  await init({ module_or_path: readFileSync(join(PKG, 'guidepost_bg.wasm')) });
  return { Checker, builtin: new Checker() };
}

async function open(hash, { locale } = {}) {
  await page.goto('about:blank'); // a real page load, not a same-document hash change
  await page.goto(`${base}${hash}`);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 15000 });
  if (locale) await switchTo(locale);
}

/** Picks a language in the switcher and waits until the page has taken it. */
async function switchTo(locale) {
  await page.selectOption('#lang-select', locale);
  await page.waitForFunction((l) => document.documentElement.lang === l, locale);
}

/** The text of every range in each Guidepost highlight, as the page's registry holds it. */
function highlights() {
  return page.evaluate(() => {
    const box = document.querySelector('#post');
    const out = {};
    for (const severity of ['risk', 'caution', 'suggestion']) {
      const h = [...CSS.highlights].find(([k]) => new RegExp(`^guidepost-${severity}-[0-9a-f]{24}$`).test(k))?.[1];
      out[severity] = h ? [...h].map((r) => ({ text: r.toString(), inBox: box.contains(r.commonAncestorContainer) })) : [];
    }
    return out;
  });
}

const texts = (list) => list.map((r) => r.text).sort();

/** The post's text as the checker sees it (the shared text-map reading). */
const postText = () => page.evaluate(() => gpReadEditable(document.querySelector('#post')).text);

/** Waits until the box has been checked with exactly `text`. */
async function waitChecked(text) {
  await page.waitForFunction((n) => document.querySelector('#post').dataset.checked === String(n), text.length);
  assert.equal(await postText(), text);
}

/** The shared card's and chip's hosts (closed shadow roots: known by their z-index from card.js / chip.js). */
function uiHosts() {
  return page.evaluate(() => {
    const hosts = [...document.body.children].filter((e) => e.tagName === 'DIV' && !e.id && !e.className);
    const find = (z) => hosts.find((h) => getComputedStyle(h).zIndex === z);
    const state = (h) => (h ? { shown: !h.hidden && h.getBoundingClientRect().height > 0, focused: document.activeElement === h } : null);
    return { card: state(find('2147483646')), chip: state(find('2147483645')) };
  });
}

async function shot(name, fullPage = false) {
  await page.screenshot({ path: join(ARTIFACTS, `www-${name}.png`), fullPage });
}

// ------------------------------------------------------------------ set-up

before(async () => {
  assert.ok(existsSync(join(PKG, 'guidepost_bg.wasm')), 'build/pkg is missing: run ./build.sh first');
  const built = spawnSync(process.execPath, [join(REPO, 'www', 'build.mjs')], { encoding: 'utf8' });
  assert.equal(built.status, 0, `www/build.mjs failed: ${built.stderr}`);
  mkdirSync(ARTIFACTS, { recursive: true });
  core = await loadCore();
  ({ child: server, address: base } = await startServer());
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  context = await browser.newContext({ viewport: { width: 1200, height: 900 }, locale: 'sv-FI' });
  const origin = new URL(base).origin;
  await context.route('**/*', (route) => {
    const url = route.request().url();
    requests.push(url);
    if (new URL(url).origin === origin) return route.continue();
    foreign.push(url);
    return route.abort();
  });
  page = await context.newPage();
  page.setDefaultTimeout(10000);
  page.on('pageerror', (e) => { throw e; });
});

after(async () => {
  await browser?.close();
  server?.kill('SIGTERM');
});

// ------------------------------------------------------------------ tests

test('serve.mjs prints the address and the unpacked extension folder, and serves wasm as application/wasm', async () => {
  assert.match(serverOutput, /Guidepost playground: http:\/\/127\.0\.0\.1:\d+\//);
  assert.ok(serverOutput.includes(join(REPO, 'build', 'extension')), `the extension folder is printed: ${serverOutput}`);
  const wasm = await fetch(`${base}pkg/guidepost_bg.wasm`);
  assert.equal(wasm.status, 200);
  assert.equal(wasm.headers.get('content-type'), 'application/wasm');
  assert.match((await fetch(`${base}app.js`)).headers.get('content-type'), /^text\/javascript/);
  assert.equal((await fetch(`${base}../package.json`)).status, 404, 'nothing outside build/www');
  assert.equal((await fetch(`${base}%2e%2e/%2e%2e/package.json`)).status, 404, 'nothing outside build/www (encoded)');
  // The page runs the extension's own content scripts, byte for byte.
  for (const name of ['painter.js', 'card.js', 'chip.js', 'text-map.js', 'insert.js', 'ui-style.js', 'highlight.css']) {
    const served = await (await fetch(`${base}shared/${name}`)).text();
    assert.equal(served, readFileSync(join(REPO, 'extension', 'content', name), 'utf8'), `shared/${name} is the extension's file`);
  }
});

test('Try it: a risky post is underlined and listed by severity, as the core finds it', async () => {
  await open('#/try', { locale: 'fi' });
  assert.equal(await page.getAttribute('html', 'lang'), 'fi');
  await page.click('#post');
  await page.keyboard.type(RISKY);
  await waitChecked(RISKY);

  const expected = JSON.parse(core.builtin.analyze(RISKY, 'fi'));
  const want = (severity) => expected.findings.filter((f) => f.severity === severity && f.end > f.start).map((f) => RISKY.slice(f.start, f.end)).sort();
  assert.ok(want('risk').includes('131052-308T') && want('risk').includes('idiootti') && want('caution').includes('Kuulin, että'),
    `the core flags the test post: ${JSON.stringify(expected.findings.map((f) => f.rule))}`);

  const painted = await highlights();
  for (const severity of ['risk', 'caution', 'suggestion']) {
    assert.deepEqual(texts(painted[severity]), want(severity), `${severity} underlines`);
    assert.ok(painted[severity].every((r) => r.inBox), `${severity} ranges lie in the box`);
  }

  // The list beside the box: grouped risk → caution → suggestion, every finding once.
  const groups = await page.$$eval('#findings ul[data-severity]', (lists) => lists.map((l) => [l.dataset.severity, [...l.querySelectorAll('li')].map((li) => li.dataset.rule)]));
  const order = ['risk', 'caution', 'suggestion'].filter((s) => expected.findings.some((f) => f.severity === s));
  assert.deepEqual(groups.map(([s]) => s), order);
  for (const [severity, rules] of groups) {
    assert.deepEqual(rules.sort(), expected.findings.filter((f) => f.severity === severity).map((f) => f.rule).sort(), `${severity} list`);
  }
  assert.equal(await page.textContent('#detected'), 'Julkaisun kieli: suomi');

  // A finding in the list jumps to its passage: focus in the box, passage selected.
  await page.click('#findings li[data-category="personal-data"] button.jump');
  const jumped = await page.evaluate(() => ({ focus: document.activeElement?.id, selected: document.getSelection().toString() }));
  assert.deepEqual(jumped, { focus: 'post', selected: '131052-308T' });

  // The shared chip is shown by the box.
  assert.equal((await uiHosts()).chip?.shown, true, 'the chip is shown');
});

test('Try it: the disclaimer is applied from the shared card by keyboard, the hashtags from the list', async () => {
  // Caret into the "Mielestäni" passage, Alt+Enter: the card opens with the focus on "Apply fix".
  await page.click('#findings li[data-category="disclaimer"] button.jump');
  assert.equal(await page.evaluate(() => document.getSelection().toString()), 'Mielestäni');
  let ui = await uiHosts();
  assert.notEqual(ui.card?.shown, true, 'no card before Alt+Enter');
  await page.keyboard.press('Alt+Enter');
  ui = await uiHosts();
  assert.deepEqual(ui.card, { shown: true, focused: true }, 'the card is open with the focus in it');
  await shot('try-card');
  await page.keyboard.press('Enter');
  await page.waitForFunction((s) => gpReadEditable(document.querySelector('#post')).text.includes(s), DISCLAIMER_FI);
  const withDisclaimer = await postText();
  assert.ok(withDisclaimer.startsWith(RISKY), 'the post itself is unchanged');
  await waitChecked(withDisclaimer);
  assert.equal(await page.locator('#findings li[data-category="disclaimer"]').count(), 0, 'the disclaimer remark is gone');
  assert.equal((await uiHosts()).card?.shown, false, 'the card closed');

  await page.click('#findings button.fix[data-fix="hashtags"]');
  await page.waitForFunction((s) => gpReadEditable(document.querySelector('#post')).text.endsWith(s), HASHTAGS);
  const final = await postText();
  assert.ok(final.includes(DISCLAIMER_FI), 'the disclaimer is still there');
  await waitChecked(final);
  assert.equal(await page.locator('#findings li[data-category="hashtags"]').count(), 0, 'the hashtag remark is gone');

  // A click on an underline opens its card (pinned, focus stays in the box).
  const box = await page.evaluate(() => {
    const r = [...[...CSS.highlights].find(([k]) => /^guidepost-risk-[0-9a-f]{24}$/.test(k))[1]].find((x) => x.toString() === 'idiootti').getClientRects()[0];
    return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
  });
  await page.mouse.click(box.x, box.y);
  assert.equal((await uiHosts()).card?.shown, true, 'a click on an underline opens the card');
  await shot('try');
  await page.keyboard.press('Escape');
  assert.equal((await uiHosts()).card?.shown, false, 'Escape closes the card');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'post', 'the focus is back in the box');

  // The card's "Open guideline section" goes to the section's address in the site.
  const offensive = JSON.parse(core.builtin.analyze(final, 'fi')).findings.find((f) => f.category === 'offensive');
  await page.click('#findings li[data-category="offensive"] button.jump');
  await page.keyboard.press('Alt+Enter');
  assert.equal((await uiHosts()).card?.focused, true);
  await page.keyboard.press('Tab'); // Dismiss → Open guideline section (no fix on this one)
  await page.keyboard.press('Enter');
  await page.waitForFunction((h) => location.hash === h, `#/guide/${offensive.section_id}`);
  await page.waitForFunction((id) => document.querySelector(`#guide-${id}`)?.classList.contains('current'), offensive.section_id);
  assert.equal(await page.isVisible('#view-try'), false);
});

test('Try it: example posts load with one click, clean ones stay clean', async () => {
  await open('#/try', { locale: 'sv' });
  await page.click('[data-example="cleanSv"]');
  const clean = JSON.parse(core.builtin.analyze(await postText(), 'sv'));
  assert.equal(clean.findings.length, 0, 'the clean example is clean for the core');
  await waitChecked(await postText());
  assert.equal(await page.locator('#findings .clean').count(), 1, 'the list says there is nothing to remark');
  const painted = await highlights();
  assert.deepEqual([painted.risk.length, painted.caution.length, painted.suggestion.length], [0, 0, 0]);
  assert.equal(await page.textContent('#detected'), 'Inläggets språk: svenska');

  await page.click('[data-example="riskySv"]');
  const risky = await postText();
  assert.notEqual(risky, '', 'the risky example loaded');
  await waitChecked(risky);
  const expected = JSON.parse(core.builtin.analyze(risky, 'sv')).findings;
  assert.ok(expected.some((f) => f.severity === 'risk'), 'the risky example is risky for the core');
  assert.equal(await page.locator('#findings li.finding').count(), expected.length);
});

test('The guideline: instant search finds "lösenord" in the section sakert', async () => {
  await open('#/guide', { locale: 'sv' });
  const all = JSON.parse(core.builtin.cards('sv'));
  assert.equal(await page.locator('#guide-list article.card').count(), all.length, 'every card is listed');
  await page.fill('#guide-search', 'lösenord');
  const hits = JSON.parse(core.builtin.search('lösenord', 'sv')).map((c) => c.id);
  assert.equal(hits[0], 'sakert', 'the core ranks sakert first');
  await page.waitForFunction((n) => document.querySelectorAll('#guide-list article.card').length === n, hits.length);
  const shown = await page.$$eval('#guide-list article.card', (cards) => cards.map((c) => c.dataset.section));
  assert.deepEqual(shown, hits);
  assert.ok(shown.length < all.length, 'the search narrows the list');
  await shot('guide');
  await page.fill('#guide-search', 'zzzqqq');
  await page.waitForFunction(() => document.querySelectorAll('#guide-list article.card').length === 0);
  assert.equal(await page.textContent('#guide-count'), 'Inget avsnitt motsvarar sökningen.');
});

test('The guideline: a section opens by its own address and lists the rules that enforce it', async () => {
  await open('#/guide/sakert');
  const card = page.locator('#guide-sakert');
  assert.equal(await card.evaluate((el) => el.classList.contains('current')), true);
  const inView = await card.evaluate((el) => {
    const r = el.getBoundingClientRect();
    return r.top >= -1 && r.top < innerHeight / 2;
  });
  assert.ok(inView, 'the section is scrolled into view');
  const rules = JSON.parse(core.builtin.rules('sv')).filter((r) => r.section === 'sakert').map((r) => r.id).sort();
  assert.ok(rules.length > 0);
  const listed = (await card.locator('details.rules[open] li[data-rule]').evaluateAll((lis) => lis.map((li) => li.dataset.rule))).sort();
  assert.deepEqual(listed, rules);
  await shot('guide-section');

  // Another address in the same page.
  await page.evaluate(() => { location.hash = '#/guide/ojda'; });
  await page.waitForFunction(() => document.querySelector('#guide-ojda')?.classList.contains('current'));
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'guide-ojda-h', 'the section heading has the focus');
});

test('Rule authors: a broken configuration shows the error at its field; a good one changes the checks', async () => {
  await open('#/authors', { locale: 'en' });
  const broken = '{\n  "rules": [\n    {\n      "id": "confidential/draft-budget",\n      "category": "confidential",\n      "section": "fortroendevalda",\n      "message": { "sv": "a", "fi": "b", "en": "c" },\n      "match": ["budgetutkast*", 3]\n    }\n  ]\n}';
  let message = '';
  try {
    core.Checker.withConfig(broken);
  } catch (e) {
    message = e.message;
  }
  assert.match(message, /^rules\[0\]\.match\[1\]: /, 'the core rejects it at that field');
  await page.fill('#config', broken);
  const error = page.locator('#config-state .error[data-field="rules[0].match[1]"]');
  await error.waitFor();
  assert.equal(await page.getAttribute('#config', 'aria-invalid'), 'true');
  assert.equal(await error.locator('code.field').textContent(), 'rules[0].match[1]');
  assert.equal(await error.locator('.where').textContent(), 'Line 8, column 34', 'the place of the bad value');
  const excerpt = await error.locator('pre.excerpt').textContent();
  assert.ok(excerpt.startsWith('8 │       "match": ["budgetutkast*", 3]'), excerpt);
  assert.ok(excerpt.endsWith(`${' '.repeat(33)}^`), `the caret points at the 3: ${JSON.stringify(excerpt)}`);
  await shot('authors', true);
  await error.locator('button').click();
  const selected = await page.evaluate(() => {
    const box = document.querySelector('#config');
    return [document.activeElement === box, box.value.slice(box.selectionStart, box.selectionEnd)];
  });
  assert.deepEqual(selected, [true, '3'], '"Show in the text" selects the bad value');

  // An error found after reading (not a hashtag) comes without a place: it is found by its path.
  const tags = '{\n  "hashtags": ["#Kokkola2026", "Karleby"]\n}';
  assert.doesNotMatch(String((() => { try { core.Checker.withConfig(tags); } catch (e) { return e.message; } })()), / at line /);
  await page.fill('#config', tags);
  const second = page.locator('#config-state .error[data-field="hashtags[1]"]');
  await second.waitFor();
  const column = tags.split('\n')[1].indexOf('"Karleby"') + 1;
  assert.equal(await second.locator('.where').textContent(), `Line 2, column ${column}`);

  // A good configuration: the Try it box checks with it at once.
  const TEXT = 'Vi börjar med Projekt Merituuli nästa vecka.';
  const config = '{ "confidential_terms": ["Projekt Merituuli"] }';
  const expected = JSON.parse(core.Checker.withConfig(config).analyze(TEXT, 'en')).findings;
  assert.equal(JSON.parse(core.builtin.analyze(TEXT, 'en')).findings.length, 0, 'built in, the text is clean');
  assert.ok(expected.some((f) => f.category === 'confidential'), 'with the configuration it is not');
  await page.fill('#config', config);
  await page.locator('#config-state .ok').waitFor();
  assert.equal(await page.getAttribute('#config', 'aria-invalid'), 'false');
  await page.click('nav a[data-route="try"]');
  // The route shows its view on the next frame: wait for the notice (a timeout leaves the assert to fail).
  await page.locator('#org-active').waitFor({ state: 'visible', timeout: 5000 }).catch(() => {});
  assert.equal(await page.isVisible('#org-active'), true, 'the box says it uses the configuration');
  await page.click('#clear-post');
  await page.keyboard.type(TEXT);
  await waitChecked(TEXT);
  assert.deepEqual(texts((await highlights()).risk), expected.filter((f) => f.severity === 'risk').map((f) => TEXT.slice(f.start, f.end)).sort());
  assert.ok(texts((await highlights()).risk).includes('Projekt Merituuli'));

  // Back to the built-in rules: the same text is clean again.
  await page.click('nav a[data-route="authors"]');
  await page.click('#config-clear');
  await page.click('nav a[data-route="try"]');
  await waitChecked(TEXT);
  assert.equal((await highlights()).risk.length, 0);
  assert.equal(await page.isVisible('#org-active'), false);
});

test('Rule authors: the learned heads on a text, as the core scores them, and a sensitivity setting moves the line', async () => {
  await open('#/authors', { locale: 'en' });
  // A golden post on which a head reports (the core says which).
  const golden = readFileSync(join(REPO, 'learned', 'golden-posts.txt'), 'utf8').split('\n').filter((l) => l.trim() && !l.startsWith('#'));
  const text = golden.find((g) => JSON.parse(core.builtin.heads(g)).some((h) => h.score >= h.threshold));
  assert.ok(text, 'a golden post with a head over its line');
  const want = JSON.parse(core.builtin.heads(text));
  await page.fill('#heads-text', text);
  await page.locator('#heads table.heads').waitFor();
  const rows = await page.$$eval('#heads tbody tr', (trs) => trs.map((tr) => ({
    category: tr.dataset.category, over: tr.classList.contains('over'), cells: [...tr.cells].map((c) => c.textContent),
  })));
  assert.equal(rows.length, want.length, 'one row per head');
  for (const [row, head] of rows.map((r, i) => [r, want[i]])) {
    assert.equal(row.category, head.category);
    assert.equal(row.over, head.score >= head.threshold, `${head.category} over its line`);
    assert.equal(row.cells[2], `${Math.round(head.threshold * 100)} %`);
    assert.equal(row.cells[3], head.words.join(', '), 'the words that weighed most');
  }
  assert.ok(rows.some((r) => r.over && r.cells[3].length > 0), 'a reporting head names its words');
  await shot('authors-heads', true);

  // An organisation's "strict" moves that head's line down, at once.
  const category = want.find((h) => h.score >= h.threshold).category;
  await page.fill('#config', JSON.stringify({ sensitivity: { [category]: 'strict' } }));
  const line = async () => page.$eval(`#heads tr[data-category="${category}"]`, (tr) => tr.cells[2].textContent);
  const strict = JSON.parse(core.Checker.withConfig(JSON.stringify({ sensitivity: { [category]: 'strict' } })).heads(text)).find((h) => h.category === category);
  assert.ok(strict.threshold < want.find((h) => h.category === category).threshold);
  const expected = `${Math.round(strict.threshold * 100)} %`;
  await page.waitForFunction(([c, e]) => document.querySelector(`#heads tr[data-category="${c}"]`)?.cells[2].textContent === e, [category, expected]);
  assert.equal(await line(), expected);
  await page.click('#config-clear');
});

test('Install: loading the unpacked extension and deploying it by policy', async () => {
  await open('#/install', { locale: 'en' });
  const text = await page.innerText('#view-install');
  for (const needle of ['build/extension', 'chrome://extensions', 'edge://extensions', 'about:debugging', 'ExtensionInstallForcelist',
    'ExtensionSettings', 'force_installed', '3rdparty', 'policies.json', 'guidepost@kokkola.fi', 'organisationConfig']) {
    assert.ok(text.includes(needle), `the install page mentions ${needle}`);
  }
  // The managed settings shown are the keys of the extension's schema.json.
  const schema = JSON.parse(readFileSync(join(REPO, 'extension', 'schema.json'), 'utf8'));
  for (const key of Object.keys(schema.properties)) assert.ok(text.includes(key), `schema key ${key} is documented`);
  // Edge's own policy key and store, and what was tested; the examples also as files.
  assert.ok(text.includes('SOFTWARE\\Policies\\Microsoft\\Edge\\3rdparty\\extensions\\<extension-id>\\policy'), 'Edge\'s policy key');
  assert.ok(text.includes('Chromium 156'), 'what was tested');
  const files = await page.evaluate(async () => Promise.all(['policy/chrome-linux.json', 'policy/firefox-policies.json'].map(async (f) => (await fetch(f)).text())));
  for (const f of files) assert.ok(JSON.parse(f) && f.includes('organisationConfig'));
  await shot('install');
});

test('The language switcher translates the site', async () => {
  await open('#/try', { locale: 'sv' });
  assert.equal(await page.textContent('nav a[data-route="try"]'), 'Prova');
  await switchTo('fi');
  assert.equal(await page.textContent('nav a[data-route="try"]'), 'Kokeile');
  await switchTo('en');
  assert.equal(await page.textContent('nav a[data-route="try"]'), 'Try it');
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
});

test('In a dark colour scheme the site is dark and every text on it keeps 4.5:1', async () => {
  await page.emulateMedia({ colorScheme: 'dark' });
  try {
    await open('#/try', { locale: 'en' });
    await page.click('#post');
    await page.keyboard.type(RISKY);
    await waitChecked(RISKY);
    const worst = await page.evaluate(() => {
      const rgba = (c) => (c.match(/[\d.]+/g) || []).map(Number);
      const lum = ([r, g, b]) => [r, g, b].map((v) => v / 255).map((c) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4))
        .reduce((sum, c, i) => sum + c * [0.2126, 0.7152, 0.0722][i], 0);
      // The background a text sits on: the nearest ancestor with an opaque one.
      const background = (el) => {
        for (let e = el; e; e = e.parentElement) {
          const c = rgba(getComputedStyle(e).backgroundColor);
          if (c.length === 3 || c[3] === 1) return c;
        }
        return [255, 255, 255];
      };
      let low = { ratio: Infinity };
      for (const el of document.querySelectorAll('#view-try *')) {
        if (!el.checkVisibility() || ![...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim())) continue;
        const [fg, bg] = [lum(rgba(getComputedStyle(el).color)), lum(background(el))];
        const ratio = (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
        if (ratio < low.ratio) low = { ratio, text: el.textContent.trim().slice(0, 40), cls: el.className };
      }
      return { low, paper: lum(background(document.body)) };
    });
    assert.ok(worst.paper < 0.05, `dark paper (luminance ${worst.paper.toFixed(3)})`);
    assert.ok(worst.low.ratio >= 4.5, `lowest text contrast ${worst.low.ratio.toFixed(2)}:1 on "${worst.low.text}" (${worst.low.cls})`);
    await shot('try-dark');
  } finally {
    await page.emulateMedia({ colorScheme: 'light' });
  }
});

test('A narrow window: no sideways scrolling, the list goes under the box', async () => {
  await page.setViewportSize({ width: 360, height: 800 });
  await open('#/try', { locale: 'fi' });
  await page.click('[data-example="riskyFi"]');
  await waitChecked(await postText());
  const layout = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    width: document.documentElement.clientWidth,
    boxBottom: document.querySelector('#post').getBoundingClientRect().bottom,
    listTop: document.querySelector('.findings').getBoundingClientRect().top,
  }));
  assert.ok(layout.scroll <= layout.width, `no horizontal scroll: ${layout.scroll} > ${layout.width}`);
  assert.ok(layout.listTop > layout.boxBottom, 'the findings come after the box');
  await shot('try-narrow', true);
  await page.setViewportSize({ width: 1200, height: 900 });
});

test('No request leaves 127.0.0.1', () => {
  assert.ok(requests.some((u) => u.endsWith('/pkg/guidepost_bg.wasm')), 'requests were recorded');
  assert.deepEqual(foreign, [], 'requests outside the test server');
  const origin = new URL(base).origin;
  assert.deepEqual(requests.filter((u) => new URL(u).origin !== origin), []);
});
