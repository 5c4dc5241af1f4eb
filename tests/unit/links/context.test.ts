import { describe, expect, it } from 'vitest';
import { linkParams, orderContext } from '../../../src/links/context.ts';
import { signLink } from '../../../src/links/signed.ts';

const secret = 'unit-secret-0123456789';
const now = new Date('2026-11-23T00:00:00Z');
const exp = String(Math.floor(now.getTime() / 1000) + 3600);
const signed = { order: '8123-55', email: 'Ana@Example.com', exp };
const link = { ...signed, sig: signLink(signed, secret) };

describe('order context from a storefront link', () => {
  it('verifies when the buyer kept the signed order and email (email case-insensitive)', () => {
    expect(orderContext(link, secret, { orderNumber: '8123-55', buyerEmail: 'ana@example.com' }, 'default', now)).toEqual({ orderVerified: true });
  });
  it('says what the buyer changed instead of claiming verified', () => {
    const r = orderContext(link, secret, { orderNumber: '9999', buyerEmail: 'other@example.com' }, 'default', now);
    expect(r.orderVerified).toBe(false);
    expect(r.linkNote).toBe('signed link, but the buyer changed the order number (link: 8123-55) and email (link: Ana@Example.com)');
  });
  it('notes an expired or tampered link and treats it as unsigned', () => {
    expect(orderContext(link, secret, { orderNumber: '8123-55', buyerEmail: 'ana@example.com' }, 'default', new Date(now.getTime() + 7200_000))).toMatchObject({ orderVerified: false, linkNote: expect.stringMatching(/expired/) });
    expect(orderContext({ ...link, order: '8123-56' }, secret, { orderNumber: '8123-56', buyerEmail: 'ana@example.com' }, 'default', now)).toMatchObject({ orderVerified: false, linkNote: 'signature did not match' });
  });
  it('a plain link is simply unverified, with nothing to note', () => {
    expect(orderContext({ order: '1' }, secret, { orderNumber: '1', buyerEmail: 'a@b.co' }, 'default', now)).toEqual({ orderVerified: false, linkNote: undefined });
  });
  it('reads only the link parameters from a URL', () => {
    expect(linkParams(new URLSearchParams('order=1&lang=es&sig=ab&draft=x'))).toEqual({ order: '1', sig: 'ab' });
  });
});
