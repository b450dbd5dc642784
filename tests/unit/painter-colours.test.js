// The underlines stay visible where they are drawn: each severity's colour
// keeps at least 3:1 (WCAG 2.1, non-text contrast) against the composer
// backgrounds of the sites, light and dark (one colour for both: a site's
// scheme need not be the system's), and the three severities
// differ by their line style too, so they stay apart in forced colours.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GP_HIGHLIGHT_RULES, GP_UNDERLINES } from '../../extension/content/painter.js';

// Composer and comment-box backgrounds, light and dark (Facebook, LinkedIn, Meta Business Suite).
const BACKGROUNDS = {
  light: ['#ffffff', '#f0f2f5', '#f4f2ee'],
  dark: ['#242526', '#3a3b3c', '#18191a', '#1b1f23', '#000000'],
};

function luminance(hex) {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255)
    .map((c) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
const contrast = (a, b) => {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
};

test('every underline keeps 3:1 against the sites\' backgrounds, light and dark', () => {
  for (const [severity, u] of Object.entries(GP_UNDERLINES)) {
    for (const bg of [...BACKGROUNDS.light, ...BACKGROUNDS.dark]) {
      const ratio = contrast(u.colour, bg);
      assert.ok(ratio >= 3, `${severity} ${u.colour} on ${bg}: ${ratio.toFixed(2)}:1`);
    }
  }
});

test('the severities differ by line style, each in its rule', () => {
  const styles = Object.values(GP_UNDERLINES).map((u) => u.style);
  assert.equal(new Set(styles).size, styles.length, `line styles: ${styles}`);
  for (const u of Object.values(GP_UNDERLINES)) assert.ok(GP_HIGHLIGHT_RULES.includes(`underline ${u.style} ${u.colour}`));
});
