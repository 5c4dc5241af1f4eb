import { describe, expect, it } from 'vitest';
import { REFERENCE_ALPHABET, isReference, newReference, normaliseReference } from '../../../src/tickets/reference.ts';

describe('ticket reference', () => {
  it('has the PREFIX-XXXX-XXXX shape and only unambiguous characters', () => {
    for (let i = 0; i < 500; i++) {
      const ref = newReference('HX');
      expect(ref).toMatch(/^HX-[A-Z0-9]{4}-[A-Z0-9]{4}$/);
      expect(ref.slice(3).replace('-', '')).not.toMatch(/[01OILU]/);
      expect(isReference(ref)).toBe(true);
    }
  });

  it('does not repeat in a large sample', () => {
    const seen = new Set(Array.from({ length: 20_000 }, () => newReference()));
    expect(seen.size).toBe(20_000);
  });

  it('excludes look-alike characters from its alphabet', () => {
    for (const c of '01OIL') expect(REFERENCE_ALPHABET).not.toContain(c);
  });

  it('rejects look-alikes and accepts what a buyer types', () => {
    expect(isReference('HX-7K3Q-9M2O')).toBe(false);
    expect(isReference('HX-7K3Q-9M21')).toBe(false);
    expect(normaliseReference(' hx-7k3q-9m2d ')).toBe('HX-7K3Q-9M2D');
    expect(normaliseReference('HX-7K3Q')).toBeNull();
  });
});
