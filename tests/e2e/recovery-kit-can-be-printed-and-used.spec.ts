import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { fieldOf } from './app-driver.ts';
import { axeViolations, describeViolations } from './axe-driver.ts';
import { createPlanAsProfessional, inviteFor, joinByLink, openMembers, tablet } from './members-driver.ts';
import { decodeQrCode, until } from './share-driver.ts';
import { tabletsForThisFile } from '../support/tablets-for-this-file.ts';

/**
 * The owner makes a recovery kit in "Mensen", reads it off the page (code and QR code), loses her
 * tablet (its browser context is closed for good), and uses the kit on a fresh one from the start
 * screen. The other member is told; a second use through the QR link is refused in plain words.
 */
const { server, browser, consoleLines } = tabletsForThisFile();

const device = (label: string): Promise<Page> => tablet(browser, label, consoleLines);
const text = async (p: Page, section: string) => (await fieldOf(p, section, 0, 0).textContent()) ?? '';
/** Serious and critical accessibility problems on the page as it is now. */
const seriousProblems = async (p: Page) => describeViolations((await axeViolations(p)).filter((v) => v.impact === 'serious' || v.impact === 'critical'));
const why = async () => `console: ${consoleLines.join(' | ')}; relay: ${server.logLines().filter((l) => /refused|failed/.test(l)).join(' | ')}`;

describe('a recovery kit', () => {
  it('is printed from "Mensen", brings the owner back on a new tablet, is seen by the others, and works once', async () => {
    const owner = await device('owner');
    const parent = await device('parent');
    await owner.goto(server.url);
    await createPlanAsProfessional(owner, 'Veiligheidsplan familie Jansen', 'Sanne', 'casusregisseur');
    await fieldOf(owner, 'header', 0, 0).click();
    await owner.keyboard.type('Familie Jansen');
    await joinByLink(parent, server.url, await inviteFor(owner, 'editor', 'household'), 'Petra');
    await until('the parent has the plan', 20_000, async () => (await text(parent, 'header')).includes('Familie Jansen'), why);

    // The owner makes the kit: the page shows the code, a QR code of the recovery link and plain advice.
    await openMembers(owner);
    await owner.getByRole('button', { name: 'Nog iemand uitnodigen' }).click();
    expect(await owner.locator('[data-recovery-kit]').getAttribute('data-recovery-kit')).toBe('none');
    await owner.getByRole('button', { name: 'Herstelkit maken' }).click();
    const codeEl = owner.locator('[data-recovery-code]');
    await codeEl.waitFor({ timeout: 20_000 });
    const code = ((await codeEl.textContent()) ?? '').trim();
    expect(code).toMatch(/^([0-9A-Z]{4}-){13}[0-9A-Z]{3}$/);
    const sheet = (await owner.locator('.recovery-sheet').textContent()) ?? '';
    expect(sheet).toContain('Iedereen met deze code kan in het plan doen wat jij mag doen.');
    expect(sheet).toContain('Bewaar het niet in het huis waar de persoon woont die geweld gebruikt.');
    expect(await decodeQrCode(owner)).toBe(`${server.url.replace(/\/+$/, '')}/#/recover/${code}`);
    await owner.locator('.members-panel').screenshot({ path: '/tmp/safeplan-recovery-kit.png' });
    expect(await seriousProblems(owner)).toEqual([]);
    // The same kit as a file: the code, the link and the advice, in plain text.
    const [download] = await Promise.all([owner.waitForEvent('download'), owner.getByRole('button', { name: 'Opslaan als bestand' }).click()]);
    expect(download.suggestedFilename()).toBe('herstelkit.txt');
    const file = await readFile((await download.path())!, 'utf8');
    expect(file).toContain(`Herstelcode: ${code}`);
    expect(file).toContain('Iedereen met deze code kan in het plan doen wat jij mag doen.');
    // "Klaar": the code is gone from the page; the card says a kit exists.
    await owner.getByRole('button', { name: 'Klaar, ik heb de kit bewaard' }).click();
    await expect.poll(() => owner.locator('[data-recovery-kit]').getAttribute('data-recovery-kit')).toBe('live');
    expect(await owner.content()).not.toContain(code);

    // The tablet is lost: its browser profile is gone for good.
    await owner.context().close();

    const fresh = await device('new tablet');
    await fresh.goto(server.url);
    await fresh.getByRole('button', { name: 'Herstelcode gebruiken' }).click();
    expect(await seriousProblems(fresh)).toEqual([]);
    await fresh.getByLabel('Herstelcode', { exact: true }).fill(code.toLowerCase().replace(/-/g, ' '));
    await fresh.getByLabel('Je naam').fill('Sanne');
    await fresh.getByRole('button', { name: 'Plan terughalen' }).click();
    await fresh.locator('.plan-section').first().waitFor({ timeout: 20_000 });
    await until('the plan text is back on the new tablet', 20_000, async () => (await text(fresh, 'header')).includes('Familie Jansen'), why);
    // Owner again: "Mensen" offers inviting.
    await openMembers(fresh);
    await fresh.getByRole('button', { name: /Link en QR-code maken|Nog iemand uitnodigen/ }).first().waitFor({ timeout: 10_000 });

    // The parent is told above the plan, and the regie timeline keeps it.
    const notice = parent.locator('[data-recovery-used]');
    await notice.waitFor({ timeout: 20_000 });
    expect(await notice.textContent()).toContain('Sanne heeft een herstelcode gebruikt op');
    await openMembers(parent);
    await parent.getByRole('tab', { name: 'Regie' }).click();
    await expect.poll(() => parent.locator('.regie-history').textContent(), { timeout: 10_000 }).toContain('Sanne heeft een herstelcode gebruikt.');
    expect(await parent.locator('.regie-history').textContent()).toContain('Sanne heeft een herstelkit gemaakt.');

    // A second use, through the QR code's link: refused in plain words, the code leaves the address bar.
    const thief = await device('thief');
    await thief.goto(`${server.url.replace(/\/+$/, '')}/#/recover/${code}`);
    await expect.poll(() => thief.evaluate(() => location.hash)).toBe('#/recover');
    expect(await thief.getByLabel('Herstelcode', { exact: true }).inputValue()).toBe(code);
    await thief.getByLabel('Je naam').fill('X');
    await thief.getByRole('button', { name: 'Plan terughalen' }).click();
    await thief.locator('[data-problem="noLongerValid"]').waitFor({ timeout: 20_000 });
    expect(await thief.locator('.plan-section').count()).toBe(0);
    // A typo is caught before anything is sent.
    await thief.getByLabel('Herstelcode', { exact: true }).fill(code.replace(/^./, (c) => (c === 'A' ? 'B' : 'A')));
    await thief.getByRole('button', { name: 'Plan terughalen' }).click();
    await thief.locator('[data-problem="typo"]').waitFor({ timeout: 10_000 });
  });
});
