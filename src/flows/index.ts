// The flow registry and the reading of a flow against answers: which questions and shots are
// shown now. Hidden questions' values are dropped, so an answer to a branch the buyer left
// never reaches the seller.
import { KINDS, type Kind } from '../tickets/kinds.ts';
import { addressChange } from './address-change.ts';
import { cancelOrder } from './cancel-order.ts';
import { messageQuestion, orderQuestions } from './common.ts';
import { damaged } from './damaged.ts';
import { missingItems } from './missing-items.ts';
import { notReceived } from './not-received.ts';
import { other } from './other.ts';
import type { Condition, FlatAnswers, Flow, Question, Shot } from './types.ts';

export const FLOWS: Record<Kind, Flow> = {
  'not-received': notReceived,
  'missing-items': missingItems,
  damaged,
  'address-change': addressChange,
  'cancel-order': cancelOrder,
  other,
};

export function flowFor(kind: string | undefined): Flow | null {
  return kind && (KINDS as readonly string[]).includes(kind) ? FLOWS[kind as Kind] : null;
}

/** Every question of a flow in page order: the order and buyer first, the free message last. */
export function questionsOf(flow: Flow): Question[] {
  return [...orderQuestions, ...flow.questions, messageQuestion];
}

export function collectAnswers(fields: Iterable<[string, string]>): FlatAnswers {
  const out: FlatAnswers = {};
  for (const [name, value] of fields) {
    const prev = out[name];
    out[name] = prev === undefined ? value : Array.isArray(prev) ? [...prev, value] : [prev, value];
  }
  return out;
}

export function holds(condition: Condition | undefined, answers: FlatAnswers): boolean {
  if (!condition) return true;
  const value = answers[condition.field];
  const values = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return values.some((v) => condition.in.includes(v));
}

export function visibleQuestions(flow: Flow, answers: FlatAnswers): Question[] {
  return questionsOf(flow).filter((q) => holds(q.when, answers));
}

export function visibleShots(flow: Flow, answers: FlatAnswers): Shot[] {
  return flow.shots.filter((s) => holds(s.when, answers));
}

/** The question a posted field belongs to ("answers.items.0.name" → "answers.items"). */
export function questionForField(flow: Flow, field: string): Question | undefined {
  return questionsOf(flow).find((q) => field === q.name || field.startsWith(`${q.name}.`));
}

/** Keep only fields of questions that are shown for these answers. */
export function pruneHidden(flow: Flow, fields: [string, string][]): [string, string][] {
  const answers = collectAnswers(fields);
  const shown = new Set(visibleQuestions(flow, answers).map((q) => q.name));
  return fields.filter(([name]) => {
    const q = questionForField(flow, name);
    return q !== undefined && shown.has(q.name);
  });
}

/** The id an input gets in the page, so error links and labels can point at it. */
export function fieldId(name: string): string {
  return `f-${name.replace(/[^A-Za-z0-9]+/g, '-')}`;
}
