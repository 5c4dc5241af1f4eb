// Server-side drafts: a buyer without JavaScript moves between the form, an error page and the
// check-your-answers page by full page loads, and a browser cannot refill a file input. Keeping
// the answers and photos here means nobody has to pick the same photos twice.
//
//   <dataDir>/drafts/<id>/draft.json          answers, file list, last errors
//   <dataDir>/drafts/<id>/files/<storedName>  photos as uploaded (already sniffed by the caller)
//
// The id is the only key a buyer holds, so it is long and random, and it is checked against
// DRAFT_ID before it becomes part of a path. Abandoned drafts expire TTL after their last save.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { KINDS, type Kind } from '../tickets/kinds.ts';
import type { FieldError } from '../tickets/parse-form.ts';
import { fsyncDir, isErrno, readJson, replaceDurable, writeDurable } from '../spool/durable.ts';

export interface DraftFile {
  shot: string;
  fileName: string;
  mediaType: string;
  ext: string;
  storedName: string;
  bytes: number;
}

export interface Draft {
  id: string;
  kind: Kind;
  /** The store it was started in; another store's pages treat it as unknown. */
  store: string;
  createdAt: string;
  updatedAt: string;
  fields: [string, string][];
  files: DraftFile[];
  errors: FieldError[];
}

/** 16 random bytes in base64url: what create() makes, and the only shape get() will look up. */
export const DRAFT_ID = /^[A-Za-z0-9_-]{22}$/;
/** File names on disk; no dots but the extension's, so nothing can climb out of files/. */
export const STORED_NAME = /^[a-z0-9-]{1,60}\.[a-z0-9]{2,5}$/;

const SHOT = /^[a-z0-9-]{1,40}$/;
const DEFAULT_TTL_MS = 24 * 60 * 60 * 1000;

// draft.json is our own file, but a half-written or hand-edited one must not reach a page or
// hand readFile a path: anything that does not match is treated as no draft.
const draftSchema = z.object({
  id: z.string().regex(DRAFT_ID),
  kind: z.enum(KINDS),
  store: z.string().default('default'),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  fields: z.array(z.tuple([z.string(), z.string()])),
  files: z.array(
    z.object({
      shot: z.string().regex(SHOT),
      fileName: z.string(),
      mediaType: z.string(),
      ext: z.string(),
      storedName: z.string().regex(STORED_NAME),
      bytes: z.number().int().nonnegative(),
    }),
  ),
  errors: z.array(z.object({ field: z.string(), message: z.string() })),
});

export class Drafts {
  readonly root: string;
  private readonly ttlMs: number;

  constructor(dataDir: string, ttlMs = DEFAULT_TTL_MS) {
    this.root = path.join(dataDir, 'drafts');
    this.ttlMs = ttlMs;
  }

  async create(kind: Kind, store = 'default'): Promise<Draft> {
    const id = randomBytes(16).toString('base64url');
    const dir = this.dir(id);
    await fs.mkdir(path.join(dir, 'files'), { recursive: true });
    const now = new Date().toISOString();
    const draft: Draft = { id, kind, store, createdAt: now, updatedAt: now, fields: [], files: [], errors: [] };
    await writeDurable(path.join(dir, 'draft.json'), JSON.stringify(draft, null, 2), 'wx');
    await fsyncDir(dir);
    return draft;
  }

  /**
   * The draft, or null when the id is malformed, unknown, unreadable or expired, or (when
   * `store` is given) the draft was started in another store.
   */
  async get(id: string, store?: string): Promise<Draft | null> {
    if (!DRAFT_ID.test(id)) return null;
    const draft = await this.load(id);
    if (!draft || (store !== undefined && draft.store !== store)) return null;
    if (this.expired(draft, Date.now())) {
      await this.delete(id);
      return null;
    }
    return draft;
  }

  async save(draft: Draft): Promise<void> {
    this.check(draft);
    draft.updatedAt = new Date().toISOString();
    await replaceDurable(path.join(this.dir(draft.id), 'draft.json'), JSON.stringify(draft, null, 2));
  }

  async addFile(
    draft: Draft,
    f: { shot: string; fileName: string; mediaType: string; ext: string; data: Uint8Array },
  ): Promise<DraftFile> {
    this.check(draft);
    const storedName = `${f.shot}-${randomBytes(4).toString('hex')}.${f.ext}`;
    if (!SHOT.test(f.shot) || !STORED_NAME.test(storedName)) {
      throw new Error(`draft file name "${storedName}" is not allowed`);
    }
    const filesDir = path.join(this.dir(draft.id), 'files');
    const file = path.join(filesDir, storedName);
    await writeDurable(file, f.data, 'wx');
    await fsyncDir(filesDir);
    const entry: DraftFile = { shot: f.shot, fileName: f.fileName, mediaType: f.mediaType, ext: f.ext, storedName, bytes: f.data.byteLength };
    draft.files.push(entry);
    try {
      await this.save(draft);
    } catch (err) {
      // A file the draft does not list would only wait for the sweep; drop it now.
      draft.files = draft.files.filter((x) => x !== entry);
      await fs.rm(file, { force: true }).catch(() => {});
      throw err;
    }
    return entry;
  }

  /** Forget one photo. Names the draft does not list are ignored, never used as a path. */
  async removeFile(draft: Draft, storedName: string): Promise<void> {
    this.check(draft);
    if (!this.lists(draft, storedName)) return;
    draft.files = draft.files.filter((x) => x.storedName !== storedName);
    await this.save(draft);
    await fs.rm(path.join(this.dir(draft.id), 'files', storedName), { force: true });
  }

  async readFile(draft: Draft, storedName: string): Promise<Buffer | null> {
    if (!DRAFT_ID.test(draft.id) || !this.lists(draft, storedName)) return null;
    try {
      return await fs.readFile(path.join(this.dir(draft.id), 'files', storedName));
    } catch (err) {
      if (isErrno(err, 'ENOENT')) return null;
      throw err;
    }
  }

  async delete(id: string): Promise<void> {
    if (!DRAFT_ID.test(id)) return;
    await fs.rm(this.dir(id), { recursive: true, force: true });
  }

  /** Delete drafts not saved for longer than the TTL; returns how many went. */
  async sweep(now = Date.now()): Promise<number> {
    let names: string[];
    try {
      names = await fs.readdir(this.root);
    } catch (err) {
      if (isErrno(err, 'ENOENT')) return 0;
      throw err;
    }
    let deleted = 0;
    for (const id of names) {
      if (!DRAFT_ID.test(id)) continue;
      const draft = await this.load(id);
      // A folder without a readable draft.json (a crash inside create) ages by its mtime.
      const stale = draft ? this.expired(draft, now) : await this.olderThanTtl(this.dir(id), now);
      if (stale) {
        await this.delete(id);
        deleted++;
      }
    }
    return deleted;
  }

  private dir(id: string): string {
    return path.join(this.root, id);
  }

  private async load(id: string): Promise<Draft | null> {
    let raw: unknown;
    try {
      raw = await readJson(path.join(this.dir(id), 'draft.json'));
    } catch (err) {
      if (isErrno(err, 'ENOENT', 'ENOTDIR') || err instanceof SyntaxError) return null;
      throw err;
    }
    const parsed = draftSchema.safeParse(raw);
    if (!parsed.success || parsed.data.id !== id) return null;
    return parsed.data as Draft;
  }

  private expired(draft: Draft, now: number): boolean {
    const updated = Date.parse(draft.updatedAt);
    return !Number.isFinite(updated) || now - updated > this.ttlMs;
  }

  private async olderThanTtl(dir: string, now: number): Promise<boolean> {
    try {
      return now - (await fs.stat(dir)).mtimeMs > this.ttlMs;
    } catch (err) {
      if (isErrno(err, 'ENOENT')) return false;
      throw err;
    }
  }

  private lists(draft: Draft, storedName: string): boolean {
    return STORED_NAME.test(storedName) && draft.files.some((x) => x.storedName === storedName);
  }

  /** A Draft object may have been built by a caller; its id still becomes a path. */
  private check(draft: Draft): void {
    if (!DRAFT_ID.test(draft.id)) throw new Error('malformed draft id');
  }
}
