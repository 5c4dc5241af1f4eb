// The server gives memory back after a burst of uploads: dead request buffers are collected and
// glibc's free pages returned, once the work has been quiet — and not while it goes on.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { glibcAllocator, whenQuiet } from '../../../src/uploads/release-memory.ts';

const moduleUrl = new URL('../../../src/uploads/release-memory.ts', import.meta.url).href;

/** Runs `code` as an ES module file in a fresh Node process and returns what it printed as JSON. */
function inFreshNode(code: string, nodeArgs: string[] = []) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'release-memory-'));
  try {
    const file = path.join(dir, 'script.mjs');
    fs.writeFileSync(file, code);
    const run = spawnSync(process.execPath, [...nodeArgs, file], { encoding: 'utf8', timeout: 20_000 });
    expect(run.status, run.stderr).toBe(0);
    return JSON.parse(run.stdout);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

type Mb = { rss: number; buffers: number };

/**
 * In a fresh Node process: 200 MB of upload-sized buffers with small live ones between them (as
 * a busy server leaves its heap), all but the small ones dropped, then `step` runs. Figures in MB.
 * First glibc's mmap threshold is raised the way a server's first freed upload raises it, so the
 * big buffers land in the heap rather than in mappings of their own (as on the server).
 */
function burst(step: 'gc-only' | 'release'): { before: Mb; after: Mb; trimmed?: boolean } {
  const code = `
    const mb = () => { const m = process.memoryUsage(); return { rss: m.rss / 1048576, buffers: m.arrayBuffers / 1048576 }; };
    {
      let first = Buffer.allocUnsafeSlow(1 << 20).fill(1);
      first = null;
      globalThis.gc();
      await new Promise((r) => setTimeout(r, 50));
    }
    let big = [];
    const kept = [];
    for (let i = 0; i < 280; i++) {
      big.push(Buffer.allocUnsafeSlow(750_000).fill(i));
      kept.push(Buffer.allocUnsafeSlow(2048).fill(i));
    }
    big = null;
    const before = mb();
    let trimmed;
    if (${JSON.stringify(step)} === 'gc-only') globalThis.gc();
    // Imported only now: loading it earlier would change where glibc puts the buffers.
    else trimmed = (await import(${JSON.stringify(moduleUrl)})).releaseMemory().trimmed;
    await new Promise((r) => setTimeout(r, 50));
    console.log(JSON.stringify({ before, after: mb(), trimmed, kept: kept.length }));
  `;
  return inFreshNode(code, ['--expose-gc']);
}

describe('releaseMemory', () => {
  it('collects garbage without Node being started with --expose-gc', () => {
    // A small dead object and no allocation after it: only releaseMemory's own collection can
    // free it. The module is loaded first (loading allocates enough to start a collection).
    const code = `
      const { glibcAllocator, releaseMemory } = await import(${JSON.stringify(moduleUrl)});
      glibcAllocator();
      const collected = [];
      const registry = new FinalizationRegistry((name) => collected.push(name));
      registry.register({ body: 'a dead request' }, 'request');
      await new Promise((r) => setTimeout(r, 10));
      const before = [...collected];
      releaseMemory();
      await new Promise((r) => setTimeout(r, 10));
      console.log(JSON.stringify({ before, after: collected, gcLeftInGlobal: typeof globalThis.gc }));
    `;
    const { before, after, gcLeftInGlobal } = inFreshNode(code);
    expect(before).toEqual([]);
    expect(after).toEqual(['request']);
    expect(gcLeftInGlobal).toBe('undefined');
  });

  it("shrinks V8's heap and hands its pages back, not only marks them free", () => {
    // Short-lived objects by the million, as a burst of requests leaves them: the heap grows.
    const code = `
      const { glibcAllocator, releaseMemory } = await import(${JSON.stringify(moduleUrl)});
      glibcAllocator();
      const mb = () => { const m = process.memoryUsage(); return { rss: m.rss / 1048576, heap: m.heapTotal / 1048576 }; };
      let recent = [];
      for (let r = 0; r < 30; r++) {
        recent.push(Array.from({ length: 100000 }, (_, i) => ({ i, s: 'x' + i })));
        if (recent.length > 6) recent.shift();
      }
      recent = null;
      const before = mb();
      releaseMemory();
      console.log(JSON.stringify({ before, after: mb() }));
    `;
    const { before, after } = inFreshNode(code);
    expect(before.heap).toBeGreaterThan(150);
    // A plain full collection leaves about a third of the grown heap committed.
    expect(after.heap).toBeLessThan(before.heap * 0.15);
    expect(before.rss - after.rss).toBeGreaterThan(before.heap * 0.5);
  });

  it.runIf(glibcAllocator())('on glibc, hands the freed pages back to the system', () => {
    // Control: collected but not trimmed, the memory stays with the process.
    const control = burst('gc-only');
    expect(control.after.buffers).toBeLessThan(10);
    const keptByControl = control.after.rss - (control.before.rss - 200);
    expect(keptByControl, 'MB of the 200 freed still resident without a trim').toBeGreaterThan(100);

    const released = burst('release');
    expect(released.trimmed).toBe(true);
    const keptAfterRelease = released.after.rss - (released.before.rss - 200);
    console.log(`200 MB of dropped upload buffers: ${Math.round(keptByControl)} MB stay resident after a collection alone, ${Math.round(keptAfterRelease)} MB after releaseMemory`);
    expect(keptAfterRelease, 'MB of the 200 freed still resident after releaseMemory').toBeLessThan(40);
  });

});

describe('whenQuiet', () => {
  afterEach(() => vi.useRealTimers());

  it('runs once the work has been quiet, not after each piece', () => {
    vi.useFakeTimers();
    const release = vi.fn();
    const poke = whenQuiet(release, 2000);
    for (let i = 0; i < 5; i++) {
      poke();
      vi.advanceTimersByTime(1500);
    }
    expect(release).not.toHaveBeenCalled();
    vi.advanceTimersByTime(500);
    expect(release).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(10_000);
    expect(release).toHaveBeenCalledTimes(1);
    poke();
    vi.advanceTimersByTime(2000);
    expect(release).toHaveBeenCalledTimes(2);
  });
});
