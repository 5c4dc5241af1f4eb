import { describe, expect, it } from 'vitest';
import { checklistRows, evidenceChecklist } from '../../../src/triage/checklist.ts';
import { caseInputs, shot, ticketFrom } from './fixtures.ts';

const statuses = (input: object, extra = {}) =>
  Object.fromEntries(evidenceChecklist(ticketFrom(input, extra)).map((c) => [c.key.slice('check.'.length), c.status]));

describe('evidence checklist', () => {
  it('has items for every case', () => {
    for (const [name, input] of Object.entries(caseInputs)) expect(evidenceChecklist(ticketFrom(input)).length, name).toBeGreaterThan(1);
  });

  it('delivered but not received: signer from the buyer, proof of delivery and weight from the carrier', () => {
    expect(statuses(caseInputs.delivered)).toEqual({
      signerName: 'supplied',
      buyerChecks: 'supplied',
      proofOfDelivery: 'seller',
      shippingWeight: 'seller',
      orderAddress: 'seller',
    });
    const unsigned = { ...caseInputs.delivered, answers: { tracking: 'delivered', wanted: 'refund' } };
    expect(statuses(unsigned)).toMatchObject({ signerName: 'missing', buyerChecks: 'missing' });
  });

  it('damaged: item, damage and packaging photos; a video only when it does not work', () => {
    expect(statuses(caseInputs['damaged-broken'], { attachments: [shot('item'), shot('outer-box')] })).toEqual({
      itemPhoto: 'supplied',
      damagePhoto: 'missing',
      packagingPhoto: 'supplied',
      description: 'supplied',
      packingRecord: 'seller',
    });
    expect(statuses(caseInputs['damaged-not-working'])).toMatchObject({ video: 'missing' });
    expect(statuses(caseInputs['damaged-not-working'], { attachments: [shot('damage', 'video/mp4')] })).toMatchObject({ video: 'supplied', damagePhoto: 'supplied' });
    expect(statuses(caseInputs['damaged-unsure-how-to-use'])).toMatchObject({ productGuide: 'seller' });
  });

  it('missing items: everything received and the label', () => {
    expect(statuses(caseInputs['missing-items'], { attachments: [shot('everything')] })).toEqual({
      everythingPhoto: 'supplied',
      labelPhoto: 'missing',
      packingSlip: 'missing',
      packingRecord: 'seller',
    });
  });

  it('customs: the tax ID and the notice', () => {
    expect(statuses(caseInputs.customs)).toMatchObject({ taxId: 'supplied', customsNotice: 'missing' });
    expect(statuses({ ...caseInputs.customs, answers: { tracking: 'customs', wanted: 'wait' } }, { attachments: [shot('customs-notice')] })).toMatchObject({
      taxId: 'missing',
      customsNotice: 'supplied',
    });
  });

  it('stalled: tracking screenshot from the buyer, carrier inquiry by the seller', () => {
    expect(statuses(caseInputs.stalled, { attachments: [shot('tracking')] })).toMatchObject({ trackingScreenshot: 'supplied', carrierInquiry: 'seller' });
  });

  it('shows ✓ / ✗ / seller to pull in the seller’s language', () => {
    const rows = checklistRows(ticketFrom(caseInputs.delivered), 'de');
    expect(rows).toContainEqual({ label: 'Name der Person, die unterschrieben hat', value: '✓ vorhanden' });
    expect(rows).toContainEqual({ label: 'Zustellnachweis des Versanddienstleisters (Unterschrift oder Zustellfoto)', value: 'vom Verkäufer zu beschaffen' });
    expect(checklistRows(ticketFrom(caseInputs.customs), 'en')).toContainEqual({ label: 'Customs notice', value: '✗ missing' });
  });
});
