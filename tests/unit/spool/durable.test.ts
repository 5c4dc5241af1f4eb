// Spares for replaceDurable (the record of a sent email must not need free space) and the
// cleanup of what failed or crashed replacements leave. The disk-full behaviour itself is proven on a
// real full tmpfs in tests/integration/disk-full.test.ts; these pin the file-level contract.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dropSpares, replaceDurable, reserveSpares } from '../../../src/spool/durable.ts';

let dir: string;
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'durable-'));
});
afterEach(() => fs.rm(dir, { recursive: true, force: true }));

const ls = async () => (await fs.readdir(dir)).sort();

describe('replaceDurable with spares', () => {
  it('writes into the reserved spares first (same inode, no new file), then falls back to a fresh file', async () => {
    const file = path.join(dir, 'state.json');
    await replaceDurable(file, '{"v":0}');
    await reserveSpares(file, 2);
    expect(await ls()).toEqual(['state.json', 'state.json.spare-1', 'state.json.spare-2']);
    const spareInode = (await fs.stat(path.join(dir, 'state.json.spare-1'))).ino;

    await replaceDurable(file, '{"v":1}');
    expect(await fs.readFile(file, 'utf8')).toBe('{"v":1}');
    expect((await fs.stat(file)).ino).toBe(spareInode);
    expect(await ls()).toEqual(['state.json', 'state.json.spare-2']);

    await replaceDurable(file, '{"v":2}');
    await replaceDurable(file, '{"v":3}');
    expect(await fs.readFile(file, 'utf8')).toBe('{"v":3}');
    expect(await ls()).toEqual(['state.json']);
  });

  it('reserving again only adds the spares that were used', async () => {
    const file = path.join(dir, 'state.json');
    await replaceDurable(file, '{}');
    await reserveSpares(file, 2);
    await replaceDurable(file, '{"used":1}');
    const kept = (await fs.stat(path.join(dir, 'state.json.spare-2'))).ino;
    await reserveSpares(file, 2);
    expect(await ls()).toEqual(['state.json', 'state.json.spare-1', 'state.json.spare-2']);
    expect((await fs.stat(path.join(dir, 'state.json.spare-2'))).ino).toBe(kept);
  });

  it('a content larger than a spare goes to a fresh file and leaves the spares alone', async () => {
    const file = path.join(dir, 'state.json');
    await reserveSpares(file, 1);
    const big = JSON.stringify({ x: 'y'.repeat(5000) });
    await replaceDurable(file, big);
    expect(await fs.readFile(file, 'utf8')).toBe(big);
    expect(await ls()).toEqual(['state.json', 'state.json.spare-1']);
  });

  it('a failed replacement leaves no temporary file beside the target', async () => {
    const file = path.join(dir, 'state.json');
    await fs.mkdir(file); // renaming a file over a directory fails after the data was written
    await expect(replaceDurable(file, '{}')).rejects.toThrow();
    expect(await ls()).toEqual(['state.json']);
  });

  it('dropSpares removes spares and crash leftovers of that file only', async () => {
    const file = path.join(dir, 'state.json');
    await replaceDurable(file, '{}');
    await reserveSpares(file, 2);
    await fs.writeFile(path.join(dir, 'state.json.123.456.tmp'), '{"half');
    await fs.writeFile(path.join(dir, 'ticket.json'), '{}');
    await dropSpares(file);
    expect(await ls()).toEqual(['state.json', 'ticket.json']);
  });
});
