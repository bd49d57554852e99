import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { addItem, addItemWithText, createPlan, fieldOf } from './app-driver.ts';
import { inviteFor, joinByLink, tablet } from './members-driver.ts';
import { until } from './share-driver.ts';
import { tabletsForThisFile } from '../support/tablets-for-this-file.ts';

/**
 * A plan has two documents: the plan itself (owners and editors) and the scores and log (everyone
 * but readers). An owner and a network member who may only contribute, each on their own tablet
 * (one Chromium, two contexts with their own storage), against one real relay.
 */
const { server, browser, consoleLines } = tabletsForThisFile();

const device = (label: string): Promise<Page> => tablet(browser, label, consoleLines);

/** The local date as the date inputs hold it. */
const today = () => {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};
const text = async (p: Page, section: string, index = 0, field = 0) => (await fieldOf(p, section, index, field).textContent()) ?? '';
const refusals = () => server.logLines().filter((l) => /refused|failed|rate-limited/.test(l));

async function state(pages: Record<string, Page>): Promise<string> {
  const parts = await Promise.all(
    Object.entries(pages).map(async ([name, p]) => `${name}: ${await p.locator('.sync-status').textContent()} (${await p.locator('.sync-status').getAttribute('data-code')})`),
  );
  return `${parts.join('; ')}; console: ${consoleLines.join(' | ')}; relay: ${refusals().join(' | ')}`;
}

describe('a contributor in the network', () => {
  it('writes a log entry and a safety score, cannot change the plan, and sees the owner\'s plan edits', async () => {
    const owner = await device('owner');
    const oma = await device('oma');
    const all = () => state({ owner, oma });

    // The owner writes a plan with a danger statement, and invites a network member as contributor.
    await owner.goto(server.url);
    await createPlan(owner, 'Veiligheidsplan familie Jansen', 'Sanne');
    await fieldOf(owner, 'header', 0, 0).click();
    await owner.keyboard.type('Familie Jansen');
    await addItemWithText(owner, 'dangerStatements', 'Papa drinkt en wordt dan boos');
    const link = await inviteFor(owner, 'contributor', 'network');
    await joinByLink(oma, server.url, link, 'Oma Els');
    await until('the contributor has the plan', 20_000, async () => (await text(oma, 'dangerStatements')).includes('Papa drinkt'), all);

    // The plan is read-only for her, and the screen says what she can do instead.
    expect(await oma.locator('.plan-editor').getAttribute('contenteditable')).toBe('false');
    expect(await oma.locator('.contributions-editor').getAttribute('contenteditable')).toBe('true');
    expect(await oma.locator('[data-access="contributor"]').textContent()).toBe('Je kunt het plan lezen. Scores en het logboek kun je zelf invullen.');
    expect(await oma.locator('[data-access="read-only"]').count()).toBe(0);
    expect(await oma.locator('.plan-editor .section-actions button').count()).toBe(0);
    expect(await oma.locator('.plan-editor .delete-item').count()).toBe(0);
    await oma.evaluate(() => window.scrollTo(0, 0));
    await oma.screenshot({ path: '/tmp/safeplan-contributor-reads-the-plan.png' });
    await fieldOf(oma, 'header', 0, 0).click({ force: true });
    await oma.keyboard.type(' van Oma');
    expect(await text(oma, 'header')).toBe('Familie Jansen');

    // She writes what happened in the log: her name and today's date are already filled in, and
    // the caret waits in the first empty field.
    await addItem(oma, 'safetyLog');
    expect(await text(oma, 'safetyLog', 0, 0)).toBe('Oma Els');
    expect(await oma.locator('section[data-section="safetyLog"] .plan-item input[type="date"]').first().inputValue()).toBe(today());
    await oma.keyboard.type('Ruzie bij het eten. Ik kwam langs.');
    expect(await text(oma, 'safetyLog', 0, 1)).toBe('Ruzie bij het eten. Ik kwam langs.');

    // She gives a score for the owner's danger statement: its choices come from the plan document.
    await addItem(oma, 'safetyScale');
    await oma.keyboard.type('Papa belde mij zelf toen het misging.');
    const omaScore = oma.locator('section[data-section="safetyScale"] .plan-item').first();
    await omaScore.getByLabel('Bij welke gevaarsomschrijving?').selectOption({ label: 'Papa drinkt en wordt dan boos' });
    await omaScore.locator('.score-option', { hasText: /^7$/ }).click();
    await oma.locator('.contributions').screenshot({ path: '/tmp/safeplan-contributor-scores-and-log.png' });

    // The owner sees both arrive, the score pointing at her danger statement.
    await until('the owner sees the log entry', 15_000, async () => (await text(owner, 'safetyLog', 0, 1)).includes('Ruzie bij het eten'), all);
    const ownerScore = owner.locator('section[data-section="safetyScale"] .plan-item').first();
    await until('the owner sees the score', 15_000, async () => (await ownerScore.locator('.score-option.chosen').textContent()) === '7', all);
    expect(await text(owner, 'safetyScale', 0, 0)).toBe('Oma Els');
    expect(await text(owner, 'safetyScale', 0, 1)).toBe('Papa belde mij zelf toen het misging.');
    const dangerId = await owner.locator('section[data-section="dangerStatements"] .plan-item').first().getAttribute('data-id');
    expect(await ownerScore.getByLabel('Bij welke gevaarsomschrijving?').inputValue()).toBe(dangerId);

    // The owner changes the plan; the change reaches the contributor.
    await fieldOf(owner, 'monitoring', 0, 0).click();
    await owner.keyboard.type('Oma kijkt elke dag');
    await until('the contributor sees the owner\'s plan edit', 15_000, async () => (await text(oma, 'monitoring')).includes('Oma kijkt elke dag'), all);

    // Her attempt to type in the plan went nowhere: not on her screen, not to the owner, not to the relay.
    expect(await text(owner, 'header')).toBe('Familie Jansen');
    expect(await text(oma, 'header')).toBe('Familie Jansen');
    expect(refusals()).toEqual([]);
    expect(consoleLines.filter((l) => l.includes('pageerror'))).toEqual([]);
  }, 120_000);
});
