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
  // The choice is kept per browser: back to Dutch for the next test.
  await page.locator('.lang-switch').first().click();
  await page.close();
});

const focused = (page: Page) => page.evaluate(() => {
  const el = document.activeElement;
  return el?.id || (el?.textContent ?? '').trim();
});

// The button pressed is replaced by the question and back: someone on a keyboard or a screen
// reader lands on "Waarom nu?", is put back there when the reason is missing, and returns to the
// button after "Annuleren", instead of at the top of the page.
it('"Naar fase" puts the cursor in "Waarom nu?", a missing reason puts it back there, and "Annuleren" returns to the button', async () => {
  const page = await browser.context.newPage();
  await page.setViewportSize({ width: 390, height: 844 });
  await askingToMoveOn(page);
  expect(await focused(page)).toBe('phase-why');

  await page.getByRole('button', { name: 'Ja, naar fase Veiligheid' }).click();
  await page.getByText('Schrijf eerst op waarom het plan nu verder gaat.').waitFor();
  expect(await focused(page)).toBe('phase-why');

  await page.getByRole('button', { name: 'Annuleren' }).click();
  expect(await focused(page)).toBe('Naar fase Veiligheid');
  await page.close();
});
