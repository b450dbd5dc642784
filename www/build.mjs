#!/usr/bin/env node
// Assembles the playground site into build/www/:
//   www/*                      the site's own files (not this script nor serve.mjs)
//   build/pkg/ → pkg/          the wasm core (made by ./build.sh)
//   extension/content/ → shared/   the extension's content modules (the controller,
//                                  the rendering), unchanged, but not its entry main.js
//   extension/format.js → format.js  the one t() and $N substitution (shared/ imports ../format.js)
//   extension/_locales/ → _locales/  the extension's interface texts
//   extension/icons/ → icons/
// Idempotent: builds into a fresh folder, then swaps it in.
//   node www/build.mjs
import { cpSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const SRC = join(ROOT, 'www');
const PKG = join(ROOT, 'build', 'pkg');
const EXT = join(ROOT, 'extension');
const OUT = join(ROOT, 'build', 'www');
const TMP = join(ROOT, 'build', `www.tmp-${process.pid}`);

// The extension's content modules, imported by app.js as ES modules: all of
// extension/content/ except the extension's own entry (discovery, messaging).
const CONTENT_ENTRY = 'main.js';
// Build tooling that is not part of the site.
const NOT_SITE = new Set(['build.mjs', 'serve.mjs', 'README.md']);

function need(path, hint) {
  if (!existsSync(path)) {
    console.error(`build.mjs: missing ${relative(ROOT, path)}: ${hint}`);
    process.exit(1);
  }
}

need(join(PKG, 'guidepost.js'), 'run ./build.sh first (it builds the wasm core)');
need(join(PKG, 'guidepost_bg.wasm'), 'run ./build.sh first (it builds the wasm core)');
need(join(EXT, 'content', 'controller.js'), 'the extension\'s content modules');
need(join(EXT, 'format.js'), 'the extension\'s texts helper');
need(join(EXT, '_locales'), 'the extension\'s interface texts');

rmSync(TMP, { recursive: true, force: true });
mkdirSync(TMP, { recursive: true });
try {
  for (const entry of readdirSync(SRC, { withFileTypes: true })) {
    if (NOT_SITE.has(entry.name) || entry.name.startsWith('.')) continue;
    cpSync(join(SRC, entry.name), join(TMP, entry.name), { recursive: true });
  }
  mkdirSync(join(TMP, 'pkg'));
  for (const name of ['guidepost.js', 'guidepost_bg.wasm']) cpSync(join(PKG, name), join(TMP, 'pkg', name));
  mkdirSync(join(TMP, 'shared'));
  for (const name of readdirSync(join(EXT, 'content'))) {
    if (name !== CONTENT_ENTRY) cpSync(join(EXT, 'content', name), join(TMP, 'shared', name));
  }
  cpSync(join(EXT, 'format.js'), join(TMP, 'format.js'));
  cpSync(join(EXT, '_locales'), join(TMP, '_locales'), { recursive: true });
  if (existsSync(join(EXT, 'icons'))) cpSync(join(EXT, 'icons'), join(TMP, 'icons'), { recursive: true });

  rmSync(OUT, { recursive: true, force: true });
  renameSync(TMP, OUT);
} catch (e) {
  rmSync(TMP, { recursive: true, force: true });
  throw e;
}
console.log(`build.mjs: wrote ${relative(process.cwd(), OUT) || OUT}`);
