#!/usr/bin/env node
// Assembles the playground site into build/www/:
//   www/*                      the site's own files (not this script nor serve.mjs)
//   build/pkg/ → pkg/          the wasm core (made by ./build.sh)
//   extension/content/ → shared/   the extension's content modules (the controller,
//                                  the rendering), unchanged, but not its entry main.js
//   extension/format.js → format.js  the one t() and $N substitution (shared/ imports ../format.js)
//   extension/_locales/ → _locales/  the extension's interface texts
//   extension/icons/ → icons/
//   policy/                    enterprise-policy examples written from extension/schema.json
//                              (policy-examples.mjs), also filled into index.html's install page
// Idempotent: builds into a fresh folder, then swaps it in.
//   node www/build.mjs
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { policyExamples } from './policy-examples.mjs';

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
const NOT_SITE = new Set(['build.mjs', 'serve.mjs', 'policy-examples.mjs', 'README.md']);

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

  // The policy examples, from the schema: as files, and into the install page
  // (as text: every example is escaped before it goes into the HTML).
  const examples = policyExamples(JSON.parse(readFileSync(join(EXT, 'schema.json'), 'utf8')));
  mkdirSync(join(TMP, 'policy'));
  // Regedit reads a "Version 5.00" file as UTF-16 (little-endian, with a BOM):
  // in UTF-8 the disclaimers' å, ä and ö would arrive garbled.
  for (const [name, text] of Object.entries(examples)) {
    writeFileSync(join(TMP, 'policy', name), name.endsWith('.reg') ? Buffer.from(`\ufeff${text}`, 'utf16le') : text);
  }
  const escape = (t) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const page = readFileSync(join(TMP, 'index.html'), 'utf8').replace(/<code data-policy-example="([^"]+)"><\/code>/g, (_, name) => {
    if (!examples[name]) throw new Error(`index.html asks for the policy example ${name}, which policy-examples.mjs does not write`);
    return `<code data-policy-example="${name}">${escape(examples[name].replace(/\r\n/g, '\n').trimEnd())}</code>`;
  });
  writeFileSync(join(TMP, 'index.html'), page);

  rmSync(OUT, { recursive: true, force: true });
  renameSync(TMP, OUT);
} catch (e) {
  rmSync(TMP, { recursive: true, force: true });
  throw e;
}
console.log(`build.mjs: wrote ${relative(process.cwd(), OUT) || OUT}`);
