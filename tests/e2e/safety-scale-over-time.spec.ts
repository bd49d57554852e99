import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { addItem, addItemWithText, createPlan, fieldOf, openSection } from './app-driver.ts';
import { inviteFor, joinByLink, tablet } from './members-driver.ts';
import { seriousA11yViolations, until } from './share-driver.ts';
import { tabletsForThisFile } from '../support/tablets-for-this-file.ts';

/**
 * Three people score one danger statement over several months (the dates are set in the plan);
 * the owner's chart draws a line per person with the method's anchor lines, a tapped point says
 * why, and the table holds the same numbers. A contributor on her own tablet adds a score, and it
 * reaches the owner's chart.
 */
const { server, browser, consoleLines } = tabletsForThisFile();

const DANGER = 'Wij zijn bang dat Sem geslagen wordt als papa drinkt.';
/** Who, when and what, in the order they are entered (not by date: the chart sorts by the plan's dates). */
const SCORES: { who: string; date: string; score: number; reason: string }[] = [
  { who: 'Sanne', date: '2026-06-10', score: 3, reason: 'Papa sloeg in mei nog de deur kapot.' },
  { who: 'Oma Truus', date: '2026-06-12', score: 4, reason: 'Ik zag Sem bang naar huis gaan.' },
  { who: 'Wijkteam Ali', date: '2026-06-15', score: 2, reason: 'Er is nog geen afspraak over drank.' },
  { who: 'Sanne', date: '2026-08-20', score: 6, reason: 'Papa gaat naar buiten als hij boos wordt.' },
  { who: 'Oma Truus', date: '2026-08-22', score: 6, reason: 'Sem belde mij zelf toen het misging.' },
  { who: 'Wijkteam Ali', date: '2026-09-01', score: 5, reason: 'Het gaat beter, maar nog maar kort.' },
  { who: 'Sanne', date: '2026-11-02', score: 7, reason: 'Al twee maanden geen ruzie met slaan.' },
  { who: 'Oma Truus', date: '2026-11-05', score: 8, reason: 'Sem slaapt weer bij ons zonder zorgen.' },
  { who: 'Wijkteam Ali', date: '2026-11-10', score: 6, reason: 'De afspraken worden nagekomen.' },
];

const seen = async () => `console: ${consoleLines.join(' | ')}`;
const chartOf = (p: Page) => p.locator('.scale-over-time .scale-chart').first();

async function addScore(page: Page, s: { who: string; date: string; score: number; reason: string }): Promise<void> {
  const index = await addItem(page, 'safetyScale');
  const item = page.locator('section[data-section="safetyScale"] .plan-item').nth(index);
  // The caret waits in the reason (who is already my name).
  await page.keyboard.type(s.reason);
  const who = fieldOf(page, 'safetyScale', index, 0);
  if ((await who.textContent()) !== s.who) {
    await who.click();
    await page.keyboard.press('End');
    await page.keyboard.press('Shift+Home');
    await page.keyboard.type(s.who);
  }
  await until(`"${s.who}" is written as who`, 5_000, async () => (await who.textContent()) === s.who, async () => `who reads "${await who.textContent()}"`);
  await item.getByLabel('Bij welke gevaarsomschrijving?').selectOption({ label: DANGER });
  await item.locator('.score-option', { hasText: new RegExp(`^${s.score}$`) }).click();
  await item.locator('input[type="date"]').fill(s.date);
}

describe('the safety scale over time', () => {
  it('draws a line per person with the anchor lines, tells why on a tap, holds the same numbers in a table, and takes a contributor\'s score', async () => {
    const owner = await tablet(browser, 'owner', consoleLines);
    await owner.goto(server.url);
    await createPlan(owner, 'Veiligheidsplan familie Smit', 'Sanne');
    await addItemWithText(owner, 'dangerStatements', DANGER);
    await openSection(owner, 'monitoring');
    await owner.locator('section[data-section="monitoring"] input[type="date"]').fill('2026-12-20');
    for (const s of SCORES) await addScore(owner, s);

    // Three lines, each with its three points, and the 6 and 7 anchor lines.
    const chart = chartOf(owner);
    // Every score on its person's line, at its date and number (the chart redraws a moment after typing stops).
    const expected = SCORES.map((s) => `${s.who} ${s.date}=${s.score}`).sort();
    const drawn = () =>
      chart.locator('.score-point').evaluateAll((ps) =>
        ps.map((p) => `${p.closest('.score-line')?.getAttribute('data-line')} ${p.getAttribute('data-date')}=${p.getAttribute('data-score')}`).sort(),
      );
    await until('the chart shows every score on its line', 15_000, async () => JSON.stringify(await drawn()) === JSON.stringify(expected), async () => `${JSON.stringify(await drawn())}; ${await seen()}`);
    expect(await chart.locator('.score-line').count()).toBe(3);
    expect(await chart.locator('.scale-legend li').allTextContents()).toEqual(['Sanne', 'Oma Truus', 'Wijkteam Ali']);
    expect(new Set(await chart.locator('.scale-legend li').evaluateAll((l) => l.map((e) => e.getAttribute('data-shape')))).size).toBe(3);
    expect(await chart.locator('[data-anchor="6"]').textContent()).toBe('6 directe veiligheid');
    expect(await chart.locator('[data-anchor="7"]').textContent()).toBe('7 stabiele veiligheid');
    expect(await chart.locator('.time-mark[data-mark="evaluation"]').getAttribute('data-date')).toBe('2026-12-20');
    // Oma's line goes through her scores in date order.
    const omaPoints = chart.locator('.score-line[data-line="Oma Truus"] .score-point');
    expect(await omaPoints.evaluateAll((ps) => ps.map((p) => `${p.getAttribute('data-date')}=${p.getAttribute('data-score')}`))).toEqual([
      '2026-06-12=4',
      '2026-08-22=6',
      '2026-11-05=8',
    ]);

    // Tapping a point shows that score's reason.
    await omaPoints.nth(1).click();
    await until('the reason shows', 5_000, async () => ((await chart.locator('.scale-reason').textContent()) ?? '').includes('Sem belde mij zelf toen het misging.'), seen);
    expect(await chart.locator('.scale-reason').textContent()).toContain('Oma Truus, 22 augustus 2026: 6');
    // And by keyboard too.
    await chart.locator('.score-line[data-line="Wijkteam Ali"] .score-point').last().focus();
    await owner.keyboard.press('Enter');
    await until('the keyboard reason shows', 5_000, async () => ((await chart.locator('.scale-reason').textContent()) ?? '').includes('De afspraken worden nagekomen.'), seen);

    // The table holds the same numbers.
    await chart.locator('.scale-table-toggle summary').click();
    const rows = await chart.locator('.scale-table tbody tr').evaluateAll((trs) =>
      trs.map((tr) => `${tr.getAttribute('data-date')} ${tr.getAttribute('data-who')} ${tr.querySelectorAll('td')[1]?.textContent}`),
    );
    expect(rows.sort()).toEqual(SCORES.map((s) => `${s.date} ${s.who} ${s.score}`).sort());

    expect(await seriousA11yViolations(owner)).toEqual([]);

    // A version fixed after a network meeting is marked on the time axis, and its print holds the chart and the table.
    await owner.getByRole('button', { name: 'Wijzigingen', exact: true }).first().click();
    await owner.getByRole('tab', { name: 'Versies' }).click();
    await owner.getByLabel('Naam van de versie').fill('Na het netwerkberaad');
    await owner.getByLabel('Datum van het beraad').fill('2026-09-15');
    await owner.getByRole('button', { name: 'Versie vaststellen' }).click();
    await owner.locator('.rv-version[data-version="1"]').waitFor({ timeout: 5000 });
    await until('the version is on the time axis', 10_000, async () => (await chart.locator('.time-mark[data-mark="version"]').getAttribute('data-date').catch(() => null)) === '2026-09-15', seen);
    await owner.locator('.rv-version[data-version="1"]').getByRole('button', { name: 'Afdrukken of als PDF bewaren' }).click();
    const printed = owner.locator('.rv-print .scale-chart');
    await printed.waitFor();
    expect(await printed.locator('.score-line').count()).toBe(3);
    expect(await printed.locator('[data-anchor="6"]').count()).toBe(1);
    expect(await printed.locator('.time-mark[data-mark="version"]').getAttribute('data-date')).toBe('2026-09-15');
    expect(await printed.locator('.scale-table tbody tr').count()).toBe(SCORES.length);
    await owner.emulateMedia({ media: 'print' });
    await printed.screenshot({ path: '/tmp/safeplan-scale-over-time-print.png' });
    await owner.emulateMedia({ media: 'screen' });
    await owner.getByRole('button', { name: 'Sluiten' }).first().click().catch(() => undefined);
    await owner.keyboard.press('Escape');
    if (await owner.locator('.rv-print').count()) await owner.locator('.rv-print-actions button').nth(1).click();

    for (const [w, h] of [[390, 844], [768, 1024], [1024, 768]] as const) {
      await owner.setViewportSize({ width: w, height: h });
      await openSection(owner, 'safetyScale');
      await owner.waitForTimeout(300);
      await chart.screenshot({ path: `/tmp/safeplan-scale-over-time-${w}.png` });
    }
    await owner.setViewportSize({ width: 768, height: 1024 });

    // A contributor on her own tablet adds a score; it appears in the owner's chart as a fourth line.
    const link = await inviteFor(owner, 'contributor', 'network');
    const buurvrouw = await tablet(browser, 'buurvrouw', consoleLines);
    await joinByLink(buurvrouw, server.url, link, 'Buurvrouw Fatma');
    await until('the contributor has the plan', 20_000, async () => (await buurvrouw.locator('section[data-section="dangerStatements"]').textContent())?.includes('Sem geslagen') ?? false, seen);
    await until('the contributor sees the chart', 20_000, async () => (await chartOf(buurvrouw).locator('.score-point').count()) === 9, seen);
    await addScore(buurvrouw, { who: 'Buurvrouw Fatma', date: '2026-11-20', score: 6, reason: 'Ik hoor geen geschreeuw meer.' });
    await until('the owner sees her score in the chart', 20_000, async () => (await chart.locator('.score-line').count()) === 4, seen);
    const hers = chart.locator('.score-line[data-line="Buurvrouw Fatma"] .score-point');
    expect(await hers.getAttribute('data-score')).toBe('6');
    await hers.click();
    await until('her reason shows', 5_000, async () => ((await chart.locator('.scale-reason').textContent()) ?? '').includes('Ik hoor geen geschreeuw meer.'), seen);
    expect(consoleLines.filter((l) => l.includes('pageerror'))).toEqual([]);
  }, 180_000);
});
