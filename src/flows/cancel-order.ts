// Cancel order: before shipment the seller can simply cancel; after it, the buyer is told how
// refusing the parcel at delivery works, so nobody waits for a cancellation that cannot happen.
import type { Flow } from './types.ts';

export const cancelOrder: Flow = {
  kind: 'cancel-order',
  title: 'kind.cancel-order',
  summary: 'summary.cancel-order',
  questions: [
    { name: 'answers.reason', type: 'radios', label: 'q.reason.cancel', options: ['changed-mind', 'ordered-by-mistake', 'found-cheaper', 'too-slow', 'other'], required: true },
    { name: 'answers.shipped', type: 'radios', label: 'q.shipped', hint: 'q.shipped.hint', options: ['no', 'yes', 'not-sure'], required: true },
    { name: 'answers.details', type: 'textarea', label: 'q.details' },
  ],
  shots: [],
  notices: [{ text: 'notice.refuse', when: { field: 'answers.shipped', in: ['yes', 'not-sure'] } }],
};
