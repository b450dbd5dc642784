// The card and keyboard scenarios of card-scenarios.js on the extension, in
// Lexical on the Facebook fixture, in each browser. The playground runs the
// same scenarios (tests/www/card-keyboard.test.js): one controller, one
// behaviour.
import { test, describe, before, after } from 'node:test';
import { launch, openFacebook, highlights, waitFor, press, click, BROWSERS } from './harness.js';
import { cardScenarios } from './card-scenarios.js';

for (const name of BROWSERS) describe(name, () => {
  let browser;
  let page;

  before(async () => {
    browser = await launch({ browser: name });
    page = await openFacebook(browser.context);
    await page.bringToFront();
  });

  after(async () => {
    await browser?.close();
    browser?.removeProfile();
  });

  test(`extension (Lexical, ${name}): card and keys`, async (t) => {
    await cardScenarios(t, () => ({
      page,
      selector: '#lexical',
      modelText: () => page.evaluate(() => window.fixture.lexicalText()),
      async clear() {
        await click(page, '#lexical');
        await press(page, 'ControlOrMeta+a');
        await press(page, 'Delete');
        await waitFor(async () => (await page.evaluate(() => window.fixture.lexicalText())).trim() === '', { what: 'an empty editor' });
        await waitFor(async () => Object.values(await highlights(page)).flat().length === 0, { what: 'no underlines' });
      },
    }));
  });
});
