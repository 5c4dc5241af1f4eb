// Storefront links prefill the order number and email, but anyone can edit a URL. A store that
// shares PORTAL_SECRET with the portal can sign the link so the seller's ticket can say whether
// those two values really came from the store. The canonical string is deliberately dull —
// fixed order, `name=value` joined by `&`, raw values — because it has to be rebuilt by hand in
// Shopify Liquid, WooCommerce PHP and Node, where any cleverness (sorting, encoding) is a
// mismatch waiting to happen. A link that fails verification is never an error for the buyer:
// the caller treats it as unsigned and puts linkNote() in the ticket.
import { createHmac, timingSafeEqual } from 'node:crypto';

export interface LinkParams {
  order?: string;
  email?: string;
  store?: string;
  exp?: string;
  sig?: string;
}

export type Verification =
  | { status: 'verified'; expiresAt: Date }
  | { status: 'unsigned' }
  // expiresAt is set only for 'expired', so the ticket note can quote the date the store chose.
  | { status: 'invalid'; reason: 'bad-signature' | 'expired' | 'malformed' | 'no-secret'; expiresAt?: Date };

// `store` sits before `exp` so a future multi-store link is still "identity first, expiry last".
const SIGNED_FIELDS = ['order', 'email', 'store', 'exp'] as const;

// Up to 12 digits keeps `exp * 1000` inside the range a Date can hold, so expiresAt is always valid.
const EXP_PATTERN = /^[0-9]{1,12}$/;
// Case-insensitive on purpose: Liquid, PHP and Node all emit lowercase, but a store using another
// tool may emit uppercase, and the bytes compared are the same either way.
const SIG_PATTERN = /^[0-9a-fA-F]{64}$/;

// Only an absent parameter (undefined) is left out; an empty one is signed as `name=` because a
// template that always writes `&email=` produces exactly that.
export function canonicalString(p: LinkParams): string {
  const parts: string[] = [];
  for (const name of SIGNED_FIELDS) {
    const value = p[name];
    if (value !== undefined) parts.push(`${name}=${value}`);
  }
  return parts.join('&');
}

// A value containing `&` would let one signed string be split into different parameters
// (e.g. an email `x&store=y` read as email `x` plus store `y`); refusing it keeps the
// string-to-parameters mapping one-to-one. No real order number or address needs `&`.
function hasAmbiguousValue(p: LinkParams): boolean {
  return SIGNED_FIELDS.some((name) => p[name]?.includes('&') ?? false);
}

function hmac(canonical: string, secret: string): Buffer {
  return createHmac('sha256', secret).update(canonical, 'utf8').digest();
}

// Throws rather than returning a signature that verifyLink would reject anyway: a link without
// a valid expiry is a mistake in the caller, not something to discover from a buyer's ticket.
export function signLink(p: Omit<LinkParams, 'sig'>, secret: string): string {
  if (secret === '') throw new Error('signLink: secret is empty');
  if (p.exp === undefined || !EXP_PATTERN.test(p.exp)) {
    throw new Error('signLink: exp must be Unix seconds (1–12 digits)');
  }
  if (hasAmbiguousValue(p)) throw new Error('signLink: signed values must not contain "&"');
  return hmac(canonicalString(p), secret).toString('hex');
}

export function verifyLink(p: LinkParams, secret: string | undefined, now: Date = new Date()): Verification {
  if (p.sig === undefined && p.exp === undefined) return { status: 'unsigned' };
  // An expiry without a signature proves nothing, and a signature without an expiry would be a
  // link that stays valid forever once forwarded; both are store-side mistakes worth reporting.
  if (p.sig === undefined || p.exp === undefined) return invalid('malformed');
  // Checked before the format so a seller who forgot to configure the secret is told that,
  // not sent chasing a "malformed" link that is actually fine.
  if (secret === undefined || secret === '') return invalid('no-secret');
  if (!EXP_PATTERN.test(p.exp) || !SIG_PATTERN.test(p.sig) || hasAmbiguousValue(p)) return invalid('malformed');

  const expected = hmac(canonicalString(p), secret);
  const given = Buffer.from(p.sig, 'hex');
  // timingSafeEqual throws on unequal lengths; the pattern already guarantees 32 bytes, but a
  // mismatch here must still read as a wrong signature rather than crash the request.
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return invalid('bad-signature');

  // Signature first, expiry second: only an authentic expiry date is worth quoting to the seller.
  const expiresAt = new Date(Number(p.exp) * 1000);
  if (now.getTime() > expiresAt.getTime()) return invalid('expired', expiresAt);
  return { status: 'verified', expiresAt };
}

function invalid(
  reason: 'bad-signature' | 'expired' | 'malformed' | 'no-secret',
  expiresAt?: Date,
): Verification {
  return expiresAt === undefined ? { status: 'invalid', reason } : { status: 'invalid', reason, expiresAt };
}

// Notes go into the seller's ticket (English, like the rest of the seller email), so the seller
// knows the order number and email in it were typed or edited rather than vouched for.
export function linkNote(v: Verification): string | undefined {
  if (v.status !== 'invalid') return undefined;
  switch (v.reason) {
    case 'expired':
      return v.expiresAt ? `signed link expired on ${v.expiresAt.toISOString().slice(0, 10)}` : 'signed link expired';
    case 'bad-signature':
      return 'signature did not match';
    case 'malformed':
      return 'signed link was malformed';
    case 'no-secret':
      return 'link was signed but PORTAL_SECRET is not set, so it could not be checked';
  }
}
