// Damaged or not working: how many of how many, what is wrong, and photos of the item and the
// packaging (the carrier claim needs the box). "Not sure how to use it" is often solved by a guide.
import type { Flow } from './types.ts';

export const damaged: Flow = {
  kind: 'damaged',
  title: 'kind.damaged',
  summary: 'summary.damaged',
  questions: [
    {
      name: 'answers.affected',
      type: 'number',
      label: 'q.affected',
      required: true,
      check: (value, answers) => (Number(value) > Number(answers['answers.total']) ? 'err.moreThanTotal' : null),
    },
    { name: 'answers.total', type: 'number', label: 'q.total', required: true },
    { name: 'answers.problem', type: 'radios', label: 'q.problem', options: ['broken', 'not-working', 'unsure-how-to-use'], required: true },
    { name: 'answers.description', type: 'textarea', label: 'q.description', hint: 'q.description.hint' },
    { name: 'answers.wanted', type: 'radios', label: 'q.wanted.damaged', options: ['replacement', 'refund', 'partial-refund', 'return'], required: true },
  ],
  shots: [
    { id: 'outer-box', label: 'shot.outer-box', hint: 'shot.outer-box.hint' },
    { id: 'inner-packing', label: 'shot.inner-packing', hint: 'shot.inner-packing.hint' },
    { id: 'item', label: 'shot.item', hint: 'shot.item.hint' },
    { id: 'damage', label: 'shot.damage', hint: 'shot.damage.hint', video: true },
  ],
  oneOfShots: ['outer-box', 'inner-packing', 'item', 'damage'],
  notices: [{ text: 'notice.unsure', when: { field: 'answers.problem', in: ['unsure-how-to-use'] } }],
  help: [{ topic: 'how-to-use', when: { field: 'answers.problem', in: ['unsure-how-to-use', 'not-working'] } }],
};
