// What a flow is made of. A flow is data: its questions, when each applies, the photos that
// settle the case. Pages, the check-answers summary and the tests all read the same definition,
// so a new question is one entry here, not a new page.
import type { MessageKey } from '../i18n/index.ts';
import type { Kind } from '../tickets/kinds.ts';

export type QuestionType =
  | 'text' // one line
  | 'textarea'
  | 'email'
  | 'number' // whole number
  | 'date'
  | 'country' // select of ISO 3166-1 alpha-2 codes
  | 'radios'
  | 'checkboxes'
  | 'address' // group of address fields under `name`
  | 'items'; // repeating rows of { name, ordered, received }

/** Show a question only when an earlier answer has one of these values. */
export interface Condition {
  field: string;
  in: readonly string[];
}

export interface Question {
  /** Form field name, the ticket path: "orderNumber", "answers.tracking". */
  name: string;
  type: QuestionType;
  label: MessageKey;
  hint?: MessageKey;
  /** Coded options; labels come from `option.<last part of name>.<code>`. */
  options?: readonly string[];
  /** Required when shown; the schema checks formats either way. */
  required?: boolean;
  when?: Condition;
  /** HTML autocomplete token, for phones filling forms from saved data. */
  autocomplete?: string;
  /** Extra check for this question; returns a message key of the problem, or null. */
  check?: (value: string, answers: FlatAnswers) => MessageKey | null;
}

export interface Shot {
  /** Used in the field name `shot.<id>` and the attachment name. */
  id: string;
  label: MessageKey;
  hint: MessageKey;
  required?: boolean;
  /** Video allowed as well as photos. */
  video?: boolean;
  when?: Condition;
}

/** A notice shown to the buyer inside the flow when a condition holds (e.g. "refuse the parcel"). */
export interface Notice {
  text: MessageKey;
  when: Condition;
}

export interface Flow {
  kind: Kind;
  title: MessageKey;
  /** One line under the case on the start page. */
  summary: MessageKey;
  questions: readonly Question[];
  shots: readonly Shot[];
  /** At least one of these shots must be given (e.g. item or packaging). */
  oneOfShots?: readonly string[];
  notices?: readonly Notice[];
  /** Seller help articles (content/help) shown inside the form, by topic. */
  help?: readonly { topic: 'customs' | 'delivered' | 'how-to-use' | 'in-transit'; when?: Condition }[];
}

/** Answers as the form posted them: field name → value(s). */
export type FlatAnswers = Record<string, string | string[]>;
