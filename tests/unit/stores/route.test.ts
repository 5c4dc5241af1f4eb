import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { routeStore } from '../../../src/stores/route.ts';
import { loadStores } from '../../../src/stores/stores.ts';

const stores = loadStores({ root: path.resolve(import.meta.dirname, '../../../content') });

describe('which store a request is for', () => {
  it('/s/<id>/… picks the store and renders the rest of the path', () => {
    expect(routeStore(stores, '/s/trailhead/report/damaged', 'localhost')).toEqual({ status: 'store', site: stores.byId('trailhead'), rewrite: '/report/damaged' });
    expect(routeStore(stores, '/s/casa', 'localhost')).toEqual({ status: 'store', site: stores.byId('casa'), rewrite: '/' });
    expect(routeStore(stores, '/s/casa/', 'localhost')).toMatchObject({ rewrite: '/' });
  });
  it('an unknown id, or the default store under /s/, is unknown (never another store)', () => {
    expect(routeStore(stores, '/s/nope/report/damaged', 'help.trailhead.example')).toEqual({ status: 'unknown', id: 'nope' });
    expect(routeStore(stores, '/s/default/', 'localhost')).toEqual({ status: 'unknown', id: 'default' });
    expect(routeStore(stores, '/s//', 'localhost')).toEqual({ status: 'unknown', id: '' });
    expect(routeStore(stores, '/s/%E0%A4%A/', 'localhost')).toMatchObject({ status: 'unknown' });
  });
  it('otherwise the host name picks the store, and any other host gets the default store', () => {
    expect(routeStore(stores, '/report/damaged', 'help.trailhead.example')).toEqual({ status: 'store', site: stores.byId('trailhead') });
    expect(routeStore(stores, '/', '127.0.0.1')).toEqual({ status: 'store', site: stores.main });
    expect(routeStore(stores, '/stores', 'localhost')).toEqual({ status: 'store', site: stores.main });
  });
});
