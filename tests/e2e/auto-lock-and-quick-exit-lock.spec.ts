import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page, WebSocket as RelaySocket } from 'playwright-core';
import { launchBrowser, type TestBrowser } from '../support/browser.ts';
import { startAppServer, type AppServer } from '../support/app-server.ts';
import { addItemWithText, createPlan } from './app-driver.ts';
import { lockScreen, setPin, unlock } from './lock-driver.ts';
import { openShareAndInvite, planText, until } from './share-driver.ts';

const PIN = '602718';
const SECRET = 'Geheim-AL: de sleutel ligt bij de buren';
const NEUTRAL = 'https://www.buienradar.nl/';

let server: AppServer;
let deviceA: TestBrowser;
let deviceB: TestBrowser;
const lines: string[] = [];

beforeAll(async () => {
  server = await startAppServer();
  deviceA = await launchBrowser();
  deviceB = await launchBrowser();
});
afterAll(async () => {
  await deviceA?.close();
  await deviceB?.close();
  await server?.close();
});

/**
 * Counts the page's relay sockets that are open or opening, to see that locking closes the relay
 * connection. The app keeps them in a worker (worker-websocket.ts); Chromium reports a worker's
 * sockets to the page's listeners as well.
 */
function trackSockets(page: Page): () => number {
  const sockets: RelaySocket[] = [];
  page.on('websocket', (ws) => sockets.push(ws));
  return () => sockets.filter((s) => !s.isClosed()).length;
}
const syncKind = (p: Page) => p.locator('.sync-status').getAttribute('data-sync');

async function openPlan(page: Page): Promise<void> {
  await page.locator('.plan-card').first().click();
  await page.locator('.plan-section').first().waitFor({ timeout: 20_000 });
}

describe('auto-lock and quick exit lock', () => {
  it('idle locks (no plan text in the DOM, relay closed), unlocking brings the plan back with edits made meanwhile; quick exit locks too', async () => {
    const a = await deviceA.context.newPage();
    const b = await deviceB.context.newPage();
    for (const [label, p] of [['A', a], ['B', b]] as const) {
      p.on('pageerror', (e) => lines.push(`${label} pageerror: ${e.message}`));
      p.on('console', (m) => m.type() === 'error' && lines.push(`${label}: ${m.text()}`));
    }
    const liveSockets = trackSockets(a);
    await a.clock.install();
    await a.goto(server.url);

    // A sets a PIN on a device that already has a shared plan; B joins it.
    await createPlan(a, 'Plan AL', 'Sanne');
    await addItemWithText(a, 'unsafeSituations', SECRET);
    const link = await openShareAndInvite(a);
    await b.goto(server.url + new URL(link).hash);
    await b.getByLabel('Jouw naam').fill('Bram');
    await b.getByRole('button', { name: 'Meedoen' }).click();
    await b.locator('.plan-section').first().waitFor({ timeout: 20_000 });
    await b.getByRole('button', { name: 'De code klopt' }).click();
    await a.locator('a.brand').click();
    await setPin(a, PIN);
    await openPlan(a);
    await a.getByText(SECRET).waitFor();
    await until('A is synced', 20_000, async () => (await syncKind(a)) === 'synced', async () => lines.join(' | '));
    expect(liveSockets()).toBeGreaterThan(0);

    // Five minutes without a touch: locked.
    await a.clock.fastForward('05:01');
    await lockScreen(a).waitFor({ timeout: 10_000 });
    expect(await a.content()).not.toContain('Geheim-AL');
    expect(await a.locator('.ProseMirror, .plan-section').count()).toBe(0);
    await until('the relay connection is closed', 10_000, async () => (liveSockets()) === 0);

    // Meanwhile B writes.
    await addItemWithText(b, 'unsafeSituations', 'Van Bram tijdens het slot');
    await until('B is synced', 20_000, async () => (await syncKind(b)) === 'synced', async () => lines.join(' | '));

    // Unlocking brings the plan back, with B's edit, and it syncs both ways again.
    await unlock(a, PIN).catch(async (err: Error) => {
      throw new Error(`${err.message}; A shows: ${await a.locator('main').innerText()}; ${lines.join(' | ')}`);
    });
    await openPlan(a);
    await a.getByText(SECRET).waitFor();
    await until('A receives what B wrote while A was locked', 20_000, async () => (await planText(a)).includes('Van Bram tijdens het slot'), async () => `${JSON.stringify(await planText(a))} ${lines.join(' | ')}`);
    await addItemWithText(a, 'unsafeSituations', 'Van Sanne na het slot');
    await until('B receives what A wrote after unlocking', 20_000, async () => (await planText(b)).includes('Van Sanne na het slot'), async () => lines.join(' | '));

    // Quick exit (Escape three times) locks at once: coming back shows the lock screen only.
    await a.route(`${NEUTRAL}**`, (route) => route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>Het weer</title><h1>Buien</h1>' }));
    await a.locator('.field-text').first().click();
    for (let i = 0; i < 3; i++) await a.keyboard.press('Escape');
    await a.waitForURL(NEUTRAL);
    await a.goto(server.url);
    await lockScreen(a).waitFor();
    expect(await a.content()).not.toContain('Geheim-AL');
    expect(await a.locator('.plan-card').count()).toBe(0);
    await unlock(a, PIN);
    await openPlan(a);
    await a.getByText('Van Sanne na het slot').waitFor();
    // Locking in the middle of a live session leaves no failed write or unhandled error behind.
    expect(lines).toEqual([]);
  }, 180_000);
});
