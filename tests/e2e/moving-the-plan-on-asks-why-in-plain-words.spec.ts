import { expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { appAndBrowserForThisFile } from '../support/app-and-browser-for-this-file.ts';
import { createPlan } from './app-driver.ts';

const { server, browser } = appAndBrowserForThisFile();

/** A new plan (one point open) with "Naar fase Veiligheid" pressed. */
async function askingToMoveOn(page: Page): Promise<void> {
  await page.goto(server.url);
  await createPlan(page, 'Plan familie Bakker', 'Sanne', 'household');
  await page.locator('.phase-details summary').click();
  await page.getByRole('button', { name: 'Naar fase Veiligheid' }).click();
  await page.locator('#phase-why').waitFor();
}

// A new plan has one point open: the question says "1 punt staat", not "1 punten staan".
it('with one point open the question says "1 punt staat nog open" / "1 point is still open"', async () => {
  const page = await browser.context.newPage();
  await page.setViewportSize({ width: 768, height: 1024 });
  await askingToMoveOn(page);
  expect(await page.locator('label[for="phase-why"]').textContent()).toBe('Waarom nu? 1 punt staat nog open.');
  await page.locator('.lang-switch').first().click();
  await expect.poll(() => page.locator('label[for="phase-why"]').textContent()).toBe('Why now? 1 point is still open.');
  await page.close();
});
