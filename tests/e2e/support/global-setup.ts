// Starts what the browser tests need, on 127.0.0.1 with ephemeral ports: an SMTP receiver that
// writes every message it accepts into a folder, and the built portal pointed at it. Tests
// read the folder; the URLs travel to them in environment variables.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { SMTPServer } from 'smtp-server';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

export default async function globalSetup() {
  const root = path.resolve(import.meta.dirname, '../../..');
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'portal-e2e-'));
  const mailDir = path.join(work, 'mail');
  fs.mkdirSync(mailDir);
  let n = 0;
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        fs.writeFileSync(path.join(mailDir, `${Date.now()}-${++n}.eml`), Buffer.concat(chunks));
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', () => resolve()));
  const smtpPort = (smtp.server.address() as net.AddressInfo).port;

  const port = await freePort();
  const server: ChildProcess = spawn(process.execPath, [path.join(root, 'src/cli/serve.ts')], {
    cwd: root,
    env: {
      ...process.env,
      HOST: '127.0.0.1',
      PORT: String(port),
      PORTAL_DATA_DIR: path.join(work, 'data'),
      SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
      SELLER_EMAIL: 'seller@shop.test',
      MAIL_FROM: 'help@portal.test',
      PORTAL_SECRET: 'e2e-secret-0123456789',
      // content/stores/trailhead signs its links with its own secret (secretEnv in its store.yaml).
      TRAILHEAD_LINK_SECRET: 'trailhead-secret-0123456789',
      // Tests fill forms in milliseconds and file many tickets per order from one address.
      MIN_FILL_TIME: '0ms',
      RATE_LIMIT_SCALE: '0',
      WORKER_POLL: '200ms',
      RETRY_FIRST: '500ms',
      ASTRO_TELEMETRY_DISABLED: '1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const log = fs.createWriteStream(path.join(work, 'server.log'));
  server.stdout!.pipe(log);
  server.stderr!.pipe(log);

  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (server.exitCode !== null) throw new Error(`portal exited (${server.exitCode}); see ${work}/server.log`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`portal did not start; see ${work}/server.log`);
    await new Promise((r) => setTimeout(r, 250));
  }
  process.env.PORTAL_URL = url;
  process.env.MAIL_DIR = mailDir;
  process.env.PORTAL_WORK_DIR = work;

  return async () => {
    server.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 300));
    if (server.exitCode === null) server.kill('SIGKILL');
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
    if (!process.env.KEEP_E2E) fs.rmSync(work, { recursive: true, force: true });
  };
}
