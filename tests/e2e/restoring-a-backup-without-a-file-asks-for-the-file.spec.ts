import { expect, it } from 'vitest';
import { appAndBrowserForThisFile } from '../support/app-and-browser-for-this-file.ts';

const { server, browser } = appAndBrowserForThisFile();

// A parent who presses "Plan terugzetten" before choosing a file has not chosen a wrong file: the
// message says what to do (choose the file) and the cursor goes to where that is done.
it('"Plan terugzetten" without a file asks for the file and puts the cursor on it, in words that follow a language switch', async () => {
  const page = await browser.context.newPage();
  await page.setViewportSize({ width: 768, height: 1024 });
  await page.goto(server.url);
  await page.getByText('Reservekopie van een plan').click();
  await page.getByRole('button', { name: 'Plan terugzetten' }).click();
  const alert = page.locator('.backup-card [role="alert"]');
  await alert.waitFor();
  expect(await alert.textContent()).toBe('Kies eerst het bestand met de reservekopie.');
  expect(await page.evaluate(() => document.activeElement?.id)).toBe('restore-file');

  // Said again in the language chosen after it.
  await page.locator('.lang-switch').first().click();
  await expect.poll(() => alert.textContent()).toBe('First choose the file with the backup.');
  await page.close();
});
