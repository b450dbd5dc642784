// The card and keyboard scenarios of card-scenarios.js on the extension, in
// Lexical on the Facebook fixture. The playground runs the same scenarios
// (tests/www/card-keyboard.test.js): one controller, one behaviour.
import { test, before, after } from 'node:test';
import { launch, openFacebook, highlights, waitFor } from './harness.js';
import { cardScenarios } from './card-scenarios.js';

let browser;
let page;

before(async () => {
  browser = await launch();
  page = await openFacebook(browser.context);
  await page.bringToFront();
});

after(async () => {
  await browser?.close();
  browser?.removeProfile();
});

test('extension (Lexical): card and keys', async (t) => {
  await cardScenarios(t, () => ({
    page,
    selector: '#lexical',
    modelText: () => page.evaluate(() => window.fixture.lexicalText()),
    async clear() {
      await page.click('#lexical');
      await page.keyboard.press('ControlOrMeta+a');
      await page.keyboard.press('Delete');
      await waitFor(async () => (await page.evaluate(() => window.fixture.lexicalText())).trim() === '', { what: 'an empty editor' });
      await waitFor(async () => Object.values(await highlights(page)).flat().length === 0, { what: 'no underlines' });
    },
  }));
});
