import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchBrowser, type TestBrowser } from '../support/browser.ts';
import { startAppServer, type AppServer } from '../support/app-server.ts';
import { createPlan, fieldOf } from './app-driver.ts';
import { openShareAndInvite, until } from './share-driver.ts';

/**
 * In Chromium the signatures of delivered changes are checked in a Web Worker
 * (client/src/sync/worker-run-verifier.ts), not on the thread that types: the worker script is
 * loaded by the receiving page, it does not fail over to the main thread, and the change arrives.
 */
let server: AppServer;
let deviceA: TestBrowser;
let deviceB: TestBrowser;

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

const workerScripts = (p: Page) =>
  p.evaluate(() => performance.getEntriesByType('resource').filter((e) => e.name.includes('run-verify-worker')).length);

describe('delivered changes in the browser', () => {
  it('are authenticated in a Web Worker and applied', async () => {
    const a = await deviceA.context.newPage();
    const b = await deviceB.context.newPage();
    const lines: string[] = [];
    b.on('console', (m) => lines.push(`${m.type()}: ${m.text()}`));
    b.on('pageerror', (e) => lines.push(`pageerror: ${e.message}`));
    await a.goto(server.url);
    await createPlan(a, 'Plan', 'Sanne');
    const link = await openShareAndInvite(a);
    await b.goto(server.url + new URL(link).hash);
    await b.getByLabel('Jouw naam').fill('Bram');
    await b.getByRole('button', { name: 'Meedoen' }).click();
    await b.locator('.plan-section').first().waitFor({ timeout: 20_000 });
    await fieldOf(a, 'header', 0, 0).click();
    await a.keyboard.type('Familie Jansen');
    await until('B has the text', 15_000, async () => (await fieldOf(b, 'header', 0, 0).textContent())?.includes('Familie Jansen') ?? false, async () => lines.join(' | '));
    expect(await workerScripts(b)).toBeGreaterThan(0);
    expect(lines.filter((l) => l.includes('run verification worker failed'))).toEqual([]);
  });
});
