// The one $N substitution and the one t() (extension/format.js).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { categoryKey, format, translator } from '../../extension/format.js';

test('format replaces $1…$9 by the arguments, in any order and repeated', () => {
  assert.equal(format('Risks ($1)', 3), 'Risks (3)');
  assert.equal(format('$2 before $1, $1 again', 'a', 'b'), 'b before a, a again');
  assert.equal(format('no placeholders'), 'no placeholders');
});

test('format: a missing argument is empty; null and undefined too; 0 stays', () => {
  assert.equal(format('[$1][$2]', 'x'), '[x][]');
  assert.equal(format('[$1][$2]', null, undefined), '[][]');
  assert.equal(format('$1 %', 0), '0 %');
});

test('format: only one digit is a placeholder; $ alone and $$ stay as written', () => {
  assert.equal(format('$12', 'a'), 'a2');
  assert.equal(format('costs $ and $$', 'x'), 'costs $ and $$');
});

test('format: arguments are text, never re-read as placeholders or patterns', () => {
  assert.equal(format('$1 and $2', '$2', 'b'), '$2 and b');
  assert.equal(format('$1', "$& $' $`"), "$& $' $`");
});

test('translator: looks the key up, falls back to the key itself', () => {
  const strings = { chipSummary: '$1 risks, $2 cautions, $3 suggestions' };
  const t = translator((key) => strings[key]);
  assert.equal(t('chipSummary', 1, 0, 2), '1 risks, 0 cautions, 2 suggestions');
  assert.equal(t('unknownKey', 'x'), 'unknownKey');
  assert.equal(translator(() => undefined)('cat_tone'), 'cat_tone');
  assert.equal(translator(() => '')('empty'), '', 'an empty text is a text');
});

test('translator: the lookup is asked at each call (texts loaded later are used)', () => {
  let strings = null;
  const t = translator((key) => strings?.[key]);
  assert.equal(t('cardClose'), 'cardClose');
  strings = { cardClose: 'Close' };
  assert.equal(t('cardClose'), 'Close');
});

test('categoryKey: a category id as its locale key', () => {
  assert.equal(categoryKey('personal-data'), 'cat_personal_data');
  assert.equal(categoryKey('tone'), 'cat_tone');
});

test('format: {$N|one|other} takes the form for the count in argument N', () => {
  assert.equal(format('$1 {$1|risk|risks}', 1), '1 risk');
  assert.equal(format('$1 {$1|risk|risks}', 0), '0 risks');
  assert.equal(format('$1 {$1|risk|risks}', 2), '2 risks');
  assert.equal(format('$2 harkittava{$2||a}', 'x', 1), '1 harkittava');
  assert.equal(format('$2 harkittava{$2||a}', 'x', 5), '5 harkittavaa');
});

test('the chip\'s counts are said with the right plural in each language', async () => {
  const { readFileSync } = await import('node:fs');
  const summary = (l, ...n) => {
    const m = JSON.parse(readFileSync(new URL(`../../extension/_locales/${l}/messages.json`, import.meta.url)));
    return format(m.chipSummary.message, ...n);
  };
  assert.equal(summary('en', 1, 1, 1), '1 risk, 1 caution, 1 suggestion');
  assert.equal(summary('en', 2, 0, 3), '2 risks, 0 cautions, 3 suggestions');
  assert.equal(summary('fi', 1, 1, 1), '1 riski, 1 harkittava, 1 ehdotus');
  assert.equal(summary('fi', 2, 0, 3), '2 riskiä, 0 harkittavaa, 3 ehdotusta');
  assert.equal(summary('sv', 1, 1, 1), '1 risk, 1 att se upp med, 1 förslag');
  assert.equal(summary('sv', 2, 0, 3), '2 risker, 0 att se upp med, 3 förslag');
});
