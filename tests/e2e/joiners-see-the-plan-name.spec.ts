import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { createPlanAsProfessional, inviteFor, joinByLink, tablet } from './members-driver.ts';
import { until } from './share-driver.ts';
import { tabletsForThisFile } from '../support/tablets-for-this-file.ts';

/**
 * The plan's name is plan content: it travels encrypted in the plan document, so everyone who
 * joins by invite sees the name the professional gave it, in the header and on the home card,
 * and the relay never sees it.
 */
const { server, browser, consoleLines } = tabletsForThisFile();

const TITLE = 'Veiligheidsplan familie Jansen';
const headerTitle = (p: Page) => p.locator('.plan-title').textContent();

describe('the name of a plan', () => {
  it('every joiner sees the name the maker gave it, in the header and on the home card; the relay never sees it', async () => {
    const pro = await tablet(browser, 'pro', consoleLines);
    const mother = await tablet(browser, 'mother', consoleLines);
    const grandma = await tablet(browser, 'grandma', consoleLines);
    await grandma.setViewportSize({ width: 390, height: 844 });
    const describe = async () => `mother: ${await headerTitle(mother)}; grandma: ${await headerTitle(grandma)}; console: ${consoleLines.join(' | ')}`;

    await pro.goto(server.url);
    await createPlanAsProfessional(pro, TITLE, 'Sanne', 'casusregisseur');
    expect(await headerTitle(pro)).toBe(TITLE);

    await joinByLink(mother, server.url, await inviteFor(pro, 'editor', 'household'), 'Petra');
    await joinByLink(grandma, server.url, await inviteFor(pro, 'contributor', 'network'), 'Oma Jansen');
    await until('both joiners show the name in the header', 20_000, async () => (await headerTitle(mother)) === TITLE && (await headerTitle(grandma)) === TITLE, describe);
    await grandma.screenshot({ path: '/tmp/safeplan-name-phone.png' });

    // The home card on the joiner's device names the plan too, also after a reload.
    await grandma.locator('a.back').click();
    await expect.poll(() => grandma.locator('.plan-card-title').allTextContents(), { timeout: 10_000 }).toEqual([TITLE]);
    await grandma.reload();
    await expect.poll(() => grandma.locator('.plan-card-title').allTextContents(), { timeout: 10_000 }).toEqual([TITLE]);
    await grandma.screenshot({ path: '/tmp/safeplan-name-home-phone.png' });

    // The relay's log never holds the name.
    expect(server.logLines().filter((l) => l.includes('Jansen'))).toEqual([]);
    expect(consoleLines.filter((l) => l.includes('pageerror'))).toEqual([]);
  }, 120_000);
});
