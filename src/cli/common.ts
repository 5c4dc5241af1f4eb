// Shared start-up for the command-line entry points: settings are checked before anything
// runs, and a mistake ends the process with one line per problem and exit code 1.
import { ConfigError } from '../config/format-error.ts';
import { createPortal, type Portal } from '../portal.ts';

export function portalOrExit(): Portal {
  try {
    return createPortal();
  } catch (err) {
    if (err instanceof ConfigError) {
      for (const line of err.lines) console.error(`config error: ${line}`);
      process.exit(1);
    }
    throw err;
  }
}

export function onShutdown(fn: () => Promise<void>): void {
  let stopping = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      fn().finally(() => process.exit(0));
    });
  }
}
