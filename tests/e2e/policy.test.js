// The organisation's policy and the user's own settings are applied apart
// (issue 13, item 8): a real Chromium policy file sets a confidential
// project name and the disclaimer, and whatever the user gets wrong in their
// own settings (a hashtag typo refused at its field, or a bad value already
// in storage.sync from elsewhere) never switches the policy off.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { EXTENSION, chip, launch, openFacebook, unpackedId, waitFor, waitForHighlight, writePolicy } from './harness.js';

const SECRET = 'Projekt Havsvind';
const POLICY_DISCLAIMER = 'These are my own views, not those of my employer (policy text).';

let browser;
let removePolicy = () => {};

before(async () => {
  removePolicy = writePolicy('policy', {
    organisationConfig: JSON.stringify({ confidential_terms: [SECRET] }),
    disclaimer: { en: POLICY_DISCLAIMER },
    hashtags: '#NotAList', // the wrong type: Chromium drops it, and the rest of the policy holds
  });
  browser = await launch();
  assert.equal(browser.extensionId, unpackedId(EXTENSION), 'the policy file names the loaded extension');
});

after(async () => {
  removePolicy();
  await browser?.close();
  browser?.removeProfile();
});

const ext = (path) => `chrome-extension://${browser.extensionId}/${path}`;

async function secretFlagged(page, words) {
  await page.click('#lexical');
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.press('Delete');
  await page.keyboard.type(`${words} ${SECRET} startar i vår.`);
  await waitForHighlight(page, 'guidepost-risk', SECRET);
}

test('the policy is in force, shown locked, and a user\'s mistakes never switch it off', async () => {
  const options = await browser.context.newPage();
  await options.goto(ext('pages/options.html'));
  // Chromium can hold the policy back for a moment after it starts; the
  // background rebuilds when it arrives.
  const status = await waitFor(async () => {
    const s = await options.evaluate(() => chrome.runtime.sendMessage({ type: 'status' }));
    return s.locked.includes('organisationConfig') && s;
  }, { what: 'the policy in the background\'s status', timeout: 10000 });
  assert.ok(status.locked.includes('disclaimer'), JSON.stringify(status.locked));
  await options.reload();
  await options.waitForSelector('#categories input');
  assert.ok(!status.locked.includes('hashtags'), 'Chromium dropped the wrong-typed value');
  assert.equal(status.policyError, null);
  assert.equal(await options.locator('#disclaimer-en').isDisabled(), true, 'the policy\'s disclaimer is locked');
  assert.equal(await options.locator('#disclaimer-en').inputValue(), POLICY_DISCLAIMER);
  assert.equal(await options.locator('.locked[data-for="disclaimer"]').isVisible(), true);

  const page = await openFacebook(browser.context);
  await secretFlagged(page, 'Oss emellan:');

  // A typo in the user's hashtags is refused at its field; nothing is saved.
  await options.bringToFront();
  await options.fill('#hashtags', '#Kokkola-2026');
  await options.click('#save');
  await options.locator('#error-hashtags').waitFor({ state: 'visible' });
  assert.match(await options.locator('#error-hashtags').textContent(), /hashtags\[0\]/);
  assert.equal((await options.evaluate(() => chrome.storage.sync.get('hashtags'))).hashtags, undefined, 'nothing saved');

  // A bad value that reached storage.sync some other way (another machine,
  // an older version): the policy stays in force, the user's error is named.
  await options.evaluate(() => chrome.storage.sync.set({ hashtags: ['#Kokkola-2026'] }));
  await options.reload();
  await options.waitForSelector('#categories input');
  const after = await waitFor(async () => {
    const s = await options.evaluate(() => chrome.runtime.sendMessage({ type: 'status' }));
    return s.userError && s;
  }, { what: 'the user\'s error in the status' });
  assert.match(after.userError, /hashtags\[0\]/);
  assert.equal(after.policyError, null, 'the policy itself is fine');
  assert.equal(await options.locator('#error-hashtags').isVisible(), true, 'shown at the field');
  assert.equal(await options.locator('#error').isVisible(), false, 'not as a problem of the organisation\'s');
  await page.bringToFront();
  await secretFlagged(page, 'Mellan oss sagt:');

  // The policy's own disclaimer is what "Add disclaimer" puts in.
  await page.click('#textarea');
  await page.keyboard.type('In my opinion, the library budget should not be cut.');
  const button = await waitFor(async () => (await chip(page))?.buttons.find((b) => b.text.includes('Add disclaimer') && !b.disabled), { what: 'the disclaimer suggestion' });
  await page.mouse.click(button.x, button.y);
  await waitFor(() => page.evaluate((t) => window.fixture.textareaText().includes(t), POLICY_DISCLAIMER), { what: 'the policy\'s disclaimer in the post' });
  await options.evaluate(() => chrome.storage.sync.remove('hashtags'));
  await options.close();
  await page.close();
});
