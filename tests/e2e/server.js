// A small HTTPS server standing in for www.facebook.com and www.linkedin.com
// (Chromium maps both names here with --host-resolver-rules). It serves the
// fixture pages with a CSP as strict as Facebook's about code: no
// 'unsafe-eval', no 'wasm-unsafe-eval', scripts only from the site itself.
// The certificate is made fresh for each run and never committed.
import { createServer } from 'node:https';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, extname, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = fileURLToPath(new URL('.', import.meta.url));
const repo = join(here, '..', '..');

export const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "frame-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
].join('; ');

const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8' };

/**
 * The site names the fixtures are served at, as the manifest names them:
 * Facebook's www, web and m hosts and Meta Business Suite, and LinkedIn.
 */
export const SITES = ['www.facebook.com', 'web.facebook.com', 'm.facebook.com', 'business.facebook.com', 'www.linkedin.com'];

/** The fixture page of a host and path ('/' of each site, and LinkedIn's company admin page). */
function pageFor(host, path) {
  if (host === 'www.linkedin.com') return path.startsWith('/company/') ? '/fixtures/linkedin-admin.html' : '/fixtures/linkedin.html';
  if (host === 'm.facebook.com') return '/fixtures/facebook-mobile.html';
  if (host === 'business.facebook.com') return '/fixtures/facebook-business.html';
  return '/fixtures/facebook.html';
}

function certificate(dir) {
  const key = join(dir, 'key.pem');
  const cert = join(dir, 'cert.pem');
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=www.facebook.com',
    '-addext', `subjectAltName=${SITES.map((s) => `DNS:${s}`).join(',')}`,
    '-keyout', key, '-out', cert,
  ], { stdio: 'ignore' });
  return { key: readFileSync(key), cert: readFileSync(cert) };
}

/** Bundles the fixture editors with the real libraries from npm. */
async function bundle() {
  const result = await build({
    entryPoints: {
      facebook: join(here, 'fixtures/facebook.js'),
      linkedin: join(here, 'fixtures/linkedin.js'),
      'facebook-business': join(here, 'fixtures/facebook-business.js'),
      'linkedin-admin': join(here, 'fixtures/linkedin-admin.js'),
    },
    bundle: true,
    format: 'esm',
    write: false,
    outdir: '/assets',
    minify: false,
    logLevel: 'error',
  });
  const files = new Map();
  for (const f of result.outputFiles) files.set(`/assets/${f.path.split('/').pop()}`, f.text);
  files.set('/assets/quill.core.css', readFileSync(join(repo, 'node_modules/quill/dist/quill.core.css'), 'utf8'));
  return files;
}

/** Starts the server; `requests` records every request it gets (host and path). */
export async function startServer() {
  const dir = mkdtempSync(join(tmpdir(), 'guidepost-cert-'));
  const assets = await bundle();
  const requests = [];
  const server = createServer(certificate(dir), (req, res) => {
    const host = String(req.headers.host || '').split(':')[0];
    const path = new URL(req.url, 'https://x').pathname;
    requests.push({ host, path });
    let body = null;
    let file = path;
    if (path === '/' || (path.startsWith('/company/') && path.endsWith('/admin/'))) file = pageFor(host, path);
    if (assets.has(file)) body = assets.get(file);
    else if (file.startsWith('/fixtures/') && !normalize(file).includes('..')) {
      try {
        body = readFileSync(join(here, normalize(file)));
      } catch {}
    }
    if (body === null) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      return res.end('not found');
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] || 'application/octet-stream', 'content-security-policy': CSP, 'cache-control': 'no-store' });
    res.end(body);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: server.address().port,
    requests,
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
      rmSync(dir, { recursive: true, force: true });
    }),
  };
}
