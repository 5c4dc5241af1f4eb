import { describe, expect, it } from 'vitest';
import { playbookLines, playbookSteps } from '../../../src/triage/playbook.ts';
import { caseInputs, CREATED, storeWith, ticketFrom } from './fixtures.ts';

const store = storeWith();
const keys = (input: object, extra = {}, now = CREATED) => playbookSteps(ticketFrom(input, extra), store, now).map((s) => s.key.slice('playbook.'.length));

describe('playbook', () => {
  it('covers every case with its own steps', () => {
    const expected: Record<keyof typeof caseInputs, string[]> = {
      'no-tracking': ['noTracking.check', 'noTracking.explain', 'late', 'settle'],
      'in-transit': ['inTransit.share', 'inTransit.extend', 'settle'],
      stalled: ['stalled.replyNow', 'stalled.carrier', 'stalled.followUp', 'settle'],
      delivered: ['delivered.address', 'delivered.proof', 'delivered.claim', 'settle'],
      returned: ['returned.confirm', 'returned.reship', 'settle'],
      customs: ['customs.forward', 'customs.followUp', 'settle'],
      'missing-items': ['missing.compare', 'missing.resolve', 'settle'],
      'damaged-broken': ['damaged.review', 'damaged.resolve', 'settle'],
      'damaged-not-working': ['notWorking.video', 'notWorking.fixes', 'damaged.resolve', 'settle'],
      'damaged-unsure-how-to-use': ['unsure.guide', 'unsure.confirm', 'settle'],
      'address-change': ['address.unshipped'],
      'cancel-order': ['cancel.unshipped', 'cancel.shipped'],
      other: ['other.answer'],
    };
    for (const [name, input] of Object.entries(caseInputs)) expect(keys(input), name).toEqual(expected[name as keyof typeof caseInputs]);
  });

  it('in transit: says it is late only once the expected delivery day has passed', () => {
    const input = caseInputs['in-transit'];
    expect(keys(input, { expectedDelivery: '2026-11-30' }, new Date('2026-11-30T23:00:00Z'))).not.toContain('late');
    expect(keys(input, { expectedDelivery: '2026-11-30' }, new Date('2026-12-01T01:00:00Z'))).toContain('late');
  });

  it('customs without a tax ID asks for it', () => {
    expect(keys({ ...caseInputs.customs, answers: { tracking: 'customs', wanted: 'wait' } })[0]).toBe('customs.ask');
  });

  it('a partial refund request: keep the evidence', () => {
    const input = { ...caseInputs['damaged-broken'], answers: { ...caseInputs['damaged-broken'].answers, wanted: 'partial-refund' } };
    expect(keys(input)).toContain('partialRefund');
  });

  it('address change after shipment: redirect, not update', () => {
    expect(keys({ ...caseInputs['address-change'], answers: { ...caseInputs['address-change'].answers, shipped: 'yes' } })).toEqual(['address.shipped']);
  });

  it('a possible duplicate comes first, naming the earlier ticket', () => {
    expect(playbookSteps(ticketFrom(caseInputs.stalled, { duplicateOf: 'HX-AAAA-BBBB' }), store, CREATED)[0]).toEqual({
      key: 'playbook.duplicate',
      vars: { reference: 'HX-AAAA-BBBB' },
    });
  });

  it('numbers the steps in the seller’s language with the arbitration date in the seller’s zone', () => {
    const lines = playbookLines(ticketFrom(caseInputs.stalled), storeWith({ sellerLanguage: 'zh-CN' }), CREATED);
    expect(lines[0]).toBe('1. 立即回复，即使还没有新消息：先致歉，说明正在联系物流商，并延长买家保护期。');
    expect(lines.at(-1)).toContain('2026年12月9日');
  });
});
