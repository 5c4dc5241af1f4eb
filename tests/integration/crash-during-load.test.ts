// The real server SIGKILLed at random moments while buyers keep submitting. This is the spool's
// promise under a process that can die at any instruction: every reference a buyer was shown
// reaches the seller (one ticket per submission key, each email with one Message-ID), and nothing
// is sent for a submission that never got a reference, except one the server had accepted when it
// was killed before it could answer. SMTP has no two-phase commit, so a kill between the mail
// server's "250 OK" and the worker's record sends that part again with the same Message-ID; the
// test allows that extra copy only right after a kill, and prints how often it happened.
// Seeded: CRASH_SEED=<n> replays the same kill points and client choices (timing still varies).
// Delivery is the slow part (~9 emails/s: the test receiver waits 100 ms before each greeting,
// and the worker opens one connection per email), so most of the run is the drain.
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { makePng, makeTempDataDir, sleep, waitFor, type TempDir } from '../helpers/fixtures.ts';
import { receiptMessageId, SELLER, sellerMessageId } from '../helpers/portal.ts';
import { ensureBuilt, serverEnv, startServer, type PortalServer } from '../helpers/server.ts';
import { freePort, startReceiver, type ReceivedMail, type SmtpReceiver } from '../helpers/smtp-receiver.ts';

const SUBMISSIONS = 200;
const CONCURRENCY = 4;
const KILLS = 6;
/** How long after a copy arrived a kill may still explain a second copy (send → record, under load). */
const RECORD_WINDOW_MS = 3000;
const SEED = Number(process.env.CRASH_SEED ?? Math.floor(Math.random() * 2 ** 31));
const REFERENCE = /[A-Z]{2}-[A-Z0-9]{4}-[A-Z0-9]{4}/;

/** mulberry32: small, seedable, good enough to pick moments and choices. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Attempt {
  start: number;
  end: number;
  outcome: 'reference' | 'network' | 'http';
  detail: string;
}

interface Submission {
  index: number;
  order: string;
  key: string;
  /** Gives up after its first failed request, as a buyer who closes the tab. */
  givesUp: boolean;
  attempts: Attempt[];
  reference?: string;
}

let tmp: TempDir;
let receiver: SmtpReceiver;
let server: PortalServer | undefined;

beforeAll(async () => {
  ensureBuilt();
  tmp = await makeTempDataDir('portal-crash-');
  receiver = await startReceiver();
}, 120_000);

afterAll(async () => {
  await server?.kill('SIGKILL');
  await receiver?.stop();
  await tmp?.cleanup();
});

function form(s: Submission): FormData {
  const f = new FormData();
  const fields: Record<string, string> = {
    kind: 'damaged',
    orderNumber: s.order,
    buyerName: 'Crash Buyer',
    buyerEmail: `buyer${s.index}@buyer.test`,
    locale: 'en',
    submissionKey: s.key,
    'answers.affected': '1',
    'answers.total': '2',
    'answers.problem': 'broken',
    'answers.wanted': 'refund',
  };
  for (const [k, v] of Object.entries(fields)) f.append(k, v);
  const png = makePng(8, 6, [s.index % 256, 40, 200]);
  f.append('shot.damage', new File([new Uint8Array(png)], `p${s.index}.png`, { type: 'image/png' }));
  return f;
}

/** The ticket.json attached to a seller email says which order (hence which submission) it is. */
function orderOf(mail: ReceivedMail): string {
  const json = mail.parsed.attachments.find((a) => a.filename === 'ticket.json');
  if (!json) throw new Error(`seller email ${mail.messageId} has no ticket.json`);
  return (JSON.parse(json.content.toString('utf8')) as { orderNumber: string }).orderNumber;
}

it(`SIGKILL at random moments during ${SUBMISSIONS} submissions: each reference shown is delivered once, nothing else`, async () => {
  console.log(`crash-during-load: CRASH_SEED=${SEED}`);
  const random = seeded(SEED);
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const serve = async () => {
    server = await startServer(port, serverEnv(tmp.path, receiver.url, { RATE_LIMIT_SCALE: '0' }));
  };
  await serve();

  const subs: Submission[] = Array.from({ length: SUBMISSIONS }, (_, index) => ({
    index,
    order: `C-${SEED}-${index}`,
    key: `crash${SEED}k${index}`.padEnd(20, 'x'),
    givesUp: random() < 0.3,
    attempts: [],
  }));

  let settled = 0;
  const deadline = Date.now() + 90_000;
  async function run(s: Submission): Promise<void> {
    for (;;) {
      const start = Date.now();
      let attempt: Attempt;
      try {
        const res = await fetch(`${origin}/_actions/submitTicket`, {
          method: 'POST',
          body: form(s),
          headers: { Origin: origin },
          signal: AbortSignal.timeout(20_000),
        });
        const body = await res.text();
        const reference = res.status === 200 && body.includes('"received"') ? REFERENCE.exec(body)?.[0] : undefined;
        attempt = reference
          ? { start, end: Date.now(), outcome: 'reference', detail: reference }
          : { start, end: Date.now(), outcome: 'http', detail: `${res.status} ${body.slice(0, 200)}` };
      } catch (err) {
        const cause = (err as { cause?: { code?: string } }).cause;
        attempt = { start, end: Date.now(), outcome: 'network', detail: cause?.code ?? (err as Error).message };
      }
      s.attempts.push(attempt);
      if (attempt.outcome === 'reference') {
        s.reference = attempt.detail;
        return;
      }
      if (s.givesUp || Date.now() > deadline) return;
      await sleep(50 + Math.floor(random() * 100));
    }
  }
  let next = 0;
  const clients = Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < subs.length) {
        await run(subs[next++]!);
        settled++;
      }
    }),
  );

  // Kill points spread over the run: after a random share of submissions has settled, plus a
  // random delay so the kill lands anywhere in a request or a delivery.
  const killAt = Array.from({ length: KILLS }, () => Math.floor((0.05 + 0.9 * random()) * SUBMISSIONS)).sort((a, b) => a - b);
  const kills: number[] = [];
  let clientsDone = false;
  void clients.finally(() => (clientsDone = true));
  for (const point of killAt) {
    while (settled < point && !clientsDone) await sleep(5);
    if (clientsDone) break;
    await sleep(Math.floor(random() * 150));
    kills.push(Date.now());
    await server!.kill('SIGKILL');
    await sleep(Math.floor(random() * 300)); // down for a moment: clients see refused connections
    await serve();
  }
  await clients;

  // Drain: everything accepted reaches sent/, and a lease period passes with nothing sent again.
  const spoolDir = (state: string) => path.join(tmp.path, 'spool', state);
  let seen = '';
  await waitFor(
    async () => {
      const health = await fetch(`${origin}/healthz`)
        .then((r) => r.json() as Promise<{ pending: number; failed: number }>)
        .catch((err: Error) => ({ pending: -1, failed: -1, error: err.message }));
      const sent = (await fs.readdir(spoolDir('sent'))).length;
      seen = `${JSON.stringify(health)}, sent/ ${sent}, messages ${receiver.messages.length}`;
      return health.pending === 0 && receiver.messages.length >= 2 * sent;
    },
    'the worker to drain',
    120_000, // ~30 s alone; generous for a machine busy with other test files
  ).catch((err: Error) => {
    throw new Error(`${err.message}: ${seen}\n${server!.output().slice(-3000)}`);
  });
  await sleep(1500);

  const sellerMails = receiver.messages.filter((m) => m.envelope.to.includes(SELLER));
  const receipts = receiver.messages.filter((m) => !m.envelope.to.includes(SELLER));
  const byOrder = new Map(subs.map((s) => [s.order, s]));
  const shown = subs.filter((s) => s.reference);
  const interrupted = subs.flatMap((s) => s.attempts).filter((a) => a.outcome === 'network' && kills.some((k) => k >= a.start && k <= a.end));
  const stats = {
    seed: SEED,
    kills: kills.length,
    referencesShown: shown.length,
    gaveUp: subs.filter((s) => !s.reference).length,
    requestsCutByKill: interrupted.length,
    retries: subs.reduce((n, s) => n + s.attempts.length - 1, 0),
    slowestRequestMs: Math.max(...subs.flatMap((s) => s.attempts.map((a) => a.end - a.start))),
    sellerEmails: sellerMails.length,
    receipts: receipts.length,
  };

  // Every copy beyond the first of one Message-ID must follow a kill right after the copy before it.
  let extraCopies = 0;
  const unexplained: string[] = [];
  for (const copies of Map.groupBy(receiver.messages, (m) => m.messageId).values()) {
    copies.sort((a, b) => a.receivedAt - b.receivedAt);
    for (let i = 1; i < copies.length; i++) {
      extraCopies++;
      const prev = copies[i - 1]!;
      if (!kills.some((k) => k >= prev.receivedAt - 1000 && k <= prev.receivedAt + RECORD_WINDOW_MS)) {
        unexplained.push(`${copies[i]!.messageId}: copies at ${copies.map((c) => c.receivedAt).join(', ')}; kills at ${kills.join(', ')}`);
      }
    }
  }
  console.log(`crash-during-load: ${JSON.stringify({ ...stats, extraCopiesAfterKill: extraCopies })}`);

  expect(kills.length, 'kills during the run').toBeGreaterThanOrEqual(3);
  expect(interrupted.length, 'requests cut off by a kill (else nothing was tested)').toBeGreaterThan(0);
  expect(unexplained, 'second copies not explained by a kill between send and record').toEqual([]);
  expect(extraCopies, 'at most one extra copy per kill').toBeLessThanOrEqual(kills.length);
  // Buyers who kept retrying all got a reference.
  expect(subs.filter((s) => !s.givesUp && !s.reference).map((s) => s.attempts)).toEqual([]);

  // Each seller email belongs to one submission; one reference per submission key.
  const refsOfOrder = new Map<string, Set<string>>();
  for (const mail of sellerMails) {
    const reference = mail.messageId.split('.')[0]!;
    expect(mail.messageId).toBe(sellerMessageId(reference));
    const order = orderOf(mail);
    expect(byOrder.has(order), `seller email for unknown order ${order}`).toBe(true);
    refsOfOrder.set(order, (refsOfOrder.get(order) ?? new Set()).add(reference));
  }
  for (const [order, refs] of refsOfOrder) expect([...refs], `tickets for ${order}`).toHaveLength(1);

  for (const s of subs) {
    const sent = [...(refsOfOrder.get(s.order) ?? [])];
    if (s.reference) {
      // Shown to the buyer: delivered, under that very reference, seller email and receipt.
      expect(sent, `submission ${s.index}: ${JSON.stringify(s.attempts)}`).toEqual([s.reference]);
      expect(receiver.byMessageId(sellerMessageId(s.reference)).length).toBeGreaterThanOrEqual(1);
      expect(receiver.byMessageId(receiptMessageId(s.reference)).length).toBeGreaterThanOrEqual(1);
    } else if (sent.length > 0) {
      // Never shown, yet sent: only when the server had accepted it and died before answering.
      const cut = s.attempts.some((a) => a.outcome === 'network' && kills.some((k) => k >= a.start && k <= a.end));
      expect(cut, `submission ${s.index} sent as ${sent} without a reference: ${JSON.stringify(s.attempts)}`).toBe(true);
    }
  }
  // Receipts pair with seller emails one to one (by reference).
  const sellerRefs = new Set(sellerMails.map((m) => m.messageId.split('.')[0]));
  const receiptRefs = new Set(receipts.map((m) => m.messageId.split('.')[0]));
  expect([...receiptRefs].sort()).toEqual([...sellerRefs].sort());
  for (const m of receipts) expect(m.messageId).toBe(receiptMessageId(m.messageId.split('.')[0]!));

  // The spool agrees: everything delivered is in sent/, nothing pending or failed, and whatever a
  // kill left in tmp/ was never sent.
  expect((await fs.readdir(spoolDir('sent'))).sort()).toEqual([...sellerRefs].sort());
  for (const state of ['new', 'active', 'failed']) expect(await fs.readdir(spoolDir(state)), state).toEqual([]);
  const leftovers = await fs.readdir(spoolDir('tmp'));
  for (const ref of leftovers) expect(sellerRefs.has(ref), `tmp/${ref} was sent`).toBe(false);
  console.log(`crash-during-load: tmp/ leftovers ${leftovers.length}, key staging leftovers ${(await fs.readdir(spoolDir('keys'))).filter((n) => n.startsWith('.')).length}`);
}, 240_000);
