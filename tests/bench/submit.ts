// `npm run bench`: a report, not a timed test. It prints, as tables at the end:
// - ticket submission throughput and latency (3 photos each) against a bare-Node baseline that
//   only parses the same multipart body and fsyncs the files;
// - the portal's memory before, during and after the load, with PASS/FAIL on "returns to its
//   start level": the start level (see `warmup`) is within the tolerance (memory.ts) of the cold
//   server's, and the level 10 s after the load within the tolerance of the start level;
// - the gzipped weight of every page state against the budgets (pages.ts);
// - the bytes camera photos take on the wire with and without JavaScript (upload.ts).
// Everything listens on 127.0.0.1; the load comes from this process, the servers are children.
// The exit code is 1 when a PASS/FAIL line says FAIL.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { QUIET_MS } from '../../src/uploads/release-memory.ts';
import { freePort, load, photos, waitFor } from './load.ts';
import { snapshot, TOLERANCE_MB, TOLERANCE_SHARE, treeRssMb, verdict, type Snapshot } from './memory.ts';
import { HTML_CSS_BUDGET, JS_BUDGET, pageWeights } from './pages.ts';
import { uploadBytes } from './upload.ts';

const root = path.resolve(import.meta.dirname, '../..');
const total = Number(process.env.BENCH_REQUESTS ?? 1000);
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 8);
/**
 * Before the start level is taken, one burst of `concurrency` submissions at once: libvips, the
 * submission code and every thread the load uses start there (a one-time cost, each thread keeps
 * its own small heap). One burst, not more: a server that kept its peak would already be near it
 * after a few, and the verdict would hide it; the start level is also held against the cold one.
 */
const warmup = concurrency;
/** Idle time before a memory reading: the server gives memory back QUIET_MS after the last photo. */
const settle = QUIET_MS + 3000;
const AFTER_S = [5, 10];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const mb = (bytes: number) => `${(bytes / 1e6).toFixed(2)} MB`;
const table = (head: string[], rows: (string | number)[][]) =>
  [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'portal-bench-'));
const images = await photos();
const children: ChildProcess[] = [];
let failed = false;
try {
  // Baseline: parse the same multipart body and fsync each file, nothing else.
  const basePort = await freePort();
  const baseline = spawn(process.execPath, [path.join(import.meta.dirname, 'baseline.ts'), String(basePort), path.join(work, 'baseline')], { stdio: 'inherit' });
  children.push(baseline);
  await waitFor(`http://127.0.0.1:${basePort}/`, baseline);
  console.log(`bench: baseline, ${total} submissions…`);
  const base = await load(`http://127.0.0.1:${basePort}/`, `http://127.0.0.1:${basePort}`, images, total, concurrency);
  baseline.kill('SIGTERM');

  // The portal as `npm start` runs it (building first when dist/ is stale), worker off, limits off.
  const port = await freePort();
  const portal = spawn(process.execPath, ['--import', path.join(import.meta.dirname, 'memory-probe.ts'), path.join(root, 'src/cli/serve.ts')], {
    cwd: root,
    // As `npm start` runs it: two glibc arenas, so memory freed by photo work can be handed back.
    env: { MALLOC_ARENA_MAX: '2', ...process.env, HOST: '127.0.0.1', PORT: String(port), PORTAL_DATA_DIR: path.join(work, 'data'), PORTAL_WORKER: 'off', RATE_LIMIT_SCALE: '0', MIN_FILL_TIME: '0ms' },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  children.push(portal);
  const origin = `http://127.0.0.1:${port}`;
  await waitFor(`${origin}/healthz`, portal);
  await sleep(1000);
  const memory: Snapshot[] = [await snapshot('cold: started, nothing served', portal)];

  console.log('bench: page weights…');
  const pages = await pageWeights(origin);

  const action = `${origin}/_actions/submitTicket`;
  await load(action, origin, images, warmup, concurrency);
  await sleep(settle);
  const start = await snapshot(`start level: every page served, ${warmup} submissions at once, ${settle / 1000} s idle`, portal);
  memory.push(start);

  console.log(`bench: portal, ${total} submissions…`);
  let peak = start.rss;
  const sample = () => (peak = Math.max(peak, treeRssMb(portal.pid!)));
  const sampler = setInterval(sample, 250);
  const ours = await load(action, origin, images, total, concurrency, sample);
  clearInterval(sampler);
  memory.push(await snapshot('end of the load', portal));
  let waited = 0;
  for (const s of AFTER_S) {
    await sleep((s - waited) * 1000);
    waited = s;
    memory.push(await snapshot(`${s} s after the load`, portal));
  }
  const spooled = fs.readdirSync(path.join(work, 'data/spool/new')).length;

  console.log('bench: upload bytes in Chromium…');
  const upload = await uploadBytes(origin);

  // ---- report ----
  console.log(`\n## Submissions: ${total} per server, ${concurrency} at a time, 3 photos of ~${Math.round(images[0]!.length / 1024)} KB each (${os.cpus().length} cores, load avg ${os.loadavg()[0]!.toFixed(1)})\n`);
  console.log(
    table(
      ['server', 'tickets/s', 'p50 ms', 'p99 ms', 'failed'],
      [
        ['bare Node: parse + fsync', base.perSecond.toFixed(1), base.p50, base.p99, base.failed],
        ['portal: validate, sniff, re-encode, spool', ours.perSecond.toFixed(1), ours.p50, ours.p99, ours.failed],
      ],
    ),
  );
  console.log(`\nportal / baseline throughput: ${(ours.perSecond / base.perSecond).toFixed(2)}; tickets spooled: ${spooled} (${total + warmup + 1} sent)`);
  if (base.failed + ours.failed > 0) failed = true;

  const cold = memory[0]!;
  const final = memory.at(-1)!;
  const afterBurst = verdict(cold.rss, start.rss);
  const afterLoad = verdict(start.rss, final.rss);
  const pass = afterBurst.pass && afterLoad.pass;
  console.log(`\n## Portal memory (MB; RSS of the server process and its children, the rest from process.memoryUsage())\n`);
  console.log(
    table(
      ['when', 'RSS', 'V8 heap total', 'V8 heap used', 'buffers'],
      [
        ...memory.slice(0, 2).map((m) => [m.label, m.rss, m.heapTotal, m.heapUsed, m.arrayBuffers]),
        ['peak during the load (sampled every 250 ms)', peak, '', '', ''],
        ...memory.slice(2).map((m) => [m.label, m.rss, m.heapTotal, m.heapUsed, m.arrayBuffers]),
      ],
    ),
  );
  const within = `+ the larger of ${TOLERANCE_MB} MB and ${TOLERANCE_SHARE * 100} %`;
  console.log(`\nmemory returns to its start level: ${pass ? 'PASS' : 'FAIL'}`);
  console.log(`- after the burst of ${warmup}: start level ${start.rss} MB, limit ${afterBurst.limit} MB (cold ${cold.rss} MB ${within}): ${afterBurst.pass ? 'PASS' : 'FAIL'}`);
  console.log(`- ${AFTER_S.at(-1)} s after the load: ${final.rss} MB, limit ${afterLoad.limit} MB (start level ${start.rss} MB ${within}): ${afterLoad.pass ? 'PASS' : 'FAIL'}`);
  if (!pass) failed = true;

  console.log(`\n## Page weight (gzip -9 per file; HTML+CSS budget ${kb(HTML_CSS_BUDGET)}, JS budget ${kb(JS_BUDGET)}, start page JS 0)\n`);
  console.log(
    table(
      ['page state', 'path', 'status', 'HTML+CSS', 'JS', 'JS files', 'budget'],
      pages.map((p) => [p.state, p.path.replace(/draft=[\w-]+/, 'draft=…').replace(/\/done\/[\w-]+/, '/done/<reference>'), p.status, kb(p.htmlCss), kb(p.js), p.jsFiles, p.over.length ? `FAIL (${p.over.join(', ')})` : 'PASS']),
    ),
  );
  if (pages.some((p) => p.over.length > 0)) failed = true;

  console.log('\n## Upload bytes: 4000×3000 camera photos (JPEG q 92), damaged form, Chromium\n');
  if (upload.ok) {
    console.log(
      table(
        ['photos', 'without JavaScript (sent as taken)', 'with JavaScript (whole multipart POST)', 'ratio', 'downscaling in the browser'],
        [[upload.photos, mb(upload.rawBytes), mb(upload.postBytes), `${(upload.rawBytes / upload.postBytes).toFixed(1)}× smaller`, `${Math.round(upload.shrinkMs)} ms`]],
      ),
    );
  } else {
    console.log(`skipped: ${upload.reason}`);
  }
  console.log(`\noverall: ${failed ? 'FAIL' : 'PASS'}`);
} finally {
  for (const c of children) c.kill('SIGTERM');
  fs.rmSync(work, { recursive: true, force: true });
}
if (failed) process.exitCode = 1;
