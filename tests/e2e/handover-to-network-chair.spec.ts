import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { fieldOf } from './app-driver.ts';
import { createPlanAsProfessional, inviteFor, joinByLink, memberCard, openMembers, tablet } from './members-driver.ts';
import { until } from './share-driver.ts';
import { tabletsForThisFile } from '../support/tablets-for-this-file.ts';

/**
 * Three people on three devices (one Chromium, three separate contexts: separate storage, like
 * three tablets) hand a plan over from the professional to the network chair, as the method does.
 */
const { server, browser, consoleLines } = tabletsForThisFile();

const device = (label: string): Promise<Page> => tablet(browser, label, consoleLines);

const syncKind = (p: Page) => p.locator('.sync-status').getAttribute('data-sync');
const text = async (p: Page, section: string, index = 0, field = 0) => (await fieldOf(p, section, index, field).textContent()) ?? '';

async function state(pages: Record<string, Page>): Promise<string> {
  const parts = await Promise.all(
    Object.entries(pages).map(async ([name, p]) => `${name}: ${await p.locator('.sync-status').textContent()} (${await p.locator('.sync-status').getAttribute('data-code')})`),
  );
  const relay = server.logLines().filter((l) => /refused|failed|rate-limited/.test(l));
  return `${parts.join('; ')}; console: ${consoleLines.join(' | ')}; relay: ${relay.join(' | ')}`;
}

describe('the hand-over of a plan to the network chair', () => {
  it('invite by link, join, co-own, step back, close the case: the professional loses access, chair and parent keep editing', async () => {
    const pro = await device('pro');
    const parent = await device('parent');
    const chair = await device('chair');
    const all = () => state({ pro, parent, chair });

    // The professional makes the plan as casusregisseur and invites the parent and the chair, each for a role.
    await pro.goto(server.url);
    await pro.getByRole('button', { name: 'Nieuw plan' }).click();
    await pro.getByLabel('Wie ben jij in dit plan?').selectOption('professional');
    await pro.screenshot({ path: '/tmp/safeplan-members-new-plan.png' });
    await pro.goto(server.url);
    await createPlanAsProfessional(pro, 'Veiligheidsplan familie Jansen', 'Sanne', 'casusregisseur');
    await fieldOf(pro, 'header', 0, 0).click();
    await pro.keyboard.type('Familie Jansen');

    const parentLink = await inviteFor(pro, 'editor', 'household');
    await joinByLink(parent, server.url, parentLink, 'Petra');
    const chairLink = await inviteFor(pro, 'editor', 'network');
    await joinByLink(chair, server.url, chairLink, 'Carla');

    // Both screens show the same code for the chair's device, to compare aloud.
    const chairCode = await chair.locator('.verify .verify-code').first().getAttribute('data-code', { timeout: 10_000 });
    expect(chairCode).toMatch(/^\d{3} \d{3}$/);
    await until('the professional sees the chair joined with the same code', 15_000, async () =>
      (await pro.locator(`.members-invite .verify-code[data-code="${chairCode}"]`).count()) > 0, all);
    await pro.locator('.members-panel').screenshot({ path: '/tmp/safeplan-members-invite.png' });

    // Everyone is listed with role and kind in plain words.
    await pro.getByRole('button', { name: 'Nog iemand uitnodigen' }).click();
    await until('the professional sees three people', 15_000, async () => (await pro.locator('.members-panel .member-card').count()) === 3, all);
    await expect.poll(() => memberCard(pro, 'Sanne').locator('.member-role').textContent()).toBe('eigenaar · professional, casusregisseur');
    await expect.poll(() => memberCard(pro, 'Petra').locator('.member-role').textContent()).toBe('bewerker · huishouden');
    await expect.poll(() => memberCard(pro, 'Carla').locator('.member-role').textContent()).toBe('bewerker · netwerk');
    await pro.locator('.members-panel').screenshot({ path: '/tmp/safeplan-members-people.png' });
    await until('parent and chair have the plan', 20_000, async () => (await text(parent, 'header')).includes('Familie Jansen') && (await text(chair, 'header')).includes('Familie Jansen'), all);

    // (2) The professional asks the chair to become co-owner; the chair says yes.
    await openMembers(pro);
    await memberCard(pro, 'Carla').getByRole('button', { name: 'Mede-eigenaar maken' }).click();
    await chair.getByRole('heading', { name: 'Wil je mede-eigenaar worden?' }).waitFor({ timeout: 15_000 });
    await chair.screenshot({ path: '/tmp/safeplan-members-offer.png' });
    await chair.getByRole('button', { name: 'Ja, ik word mede-eigenaar' }).click();
    await expect.poll(() => memberCard(pro, 'Carla').getAttribute('data-role'), { timeout: 15_000 }).toBe('owner');
    // (3) The chair leads: the professional steps back herself, from her own card, to editor.
    await expect.poll(() => memberCard(pro, 'Sanne').locator('.member-step-back').textContent(), { timeout: 10_000 }).toBe(
      'Wil je een stap terug doen? Carla blijft eigenaar. Jij kunt dan nog meelezen of meeschrijven.',
    );
    await memberCard(pro, 'Sanne').getByLabel('Mijn rol wordt').selectOption('editor');
    await memberCard(pro, 'Sanne').getByRole('button', { name: 'Stap terug', exact: true }).click();
    await memberCard(pro, 'Sanne').getByRole('button', { name: 'Ja, stap terug' }).click();
    await expect.poll(() => memberCard(pro, 'Sanne').getAttribute('data-role'), { timeout: 15_000 }).toBe('editor');
    await openMembers(chair);
    await expect.poll(() => memberCard(chair, 'Sanne').getAttribute('data-role'), { timeout: 15_000 }).toBe('editor');

    // The regie timeline shows step 3, every signed step with who did it, and the method's advice.
    await chair.getByRole('tab', { name: 'Regie' }).click();
    await expect.poll(() => chair.locator('.regie').getAttribute('data-step')).toBe('3');
    // "The chair" of the steps is the person the plan names under "Voorzitter netwerkberaad".
    expect(await chair.locator('.regie-chair').getAttribute('data-chair')).toBe('missing');
    await fieldOf(chair, 'header', 0, 3).click();
    await chair.keyboard.type('Carla');
    await expect.poll(() => chair.locator('.regie-chair').textContent(), { timeout: 10_000 }).toBe(
      'Voorzitter netwerkberaad in het plan: Carla. Carla doet mee als eigenaar.',
    );
    const history = () => chair.locator('.regie-history').textContent();
    await expect.poll(history).toContain('Sanne vroeg Carla om mede-eigenaar te worden.');
    expect(await history()).toContain('Carla is nu mede-eigenaar.');
    expect(await history()).toContain('Sanne deed een stap terug en is nu bewerker.');
    expect(await chair.locator('[data-advice="few-network-members"]').textContent()).toBe('Er zijn nog geen 3 mensen uit het netwerk actief. Nu zijn het er 0.');
    await chair.locator('.members-panel').screenshot({ path: '/tmp/safeplan-members-regie.png' });

    // (4) The chair closes the case: the professional is removed and the key rotates.
    await chair.getByRole('button', { name: 'Zaak afsluiten' }).click();
    await chair.getByRole('button', { name: 'Ja, zaak afsluiten' }).click();
    await expect.poll(() => chair.locator('.regie').getAttribute('data-step'), { timeout: 15_000 }).toBe('4');
    expect(await history()).toContain('Carla sloot de zaak af. Uit het plan gingen: Sanne.');

    // The professional's screen says in plain words that it lost access; the plan stays readable.
    const revoked = pro.locator('[data-access="revoked"]');
    await revoked.waitFor({ timeout: 15_000 });
    expect(await revoked.getByRole('heading').textContent()).toBe('Je hoort niet meer bij dit plan');
    expect(await revoked.textContent()).toContain('Je ziet nog wat er op dit apparaat stond.');
    // One explanation, not two nearly identical red messages: the status beside the title only says what it is.
    await expect.poll(() => pro.locator('.sync-status').textContent(), { timeout: 10_000 }).toBe('Wordt niet meer gedeeld');
    expect(await text(pro, 'header')).toBe('Familie Jansen');
    await expect.poll(() => pro.locator('.plan-editor').getAttribute('contenteditable')).toBe('false');
    await pro.evaluate(() => window.scrollTo(0, 0));
    await pro.screenshot({ path: '/tmp/safeplan-members-revoked.png' });

    // Its later typing goes nowhere: not into its own plan, not to the others.
    await fieldOf(pro, 'monitoring', 0, 0).click({ force: true });
    await pro.keyboard.type('Nog een wijziging van Sanne');

    // The chair and the parent keep editing and see each other's edits.
    await fieldOf(chair, 'monitoring', 0, 0).click();
    await chair.keyboard.type('Oma kijkt elke dag');
    await fieldOf(parent, 'header', 0, 0).click();
    await parent.keyboard.press('End');
    await parent.keyboard.type(' en Petra');
    await until('the parent sees the chair\'s edit', 15_000, async () => (await text(parent, 'monitoring')).includes('Oma kijkt elke dag'), all);
    await until('the chair sees the parent\'s edit', 15_000, async () => (await text(chair, 'header')).includes('en Petra'), all);
    await until('chair and parent are synced', 15_000, async () => (await syncKind(chair)) === 'synced' && (await syncKind(parent)) === 'synced', all);

    expect(await text(chair, 'monitoring')).not.toContain('Sanne');
    expect(await text(parent, 'monitoring')).not.toContain('Sanne');
    expect(await text(pro, 'monitoring')).toBe('');
    expect(await text(pro, 'header')).toBe('Familie Jansen');
    // Every member reads the same steps in English too.
    await chair.locator('.lang-switch').click();
    await expect.poll(history).toContain('Carla closed the case. These people left the plan: Sanne.');
    expect(await history()).toContain('Sanne asked Carla to become co-owner.');
    expect(await chair.locator('.regie-now').textContent()).toBe('Now: step 4 of 4');
    await chair.locator('.members-panel').screenshot({ path: '/tmp/safeplan-members-regie-closed-en.png' });
    expect(consoleLines.filter((l) => l.includes('pageerror'))).toEqual([]);
  }, 180_000);
});
