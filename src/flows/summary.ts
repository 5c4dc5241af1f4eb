// The buyer's answers as readable rows for the check-answers page, in the buyer's language,
// each with the field it came from so a Change link can jump back to it.
import { t, type MessageKey } from '../i18n/index.ts';
import { ADDRESS_PARTS } from './common.ts';
import { countryName } from './countries.ts';
import { collectAnswers, visibleQuestions } from './index.ts';
import type { Flow, Question } from './types.ts';

export interface AnswerRow {
  field: string;
  key: string;
  value: string;
}

export function answerSummary(flow: Flow, fields: [string, string][], locale: string): AnswerRow[] {
  const answers = collectAnswers(fields);
  const rows: AnswerRow[] = [];
  for (const q of visibleQuestions(flow, answers)) {
    const value = display(q, answers, locale);
    if (value) rows.push({ field: q.name, key: t(locale, q.label), value });
  }
  return rows;
}

function display(q: Question, answers: Record<string, string | string[]>, locale: string): string {
  const one = (name: string) => {
    const v = answers[name];
    return (Array.isArray(v) ? v[0] : v)?.trim() ?? '';
  };
  const option = (code: string) => t(locale, `option.${q.name.split('.').pop()}.${code}` as MessageKey);
  switch (q.type) {
    case 'radios':
      return one(q.name) ? option(one(q.name)) : '';
    case 'checkboxes': {
      const v = answers[q.name];
      return (Array.isArray(v) ? v : v ? [v] : []).map(option).join('\n');
    }
    case 'country':
      return one(q.name) ? countryName(one(q.name), locale) : '';
    case 'address':
      return ADDRESS_PARTS.map((p) => {
        const v = one(`${q.name}.${p.part}`);
        return p.part === 'country' && v ? countryName(v, locale) : v;
      })
        .filter(Boolean)
        .join('\n');
    case 'items': {
      const lines: string[] = [];
      for (let i = 0; i < 50; i++) {
        const name = one(`${q.name}.${i}.name`);
        if (name) lines.push(`${name}: ${one(`${q.name}.${i}.received`) || '0'} / ${one(`${q.name}.${i}.ordered`) || '?'}`);
      }
      return lines.join('\n');
    }
    default:
      return one(q.name);
  }
}
