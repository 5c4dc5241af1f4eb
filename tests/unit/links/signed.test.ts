import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalString, linkNote, signLink, verifyLink } from '../../../src/links/signed.ts';
import type { LinkParams } from '../../../src/links/signed.ts';

// The test vector quoted in docs/signed-links.md; stores check their Liquid/PHP against it.
const SECRET = 'test-secret-0123456789';
const VECTOR = { order: '8123-55', email: 'ana@example.com', exp: '1893456000' } as const;
const VECTOR_STRING = 'order=8123-55&email=ana@example.com&exp=1893456000';
// Pasted from a one-off run (and cross-checked with `openssl dgst -sha256 -hmac`), so a change
// to the scheme that still agrees with itself is caught here and forces a docs update.
const VECTOR_SIG = 'f81d4b7d288458ebae6586b11ee04e831c283da19e32566b91b398ebbfa0cf0b';

const BEFORE = new Date('2029-12-31T23:59:59Z');
const AFTER = new Date('2030-01-01T00:00:01Z');

const signed = (p: Omit<LinkParams, 'sig'> = VECTOR): LinkParams => ({ ...p, sig: signLink(p, SECRET) });

describe('signed link test vector', () => {
  it('matches an independent HMAC over the literal string and the hex quoted in the docs', () => {
    const independent = createHmac('sha256', SECRET).update(VECTOR_STRING).digest('hex');
    expect(independent).toBe(VECTOR_SIG);
    expect(canonicalString(VECTOR)).toBe(VECTOR_STRING);
    expect(signLink(VECTOR, SECRET)).toBe(VECTOR_SIG);
  });

  it('verifies, with the expiry as a date', () => {
    expect(verifyLink({ ...VECTOR, sig: VECTOR_SIG }, SECRET, BEFORE)).toEqual({
      status: 'verified',
      expiresAt: new Date('2030-01-01T00:00:00Z'),
    });
    // The expiry second itself is still valid: expired means strictly after.
    expect(verifyLink({ ...VECTOR, sig: VECTOR_SIG }, SECRET, new Date('2030-01-01T00:00:00Z')).status).toBe('verified');
  });

  it('ignores lang and other unsigned parameters', () => {
    const withLang = { ...VECTOR, sig: VECTOR_SIG, lang: 'es' } as LinkParams;
    expect(verifyLink(withLang, SECRET, BEFORE).status).toBe('verified');
  });
});

describe('canonical string', () => {
  it('puts the parameters in the fixed order whatever order they are given in', () => {
    expect(canonicalString({ exp: '1', email: 'e@x', order: 'o' })).toBe('order=o&email=e@x&exp=1');
  });

  it('includes store between email and exp', () => {
    expect(canonicalString({ exp: '1', store: 'shop-2', email: 'e@x', order: 'o' })).toBe(
      'order=o&email=e@x&store=shop-2&exp=1',
    );
  });

  it('leaves absent parameters out but keeps empty ones', () => {
    expect(canonicalString({ email: 'e@x', exp: '1' })).toBe('email=e@x&exp=1');
    expect(canonicalString({ order: 'o', exp: '1' })).toBe('order=o&exp=1');
    expect(canonicalString({ order: 'o', email: '', exp: '1' })).toBe('order=o&email=&exp=1');
    expect(canonicalString({})).toBe('');
  });

  it('uses values raw, not URL-encoded', () => {
    expect(canonicalString({ order: '#1001', email: 'ana+shop@example.com', exp: '1' })).toBe(
      'order=#1001&email=ana+shop@example.com&exp=1',
    );
  });

  it('signs the store parameter', () => {
    const p = signed({ ...VECTOR, store: 'shop-2' });
    expect(p.sig).not.toBe(VECTOR_SIG);
    expect(verifyLink(p, SECRET, BEFORE).status).toBe('verified');
    expect(verifyLink({ ...p, store: 'shop-3' }, SECRET, BEFORE)).toMatchObject({ reason: 'bad-signature' });
    const { store: _dropped, ...withoutStore } = p;
    expect(verifyLink(withoutStore, SECRET, BEFORE)).toMatchObject({ reason: 'bad-signature' });
  });
});

describe('verifyLink', () => {
  it.each([
    ['order', { order: '8123-56' }],
    ['email', { email: 'eve@example.com' }],
    ['exp', { exp: '1893456001' }],
    ['order removed', { order: undefined }],
    ['email emptied', { email: '' }],
  ])('rejects a tampered %s as bad-signature', (_name, change) => {
    expect(verifyLink({ ...VECTOR, sig: VECTOR_SIG, ...change }, SECRET, BEFORE)).toEqual({
      status: 'invalid',
      reason: 'bad-signature',
    });
  });

  it('rejects a signature made with another secret', () => {
    const p = { ...VECTOR, sig: signLink(VECTOR, 'another-secret-0123456789') };
    expect(verifyLink(p, SECRET, BEFORE)).toMatchObject({ reason: 'bad-signature' });
  });

  it('reports an authentic but expired link as expired, with its date', () => {
    const v = verifyLink({ ...VECTOR, sig: VECTOR_SIG }, SECRET, AFTER);
    expect(v).toMatchObject({ status: 'invalid', reason: 'expired' });
    expect(linkNote(v)).toBe('signed link expired on 2030-01-01');
  });

  it('reports a tampered and expired link as bad-signature, not expired', () => {
    const v = verifyLink({ ...VECTOR, exp: '1000', sig: VECTOR_SIG }, SECRET, AFTER);
    expect(v).toEqual({ status: 'invalid', reason: 'bad-signature' });
  });

  it('accepts uppercase and mixed-case hex (same bytes)', () => {
    expect(verifyLink({ ...VECTOR, sig: VECTOR_SIG.toUpperCase() }, SECRET, BEFORE).status).toBe('verified');
    const mixed = VECTOR_SIG.replace(/[a-f]/g, (c, i: number) => (i % 2 ? c.toUpperCase() : c));
    expect(mixed).not.toBe(VECTOR_SIG);
    expect(verifyLink({ ...VECTOR, sig: mixed }, SECRET, BEFORE).status).toBe('verified');
  });

  it('treats a link with neither sig nor exp as unsigned, even without a secret', () => {
    expect(verifyLink({ order: '8123-55', email: 'ana@example.com' }, SECRET, BEFORE)).toEqual({ status: 'unsigned' });
    expect(verifyLink({}, undefined, BEFORE)).toEqual({ status: 'unsigned' });
  });

  it('reports no-secret when a signed link arrives and no secret is configured', () => {
    expect(verifyLink({ ...VECTOR, sig: VECTOR_SIG }, undefined, BEFORE)).toEqual({ status: 'invalid', reason: 'no-secret' });
    expect(verifyLink({ ...VECTOR, sig: VECTOR_SIG }, '', BEFORE)).toEqual({ status: 'invalid', reason: 'no-secret' });
  });

  it('reports an exp without a sig as malformed even without a secret: nothing was signed', () => {
    expect(verifyLink(VECTOR, undefined, BEFORE)).toEqual({ status: 'invalid', reason: 'malformed' });
  });

  it.each([
    ['exp with a letter', { exp: '18934560O0' }],
    ['exp with a sign', { exp: '+1893456000' }],
    ['exp with a decimal point', { exp: '1893456000.5' }],
    ['exp with whitespace', { exp: ' 1893456000' }],
    ['empty exp', { exp: '' }],
    ['exp beyond what a Date holds', { exp: '9'.repeat(13) }],
    ['sig one char short', { sig: VECTOR_SIG.slice(1) }],
    ['sig one char long', { sig: VECTOR_SIG + '0' }],
    ['sig with a non-hex char', { sig: 'g' + VECTOR_SIG.slice(1) }],
    ['sig in base64', { sig: Buffer.from(VECTOR_SIG, 'hex').toString('base64') }],
    ['empty sig', { sig: '' }],
    ['sig without exp', { exp: undefined }],
    ['exp without sig', { sig: undefined }],
    ['value containing &', { email: 'ana@example.com&store=x' }],
  ])('reports %s as malformed', (_name, change) => {
    const v = verifyLink({ ...VECTOR, sig: VECTOR_SIG, ...change }, SECRET, BEFORE);
    expect(v).toEqual({ status: 'invalid', reason: 'malformed' });
  });

  it('cannot be fooled by moving a boundary through an & inside a value', () => {
    // Both parameter sets have the same canonical string; only the & rule tells them apart.
    const a = { order: 'o', email: 'e@x&store=s', exp: VECTOR.exp };
    const b = { order: 'o', email: 'e@x', store: 's', exp: VECTOR.exp };
    expect(canonicalString(a)).toBe(canonicalString(b));
    expect(() => signLink(a, SECRET)).toThrow(/&/);
    const sigB = signLink(b, SECRET);
    expect(verifyLink({ ...a, sig: sigB }, SECRET, BEFORE)).toMatchObject({ reason: 'malformed' });
  });

  it('uses the current time by default', () => {
    const soon = String(Math.floor(Date.now() / 1000) + 3600);
    const past = String(Math.floor(Date.now() / 1000) - 3600);
    expect(verifyLink(signed({ ...VECTOR, exp: soon }), SECRET).status).toBe('verified');
    expect(verifyLink(signed({ ...VECTOR, exp: past }), SECRET)).toMatchObject({ reason: 'expired' });
  });
});

describe('signLink', () => {
  it('refuses to produce a link verifyLink would reject', () => {
    expect(() => signLink({ order: 'o', email: 'e@x' }, SECRET)).toThrow(/exp/);
    expect(() => signLink({ ...VECTOR, exp: 'soon' }, SECRET)).toThrow(/exp/);
    expect(() => signLink(VECTOR, '')).toThrow(/secret/);
  });

  it('emits lowercase hex like Liquid, PHP and Node do', () => {
    expect(signLink({ ...VECTOR, order: 'x' }, SECRET)).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('linkNote', () => {
  it('says nothing for verified and unsigned links', () => {
    expect(linkNote({ status: 'verified', expiresAt: new Date() })).toBeUndefined();
    expect(linkNote({ status: 'unsigned' })).toBeUndefined();
  });

  it('gives the seller a short reason for each failure', () => {
    expect(linkNote({ status: 'invalid', reason: 'bad-signature' })).toBe('signature did not match');
    expect(linkNote({ status: 'invalid', reason: 'malformed' })).toBe('signed link was malformed');
    expect(linkNote({ status: 'invalid', reason: 'no-secret' })).toMatch(/PORTAL_SECRET is not set/);
    expect(linkNote({ status: 'invalid', reason: 'expired' })).toBe('signed link expired');
    expect(linkNote({ status: 'invalid', reason: 'expired', expiresAt: new Date('2026-11-20T12:00:00Z') })).toBe(
      'signed link expired on 2026-11-20',
    );
  });
});
