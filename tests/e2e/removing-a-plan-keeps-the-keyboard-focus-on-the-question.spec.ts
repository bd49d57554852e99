import { expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { appAndBrowserForThisFile } from '../support/app-and-browser-for-this-file.ts';
import { createPlan } from './app-driver.ts';

const { server, browser } = appAndBrowserForThisFile();

const focused = (page: Page) => page.evaluate(() => (document.activeElement?.textContent ?? '').trim());

// "Verwijder van dit apparaat" is replaced by its question, and "Nee, bewaren" by the button again:
// someone on a keyboard or a screen reader stays on what they pressed, not on the top of the page.
it('"Verwijder van dit apparaat" moves the focus to "Nee, bewaren", and "Nee, bewaren" moves it back to the button', async () => {
  const page = await browser.context.newPage();
  await page.setViewportSize({ width: 1024, height: 768 });
  await page.goto(server.url);
  await createPlan(page, 'Plan familie Smit', 'Sanne', 'household');
  await page.locator('a.brand').click();
  const remove = page.getByRole('button', { name: 'Verwijder van dit apparaat' });
  await remove.focus();
  await page.keyboard.press('Enter');
  await page.getByRole('alertdialog').waitFor();
  expect(await focused(page)).toBe('Nee, bewaren');

  await page.keyboard.press('Enter');
  await remove.waitFor();
  expect(await focused(page)).toBe('Verwijder van dit apparaat');
  expect(await page.locator('.plan-card').count()).toBe(1);
  await page.close();
});
