// Several stores, one portal: the example stores in content/stores/ (Trailhead Outdoor at
// /s/trailhead/, Casa Lumière at /s/casa/) each show their own branding, their tickets reach
// their own seller addresses with their own subject tags, and a link signed for one store does
// not vouch on another.
import { expect, test, type Page } from '@playwright/test';
import { signLink } from '../../src/links/signed.ts';
import { mailFor, portalUrl, referenceOn } from './support/portal.ts';

const STORES = {
  trailhead: { name: 'Trailhead Outdoor', brand: 'rgb(47, 93, 58)', lang: 'es', logo: '/logos/trailhead.svg', seller: 'trailhead-orders@example.com', tag: 'TRAIL', prefix: 'TO' },
  casa: { name: 'Casa Lumière', brand: 'rgb(107, 44, 145)', lang: 'fr', logo: '/logos/casa.svg', seller: 'casa-orders@example.com', tag: 'CASA', prefix: 'CL' },
} as const;
type StoreId = keyof typeof STORES;
const TRAILHEAD_SECRET = 'trailhead-secret-0123456789'; // TRAILHEAD_LINK_SECRET in global-setup
const SHARED_SECRET = 'e2e-secret-0123456789'; // PORTAL_SECRET in global-setup

async function fileCancel(page: Page, store: StoreId, query = '') {
  const order = `${store.toUpperCase()}-${Date.now()}-${Math.floor(Math.random() * 1e6)}`;
  await page.goto(portalUrl(`/s/${store}/report/cancel-order?lang=en${query ? `&${query}` : ''}`));
  if (!query) {
    await page.getByLabel('Order number').fill(order);
    await page.getByLabel('Your email address').fill(`${store}@buyer.test`);
  }
  await page.getByLabel('Your name').fill('Store Buyer');
  await page.getByLabel('Changed my mind').check();
  await page.getByLabel('No', { exact: true }).check();
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByRole('button', { name: 'Send' }).click();
  await expect(page).toHaveURL(new RegExp(`/s/${store}/done/`));
  return referenceOn(await page.locator('.panel').innerText());
}

test.describe('start pages', () => {
  // A browser asking for a language the store does not offer gets the store's first one.
  test.use({ locale: 'ja-JP' });
  for (const [id, s] of Object.entries(STORES) as [StoreId, (typeof STORES)[StoreId]][]) {
  test(`${s.name}'s start page shows its own name, logo, colours and language`, async ({ page }, info) => {
    await page.goto(portalUrl(`/s/${id}/`));
    await expect(page.locator('html')).toHaveAttribute('lang', s.lang);
    await expect(page.locator('header .store')).toHaveText(s.name);
    await expect(page.locator('header .store img')).toHaveAttribute('src', s.logo);
    await expect(page.locator('header')).toHaveCSS('background-color', s.brand);
    await expect(page).toHaveTitle(new RegExp(`· ${s.name}$`));
    // Links stay inside the store.
    for (const href of await page.locator('main a').evaluateAll((as) => as.map((a) => a.getAttribute('href')))) expect(href).toMatch(new RegExp(`^/s/${id}/`));
    const shot = info.outputPath(`${id}-start.png`);
    await page.screenshot({ path: shot, fullPage: true });
    await info.attach(`${id}-start.png`, { path: shot, contentType: 'image/png' });
  });
  }
});

test('an unknown store id gets a 404 without any store branding', async ({ page }) => {
  const response = await page.goto(portalUrl('/s/no-such-store/report/damaged'));
  expect(response?.status()).toBe(404);
  await expect(page.locator('h1')).toHaveText('Page not found');
  await expect(page.locator('header .store')).toHaveCount(0);
  const html = await page.content();
  for (const name of ['Example Gadgets', ...Object.values(STORES).map((s) => s.name)]) expect(html).not.toContain(name);
});

test("tickets from two stores reach each store's own address, tagged with its store", async ({ page }) => {
  const refs = { trailhead: await fileCancel(page, 'trailhead'), casa: await fileCancel(page, 'casa') };
  expect(refs.trailhead).not.toBe(refs.casa);
  for (const id of ['trailhead', 'casa'] as const) {
    const s = STORES[id];
    expect(refs[id].startsWith(`${s.prefix}-`)).toBe(true);
    const { seller, receipt } = await mailFor(refs[id]);
    expect(seller.to && 'value' in seller.to ? seller.to.value.map((a) => a.address) : []).toEqual([s.seller]);
    expect(seller.subject).toMatch(new RegExp(`^\\[${s.tag}\\] \\[Cancel order`));
    expect(seller.text).toContain(`${s.name} (${s.tag})`);
    const ticket = JSON.parse(seller.attachments.find((a) => a.filename === 'ticket.json')!.content.toString());
    expect(ticket.store).toEqual({ id, name: s.name, tag: s.tag });
    expect(receipt.text).toContain(s.name);
    expect(receipt.replyTo?.value[0]?.address).toBe(s.seller);
  }
});

test('a link signed for one store verifies there and not on another store', async ({ page }) => {
  const params = { order: `SL-${Date.now()}`, email: 'signed@buyer.test', store: 'trailhead', exp: String(Math.floor(Date.now() / 1000) + 3600) };
  const query = new URLSearchParams({ ...params, sig: signLink(params, TRAILHEAD_SECRET) }).toString();
  const home = (await mailFor(await fileCancel(page, 'trailhead', query))).seller;
  expect(home.text).toContain('Order verified by a signed store link');
  const away = (await mailFor(await fileCancel(page, 'casa', query))).seller;
  expect(away.text).toContain('signature did not match');
  expect(away.text).not.toContain('Order verified by a signed store link');

  // Stores that share the portal's secret: the signed store id still tells them apart.
  const shared = { ...params, order: `SS-${Date.now()}`, store: 'casa' };
  const sharedQuery = new URLSearchParams({ ...shared, sig: signLink(shared, SHARED_SECRET) }).toString();
  await page.goto(portalUrl(`/report/cancel-order?lang=en&${sharedQuery}`));
  await page.getByLabel('Your name').fill('Store Buyer');
  await page.getByLabel('Changed my mind').check();
  await page.getByLabel('No', { exact: true }).check();
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByRole('button', { name: 'Send' }).click();
  const onDefault = (await mailFor(referenceOn(await page.locator('.panel').innerText()))).seller;
  expect(onDefault.text).toContain('signed link is for store "casa"');
});
