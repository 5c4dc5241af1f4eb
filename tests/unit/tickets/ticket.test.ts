import { describe, expect, it } from 'vitest';
import { unflatten } from '../../../src/tickets/form.ts';
import { ticketInputSchema, ticketJsonSchema, ticketSchema } from '../../../src/tickets/ticket.ts';
import { hostileInputs, invalidInputs, toFormEntries, validInputs } from '../../fixtures/tickets.ts';

const fieldsOf = (input: unknown) => {
  const r = ticketInputSchema.safeParse(input);
  return r.success ? [] : r.error.issues.map((i) => i.path.join('.'));
};

describe('ticket input schema', () => {
  for (const [name, input] of Object.entries(validInputs)) {
    it(`accepts the valid example ${name}`, () => {
      const r = ticketInputSchema.safeParse(input);
      expect(r.success ? [] : r.error.issues).toEqual([]);
    });
    it(`accepts ${name} posted as a flat form`, () => {
      const r = ticketInputSchema.safeParse(unflatten(toFormEntries(input)));
      expect(r.success ? [] : r.error.issues).toEqual([]);
    });
  }

  for (const { name, input, field } of invalidInputs) {
    it(`rejects ${name} at ${field}`, () => expect(fieldsOf(input)).toContain(field));
  }

  for (const { name, input, field } of hostileInputs) {
    it(`rejects hostile input: ${name}`, () => expect(fieldsOf(input)).toContain(field));
  }

  it('turns form strings into numbers and normalises codes', () => {
    const r = ticketInputSchema.parse(validInputs['missing-items']);
    expect(r.kind === 'missing-items' && r.answers.items[0]).toEqual({ name: 'USB cable', ordered: 3, received: 1 });
    const c = ticketInputSchema.parse(validInputs['not-received/customs']);
    expect(c.kind === 'not-received' && c.answers.destinationCountry).toBe('BR');
  });

  it('normalises CRLF in free text to LF and keeps the text otherwise', () => {
    const r = ticketInputSchema.parse({ ...validInputs.damaged, message: 'line one\r\nline two' });
    expect(r.message).toBe('line one\nline two');
  });

  it('a checkbox with one value is still a list', () => {
    const r = ticketInputSchema.parse(unflatten([...toFormEntries({ ...validInputs['not-received/delivered'], answers: { tracking: 'delivered', wanted: 'wait' } }), ['answers.checks', 'mailbox']]));
    expect(r.kind === 'not-received' && r.answers.checks).toEqual(['mailbox']);
  });
});

describe('form unflattening', () => {
  it('nests dotted names, builds lists from indexes and closes holes', () => {
    expect(unflatten([['a.b', '1'], ['items.0.name', 'x'], ['items.2.name', 'z'], ['c', '']])).toEqual({ a: { b: '1' }, items: [{ name: 'x' }, { name: 'z' }] });
  });
  it('ignores prototype-polluting names', () => {
    const out = unflatten([['__proto__.polluted', 'yes'], ['constructor.prototype.x', '1'], ['ok', 'y']]);
    expect(out).toEqual({ ok: 'y' });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('stored ticket schema', () => {
  it('exports a JSON Schema with every kind', () => {
    const text = JSON.stringify(ticketJsonSchema());
    for (const kind of ['not-received', 'missing-items', 'damaged', 'address-change', 'cancel-order', 'other']) expect(text).toContain(`"${kind}"`);
    expect(text).toContain('respondBy');
  });
  it('rejects a stored ticket without reference or with a bad one', () => {
    const base = { ...ticketInputSchema.parse(validInputs.damaged), createdAt: new Date().toISOString(), store: { name: 'S' }, attachments: [], priority: 'high', respondBy: new Date().toISOString() };
    expect(ticketSchema.safeParse({ ...base, reference: 'HX-7K3Q-9M2D' }).success).toBe(true);
    expect(ticketSchema.safeParse({ ...base, reference: 'HX-0000-0000' }).success).toBe(false);
    expect(ticketSchema.safeParse(base).success).toBe(false);
  });
});
