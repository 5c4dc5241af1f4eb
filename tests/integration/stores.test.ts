// Several stores behind one running portal, over HTTP to a real SMTP receiver: a ticket sent to a
// store's path (/s/<id>/) or host name goes to that store's inbox with its tag, the default
// store keeps its own, and a store id that does not exist takes nothing.
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { damagedFields, damagedForm, makeTempDataDir, newSubmissionKey, type TempDir } from '../helpers/fixtures.ts';
import { SELLER } from '../helpers/portal.ts';
import { ensureBuilt, postTicket, serverEnv, startServer, type PortalServer } from '../helpers/server.ts';
import { addresses, freePort, startReceiver, waitForMessages, type SmtpReceiver } from '../helpers/smtp-receiver.ts';

describe('several stores behind one portal (content/stores/ examples)', () => {
  let tmp: TempDir;
  let receiver: SmtpReceiver;
  let server: PortalServer;

  beforeAll(async () => {
    ensureBuilt();
    tmp = await makeTempDataDir('stores-');
    receiver = await startReceiver();
    server = await startServer(await freePort(), serverEnv(tmp.path, receiver.url, { RATE_LIMIT_SCALE: '0' }));
  }, 120_000);

  afterAll(async () => {
    await server?.kill();
    await receiver?.stop();
    await tmp?.cleanup();
  });

  const form = (order: string) => {
    return damagedForm(damagedFields({ orderNumber: order, submissionKey: newSubmissionKey() }));
  };
  const sellerMail = async (reference: string) =>
    (await waitForMessages(receiver, 1, { filter: (m) => m.messageId.startsWith(`${reference}.seller@`) }))[0]!;

  /** A POST with another Host header, as a storefront's own help domain would send it. */
  const postAsHost = (host: string, body: FormData) =>
    new Promise<{ status: number; text: string }>((resolve, reject) => {
      const encoded = new Response(body);
      encoded.arrayBuffer().then((buf) => {
        const req = http.request(
          { host: '127.0.0.1', port: server.port, path: '/_actions/submitTicket', method: 'POST', headers: { host, origin: `http://${host}`, 'content-type': encoded.headers.get('content-type')!, 'content-length': buf.byteLength } },
          (res) => {
            let text = '';
            res.on('data', (d: Buffer) => (text += d.toString()));
            res.on('end', () => resolve({ status: res.statusCode!, text }));
          },
        );
        req.on('error', reject);
        req.end(Buffer.from(buf));
      }, reject);
    });

  it("by path: each store's ticket reaches its own address with its own tag; the default store keeps the shared inbox", async () => {
    const trail = await postTicket(server, form('T-100'), '/s/trailhead');
    const casa = await postTicket(server, form('C-100'), '/s/casa');
    const home = await postTicket(server, form('D-100'));
    for (const r of [trail, casa, home]) expect(r.status, r.body).toBe(200);
    expect(trail.reference).toMatch(/^TO-/);
    expect(casa.reference).toMatch(/^CL-/);
    expect(home.reference).toMatch(/^HX-/);

    const [t, c, d] = await Promise.all([sellerMail(trail.reference!), sellerMail(casa.reference!), sellerMail(home.reference!)]);
    expect(addresses(t.parsed.to)).toEqual(['trailhead-orders@example.com']);
    expect(t.envelope.to).toEqual(['trailhead-orders@example.com']);
    expect(t.parsed.subject).toMatch(/^\[TRAIL\] /);
    expect(addresses(c.parsed.to)).toEqual(['casa-orders@example.com']);
    expect(c.parsed.subject).toMatch(/^\[CASA\] /);
    expect(addresses(d.parsed.to)).toEqual([SELLER]);
    expect(d.parsed.subject).toMatch(/^\[EG\] /);
    const ticket = JSON.parse(t.parsed.attachments.find((a) => a.filename === 'ticket.json')!.content.toString());
    expect(ticket.store).toEqual({ id: 'trailhead', name: 'Trailhead Outdoor', tag: 'TRAIL' });
  });

  it("by host name: a store's own help domain files into that store", async () => {
    const res = await postAsHost('help.trailhead.example', form('T-200'));
    expect(res.status, res.text).toBe(200);
    const reference = /[A-Z]{2}-[A-Z0-9]{4}-[A-Z0-9]{4}/.exec(res.text)![0];
    expect(reference).toMatch(/^TO-/);
    expect(addresses((await sellerMail(reference)).parsed.to)).toEqual(['trailhead-orders@example.com']);
  });

  it('an unknown store id takes nothing', async () => {
    // The four tickets above, each a seller email and a receipt, are all in before counting.
    const before = (await waitForMessages(receiver, 8)).length;
    const res = await postTicket(server, form('X-1'), '/s/no-such-store');
    expect(res.status).toBe(404);
    expect(res.reference).toBeNull();
    await new Promise((r) => setTimeout(r, 600));
    expect(receiver.messages.length).toBe(before);
  });
});
