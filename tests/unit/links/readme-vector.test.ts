// The README's test vector is what sellers check their own signing code against: it must verify.
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { canonicalString, verifyLink } from '../../../src/links/signed.ts';

describe('README signed-link test vector', () => {
  const readme = fs.readFileSync('README.md', 'utf8');
  const cell = (name: string) => new RegExp(`\\| ${name} \\| \`([^\`]+)\` \\|`).exec(readme)?.[1];
  const secret = cell('secret')!;
  const string = cell('string to sign')!;
  const sig = cell('`sig`')!;

  it('is in the README', () => {
    expect([secret, string, sig].every(Boolean)).toBe(true);
  });
  it('verifies with the portal, and its string is the portal’s canonical string', () => {
    const params = Object.fromEntries(new URLSearchParams(string));
    expect(canonicalString(params)).toBe(string);
    const result = verifyLink({ ...params, sig }, secret, new Date('2029-12-31T00:00:00Z'));
    expect(result.status).toBe('verified');
  });
  it('does not verify once the order is changed', () => {
    const params = Object.fromEntries(new URLSearchParams(string));
    expect(verifyLink({ ...params, order: '8123-56', sig }, secret, new Date('2029-12-31T00:00:00Z')).status).toBe('invalid');
  });
});
