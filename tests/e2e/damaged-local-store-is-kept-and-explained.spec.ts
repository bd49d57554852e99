import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchBrowser, type TestBrowser } from '../support/browser.ts';
import { startAppServer, type AppServer } from '../support/app-server.ts';
import { addItemWithText, createPlan, settle } from './app-driver.ts';

let server: AppServer;
let browser: TestBrowser;

beforeAll(async () => {
  server = await startAppServer();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** The device store (IndexedDB database "safeplan", object store "kv") as seen from the page. */
function deviceStore(page: Page, action: 'damage-newest-pending' | 'quarantined-values'): Promise<unknown> {
  return page.evaluate(async (what) => {
    const db = await new Promise<IDBDatabase>((ok, fail) => {
      const r = indexedDB.open('safeplan');
      r.onsuccess = () => ok(r.result);
      r.onerror = () => fail(r.error);
    });
    const request = <T>(r: IDBRequest<T>) =>
      new Promise<T>((ok, fail) => {
        r.onsuccess = () => ok(r.result);
        r.onerror = () => fail(r.error);
      });
    try {
      const keys = (await request(db.transaction('kv').objectStore('kv').getAllKeys())).map(String);
      if (what === 'damage-newest-pending') {
        const pending = keys.filter((k) => /^plans\/[^/]+\/pending\//.test(k)).sort();
        const newest = pending[pending.length - 1];
        if (!newest) return null;
        // Garbage bytes, as a broken disk or a bad browser update might leave.
        await request(db.transaction('kv', 'readwrite').objectStore('kv').put(new Uint8Array([1, 2, 3, 250, 251, 252]), newest));
        return newest;
      }
      const store = db.transaction('kv').objectStore('kv');
      const records = await Promise.all(keys.filter((k) => k.startsWith('quarantine/')).map((k) => request(store.get(k))));
      return records.map((r) => Array.from((r as { value: Uint8Array }).value));
    } finally {
      db.close();
    }
  }, action);
}

describe('a damaged record in the device store', () => {
  it('is set aside (never deleted), the rest of the plan opens, and the screen says so in plain words', async () => {
    const page = await browser.context.newPage();
    await page.goto(server.url);
    await createPlan(page);
    await addItemWithText(page, 'unsafeSituations', 'Jan zag op 3 maart 2026 dat papa schreeuwde.');
    await settle(page);
    await addItemWithText(page, 'goingWell', 'Oma komt elke dag langs.');
    await settle(page);

    const damagedKey = await deviceStore(page, 'damage-newest-pending');
    expect(damagedKey).toMatch(/\/pending\//);

    await page.reload();
    await page.locator('.plan-section').first().waitFor();
    await expect.poll(() => page.locator('.sync-status').getAttribute('data-code'), { timeout: 8000 }).toBe('damaged');
    expect(await page.locator('.sync-status').textContent()).toContain('Er is niets gewist');
    // What was not damaged is still there.
    await expect.poll(() => page.locator('[data-section="unsafeSituations"]').textContent()).toContain('Jan zag op 3 maart 2026');

    // The damaged bytes are kept for recovery under quarantine/, exactly as they were.
    const kept = await deviceStore(page, 'quarantined-values');
    expect(kept).toContainEqual([1, 2, 3, 250, 251, 252]);
  });
});
