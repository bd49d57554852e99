import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { addItemWithText, fieldOf, openSection } from './app-driver.ts';
import { createPlanAsProfessional, joinByLink, openMembers, tablet } from './members-driver.ts';
import { decodeQrCode, until } from './share-driver.ts';
import { tabletsForThisFile } from '../support/tablets-for-this-file.ts';

/**
 * Each role sees what it may do before trying: one way to invite ("Delen" and "Mensen" show the
 * same form, with a role, a QR code and a link to copy) for owners only; an editor is told whom to
 * ask; a contributor's plan fields look read-only and say why when reached, and typing changes nothing.
 */
const { server, browser, consoleLines } = tabletsForThisFile();

/** From "Delen": an invite for a role and a kind, with the QR code read back; returns the link. */
async function inviteFromShare(page: Page, role: string, kind: string): Promise<string> {
  const panel = page.locator('.share-panel');
  if ((await panel.count()) === 0) await page.getByRole('button', { name: 'Delen' }).click();
  const another = panel.getByRole('button', { name: 'Nog iemand uitnodigen' });
  if (await another.count()) await another.click();
  await panel.getByLabel('Wat mag deze persoon doen?').selectOption(role);
  await panel.getByLabel('Wie is het?').selectOption(kind);
  await panel.getByRole('button', { name: 'Link en QR-code maken' }).click();
  const input = panel.locator('#share-invite-link');
  await input.waitFor({ timeout: 20_000 });
  const link = await input.inputValue();
  expect(await decodeQrCode(page)).toBe(link);
  const copy = panel.getByRole('button', { name: 'Kopieer link' });
  expect((await copy.boundingBox())?.height).toBeGreaterThanOrEqual(44);
  return link;
}

describe('what each role sees', () => {
  it('owners invite from one form with role, QR and copy; an editor is told whom to ask; a contributor sees read-only fields that say why', async () => {
    const owner = await tablet(browser, 'owner', consoleLines);
    const editor = await tablet(browser, 'editor', consoleLines);
    const contributor = await tablet(browser, 'contributor', consoleLines);
    await owner.setViewportSize({ width: 1024, height: 768 });
    await contributor.setViewportSize({ width: 390, height: 844 });

    await owner.goto(server.url);
    await createPlanAsProfessional(owner, 'Veiligheidsplan familie Jansen', 'Sanne', 'casusregisseur');
    await addItemWithText(owner, 'dangerStatements', 'Wij zijn bang dat papa boos wordt als hij drinkt');

    // One invite route: "Delen" has the role choice, the QR code and "Kopieer link".
    await joinByLink(editor, server.url, await inviteFromShare(owner, 'editor', 'household'), 'Petra');
    await owner.locator('.share-panel').screenshot({ path: '/tmp/safeplan-roles-share-owner.png' });
    await joinByLink(contributor, server.url, await inviteFromShare(owner, 'contributor', 'network'), 'Oma Els');
    // "Mensen" shows the very same form.
    await openMembers(owner);
    expect(await owner.locator('.members-panel').getByLabel('Wat mag deze persoon doen?').count()).toBe(1);

    // The editor is not offered an invite: she is told whom to ask, in "Delen" and in "Mensen".
    await editor.getByRole('button', { name: 'Delen' }).click();
    const share = editor.locator('.share-panel');
    await expect.poll(() => share.locator('[data-invite="ask-owner"]').textContent()).toBe('Vraag Sanne om iemand uit te nodigen.');
    expect(await share.getByRole('button', { name: /Uitnodiging maken|Link en QR-code maken/ }).count()).toBe(0);
    await share.screenshot({ path: '/tmp/safeplan-roles-share-editor.png' });
    await openMembers(editor);
    expect(await editor.locator('.members-panel [data-invite="ask-owner"]').textContent()).toBe('Vraag Sanne om iemand uit te nodigen.');
    expect(await editor.locator('.members-panel').getByRole('button', { name: 'Link en QR-code maken' }).count()).toBe(0);

    // The contributor's plan fields look read-only and say why when she reaches one.
    const statement = fieldOf(contributor, 'dangerStatements', 0, 0);
    await until('the contributor has the plan', 20_000, async () => ((await statement.textContent()) ?? '').includes('papa'));
    await openSection(contributor, 'dangerStatements'); // a phone shows one section at a time
    expect(await contributor.locator('.plan-channel').getAttribute('data-readonly')).toBe('true');
    expect(await statement.getAttribute('aria-readonly')).toBe('true');
    await statement.click();
    const why = contributor.locator('#read-only-why');
    await expect.poll(() => why.isVisible()).toBe(true);
    expect(await why.textContent()).toBe('Dit deel kun je lezen, niet veranderen. Als meeschrijver schrijf je in het logboek en geef je cijfers.');
    await contributor.keyboard.type('xyz');
    expect(await statement.textContent()).toBe('Wij zijn bang dat papa boos wordt als hij drinkt');
    await contributor.screenshot({ path: '/tmp/safeplan-roles-contributor-why.png' });
    // By keyboard too: the field is in the tab order (away and back with Shift+Tab, Tab) and says the same.
    await contributor.keyboard.press('Shift+Tab');
    await contributor.keyboard.press('Tab');
    expect(await contributor.evaluate(() => document.activeElement?.textContent)).toBe('Wij zijn bang dat papa boos wordt als hij drinkt');
    expect(await contributor.evaluate(() => document.activeElement?.getAttribute('aria-describedby'))).toBe('read-only-why');
    await expect.poll(() => why.isVisible()).toBe(true);
    // Her own part, the scores and the log, stays open to write.
    expect(await contributor.locator('.contributions .ProseMirror').getAttribute('contenteditable')).toBe('true');
    // English says the same.
    await contributor.locator('.lang-switch').click();
    await statement.click();
    await expect.poll(() => why.textContent()).toBe('You can read this part, not change it. As a contributor you write in the log and give scores.');
    expect(consoleLines.filter((l) => l.includes('pageerror'))).toEqual([]);
  }, 150_000);
});
