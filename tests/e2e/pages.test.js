// The popup's guideline search and site switch, and the options page: its
// settings become the organisation config the checker runs with, and a
// config the checker rejects is reported while the built-in rules go on.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { Checker } from '../../build/pkg/guidepost.js';
import { launch, ARTIFACTS, openFacebook, waitForHighlight, waitForNoHighlight, chip, openCard, rectOf, analyze, waitFor, highlights } from './harness.js';

let browser;
let ext;

before(async () => {
  browser = await launch();
  ext = (path) => `chrome-extension://${browser.extensionId}/${path}`;
});

after(async () => {
  await browser?.close();
  browser?.removeProfile();
});

test('the popup searches the guideline as you type and shows each section in full', async () => {
  const popup = await browser.context.newPage();
  await popup.goto(ext('pages/popup.html'));
  await popup.waitForSelector('#results li');
  const all = await popup.locator('#results > li').count();
  assert.ok(all >= 10, `every section listed before a search (${all})`);
  await popup.fill('#query', 'password');
  await waitFor(async () => (await popup.locator('#results > li').count()) < all, { what: 'narrowed results' });
  const first = popup.locator('#results > li').first();
  assert.match(await first.locator('h2').textContent(), /safe|secure/i, 'the security section comes first for "password"');
  assert.equal(await first.locator('ul').isVisible(), false, 'the full text starts folded');
  await first.getByRole('button', { name: 'Read the whole section' }).click();
  assert.ok(await first.locator('ul').isVisible(), 'the full text unfolds');
  assert.ok((await first.locator('ul li').count()) >= 2, 'all the points of the section');
  await popup.setViewportSize({ width: 380, height: 600 });
  await popup.screenshot({ path: join(ARTIFACTS, 'popup.png') });
  // The settings link and the privacy note come before the sections; each
  // "read the whole section" button is named with its section; the count,
  // not the whole list, is what a screen reader hears.
  await popup.fill('#query', '');
  await waitFor(async () => (await popup.locator('#results > li').count()) === all, { what: 'every section again' });
  const settingsY = (await popup.locator('#settings').boundingBox()).y;
  const firstY = (await popup.locator('#results > li').first().boundingBox()).y;
  assert.ok(settingsY < firstY, `the settings link (y ${settingsY}) above the first section (y ${firstY})`);
  const names = await popup.$$eval('#results button', (bs) => bs.map((b) => b.getAttribute('aria-labelledby').split(' ').map((id) => document.getElementById(id).textContent).join(' ')));
  assert.equal(new Set(names).size, names.length, `distinct button names: ${names.slice(0, 3)}`);
  assert.equal(await popup.$eval('#results', (el) => el.getAttribute('aria-live')), null, 'the list is not a live region');
  await popup.fill('#query', 'password');
  await waitFor(async () => /^Sections found: \d+$/.test(await popup.$eval('#count', (el) => el.textContent)), { what: 'the count read out' });
  await popup.fill('#query', 'zzqxj');
  await popup.waitForSelector('#empty:not([hidden])');
  await popup.close();
});

test('options: extra hashtags reach the checker; a rejected hashtag is refused at its field, and nothing is saved', async () => {
  const options = await browser.context.newPage();
  await options.goto(ext('pages/options.html'));
  await options.waitForSelector('#categories input');
  await options.fill('#hashtags', '#Kokkola2026');
  await options.click('#save');
  await options.waitForSelector('#saved:text("Saved.")');
  assert.equal(await options.locator('#error').isVisible(), false);
  await options.screenshot({ path: join(ARTIFACTS, 'options.png'), fullPage: true });

  const page = await openFacebook(browser.context);
  await page.click('#textarea');
  await page.keyboard.type('The city library is closed on Midsummer Eve.');
  const withButton = await waitFor(async () => {
    const c = await chip(page);
    return c?.buttons.find((b) => b.text.includes('Add hashtags') && !b.disabled);
  }, { what: 'the hashtag suggestion' });
  await page.mouse.click(withButton.x, withButton.y);
  await waitFor(() => page.evaluate(() => window.fixture.textareaText().includes('#Kokkola2026')), { what: 'the organisation\'s hashtag in the post' });
  const text = await page.evaluate(() => window.fixture.textareaText());
  assert.match(text, /#KokkolaKarleby #BredareHorisont #Kokkola2026$/);

  // A typo is refused at its field and not saved; what is in force stays.
  await options.bringToFront();
  await options.fill('#hashtags', '#Kokkola-2026');
  await options.click('#save');
  const error = options.locator('#error-hashtags');
  await error.waitFor({ state: 'visible' });
  assert.match(await error.textContent(), /hashtags\[0\]/, 'the error names the field');
  assert.equal(await options.locator('#hashtags').getAttribute('aria-invalid'), 'true');
  assert.equal(await options.locator('#error').isVisible(), false, 'no problem of the organisation\'s');
  assert.deepEqual((await options.evaluate(() => chrome.storage.sync.get('hashtags'))).hashtags, ['#Kokkola2026'], 'nothing saved');
  await page.bringToFront();
  await page.click('#lexical');
  await page.keyboard.type('Kuulin, että kirjasto suljetaan.');
  await waitForHighlight(page, 'guidepost-caution', 'Kuulin, että');
  await options.bringToFront();
  await options.fill('#hashtags', '');
  await options.click('#save');
  await options.waitForSelector('#saved:text("Saved.")');
  assert.equal(await error.isVisible(), false, 'the field error goes away');
  await options.close();
  await page.close();
});

test('options: a hidden category is no longer underlined', async () => {
  const page = await openFacebook(browser.context);
  await page.click('#lexical');
  await page.keyboard.type('Kuulin, että kirjasto suljetaan.');
  await waitForHighlight(page, 'guidepost-caution', 'Kuulin, että');
  const options = await browser.context.newPage();
  await options.goto(ext('pages/options.html'));
  await options.waitForSelector('#categories input');
  await options.locator('#categories input[value="rumor"]').uncheck();
  assert.ok(await options.locator('#risk-off').isHidden(), 'a caution switched off: no warning');
  // A risk switched off is said aloud before anything is saved; switched on again, the word goes.
  await options.locator('#categories input[value="personal-data"]').uncheck();
  assert.match(await options.locator('#risk-off').textContent(), /^Switched off: Personal data\. .*guideline still forbids/);
  await options.locator('#categories input[value="personal-data"]').check();
  assert.ok(await options.locator('#risk-off').isHidden());
  await options.click('#save');
  await options.waitForSelector('#saved:text("Saved.")');
  await page.bringToFront();
  await page.keyboard.type(' ');
  await waitForNoHighlight(page, 'guidepost-caution', 'Kuulin, että');
  await options.locator('#categories input[value="rumor"]').check();
  await options.click('#save');
  await page.keyboard.type(' ');
  await waitForHighlight(page, 'guidepost-caution', 'Kuulin, että');
  await options.close();
  await page.close();
});

test('the site switch turns Guidepost off and on for one site at once', async () => {
  const page = await openFacebook(browser.context);
  await page.click('#lexical');
  await page.keyboard.type('Kuulin, että kirjasto suljetaan.');
  await waitForHighlight(page, 'guidepost-caution', 'Kuulin, että');
  // What the popup's switch writes (the popup needs a real active tab to show it).
  const popup = await browser.context.newPage();
  await popup.goto(ext('pages/popup.html'));
  await popup.evaluate(() => chrome.storage.sync.set({ disabledSites: ['www.facebook.com'] }));
  await waitFor(async () => Object.values(await highlights(page)).flat().length === 0, { what: 'underlines gone' });
  await page.bringToFront();
  await page.keyboard.type(' Kuulin, että');
  await page.waitForTimeout(300);
  assert.deepEqual(Object.values(await highlights(page)).flat(), [], 'nothing is checked while off');
  await popup.evaluate(() => chrome.storage.sync.set({ disabledSites: [] }));
  await waitForHighlight(page, 'guidepost-caution', 'Kuulin, että');
  await popup.close();
  await page.close();
});

test('"Open guideline section" opens that section in full, in a tab', async () => {
  const page = await openFacebook(browser.context);
  await page.click('#lexical');
  const text = 'Kuulin, että kirjasto suljetaan.';
  await page.keyboard.type(text);
  await waitForHighlight(page, 'guidepost-caution', 'Kuulin, että');
  const section = analyze(text).findings.find((f) => f.category === 'rumor');
  const at = await rectOf(page, 'guidepost-caution', 'Kuulin, että');
  await page.mouse.click(at.x, at.y);
  const card = await waitFor(() => openCard(page), { what: 'the card' });
  const button = card.buttons.find((b) => b.text === 'Open guideline section');
  const [tab] = await Promise.all([browser.context.waitForEvent('page'), page.mouse.click(button.x, button.y)]);
  await tab.waitForLoadState();
  assert.equal(new URL(tab.url()).hash, `#${section.section_id}`);
  const shown = tab.locator(`#card-${section.section_id}`);
  await shown.locator('ul').waitFor({ state: 'visible' });
  assert.equal(await shown.locator('h2').textContent(), section.section, 'the section the card named');
  assert.equal(await shown.getAttribute('aria-current'), 'true', 'marked as the one asked for');
  assert.ok(await tab.evaluate((id) => document.getElementById(id).contains(document.activeElement), `card-${section.section_id}`), 'with the focus in it');
  await tab.close();
  // The button stays usable: a second click opens the section again.
  const again = (await openCard(page))?.buttons.find((b) => b.text === 'Open guideline section');
  assert.ok(again && !again.disabled, 'the button is not greyed out after one click');
  await page.close();
});

test('options: the interface language and one\'s own disclaimer reach the page', async () => {
  const options = await browser.context.newPage();
  await options.goto(ext('pages/options.html'));
  await options.waitForSelector('#categories input');
  await options.selectOption('#locale', 'fi');
  await options.fill('#disclaimer-fi', 'Kirjoitan omissa nimissäni.');
  await options.click('#save');
  await options.waitForSelector('#saved:text("Tallennettu.")'); // the page itself turned Finnish
  // An empty disclaimer field shows the text it falls back to; one's own text does not change the others'.
  analyze('warm up'); // instantiates the module in Node
  const standard = new Checker();
  for (const l of ['sv', 'en']) {
    assert.equal(await options.getAttribute(`#disclaimer-${l}`, 'placeholder'), standard.disclaimer(l), `the standard ${l} text in the empty field`);
  }
  assert.equal(await options.getAttribute('#disclaimer-fi', 'placeholder'), standard.disclaimer('fi'));
  standard.free();
  // Each language is named in its own words, whatever the interface language;
  // the language list and the hashtag field have accessible names.
  assert.deepEqual(await options.$$eval('#locale option:not([value=auto])', (os) => os.map((o) => `${o.lang}:${o.textContent}`)), ['sv:Svenska', 'fi:Suomi', 'en:English']);
  for (const id of ['locale', 'hashtags']) {
    const name = await options.$eval(`#${id}`, (el) => el.getAttribute('aria-labelledby')?.split(' ').map((l) => document.getElementById(l)?.textContent.trim()).join(' '));
    assert.ok(name, `#${id} is named by a visible label`);
  }
  const page = await openFacebook(browser.context);
  await page.click('#textarea');
  const text = 'Mielestäni kaupungin päätös lakkauttaa Halkokarin koulu on virhe.';
  await page.keyboard.type(text);
  const button = await waitFor(async () => {
    const c = await chip(page);
    return c?.buttons.find((b) => b.text.includes('Lisää maininta omasta mielipiteestä') && !b.disabled);
  }, { what: 'the Finnish disclaimer button' });
  await page.mouse.click(button.x, button.y);
  await waitFor(() => page.evaluate(() => window.fixture.textareaText().endsWith('Kirjoitan omissa nimissäni.')), { what: 'the own disclaimer' });
  assert.equal(await page.evaluate(() => window.fixture.textareaText()), `${text}\n\nKirjoitan omissa nimissäni.`);
  await options.bringToFront();
  await options.selectOption('#locale', 'auto');
  await options.fill('#disclaimer-fi', '');
  await options.click('#save');
  await options.waitForSelector('#saved:text("Saved.")');
  await options.close();
  await page.close();
});

test('in a dark colour scheme the popup and the options page are dark, their text readable', async () => {
  for (const path of ['pages/popup.html', 'pages/options.html']) {
    const p = await browser.context.newPage();
    await p.emulateMedia({ colorScheme: 'dark' });
    await p.goto(ext(path));
    await p.waitForSelector(path.includes('popup') ? '#results li' : '#categories input');
    const colours = await p.evaluate(() => {
      const rgb = (c) => c.match(/\d+(\.\d+)?/g).slice(0, 3).map(Number);
      const lum = ([r, g, b]) => [r, g, b].map((v) => v / 255).map((c) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4))
        .reduce((sum, c, i) => sum + c * [0.2126, 0.7152, 0.0722][i], 0);
      const bg = lum(rgb(getComputedStyle(document.body).backgroundColor));
      const ratio = (el) => {
        const fg = lum(rgb(getComputedStyle(el).color));
        return (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
      };
      return { bg, text: ratio(document.body), muted: Math.min(...[...document.querySelectorAll('.note')].filter((n) => !n.hidden).map(ratio)) };
    });
    assert.ok(colours.bg < 0.05, `${path}: a dark background (luminance ${colours.bg.toFixed(3)})`);
    assert.ok(colours.text >= 4.5, `${path}: text ${colours.text.toFixed(1)}:1`);
    assert.ok(colours.muted >= 4.5, `${path}: notes ${colours.muted.toFixed(1)}:1`);
    await p.screenshot({ path: join(ARTIFACTS, `${path.includes('popup') ? 'popup' : 'options'}-dark.png`) });
    await p.close();
  }
});

test('axe-core finds no WCAG 2.1 AA violation on the popup and the options page, light and dark, in each language', async () => {
  const { readFileSync } = await import('node:fs');
  const { REPO } = await import('./harness.js');
  const AXE = readFileSync(join(REPO, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
  const found = [];
  for (const scheme of ['light', 'dark']) {
    const page = await browser.context.newPage();
    await page.emulateMedia({ colorScheme: scheme });
    for (const [path, ready] of [['pages/popup.html', '#results li'], ['pages/options.html', '#categories input']]) {
      for (const locale of ['en', 'fi', 'sv']) {
        await page.goto(ext(path));
        await page.waitForSelector(ready);
        // The interface language as a user would pick it; back to automatic at the end.
        await page.evaluate((l) => chrome.storage.sync.set({ locale: l }), locale);
        await page.reload();
        await page.waitForFunction((l) => document.documentElement.lang === l, locale);
        await page.waitForSelector(ready);
        await page.evaluate(AXE);
        const result = await page.evaluate(() => axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }));
        assert.ok(result.passes.length > 10, `axe ran its checks on ${path}`);
        for (const v of result.violations) found.push(`${path} ${scheme} ${locale}: ${v.id} (${v.impact}) ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
      }
    }
    await page.evaluate(() => chrome.storage.sync.set({ locale: 'auto' }));
    await page.close();
  }
  assert.deepEqual(found, []);
});
