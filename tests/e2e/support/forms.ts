// Filling the portal's forms the way a buyer does, shared by the browser tests and the upload
// benchmark (which drives the same page in Chromium). Only Page is needed, no test runner.
import type { Page } from '@playwright/test';

/** The form island has hydrated (client:idle): a click on Continue now goes through it. */
export async function islandHydrated(page: Page): Promise<void> {
  await page.waitForFunction(() => document.querySelector('astro-island') && !document.querySelector('astro-island[ssr]'));
}

/** Everything about the damaged case but its photos; `marker` makes the ticket findable. */
export async function fillDamaged(page: Page, marker: string): Promise<void> {
  await page.getByLabel('Order number').fill('8123-55');
  await page.getByLabel('Your name').fill('Ana Island');
  await page.getByLabel('Your email address').fill('ana@example.com');
  await page.getByLabel('How many items are affected?').fill('1');
  await page.getByLabel('How many items were in the order?').fill('2');
  await page.getByLabel('Broken on arrival').check();
  await page.getByLabel('Describe the problem').fill(`Cracked ${marker}`);
  await page.getByLabel('Replacement').check();
}
