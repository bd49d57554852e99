import { expect, it } from 'vitest';
import { appAndBrowserForThisFile } from '../support/app-and-browser-for-this-file.ts';

// No service worker: it would serve the app's files from its cache, past the routes below.
const { server, browser: device } = appAndBrowserForThisFile({ browser: { serviceWorkers: 'block' } });

// A first visit that goes offline before the app was kept on the device: "Nieuw plan" needs the
// file with "Wie ben jij in dit plan?". It stopped the form without a word (a page error only).
it('a form part whose file cannot be fetched says so in the form; the rest of the form stays, and it loads when shown again', async () => {
  const page = await device.context.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.goto(server.url);
  await page.locator('.home-actions, main').first().waitFor();

  await page.route('**/assets/CreatorProfileFields-*.js', (route) => route.abort('internetdisconnected'));
  await page.getByRole('button', { name: 'Nieuw plan' }).click();
  const missing = page.locator('form .part-missing[role="alert"]');
  await missing.waitFor({ timeout: 10_000 });
  expect(await missing.innerText()).toContain('Dit deel van de app kon niet worden geladen. Zorg voor internet en laad de app opnieuw.');
  expect(await missing.getByRole('button', { name: 'Herladen' }).count()).toBe(1);
  await page.setViewportSize({ width: 390, height: 844 });
  await missing.scrollIntoViewIfNeeded();
  await page.screenshot({ path: '/tmp/shots/part-missing.png' });
  // What could load is still there and usable.
  await page.getByLabel('Naam van het plan').fill('Plan familie Bakker');
  expect(await page.getByLabel('Naam van het plan').inputValue()).toBe('Plan familie Bakker');
  expect(pageErrors, pageErrors.join(" | ")).toEqual([]);

  // Back online: shown again, the part loads (nothing needs a reload).
  await page.unroute('**/assets/CreatorProfileFields-*.js');
  await page.getByRole('button', { name: 'Annuleren' }).click();
  await page.getByRole('button', { name: 'Nieuw plan' }).click();
  await page.getByLabel('Wie ben jij in dit plan?').waitFor({ timeout: 10_000 });
  expect(await page.locator('.part-missing').count()).toBe(0);
  await page.close();
}, 60_000);
