// Durable file primitives. "Written" means on disk: data fsynced, then the directory entry
// fsynced, so a power cut after we answer the buyer cannot take the ticket with it.
import fs from 'node:fs/promises';
import path from 'node:path';

export async function writeDurable(file: string, data: string | Uint8Array, flag = 'w'): Promise<void> {
  const handle = await fs.open(file, flag, 0o640);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

export async function fsyncDir(dir: string): Promise<void> {
  const handle = await fs.open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Replace a file atomically: readers see the old or the new content, never a mix. */
export async function replaceDurable(file: string, data: string): Promise<void> {
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
  await writeDurable(tmp, data);
  await fs.rename(tmp, file);
  await fsyncDir(path.dirname(file));
}

export async function readJson<T = unknown>(file: string): Promise<T> {
  return JSON.parse(await fs.readFile(file, 'utf8')) as T;
}

export async function exists(p: string): Promise<boolean> {
  try {
    await fs.stat(p);
    return true;
  } catch {
    return false;
  }
}

export function isErrno(err: unknown, ...codes: string[]): boolean {
  return typeof err === 'object' && err !== null && codes.includes((err as NodeJS.ErrnoException).code ?? '');
}
