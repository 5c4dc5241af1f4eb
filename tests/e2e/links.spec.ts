// Storefront links: a signed link marks the ticket "order verified"; a tampered one still opens
// the form, and the seller's ticket says why it is not verified.
import { expect, test } from '@playwright/test';
import { signLink } from '../../src/links/signed.ts';
import { mailFor, portalUrl, referenceOn } from './support/portal.ts';

const secret = 'e2e-secret-0123456789'; // the portal's PORTAL_SECRET in global-setup

async function fileCancel(page: import('@playwright/test').Page, query: string) {
  await page.goto(portalUrl(`/report/cancel-order?${query}`));
  await page.getByLabel('Your name').fill('Link Buyer');
  await page.getByLabel('Changed my mind').check();
  await page.getByLabel('No', { exact: true }).check();
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByRole('button', { name: 'Send' }).click();
  return referenceOn(await page.locator('.panel').innerText());
}

test('a signed link prefills the form and marks the order verified', async ({ page }) => {
  const params = { order: `S-${Date.now()}`, email: 'signed@example.com', exp: String(Math.floor(Date.now() / 1000) + 3600) };
  const query = new URLSearchParams({ ...params, sig: signLink(params, secret) }).toString();
  await page.goto(portalUrl(`/report/cancel-order?${query}`));
  await expect(page.getByLabel('Order number')).toHaveValue(params.order);
  await expect(page.getByLabel('Your email address')).toHaveValue(params.email);
  const reference = await fileCancel(page, query);
  const { seller } = await mailFor(reference);
  expect(seller.text).toContain('Order verified by a signed store link');
  expect(JSON.parse(seller.attachments.find((a) => a.filename === 'ticket.json')!.content.toString()).context.orderVerified).toBe(true);
});

test('a tampered link is no error page; the ticket is unverified and says why', async ({ page }) => {
  const params = { order: `T-${Date.now()}`, email: 'tampered@example.com', exp: String(Math.floor(Date.now() / 1000) + 3600) };
  const sig = signLink(params, secret);
  const query = new URLSearchParams({ ...params, order: `${params.order}9`, sig }).toString();
  const reference = await fileCancel(page, query);
  const { seller } = await mailFor(reference);
  expect(seller.text).toContain('Not verified (plain link)');
  expect(seller.text).toContain('signature did not match');
});
