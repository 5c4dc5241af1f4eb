import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadEnv } from '../../../src/config/env.ts';
import { ConfigError } from '../../../src/config/format-error.ts';
import { loadStore } from '../../../src/config/store.ts';

function errorLines(fn: () => unknown): string[] {
  try {
    fn();
  } catch (err) {
    if (err instanceof ConfigError) return err.lines;
    throw err;
  }
  return [];
}

describe('environment', () => {
  it('has working defaults', () => {
    const env = loadEnv({});
    expect(env.MAIL_FROM).toBe('help@localhost');
    expect(env.SMTP_URL).toBeUndefined();
    expect(env.dataDir).toBe(path.resolve('data'));
    expect(env.RETRY_FIRST).toBe(30_000);
    expect(env.GIVE_UP_AFTER).toBe(3 * 86_400_000);
  });
  it('treats an empty variable as unset', () => expect(loadEnv({ SMTP_URL: '' }).SMTP_URL).toBeUndefined());
  it('names each malformed variable on its own line', () => {
    const lines = errorLines(() => loadEnv({ SMTP_URL: 'http://mail', SELLER_EMAIL: 'nope', RETRY_FIRST: '30 seconds' }));
    expect(lines).toHaveLength(3);
    expect(lines.join('\n')).toMatch(/environment: SMTP_URL: must look like smtp:\/\//);
    expect(lines.join('\n')).toMatch(/environment: SELLER_EMAIL: must be an email address/);
    expect(lines.join('\n')).toMatch(/environment: RETRY_FIRST: must be a number with a unit/);
  });
  it('accepts smtp and smtps URLs', () => {
    expect(loadEnv({ SMTP_URL: 'smtps://u:p@mail.example.com:465' }).SMTP_URL).toContain('smtps://');
  });
});

describe('store settings', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'store-'));
  const write = (text: string) => {
    const file = path.join(dir, 'store.yaml');
    fs.writeFileSync(file, text);
    return file;
  };
  it('the shipped example store is valid', () => {
    expect(loadStore(path.resolve('content/store.yaml')).name).toBe('Example Gadgets');
  });
  it('names the file, the field and the problem', () => {
    const lines = errorLines(() => loadStore(write('name: Shop\nsellerEmail: not-an-email\ntimeZone: Mars/Olympus\nwindows:\n  autoRefundDays: -1\n')));
    const text = lines.join('\n');
    expect(text).toMatch(/store\.yaml: sellerEmail: must be an email address/);
    expect(text).toMatch(/store\.yaml: timeZone: must be an IANA time zone/);
    expect(text).toMatch(/store\.yaml: windows\.autoRefundDays: /);
  });
  it('rejects unknown keys (a typo would otherwise be ignored silently)', () => {
    expect(errorLines(() => loadStore(write('name: Shop\nsellerEmail: a@b.co\nsellerEmial: x\n'))).join()).toMatch(/sellerEmial/);
  });
  it('reports broken YAML with the file name', () => {
    expect(errorLines(() => loadStore(write('name: [unclosed\n'))).join()).toMatch(/store\.yaml: /);
  });
});
