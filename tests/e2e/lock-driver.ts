import type { Page } from 'playwright-core';

/** Steps around the device lock, shared by the browser tests. Locators use the visible Dutch words. */

/** Sets a PIN from "Dit apparaat" on the home screen; resolves once the lock is on. */
export async function setPin(page: Page, pin: string, maxTries?: number): Promise<void> {
  const card = page.locator('.device-card');
  await card.getByLabel('Nieuwe code').fill(pin);
  await card.getByLabel('Nog een keer').fill(pin);
  if (maxTries !== undefined) await card.getByLabel('Aantal foute pogingen voor alles wordt gewist').fill(String(maxTries));
  await card.getByRole('button', { name: 'Slot instellen' }).click();
  await card.getByText('Het slot staat aan.').waitFor({ timeout: 20_000 });
}

export async function lockNow(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Zet dit apparaat nu op slot' }).first().click();
  await lockScreen(page).waitFor();
}

export const lockScreen = (page: Page) => page.getByRole('heading', { name: 'Dit apparaat is op slot' });

export async function enterPin(page: Page, pin: string): Promise<void> {
  await page.getByLabel('Pincode').fill(pin);
  await page.getByRole('button', { name: 'Openen' }).click();
}

export async function unlock(page: Page, pin: string): Promise<void> {
  await enterPin(page, pin);
  await page.getByRole('heading', { name: 'Plannen op dit apparaat' }).waitFor({ timeout: 20_000 });
}

export interface StoreDump {
  /** Every database, object store, key and value of this origin's IndexedDB. */
  records: number;
  /** All strings found (names and values), joined. */
  text: string;
  /** Hex of every byte array and of the UTF-8 of every string found. */
  hex: string;
}

/** Reads the whole IndexedDB of the page's origin, as anyone holding the browser profile could. */
export function dumpIndexedDb(page: Page): Promise<StoreDump> {
  return page.evaluate(async () => {
    const texts: string[] = [];
    const hexes: string[] = [];
    const toHex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
    const walk = (v: unknown): void => {
      if (typeof v === 'string') {
        texts.push(v);
        hexes.push(toHex(new TextEncoder().encode(v)));
      } else if (v instanceof Uint8Array) hexes.push(toHex(v));
      else if (v instanceof ArrayBuffer) hexes.push(toHex(new Uint8Array(v)));
      else if (Array.isArray(v)) v.forEach(walk);
      else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) {
        walk(k);
        walk(x);
      }
    };
    const req = <T,>(r: IDBRequest<T>) => new Promise<T>((res, rej) => {
      r.onsuccess = () => res(r.result);
      r.onerror = () => rej(r.error);
    });
    let records = 0;
    for (const info of await indexedDB.databases()) {
      if (!info.name) continue;
      walk(info.name);
      const db = await req(indexedDB.open(info.name));
      for (const name of Array.from(db.objectStoreNames)) {
        walk(name);
        const store = db.transaction(name).objectStore(name);
        const keys = await req(store.getAllKeys());
        const values = await req(store.getAll());
        records += keys.length;
        walk(keys);
        walk(values);
      }
      db.close();
    }
    return { records, text: texts.join('\n'), hex: hexes.join('|') };
  });
}

export const utf8Hex = (text: string) => Buffer.from(text, 'utf8').toString('hex');

/** Whether a dump holds the text anywhere: as a string, or as UTF-8 inside any byte array. */
export function dumpHolds(dump: StoreDump, text: string): boolean {
  return dump.text.includes(text) || dump.hex.includes(utf8Hex(text));
}

/** Whether a dump holds the bytes anywhere (a key, a value or inside a byte array). */
export function dumpHoldsBytes(dump: StoreDump, bytes: Uint8Array): boolean {
  return dump.hex.includes(Buffer.from(bytes).toString('hex'));
}
