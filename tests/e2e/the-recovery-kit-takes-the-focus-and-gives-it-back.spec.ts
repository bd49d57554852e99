import { expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { appAndBrowserForThisFile } from '../support/app-and-browser-for-this-file.ts';
import { createPlan } from './app-driver.ts';
import { openMembers } from './members-driver.ts';

const { server, browser } = appAndBrowserForThisFile();

const focused = (page: Page) => page.evaluate(() => (document.activeElement?.textContent ?? '').trim());

// "Herstelkit maken" is replaced by the kit, and "Klaar, ik heb de kit bewaard" by the button
// again: someone on a keyboard or a screen reader lands on the kit's title and then back on the
// button, instead of at the top of the page.
it('"Herstelkit maken" puts the focus on the kit\'s title, and "Klaar" puts it on "Nieuwe herstelkit maken"', async () => {
  const page = await browser.context.newPage();
  await page.setViewportSize({ width: 768, height: 1024 });
  await page.goto(server.url);
  await createPlan(page, 'Plan familie Yilmaz', 'Sanne', 'household');
  await openMembers(page);
  await page.getByRole('button', { name: 'Herstelkit maken' }).focus();
  await page.keyboard.press('Enter');
  await page.locator('[data-recovery-code]').waitFor({ timeout: 20_000 });
  await expect.poll(() => focused(page)).toBe('Herstelkit voor je veiligheidsplan');

  await page.getByRole('button', { name: 'Klaar, ik heb de kit bewaard' }).focus();
  await page.keyboard.press('Enter');
  expect(await focused(page)).toBe('Nieuwe herstelkit maken');
  await page.close();
});
