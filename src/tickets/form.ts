// Forms post flat names ("answers.items.0.name"); the ticket schema wants nested data.
// Empty fields count as absent, so a required question left blank gets "is required"
// rather than a confusing format error.

export type FormValue = string | File;

export function unflatten(entries: Iterable<[string, FormValue]>): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const [name, value] of entries) {
    if (typeof value !== 'string') continue; // files are handled by the uploads module
    const text = value;
    if (text.trim() === '') continue;
    const keys = name.split('.');
    if (keys.some((k) => k === '' || k === '__proto__' || k === 'constructor' || k === 'prototype')) continue;
    let node: Record<string, unknown> = root;
    keys.forEach((key, i) => {
      const last = i === keys.length - 1;
      const nextIsIndex = !last && /^\d+$/.test(keys[i + 1]!);
      if (last) {
        const prev = node[key];
        node[key] = prev === undefined ? text : Array.isArray(prev) ? [...prev, text] : [prev, text];
      } else {
        if (typeof node[key] !== 'object' || node[key] === null) node[key] = nextIsIndex ? [] : {};
        node = node[key] as Record<string, unknown>;
      }
    });
  }
  return compactArrays(root) as Record<string, unknown>;
}

/** Rows removed in the middle of a list leave holes; close them so indexes stay dense. */
function compactArrays(value: unknown): unknown {
  if (Array.isArray(value)) return value.filter((v) => v !== undefined).map(compactArrays);
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) (value as Record<string, unknown>)[k] = compactArrays(v);
  }
  return value;
}
