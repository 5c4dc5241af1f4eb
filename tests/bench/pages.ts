// Page weight of every page state, fetched from the running built portal over HTTP as a browser
// would get them: the HTML plus each stylesheet it links (what the first round trips must carry),
// and the JavaScript: inline scripts, scripts it links, the island's component and renderer, and
// every module those import statically, followed to the end (a dynamic import() loads only on
// demand: the Preact renderer's signals module, 2.9 KB, is not fetched). Each file is gzipped on its own (level 9, as a
// compressing proxy would send it) and counted once per page, as for a first visit.
import { init, parse as parseModule } from 'es-module-lexer';
import { parse, type HTMLElement } from 'node-html-parser';
import zlib from 'node:zlib';

export const HTML_CSS_BUDGET = 14 * 1024;
export const JS_BUDGET = 20 * 1024;

export interface PageWeight {
  state: string;
  path: string;
  status: number;
  htmlCss: number;
  js: number;
  jsFiles: number;
  /** Empty when within budget, else what is over. */
  over: string[];
}

const gzip = (text: string | Buffer) => zlib.gzipSync(text, { level: 9 }).length;

async function text(url: string): Promise<{ status: number; body: string }> {
  const res = await fetch(url);
  return { status: res.status, body: await res.text() };
}

/** Every JS module the page loads, by URL: linked scripts, island entries and their static imports. */
async function scriptsOf(root: HTMLElement, pageUrl: string): Promise<Map<string, string>> {
  const entries = [
    ...root.querySelectorAll('script[src]').map((s) => s.getAttribute('src')!),
    ...root.querySelectorAll('link[rel=modulepreload]').map((l) => l.getAttribute('href')!),
    ...root.querySelectorAll('astro-island').flatMap((i) => [i.getAttribute('component-url'), i.getAttribute('renderer-url')]),
  ].filter((u): u is string => Boolean(u));
  const seen = new Map<string, string>();
  const queue = entries.map((u) => new URL(u, pageUrl).href);
  await init;
  while (queue.length > 0) {
    const url = queue.shift()!;
    if (seen.has(url)) continue;
    const { status, body } = await text(url);
    if (status !== 200) throw new Error(`${url}: ${status}`);
    seen.set(url, body);
    const [imports] = parseModule(body);
    for (const i of imports) if (i.n && i.d === -1) queue.push(new URL(i.n, url).href);
  }
  return seen;
}

/** Gzipped weight of one page as fetched. */
export async function weigh(state: string, url: string, html: string, status: number): Promise<PageWeight> {
  const root = parse(html);
  let htmlCss = gzip(html);
  for (const link of root.querySelectorAll('link[rel=stylesheet]')) {
    const css = await text(new URL(link.getAttribute('href')!, url).href);
    htmlCss += gzip(css.body);
  }
  const inline = root.querySelectorAll('script:not([src])').map((s) => s.textContent);
  const files = await scriptsOf(root, url);
  const js = [...inline, ...files.values()].reduce((sum, body) => sum + gzip(body), 0);
  const over: string[] = [];
  if (htmlCss > HTML_CSS_BUDGET) over.push('HTML+CSS');
  if (js > JS_BUDGET) over.push('JS');
  if (state === 'start page' && js > 0) over.push('JS on the start page');
  return { state, path: new URL(url).pathname + new URL(url).search, status, htmlCss, js, jsFiles: files.size + inline.length, over };
}

/** The page's form as a multipart body: its own hidden fields plus `answers`. */
function formOf(html: string, pageUrl: string, answers: Record<string, string>): { action: string; body: FormData } {
  const form = parse(html).querySelector('form[method=POST]');
  if (!form) throw new Error(`${pageUrl}: no form`);
  const body = new FormData();
  for (const input of form.querySelectorAll('input[type=hidden]')) body.append(input.getAttribute('name')!, input.getAttribute('value') ?? '');
  for (const [k, v] of Object.entries(answers)) body.append(k, v);
  return { action: new URL(form.getAttribute('action')!, pageUrl).href, body };
}

/** Posts the page's form like a browser without JavaScript and follows the redirect. */
async function submit(origin: string, pageUrl: string, html: string, answers: Record<string, string>) {
  const { action, body } = formOf(html, pageUrl, answers);
  const res = await fetch(action, { method: 'POST', body, headers: { origin }, redirect: 'manual' });
  const location = res.headers.get('location');
  if (res.status !== 303 || !location) throw new Error(`POST ${action}: ${res.status}, expected a redirect`);
  const url = new URL(location, action).href;
  return { url, ...(await text(url)) };
}

export const KINDS = ['not-received', 'missing-items', 'damaged', 'address-change', 'cancel-order', 'other'] as const;

/** Every page state a buyer meets, weighed. */
export async function pageWeights(origin: string): Promise<PageWeight[]> {
  const rows: PageWeight[] = [];
  const get = async (state: string, path: string) => {
    const url = `${origin}${path}`;
    const page = await text(url);
    rows.push(await weigh(state, url, page.body, page.status));
    return { url, ...page };
  };
  await get('start page', '/');
  const forms: Record<string, { url: string; body: string }> = {};
  for (const kind of KINDS) forms[kind] = await get(`form: ${kind}`, `/report/${kind}`);

  const errors = await submit(origin, forms.damaged!.url, forms.damaged!.body, { _intent: 'continue' });
  if (!/role="alert"/.test(errors.body)) throw new Error('the empty damaged form came back without an error summary');
  rows.push(await weigh('form with errors (damaged, empty)', errors.url, errors.body, errors.status));

  const check = await submit(origin, forms['cancel-order']!.url, forms['cancel-order']!.body, {
    orderNumber: '8123-55',
    buyerName: 'Ana Bench',
    buyerEmail: 'ana@example.com',
    'answers.reason': 'ordered-by-mistake',
    'answers.shipped': 'no',
    _intent: 'continue',
  });
  if (!/\/check\?/.test(check.url)) throw new Error(`cancel-order form went to ${check.url}, not the check page`);
  rows.push(await weigh('check answers (cancel-order)', check.url, check.body, check.status));

  const done = await submit(origin, check.url, check.body, {});
  if (!/\/done\//.test(done.url)) throw new Error(`the check page went to ${done.url}, not the confirmation`);
  rows.push(await weigh('confirmation', done.url, done.body, done.status));

  await get('404', '/no-such-page');
  return rows;
}
