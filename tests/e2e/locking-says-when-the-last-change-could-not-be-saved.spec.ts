import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, type TestBrowser } from '../support/browser.ts';
import { startAppServer, type AppServer } from '../support/app-server.ts';
import { addItemWithText, createPlan, settle } from './app-driver.ts';
import { lockNow, lockScreen, setPin, unlock } from './lock-driver.ts';

const PIN = '602718';
const KEPT = 'Jan slaapt bij oma als papa boos is';

let server: AppServer;
let device: TestBrowser;

beforeAll(async () => {
  server = await startAppServer();
  device = await launchBrowser();
});
afterAll(async () => {
  await device?.close();
  await server?.close();
});

describe('locking while the device store refuses writes', () => {
  it('still locks, says on the lock screen that the last change could not be saved, and keeps everything saved before', async () => {
    const page = await device.context.newPage();
    const errors: string[] = [];
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    // The store starts refusing writes when the test says so (a full or broken IndexedDB).
    await page.addInitScript(() => {
      const put = IDBObjectStore.prototype.put;
      IDBObjectStore.prototype.put = function (this: IDBObjectStore, ...args: Parameters<typeof put>) {
        if ((window as unknown as { failWrites?: boolean }).failWrites) throw new DOMException('the disk said no', 'UnknownError');
        return put.apply(this, args);
      };
    });
    await page.goto(server.url);
    await createPlan(page, 'Plan familie Smit', 'Sanne');
    await page.locator('a.brand').click();
    await setPin(page, PIN);
    await page.locator('.plan-card').first().click();
    await addItemWithText(page, 'unsafeSituations', KEPT);
    await settle(page);

    await page.evaluate(() => ((window as unknown as { failWrites?: boolean }).failWrites = true));
    await page.keyboard.type(' en dit gaat verloren');
    await lockNow(page);
    const note = page.locator('.lock-not-all-saved');
    await note.waitFor({ timeout: 10_000 });
    expect(await note.textContent()).toBe(
      'Je laatste wijziging kon niet meer worden bewaard voor het slot. De rest is bewaard. Open het apparaat en kijk of alles er nog staat.',
    );
    expect(await lockScreen(page).count()).toBe(1);
    expect(await page.getByText(KEPT).count()).toBe(0);
    expect(errors.some((e) => e.includes('lock: could not save the open plan'))).toBe(true);

    // The store works again: what was saved before is all there, and the note is gone.
    await page.evaluate(() => ((window as unknown as { failWrites?: boolean }).failWrites = false));
    await unlock(page, PIN);
    expect(await page.locator('.lock-not-all-saved').count()).toBe(0);
    await page.locator('.plan-card').first().click();
    await page.getByText(KEPT).first().waitFor({ timeout: 20_000 });
  }, 120_000);

  it('does not wait on a store that never finishes a write: the keys go within seconds and the lock screen says so', async () => {
    // A device of its own: the first one is locked with a PIN by now.
    const stuck = await launchBrowser();
    try {
    const page = await stuck.context.newPage();
    const errors: string[] = [];
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    // A stuck IndexedDB: write transactions are taken but never say they are done.
    await page.addInitScript(() => {
      const complete = Object.getOwnPropertyDescriptor(IDBTransaction.prototype, 'oncomplete')!;
      Object.defineProperty(IDBTransaction.prototype, 'oncomplete', {
        configurable: true,
        get(this: IDBTransaction) {
          return complete.get!.call(this) as unknown;
        },
        set(this: IDBTransaction, handler: unknown) {
          if ((window as unknown as { hangWrites?: boolean }).hangWrites && this.mode === 'readwrite') return;
          complete.set!.call(this, handler);
        },
      });
    });
    await page.goto(server.url);
    await createPlan(page, 'Plan familie de Boer', 'Ilse');
    await page.locator('a.brand').click();
    await setPin(page, PIN);
    await page.locator('.plan-card').first().click();
    await addItemWithText(page, 'unsafeSituations', KEPT);
    await settle(page);

    await page.evaluate(() => ((window as unknown as { hangWrites?: boolean }).hangWrites = true));
    await page.keyboard.type(' en dit blijft hangen');
    const locked = Date.now();
    await lockNow(page);
    const note = page.locator('.lock-not-all-saved');
    await note.waitFor({ timeout: 10_000 });
    expect(Date.now() - locked).toBeLessThan(10_000);
    expect(await lockScreen(page).count()).toBe(1);
    expect(await page.getByText(KEPT).count()).toBe(0);
    expect(errors.some((e) => e.includes('lock: could not save the open plan'))).toBe(true);
    } finally {
      await stuck.close();
    }
  }, 120_000);
});
