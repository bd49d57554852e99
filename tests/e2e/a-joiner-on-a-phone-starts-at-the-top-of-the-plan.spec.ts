import { afterAll, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
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

/** Where the page is: scrolled down, the plan's name under the sticky bars, and whether the open section's chip shows in its row. */
const view = (page: Page) =>
  page.evaluate(() => {
    const title = document.querySelector('.plan-title')!.getBoundingClientRect();
    const bars = document.querySelector('.help-bar')!.getBoundingClientRect();
    const chip = document.querySelector('.section-nav .chip[aria-current]')!.getBoundingClientRect();
    const row = document.querySelector('.section-nav ul')!.getBoundingClientRect();
    return { scrolled: window.scrollY, titleUnderBars: title.top < bars.bottom, chipInRow: chip.left >= row.left - 1 && chip.right <= row.right + 1 };
  });

// A grandfather joins on a small phone. The card with the code to compare pushes the row of
// section chips below the fold; keeping the open chip in view scrolled the whole page down to it,
// so the plan's name, "Mensen" and "Delen" were hidden under the sticky bars.
it('after "Meedoen" on a phone the page stays at the top, with the plan name in view; moving on still keeps the open chip in its row', async () => {
  const owner = await browser.context.newPage();
  await owner.goto(server.url);
  await createPlan(owner, 'Plan familie Jansen', 'Sanne', 'household');
  const link = await openShareAndInvite(owner);

  phone = await launchBrowser({ viewport: { width: 360, height: 740 } });
  const page = await phone.context.newPage();
  await joinByLink(page, server.url, link, 'Opa Kees');
  await page.getByRole('heading', { name: 'Controleer de code' }).waitFor();
  await page.locator('.section-nav .chip[aria-current]').waitFor();
  // The chip row is kept up to date once the editors are there; give that its moment.
  await page.waitForTimeout(1500);
  expect(await view(page)).toEqual({ scrolled: 0, titleUnderBars: false, chipInRow: true });

  for (let i = 0; i < 6; i++) await page.getByRole('button', { name: /^Volgende:/ }).click();
  await expect.poll(async () => (await view(page)).chipInRow).toBe(true);
  await owner.close();
});
