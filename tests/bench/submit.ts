// `npm run bench`: ticket submission throughput and latency (3 photos each) against a bare-Node
// baseline that only parses the same multipart body and fsyncs the files, plus the portal's
// memory before, during and after the run. A report, not a test: it prints figures.
// Everything listens on 127.0.0.1; the load comes from this process, the servers are children.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';

const root = path.resolve(import.meta.dirname, '../..');
const total = Number(process.env.BENCH_REQUESTS ?? 1000);
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 8);

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

async function waitFor(url: string, child: ChildProcess): Promise<void> {
  for (let i = 0; i < 400; i++) {
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

function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Math.round(Number(m[1]) / 1024) : NaN;
}

async function photos(): Promise<Buffer[]> {
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

async function load(url: string, origin: string, images: Buffer[], onTick?: () => void) {
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
        await res.arrayBuffer();
        if (!res.ok) failed++;
        latencies.push(performance.now() - t0);
        if (i % 100 === 0) onTick?.();
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => Math.round(latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))]!);
  return { perSecond: total / seconds, p50: pct(50), p99: pct(99), failed };
}

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'portal-bench-'));
const images = await photos();
const children: ChildProcess[] = [];
try {
  // Baseline: parse the same multipart body and fsync each file, nothing else.
  const basePort = await freePort();
  const baseline = spawn(process.execPath, [path.join(import.meta.dirname, 'baseline.ts'), String(basePort), path.join(work, 'baseline')], { stdio: 'inherit' });
  children.push(baseline);
  await waitFor(`http://127.0.0.1:${basePort}/`, baseline);
  const base = await load(`http://127.0.0.1:${basePort}/`, `http://127.0.0.1:${basePort}`, images);

  const port = await freePort();
  const portal = spawn(process.execPath, [path.join(root, 'src/cli/serve.ts')], {
    cwd: root,
    env: { ...process.env, HOST: '127.0.0.1', PORT: String(port), PORTAL_DATA_DIR: path.join(work, 'data'), PORTAL_WORKER: 'off', RATE_LIMIT_SCALE: '0', MIN_FILL_TIME: '0ms' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  children.push(portal);
  const origin = `http://127.0.0.1:${port}`;
  await waitFor(`${origin}/healthz`, portal);
  const rssBefore = rssMb(portal.pid!);
  let rssPeak = rssBefore;
  const ours = await load(`${origin}/_actions/submitTicket`, origin, images, () => (rssPeak = Math.max(rssPeak, rssMb(portal.pid!))));
  await new Promise((r) => setTimeout(r, 5000));
  (globalThis as { gc?: () => void }).gc?.();
  const rssAfter = rssMb(portal.pid!);
  const spooled = fs.readdirSync(path.join(work, 'data/spool/new')).length;

  console.log(`\nsubmissions: ${total} per server, ${concurrency} at a time, 3 photos of ~${Math.round(images[0]!.length / 1024)} KB each (${os.cpus().length} cores)`);
  console.log('| server | tickets/s | p50 ms | p99 ms | failed |');
  console.log('|---|---|---|---|---|');
  console.log(`| bare Node: parse + fsync | ${base.perSecond.toFixed(1)} | ${base.p50} | ${base.p99} | ${base.failed} |`);
  console.log(`| portal: validate, sniff, re-encode, spool | ${ours.perSecond.toFixed(1)} | ${ours.p50} | ${ours.p99} | ${ours.failed} |`);
  console.log(`portal / baseline throughput: ${(ours.perSecond / base.perSecond).toFixed(2)}; tickets spooled: ${spooled}`);
  console.log(`portal RSS: before ${rssBefore} MB, peak during ${rssPeak} MB, 5 s after ${rssAfter} MB`);
} finally {
  for (const c of children) c.kill('SIGTERM');
  fs.rmSync(work, { recursive: true, force: true });
}
