import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DRAFT_ID, Drafts } from '../../../src/drafts/drafts.ts';

const HOUR = 3_600_000;
let dataDir: string;
let drafts: Drafts;

beforeEach(async () => {
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'drafts-'));
  drafts = new Drafts(dataDir);
});
afterEach(async () => {
  vi.useRealTimers();
  await fs.rm(dataDir, { recursive: true, force: true });
});

const photo = (seed: number, size = 4096) => Uint8Array.from({ length: size }, (_, i) => (i * 31 + seed) & 0xff);
const draftDir = (id: string) => path.join(dataDir, 'drafts', id);
const onDisk = (p: string) => fs.stat(p).then(() => true, () => false);

describe('drafts', () => {
  it('creates a draft with a 22-character random id and reads it back', async () => {
    const a = await drafts.create('damaged');
    const b = await drafts.create('damaged');
    expect(a.id).toMatch(DRAFT_ID);
    expect(a.id).not.toBe(b.id);
    expect(await onDisk(path.join(draftDir(a.id), 'draft.json'))).toBe(true);
    expect(await drafts.get(a.id)).toEqual(a);
  });

  it('saves fields and errors and bumps updatedAt', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-03-01T10:00:00Z'));
    const draft = await drafts.create('not-received');
    vi.setSystemTime(new Date('2026-03-01T10:05:00Z'));
    draft.fields = [['answers.tracking', 'stalled'], ['contact.email', 'buyer@example.com']];
    draft.errors = [{ field: 'answers.wanted', message: 'is required' }];
    await drafts.save(draft);
    const back = await drafts.get(draft.id);
    expect(back?.createdAt).toBe('2026-03-01T10:00:00.000Z');
    expect(back?.updatedAt).toBe('2026-03-01T10:05:00.000Z');
    expect(back?.fields).toEqual([['answers.tracking', 'stalled'], ['contact.email', 'buyer@example.com']]);
    expect(back?.errors).toEqual([{ field: 'answers.wanted', message: 'is required' }]);
    expect(back?.kind).toBe('not-received');
  });

  it('keeps photos byte for byte and lists them in the draft', async () => {
    const draft = await drafts.create('damaged');
    const data = photo(7);
    const f = await drafts.addFile(draft, { shot: 'box-outside', fileName: 'IMG 001.jpg', mediaType: 'image/jpeg', ext: 'jpg', data });
    expect(f.storedName).toMatch(/^box-outside-[0-9a-f]{8}\.jpg$/);
    expect(f.bytes).toBe(4096);
    const back = await drafts.get(draft.id);
    expect(back?.files).toEqual([f]);
    const bytes = await drafts.readFile(back!, f.storedName);
    expect(bytes && Buffer.compare(bytes, Buffer.from(data))).toBe(0);
  });

  it('gives two photos of the same shot different names', async () => {
    const draft = await drafts.create('damaged');
    const a = await drafts.addFile(draft, { shot: 'item', fileName: 'a.png', mediaType: 'image/png', ext: 'png', data: photo(1) });
    const b = await drafts.addFile(draft, { shot: 'item', fileName: 'b.png', mediaType: 'image/png', ext: 'png', data: photo(2) });
    expect(a.storedName).not.toBe(b.storedName);
    expect((await drafts.readFile(draft, b.storedName))?.[0]).toBe(2);
  });

  it('refuses a shot or extension that would make an unsafe file name', async () => {
    const draft = await drafts.create('damaged');
    const data = photo(1);
    await expect(drafts.addFile(draft, { shot: '../x', fileName: 'a', mediaType: 'image/png', ext: 'png', data })).rejects.toThrow(/not allowed/);
    await expect(drafts.addFile(draft, { shot: 'item', fileName: 'a', mediaType: 'image/png', ext: 'p/ng', data })).rejects.toThrow(/not allowed/);
    expect(await fs.readdir(path.join(draftDir(draft.id), 'files'))).toEqual([]);
  });

  it('removes a photo from the list and from disk', async () => {
    const draft = await drafts.create('damaged');
    const keep = await drafts.addFile(draft, { shot: 'item', fileName: 'a.jpg', mediaType: 'image/jpeg', ext: 'jpg', data: photo(1) });
    const drop = await drafts.addFile(draft, { shot: 'label', fileName: 'b.jpg', mediaType: 'image/jpeg', ext: 'jpg', data: photo(2) });
    await drafts.removeFile(draft, drop.storedName);
    const back = await drafts.get(draft.id);
    expect(back?.files.map((f) => f.storedName)).toEqual([keep.storedName]);
    expect(await fs.readdir(path.join(draftDir(draft.id), 'files'))).toEqual([keep.storedName]);
    expect(await drafts.readFile(back!, drop.storedName)).toBeNull();
  });

  it('does not read or delete a file the draft does not list', async () => {
    const draft = await drafts.create('damaged');
    const stray = 'other-0123abcd.jpg';
    await fs.writeFile(path.join(draftDir(draft.id), 'files', stray), 'not yours');
    expect(await drafts.readFile(draft, stray)).toBeNull();
    expect(await drafts.readFile(draft, '../draft.json')).toBeNull();
    await drafts.removeFile(draft, stray);
    expect(await onDisk(path.join(draftDir(draft.id), 'files', stray))).toBe(true);
  });

  it('refuses a listed name that is not a safe file name', async () => {
    const draft = await drafts.create('damaged');
    draft.files.push({ shot: 'x', fileName: 'x', mediaType: 'image/png', ext: 'json', storedName: '../draft.json', bytes: 1 });
    expect(await drafts.readFile(draft, '../draft.json')).toBeNull();
  });

  it('answers null for malformed ids without touching the disk', async () => {
    const outside = path.join(dataDir, 'secret');
    await fs.mkdir(outside);
    await fs.writeFile(path.join(outside, 'draft.json'), '{}');
    for (const id of ['../../etc/passwd', `${'a'.repeat(22)}/..`, '../secret', 'a'.repeat(21), 'a'.repeat(23), '', 'a'.repeat(21) + '.']) {
      await expect(drafts.get(id)).resolves.toBeNull();
      await drafts.delete(id);
    }
    expect(await onDisk(outside)).toBe(true);
  });

  it('answers null for an unknown id or an unreadable draft.json', async () => {
    expect(await drafts.get('A'.repeat(22))).toBeNull();
    const draft = await drafts.create('other');
    await fs.writeFile(path.join(draftDir(draft.id), 'draft.json'), '{"id": "trunc');
    expect(await drafts.get(draft.id)).toBeNull();
    await fs.writeFile(path.join(draftDir(draft.id), 'draft.json'), JSON.stringify({ ...draft, kind: 'nonsense' }));
    expect(await drafts.get(draft.id)).toBeNull();
  });

  it('expires a draft TTL after its last save and removes it from disk', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-03-01T00:00:00Z'));
    const draft = await drafts.create('damaged');
    await drafts.addFile(draft, { shot: 'item', fileName: 'a.jpg', mediaType: 'image/jpeg', ext: 'jpg', data: photo(1) });
    vi.setSystemTime(new Date('2026-03-01T20:00:00Z'));
    await drafts.save(draft); // a save restarts the clock
    vi.setSystemTime(new Date('2026-03-02T19:00:00Z'));
    expect((await drafts.get(draft.id))?.id).toBe(draft.id);
    vi.setSystemTime(new Date('2026-03-02T20:00:01Z'));
    expect(await drafts.get(draft.id)).toBeNull();
    expect(await onDisk(draftDir(draft.id))).toBe(false);
  });

  it('sweeps only drafts older than the TTL and counts them', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const short = new Drafts(dataDir, 2 * HOUR);
    vi.setSystemTime(new Date('2026-03-01T00:00:00Z'));
    const old1 = await short.create('damaged');
    const old2 = await short.create('other');
    vi.setSystemTime(new Date('2026-03-01T01:30:00Z'));
    const fresh = await short.create('other');
    const now = Date.parse('2026-03-01T02:30:00Z');
    expect(await short.sweep(now)).toBe(2);
    expect(await onDisk(draftDir(old1.id))).toBe(false);
    expect(await onDisk(draftDir(old2.id))).toBe(false);
    expect(await onDisk(draftDir(fresh.id))).toBe(true);
    expect(await short.sweep(now)).toBe(0);
  });

  it('sweeps a left-over folder without draft.json by its age, and ignores foreign names', async () => {
    const orphan = path.join(dataDir, 'drafts', 'B'.repeat(22));
    const foreign = path.join(dataDir, 'drafts', 'not-a-draft');
    await fs.mkdir(orphan, { recursive: true });
    await fs.mkdir(foreign);
    const past = new Date(Date.now() - 48 * HOUR);
    await fs.utimes(orphan, past, past);
    await fs.utimes(foreign, past, past);
    expect(await drafts.sweep()).toBe(1);
    expect(await onDisk(orphan)).toBe(false);
    expect(await onDisk(foreign)).toBe(true);
  });

  it('sweeps nothing when no draft was ever made', async () => {
    expect(await new Drafts(path.join(dataDir, 'empty')).sweep()).toBe(0);
  });
});
