import { expect, it } from 'vitest';
import { appAndBrowserForThisFile } from '../support/app-and-browser-for-this-file.ts';
import { createPlan } from './app-driver.ts';

// No service worker: it would serve the app's files from its cache, past the routes below.
const { server, browser: device } = appAndBrowserForThisFile({ browser: { serviceWorkers: 'block' } });

// The engine of an open plan is its own file, loaded when a plan opens (not with the plan list).
// Offline before the app was kept on the device, that file cannot come: the screen must say that
// the app is missing a part, not that the data on the device could not be loaded.
it('a plan whose app part cannot be fetched says so, with a reload and a way back to the plan list; after the reload it opens', async () => {
  const page = await device.context.newPage();
  await page.goto(server.url);
  await createPlan(page, 'Veiligheidsplan familie Jansen', 'Sanne');
  await page.locator('a.brand').click();
  await page.reload();
  await page.locator('.plan-card').first().waitFor();

  await page.route('**/assets/plan-session-*.js', (route) => route.abort('internetdisconnected'));
  await page.locator('.plan-card').first().click();
  const title = page.getByRole('heading', { name: 'Dit deel van de app kon niet worden geladen' });
  await title.waitFor({ timeout: 15_000 });
  expect(await page.locator('main').innerText()).toContain('Er is niets mis met je plan');
  expect(await page.getByText('De gegevens op dit apparaat konden niet worden geladen').count()).toBe(0);
  await page.screenshot({ path: '/tmp/shots/app-part-missing.png' });
  // A way back that needs no missing part: the plan list, and the plan is still on it.
  await page.getByRole('button', { name: 'Alle plannen' }).click();
  await page.locator('.plan-card').first().click();
  await title.waitFor();

  await page.unroute('**/assets/plan-session-*.js');
  await page.getByRole('button', { name: 'Herladen' }).click();
  await page.locator('.plan-section').first().waitFor({ timeout: 15_000 });
  await page.close();
}, 60_000);
