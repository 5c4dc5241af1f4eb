// Address change: easy before shipment, often impossible after, so the shipped state comes
// first and the ticket is urgent. The new address is structured for the courier label.
import type { Flow } from './types.ts';

export const addressChange: Flow = {
  kind: 'address-change',
  title: 'kind.address-change',
  summary: 'summary.address-change',
  questions: [
    { name: 'answers.shipped', type: 'radios', label: 'q.shipped', hint: 'q.shipped.hint', options: ['no', 'yes', 'not-sure'], required: true },
    { name: 'answers.newAddress', type: 'address', label: 'q.newAddress', required: true },
    { name: 'answers.reason', type: 'textarea', label: 'q.reason.address' },
  ],
  shots: [],
  notices: [{ text: 'notice.addressShipped', when: { field: 'answers.shipped', in: ['yes'] } }],
};
