// After a burst of photo submissions the server's memory stayed at its peak for good (131 MB
// before 1,000 submissions, 427 MB after). Not a leak, and not libvips: with re-encoding
// stubbed out it stayed as high. Two things hold it: (1) V8 only collects garbage when
// JavaScript allocates, so an idle server keeps the dead request bodies (tens of MB of buffers)
// until its next request; (2) glibc keeps the freed memory in its heaps, and because later
// allocations sit above it, free() never hands it back. So once photo work has been quiet for
// a moment, one full collection and one malloc_trim(0) give it back. Off glibc (macOS, musl,
// Windows) only the collection runs. `npm run bench` measures the effect.
import { createRequire } from 'node:module';
import v8 from 'node:v8';
import vm from 'node:vm';

/** Quiet time after the last photo before memory is handed back. */
export const QUIET_MS = 2000;

type Trim = (pad: number) => number;
let trim: Trim | null | undefined;
let collect: (() => void) | undefined;

/** malloc_trim from the running C library when it is glibc, else null. Looked up once. */
export function glibcTrim(): Trim | null {
  if (trim !== undefined) return trim;
  trim = null;
  const header = (process.report?.getReport() as { header?: { glibcVersionRuntime?: string } } | undefined)?.header;
  if (process.platform !== 'linux' || !header?.glibcVersionRuntime) return trim;
  try {
    // Loaded only here: a platform without koffi's prebuilt binary never needs it.
    const koffi = createRequire(import.meta.url)('koffi') as typeof import('koffi');
    trim = koffi.load('libc.so.6').func('int malloc_trim(size_t pad)') as Trim;
  } catch {
    trim = null;
  }
  return trim;
}

/** A full garbage collection, without starting Node with --expose-gc. */
function fullCollection(): () => void {
  if (collect) return collect;
  const exposed = (globalThis as { gc?: () => void }).gc;
  if (exposed) return (collect = exposed);
  // The flag only adds `gc` to contexts created while it is on: take it from a fresh one, then
  // turn it off again so nothing else sees it.
  v8.setFlagsFromString('--expose-gc');
  collect = vm.runInNewContext('gc') as () => void;
  v8.setFlagsFromString('--no-expose-gc');
  return collect;
}

/** Collects garbage and hands free heap memory back to the system now; says what it did. */
export function releaseMemory(): { trimmed: boolean; ms: number } {
  const t0 = performance.now();
  fullCollection()();
  const fn = glibcTrim();
  const trimmed = fn ? fn(0) === 1 : false;
  return { trimmed, ms: performance.now() - t0 };
}

/**
 * Returns `poke`: call it on every piece of work; `release` runs once the work has been quiet
 * for `quietMs`, not after each piece (a collection and a trim take 15–25 ms: not under load).
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
