import { expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { appAndBrowserForThisFile } from '../support/app-and-browser-for-this-file.ts';
import { addItemWithText, createPlan } from './app-driver.ts';

const { server, browser } = appAndBrowserForThisFile();

const focused = (page: Page) => page.evaluate(() => (document.activeElement?.textContent ?? '').trim());

// "Verwijderen" on an item is replaced by "Echt verwijderen?", and "Nee, bewaren" by the button
// again: someone on a keyboard or a screen reader lands on the safe answer and back on the button,
// instead of at the top of the page; the item and its text stay.
it('"Verwijderen" on an item puts the focus on "Nee, bewaren", which puts it back on "Verwijderen" and keeps the item', async () => {
  const page = await browser.context.newPage();
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(server.url);
  await createPlan(page, 'Plan familie Dekker', 'Sanne', 'household');
  await addItemWithText(page, 'unsafeSituations', 'Papa schreeuwde tegen Mila.');
  const item = page.locator('section[data-section="unsafeSituations"] .plan-item').first();
  await item.getByRole('button', { name: 'Verwijderen' }).focus();
  await page.keyboard.press('Enter');
  await item.getByRole('button', { name: 'Ja, verwijderen' }).waitFor();
  expect(await focused(page)).toBe('Nee, bewaren');

  await page.keyboard.press('Enter');
  await item.getByRole('button', { name: 'Verwijderen' }).waitFor();
  expect(await focused(page)).toBe('Verwijderen');
  expect(await item.textContent()).toContain('Papa schreeuwde tegen Mila.');
  await page.close();
});
