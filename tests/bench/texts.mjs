// The benchmark texts, built exactly as benches/core.rs builds them: the
// labelled corpus posts of a language joined with blank lines, repeated and
// cut to N characters (Unicode scalar values, as Rust counts them); "1MB" is
// the 20 000-character text repeated until it reaches 1 MiB of UTF-8.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = join(fileURLToPath(new URL('.', import.meta.url)), '..', '..');
export const LANGS = ['fi', 'sv', 'en'];
export const SIZES = [['280', 280], ['2000', 2000], ['20000', 20000], ['1MB', 1 << 20]];

/** Parses TOML files with Python's tomllib (no npm package needed): path → object. */
export function readToml(paths) {
  const script = 'import json,sys,tomllib\nprint(json.dumps({p: tomllib.load(open(p,"rb")) for p in sys.argv[1:]}))';
  return JSON.parse(execFileSync('python3', ['-c', script, ...paths], { encoding: 'utf8', maxBuffer: 64 << 20 }));
}

function sample(posts, chars) {
  const out = [];
  for (;;) {
    for (const p of posts) {
      for (const c of p.text + '\n\n') {
        if (out.length >= chars) return out.join('');
        out.push(c);
      }
    }
  }
}

/** { fi: { '280': text, … }, sv: …, en: … } */
export function benchTexts() {
  const files = LANGS.map((l) => join(REPO, 'tests', 'corpus', `${l}.toml`));
  const parsed = readToml(files);
  const texts = {};
  for (const [i, lang] of LANGS.entries()) {
    const posts = parsed[files[i]].post;
    texts[lang] = {};
    for (const [name, size] of SIZES) {
      if (size > 100_000) {
        const unit = sample(posts, 20_000);
        let t = '';
        while (Buffer.byteLength(t) < size) t += unit;
        texts[lang][name] = t;
      } else {
        texts[lang][name] = sample(posts, size);
      }
    }
  }
  return texts;
}
