import { describe, expect, it } from 'vitest';
import { appAndBrowserForThisFile } from '../support/app-and-browser-for-this-file.ts';
import { createPlan, typeInto } from './app-driver.ts';
import { openShareAndInvite } from './share-driver.ts';

const { server, browser } = appAndBrowserForThisFile();

describe('the sync status', () => {
  it('says "no connection" as soon as the network goes, and how long changes wait, not a count of messages', async () => {
    const page = await browser.context.newPage();
    await page.goto(server.url);
    await createPlan(page);
    await openShareAndInvite(page); // a shared plan: the status now follows the relay
    const status = page.locator('.sync-status');
    await expect.poll(() => status.getAttribute('data-sync'), { timeout: 15_000 }).toBe('synced');

    await browser.context.setOffline(true);
    try {
      const went = Date.now();
      await expect.poll(() => status.getAttribute('data-sync'), { timeout: 2000, interval: 50 }).toBe('offline');
      expect(Date.now() - went).toBeLessThan(2000);
      expect(await status.textContent()).toContain('Geen verbinding');

      // Three short edits: the words say since when, never "17 wijzigingen".
      await typeInto(page, 'header', 0, 'Fam');
      await typeInto(page, 'header', 0, 'ilie');
      await typeInto(page, 'header', 0, ' Jansen');
      await expect.poll(() => status.textContent(), { timeout: 3000 }).toMatch(/^Geen verbinding\. Nog niet gedeeld sinds \d{2}:\d{2}\./);
      expect(await status.textContent()).not.toMatch(/\d+ wijzigingen/);
    } finally {
      await browser.context.setOffline(false);
    }
    await page.close();
  }, 60_000);
});
