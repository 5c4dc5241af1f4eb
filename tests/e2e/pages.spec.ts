// Page-level promises, with JavaScript on and off: pages ship no script but the form island
// (and it stays small), nothing scrolls sideways on a small phone or at 200 % zoom, and the
// conditional questions open and close without JavaScript.
import { expect, test, type Page } from '@playwright/test';
import zlib from 'node:zlib';
import { islandHydrated } from './support/forms.ts';
import { photo, portalUrl, referenceOn } from './support/portal.ts';

const JS_BUDGET_GZIP = 20 * 1024;

/** Scripts the page loaded over the network, by URL. */
function recordScripts(page: Page): string[] {
  const urls: string[] = [];
  page.on('response', (r) => {
    if (r.request().resourceType() === 'script') urls.push(r.url());
  });
  return urls;
}

/** No <script> element and no reference to a .js/.mjs file anywhere in the markup. */
async function expectNoScript(page: Page, loaded: string[], state: string) {
  const html = await page.content();
  expect(html, `${state}: <script> element`).not.toMatch(/<script\b/i);
  expect(html, `${state}: reference to a .js file`).not.toMatch(/\.m?js(?:["'?#)\s>]|$)/);
  expect(await page.locator('script').count(), `${state}: script in the DOM`).toBe(0);
  expect(loaded, `${state}: scripts loaded`).toEqual([]);
}

async function fillCancelOrder(page: Page) {
  await page.getByLabel('Order number').fill('8123-55');
  await page.getByLabel('Your name').fill('Ana Pages');
  await page.getByLabel('Your email address').fill('ana@example.com');
  await page.getByLabel('Ordered by mistake').check();
  await page.getByLabel('Yes', { exact: true }).check();
}

test('no page but the photo forms ships JavaScript', async ({ page }) => {
  const loaded = recordScripts(page);
  await page.goto(portalUrl('/'));
  await expectNoScript(page, loaded, 'start page');

  await page.goto(portalUrl('/report/address-change'));
  await expectNoScript(page, loaded, 'address-change form');

  await page.goto(portalUrl('/report/cancel-order'));
  await expectNoScript(page, loaded, 'cancel-order form');
  await fillCancelOrder(page);
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Check your answers before sending');
  await expectNoScript(page, loaded, 'check page');

  await page.getByRole('button', { name: 'Send' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Request sent');
  referenceOn(await page.locator('.panel').innerText());
  await expectNoScript(page, loaded, 'confirmation page');
});

test('a photo form loads only the island, under 20 KB gzipped', async ({ page }, info) => {
  test.skip(info.project.name !== 'js', 'measures the scripts a browser with JavaScript loads');
  const loaded = recordScripts(page);
  await page.goto(portalUrl('/report/damaged'));
  await islandHydrated(page);
  await page.waitForLoadState('networkidle');

  // Inline scripts: only Astro's island loader (the idle directive and <astro-island>).
  const inline = await page.locator('script:not([src])').evaluateAll((els) => els.map((e) => e.textContent ?? ''));
  expect(inline.length).toBeLessThanOrEqual(2);
  for (const text of inline) expect(text).toMatch(/astro|requestIdleCallback/i);
  expect(await page.locator('script[src]').count()).toBe(0);

  // External scripts: the island's component and renderer and the modules they import, all
  // from the portal's own /_astro/ folder.
  const island = page.locator('astro-island');
  await expect(island).toHaveCount(1);
  const entry = [await island.getAttribute('component-url'), await island.getAttribute('renderer-url')];
  expect(entry.every((u) => u && /^\/_astro\/[\w.-]+\.js$/.test(u))).toBe(true);
  const origin = new URL(portalUrl('/')).origin;
  const unique = [...new Set(loaded)];
  for (const u of unique) expect(u.startsWith(`${origin}/_astro/`) && u.endsWith('.js'), u).toBe(true);
  for (const u of entry) expect(unique).toContain(`${origin}${u}`);

  let gzip = 0;
  const parts: string[] = [];
  for (const u of unique) {
    const res = await fetch(u, { headers: { 'accept-encoding': 'gzip' } });
    expect(res.ok, u).toBe(true);
    const bytes = zlib.gzipSync(Buffer.from(await res.arrayBuffer()), { level: 9 }).length;
    gzip += bytes;
    parts.push(`${new URL(u).pathname.replace('/_astro/', '')} ${bytes}`);
  }
  for (const text of inline) gzip += zlib.gzipSync(text, { level: 9 }).length;
  console.log(`damaged form JS: ${unique.length} files + ${inline.length} inline, ${gzip} bytes gzipped (${(gzip / 1024).toFixed(1)} KB; ${parts.join(', ')})`);
  expect(gzip).toBeLessThanOrEqual(JS_BUDGET_GZIP);
});

/** The page does not scroll sideways at the current viewport. */
async function expectNoSideScroll(page: Page, state: string) {
  const { scrollWidth, innerWidth, wide } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
    // What sticks out, to make a failure readable.
    wide: [...document.querySelectorAll('body *')]
      .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 0.5 || e.scrollWidth > e.clientWidth + 1)
      .filter((e) => getComputedStyle(e).overflowX === 'visible')
      .slice(-3)
      .map((e) => `<${e.tagName.toLowerCase()}${e.className ? ` class="${e.getAttribute('class')}"` : ''}> ${(e.textContent ?? '').trim().slice(0, 60)}`),
  }));
  expect(scrollWidth, `${state} at ${innerWidth} px scrolls sideways; too wide: ${wide.join(', ')}`).toBeLessThanOrEqual(innerWidth);
}

// 320 CSS px is the narrowest phone (WCAG 1.4.10 reflow); 640 CSS px is a 1280 px window at 200 % zoom.
for (const [width, height, scale] of [
  [320, 640, 1],
  [640, 800, 2],
] as const) {
  test.describe(`at ${width} CSS px`, () => {
    test.use({ viewport: { width, height }, deviceScaleFactor: scale });

    test(`start, form with the customs branch, errors and check page fit ${width} px`, async ({ page }) => {
      await page.goto(portalUrl('/'));
      await expectNoSideScroll(page, 'start page');

      await page.goto(portalUrl('/report/not-received'));
      await page.getByLabel('Held at customs').check();
      await expect(page.getByLabel('Tax ID or document number customs asks for')).toBeVisible();
      await expectNoSideScroll(page, 'not-received form, customs');

      await page.getByRole('button', { name: 'Continue' }).click();
      await expect(page.getByRole('alert')).toBeVisible();
      await expectNoSideScroll(page, 'not-received form with errors');

      await page.getByLabel('Order number').fill('8123-55');
      await page.getByLabel('Your name').fill('Ana Smallscreen');
      await page.getByLabel('Your email address').fill('a.very.long.address.for.a.small.screen@example.com');
      await page.getByLabel('Which country is it going to?').selectOption('BR');
      await page.getByLabel('Tax ID or document number customs asks for').fill('529.982.247-25');
      await page.getByLabel('Wait a little longer').check();
      await page.locator('input[name="shot.customs-notice"]').setInputFiles(photo('notice.png', 11));
      await page.getByRole('button', { name: 'Continue' }).click();
      await expect(page.getByRole('heading', { level: 1 })).toHaveText('Check your answers before sending');
      await expectNoSideScroll(page, 'check page');
    });
  });
}

test('conditional questions open and close without JavaScript', async ({ page }, info) => {
  test.skip(info.project.name !== 'no-js', 'the CSS-only behaviour is what is under test');
  await page.goto(portalUrl('/report/not-received'));
  const taxId = page.getByLabel('Tax ID or document number customs asks for');
  const notice = page.locator('input[name="shot.customs-notice"]');
  await expect(taxId).toBeHidden();
  await expect(notice).toBeHidden();

  await page.getByLabel('Held at customs').check();
  await expect(taxId).toBeVisible();
  await expect(notice).toBeVisible();
  await expect(page.getByLabel(/^The customs notice/)).toBeVisible();

  // Another answer closes the customs branch again.
  await page.getByLabel('Says delivered').check();
  await expect(taxId).toBeHidden();
  await expect(notice).toBeHidden();
});

test('every page says: no sniffing, no framing, no full-URL referrer', async ({ request }) => {
  for (const p of ['/', '/report/damaged', '/done/HX-7K3Q-9M2D', '/nope']) {
    const res = await request.get(portalUrl(p));
    const h = res.headers();
    expect(h['x-content-type-options'], p).toBe('nosniff');
    expect(h['x-frame-options'], p).toBe('DENY');
    expect(h['referrer-policy'], p).toBe('same-origin');
    if (res.ok()) expect(h['content-security-policy'], p).toContain("frame-ancestors 'none'");
  }
});
