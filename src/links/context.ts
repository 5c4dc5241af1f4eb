// What the seller is told about where a ticket came from. A signed storefront link vouches for
// the order number and email only while the buyer keeps them: if either was changed in the
// form, the ticket says so instead of claiming "order verified".
import { linkNote, verifyLink, type LinkParams } from './signed.ts';

export const LINK_PARAMS = ['order', 'email', 'store', 'exp', 'sig'] as const;

export function linkParams(search: URLSearchParams): LinkParams {
  const out: LinkParams = {};
  for (const key of LINK_PARAMS) {
    const v = search.get(key);
    if (v !== null) out[key] = v;
  }
  return out;
}

export function orderContext(
  link: LinkParams,
  secret: string | undefined,
  ticket: { orderNumber: string; buyerEmail: string },
  store = 'default',
  now = new Date(),
): { orderVerified: boolean; linkNote?: string } {
  const verification = verifyLink(link, secret, now);
  if (verification.status !== 'verified') return { orderVerified: false, linkNote: linkNote(verification) };
  // Stores sharing one secret: the signed store id keeps a link made for one from vouching on another.
  if (link.store !== undefined && link.store !== store) return { orderVerified: false, linkNote: `signed link is for store "${link.store}"`.slice(0, 200) };
  const changed: string[] = [];
  if (link.order !== undefined && link.order.trim() !== ticket.orderNumber) changed.push(`order number (link: ${link.order.trim()})`);
  if (link.email !== undefined && link.email.trim().toLowerCase() !== ticket.buyerEmail.toLowerCase()) changed.push(`email (link: ${link.email.trim()})`);
  if (changed.length) return { orderVerified: false, linkNote: `signed link, but the buyer changed the ${changed.join(' and ')}`.slice(0, 200) };
  return { orderVerified: true };
}
