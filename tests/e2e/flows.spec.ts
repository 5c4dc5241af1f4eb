// Every flow end to end in a real browser, with JavaScript on and off: fill the form, attach
// the photos its shot list asks for, check the answers, send, and read the seller's email from
// the SMTP receiver. axe-core checks every page state on the way.
import { expect, test, type Page } from '@playwright/test';
import { expectAccessible, mailFor, photo, portalUrl, referenceOn } from './support/portal.ts';

interface Case {
  kind: string;
  link: string;
  fill: (page: Page) => Promise<void>;
  subject: RegExp;
  photos: number;
  sellerText: string[];
}

const cases: Case[] = [
  {
    kind: 'damaged',
    link: 'Damaged or not working',
    fill: async (page) => {
      await page.getByLabel('How many items are affected?').fill('3');
      await page.getByLabel('How many items were in the order?').fill('20');
      await page.getByLabel('Broken on arrival').check();
      await page.getByLabel('Describe the problem').fill('Glass cracked <b>badly</b>');
      await page.getByLabel('Replacement').check();
      await page.getByLabel(/^The item/).setInputFiles(photo('item.png', 3));
      await page.getByLabel(/^A close-up of the damage/).setInputFiles([photo('close1.png', 5), photo('close2.png', 7)]);
    },
    subject: /\[Damaged or not working · high\] Order 8123-55 · 3 of 20 broken · /,
    photos: 3,
    sellerText: ['Items affected: 3 of 20', 'What is wrong: Broken on arrival', 'Glass cracked <b>badly</b>'],
  },
  {
    kind: 'not-received',
    link: 'Package not received',
    fill: async (page) => {
      await page.getByLabel('Held at customs').check();
      await page.getByLabel('Which country is it going to?').selectOption('BR');
      await page.getByLabel('Tax ID or document number customs asks for').fill('529.982.247-25');
      await page.getByLabel('Wait a little longer').check();
      await page.getByLabel(/^The customs notice/).setInputFiles(photo('notice.png', 11));
    },
    subject: /\[Package not received · high\] Order 8123-55 · Held at customs · /,
    photos: 1,
    sellerText: ['Tax ID for customs: 529.982.247-25', 'Destination country: BR'],
  },
  {
    kind: 'missing-items',
    link: 'Items missing',
    fill: async (page) => {
      await page.getByLabel('Item 1', { exact: true }).fill('USB cable');
      await page.getByLabel('How many ordered 1').fill('3');
      await page.getByLabel('How many arrived 1').fill('1');
      await page.getByLabel('Send the missing items').check();
      await page.getByLabel(/^Everything you received/).setInputFiles(photo('all.png', 13));
    },
    subject: /\[Items missing · high\] Order 8123-55 · 2 missing · /,
    photos: 1,
    sellerText: ['USB cable: 1 of 3 received'],
  },
  {
    kind: 'address-change',
    link: 'Change delivery address',
    fill: async (page) => {
      await page.getByLabel('No', { exact: true }).check();
      await page.getByLabel('Full name of the recipient').fill('Ana Souza');
      await page.getByLabel('Address line 1').fill('Rua Augusta 100');
      await page.getByLabel('Town or city').fill('São Paulo');
      await page.getByLabel('Country').selectOption('BR');
      await page.getByLabel('Phone number for the courier (optional)').fill('+55 11 99999 0000');
    },
    subject: /\[Change delivery address · urgent\] Order 8123-55 · /,
    photos: 0,
    sellerText: ['Rua Augusta 100', 'São Paulo'],
  },
  {
    kind: 'cancel-order',
    link: 'Cancel order',
    fill: async (page) => {
      await page.getByLabel('Ordered by mistake').check();
      await page.getByLabel('Yes', { exact: true }).check();
    },
    subject: /\[Cancel order · normal\] Order 8123-55 · /,
    photos: 0,
    sellerText: ['Reason: Ordered by mistake'],
  },
  {
    kind: 'other',
    link: 'Something else',
    fill: async (page) => {
      await page.getByLabel('What is it about?').fill('VAT invoice');
      await page.getByLabel('Tell us more').fill('Please send an invoice with our VAT number.');
    },
    subject: /\[Something else · normal\] Order 8123-55 · VAT invoice · /,
    photos: 0,
    sellerText: ['Please send an invoice with our VAT number.'],
  },
];

for (const c of cases) {
  test(`${c.kind}: start → form → check → sent, seller email arrives`, async ({ page }, info) => {
    const js = info.project.name === 'js';
    await page.goto(portalUrl('/?order=8123-55'));
    await expectAccessible(page, 'start');
    await page.getByRole('link', { name: c.link }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(c.link);
    await expect(page.getByLabel('Order number')).toHaveValue('8123-55');
    await page.getByLabel('Your name').fill(`Ana ${c.kind}`);
    await page.getByLabel('Your email address').fill('ana@example.com');
    await c.fill(page);
    await expectAccessible(page, `${c.kind} form filled`);
    await page.getByRole('button', { name: 'Continue' }).click();

    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Check your answers before sending');
    await expect(page.getByText('We will send your receipt to ana@example.com')).toBeVisible();
    await expect(page.locator('.thumbs img')).toHaveCount(c.photos);
    await expectAccessible(page, `${c.kind} check answers`);
    await page.getByRole('button', { name: 'Send' }).click();

    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Request sent');
    const reference = referenceOn(await page.locator('.panel').innerText());
    await expectAccessible(page, `${c.kind} confirmation`);

    const { seller, receipt, all } = await mailFor(reference);
    expect(all).toHaveLength(2);
    expect(seller.subject).toMatch(c.subject);
    expect(seller.subject).toContain(reference);
    expect(seller.replyTo?.text).toContain('ana@example.com');
    for (const text of c.sellerText) expect(seller.text).toContain(text);
    const photos = seller.attachments.filter((a) => a.contentType.startsWith('image/'));
    expect(photos).toHaveLength(c.photos);
    expect(seller.attachments.some((a) => a.filename === 'ticket.json')).toBe(true);
    expect(receipt.to && 'text' in receipt.to ? receipt.to.text : '').toContain('ana@example.com');
    expect(receipt.text).toContain(reference);
    void js;
  });
}

test('errors: summary first and focused, each linked to its field; answers and photos kept', async ({ page }) => {
  await page.goto(portalUrl('/report/damaged'));
  await page.getByLabel(/^The item/).setInputFiles(photo('kept.png', 17));
  await page.getByLabel('How many items are affected?').fill('30');
  await page.getByLabel('How many items were in the order?').fill('20');
  await page.getByRole('button', { name: 'Continue' }).click();

  const summary = page.getByRole('alert');
  await expect(summary).toBeVisible();
  await expect(summary).toBeFocused();
  await expect(page).toHaveTitle(/^Error: /);
  await expect(summary.getByRole('link', { name: 'Answer “Order number”' })).toBeVisible();
  await expect(summary.getByRole('link', { name: /How many items are affected\?.*cannot be more than the items in the order/ })).toBeVisible();
  await expectAccessible(page, 'damaged with errors');

  await summary.getByRole('link', { name: 'Choose an answer for “What is wrong?”' }).click();
  await expect(page.getByLabel('Broken on arrival')).toBeFocused();
  await expect(page.getByLabel('How many items are affected?')).toHaveValue('30');
  await expect(page.getByRole('img', { name: 'Already added: kept.png' })).toBeVisible();
  const field = page.getByLabel('How many items are affected?');
  const describedBy = await field.getAttribute('aria-describedby');
  expect(describedBy).toContain('error');
});

test('a file that is not a photo is refused by name, and nothing of it is kept', async ({ page }) => {
  await page.goto(portalUrl('/report/other'));
  await page.getByLabel('Photo (optional)').setInputFiles({ name: 'evil.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('<svg onload=alert(1)>') });
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByRole('alert').getByRole('link', { name: /evil\.jpg is not a photo or video we accept/ })).toBeVisible();
  await expect(page.getByText('Already added: evil.jpg')).toHaveCount(0);
});
