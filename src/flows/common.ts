// Questions every flow asks: who the buyer is and which order. They come first, and the
// free message last, so every form reads the same way.
import type { Question } from './types.ts';

export const orderQuestions: readonly Question[] = [
  { name: 'orderNumber', type: 'text', label: 'q.orderNumber', hint: 'q.orderNumber.hint', required: true, autocomplete: 'off' },
  { name: 'buyerName', type: 'text', label: 'q.buyerName', required: true, autocomplete: 'name' },
  { name: 'buyerEmail', type: 'email', label: 'q.buyerEmail', hint: 'q.buyerEmail.hint', required: true, autocomplete: 'email' },
];

export const messageQuestion: Question = { name: 'message', type: 'textarea', label: 'q.message' };

export const ADDRESS_PARTS = [
  { part: 'recipient', label: 'q.recipient', required: true, autocomplete: 'name' },
  { part: 'line1', label: 'q.line1', required: true, autocomplete: 'address-line1' },
  { part: 'line2', label: 'q.line2', required: false, autocomplete: 'address-line2' },
  { part: 'city', label: 'q.city', required: true, autocomplete: 'address-level2' },
  { part: 'region', label: 'q.region', required: false, autocomplete: 'address-level1' },
  { part: 'postalCode', label: 'q.postalCode', required: false, autocomplete: 'postal-code' },
  { part: 'country', label: 'q.country', required: true, autocomplete: 'country' },
  { part: 'phone', label: 'q.phone', required: false, autocomplete: 'tel' },
] as const;

export const ITEM_PARTS = [
  { part: 'name', label: 'q.items.name' },
  { part: 'ordered', label: 'q.items.ordered' },
  { part: 'received', label: 'q.items.received' },
] as const;
