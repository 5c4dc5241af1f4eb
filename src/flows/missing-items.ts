// Items missing: which items and how many of each arrived, proven by one photo of everything
// received laid out together — the first thing a seller asks for.
import type { Flow } from './types.ts';

export const missingItems: Flow = {
  kind: 'missing-items',
  title: 'kind.missing-items',
  summary: 'summary.missing-items',
  questions: [
    { name: 'answers.items', type: 'items', label: 'q.items', hint: 'q.items.hint', required: true },
    { name: 'answers.wanted', type: 'radios', label: 'q.wanted.missing', options: ['send-missing', 'refund-missing'], required: true },
  ],
  shots: [
    { id: 'everything', label: 'shot.everything', hint: 'shot.everything.hint', required: true },
    { id: 'label', label: 'shot.label', hint: 'shot.label.hint' },
    { id: 'packing-slip', label: 'shot.packing-slip', hint: 'shot.packing-slip.hint' },
  ],
};
