// The composers the city really posts from, beyond www.facebook.com and the
// LinkedIn feed (issue 9): web.facebook.com (the same composer), Meta
// Business Suite's Create post (business.facebook.com, Lexical),
// m.facebook.com's basic form (a textarea and a submit input), and a LinkedIn
// company page's admin composer (Quill in a dialog). Each is served at its
// own host name with the shipped manifest: a risk is underlined in it, and
// the second look holds its first publish press and lets the second through.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, click, waitFor, waitForHighlight, waitInPage, BROWSERS } from './harness.js';

const RISK = 'Hetu 131052-308T';
const HOSTS = [
  { id: 'web.facebook.com', url: 'https://web.facebook.com/', ready: () => !!window.fixture?.editor, editor: '#lexical', model: 'lexicalText', publish: '#lexical-post' },
  { id: 'business.facebook.com', url: 'https://business.facebook.com/', ready: () => !!window.fixture?.editor, editor: '#business-text', model: 'businessText', publish: '#business-publish' },
  { id: 'm.facebook.com', url: 'https://m.facebook.com/', ready: () => !!window.fixture, editor: '#mobile-text', model: 'mobileText', publish: '#mobile-post' },
  { id: 'LinkedIn company admin', url: 'https://www.linkedin.com/company/kokkola/admin/', ready: () => !!window.fixture, start: '#admin-start', editor: '#admin-editor .ql-editor', model: 'adminText', publish: '#admin-post' },
];

for (const name of BROWSERS) describe(name, () => {
  let browser;

  before(async () => {
    browser = await launch({ browser: name });
  });

  after(async () => {
    await browser?.close();
    browser?.removeProfile();
  });

  for (const h of HOSTS) {
    test(`${h.id}: a risk is underlined, the first Post is held and the second publishes`, async () => {
      const page = await browser.context.newPage();
      await page.goto(h.url);
      await waitInPage(page, h.ready, null, { what: `the ${h.id} fixture` });
      if (h.start) await click(page, h.start);
      await waitInPage(page, (m) => typeof window.fixture[m] === 'function', h.model, { what: 'the editor' });
      await click(page, h.editor);
      await page.keyboard.type(RISK);
      await waitForHighlight(page, 'guidepost-risk', '131052-308T');
      await click(page, h.publish);
      await new Promise((r) => setTimeout(r, 300));
      assert.deepEqual(await page.evaluate(() => window.fixture.published), [], 'held');
      assert.equal((await page.evaluate((m) => window.fixture[m](), h.model)).trim(), RISK);
      await click(page, h.publish);
      await waitFor(async () => (await page.evaluate(() => window.fixture.published.length)) === 1, { what: 'published at the second press' });
      assert.equal((await page.evaluate(() => window.fixture.published[0])).trim(), RISK);
      await page.close();
    });
  }
});
