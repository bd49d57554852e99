import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { fieldOf, fixVersion, openVersions } from './app-driver.ts';
import { createPlanAsProfessional, inviteFor, joinByLink, memberCard, openMembers, tablet } from './members-driver.ts';
import { until } from './share-driver.ts';
import { tabletsForThisFile } from '../support/tablets-for-this-file.ts';

/**
 * A version the professional fixed and the mother endorsed stays valid after the professional
 * steps back and the case is closed: the chair and the mother still see it, with the
 * professional's name and former function, never "Iemand", and the endorsements still count.
 */
const { server, browser, consoleLines } = tabletsForThisFile();

const version1 = (p: Page) => p.locator('.rv-version[data-version="1"]');
const versionsText = (p: Page) => p.locator('.rv-versions').textContent();

describe('versions after the case is closed', () => {
  it('a version and endorsements made by a member who left stay valid and keep their name and former role', async () => {
    const pro = await tablet(browser, 'pro', consoleLines);
    const mother = await tablet(browser, 'mother', consoleLines);
    const chair = await tablet(browser, 'chair', consoleLines);
    await pro.setViewportSize({ width: 1024, height: 768 });
    const describe = async () => `chair: ${await versionsText(chair).catch(() => '-')}; mother: ${await versionsText(mother).catch(() => '-')}; console: ${consoleLines.join(' | ')}`;

    await pro.goto(server.url);
    await createPlanAsProfessional(pro, 'Veiligheidsplan familie Jansen', 'Sanne', 'casusregisseur');
    await fieldOf(pro, 'header', 0, 0).click();
    await pro.keyboard.type('Familie Jansen');
    await joinByLink(mother, server.url, await inviteFor(pro, 'editor', 'household'), 'Petra');
    await joinByLink(chair, server.url, await inviteFor(pro, 'editor', 'network'), 'Carla');

    // The professional fixes version 1 and endorses it; the mother endorses it too.
    await fixVersion(pro, 'Na het netwerkberaad', '2026-10-14', 1);
    await version1(pro).getByRole('button', { name: 'Onderschrijven' }).click();
    await openVersions(mother);
    await version1(mother).waitFor({ timeout: 15_000 });
    await version1(mother).getByRole('button', { name: 'Onderschrijven' }).click();
    await version1(mother).locator('.rv-you-endorsed').waitFor({ timeout: 5000 });
    await openVersions(chair);
    await until('the chair sees both endorsements', 15_000, async () => (await version1(chair).locator('.rv-endorsement').count()) === 2, describe);

    // The chair becomes co-owner, the professional steps back, the chair closes the case.
    await openMembers(pro);
    await memberCard(pro, 'Carla').getByRole('button', { name: 'Mede-eigenaar maken' }).click();
    await chair.getByRole('button', { name: 'Ja, ik word mede-eigenaar' }).click({ timeout: 15_000 });
    await expect.poll(() => memberCard(pro, 'Carla').getAttribute('data-role'), { timeout: 15_000 }).toBe('owner');
    await openMembers(chair);
    await memberCard(chair, 'Sanne').getByLabel('Rol van Sanne').selectOption('editor');
    await memberCard(chair, 'Sanne').getByRole('button', { name: 'Rol opslaan' }).click();
    await expect.poll(() => memberCard(chair, 'Sanne').getAttribute('data-role'), { timeout: 15_000 }).toBe('editor');
    await chair.getByRole('tab', { name: 'Regie' }).click();
    await chair.getByRole('button', { name: 'Zaak afsluiten' }).click();
    await chair.getByRole('button', { name: 'Ja, zaak afsluiten' }).click();
    await pro.locator('[data-access="revoked"]').first().waitFor({ timeout: 15_000 });

    // Chair and mother still see version 1, fixed by "Sanne, was casusregisseur", with both endorsements.
    for (const [who, page] of [['chair', chair], ['mother', mother]] as const) {
      await page.reload();
      await page.locator('.plan-section').first().waitFor();
      await openVersions(page);
      await until(`${who} sees version 1 after the case closed`, 15_000, async () => (await version1(page).count()) === 1, describe);
      const card = (await version1(page).textContent()) ?? '';
      expect(card).toContain('Vastgesteld door Sanne, was casusregisseur');
      expect(await version1(page).locator('.rv-endorsement').allTextContents()).toEqual([
        expect.stringMatching(/^Sanne, was casusregisseur onderschreef op /),
        expect.stringMatching(/^Petra onderschreef op /),
      ]);
      expect(await version1(page).locator('.rv-approved').count()).toBe(1);
      expect(await page.locator('.rv-refused').count()).toBe(0);
      expect(await page.locator('.rv-versions > .rv-nothing').count()).toBe(0);
      expect(await versionsText(page)).not.toContain('Iemand');
    }
    await mother.setViewportSize({ width: 768, height: 1024 });
    await version1(mother).screenshot({ path: '/tmp/safeplan-version-after-close.png' });

    // The chair can still fix a new version; the old one stays beside it.
    await fixVersion(chair, 'Na het afsluiten', '2026-11-02', 2);
    expect(await version1(chair).count()).toBe(1);

    // English says the same.
    await mother.locator('.lang-switch').click();
    await expect.poll(() => version1(mother).textContent()).toContain('Fixed by Sanne, formerly case director');
    expect(consoleLines.filter((l) => l.includes('pageerror'))).toEqual([]);
  }, 240_000);
});
