import { ready, openSealedEpochKey } from '@safeplan/schema/crypto';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { appAndBrowserForThisFile } from '../support/app-and-browser-for-this-file.ts';
import { addItemWithText, createPlan, settle } from './app-driver.ts';
import { dumpHolds, dumpHoldsBytes, dumpIndexedDb, lockNow, setPin, unlock } from './lock-driver.ts';

const TITLE = 'Plan Kanarie-Titel 5521';
const NAME = 'Kanarie-Naam Wilhelmina';
const CANARY = 'Kanarie-tekst: hij komt om zes uur thuis';
const PIN = '739164';

const { server, browser } = appAndBrowserForThisFile();

/** The device's private keys and the plan's epoch key, read the way the app kept them before the lock. */
async function keysBeforeTheLock(page: Page) {
  const raw = await page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((res, rej) => {
      const r = indexedDB.open('safeplan');
      r.onsuccess = () => res(r.result);
      r.onerror = () => rej(r.error);
    });
    const get = (key: string) =>
      new Promise<unknown>((res, rej) => {
        const r = db.transaction('kv').objectStore('kv').get(key);
        r.onsuccess = () => res(r.result);
        r.onerror = () => rej(r.error);
      });
    const keys = await new Promise<IDBValidKey[]>((res) => {
      const r = db.transaction('kv').objectStore('kv').getAllKeys();
      r.onsuccess = () => res(r.result);
    });
    const keyring = String(keys.find((k) => String(k).endsWith('/keys')));
    const identity = (await get('device/identity')) as { sign: { privateKey: Uint8Array }; box: { publicKey: Uint8Array; privateKey: Uint8Array } };
    const sealed = (await get(keyring)) as Record<string, Uint8Array>;
    db.close();
    const arr = (b: Uint8Array) => Array.from(b);
    return {
      sign: arr(identity.sign.privateKey),
      boxPublic: arr(identity.box.publicKey),
      boxPrivate: arr(identity.box.privateKey),
      sealedEpochKeys: Object.values(sealed).map(arr),
    };
  });
  const s = await ready();
  const box = { publicKey: Uint8Array.from(raw.boxPublic), privateKey: Uint8Array.from(raw.boxPrivate) };
  return {
    signPrivate: Uint8Array.from(raw.sign),
    boxPrivate: box.privateKey,
    epochKeys: raw.sealedEpochKeys.map((k) => openSealedEpochKey(s, Uint8Array.from(k), box)),
  };
}

describe('the device lock', () => {
  it('leaves no plan text, name, title or key bytes in IndexedDB once locked, and loses nothing', async () => {
    const page = await browser.context.newPage();
    await page.goto(server.url);
    await createPlan(page, TITLE, NAME);
    await addItemWithText(page, 'unsafeSituations', CANARY);
    await settle(page);

    // Before the lock everything is there to find: the check below can see it.
    const before = await dumpIndexedDb(page);
    expect(dumpHolds(before, TITLE)).toBe(true);
    expect(dumpHolds(before, NAME)).toBe(true);
    const keys = await keysBeforeTheLock(page);
    expect(keys.epochKeys.length).toBeGreaterThan(0);
    expect(dumpHoldsBytes(before, keys.signPrivate)).toBe(true);

    await page.getByRole('link', { name: 'Notities' }).or(page.locator('a.brand')).first().click();
    await page.getByRole('heading', { name: 'Plannen op dit apparaat' }).waitFor();
    await setPin(page, PIN);
    await lockNow(page);

    const after = await dumpIndexedDb(page);
    expect(after.records).toBeGreaterThan(5);
    for (const text of [TITLE, NAME, CANARY, 'Kanarie', 'plans/', 'identity']) {
      expect(dumpHolds(after, text), `"${text}" is readable in IndexedDB`).toBe(false);
    }
    expect(dumpHoldsBytes(after, keys.signPrivate.subarray(0, 32)), 'signing private key').toBe(false);
    expect(dumpHoldsBytes(after, keys.boxPrivate), 'box private key').toBe(false);
    for (const epochKey of keys.epochKeys) expect(dumpHoldsBytes(after, epochKey), 'epoch key').toBe(false);
    // Nor is anything left on screen or in the tab's title.
    expect(await page.content()).not.toContain('Kanarie');
    expect(await page.title()).toBe('Notities');

    // The right PIN brings everything back.
    await unlock(page, PIN);
    await page.locator('.plan-card', { hasText: TITLE }).click();
    await page.locator('.plan-section').first().waitFor();
    await page.getByText(CANARY).waitFor();
    await page.close();
  });
});
