// The real portal as a child process (`node src/cli/serve.ts --no-build`), for tests that kill
// it. Output is kept so a failing test can show what the server said.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { buildState, ROOT, runBuild } from '../../src/cli/build.ts';
import { PORTAL_FROM, SELLER } from './portal.ts';

export { ROOT };

/** Build dist/ the way `npm start` would, when the sources are newer than the last build. */
export function ensureBuilt(): void {
  if (!buildState()) return;
  const result = runBuild({ env: cleanEnv() });
  if (result.status !== 0) throw new Error(`astro build failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
}

function cleanEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v === undefined || k.startsWith('VITEST') || k === 'NODE_OPTIONS' || k === 'NODE_ENV' || k.startsWith('PORTAL_') || k === 'SMTP_URL') continue;
    env[k] = v;
  }
  return env;
}

/** The server settings the integration tests share: a given data dir and receiver, the test seller, quick retries and polls. */
export function serverEnv(dataDir: string, smtpUrl: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    PORTAL_DATA_DIR: dataDir,
    SMTP_URL: smtpUrl,
    SELLER_EMAIL: SELLER,
    MAIL_FROM: PORTAL_FROM,
    CLAIM_LEASE: '1s',
    RETRY_FIRST: '200ms',
    RETRY_MAX: '400ms',
    WORKER_POLL: '200ms',
    ...extra,
  };
}

export interface PortalServer {
  child: ChildProcess;
  port: number;
  origin: string;
  output(): string;
  /** Resolves with the exit code/signal; immediately when it has already exited. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

export async function startServer(port: number, env: Record<string, string>, timeoutMs = 20_000): Promise<PortalServer> {
  const child = spawn(process.execPath, [path.join(ROOT, 'src/cli/serve.ts'), '--no-build'], {
    cwd: ROOT,
    env: { ...cleanEnv(), ...env, HOST: '127.0.0.1', PORT: String(port), ASTRO_TELEMETRY_DISABLED: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  let done = false;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => {
      done = true;
      resolve({ code, signal });
    }),
  );
  const server: PortalServer = {
    child,
    port,
    origin: `http://127.0.0.1:${port}`,
    output: () => out,
    exited,
    async kill(signal = 'SIGKILL') {
      if (!done) child.kill(signal);
      await exited;
    },
  };
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (done) throw new Error(`server exited before it was ready:\n${out}`);
    try {
      const res = await fetch(`${server.origin}/healthz`, { signal: AbortSignal.timeout(1000) });
      if (res.ok) return server;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await server.kill();
      throw new Error(`server not ready after ${timeoutMs} ms:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** POST the form to the Astro action as the browser would; returns the reference from the reply. */
export async function postTicket(server: PortalServer, form: FormData, base = ''): Promise<{ status: number; body: string; reference: string | null }> {
  const res = await fetch(`${server.origin}${base}/_actions/submitTicket`, {
    method: 'POST',
    body: form,
    headers: { Origin: server.origin },
  });
  const body = await res.text();
  return { status: res.status, body, reference: /[A-Z]{2}-[A-Z0-9]{4}-[A-Z0-9]{4}/.exec(body)?.[0] ?? null };
}
