// `npm start`: check settings, build when the sources are newer than dist/, start the delivery
// worker, then the Astro server (HOST and PORT are the adapter's own variables).
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { registerKick, createWorker } from '../portal.ts';
import { buildState, runBuild, SERVER_ENTRY } from './build.ts';
import { onShutdown, portalOrExit } from './common.ts';

function buildIfNeeded(): void {
  const state = buildState();
  if (!state) return;
  console.log(state === 'stale' ? 'start: sources changed, building…' : 'start: no build yet, building…');
  const result = runBuild({ stdio: 'inherit' });
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
await import(pathToFileURL(SERVER_ENTRY).href);
