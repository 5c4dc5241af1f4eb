// Conditional questions without JavaScript: each conditional block gets a class per value that
// reveals it, and one CSS :has() rule per (field, value) shows it when that option is checked.
// Browsers without :has() show every block (see portal.css).
import type { Condition, Flow } from './types.ts';

const slug = (s: string) => s.replace(/[^A-Za-z0-9]+/g, '-');

export function conditionClasses(when: Condition | undefined): string {
  return when ? ['cond', ...when.in.map((v) => `c-${slug(when.field)}-${slug(v)}`)].join(' ') : '';
}

export function conditionCss(flow: Flow): string {
  const pairs = new Set<string>();
  const conditions = [...flow.questions, ...flow.shots, ...(flow.notices ?? []), ...(flow.help ?? [])].map((x) => x.when).filter((w): w is Condition => !!w);
  for (const when of conditions) for (const v of when.in) pairs.add(JSON.stringify([when.field, v]));
  return [...pairs]
    .map((p) => {
      const [field, value] = JSON.parse(p) as [string, string];
      return `form:has([name="${field}"][value="${value}"]:checked) .c-${slug(field)}-${slug(value)}{display:block}`;
    })
    .join('\n');
}
