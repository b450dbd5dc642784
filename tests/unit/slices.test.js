import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gpSlices, GP_SLICE_MAX, GP_SLICE_MIN } from '../../extension/content/slices.js';

// Paragraphs of varied length, deterministic.
function post(paragraphs, seed = 1) {
  let x = seed;
  const next = () => (x = (Math.imul(x, 1103515245) + 12345) >>> 0) / 2 ** 32;
  const words = ['kaupunki', 'kirjasto', 'on', 'auki', 'huomenna', 'stadshuset', 'möte', 'the', 'library', 'Kiitos'];
  const out = [];
  for (let p = 0; p < paragraphs; p++) {
    const n = 5 + Math.floor(next() * 120);
    out.push(Array.from({ length: n }, () => words[Math.floor(next() * words.length)]).join(' ') + '.');
  }
  return out.join('\n');
}

test('slices cover the post exactly, each between the bounds (the last may be shorter)', () => {
  const text = post(600);
  const slices = gpSlices(text);
  assert.ok(slices.length > 5, `${slices.length} slices of ${text.length} characters`);
  assert.equal(slices.map((s) => s.text).join(''), text);
  slices.forEach((s, i) => {
    assert.equal(text.slice(s.start, s.start + s.text.length), s.text);
    assert.ok(s.text.length <= GP_SLICE_MAX, `slice ${i}: ${s.text.length}`);
    if (i < slices.length - 1) {
      assert.ok(s.text.length > GP_SLICE_MIN, `slice ${i}: ${s.text.length}`);
      assert.ok(s.text.endsWith('\n'), `slice ${i} ends at a paragraph break`);
    }
  });
  assert.deepEqual(gpSlices('short'), [{ start: 0, text: 'short' }]);
});

test('an edit changes the slice it is in and at most the next one; the rest are found again', () => {
  const text = post(800, 7);
  const before = new Set(gpSlices(text).map((s) => s.text));
  for (const at of [text.length * 0.25, text.length / 2, text.length * 0.8].map(Math.floor)) {
    const edited = `${text.slice(0, at)} lisätty sana ${text.slice(at)}`;
    const after = gpSlices(edited);
    const fresh = after.filter((s) => !before.has(s.text));
    assert.ok(fresh.length >= 1 && fresh.length <= 2, `edit at ${at}: ${fresh.length} of ${after.length} slices new`);
  }
});

test('without paragraph breaks a slice ends after a sentence, else a space, never inside a surrogate pair', () => {
  const sentences = 'Kirjasto on auki tänään. '.repeat(2000);
  for (const s of gpSlices(sentences).slice(0, -1)) assert.ok(s.text.endsWith('. '), JSON.stringify(s.text.slice(-5)));
  const emoji = '😀'.repeat(GP_SLICE_MAX);
  const slices = gpSlices(emoji);
  assert.equal(slices.map((s) => s.text).join(''), emoji);
  for (const s of slices) assert.equal(s.text.length % 2, 0, 'whole pairs only');
});
