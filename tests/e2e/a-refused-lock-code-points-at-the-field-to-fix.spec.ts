import { expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { appAndBrowserForThisFile } from '../support/app-and-browser-for-this-file.ts';

const { server, browser } = appAndBrowserForThisFile();

/** The focused field: its id, whether it is marked wrong, and the words it is described by. */
const focused = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement;
    const said = (el?.getAttribute('aria-describedby') ?? '').split(' ').map((id) => document.getElementById(id)?.textContent ?? '');
    return { id: el?.id, invalid: el?.getAttribute('aria-invalid'), said };
  });

// A parent sets a PIN on the family tablet. When a code is refused, the message says what is
// wrong, the cursor is in the field to fix (the first code when it is too short, "Nog een keer"
// when the two differ), and the message follows a switch to English.
it('a refused PIN puts the cursor in the field to fix, marked and described by the message, in words that follow a language switch', async () => {
  const page = await browser.context.newPage();
  await page.setViewportSize({ width: 768, height: 1024 });
  await page.goto(server.url);
  const card = page.locator('.device-card');
  const setLock = card.getByRole('button', { name: 'Slot instellen' });

  await card.getByLabel('Nieuwe code').fill('12345');
  await card.getByLabel('Nog een keer').fill('12345');
  await setLock.click();
  await card.getByRole('alert').waitFor();
  expect(await focused(page)).toEqual({ id: 'set-lock-secret', invalid: 'true', said: ['Een pincode heeft minstens 6 cijfers.'] });

  await card.getByLabel('Nieuwe code').fill('123456');
  await card.getByLabel('Nog een keer').fill('123465');
  await setLock.click();
  await expect.poll(() => focused(page)).toEqual({ id: 'set-lock-again', invalid: 'true', said: ['De twee codes zijn niet hetzelfde.'] });
  expect(await card.getByLabel('Nieuwe code').getAttribute('aria-invalid')).toBeNull();

  await page.locator('.lang-switch').first().click();
  await expect.poll(() => card.getByRole('alert').textContent()).toBe('The two codes are not the same.');
  await page.close();
});
