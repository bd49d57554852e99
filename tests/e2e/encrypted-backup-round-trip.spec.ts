import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, type TestBrowser } from '../support/browser.ts';
import { startAppServer, type AppServer } from '../support/app-server.ts';
import { addItemWithText, createPlan, settle } from './app-driver.ts';
import { planText } from './share-driver.ts';

const TITLE = 'Plan Reservekopie 8812';
const CANARY = 'Reserve-kanarie: de tas staat bij oma';
const PASS = 'zeven zwanen op het ijs';

let server: AppServer;
let oldDevice: TestBrowser;
let newDevice: TestBrowser;
beforeAll(async () => {
  server = await startAppServer();
  oldDevice = await launchBrowser();
  newDevice = await launchBrowser();
});
afterAll(async () => {
  await oldDevice?.close();
  await newDevice?.close();
  await server?.close();
});

describe('"Exporteer plan" as an encrypted backup', () => {
  it('writes a file with nothing readable in it, that opens the same plan on another device with the passphrase only', async () => {
    const a = await oldDevice.context.newPage();
    await a.goto(server.url);
    await createPlan(a, TITLE, 'Noor');
    await addItemWithText(a, 'unsafeSituations', CANARY);
    await settle(a);
    await a.locator('a.brand').click();
    await a.getByText('Reservekopie van een plan').click();
    await a.getByLabel('Welk plan?').selectOption({ label: TITLE });
    await a.getByLabel('Wachtwoord (minstens 8 tekens)').first().fill(PASS);
    await a.getByLabel('Wachtwoord nog een keer').fill(PASS);
    const [download] = await Promise.all([a.waitForEvent('download'), a.getByRole('button', { name: 'Exporteer plan' }).click()]);
    const path = await download.path();
    const file = await readFile(path);
    expect(file.length).toBeGreaterThan(200);
    for (const text of [TITLE, CANARY, 'Noor', 'plans/']) expect(file.includes(Buffer.from(text)), text).toBe(false);

    const b = await newDevice.context.newPage();
    await b.goto(server.url);
    await b.getByRole('heading', { name: 'Plannen op dit apparaat' }).waitFor();
    await b.getByText('Reservekopie van een plan').click();
    const restore = async (passphrase: string) => {
      await b.getByLabel('Bestand').setInputFiles(path);
      await b.locator('#restore-pass').fill(passphrase);
      await b.getByRole('button', { name: 'Plan terugzetten' }).click();
    };
    // A wrong passphrase is refused in plain words, and nothing is added.
    await restore('niet de goede zin');
    await b.getByText('Het wachtwoord klopt niet, of het bestand is veranderd. Er is niets gewijzigd.').waitFor({ timeout: 20_000 });
    expect(await b.locator('.plan-card').count()).toBe(0);

    await restore(PASS);
    await b.locator('.plan-section').first().waitFor({ timeout: 20_000 });
    await b.getByText(CANARY).waitFor();
    expect(await planText(b)).toContain(CANARY);
    await b.locator('a.brand').click();
    await b.locator('.plan-card', { hasText: TITLE }).waitFor();
  }, 90_000);
});
