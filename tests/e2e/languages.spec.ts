// The buyer's language: every offered language end to end on one flow (labels from its own
// catalogue, receipt in that language, seller email in the seller's language with the buyer's
// words labelled), the choice by Accept-Language, the switcher, and right-to-left Arabic.
import { expect, test } from '@playwright/test';
import { ar } from '../../src/i18n/messages/ar.ts';
import { de } from '../../src/i18n/messages/de.ts';
import { en } from '../../src/i18n/messages/en.ts';
import { es } from '../../src/i18n/messages/es.ts';
import { fr } from '../../src/i18n/messages/fr.ts';
import { ptBR } from '../../src/i18n/messages/pt-BR.ts';
import { ru } from '../../src/i18n/messages/ru.ts';
import { zhCN } from '../../src/i18n/messages/zh-CN.ts';
import { expectAccessible, mailFor, portalUrl, referenceOn } from './support/portal.ts';

const languages = { en, es, fr, de, 'pt-BR': ptBR, ru, ar, 'zh-CN': zhCN } as const;
const fill = (text: string, vars: Record<string, string>) => text.replace(/\{(\w+)\}/g, (_, k: string) => vars[k] ?? '');

for (const [lang, cat] of Object.entries(languages)) {
  test(`${lang}: a request in ${lang} is understood by the seller in English`, async ({ page }, info) => {
    test.skip(info.project.name !== 'js' && lang !== 'es', 'one language without JavaScript is enough');
    await page.goto(portalUrl(`/?lang=${lang}&order=77-${lang}`));
    await expect(page.locator('html')).toHaveAttribute('lang', lang);
    await expect(page.locator('html')).toHaveAttribute('dir', lang === 'ar' ? 'rtl' : 'ltr');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(cat['page.start.title']);
    await page.getByRole('link', { name: cat['kind.other'] }).click();

    await expect(page.getByLabel(cat['q.orderNumber'])).toHaveValue(`77-${lang}`);
    await page.getByLabel(cat['q.buyerName']).fill('Buyer Name');
    await page.getByLabel(cat['q.buyerEmail']).fill(`buyer-${lang}@example.com`);
    await page.getByLabel(cat['q.subject']).fill(`Subject in ${lang}`);
    await page.getByLabel(cat['q.descriptionOther']).fill(`Written in ${lang}: ¿dónde está? 你好 مرحبا`);
    await page.getByRole('button', { name: cat['page.flow.continue'] }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(cat['page.check.title']);
    if (lang === 'ar') await expectAccessible(page, 'arabic check answers');
    await page.getByRole('button', { name: cat['page.check.send'] }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(cat['page.done.title']);
    const reference = referenceOn(await page.locator('.panel').innerText());

    const { seller, receipt } = await mailFor(reference);
    expect(receipt.subject).toBe(fill(cat['mail.receipt.subject'], { reference }));
    expect(receipt.text).toContain(fill(cat['mail.receipt.reference'], { reference }));
    // The seller reads English: questions and options in English, the buyer's text as written.
    expect(seller.subject).toContain(`[${en['kind.other']} · ${en['priority.normal']}]`);
    expect(seller.text).toContain(`${en['field.subject']}`);
    expect(seller.text).toContain(`Written in ${lang}: ¿dónde está? 你好 مرحبا`);
    const language = new Intl.DisplayNames(['en'], { type: 'language' }).of(lang)!;
    expect(seller.text).toContain(`${en['mail.seller.language']}: ${language}`);
    if (lang !== 'en') expect(seller.text).toContain(fill(en['mail.seller.quoted'], { language }));
  });
}

test('the browser’s language is used when the link names none, and only an offered one', async ({ browser }) => {
  const ctx = await browser.newContext({ locale: 'fr-CH', extraHTTPHeaders: { 'accept-language': 'fr-CH,fr;q=0.9,en;q=0.5' } });
  const page = await ctx.newPage();
  await page.goto(portalUrl('/'));
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
  await ctx.close();
  const other = await browser.newContext({ extraHTTPHeaders: { 'accept-language': 'ja,ko;q=0.8' } });
  const p2 = await other.newPage();
  await p2.goto(portalUrl('/'));
  await expect(p2.locator('html')).toHaveAttribute('lang', 'en');
  await other.close();
});

test('the language switcher keeps the draft and the storefront parameters', async ({ page }) => {
  await page.goto(portalUrl('/report/cancel-order?order=55-1'));
  await page.getByLabel('Your name').fill('Kim');
  await page.getByRole('button', { name: 'Continue' }).click(); // saves a draft with errors
  await expect(page).toHaveURL(/draft=/);
  await page.getByRole('navigation', { name: 'Language' }).getByRole('link', { name: 'Deutsch' }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'de');
  await expect(page).toHaveURL(/draft=.*lang=de|lang=de.*draft=/);
  await expect(page.getByLabel(de['q.buyerName'])).toHaveValue('Kim');
  await expect(page.getByLabel(de['q.orderNumber'])).toHaveValue('55-1');
});

test('Arabic mirrors the layout: the store name sits on the right, text starts on the right', async ({ page }, info) => {
  await page.setViewportSize({ width: 800, height: 900 });
  await page.goto(portalUrl('/report/damaged?lang=ar'));
  const store = await page.locator('.header .store').boundingBox();
  const heading = await page.getByRole('heading', { level: 1 }).boundingBox();
  expect(store!.x + store!.width).toBeGreaterThan(800 - 40);
  expect(heading!.x + heading!.width).toBeGreaterThan(800 / 2);
  await info.attach('arabic-form', { body: await page.screenshot({ fullPage: true }), contentType: 'image/png' });
});
