// A plain JavaScript checker for the same rule pack, generated from the same
// data files (rules/*.toml), to compare the wasm core against. Straightforward
// on purpose: one RegExp per pattern, run over the whole text.
//
// Covered: every `match` pattern of every rule (word slots as alternations
// with \p{L}/\p{N} word boundaries, stems as [\p{L}\p{N}]*, `~N` gaps as up
// to N further words, no crossing of . ! ? … or a line break, case-insensitive
// with the 'u' flag), `<num>` (3+ digits) and `<name>` (a capitalised word,
// approximately: without the not-a-name lists and sentence-start check);
// `unless`/`near` as "anywhere in the post" (not within the rule's word
// window), run only for rules whose trigger matched; the ten detectors as
// simple regexes (no checksums). The rules of the post's language plus the
// language-neutral ones run (the baseline is told the language; the wasm
// core detects it). Not covered: language detection, tone scoring, the
// sentence-start/abbreviation logic, hashtag/disclaimer fix texts, UTF-16
// offset mapping (JS strings already are UTF-16), overlap resolution.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { REPO, readToml } from './texts.mjs';

const W = '[\\p{L}\\p{N}]';                       // a word character (Rust: char::is_alphanumeric)
const WORD = `${W}+(?:['’]${W}+)*`;               // a word, inner apostrophes kept
const SEP = '[^\\p{L}\\p{N}.!?…\\n]+';            // between two words of one sentence
const B0 = `(?<![\\p{L}\\p{N}'’])`;               // word start
const B1 = `(?![\\p{L}\\p{N}])`;                  // word end

const esc = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function term(alt) {
  const lead = alt.startsWith('*');
  const trail = alt.endsWith('*') && alt.length > 1;
  const core = esc(alt.replace(/^\*/, '').replace(/\*$/, '')).replace(/['’]/g, "['’]");
  return `${lead ? `${W}*` : ''}${core}${trail ? `(?:${W}|['’]${W})*` : ''}`;
}

function slot(part) {
  if (part === '<num>') return '\\p{Nd}{3,}';
  if (part === '<name>') return '\\p{Lu}\\p{Ll}+';
  return `(?:${part.split('|').map(term).join('|')})`;
}

/** One pattern of the rule pack as a RegExp source. */
export function patternSource(pattern) {
  let out = '';
  let first = true;
  for (const part of pattern.trim().split(/\s+/)) {
    const gap = /^~(\d+)$/.exec(part);
    if (gap) {
      out += `(?:${SEP}${WORD}){0,${gap[1]}}`;
      continue;
    }
    out += `${first ? '' : SEP}${B0}${slot(part)}${B1}`;
    first = false;
  }
  return out;
}

// The detectors, roughly (no checksums, no date validation).
export const DETECTORS = {
  'fi-henkilotunnus': '\\b\\d{6}[-+A-FU-Y]\\d{3}[0-9A-Y]\\b',
  'se-personnummer': '\\b(?:\\d{2})?\\d{6}[-+]?\\d{4}\\b',
  'se-samordningsnummer': '\\b(?:\\d{2})?\\d{2}[01]\\d[6-9]\\d[-+]?\\d{4}\\b',
  iban: '\\b[A-Z]{2}\\d{2}(?: ?[A-Z0-9]{4}){3,7}(?: ?[A-Z0-9]{1,3})?\\b',
  'fi-phone': '(?<!\\d)(?:\\+358|0)\\s?\\d{2,3}[\\s-]?\\d{3}[\\s-]?\\d{2,4}(?!\\d)',
  'se-phone': '(?<!\\d)(?:\\+46|0)\\s?7\\d[\\s-]?\\d{3}[\\s-]?\\d{2}[\\s-]?\\d{2}(?!\\d)',
  email: '[\\p{L}\\p{N}._%+-]+@[\\p{L}\\p{N}.-]+\\.\\p{L}{2,}',
  'street-address': '\\p{Lu}\\p{Ll}+(?:katu|tie|kuja|gatan|vägen|väg|gränd|street|road)\\s\\d{1,4}',
  shouting: '(?:\\b\\p{Lu}{3,}\\b[\\s,]+){2,}\\p{Lu}{3,}\\b',
  exclamations: '[!?]{3,}',
};

/**
 * The rule pack as plain data, ready to send anywhere (into a service worker
 * too): [{ id, lang, match: [src], near: [src], unless: [src] }].
 */
export function baselineRules() {
  const dir = join(REPO, 'rules');
  const files = readdirSync(dir).filter((f) => f.endsWith('.toml')).map((f) => join(dir, f));
  const parsed = readToml(files);
  const rules = [];
  for (const f of files) {
    for (const r of parsed[f].rule || []) {
      const match = r.detector ? [DETECTORS[r.detector]].filter(Boolean) : (r.match || []).map(patternSource);
      rules.push({
        id: r.id,
        lang: r.lang || 'any',
        detector: Boolean(r.detector),
        match,
        near: (r.near || []).map(patternSource),
        unless: (r.unless || []).map(patternSource),
      });
    }
  }
  return rules;
}

/**
 * The checker itself, self-contained (it is also shipped as source into the
 * service worker): compile(rules) → analyze(text, lang) → findings
 * [{ rule, start, end }] in UTF-16 offsets.
 */
export function makeChecker(rules) {
  const compiled = rules.map((r) => ({
    id: r.id,
    lang: r.lang,
    match: r.match.map((s) => new RegExp(s, r.detector ? 'gu' : 'giu')),
    near: r.near.map((s) => new RegExp(s, 'iu')),
    unless: r.unless.map((s) => new RegExp(s, 'iu')),
  }));
  return function analyze(text, lang) {
    const findings = [];
    for (const r of compiled) {
      if (r.lang !== 'any' && r.lang !== lang) continue;
      const hits = [];
      for (const re of r.match) {
        re.lastIndex = 0;
        for (let m = re.exec(text); m; m = re.exec(text)) {
          hits.push({ rule: r.id, start: m.index, end: m.index + m[0].length });
          if (m[0].length === 0) re.lastIndex++;
        }
      }
      if (!hits.length) continue;
      if (r.unless.some((re) => re.test(text))) continue;
      if (r.near.length && !r.near.some((re) => re.test(text))) continue;
      findings.push(...hits);
    }
    return findings;
  };
}

/** Numbers for the report: how much of the pack the baseline runs. */
export function coverage(rules) {
  return {
    rules: rules.length,
    detectors: rules.filter((r) => r.detector).length,
    match: rules.reduce((n, r) => n + r.match.length, 0),
    context: rules.reduce((n, r) => n + r.near.length + r.unless.length, 0),
  };
}
