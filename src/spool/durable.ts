// Durable file primitives. "Written" means on disk: data fsynced, then the directory entry
// fsynced, so a power cut after we answer the buyer cannot take the ticket with it.
// A file replaced while the disk is full still gets written when spares were set aside for it
// beforehand: the worker's record of an email already sent must not depend on free space.
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

/** One file-system block: more than a ticket's state.json ever needs. */
const SPARE_BYTES = 4096;
export const MAX_SPARES = 2;
const spareOf = (file: string, n: number) => `${file}.spare-${n}`;

/**
 * Set aside `count` spares for later replaceDurable(file) calls. Their blocks are written now,
 * so a replacement written into one later needs no new space (on file systems that overwrite in
 * place: ext4, XFS, tmpfs; copy-on-write ones still need some). Rejects (ENOSPC, EROFS…) when
 * the disk cannot take them, which tells the caller not to start work it could not record.
 */
export async function reserveSpares(file: string, count: number): Promise<void> {
  if (count > MAX_SPARES) throw new RangeError(`at most ${MAX_SPARES} spares`);
  let added = false;
  for (let n = 1; n <= count; n++) {
    const spare = spareOf(file, n);
    if (((await fs.stat(spare).catch(() => null))?.size ?? 0) >= SPARE_BYTES) continue;
    const tmp = `${spare}.tmp`;
    try {
      await writeDurable(tmp, new Uint8Array(SPARE_BYTES));
      await fs.rename(tmp, spare); // a spare is whole or absent
      added = true;
    } catch (err) {
      await fs.rm(tmp, { force: true }).catch(() => {});
      throw err;
    }
  }
  if (added) await fsyncDir(path.dirname(file));
}

/** Remove the spares left next to `file` and any temporary file a crash left beside it. */
export async function dropSpares(file: string): Promise<void> {
  const dir = path.dirname(file);
  const base = path.basename(file);
  for (const name of await fs.readdir(dir).catch(() => [] as string[])) {
    if (name.startsWith(`${base}.`) && (name.includes('.spare-') || name.endsWith('.tmp'))) await fs.rm(path.join(dir, name), { force: true }).catch(() => {});
  }
}

async function takeSpare(file: string, bytes: number): Promise<string | null> {
  for (let n = 1; n <= MAX_SPARES; n++) {
    const st = await fs.stat(spareOf(file, n)).catch(() => null);
    if (st && st.size >= bytes) return spareOf(file, n);
  }
  return null;
}

/** Replace a file atomically: readers see the old or the new content, never a mix. */
export async function replaceDurable(file: string, data: string): Promise<void> {
  const bytes = Buffer.from(data, 'utf8');
  const spare = await takeSpare(file, bytes.byteLength);
  const tmp = spare ?? `${file}.${process.pid}.${Date.now()}.tmp`;
  try {
    if (spare) {
      // Overwrite the spare's own blocks, then cut it to length: nothing new to allocate.
      const handle = await fs.open(spare, 'r+');
      try {
        await handle.write(bytes, 0, bytes.byteLength, 0);
        await handle.truncate(bytes.byteLength);
        await handle.sync();
      } finally {
        await handle.close();
      }
    } else {
      await writeDurable(tmp, bytes);
    }
    await fs.rename(tmp, file);
  } catch (err) {
    // A failed write must not leave a partial file beside the ticket (a spare stays a spare).
    if (!spare) await fs.rm(tmp, { force: true }).catch(() => {});
    throw err;
  }
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
