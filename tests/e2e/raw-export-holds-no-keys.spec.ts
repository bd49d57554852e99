import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { appAndBrowserForThisFile } from '../support/app-and-browser-for-this-file.ts';
import { addItemWithText, createPlan, settle } from './app-driver.ts';

const { server, browser } = appAndBrowserForThisFile();

/** The device's key pairs as stored (read by cursor, which the broken-store script leaves alone). */
function storedDeviceKeys(page: Page): Promise<{ sign: { publicKey: number[]; privateKey: number[] }; box: { publicKey: number[]; privateKey: number[] } }> {
  return page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((ok, fail) => {
      const r = indexedDB.open('safeplan');
      r.onsuccess = () => ok(r.result);
      r.onerror = () => fail(r.error);
    });
    try {
      const keys = await new Promise<{ sign: Record<string, Uint8Array>; box: Record<string, Uint8Array> }>((ok, fail) => {
        const r = db.transaction('kv').objectStore('kv').openCursor(IDBKeyRange.only('device/identity'));
        r.onsuccess = () => ok(r.result?.value);
        r.onerror = () => fail(r.error);
      });
      const arr = (b: Uint8Array | undefined) => Array.from(b ?? []);
      return {
        sign: { publicKey: arr(keys.sign.publicKey), privateKey: arr(keys.sign.privateKey) },
        box: { publicKey: arr(keys.box.publicKey), privateKey: arr(keys.box.privateKey) },
      };
    } finally {
      db.close();
    }
  });
}

/** Every way the bytes could appear in a JSON file: base64, base64url, hex, a number list. */
function spellings(bytes: number[]): string[] {
  const buf = Buffer.from(bytes);
  return [buf.toString('base64'), buf.toString('base64url'), buf.toString('hex'), bytes.join(','), buf.subarray(0, 24).toString('base64')];
}

describe('the raw export on the storage error screen', () => {
  it('holds no private key, and what the screen advises is safe to follow', async () => {
    const page = await browser.context.newPage();
    await page.goto(server.url);
    await createPlan(page);
    await addItemWithText(page, 'goingWell', 'Oma komt elke dag langs.');
    await settle(page);
    const keys = await storedDeviceKeys(page);
    expect(keys.sign.privateKey).toHaveLength(64);
    expect(keys.box.privateKey).toHaveLength(32);

    // The device store now fails to read (as a broken disk or browser update might make it):
    // every get throws, so the app cannot load and shows its storage error screen.
    await page.addInitScript(() => {
      IDBObjectStore.prototype.get = function () {
        throw new DOMException('simulated broken store', 'UnknownError');
      };
    });
    await page.goto(server.url);
    await page.locator('.storage-error').waitFor();
    const screen = (await page.locator('.storage-error').textContent()) ?? '';
    expect(screen).toContain('Daarin staan geen sleutels');
    expect(screen).not.toContain('Sla de ruwe gegevens op en vraag hulp');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Ruwe gegevens opslaan' }).click()]);
    const text = await readFile((await download.path())!, 'utf8');
    const exported = JSON.parse(text) as { kind: string; privateKeys: string; databases: Record<string, unknown> };
    expect(exported.kind).toBe('raw-device-export');
    for (const secret of [keys.sign.privateKey, keys.box.privateKey]) {
      for (const spelled of spellings(secret)) expect(text).not.toContain(spelled);
    }
    // Still useful: the public keys and the sealed plan are in it, and the gaps are marked.
    expect(text).toContain(Buffer.from(keys.sign.publicKey).toString('base64'));
    expect(text).toContain(Buffer.from(keys.box.publicKey).toString('base64'));
    expect(text).toMatch(/plans\/[^"]+\/pending\//);
    expect(text).toContain('"$omitted":"private key"');
    expect(exported.privateKeys).toBe('omitted');
    await page.close();
  });
});
