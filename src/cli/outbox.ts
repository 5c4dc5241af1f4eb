// `npm run outbox -- list | show <ref> | retry <ref>`: what is pending or failed, one ticket's
// details, and putting a failed ticket back in the queue (parts already sent stay sent).
import { normaliseReference } from '../tickets/reference.ts';
import { STATES, type SpoolState } from '../spool/spool.ts';
import { portalOrExit } from './common.ts';

const { spool } = portalOrExit();
const [command = 'list', arg] = process.argv.slice(2);

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

async function find(text: string | undefined): Promise<{ ref: string; state: SpoolState }> {
  const ref = text ? normaliseReference(text) : null;
  if (!ref) fail(`usage: npm run outbox -- ${command} <reference>, e.g. HX-7K3Q-9M2D`);
  const state = await spool.locate(ref);
  if (!state) fail(`no ticket ${ref} in ${spool.root}`);
  return { ref, state };
}

switch (command) {
  case 'list': {
    let any = false;
    for (const state of ['new', 'active', 'failed'] as const) {
      for (const ref of await spool.list(state)) {
        any = true;
        const job = await spool.load(state, ref);
        const label = state === 'failed' ? 'failed ' : 'pending';
        const error = job.state.lastError ? ` [${job.state.lastError.code}] ${job.state.lastError.message}` : '';
        console.log(`${label}  ${ref}  ${job.ticket.store.tag ?? job.ticket.store.id}  ${job.ticket.kind}  order ${job.ticket.orderNumber}  attempts ${job.state.attempts}  next ${job.state.nextAttemptAt}${error}`);
      }
    }
    if (!any) console.log('nothing pending or failed');
    const counts = await spool.counts();
    console.log(`pending ${counts.pending}, failed ${counts.failed}, sent ${(await spool.list('sent')).length}`);
    break;
  }
  case 'show': {
    const { ref, state } = await find(arg);
    const job = await spool.load(state, ref);
    console.log(JSON.stringify({ state, delivery: job.state, ticket: job.ticket }, null, 2));
    break;
  }
  case 'retry': {
    const { ref, state } = await find(arg);
    if (state === 'sent' || state === 'active') fail(`${ref} is ${state === 'sent' ? 'already sent' : 'being sent right now'}`);
    const job = await spool.load(state, ref);
    job.state.nextAttemptAt = job.state.since = new Date().toISOString();
    job.state.attempts = 0;
    if (state === 'failed') await spool.move(job, 'failed', 'new');
    else await spool.saveState(job);
    console.log(`${ref} queued; a running portal sends it within seconds`);
    break;
  }
  default:
    fail(`unknown command ${command}; use one of: list, show <ref>, retry <ref> (states: ${STATES.join(', ')})`);
}
