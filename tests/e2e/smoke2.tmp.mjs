import { launch, openLinkedIn, highlights, chip, closedUi } from '/work/main/tests/e2e/harness.js';
const b = await launch({ extension: process.argv[2] === 'on' });
const page = await openLinkedIn(b.context);
await page.click('#interop-outlet .ql-editor');
await page.keyboard.type('In my opinion');
await page.waitForTimeout(300);
console.log(JSON.stringify(await page.evaluate(() => [fixture.quillText(), document.activeElement.tagName, document.activeElement.shadowRoot?.activeElement?.className])));
await b.close();
