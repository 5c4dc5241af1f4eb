import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/config/format-error.ts';
import { loadStores, storeSecret } from '../../../src/stores/stores.ts';

const REPO_CONTENT = path.resolve(import.meta.dirname, '../../../content');
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

/** A content folder: the repository's shared files plus the given store folders. */
function content(stores: Record<string, Record<string, string>>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'stores-'));
  dirs.push(root);
  for (const f of ['store.yaml', 'shipping.yaml']) fs.copyFileSync(path.join(REPO_CONTENT, f), path.join(root, f));
  fs.cpSync(path.join(REPO_CONTENT, 'replies'), path.join(root, 'replies'), { recursive: true });
  for (const [id, files] of Object.entries(stores)) {
    for (const [name, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(root, 'stores', id, name)), { recursive: true });
      fs.writeFileSync(path.join(root, 'stores', id, name), text);
    }
  }
  return root;
}

const problems = (fn: () => unknown): string => {
  try {
    fn();
  } catch (err) {
    if (err instanceof ConfigError) return err.lines.join('\n');
    throw err;
  }
  throw new Error('expected a ConfigError');
};

describe('stores from content/', () => {
  it('a content folder without stores/ is one default store at /, as before', () => {
    const stores = loadStores({ root: content({}) });
    expect(stores.all.map((s) => [s.id, s.path])).toEqual([['default', '']]);
    expect(stores.main.store.name).toBe('Example Gadgets');
  });

  it("the shipped example stores load, each with its own branding and the shared settings it leaves out", () => {
    const stores = loadStores({ root: REPO_CONTENT });
    expect(stores.all.map((s) => s.id)).toEqual(['default', 'casa', 'trailhead']);
    const trail = stores.byId('trailhead')!;
    const casa = stores.byId('casa')!;
    expect(trail.path).toBe('/s/trailhead');
    expect([trail.store.name, trail.store.tag, trail.store.colours.brand]).toEqual(['Trailhead Outdoor', 'TRAIL', '#2f5d3a']);
    expect([casa.store.name, casa.store.tag, casa.store.languages]).toEqual(['Casa Lumière', 'CASA', ['fr', 'de', 'en']]);
    // Windows merge field by field: Trailhead changes one, keeps the shared others.
    expect(trail.store.windows).toEqual({ firstResponseDays: 2, autoRefundDays: 7, arbitrationDays: 16 });
    expect(casa.store.responseDays).toBe(stores.main.store.responseDays);
    // Own shipping.yaml for Trailhead, the shared one for Casa.
    expect(trail.shipping.carriers.map((c) => c.name)).toEqual(['Correos']);
    expect(casa.shipping).toBe(stores.main.shipping);
    // A store's reply drafts override the shared ones case by case.
    expect(trail.replies.get('in-transit.es')).toContain('Valencia');
    expect(trail.replies.get('in-transit.en')).toBe(stores.main.replies.get('in-transit.en'));
    expect(stores.byHost('help.trailhead.example')).toBe(trail);
    expect(stores.byHost('HELP.TRAILHEAD.EXAMPLE')).toBe(trail);
    expect(stores.byHost('elsewhere.example')).toBeUndefined();
  });

  it('branding is never inherited: a store without a logo has none, and its tag defaults to its id', () => {
    const stores = loadStores({ root: content({ 'north-shop': { 'store.yaml': 'name: North\n' } }) });
    const north = stores.byId('north-shop')!;
    expect(north.store.logo).toBeUndefined();
    expect(north.store.colours.brand).toBe('#1d70b8');
    expect(north.store.tag).toBe('NORTH-SHOP');
    expect(north.store.timeZone).toBe(stores.main.store.timeZone);
  });

  it("SELLER_EMAIL replaces the shared inbox; a store's own sellerEmail wins over both", () => {
    const root = content({ a: { 'store.yaml': 'name: A\n' }, b: { 'store.yaml': 'name: B\nsellerEmail: b@shop.test\n' } });
    const stores = loadStores({ root, sellerEmail: 'inbox@shop.test' });
    expect(stores.all.map((s) => s.sellerEmail)).toEqual(['inbox@shop.test', 'inbox@shop.test', 'b@shop.test']);
    expect(loadStores({ root }).byId('a')!.sellerEmail).toBe('seller@example.com');
  });

  it('reports every mistake with the file or store it is in', () => {
    const text = problems(() =>
      loadStores({
        root: content({
          Bad_Name: { 'store.yaml': 'name: X\n' },
          nofile: { 'shipping.yaml': 'x: 1\n' },
          broken: { 'store.yaml': 'name: Broken\ncolours:\n  brand: "#ffffff"\n  brandText: "#fffffe"\n', 'replies/other.en.md': 'Hello {nope}' },
          one: { 'store.yaml': 'name: One\nhosts: [help.shop.test]\n' },
          two: { 'store.yaml': 'name: Two\nhosts: [help.shop.test]\n' },
        }),
      }),
    );
    expect(text).toMatch(/stores\/Bad_Name: a store folder name must be lower-case/);
    expect(text).toMatch(/stores\/nofile\/store\.yaml: missing/);
    expect(text).toMatch(/stores\/broken\/store\.yaml: colours: brand and brandText contrast is 1\.0:1/);
    expect(text).toMatch(/store "two": host help\.shop\.test is already the host of store "one"/);
  });

  it("reports a store's broken reply draft by its file", () => {
    const text = problems(() => loadStores({ root: content({ c: { 'store.yaml': 'name: C\n', 'replies/other.en.md': 'Hi {nope} {orderNumber} {reference}' } }) }));
    expect(text).toMatch(/stores\/c\/replies\/other\.en\.md: .*unknown placeholder \{nope\}/);
  });
});

describe('link secrets per store', () => {
  const root = () => content({ own: { 'store.yaml': 'name: Own\nsecretEnv: OWN_SECRET\n' }, shared: { 'store.yaml': 'name: Shared\n' } });
  it("uses the store's own secret, the shared one for stores without, and none when the named one is unset", () => {
    const stores = loadStores({ root: root() });
    const own = stores.byId('own')!;
    expect(storeSecret(own, 'shared-secret-0123456789', { OWN_SECRET: 'own-secret-0123456789' })).toBe('own-secret-0123456789');
    expect(storeSecret(stores.byId('shared')!, 'shared-secret-0123456789', {})).toBe('shared-secret-0123456789');
    // Never the shared secret in place of a missing own one: that would let one store's links vouch for another.
    expect(storeSecret(own, 'shared-secret-0123456789', {})).toBeUndefined();
    expect(storeSecret(own, 'shared-secret-0123456789', { OWN_SECRET: 'short' })).toBeUndefined();
  });
});
