// The checker tells the JavaScript side its categories (categories() of the
// wasm core, build/pkg): the extension's settings list them in its order,
// every locale names each one, the managed-settings schema documents each.
// tests/unit/texts.test.js checks the same without a build, from the Rust
// source; this is the built module's own word.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { categories } from '../../build/pkg/guidepost.js';
import { analyze } from './harness.js';
import { categoryKey } from '../../extension/format.js';
import { CATEGORIES, LOCALES, RISK_CATEGORIES } from '../../extension/settings.js';

const read = (path) => JSON.parse(readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8'));

test('the built checker names its categories; the extension follows them', () => {
  analyze('warm up'); // instantiates the module
  const ids = JSON.parse(categories());
  assert.ok(ids.length >= 11 && ids.includes('personal-data') && ids.includes('feedback'), `categories(): ${ids}`);
  assert.deepEqual(CATEGORIES, ids, 'extension/settings.js CATEGORIES, in the checker\'s order');
  for (const l of LOCALES) {
    const messages = read(`extension/_locales/${l}/messages.json`);
    for (const id of ids) assert.ok(messages[categoryKey(id)]?.message, `${l}: ${categoryKey(id)}`);
  }
  const schema = read('extension/schema.json').properties.hiddenCategories.description;
  for (const id of ids) assert.match(schema, new RegExp(`\\b${id}\\b`), `schema.json names ${id}`);
});

test('every finding the checker reports has one of those categories', () => {
  const ids = new Set(JSON.parse(categories()));
  const posts = [
    'Kuulin, että kirjasto suljetaan. Matti on idiootti. Hetu 131052-308T.',
    'Lösenordet är sommar2026. Det här stannar mellan oss.',
    'YOU ARE ALL IDIOTS and I know where you live.',
  ];
  const seen = posts.flatMap((p) => analyze(p).findings.map((f) => f.category));
  assert.ok(seen.length >= 3, `findings: ${seen}`);
  for (const c of seen) assert.ok(ids.has(c), `${c} is one of categories()`);
  // The options page warns when a risk category is switched off: its list must say which are risks.
  for (const post of posts) {
    for (const f of analyze(post).findings) {
      assert.equal(RISK_CATEGORIES.includes(f.category), f.severity === 'risk', `${f.category} (${f.severity}) and RISK_CATEGORIES`);
    }
  }
});
