#!/usr/bin/env node
// A small static server for the playground (build/www), Node built-ins only.
//   node www/serve.mjs [--port 8080] [--host 127.0.0.1]     (--port 0: any free port)
// Prints the site's address and the unpacked extension folder to load.
import { createServer } from 'node:http';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { dirname, extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SITE = join(ROOT, 'build', 'www');
const EXTENSION = join(ROOT, 'build', 'extension');

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
};

// The page's own policy, also sent as a header: only this origin, and wasm.
const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; "
  + "connect-src 'self'; font-src 'none'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

function option(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  if (i >= 0 && process.argv[i + 1] !== undefined) return process.argv[i + 1];
  const inline = process.argv.find((a) => a.startsWith(`--${name}=`));
  return inline ? inline.slice(name.length + 3) : fallback;
}

const host = option('host', process.env.HOST || '127.0.0.1');
const port = Number(option('port', process.env.PORT || 8080));

if (!existsSync(join(SITE, 'index.html'))) {
  console.error('serve.mjs: build/www is missing: run `node www/build.mjs` first (after ./build.sh).');
  process.exit(1);
}

/** The file for a URL path inside SITE, or null (never outside it). */
function fileFor(urlPath) {
  let path;
  try {
    path = decodeURIComponent(urlPath.split('?')[0].split('#')[0]);
  } catch {
    return null;
  }
  if (path.includes('\0')) return null;
  let file = resolve(SITE, `.${normalize(`/${path}`)}`);
  if (file !== SITE && !file.startsWith(SITE + sep)) return null;
  if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
  return existsSync(file) && statSync(file).isFile() ? file : null;
}

const server = createServer((req, res) => {
  const headers = {
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-cache',
    'Content-Security-Policy': CSP,
  };
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { ...headers, Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' });
    return res.end('Method not allowed\n');
  }
  const file = fileFor(req.url || '/');
  if (!file) {
    res.writeHead(404, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' });
    return res.end('Not found\n');
  }
  const { size } = statSync(file);
  res.writeHead(200, { ...headers, 'Content-Type': TYPES[extname(file).toLowerCase()] || 'application/octet-stream', 'Content-Length': size });
  if (req.method === 'HEAD') return res.end();
  createReadStream(file).on('error', () => res.destroy()).pipe(res);
});

server.on('error', (e) => {
  console.error(`serve.mjs: ${e.code === 'EADDRINUSE' ? `port ${port} is taken (try --port 0)` : e.message}`);
  process.exit(1);
});

server.listen(port, host, () => {
  const { port: actual } = server.address();
  const shown = host.includes(':') ? `[${host}]` : host;
  console.log(`Guidepost playground: http://${shown}:${actual}/`);
  console.log(`Unpacked extension to load (chrome://extensions → Load unpacked; Firefox: about:debugging → manifest.json): ${EXTENSION}`
    + (existsSync(join(EXTENSION, 'manifest.json')) ? '' : '  (not built yet: run ./build.sh)'));
  console.log('Ctrl+C stops the server.');
});

for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
});
