// Whether dist/ is older than what it is built from, and the build itself. `npm start` and the
// tests that run the real server decide "build or not" the same way.
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const SERVER_ENTRY = path.join(ROOT, 'dist/server/entry.mjs');
const SOURCES = ['src', 'public', 'content', 'astro.config.mjs', 'package.json'];

function newestMtime(p: string): number {
  const st = fs.statSync(p, { throwIfNoEntry: false });
  if (!st) return 0;
  if (!st.isDirectory()) return st.mtimeMs;
  return Math.max(st.mtimeMs, ...fs.readdirSync(p).map((n) => newestMtime(path.join(p, n))));
}

/** 'missing' when there is no build, 'stale' when a source is newer, null when it is current. */
export function buildState(): 'missing' | 'stale' | null {
  const built = fs.statSync(SERVER_ENTRY, { throwIfNoEntry: false })?.mtimeMs;
  if (built === undefined) return 'missing';
  return built >= Math.max(...SOURCES.map((p) => newestMtime(path.join(ROOT, p)))) ? null : 'stale';
}

/** Run `astro build` on the Node running this process. */
export function runBuild(options: Pick<SpawnSyncOptions, 'stdio' | 'env'>) {
  return spawnSync(process.execPath, [path.join(ROOT, 'node_modules/astro/bin/astro.mjs'), 'build'], {
    cwd: ROOT,
    encoding: 'utf8',
    ...options,
    env: { ...(options.env ?? process.env), ASTRO_TELEMETRY_DISABLED: '1' },
  });
}
