import { expect, it } from 'vitest';
import { appAndBrowserForThisFile } from '../support/app-and-browser-for-this-file.ts';

const { server, browser } = appAndBrowserForThisFile();

// A mother chooses the website "Snel weg" opens and types it as she does in her browser: "nu.nl".
// The browser's own check refused it (in the browser's language) and nothing was saved. It is
// taken as https://nu.nl/; an address that is no website is refused in the app's words, with the
// cursor back in the field.
it('"nu.nl" is saved as https://nu.nl/ for "Snel weg"; "geen website" is refused in plain words with the cursor in the field', async () => {
  const page = await browser.context.newPage();
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(server.url);
  await page.locator('summary', { hasText: 'Website die opent bij "Snel weg"' }).click();
  const field = page.locator('#exit-url');
  await field.fill('nu.nl');
  await page.getByRole('button', { name: 'Bewaren', exact: true }).click();
  await page.getByRole('status').filter({ hasText: 'Bewaard.' }).waitFor({ timeout: 3_000 });
  expect(await page.evaluate(() => localStorage.getItem('safeplan.exitUrl'))).toBe('https://nu.nl/');
  expect(await field.inputValue()).toBe('https://nu.nl/');

  await field.fill('geen website');
  await page.getByRole('button', { name: 'Bewaren', exact: true }).click();
  const alert = page.getByRole('alert').filter({ hasText: 'Dit is geen goed webadres' });
  await alert.waitFor({ timeout: 3_000 });
  expect(await alert.textContent()).toBe('Dit is geen goed webadres. Typ het zoals in je browser, bijvoorbeeld: nu.nl');
  expect(await page.evaluate(() => [document.activeElement?.id, document.activeElement?.getAttribute('aria-invalid')])).toEqual(['exit-url', 'true']);
  expect(await page.evaluate(() => localStorage.getItem('safeplan.exitUrl'))).toBe('https://nu.nl/');
  await page.close();
});
