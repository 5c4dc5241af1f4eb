// `npm run worker`: the delivery worker alone, for deployments that run the web server and
// the sender as separate processes on one data directory. `--once` drains what is due and exits.
import { createWorker } from '../portal.ts';
import { onShutdown, portalOrExit } from './common.ts';

const portal = portalOrExit();
await portal.spool.init();
const worker = createWorker(portal);
if (process.argv.includes('--once')) {
  await worker.runOnce();
} else {
  worker.start();
  onShutdown(() => worker.stop());
  console.log('worker: running; Ctrl-C to stop');
}
