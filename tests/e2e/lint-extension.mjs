// Runs `web-ext lint` on build/extension and fails on any error, notice or
// warning except the one the manifest has on purpose: Firefox ignores
// "background.service_worker" (it runs "background.scripts" instead), and
// Chrome needs it. One manifest carries both so one build ships to both.
import { execFileSync } from 'node:child_process';

const EXPECTED = new Set(['BACKGROUND_SERVICE_WORKER_IGNORED']);
const dir = process.argv[2] || 'build/extension';
let out;
try {
  out = execFileSync('npx', ['--no-install', 'web-ext', 'lint', '--source-dir', dir, '--self-hosted', '--output=json'], { encoding: 'utf8' });
} catch (e) {
  out = e.stdout; // web-ext exits non-zero on errors; the JSON tells which
}
const report = JSON.parse(out);
const problems = [...report.errors, ...report.notices, ...report.warnings].filter((p) => !EXPECTED.has(p.code));
for (const p of problems) console.error(`${p._type}: ${p.code}: ${p.message} (${p.file || ''})`);
console.log(`web-ext lint: ${report.summary.errors} errors, ${report.summary.notices} notices, ${report.summary.warnings} warnings (${[...EXPECTED].join(', ')} expected)`);
process.exit(problems.length ? 1 : 0);
