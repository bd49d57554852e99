import { expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { appAndBrowserForThisFile } from '../support/app-and-browser-for-this-file.ts';
import { createPlan } from './app-driver.ts';
import { openMembers } from './members-driver.ts';

const { server, browser } = appAndBrowserForThisFile();

/** The focused element: its id or words, and whether it is marked wrong. */
const focused = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement;
    return { at: el?.id || (el?.textContent ?? '').trim(), invalid: el?.getAttribute('aria-invalid') ?? null };
  });

// "Naam wijzigen" in "Delen" opens the name field, with the cursor in it; an empty name puts the
// cursor back there, marked; "Verder" returns to "Naam wijzigen". The focus fell to the top of the
// page at each step.
it('"Naam wijzigen" puts the cursor in the name field, an empty name keeps it there marked, and "Verder" returns it to the button', async () => {
  const page = await browser.context.newPage();
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(server.url);
  await createPlan(page, 'Plan familie Hendriks', 'Sanne', 'household');
  await page.getByRole('button', { name: 'Delen' }).click();
  await page.getByRole('button', { name: 'Naam wijzigen' }).click();
  expect(await focused(page)).toEqual({ at: 'share-name-input', invalid: null });

  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
  await page.getByRole('button', { name: 'Verder' }).click();
  await page.locator('.share-panel').getByRole('alert').waitFor();
  expect(await focused(page)).toEqual({ at: 'share-name-input', invalid: 'true' });

  await page.keyboard.type('Sanne de Wit');
  await page.keyboard.press('Enter');
  await page.getByText('Anderen zien jou als: Sanne de Wit').waitFor();
  expect(await focused(page)).toEqual({ at: 'Naam wijzigen', invalid: null });
  await page.close();
});

// "Anderen zien jou als: Sanne de Wit" after "Naam wijzigen" in "Delen", while "Mensen" (what the
// others see) still said "Sanne": the new name goes into the plan's people too.
it('a name changed in "Delen" is the name in "Mensen" too', async () => {
  const page = await browser.context.newPage();
  await page.setViewportSize({ width: 768, height: 1024 });
  await page.goto(server.url);
  await createPlan(page, 'Plan familie Brouwer', 'Sanne', 'household');
  await page.getByRole('button', { name: 'Delen' }).click();
  await page.getByRole('button', { name: 'Naam wijzigen' }).click();
  await page.locator('#share-name-input').fill('Sanne Brouwer');
  await page.getByRole('button', { name: 'Verder' }).click();
  await page.getByText('Anderen zien jou als: Sanne Brouwer').waitFor();
  await openMembers(page);
  await expect.poll(() => page.locator('.members-panel .member-card .member-name').first().textContent()).toContain('Sanne Brouwer');
  await page.close();
});
