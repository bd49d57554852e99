import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { addItemWithText, createPlan, fieldOf, settle } from './app-driver.ts';
import { tablet } from './members-driver.ts';
import { seriousA11yViolations, until } from './share-driver.ts';
import { tabletsForThisFile } from '../support/tablets-for-this-file.ts';

/**
 * The phase track at the top of the plan reads its checklist from the plan as it is written, and
 * moving on is an owner's decision the plan keeps: with points still open, only after saying why.
 */
const { server, browser, consoleLines } = tabletsForThisFile();

const track = (p: Page) => p.locator('.phase-track');
const criterion = (p: Page, id: string) => track(p).locator(`[data-criterion="${id}"]`);
const currentPhase = (p: Page) => track(p).locator('[aria-current="step"]').getAttribute('data-phase-step');
const openChecklist = async (p: Page) => {
  const details = track(p).locator('details.phase-details');
  if ((await details.getAttribute('open')) === null) await details.locator('summary').click();
};
const seen = async () => `console: ${consoleLines.join(' | ')}`;

describe('the phase track', () => {
  it('fills in its checklist as the plan is written, and records who moved on, when and why', async () => {
    const page = await tablet(browser, 'owner', consoleLines);
    await page.goto(server.url);
    await createPlan(page, 'Veiligheidsplan familie Bakker', 'Sanne');

    // A new plan starts in alignment; its one criterion is open until the plan names the roles.
    await track(page).waitFor();
    expect(await currentPhase(page)).toBe('afstemming');
    await openChecklist(page);
    expect(await criterion(page, 'roles-known').getAttribute('data-status')).toBe('open');
    // The phase is not a free dropdown in the plan's details any more: it moves through the track.
    expect(await page.locator('section[data-section="header"] select').evaluateAll((s) => s.map((e) => (e as HTMLSelectElement).options[0]?.value))).not.toContain('afstemming');

    await fieldOf(page, 'header', 0, 1).click();
    await page.keyboard.type('Els de Vries (Veilig Thuis)');
    await fieldOf(page, 'header', 0, 2).click();
    await page.keyboard.type('Ali Bakir (wijkteam)');
    await until('the roles criterion is met', 10_000, async () => (await criterion(page, 'roles-known').getAttribute('data-status')) === 'met', seen);

    // Nothing open: the owner moves on without being asked why.
    await page.getByRole('button', { name: 'Naar fase Veiligheid' }).click();
    expect(await page.locator('#phase-why').count()).toBe(0);
    await page.getByRole('button', { name: 'Ja, naar fase Veiligheid' }).click();
    await until('the plan is in direct safety', 10_000, async () => (await currentPhase(page)) === 'veiligheid', seen);

    // Direct safety's checklist follows the plan: an agreement makes "agreements present" met.
    await openChecklist(page);
    expect(await criterion(page, 'agreements-present').getAttribute('data-status')).toBe('open');
    expect(await criterion(page, 'next-phases-settled').getAttribute('data-status')).toBe('check');
    await addItemWithText(page, 'safetyAgreements', 'Papa gaat naar buiten als hij boos wordt.');
    await until('the agreements criterion is met', 10_000, async () => (await criterion(page, 'agreements-present').getAttribute('data-status')) === 'met', seen);
    const open = await track(page).locator('[data-status="open"]').count();
    expect(open).toBeGreaterThan(0);
    expect(await seriousA11yViolations(page)).toEqual([]);
    for (const [w, h] of [[390, 844], [1024, 768], [768, 1024]] as const) {
      await page.setViewportSize({ width: w, height: h });
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.screenshot({ path: `/tmp/safeplan-phase-track-${w}.png` });
    }

    // With points open, moving on first asks why; an empty answer is refused in plain words.
    await page.getByRole('button', { name: 'Naar fase Risicogestuurd' }).click();
    const why = page.getByLabel(`Waarom nu? ${open} punten staan nog open.`);
    await why.waitFor();
    await page.getByRole('button', { name: 'Ja, naar fase Risicogestuurd' }).click();
    expect(await page.getByRole('alert').filter({ hasText: 'Schrijf eerst op waarom' }).count()).toBe(1);
    expect(await currentPhase(page)).toBe('veiligheid');
    await track(page).screenshot({ path: '/tmp/safeplan-phase-track-asks-why.png' });
    await why.fill('Het netwerkberaad besloot dit samen. De scores komen volgende week.');
    await page.getByRole('button', { name: 'Ja, naar fase Risicogestuurd' }).click();
    await until('the plan is risk-driven', 10_000, async () => (await currentPhase(page)) === 'risicogestuurd', seen);

    // The plan keeps both decisions with who and when, and the reason with what was open.
    await openChecklist(page);
    const decisions = track(page).locator('.phase-decisions li');
    await until('both decisions are listed', 10_000, async () => (await decisions.count()) === 2, seen);
    const last = (await decisions.nth(1).textContent()) ?? '';
    expect(last).toContain('Sanne zette het plan van Veiligheid naar Risicogestuurd.');
    expect(last).toContain(`${open} punten stonden nog open.`);
    expect(last).toContain('Waarom: Het netwerkberaad besloot dit samen.');
    const year = String(new Date().getFullYear());
    expect(last).toContain(year);
    // It is plan content: the decisions are items in the plan document, and survive a reload.
    expect(await page.locator('section[data-section="header"] .plan-item[data-item="phase_decision"]').count()).toBe(2);
    await settle(page);
    await page.reload();
    await track(page).waitFor();
    await until('the phase survives a reload', 15_000, async () => (await currentPhase(page)) === 'risicogestuurd', seen);
    await openChecklist(page);
    expect(await criterion(page, 'months-at-six').getAttribute('data-status')).toBe('open');
    expect(await criterion(page, 'network-chairs-meetings').locator('button').textContent()).toBe('Overdracht in Mensen: nog niet begonnen');
    expect(consoleLines.filter((l) => l.includes('pageerror'))).toEqual([]);
  }, 120_000);
});
