// After a burst of photo submissions the server's memory stayed at its peak for good (131 MB
// before 1,000 submissions, 427 MB after). Not a leak, and not libvips: with re-encoding stubbed
// out it stayed as high. What holds it: V8 collects only when JavaScript allocates, so an idle
// server keeps the dead request bodies (tens of MB of buffers) and its grown heap (57 → 157 MB);
// and glibc keeps freed memory in its heaps, where later allocations above it stop free() from
// handing it back. So once photo work has been quiet for a moment, one memory-reducing
// collection and one malloc_trim(0) give it back. What stays (10–35 MB above a cold start after
// 1,000 submissions, not growing with more) is free space at the top of the worker threads' own
// heaps, which malloc_trim leaves alone. Off glibc (macOS, musl, Windows) only the collection
// runs. `npm run bench` measures the effect.
import { createRequire } from 'node:module';
import v8 from 'node:v8';
import vm from 'node:vm';

/** Quiet time after the last photo before memory is handed back. */
export const QUIET_MS = 2000;

interface Glibc {
  mallocTrim: (pad: number) => number;
}
let glibc: Glibc | null | undefined;
type Collect = (options?: { type: 'major'; execution: 'sync'; flavor: 'last-resort' }) => void;
let collect: Collect | undefined;

/** glibc's malloc_trim when the running C library is glibc, else null. Looked up once. */
export function glibcAllocator(): Glibc | null {
  if (glibc !== undefined) return glibc;
  glibc = null;
  if (process.platform !== 'linux') return glibc;
  try {
    // Loaded only here: a platform without koffi's prebuilt binary never needs it. musl has no
    // libc.so.6, and gnu_get_libc_version exists only in glibc.
    const koffi = createRequire(import.meta.url)('koffi') as typeof import('koffi');
    const libc = koffi.load('libc.so.6');
    libc.func('const char *gnu_get_libc_version()');
    glibc = { mallocTrim: libc.func('int malloc_trim(size_t pad)') };
  } catch {
    glibc = null;
  }
  return glibc;
}

/** V8's collector, without starting Node with --expose-gc. */
function collector(): Collect {
  if (collect) return collect;
  const exposed = (globalThis as { gc?: Collect }).gc;
  if (exposed) return (collect = exposed);
  // The flag only adds `gc` to contexts created while it is on: take it from a fresh one, then
  // turn it off again so nothing else sees it.
  v8.setFlagsFromString('--expose-gc');
  collect = vm.runInNewContext('gc') as Collect;
  v8.setFlagsFromString('--no-expose-gc');
  return collect;
}

/** Collects garbage and hands free heap memory back to the system now; says what it did. */
export function releaseMemory(): { trimmed: boolean; ms: number } {
  const t0 = performance.now();
  // 'last-resort' is the collection V8 makes when memory runs out: it shrinks the heap and hands
  // the freed pages back (a plain full collection kept a grown heap's pages: 401 MB RSS, not 64).
  collector()({ type: 'major', execution: 'sync', flavor: 'last-resort' });
  const trimmed = glibcAllocator()?.mallocTrim(0) === 1;
  return { trimmed, ms: performance.now() - t0 };
}

/**
 * Returns `poke`: call it on every piece of work; `release` runs once the work has been quiet
 * for `quietMs`, not after each piece: the collection and the trim hold the server up for 70–100 ms
 * (measured after 1,000 submissions), a cost for a quiet moment, not for every request.
 */
export function whenQuiet(release: () => void, quietMs = QUIET_MS): () => void {
  let timer: NodeJS.Timeout | undefined;
  return () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      release();
    }, quietMs);
    // A pending release never keeps a stopping process alive.
    timer.unref();
  };
}

/** Called after each photo is re-encoded. */
export const releaseMemoryWhenQuiet = whenQuiet(() => releaseMemory());
