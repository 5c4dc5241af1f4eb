import { describe, expect, it } from 'vitest';
import { refusalText, tooBigText, TOO_LARGE } from '../../../src/security/body-limit.ts';
import { MAX_BODY_BYTES, UPLOAD_LIMITS } from '../../../src/uploads/limits.ts';

const MB = 1024 * 1024;
const limitMb = UPLOAD_LIMITS.maxTotalBytes / MB;

describe('tooBigText', () => {
  it('names the size of the refused body and the limit, in MB', () => {
    expect(tooBigText('en', String(52 * MB + 4000))).toBe(
      `Your photos and videos together are 52 MB; the most we can take is ${limitMb} MB. Remove some or choose smaller ones, then fill in the form again and send it.`,
    );
  });

  it('speaks the language it is given', () => {
    expect(tooBigText('de', String(52 * MB))).toContain(`zusammen 52 MB groß; wir können höchstens ${limitMb} MB annehmen`);
    expect(tooBigText('zh-CN', String(60 * MB))).toContain(`总计 60 MB；我们最多只能接收 ${limitMb} MB`);
  });

  it('never shows the smallest refused body as the limit itself', () => {
    const smallestRefused = MAX_BODY_BYTES + 1;
    const text = tooBigText('en', String(smallestRefused));
    const [size, limit] = [...text.matchAll(/(\d+) MB/g)].map((m) => Number(m[1]));
    expect(size).toBeGreaterThan(limit!);
  });

  it('says "more than" the limit when the size is unknown (no or unusable Content-Length)', () => {
    for (const header of [null, '', 'abc', '-5', '12e9', String(UPLOAD_LIMITS.maxTotalBytes)]) {
      expect(tooBigText('en', header), String(header)).toBe(
        `Your photos and videos together are more than ${limitMb} MB, the most we can take. Remove some or choose smaller ones, then fill in the form again and send it.`,
      );
    }
  });
});

describe('refusalText', () => {
  it('replaces Astro’s English byte count for a too-big body', () => {
    const headers = new Headers({ 'content-length': String(45 * MB) });
    const text = refusalText({ code: TOO_LARGE, message: `Request body exceeds ${MAX_BODY_BYTES} bytes` }, 'es', headers);
    expect(text).toContain('45 MB');
    expect(text).not.toContain('bytes');
    expect(text).toMatch(/^Tus fotos/);
  });

  it('keeps the action’s own message for every other refusal', () => {
    const headers = new Headers({ 'content-length': String(45 * MB) });
    expect(refusalText({ code: 'TOO_MANY_REQUESTS', message: 'try again in 10 minutes' }, 'en', headers)).toBe('try again in 10 minutes');
    expect(refusalText({ code: 'FORBIDDEN', message: 'bot' }, 'en', headers)).toBe('bot');
  });
});
