import { afterAll, expect, it } from 'vitest';
import { appAndBrowserForThisFile } from '../support/app-and-browser-for-this-file.ts';
import { launchBrowser, type TestBrowser } from '../support/browser.ts';
import { createPlan } from './app-driver.ts';
import { openShareAndInvite } from './share-driver.ts';

const { server, browser } = appAndBrowserForThisFile();
let phone: TestBrowser | undefined;
afterAll(async () => {
  await phone?.close();
});

// A grandmother opens the invite on her phone and presses "Meedoen" before typing her name. The
// message says what is missing, and the cursor is in the name field: what she types next is her
// name, not lost on the button.
it('"Meedoen" without a name puts the cursor on the name field, marked and described by the message; typing there then joins', async () => {
  const owner = await browser.context.newPage();
  await owner.goto(server.url);
  await createPlan(owner, 'Plan familie Bakker', 'Sanne', 'household');
  const link = await openShareAndInvite(owner);

  phone = await launchBrowser({ viewport: { width: 390, height: 844 } });
  const page = await phone.context.newPage();
  await page.goto(server.url + new URL(link).hash);
  await page.getByRole('button', { name: 'Meedoen' }).click();
  await page.getByRole('alert').filter({ hasText: 'Vul je naam in.' }).waitFor();
  const focused = await page.evaluate(() => {
    const el = document.activeElement;
    const said = (el?.getAttribute('aria-describedby') ?? '').split(' ').map((id) => document.getElementById(id)?.textContent ?? '');
    return { id: el?.id, invalid: el?.getAttribute('aria-invalid'), said };
  });
  expect(focused).toEqual({ id: 'join-name', invalid: 'true', said: ['Anderen in het plan zien deze naam.', 'Vul je naam in.'] });

  await page.keyboard.type('Oma Truus');
  // The message goes once she types.
  expect(await page.getByText('Vul je naam in.').count()).toBe(0);
  await page.keyboard.press('Enter');
  await page.locator('.plan-section').first().waitFor({ timeout: 20_000 });
  await owner.close();
});
