// A real SMTP server for tests: listens on 127.0.0.1, keeps every accepted message (parsed with
// mailparser, plus the SMTP envelope), and can be told to refuse or stall the next commands.
// It can be stopped and started again on the same port, to play "mail server down, then back".
import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser';
import net from 'node:net';
import { SMTPServer, type SMTPServerAddress, type SMTPServerSession } from 'smtp-server';

export interface ReceivedMail {
  envelope: { from: string | null; to: string[] };
  raw: Buffer;
  parsed: ParsedMail;
  /** Message-ID without angle brackets ('' when absent). */
  messageId: string;
  /** True when the client had gone before the receiver answered (a "maybe delivered" copy). */
  clientGone: boolean;
  /** When the whole message had arrived (Date.now()), before the receiver answered. */
  receivedAt: number;
}

export type Phase = 'rcpt' | 'data';

export interface Rule {
  phase: Phase;
  /** SMTP reply code to refuse with (e.g. 451 temporary, 550 permanent); omit to accept after `delayMs`. */
  code?: number;
  /** Wait this long before answering (either way). */
  delayMs?: number;
  /** Only commands for these recipients (RCPT address, or any envelope recipient at DATA). */
  recipient?: string | ((address: string) => boolean);
  /** How many matching commands this rule still applies to. */
  remaining: number;
}

const refusal = (code: number, phase: Phase) =>
  Object.assign(new Error(code >= 500 ? `test receiver refuses ${phase} permanently` : `test receiver: try again later (${phase})`), {
    responseCode: code,
  });

export class SmtpReceiver {
  readonly messages: ReceivedMail[] = [];
  /** DATA commands whose body arrived, accepted or not (for "kill while in flight"). */
  dataSeen = 0;
  private rules: Rule[] = [];
  private readonly closedSessions = new Set<string>();
  private server: SMTPServer | undefined;
  private _port: number;

  /** `port` 0 picks a free one at the first start; afterwards the same port is reused. */
  constructor(port = 0) {
    this._port = port;
  }

  get port(): number {
    if (!this._port) throw new Error('receiver has no port yet: start() it or construct it with one');
    return this._port;
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  get running(): boolean {
    return this.server !== undefined;
  }

  /** Refuse the next `times` matching RCPT or DATA commands with `code`. */
  refuse(phase: Phase, code: number, times = 1, recipient?: Rule['recipient']): this {
    this.rules.push({ phase, code, remaining: times, recipient });
    return this;
  }

  /** Hold the answer to the next `times` matching commands for `delayMs`, then accept. */
  delay(phase: Phase, delayMs: number, times = 1, recipient?: Rule['recipient']): this {
    this.rules.push({ phase, delayMs, remaining: times, recipient });
    return this;
  }

  clearRules(): void {
    this.rules = [];
  }

  async start(): Promise<this> {
    if (this.server) return this;
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      banner: 'test receiver',
      closeTimeout: 50,
      disableReverseLookup: true,
      onClose: (session) => {
        this.closedSessions.add(session.id);
      },
      onRcptTo: (address, session, callback) => {
        this.respond('rcpt', [address.address], callback);
      },
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          this.dataSeen++;
          const receivedAt = Date.now();
          const raw = Buffer.concat(chunks);
          const envelope = envelopeOf(session);
          this.respond('data', envelope.to, (err) => {
            if (err) return callback(err);
            simpleParser(raw)
              .then((parsed) => {
                this.messages.push({
                  envelope,
                  raw,
                  parsed,
                  messageId: (parsed.messageId ?? '').replace(/^<|>$/g, ''),
                  clientGone: this.closedSessions.has(session.id),
                  receivedAt,
                });
                callback();
              })
              .catch((e: Error) => callback(e));
          });
        });
      },
    });
    await new Promise<void>((resolve, reject) => {
      const onError = (err: Error) => reject(err);
      server.once('error', onError);
      server.listen(this._port, '127.0.0.1', () => {
        server.removeListener('error', onError);
        resolve();
      });
    });
    server.on('error', () => {}); // client resets are expected in these tests
    this._port = (server.server.address() as net.AddressInfo).port;
    this.server = server;
    return this;
  }

  /** Stop listening and drop open connections; the port stays this receiver's for start(). */
  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      for (const c of server.connections) (c as unknown as { close(): void }).close();
    });
  }

  /** Messages whose Message-ID is `id` (without angle brackets). */
  byMessageId(id: string): ReceivedMail[] {
    return this.messages.filter((m) => m.messageId === id);
  }

  /** Messages whose envelope went to `address`. */
  to(address: string): ReceivedMail[] {
    return this.messages.filter((m) => m.envelope.to.includes(address));
  }

  private respond(phase: Phase, recipients: string[], callback: (err?: Error | null) => void): void {
    const rule = this.rules.find((r) => r.phase === phase && r.remaining > 0 && matches(r, recipients));
    if (!rule) return callback();
    rule.remaining--;
    const answer = () => callback(rule.code ? refusal(rule.code, phase) : null);
    if (rule.delayMs) setTimeout(answer, rule.delayMs);
    else answer();
  }
}

function matches(rule: Rule, recipients: string[]): boolean {
  if (rule.recipient === undefined) return true;
  const test = typeof rule.recipient === 'string' ? (a: string) => a.toLowerCase() === (rule.recipient as string).toLowerCase() : rule.recipient;
  return recipients.some(test);
}

function envelopeOf(session: SMTPServerSession): ReceivedMail['envelope'] {
  const from = session.envelope.mailFrom;
  return {
    from: from ? (from as SMTPServerAddress).address : null,
    to: session.envelope.rcptTo.map((r) => r.address),
  };
}

export async function startReceiver(port = 0): Promise<SmtpReceiver> {
  return new SmtpReceiver(port).start();
}

/** A port nothing listens on right now (bound once on 127.0.0.1:0, then released). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** Resolve once `count()` reaches `n` (polling); reject after `timeoutMs` saying what was seen. */
export async function waitForMessages(
  receiver: SmtpReceiver,
  n: number,
  { timeoutMs = 10_000, filter }: { timeoutMs?: number; filter?: (m: ReceivedMail) => boolean } = {},
): Promise<ReceivedMail[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = filter ? receiver.messages.filter(filter) : receiver.messages;
    if (found.length >= n) return found;
    if (Date.now() > deadline) {
      throw new Error(`waited ${timeoutMs} ms for ${n} message(s), got ${found.length}: ${receiver.messages.map((m) => m.messageId).join(', ')}`);
    }
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Addresses of a parsed header (To, Reply-To, From) as plain lower-case strings. */
export function addresses(field: AddressObject | AddressObject[] | undefined): string[] {
  const list = Array.isArray(field) ? field : field ? [field] : [];
  return list.flatMap((a) => a.value.map((v) => (v.address ?? '').toLowerCase()));
}
