// Package not received: what the tracking shows decides what the seller needs — a delivery
// window check, a delivered-but-missing checklist, a corrected address, or a customs document.
import { checkTaxId } from './tax-id.ts';
import type { Flow } from './types.ts';

const tracked = ['in-transit', 'stalled', 'delivered', 'returned', 'customs'];

export const notReceived: Flow = {
  kind: 'not-received',
  title: 'kind.not-received',
  summary: 'summary.not-received',
  questions: [
    {
      name: 'answers.tracking',
      type: 'radios',
      label: 'q.tracking',
      hint: 'q.tracking.hint',
      options: ['no-tracking', 'in-transit', 'stalled', 'delivered', 'returned', 'customs'],
      required: true,
    },
    { name: 'answers.trackingNumber', type: 'text', label: 'q.trackingNumber', when: { field: 'answers.tracking', in: tracked }, autocomplete: 'off' },
    { name: 'answers.shipDate', type: 'date', label: 'q.shipDate', hint: 'q.shipDate.hint', required: true, when: { field: 'answers.tracking', in: ['in-transit', 'stalled'] } },
    {
      name: 'answers.destinationCountry',
      type: 'country',
      label: 'q.destinationCountry',
      required: true,
      when: { field: 'answers.tracking', in: ['in-transit', 'stalled', 'customs'] },
    },
    {
      name: 'answers.checks',
      type: 'checkboxes',
      label: 'q.checks',
      hint: 'q.checks.hint',
      options: ['address-correct', 'neighbours', 'household', 'reception', 'mailbox'],
      when: { field: 'answers.tracking', in: ['delivered'] },
    },
    { name: 'answers.signerName', type: 'text', label: 'q.signerName', when: { field: 'answers.tracking', in: ['delivered'] }, autocomplete: 'off' },
    { name: 'answers.correctedAddress', type: 'address', label: 'q.correctedAddress', hint: 'q.correctedAddress.hint', required: true, when: { field: 'answers.tracking', in: ['returned'] } },
    {
      name: 'answers.taxId',
      type: 'text',
      label: 'q.taxId',
      hint: 'q.taxId.hint',
      required: true,
      when: { field: 'answers.tracking', in: ['customs'] },
      autocomplete: 'off',
      check: (value, answers) => {
        const result = checkTaxId(String(answers['answers.destinationCountry'] ?? ''), value);
        return result.ok ? null : result.reason === 'checksum' ? 'error.taxIdChecksum' : 'error.taxIdFormat';
      },
    },
    { name: 'answers.wanted', type: 'radios', label: 'q.wanted.notReceived', options: ['wait', 'reship', 'refund'], required: true },
  ],
  shots: [
    { id: 'tracking', label: 'shot.tracking', hint: 'shot.tracking.hint', when: { field: 'answers.tracking', in: ['in-transit', 'stalled', 'delivered'] } },
    { id: 'customs-notice', label: 'shot.customs-notice', hint: 'shot.customs-notice.hint', required: true, when: { field: 'answers.tracking', in: ['customs'] } },
  ],
  notices: [{ text: 'notice.inTransit', when: { field: 'answers.tracking', in: ['in-transit', 'stalled'] } }],
  help: [
    { topic: 'in-transit', when: { field: 'answers.tracking', in: ['in-transit', 'stalled'] } },
    { topic: 'delivered', when: { field: 'answers.tracking', in: ['delivered'] } },
    { topic: 'customs', when: { field: 'answers.tracking', in: ['customs'] } },
  ],
};
