import { expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { appAndBrowserForThisFile } from '../support/app-and-browser-for-this-file.ts';

const { server, browser } = appAndBrowserForThisFile();

const focused = (page: Page) => page.evaluate(() => (document.activeElement?.textContent ?? '').trim());

// "Alles van dit apparaat wissen" is replaced by its question, and "Nee, niet wissen" by the
// button again: someone on a keyboard or a screen reader lands on the safe answer, and back on
// the button, instead of at the top of the page.
it('"Alles van dit apparaat wissen" moves the focus to "Nee, niet wissen", which moves it back to the button', async () => {
  const page = await browser.context.newPage();
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(server.url);
  const wipe = page.getByRole('button', { name: 'Alles van dit apparaat wissen' });
  await wipe.focus();
  await page.keyboard.press('Enter');
  await page.getByRole('button', { name: 'Ja, alles wissen' }).waitFor();
  expect(await focused(page)).toBe('Nee, niet wissen');
  await page.keyboard.press('Enter');
  await wipe.waitFor();
  expect(await focused(page)).toBe('Alles van dit apparaat wissen');
  await page.close();
});
