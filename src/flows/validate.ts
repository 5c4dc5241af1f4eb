// Checks a flow's answers the way the buyer reads the page: required questions that are shown,
// each question's own check, the shot list, then the ticket schema for formats. Every error is
// tied to a field and worded in the buyer's language.
import { problemText, t } from '../i18n/index.ts';
import type { FieldError } from '../tickets/parse-form.ts';
import { unflatten } from '../tickets/form.ts';
import { ticketInputSchema, type TicketInput } from '../tickets/ticket.ts';
import { ADDRESS_PARTS } from './common.ts';
import { collectAnswers, pruneHidden, questionForField, visibleQuestions, visibleShots } from './index.ts';
import type { Flow, Question } from './types.ts';

export interface FlowContext {
  locale: string;
  submissionKey?: string;
  context?: { source?: string; orderVerified?: boolean; linkNote?: string };
}

export interface FlowResult {
  errors: FieldError[];
  input: TicketInput | null;
}

const filled = (v: string | string[] | undefined) => (Array.isArray(v) ? v.some((x) => x.trim()) : !!v?.trim());

export function validateFlow(flow: Flow, posted: [string, string][], shotsGiven: Set<string>, ctx: FlowContext): FlowResult {
  const fields = pruneHidden(flow, posted);
  const answers = collectAnswers(fields);
  const errors: FieldError[] = [];
  const label = (q: Question) => t(ctx.locale, q.label);

  for (const q of visibleQuestions(flow, answers)) {
    if (q.type === 'address') {
      for (const part of ADDRESS_PARTS) {
        const name = `${q.name}.${part.part}`;
        if (q.required && part.required && !filled(answers[name])) {
          errors.push({ field: name, message: t(ctx.locale, 'error.required', { label: t(ctx.locale, part.label) }) });
        }
      }
      continue;
    }
    if (q.type === 'items') {
      const named = Object.keys(answers).some((k) => k.startsWith(`${q.name}.`) && k.endsWith('.name') && filled(answers[k]));
      if (q.required && !named) errors.push({ field: `${q.name}.0.name`, message: t(ctx.locale, 'error.required', { label: label(q) }) });
      continue;
    }
    const value = answers[q.name];
    if (!filled(value)) {
      if (q.required) {
        const key = q.type === 'radios' || q.type === 'checkboxes' || q.type === 'country' ? 'error.choose' : 'error.required';
        errors.push({ field: q.name, message: t(ctx.locale, key, { label: label(q) }) });
      }
      continue;
    }
    // `err.*` problems read after the question's name; `error.*` ones are whole sentences.
    const problem = q.check?.(String(value), answers);
    if (problem) {
      const message = problem.startsWith('err.') ? t(ctx.locale, 'error.invalid', { label: label(q), problem: t(ctx.locale, problem) }) : t(ctx.locale, problem);
      errors.push({ field: q.name, message });
    }
  }

  for (const shot of visibleShots(flow, answers)) {
    if (shot.required && !shotsGiven.has(shot.id)) {
      errors.push({ field: `shot.${shot.id}`, message: t(ctx.locale, 'error.shotRequired', { label: t(ctx.locale, shot.label) }) });
    }
  }
  if (flow.oneOfShots && !flow.oneOfShots.some((id) => shotsGiven.has(id))) {
    errors.push({ field: `shot.${flow.oneOfShots[0]}`, message: t(ctx.locale, 'error.oneOfShots') });
  }

  const parsed = ticketInputSchema.safeParse({
    ...unflatten(fields),
    kind: flow.kind,
    locale: ctx.locale,
    submissionKey: ctx.submissionKey,
    context: ctx.context ?? {},
  });
  if (parsed.success) return { errors, input: errors.length ? null : parsed.data };

  const seen = new Set(errors.map((e) => e.field));
  for (const issue of parsed.error.issues) {
    const field = issue.path.join('.');
    if ([...seen].some((f) => field === f || field.startsWith(`${f}.`) || f.startsWith(`${field}.`))) continue;
    seen.add(field);
    const q = questionForField(flow, field);
    const part = ADDRESS_PARTS.find((p) => field.endsWith(`.${p.part}`));
    const name = q?.type === 'address' && part ? t(ctx.locale, part.label) : q ? label(q) : field;
    errors.push({ field, message: t(ctx.locale, 'error.invalid', { label: name, problem: problemText(ctx.locale, issue) }) });
  }
  return { errors, input: null };
}
