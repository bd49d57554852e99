import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startNetworkGate } from '../support/app-server.ts';
import { createPlan, fieldOf, settle } from './app-driver.ts';
import { createPlanAsProfessional, inviteFor, joinByLink, memberCard, openMembers, tablet } from './members-driver.ts';
import { openShareAndInvite, until } from './share-driver.ts';
import { tabletsForThisFile } from '../support/tablets-for-this-file.ts';

/**
 * A device lets go of a plan: "Verwijder van dit apparaat" asks first (and warns when changes were
 * not shared yet), then takes every trace of the plan out of the device's IndexedDB. A device that
 * was taken out of the plan says "Je hoort niet meer bij dit plan" with that button first.
 */
const { server, browser, consoleLines } = tabletsForThisFile();

const planIdOf = (p: Page) => decodeURIComponent(new URL(p.url()).hash.replace(/^#\/plan\//, ''));

/** Every key of the app's IndexedDB store, and the keys whose value names `planId` anywhere in its strings. */
function storeReading(page: Page, planId: string): Promise<{ keys: string[]; naming: string[] }> {
  return page.evaluate(async (id) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open('safeplan');
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    const tx = db.transaction('kv', 'readonly').objectStore('kv');
    const all = <T,>(r: IDBRequest<T>) => new Promise<T>((resolve, reject) => ((r.onsuccess = () => resolve(r.result)), (r.onerror = () => reject(r.error))));
    const keys = (await all(tx.getAllKeys())).map(String);
    const values = await all(tx.getAll());
    db.close();
    const strings = (v: unknown): string[] =>
      typeof v === 'string' ? [v] : v && typeof v === 'object' && !ArrayBuffer.isView(v) ? Object.values(v).flatMap(strings) : [];
    const naming = keys.filter((_, i) => strings(values[i]).some((s) => s.includes(id)));
    return { keys, naming };
  }, planId);
}

describe('removing a plan from a device', () => {
  it('a plan with changes not shared yet: warns, then leaves nothing of it in the store; other plans stay', async () => {
    const page = await tablet(browser, 'phone', consoleLines);
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(server.url);
    await createPlan(page, 'Plan om te houden', 'Sanne');
    await page.locator('a.back').click();
    await createPlan(page, 'Plan om weg te halen', 'Sanne');
    const planId = planIdOf(page);
    await fieldOf(page, 'header', 0, 0).click();
    await page.keyboard.type('Familie De Vries');
    await settle(page);
    expect((await storeReading(page, planId)).keys.filter((k) => k.includes(planId)).length).toBeGreaterThan(2);

    await page.locator('a.back').click();
    const card = page.locator('.plan-list-item', { has: page.locator('.plan-card-title', { hasText: 'Plan om weg te halen' }) });
    await card.getByRole('button', { name: 'Verwijder van dit apparaat' }).click();
    const dialog = card.getByRole('alertdialog');
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain('Wil je dit plan van dit apparaat verwijderen?');
    expect(Number(await dialog.locator('[data-unshared]').getAttribute('data-unshared'))).toBeGreaterThan(0);
    expect(await dialog.locator('[data-unshared]').textContent()).toBe('Let op: dit plan staat alleen op dit apparaat. Daarna is het helemaal weg.');
    await page.screenshot({ path: '/tmp/safeplan-remove-confirm-phone.png' });

    // "Nee" keeps everything.
    await dialog.getByRole('button', { name: 'Nee, bewaren' }).click();
    expect((await storeReading(page, planId)).keys.filter((k) => k.includes(planId)).length).toBeGreaterThan(2);

    await card.getByRole('button', { name: 'Verwijder van dit apparaat' }).click();
    await card.getByRole('button', { name: 'Ja, verwijder het plan' }).click();
    await expect.poll(() => page.locator('.plan-card-title').allTextContents()).toEqual(['Plan om te houden']);
    const after = await storeReading(page, planId);
    expect(after.keys.filter((k) => k.includes(planId))).toEqual([]);
    expect(after.naming).toEqual([]);
    expect(after.keys.some((k) => k.endsWith('/meta'))).toBe(true); // the other plan is still there

    // Opening the removed plan's address finds nothing.
    await page.reload();
    await expect.poll(() => page.locator('.plan-card-title').allTextContents()).toEqual(['Plan om te houden']);
    expect(consoleLines.filter((l) => l.includes('pageerror'))).toEqual([]);
  }, 60_000);

  it('a shared plan with changes the relay has not stored yet: the question warns that they will be lost', async () => {
    const gate = await startNetworkGate(server);
    try {
      const page = await tablet(browser, 'offline', consoleLines);
      await page.goto(gate.url);
      await createPlan(page, 'Gedeeld plan', 'Sanne');
      await openShareAndInvite(page);
      await until('the plan is shared and synced', 20_000, async () => (await page.locator('.sync-status').getAttribute('data-sync')) === 'synced');
      gate.cut();
      await fieldOf(page, 'header', 0, 0).click();
      await page.keyboard.type('Nog niet gedeeld');
      await settle(page);
      await page.locator('a.back').click();
      await page.getByRole('button', { name: 'Verwijder van dit apparaat' }).click();
      const dialog = page.getByRole('alertdialog');
      expect(await dialog.textContent()).toContain('De anderen houden het plan.');
      expect(await dialog.locator('[data-unshared]').textContent()).toBe('Let op: niet al je wijzigingen zijn gedeeld. Wat nog niet gedeeld is, gaat verloren.');
      await dialog.getByRole('button', { name: 'Nee, bewaren' }).click();
      expect(await page.locator('.plan-card-title').allTextContents()).toEqual(['Gedeeld plan']);
    } finally {
      await gate.close();
    }
  }, 60_000);

  it('a device taken out of the plan says so with the remove button first, and removing leaves nothing', async () => {
    const pro = await tablet(browser, 'pro', consoleLines);
    const mother = await tablet(browser, 'mother', consoleLines);
    await pro.goto(server.url);
    await createPlanAsProfessional(pro, 'Veiligheidsplan familie Jansen', 'Sanne', 'casusregisseur');
    await joinByLink(mother, server.url, await inviteFor(pro, 'editor', 'household'), 'Petra');
    const planId = planIdOf(mother);

    await openMembers(pro);
    await until('the owner sees Petra', 15_000, async () => (await memberCard(pro, 'Petra').count()) === 1);
    await memberCard(pro, 'Petra').getByRole('button', { name: 'Uit het plan halen' }).click();
    await pro.getByRole('button', { name: 'Ja, uit het plan halen' }).click();

    const banner = mother.locator('[data-access="revoked"]');
    await banner.waitFor({ timeout: 15_000 });
    expect(await banner.getByRole('heading').textContent()).toBe('Je hoort niet meer bij dit plan');
    // The first thing to do in the banner is to let go of the plan.
    expect(await banner.getByRole('button').first().textContent()).toBe('Verwijder van dit apparaat');
    await mother.evaluate(() => window.scrollTo(0, 0));
    await mother.screenshot({ path: '/tmp/safeplan-revoked-tablet.png' });
    // "Delen" offers nothing to a device that left: it says so.
    await mother.getByRole('button', { name: 'Delen' }).click();
    expect(await mother.locator('.share-panel [data-invite="revoked"]').textContent()).toBe('Je hoort niet meer bij dit plan');
    expect(await mother.locator('.share-panel [data-invite="ask-owner"]').count()).toBe(0);

    // The home card says it too.
    await mother.locator('a.back').click();
    await expect.poll(() => mother.locator('.plan-card-meta').textContent()).toContain('Je hoort niet meer bij dit plan');
    await mother.locator('.plan-card').click();
    await banner.waitFor({ timeout: 15_000 });
    await banner.getByRole('button', { name: 'Verwijder van dit apparaat' }).click();
    await banner.getByRole('button', { name: 'Ja, verwijder het plan' }).click();
    await expect.poll(() => mother.locator('.home .lead').textContent(), { timeout: 10_000 }).toBe('Er staat nog geen plan op dit apparaat.');
    const after = await storeReading(mother, planId);
    expect(after.keys.filter((k) => k.includes(planId))).toEqual([]);
    expect(after.naming).toEqual([]);
    expect(consoleLines.filter((l) => l.includes('pageerror'))).toEqual([]);
  }, 90_000);
});
