// The peer in the same run: harper.js (npm), Harper's grammar checker for
// English compiled to WebAssembly, in Node, beside Guidepost's own wasm
// core in Node, on the same English texts. A different task (grammar and
// spelling against one organisation's publishing rules), shown as a
// reference for what "invisible while typing" costs elsewhere: set-up once,
// then one whole check per size.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPO } from './texts.mjs';

const SIZES = ['280', '2000', '20000'];

function median(values) {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** Median ms of `run` over enough calls to take about `budget` ms (at least 5). */
async function timeEach(run, budget = 1500) {
  const times = [];
  const until = performance.now() + budget;
  while (times.length < 5 || (performance.now() < until && times.length < 2000)) {
    const t = performance.now();
    await run();
    times.push(performance.now() - t);
  }
  return { median: median(times), n: times.length };
}

export async function measurePeer(texts) {
  const out = { guidepost: { check: {} }, harper: { check: {} } };
  const pkg = join(REPO, 'build', 'pkg');
  const core = await import(pathToFileURL(join(pkg, 'guidepost.js')).href);
  let t = performance.now();
  core.initSync({ module: readFileSync(join(pkg, 'guidepost_bg.wasm')) });
  const checker = new core.Checker();
  out.guidepost.setup = performance.now() - t;
  const { LocalLinter } = await import('harper.js');
  const { binary } = await import('harper.js/binary');
  t = performance.now();
  const linter = new LocalLinter({ binary });
  await linter.setup();
  out.harper.setup = performance.now() - t;
  for (const size of SIZES) {
    const text = texts.en[size];
    out.guidepost.check[size] = await timeEach(() => checker.analyze(text, 'en'));
    out.harper.check[size] = await timeEach(() => linter.lint(text));
  }
  out.versions = { harper: JSON.parse(readFileSync(join(REPO, 'node_modules', 'harper.js', 'package.json'), 'utf8')).version };
  return out;
}
