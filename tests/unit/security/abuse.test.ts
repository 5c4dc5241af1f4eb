import { describe, expect, it } from 'vitest';
import { createLimits, HONEYPOT_FIELD, looksLikeBot, minutesToWait, STARTED_FIELD } from '../../../src/security/abuse.ts';

const form = (fields: Record<string, string>) => {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.append(k, v);
  return f;
};

describe('rate limits', () => {
  it('lets five tickets per order through, then says how many minutes to wait', async () => {
    const limits = createLimits();
    for (let i = 0; i < 5; i++) expect(await minutesToWait(limits.ticketsPerOrder, '8123-55')).toBe(0);
    expect(await minutesToWait(limits.ticketsPerOrder, '8123-55')).toBe(60);
    expect(await minutesToWait(limits.ticketsPerOrder, '8123-56')).toBe(0);
  });
  it('scales with RATE_LIMIT_SCALE', async () => {
    const limits = createLimits(2);
    for (let i = 0; i < 20; i++) expect(await minutesToWait(limits.ticketsPerClient, '203.0.113.9')).toBe(0);
    expect(await minutesToWait(limits.ticketsPerClient, '203.0.113.9')).toBeGreaterThan(0);
  });
});

describe('bot traps', () => {
  const now = 1_000_000;
  it('a filled honeypot is a bot', () => expect(looksLikeBot(form({ [HONEYPOT_FIELD]: 'http://spam', [STARTED_FIELD]: '0' }), 3000, now)).toBe(true));
  it('a form posted sooner than the minimum fill time is a bot', () => {
    expect(looksLikeBot(form({ [STARTED_FIELD]: String(now - 1000) }), 3000, now)).toBe(true);
    expect(looksLikeBot(form({}), 3000, now)).toBe(true);
  });
  it('a person who took their time is not', () => expect(looksLikeBot(form({ [STARTED_FIELD]: String(now - 20_000) }), 3000, now)).toBe(false));
});
