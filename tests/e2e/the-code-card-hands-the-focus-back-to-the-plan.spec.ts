import { afterAll, expect, it } from 'vitest';
import { appAndBrowserForThisFile } from '../support/app-and-browser-for-this-file.ts';
import { launchBrowser, type TestBrowser } from '../support/browser.ts';
import { createPlan } from './app-driver.ts';
import { joinByLink } from './members-driver.ts';
import { openShareAndInvite } from './share-driver.ts';

const { server, browser } = appAndBrowserForThisFile();
let phone: TestBrowser | undefined;
afterAll(async () => {
  await phone?.close();
});

// After joining, the card with the code to compare closes with "De code klopt". The card and its
// button go: someone on a keyboard or a screen reader lands on the plan's name, not on the top of
// the page.
it('"De code klopt" closes the card and puts the focus on the plan\'s name', async () => {
  const owner = await browser.context.newPage();
  await owner.goto(server.url);
  await createPlan(owner, 'Plan familie Visser', 'Sanne', 'household');
  const link = await openShareAndInvite(owner);

  phone = await launchBrowser({ viewport: { width: 390, height: 844 } });
  const page = await phone.context.newPage();
  await joinByLink(page, server.url, link, 'Buurvrouw Ans');
  const done = page.getByRole('button', { name: 'De code klopt' });
  await done.focus();
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'Controleer de code' }).waitFor({ state: 'detached' });
  expect(await page.evaluate(() => `${document.activeElement?.className}: ${document.activeElement?.textContent}`)).toBe('plan-title: Plan familie Visser');
  await owner.close();
});
