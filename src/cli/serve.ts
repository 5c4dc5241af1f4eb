// `npm start`: check settings, build when the sources are newer than dist/, start the delivery
// worker, then the Astro server (HOST and PORT are the adapter's own variables).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { registerKick, createWorker } from '../portal.ts';
import { onShutdown, portalOrExit } from './common.ts';

const root = path.resolve(import.meta.dirname, '../..');
const entry = path.join(root, 'dist/server/entry.mjs');

function newestMtime(p: string): number {
  const st = fs.statSync(p, { throwIfNoEntry: false });
  if (!st) return 0;
  if (!st.isDirectory()) return st.mtimeMs;
  return Math.max(st.mtimeMs, ...fs.readdirSync(p).map((n) => newestMtime(path.join(p, n))));
}

function buildIfNeeded(): void {
  const built = fs.statSync(entry, { throwIfNoEntry: false })?.mtimeMs ?? 0;
  const sources = Math.max(...['src', 'public', 'content', 'astro.config.mjs', 'package.json'].map((p) => newestMtime(path.join(root, p))));
  if (built >= sources) return;
  console.log(built ? 'start: sources changed, building…' : 'start: no build yet, building…');
  const astro = path.join(root, 'node_modules/astro/bin/astro.mjs');
  const result = spawnSync(process.execPath, [astro, 'build'], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' },
  });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

const portal = portalOrExit();
if (!process.argv.includes('--no-build')) buildIfNeeded();
await portal.spool.init();

const worker = createWorker(portal);
if (portal.env.PORTAL_WORKER === 'on') {
  registerKick(() => worker.kick());
  worker.start();
  console.log(`start: delivery worker on (${portal.env.SMTP_URL ? 'SMTP' : `outbox ${path.join(portal.env.dataDir, 'outbox')}`})`);
}
// Abandoned drafts (answers and photos of forms never sent) are deleted a day after their last save.
const sweep = setInterval(() => portal.drafts.sweep().catch((err: Error) => console.error(`drafts: sweep failed: ${err.message}`)), 3_600_000);
sweep.unref();
void portal.drafts.sweep().catch(() => {});
onShutdown(() => worker.stop());
await import(pathToFileURL(entry).href);
