// Categories and interface texts tied together: the checker's categories
// (the Category enum of the Rust core), the options' list, the locale files
// of the extension (extension/_locales/*/messages.json) and the playground's
// own texts (www/strings.js). A new category, or a text added in one language
// only, fails here before it shows as a raw key in a card.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { categoryKey } from '../../extension/format.js';
import { CATEGORIES, LOCALES } from '../../extension/settings.js';
import { LOCALES as SITE_LOCALES, STRINGS } from '../../www/strings.js';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const read = (...p) => readFileSync(join(REPO, ...p), 'utf8');

function rustFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? rustFiles(path) : name.endsWith('.rs') ? [path] : [];
  });
}

/** The checker's category ids, in its order: `Category::X => "id"` in the enum's `fn id`. */
function checkerCategories() {
  for (const file of rustFiles(join(REPO, 'src'))) {
    const source = readFileSync(file, 'utf8');
    if (!/\benum Category\b/.test(source)) continue;
    const body = /fn id\(self\)[^{]*\{\s*match self \{([^}]*)\}/.exec(source);
    if (!body) continue;
    return [...body[1].matchAll(/Category::\w+\s*=>\s*"([a-z-]+)"/g)].map((m) => m[1]);
  }
  throw new Error('no `enum Category` with `fn id(self)` under src/: tell this test where the categories are');
}

const MESSAGES = Object.fromEntries(LOCALES.map((l) => [l, JSON.parse(read('extension', '_locales', l, 'messages.json'))]));
const placeholders = (text) => [...new Set(text.match(/\$\d/g) || [])].sort();

test('the options list the checker\'s categories, in its order', () => {
  const categories = checkerCategories();
  assert.ok(categories.length >= 11, `categories read from the Rust core: ${categories}`);
  assert.deepEqual(CATEGORIES, categories);
});

test('every locale names every category (cat_* keys), and no category that is gone', () => {
  const categories = checkerCategories();
  for (const l of LOCALES) {
    for (const id of categories) assert.ok(MESSAGES[l][categoryKey(id)]?.message, `${l}: ${categoryKey(id)} for the category ${id}`);
    const extra = Object.keys(MESSAGES[l]).filter((k) => k.startsWith('cat_') && !categories.some((id) => categoryKey(id) === k));
    assert.deepEqual(extra, [], `${l}: cat_* keys without a category`);
  }
});

test('the managed-settings schema documents every category id', () => {
  const schema = JSON.parse(read('extension', 'schema.json'));
  const text = schema.properties.hiddenCategories.description;
  for (const id of checkerCategories()) assert.match(text, new RegExp(`\\b${id}\\b`), `schema.json hiddenCategories names ${id}`);
});

test('the extension\'s three locale files have the same keys, each with a text and the same $N', () => {
  const [first, ...rest] = LOCALES;
  const keys = Object.keys(MESSAGES[first]).sort();
  for (const l of rest) assert.deepEqual(Object.keys(MESSAGES[l]).sort(), keys, `${l} has the keys of ${first}`);
  for (const l of LOCALES) {
    for (const key of keys) {
      const { message } = MESSAGES[l][key];
      assert.equal(typeof message, 'string', `${l}.${key}.message`);
      assert.ok(message.trim(), `${l}.${key} is not empty`);
      assert.deepEqual(placeholders(message), placeholders(MESSAGES[first][key].message), `${l}.${key}: the same $N as ${first}`);
    }
  }
});

test('the playground\'s texts: the same keys in its three languages, the same $N, none hiding an extension text', () => {
  assert.deepEqual(SITE_LOCALES, LOCALES);
  const [first, ...rest] = SITE_LOCALES;
  const keys = Object.keys(STRINGS[first]).sort();
  for (const l of rest) assert.deepEqual(Object.keys(STRINGS[l]).sort(), keys, `www/strings.js ${l} has the keys of ${first}`);
  for (const l of SITE_LOCALES) {
    for (const key of keys) assert.deepEqual(placeholders(STRINGS[l][key]), placeholders(STRINGS[first][key]), `${l}.${key}: the same $N`);
  }
  const shadowed = keys.filter((k) => k in MESSAGES[first]);
  assert.deepEqual(shadowed, [], 'a site text with an extension key would hide the extension\'s');
});

/** Literal keys passed to t('…') in a source file. */
const keysUsed = (source) => [...source.matchAll(/\bt\('([A-Za-z_]+)'/g)].map((m) => m[1]);

test('every literal t(\'key\') of the extension and the playground has a text', () => {
  const files = [
    ...readdirSync(join(REPO, 'extension', 'content')).filter((n) => n.endsWith('.js')).map((n) => ['extension', 'content', n]),
    ['extension', 'pages', 'popup.js'], ['extension', 'pages', 'options.js'],
  ];
  for (const f of files) {
    for (const key of keysUsed(read(...f))) {
      for (const l of LOCALES) assert.ok(MESSAGES[l][key], `${f.join('/')}: ${key} in ${l}`);
    }
  }
  const site = [read('www', 'app.js'), read('www', 'index.html').replace(/data-i18n(?:-label)?="([A-Za-z_]+)"/g, "t('$1'")].join('\n');
  for (const key of keysUsed(site)) {
    for (const l of SITE_LOCALES) assert.ok(STRINGS[l][key] ?? MESSAGES[l][key], `the playground: ${key} in ${l}`);
  }
});
