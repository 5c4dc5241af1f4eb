// The portal's memory as the system sees it (RSS of the server and any process it started, from
// /proc) and as Node sees it (V8 heap, buffers; asked over IPC from memory-probe.ts), and the
// verdict on "memory returns to its start level after the load".
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';

/** Allowed distance from the start level: the larger of these two. */
export const TOLERANCE_MB = 30;
export const TOLERANCE_SHARE = 0.15;

const MB = 1024 * 1024;

function rssKb(pid: number): number {
  try {
    return Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
  } catch {
    return 0; // gone meanwhile
  }
}

function childrenOf(pid: number): number[] {
  const found: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // The command name may hold spaces and parentheses: the parent pid follows the last ')'.
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid) found.push(Number(entry));
    } catch {
      // exited while listing
    }
  }
  return found;
}

/** RSS in MB of `pid` and all its descendants (a server that hands work to children pays for them). */
export function treeRssMb(pid: number): number {
  let kb = 0;
  const queue = [pid];
  while (queue.length > 0) {
    const p = queue.pop()!;
    kb += rssKb(p);
    queue.push(...childrenOf(p));
  }
  return Math.round(kb / 1024);
}

export interface NodeMemory {
  heapTotal: number;
  heapUsed: number;
  external: number;
  arrayBuffers: number;
}

/** process.memoryUsage() of the server, in MB, via the IPC channel memory-probe.ts answers on. */
export function nodeMemory(server: ChildProcess): Promise<NodeMemory> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('memory probe did not answer')), 5000);
    server.once('message', (m: { memory: NodeJS.MemoryUsage }) => {
      clearTimeout(timer);
      const { heapTotal, heapUsed, external, arrayBuffers } = m.memory;
      resolve({ heapTotal: Math.round(heapTotal / MB), heapUsed: Math.round(heapUsed / MB), external: Math.round(external / MB), arrayBuffers: Math.round(arrayBuffers / MB) });
    });
    server.send('memory');
  });
}

export interface Snapshot extends NodeMemory {
  label: string;
  rss: number;
}

export async function snapshot(label: string, server: ChildProcess): Promise<Snapshot> {
  return { label, rss: treeRssMb(server.pid!), ...(await nodeMemory(server)) };
}

/** PASS when `after` is within the tolerance of `start`. */
export function verdict(start: number, after: number): { limit: number; pass: boolean } {
  const limit = Math.round(start + Math.max(TOLERANCE_MB, start * TOLERANCE_SHARE));
  return { limit, pass: after <= limit };
}
