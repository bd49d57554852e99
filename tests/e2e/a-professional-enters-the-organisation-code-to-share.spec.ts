import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { appAndBrowserForThisFile } from '../support/app-and-browser-for-this-file.ts';
import { addItemWithText, createPlan } from './app-driver.ts';
import { dumpHolds, dumpIndexedDb, lockNow, setPin, unlock } from './lock-driver.ts';

const TOKEN = 'regio-utrecht-7f3a';
// A relay whose operator asks for the organisation's code before it creates a plan.
const { server, browser } = appAndBrowserForThisFile({ limits: { creationTokens: [TOKEN] } });

const REFUSED =
  'Op deze server kan alleen een hulpverlener met een code een nieuw plan delen. Heb je een code van je organisatie? Vul die in bij Delen, of bij "Dit apparaat" op het beginscherm. Geen code? Vraag je hulpverlener om het plan te maken. Het plan blijft op dit apparaat.';

function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  return errors;
}

const codeField = (page: Page) => page.getByRole('textbox', { name: 'Code van je organisatie' });

describe('a professional on a relay that creates plans only with the organisation\'s code', () => {
  it('is told in plain words why sharing is refused, enters the code right there, and the invite link is made', async () => {
    const page = await browser.context.newPage();
    const errors = watchErrors(page);
    await page.goto(server.url);
    await createPlan(page);
    await addItemWithText(page, 'dangerStatements', 'Hij gaat harder praten');

    await page.getByRole('button', { name: 'Delen' }).click();
    const panel = page.locator('.share-panel');
    const askedAt = Date.now();
    await panel.getByRole('button', { name: 'Link en QR-code maken' }).click();
    const alert = panel.getByRole('alert');
    await alert.waitFor({ timeout: 15_000 });
    // Refused with its reason at once, not after waiting for the relay as "no connection".
    expect(Date.now() - askedAt).toBeLessThan(10_000);
    expect(await alert.textContent()).toBe(REFUSED);
    const status = page.locator('.sync-status');
    await expect.poll(() => status.getAttribute('data-code'), { timeout: 10_000 }).toBe('token-required');
    expect(await status.textContent()).toBe(REFUSED);

    // The code, in the field offered in place: the invite asked for is then made without asking again.
    await codeField(page).fill(`  ${TOKEN} `);
    await panel.getByRole('button', { name: 'Code bewaren' }).click();
    const link = panel.locator('#share-invite-link');
    await link.waitFor({ timeout: 20_000 });
    expect(await link.inputValue()).toMatch(/#\/join\/[\w-]+#invite=/);
    await expect.poll(() => status.getAttribute('data-sync'), { timeout: 15_000 }).toBe('synced');

    // Nothing written before the refusal was lost, and the relay never logged the code.
    expect(await page.locator('section[data-section="dangerStatements"] .field-text').allTextContents()).toContain('Hij gaat harder praten');
    expect(server.logLines().some((l) => l.includes('"code":"token-required"'))).toBe(true);
    expect(server.logLines().join('\n')).not.toContain(TOKEN);
    expect(errors).toEqual([]);
    await page.close();
  }, 90_000);

  it('enters the code once in "Dit apparaat": it stays after a reload, a new plan is shared at once, and it can be removed', async () => {
    const page = await browser.context.newPage();
    const errors = watchErrors(page);
    await page.goto(server.url);
    const card = page.locator('.device-card');
    await card.getByRole('button', { name: 'Code bewaren' }).click();
    expect(await card.getByRole('alert').textContent()).toBe('Vul eerst een code in.');
    await codeField(page).fill(TOKEN);
    await card.getByRole('button', { name: 'Code bewaren' }).click();
    await card.getByText('De code is bewaard. Je kunt nu delen.').waitFor();
    // Never shown again once saved.
    expect(await codeField(page).inputValue()).toBe('');

    await page.reload();
    await card.getByText('Er is een code bewaard op dit apparaat.').waitFor();
    await createPlan(page, 'Plan voor Sam');
    await page.getByRole('button', { name: 'Delen' }).click();
    const panel = page.locator('.share-panel');
    await panel.getByRole('button', { name: 'Link en QR-code maken' }).click();
    await panel.locator('#share-invite-link').waitFor({ timeout: 20_000 });
    expect(await panel.getByRole('alert').count()).toBe(0);

    await page.getByRole('link', { name: 'Alle plannen' }).click();
    await card.getByRole('button', { name: 'Code weghalen' }).click();
    await card.getByText('De code is weggehaald.').waitFor();
    expect(await card.getByText('Er is een code bewaard op dit apparaat.').count()).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  }, 90_000);

  // Last in this file: it leaves the device locked with a PIN.
  it('keeps the code sealed under a device lock (never in localStorage) and still has it after unlocking', async () => {
    const page = await browser.context.newPage();
    const errors = watchErrors(page);
    await page.goto(server.url);
    const card = page.locator('.device-card');
    await codeField(page).fill(TOKEN);
    await card.getByRole('button', { name: 'Code bewaren' }).click();
    await card.getByText('De code is bewaard. Je kunt nu delen.').waitFor();
    expect(dumpHolds(await dumpIndexedDb(page), TOKEN)).toBe(true); // without a lock: the plain device store

    await setPin(page, '582039');
    expect(dumpHolds(await dumpIndexedDb(page), TOKEN)).toBe(false);
    expect(await page.evaluate(() => JSON.stringify({ ...localStorage }))).not.toContain(TOKEN);
    await lockNow(page);
    await unlock(page, '582039');
    await card.getByText('Er is een code bewaard op dit apparaat.').waitFor();
    expect(errors).toEqual([]);
    await page.close();
  }, 90_000);
});
