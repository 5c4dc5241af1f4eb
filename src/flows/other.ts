// Something else: a subject, a description and optional photos, for whatever the other flows
// do not cover.
import type { Flow } from './types.ts';

export const other: Flow = {
  kind: 'other',
  title: 'kind.other',
  summary: 'summary.other',
  questions: [
    { name: 'answers.subject', type: 'text', label: 'q.subject', required: true },
    { name: 'answers.description', type: 'textarea', label: 'q.descriptionOther', required: true },
  ],
  shots: [{ id: 'photo', label: 'shot.photo', hint: 'shot.photo.hint', video: true }],
};
