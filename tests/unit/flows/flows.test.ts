import { describe, expect, it } from 'vitest';
import { FLOWS, pruneHidden, questionsOf, visibleShots, collectAnswers } from '../../../src/flows/index.ts';
import { validateFlow } from '../../../src/flows/validate.ts';
import { answerSummary } from '../../../src/flows/summary.ts';
import { conditionCss } from '../../../src/flows/conditions-css.ts';
import { hasMessage } from '../../../src/i18n/index.ts';
import { answersByKind } from '../../../src/tickets/kinds.ts';
import { toFormEntries, validInputs } from '../../fixtures/tickets.ts';

const post = (input: object) => toFormEntries({ ...input, kind: undefined, locale: undefined }) as [string, string][];
const ctx = { locale: 'en' };

describe('flow definitions', () => {
  for (const flow of Object.values(FLOWS)) {
    it(`${flow.kind}: every option and shot has its text, every answer question exists in the ticket schema`, () => {
      for (const q of questionsOf(flow)) {
        for (const opt of q.options ?? []) expect(hasMessage(`option.${q.name.split('.').pop()}.${opt}`), `${q.name}=${opt}`).toBe(true);
        if (q.name.startsWith('answers.')) {
          const key = q.name.split('.')[1]!;
          const shape = (answersByKind[flow.kind] as unknown as { shape?: Record<string, unknown>; def: { shape?: Record<string, unknown> } });
          const fields = shape.shape ?? (shape as unknown as { _zod: { def: { in?: { shape: Record<string, unknown> } } } })._zod.def.in?.shape ?? {};
          expect(Object.keys(fields), `${q.name} in schema`).toContain(key);
        }
      }
      for (const shot of flow.shots) expect(hasMessage(`${String(shot.hint)}`)).toBe(true);
    });
  }
});

describe('validating a flow', () => {
  const shotsFor: Record<string, string[]> = { 'missing-items': ['everything'], damaged: ['item'], 'not-received/customs': ['customs-notice'] };
  for (const [name, input] of Object.entries(validInputs)) {
    it(`the valid example ${name} passes with its required photos`, () => {
      const flow = FLOWS[input.kind];
      const r = validateFlow(flow, post(input), new Set(shotsFor[name] ?? []), ctx);
      expect(r.errors).toEqual([]);
      expect(r.input?.kind).toBe(input.kind);
    });
  }

  it('names every missing required answer with its question', () => {
    const r = validateFlow(FLOWS.damaged, [], new Set(), ctx);
    expect(r.input).toBeNull();
    const byField = Object.fromEntries(r.errors.map((e) => [e.field, e.message]));
    expect(byField['orderNumber']).toBe('Answer “Order number”');
    expect(byField['answers.problem']).toBe('Choose an answer for “What is wrong?”');
    expect(byField['shot.outer-box']).toBe('Add at least one photo of the item or its packaging');
  });

  it('requires the customs tax ID only when the parcel is held at customs, and checks its digits for Brazil', () => {
    const base = { ...validInputs['not-received/customs'] };
    const noTax = validateFlow(FLOWS['not-received'], post({ ...base, answers: { tracking: 'customs', destinationCountry: 'BR', wanted: 'wait' } }), new Set(['customs-notice']), ctx);
    expect(noTax.errors.map((e) => e.field)).toEqual(['answers.taxId']);
    const badDigit = validateFlow(FLOWS['not-received'], post({ ...base, answers: { ...base.answers, taxId: '123.456.789-00' } }), new Set(['customs-notice']), ctx);
    expect(badDigit.errors).toEqual([{ field: 'answers.taxId', message: 'That number is not valid; check it against your document' }]);
    const delivered = validateFlow(FLOWS['not-received'], post(validInputs['not-received/delivered']), new Set(), ctx);
    expect(delivered.errors).toEqual([]);
  });

  it('drops answers to branches the buyer left', () => {
    const fields = post({ ...validInputs['not-received/delivered'], answers: { ...validInputs['not-received/delivered'].answers, taxId: 'left over', shipDate: '2026-01-01' } });
    const kept = pruneHidden(FLOWS['not-received'], fields).map(([n]) => n);
    expect(kept).not.toContain('answers.taxId');
    expect(kept).not.toContain('answers.shipDate');
    const r = validateFlow(FLOWS['not-received'], fields, new Set(), ctx);
    expect(r.input?.kind === 'not-received' && r.input.answers.taxId).toBeUndefined();
  });

  it('asks for the customs notice photo only in the customs branch', () => {
    const customs = collectAnswers([['answers.tracking', 'customs']]);
    const delivered = collectAnswers([['answers.tracking', 'delivered']]);
    expect(visibleShots(FLOWS['not-received'], customs).map((s) => s.id)).toEqual(['customs-notice']);
    expect(visibleShots(FLOWS['not-received'], delivered).map((s) => s.id)).toEqual(['tracking']);
  });

  it('reports a format problem at the address part with its label', () => {
    const input = validInputs['address-change'];
    const r = validateFlow(FLOWS['address-change'], post({ ...input, answers: { ...input.answers, newAddress: { ...input.answers.newAddress, phone: 'call me' } } }), new Set(), ctx);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]!.field).toBe('answers.newAddress.phone');
    expect(r.errors[0]!.message).toMatch(/^“Phone number for the courier”: must be a phone number/);
  });
});

describe('check-answers summary and conditional CSS', () => {
  it('shows coded answers as text and the items as received / ordered', () => {
    const rows = answerSummary(FLOWS['missing-items'], post(validInputs['missing-items']), 'en');
    expect(rows.find((r) => r.field === 'answers.items')?.value).toBe('USB cable: 1 / 3\nCharger: 0 / 1');
    expect(rows.find((r) => r.field === 'answers.wanted')?.value).toBe('Send the missing items');
  });
  it('country names come in the buyer’s language', () => {
    const rows = answerSummary(FLOWS['address-change'], post(validInputs['address-change']), 'de');
    expect(rows.find((r) => r.field === 'answers.newAddress')?.value).toContain('Brasilien');
  });
  it('emits one reveal rule per condition value', () => {
    const css = conditionCss(FLOWS['not-received']);
    expect(css).toContain('form:has([name="answers.tracking"][value="customs"]:checked) .c-answers-tracking-customs{display:block}');
    expect(css.split('\n')).toHaveLength(new Set(css.split('\n')).size);
  });
});
