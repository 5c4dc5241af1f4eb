// A small tmpfs mounted as a throw-away data directory, which a test can fill to the last page or
// turn read-only under a running server: the kernel's own ENOSPC and EROFS, on the real writes.
// Needs root with CAP_SYS_ADMIN (CI has it); mountProblem() says why not where it is missing.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

/** tmpfs counts space in pages: every non-empty file takes at least one. */
export const PAGE = 4096;

export interface Disk {
  dir: string;
  /** Fill the disk so that only `leave` bytes stay free (a ballast file outside the spool). */
  fill(leave?: number): Promise<void>;
  /** Give the space back. */
  free(): Promise<void>;
  readOnly(on: boolean): void;
  unmount(): Promise<void>;
}

export async function mountDisk(sizeBytes: number): Promise<Disk> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'portal-disk-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeBytes},mode=0755`, 'tmpfs', dir], { stdio: 'pipe' });
  } catch (err) {
    await fs.rm(dir, { recursive: true, force: true });
    throw err;
  }
  const ballast = path.join(dir, 'ballast');
  return {
    dir,
    async fill(leave = 0) {
      await fs.rm(ballast, { force: true });
      const { bavail, bsize } = await fs.statfs(dir);
      const size = bavail * bsize - leave;
      if (size > 0) await fs.writeFile(ballast, Buffer.alloc(size));
      const after = await fs.statfs(dir);
      if (after.bavail * after.bsize !== leave) throw new Error(`filled ${dir} to ${after.bavail * after.bsize} free bytes, not ${leave}`);
    },
    free: () => fs.rm(ballast, { force: true }),
    readOnly(on) {
      execFileSync('mount', ['-o', `remount,${on ? 'ro' : 'rw'}`, dir], { stdio: 'pipe' });
    },
    async unmount() {
      execFileSync('umount', ['-l', dir], { stdio: 'pipe' });
      await fs.rm(dir, { recursive: true, force: true });
    },
  };
}

/** Null when this machine lets the test mount a tmpfs, else why not. */
export async function mountProblem(): Promise<string | null> {
  try {
    const disk = await mountDisk(PAGE * 16);
    await disk.unmount();
    return null;
  } catch (err) {
    return `${(err as Error).message.split('\n')[0]} (uid ${process.getuid?.()})`;
  }
}
