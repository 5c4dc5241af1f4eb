// Ticket references are read aloud over the phone and typed from receipts: short, grouped,
// and drawn from an alphabet without look-alikes (no 0/O, 1/I/L, and no U).
import { randomInt } from 'node:crypto';

export const REFERENCE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTVWXYZ';
const GROUP = `[${REFERENCE_ALPHABET}]{4}`;
export const REFERENCE_PATTERN = new RegExp(`^[A-Z]{2,4}-${GROUP}-${GROUP}$`);

export function newReference(prefix = 'HX'): string {
  let body = '';
  for (let i = 0; i < 8; i++) body += REFERENCE_ALPHABET[randomInt(REFERENCE_ALPHABET.length)];
  return `${prefix}-${body.slice(0, 4)}-${body.slice(4)}`;
}

export function isReference(text: string): boolean {
  return REFERENCE_PATTERN.test(text);
}

/** Accepts what a buyer types (lower case, stray spaces) and returns the canonical form. */
export function normaliseReference(text: string): string | null {
  const cleaned = text.trim().toUpperCase().replace(/\s+/g, '');
  return isReference(cleaned) ? cleaned : null;
}
