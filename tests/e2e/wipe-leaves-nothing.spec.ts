import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { appAndBrowserForThisFile } from '../support/app-and-browser-for-this-file.ts';
import { createPlan, settle } from './app-driver.ts';
import { setPin } from './lock-driver.ts';

const NEUTRAL = 'https://www.buienradar.nl/';

const { server, browser } = appAndBrowserForThisFile();

/** What this origin keeps in the browser profile: databases, caches, service workers, storage. */
function traces(page: Page) {
  return page.evaluate(async () => ({
    databases: (await indexedDB.databases()).map((d) => d.name),
    caches: await caches.keys(),
    workers: (await navigator.serviceWorker.getRegistrations()).length,
    local: localStorage.length,
    session: sessionStorage.length,
  }));
}

describe('"Alles van dit apparaat wissen"', () => {
  it('removes IndexedDB, caches, the service worker and local storage, and leaves for the neutral site', async () => {
    const page = await browser.context.newPage();
    await page.route(`${NEUTRAL}**`, (route) => route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>Het weer</title><h1>Buien</h1>' }));
    await page.goto(server.url);
    await createPlan(page, 'Plan Wissen', 'Sanne');
    await settle(page);
    await page.locator('a.brand').click();
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('button', { name: 'Nederlands' }).click();
    await setPin(page, '864209');
    // The service worker is there (it caches the app for offline use) before the wipe.
    await page.evaluate(() => navigator.serviceWorker.ready);
    await expect.poll(async () => (await traces(page)).caches.length, { timeout: 15_000 }).toBeGreaterThan(0);
    const before = await traces(page);
    expect(before.databases.length).toBeGreaterThan(0);
    expect(before.workers).toBeGreaterThan(0);
    expect(before.local).toBeGreaterThan(0);

    await page.locator('.device-card').getByRole('button', { name: 'Alles van dit apparaat wissen' }).click();
    await page.getByText('Dit wist alle plannen, sleutels en instellingen').waitFor();
    await page.getByRole('button', { name: 'Ja, alles wissen' }).click();
    await page.waitForURL(NEUTRAL, { timeout: 20_000 });

    // Back on the app's origin without loading the app (that would make a fresh start): nothing is left.
    await page.goto(`${server.url}manifest.webmanifest`);
    expect(await traces(page)).toEqual({ databases: [], caches: [], workers: 0, local: 0, session: 0 });
  }, 60_000);
});
