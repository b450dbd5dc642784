// The core where the extension runs it: headless Chromium with the built
// extension (build/extension), launched by the end-to-end tests' harness on
// the Lexical fixture at www.facebook.com. Everything is measured from the
// test side (CDP, evaluation in the worker and in the content script's
// isolated world, CSS.highlights as the page sees it); the extension is not
// changed for it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { launch, openFacebook, EXTENSION, REPO } from '../e2e/harness.js';
import { makeChecker } from './js-baseline.mjs';
import { build } from 'esbuild';

const log = (...a) => console.error('   ', ...a);

export function stats(values) {
  const s = [...values].filter(Number.isFinite).sort((a, b) => a - b);
  const q = (p) => (s.length ? s[Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))] : NaN);
  return { n: s.length, median: q(0.5), p95: q(0.95), min: s[0] ?? NaN, max: s[s.length - 1] ?? NaN };
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** extension/content/text-map.js as a classic script defining the global __gpTextMap. */
async function textMapScript() {
  const out = await build({
    entryPoints: [join(REPO, 'extension', 'content', 'text-map.js')],
    bundle: true, format: 'iife', globalName: '__gpTextMap', write: false,
  });
  return out.outputFiles[0].text;
}

function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms); }),
  ]);
}

/**
 * The wasm-bindgen glue (build/extension/pkg/guidepost.js) as a classic
 * script that leaves its bindings on globalThis.__gpBench: the same Checker
 * class and the same .wasm the background imports, in the same worker. The
 * background's own Checker lives in module scope and cannot be reached.
 */
function glueScript() {
  let src = readFileSync(join(EXTENSION, 'pkg', 'guidepost.js'), 'utf8');
  src = src.replace(/^export (class|function) /gm, '$1 ').replace(/^export \{[^}]*\};?\s*$/m, '');
  src = src.replace(/import\.meta\.url/g, "chrome.runtime.getURL('pkg/guidepost.js')");
  if (/^\s*(export|import)\s/m.test(src)) throw new Error('guidepost.js has module syntax the bench cannot rewrite');
  return `(() => { ${src}\n globalThis.__gpBench = { Checker, initSync, __wbg_get_imports, __wbg_finalize_init }; return true; })()`;
}

/** The service worker of the extension (waits for a (re)started one). */
async function currentWorker(context, extensionId, timeout = 15000) {
  const find = () => context.serviceWorkers().find((w) => w.url().startsWith(`chrome-extension://${extensionId}/`));
  const end = Date.now() + timeout;
  for (;;) {
    const w = find();
    if (w) {
      try {
        await withTimeout(w.evaluate('1'), 3000, 'worker ping');
        return w;
      } catch {}
    }
    if (Date.now() > end) throw new Error('the extension service worker did not come up');
    await sleep(50);
  }
}

/** Content script's isolated world in `page`, reached over CDP. */
async function contentScriptWorld(page, extensionId) {
  const cdp = await page.context().newCDPSession(page);
  const contexts = [];
  cdp.on('Runtime.executionContextCreated', ({ context }) => contexts.push(context));
  await cdp.send('Runtime.enable');
  const { frameTree } = await cdp.send('Page.getFrameTree');
  const mainFrame = frameTree.frame.id;
  const ctx = await (async () => {
    for (let i = 0; i < 100; i++) {
      const c = contexts.find((x) => x.auxData?.type === 'isolated' && x.auxData?.frameId === mainFrame
        && x.origin === `chrome-extension://${extensionId}`);
      if (c) return c;
      await sleep(50);
    }
    throw new Error('no content script world found in the page');
  })();
  return {
    cdp,
    async evaluate(expression, timeout = 60000) {
      const r = await withTimeout(cdp.send('Runtime.evaluate', {
        expression, contextId: ctx.id, awaitPromise: true, returnByValue: true,
      }), timeout, 'evaluation in the content script world');
      if (r.exceptionDetails) throw new Error(`content script world: ${r.exceptionDetails.exception?.description || r.exceptionDetails.text}`);
      return r.result.value;
    },
  };
}

/**
 * Times `fn` over each text inside the worker: batches of k calls (k chosen
 * so a batch takes ≥ 2 ms, since timers there are coarse), per-call time =
 * batch time / k; median and p95 are over batches. Calls alternate between
 * the text and the text with one character typed in its middle, as the
 * re-checks of a keystroke come (the wasm checker keeps what the previous
 * check worked out for each sentence; the JavaScript baseline keeps nothing).
 */
async function timeInWorker(worker, which, texts, { budgetMs, maxBatches, minBatches }) {
  return worker.evaluate(async ({ which, texts, budgetMs, maxBatches, minBatches }) => {
    const g = globalThis.__gpBench;
    let typed = false;
    const keystroke = (t, other) => ((typed = !typed) ? other : t);
    const check = which === 'wasm' ? (t) => JSON.parse(g.checker.analyze(t, 'fi')) : (t, lang) => g.js(t, lang);
    const out = {};
    for (const [key, { text: original, lang }] of Object.entries(texts)) {
      const middle = original.length >> 1;
      const other = `${original.slice(0, middle)}x${original.slice(middle)}`;
      const run = (t, l) => check(keystroke(t, other), l);
      const text = original;
      const t0 = performance.now();
      run(text, lang); // warm-up
      const first = performance.now() - t0;
      // Calibrate: calls per ~10 ms, then k calls make a batch of ≥ 2 ms.
      let n = 0;
      const c0 = performance.now();
      while (performance.now() - c0 < Math.min(10, budgetMs || 10) || n === 0) { run(text, lang); n++; }
      const each = (performance.now() - c0) / n;
      const k = Math.max(1, Math.ceil(2 / Math.max(each, 0.0005)));
      const samples = [];
      const start = performance.now();
      while (samples.length < maxBatches && (samples.length < minBatches || performance.now() - start < budgetMs)) {
        const b = performance.now();
        for (let i = 0; i < k; i++) run(text, lang);
        samples.push((performance.now() - b) / k);
      }
      out[key] = { samples, k, first };
    }
    return out;
  }, { which, texts, budgetMs, maxBatches, minBatches });
}

export async function measureBrowser({ texts, jsRules, progress, keyPresses = 300 }) {
  const out = { notes: [] };
  const browser = await launch();
  try {
    const { context, extensionId } = browser;
    out.userAgent = await browser.worker.evaluate(() => navigator.userAgent);
    progress('opening the Lexical fixture at www.facebook.com');
    const page = await openFacebook(context);
    await page.click('#lexical');
    const world = await contentScriptWorld(page, extensionId);
    const cdp = world.cdp;
    const analyzeExpr = (text) => `(async () => {
      const t = performance.now();
      const r = await chrome.runtime.sendMessage({ type: 'analyze', text: ${JSON.stringify(text)} });
      return { ms: performance.now() - t, findings: r && r.findings ? r.findings.length : -1, error: r && r.error };
    })()`;

    // ---- 1. Cold start: nothing running → first analysis answered.
    progress('cold starts: ServiceWorker.stopAllWorkers, then the first analyze round trip from the content script');
    await cdp.send('ServiceWorker.enable');
    const cold = [];
    const T280 = texts.fi['280'];
    for (let i = 0; i < 10; i++) {
      await cdp.send('ServiceWorker.stopAllWorkers');
      await sleep(300);
      const r = await world.evaluate(analyzeExpr(T280), 20000);
      if (r.error || r.findings < 0) throw new Error(`cold analyze failed: ${JSON.stringify(r)}`);
      cold.push(r.ms);
    }
    out.coldStart = stats(cold);
    out.coldStartSamples = cold;
    log(`first analysis after stop: median ${out.coldStart.median.toFixed(1)} ms`);

    // ---- 2. Inside the worker: compile, instantiate, new Checker(), first analyze.
    progress('inside the service worker: WebAssembly compile / instantiate / new Checker() / first analyze');
    let worker = await currentWorker(context, extensionId);
    out.crossOriginIsolated = await worker.evaluate(() => globalThis.crossOriginIsolated === true);
    await worker.evaluate(glueScript());
    const steps = [];
    for (let i = 0; i < 5; i++) {
      // A unique custom section makes each run's bytes new to V8, so no
      // compiled-module cache can answer (the background compiled the same .wasm).
      steps.push(await worker.evaluate(async ({ text, salt }) => {
        const g = globalThis.__gpBench;
        const url = chrome.runtime.getURL('pkg/guidepost_bg.wasm');
        const T = {};
        let t = performance.now();
        const raw = new Uint8Array(await (await fetch(url)).arrayBuffer());
        T.fetch = performance.now() - t;
        const name = new TextEncoder().encode(`bench-${salt}`);
        const section = new Uint8Array([0, name.length + 1, name.length, ...name]);
        const bytes = new Uint8Array(raw.length + section.length);
        bytes.set(raw);
        bytes.set(section, raw.length);
        t = performance.now();
        const module = await WebAssembly.compile(bytes);
        T.compile = performance.now() - t;
        t = performance.now();
        const instance = await WebAssembly.instantiate(module, g.__wbg_get_imports());
        T.instantiate = performance.now() - t;
        // The glue keeps one instance at a time: free the previous run's
        // checker in its own instance before switching to the new one.
        g.checker?.free();
        g.checker = null;
        t = performance.now();
        g.__wbg_finalize_init(instance, module);
        T.start = performance.now() - t;
        t = performance.now();
        const checker = new g.Checker();
        T.checker = performance.now() - t;
        t = performance.now();
        const r = JSON.parse(checker.analyze(text, 'fi'));
        T.firstAnalyze = performance.now() - t;
        T.findings = r.findings.length;
        t = performance.now();
        JSON.parse(checker.analyze(text, 'fi'));
        T.secondAnalyze = performance.now() - t;
        g.checker = checker;
        return T;
      }, { text: T280, salt: `${Date.now()}-${i}` }));
    }
    out.workerSteps = {};
    for (const key of ['fetch', 'compile', 'instantiate', 'start', 'checker', 'firstAnalyze', 'secondAnalyze']) {
      out.workerSteps[key] = stats(steps.map((s) => s[key]));
    }
    log(`compile ${out.workerSteps.compile.median.toFixed(1)} ms, instantiate ${out.workerSteps.instantiate.median.toFixed(1)} ms, new Checker() ${out.workerSteps.checker.median.toFixed(2)} ms, first analyze ${out.workerSteps.firstAnalyze.median.toFixed(2)} ms`);

    // ---- 3. Re-check per size inside the worker: wasm, and the JS baseline.
    progress('re-check per size inside the service worker: wasm Checker.analyze + JSON.parse');
    const flat = {};
    for (const lang of Object.keys(texts)) for (const size of Object.keys(texts[lang])) flat[`${lang}/${size}`] = { text: texts[lang][size], lang };
    const small = Object.fromEntries(Object.entries(flat).filter(([k]) => !k.endsWith('1MB')));
    const big = Object.fromEntries(Object.entries(flat).filter(([k]) => k.endsWith('1MB')));
    const wasmRuns = {
      ...await timeInWorker(worker, 'wasm', small, { budgetMs: 1500, maxBatches: 300, minBatches: 20 }),
      ...await timeInWorker(worker, 'wasm', big, { budgetMs: 1500, maxBatches: 15, minBatches: 5 }),
    };
    progress('the same texts through the plain JavaScript baseline, in the same worker');
    const jsSrc = `(() => { const makeChecker = ${makeChecker.toString()}; return makeChecker; })()`;
    // Defined by a direct evaluation (Runtime.evaluate is not subject to the
    // worker's CSP, which refuses eval; RegExp construction never is).
    await worker.evaluate(`globalThis.__gpBench.makeJs = ${jsSrc}; true`);
    const compileMs = await worker.evaluate((rules) => {
      const t = performance.now();
      globalThis.__gpBench.js = globalThis.__gpBench.makeJs(rules);
      return performance.now() - t;
    }, jsRules);
    out.jsBuildMs = compileMs;
    // V8 runs a RegExp in its interpreter first and compiles it on the next
    // uses: warm every expression up on each language before timing.
    await worker.evaluate((texts) => {
      for (const { text, lang } of Object.values(texts)) for (let i = 0; i < 3; i++) globalThis.__gpBench.js(text, lang);
    }, Object.fromEntries(Object.entries(flat).filter(([k]) => k.endsWith('/280'))));
    const jsRuns = {
      ...await timeInWorker(worker, 'js', small, { budgetMs: 1500, maxBatches: 100, minBatches: 3 }),
    };
    progress('JavaScript baseline on 1 MB (slow: a few runs per language)');
    Object.assign(jsRuns, await timeInWorker(worker, 'js', big, { budgetMs: 0, maxBatches: 2, minBatches: 2 }));
    out.inWorker = {};
    for (const key of Object.keys(flat)) {
      out.inWorker[key] = {
        wasm: { ...stats(wasmRuns[key].samples), k: wasmRuns[key].k },
        js: { ...stats(jsRuns[key].samples), k: jsRuns[key].k },
        chars: flat[key].text.length,
      };
    }
    const agree = await worker.evaluate((texts) => {
      const g = globalThis.__gpBench;
      const out = {};
      for (const [k, { text, lang }] of Object.entries(texts)) {
        out[k] = { wasm: JSON.parse(g.checker.analyze(text, 'fi')).findings.length, js: g.js(text, lang).length };
      }
      return out;
    }, small);
    out.findingCounts = agree;

    // ---- 4. Whole round trip from the content script, per size.
    progress('round trip content script → worker → reply, per size');
    out.roundTrip = {};
    for (const [key, n] of [['280', 300], ['2000', 200], ['20000', 60], ['1MB', 10]]) {
      const text = texts.fi[key];
      const samples = await world.evaluate(`(async () => {
        const text = ${JSON.stringify(text)};
        const out = [];
        for (let i = 0; i < ${n + 5}; i++) {
          const t = performance.now();
          const r = await chrome.runtime.sendMessage({ type: 'analyze', text });
          if (!r || r.error) throw new Error('analyze failed: ' + JSON.stringify(r));
          if (i >= 5) out.push(performance.now() - t);
        }
        return out;
      })()`, 120000);
      out.roundTrip[key] = stats(samples);
    }

    // ---- 5. Key press → underline registered, on the Lexical fixture.
    progress(`typing: ${keyPresses} key presses, each timed until the re-check's ranges reach CSS.highlights`);
    out.keyPress = await keyPressLatency(page, keyPresses);
    log(`key press → underline: median ${out.keyPress.median.toFixed(1)} ms, p95 ${out.keyPress.p95.toFixed(1)} ms (${out.keyPress.n} presses, ${out.keyPress.timeouts} without a repaint)`);

    await page.close();
  } finally {
    await browser.close().catch(() => {});
    browser.removeProfile();
  }

  // ---- 6. 1 MB paste, with Guidepost and without it (the page's own cost).
  progress('1 MB paste into Lexical: longest main-thread task, with the extension');
  out.paste = await pasteLongTasks(texts.fi['1MB'], true);
  progress('1 MB paste into Lexical: the same without the extension (baseline)');
  out.pasteWithout = await pasteLongTasks(texts.fi['1MB'], false);
  return out;
}

/**
 * For each key press: the time from the page's keydown (capture phase, the
 * first moment the page sees the key) to the moment the highlight registry
 * holds new Range objects — every re-check repaints its findings with fresh
 * ranges. Observed from the page with a MessageChannel poll (sub-frame
 * resolution), keys one at a time, after a post that already has findings.
 */
async function keyPressLatency(page, presses) {
  await page.evaluate(() => {
    window.__gpKey = {
      snapshot() {
        const s = new Set();
        for (const [name, h] of CSS.highlights) if (name.startsWith('guidepost-')) for (const r of h) s.add(r);
        return s;
      },
      arm() {
        const self = this;
        this.result = new Promise((resolve) => {
          addEventListener('keydown', () => {
            const t0 = performance.now();
            const before = self.snapshot();
            const ch = new MessageChannel();
            const deadline = t0 + 2000;
            ch.port1.onmessage = () => {
              const now = self.snapshot();
              let changed = now.size !== before.size;
              if (!changed) for (const r of now) if (!before.has(r)) { changed = true; break; }
              if (changed) resolve(performance.now() - t0);
              else if (performance.now() > deadline) resolve(null);
              else ch.port2.postMessage(0);
            };
            ch.port2.postMessage(0);
          }, { once: true, capture: true });
        });
      },
    };
  });
  // A post with findings (a rumour, a name and an opinion) so every re-check paints.
  await page.keyboard.insertText('Kuulin eilen, että kirjasto suljetaan. Mielestäni kaupungin päätös on huono. ');
  await page.waitForFunction(() => [...CSS.highlights.keys()].some((n) => n.startsWith('guidepost-') && CSS.highlights.get(n).size > 0), null, { timeout: 10000 });
  await sleep(300);
  // ASCII only: Playwright sends other characters without a keydown.
  const typed = 'Hei kaikki, tervetuloa kirjastoon lauantaina klo kymmenen, nahdaan siella. ';
  const samples = [];
  let timeouts = 0;
  for (let i = 0; i < presses; i++) {
    await page.evaluate(() => window.__gpKey.arm());
    const ch = typed[i % typed.length];
    await page.keyboard.press(ch === ' ' ? 'Space' : ch);
    const ms = await page.evaluate(() => window.__gpKey.result);
    if (ms === null) timeouts++;
    else samples.push(ms);
    await sleep(20 + (i % 7) * 3); // let the frame finish; vary the phase against vsync
  }
  return { ...stats(samples), timeouts, samples };
}

/** Pastes `text` into the Lexical editor and reports the long tasks (PerformanceObserver 'longtask'). */
async function pasteLongTasks(text, extension) {
  const browser = await launch({ extension });
  try {
    const page = await openFacebook(browser.context);
    await page.click('#lexical');
    await page.evaluate(() => {
      window.__gpLong = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) window.__gpLong.push({ start: e.startTime, duration: e.duration });
      }).observe({ type: 'longtask', buffered: true });
      window.__gpLoaf = [];
      try {
        new PerformanceObserver((list) => {
          for (const e of list.getEntries()) {
            window.__gpLoaf.push({
              start: e.startTime, duration: e.duration, blocking: e.blockingDuration,
              scripts: (e.scripts || []).map((s) => ({ url: s.sourceURL, fn: s.sourceFunctionName, invoker: s.invoker, duration: s.duration })),
            });
          }
        }).observe({ type: 'long-animation-frame', buffered: true });
      } catch {}
    });
    await sleep(1000); // wake-up of the worker after the click, outside the measurement
    const t0 = await page.evaluate(() => performance.now());
    // A real paste event with the text on its clipboardData, as Lexical handles it.
    const pasted = await page.evaluate((text) => {
      const el = document.querySelector('#lexical');
      const dt = new DataTransfer();
      dt.setData('text/plain', text);
      const t = performance.now();
      el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
      return { dispatchMs: performance.now() - t };
    }, text);
    // Let the editor, the content script's read and the worker's answer all finish.
    await sleep(4000);
    // Guidepost's own synchronous work on the main thread for that text:
    // reading the editor into text + offset map (content script world).
    let readMs = null;
    if (extension) {
      const world = await contentScriptWorld(page, browser.extensionId);
      // The content script is one bundle that leaves no globals: put the
      // module it reads editors with (text-map.js) into the same world.
      await world.evaluate(`${await textMapScript()}; true`);
      readMs = stats(await world.evaluate(`(() => {
        const el = document.querySelector('#lexical');
        const out = [];
        for (let i = 0; i < 5; i++) { const t = performance.now(); __gpTextMap.gpReadEditable(el); out.push(performance.now() - t); }
        return out;
      })()`));
      await world.cdp.detach();
    }
    const r = await page.evaluate((t0) => ({
      long: window.__gpLong.filter((e) => e.start + e.duration >= t0),
      loaf: window.__gpLoaf.filter((e) => e.start + e.duration >= t0),
      length: window.fixture.lexicalText().length,
    }), t0);
    const longest = r.long.reduce((m, e) => Math.max(m, e.duration), 0);
    return { extension, longest, count: r.long.length, tasks: r.long, loaf: r.loaf, editorChars: r.length, dispatchMs: pasted.dispatchMs, readMs };
  } finally {
    await browser.close().catch(() => {});
    browser.removeProfile();
  }
}

export { REPO };
