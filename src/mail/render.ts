// The one renderer: emails are built as a small document of plain-text values, and only this
// module turns them into text and HTML. Every value is escaped here, so buyer text can never
// become markup, whatever the caller passes.

export type Block =
  | { type: 'heading'; text: string }
  | { type: 'paragraph'; text: string }
  | { type: 'rows'; rows: Row[] }
  | { type: 'quote'; label: string; note?: string; text: string };

export interface Row {
  label: string;
  /** One value per line. */
  value: string | string[];
  /** Marked as the buyer's own words (shown quoted, with a note such as its language). */
  note?: string;
}

export interface MailDocument {
  title: string;
  blocks: Block[];
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const lines = (v: string | string[]) => (Array.isArray(v) ? v : [v]).flatMap((s) => s.split('\n'));

export function renderText(doc: MailDocument): string {
  const out: string[] = [];
  for (const block of doc.blocks) {
    if (block.type === 'heading') out.push('', block.text.toUpperCase(), '-'.repeat(Math.min(block.text.length, 60)));
    else if (block.type === 'paragraph') out.push('', block.text);
    else if (block.type === 'quote') {
      out.push('', `${block.label}${block.note ? ` (${block.note})` : ''}:`, ...block.text.split('\n').map((l) => `> ${l}`));
    } else {
      for (const row of block.rows) {
        const [first = '', ...rest] = lines(row.value);
        const note = row.note ? ` (${row.note})` : '';
        out.push(`${row.label}${note}: ${first}`, ...rest.map((l) => `    ${l}`));
      }
    }
  }
  return out.join('\n').trim() + '\n';
}

const cell = 'padding:4px 12px 4px 0;vertical-align:top;text-align:start';

export function renderHtml(doc: MailDocument, dir: 'ltr' | 'rtl' = 'ltr'): string {
  const body = doc.blocks
    .map((block) => {
      if (block.type === 'heading') return `<h2 style="font-size:16px;margin:20px 0 8px">${escapeHtml(block.text)}</h2>`;
      if (block.type === 'paragraph') return `<p>${escapeHtml(block.text)}</p>`;
      if (block.type === 'quote') {
        const note = block.note ? ` <small>(${escapeHtml(block.note)})</small>` : '';
        return `<p><strong>${escapeHtml(block.label)}</strong>${note}</p><blockquote style="margin:0 0 0 8px;padding-inline-start:8px;border-inline-start:3px solid #999;white-space:pre-wrap">${escapeHtml(block.text)}</blockquote>`;
      }
      const rows = block.rows
        .map((row) => {
          const value = lines(row.value).map(escapeHtml).join('<br>');
          const note = row.note ? ` <small>(${escapeHtml(row.note)})</small>` : '';
          return `<tr><th scope="row" style="${cell};font-weight:600">${escapeHtml(row.label)}</th><td style="${cell}">${value}${note}</td></tr>`;
        })
        .join('');
      return `<table role="presentation" style="border-collapse:collapse">${rows}</table>`;
    })
    .join('\n');
  return `<!doctype html><html dir="${dir}"><head><meta charset="utf-8"><title>${escapeHtml(doc.title)}</title></head><body style="font-family:sans-serif;font-size:14px;line-height:1.4">\n${body}\n</body></html>\n`;
}
