// The benchmark's load: ticket submissions with three camera-like photos each, a fixed number of
// them in flight at once, from this process over loopback, with latency percentiles.
import type { ChildProcess } from 'node:child_process';
import net from 'node:net';
import sharp from 'sharp';

export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

export async function waitFor(url: string, child: ChildProcess): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      await fetch(url);
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error(`${url} did not answer`);
}

/** Three noisy 1600×1200 JPEGs (~725 KB each): what the island sends after downscaling, roughly. */
export async function photos(): Promise<Buffer[]> {
  return Promise.all(
    [1, 2, 3].map((seed) =>
      sharp({ create: { width: 1600, height: 1200, channels: 3, background: '#777', noise: { type: 'gaussian', mean: 120 + seed, sigma: 30 } } })
        .jpeg({ quality: 80 })
        .toBuffer(),
    ),
  );
}

function form(images: Buffer[], i: number): FormData {
  const f = new FormData();
  const fields: Record<string, string> = {
    kind: 'damaged',
    orderNumber: `B-${i}`,
    buyerName: 'Bench Buyer',
    buyerEmail: 'bench@example.com',
    'answers.affected': '1',
    'answers.total': '2',
    'answers.problem': 'broken',
    'answers.wanted': 'refund',
  };
  for (const [k, v] of Object.entries(fields)) f.append(k, v);
  images.forEach((img, n) => f.append(`shot.${['item', 'damage', 'outer-box'][n]}`, new Blob([new Uint8Array(img)], { type: 'image/jpeg' }), `p${n}.jpg`));
  return f;
}

export interface LoadResult {
  requests: number;
  perSecond: number;
  p50: number;
  p99: number;
  failed: number;
}

/** `total` submissions, `concurrency` at a time; `onTick` runs every ~25 requests (sampling). */
export async function load(url: string, origin: string, images: Buffer[], total: number, concurrency: number, onTick?: () => void): Promise<LoadResult> {
  const latencies: number[] = [];
  let next = 0;
  let failed = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        const i = next++;
        const t0 = performance.now();
        const res = await fetch(url, { method: 'POST', body: form(images, i), headers: { origin } });
        const body = await res.text();
        if (!res.ok || !body.includes('received')) failed++;
        latencies.push(performance.now() - t0);
        if (i % 25 === 0) onTick?.();
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => Math.round(latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))]!);
  return { requests: total, perSecond: total / seconds, p50: pct(50), p99: pct(99), failed };
}
