import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { SECTIONS } from '@safeplan/schema/plan';
import { launchBrowser, type TestBrowser } from '../support/browser.ts';
import { startAppServer, type AppServer } from '../support/app-server.ts';
import { addItem, createPlan, fieldOf, openVersions } from './app-driver.ts';
import { inviteFor, joinByLink } from './members-driver.ts';
import { axeViolations, describeViolations } from './axe-driver.ts';
import { openShareAndInvite, seriousA11yViolations, until } from './share-driver.ts';

/**
 * Issue 5 end to end: a professional (owner, device A) and a parent (device B, joined by invite),
 * each in their own Chromium. The parent edits two sections; the professional sees exactly those
 * changes, attributed to the parent, marks them seen, fixes a version; the parent endorses it;
 * the professional prints it.
 */
let server: AppServer;
let professional: TestBrowser;
let parent: TestBrowser;
const pageErrors: string[] = [];

beforeAll(async () => {
  server = await startAppServer();
  professional = await launchBrowser();
  parent = await launchBrowser();
});
afterAll(async () => {
  await professional?.close();
  await parent?.close();
  await server?.close();
});

const syncKind = (p: Page) => p.locator('.sync-status').getAttribute('data-sync');
const openChanges = async (p: Page) => {
  if ((await p.locator('.rv-panel').count()) === 0) await p.getByRole('button', { name: 'Wijzigingen', exact: true }).first().click();
  await p.getByRole('tab', { name: 'Wijzigingen' }).click();
};
/** What the review list shows, per section: the authors and texts of insertions and deletions. */
const reviewList = (p: Page) =>
  p.locator('.rv-changes').evaluate((root) =>
    [...root.querySelectorAll('.rv-section')].map((s) => ({
      section: s.getAttribute('data-section'),
      inserted: [...s.querySelectorAll('ins.rv-ins')].map((i) => `${i.getAttribute('data-author')}: ${i.textContent}`),
      deleted: [...s.querySelectorAll('del.rv-del')].map((d) => `${d.getAttribute('data-author')}: ${d.textContent}`),
    })),
  );

describe('a professional reviews what changed', () => {
  it('sees the parent\'s changes, marks them seen, fixes a version the parent endorses, and prints it', async () => {
    const pro = await professional.context.newPage();
    const par = await parent.context.newPage();
    pro.on('pageerror', (e) => pageErrors.push(`pro: ${e.message}`));
    par.on('pageerror', (e) => pageErrors.push(`parent: ${e.message}`));
    const state = async () => `pro ${await syncKind(pro)}, parent ${await syncKind(par)}; errors: ${pageErrors.join(' | ')}`;

    // The professional makes the plan and invites the parent, who joins on their own device.
    await pro.goto(server.url);
    await createPlan(pro, 'Veiligheidsplan familie De Vries', 'Femke');
    const link = await openShareAndInvite(pro);
    await par.goto(server.url + new URL(link).hash);
    await par.getByLabel('Jouw naam').fill('Sanne');
    await par.getByRole('button', { name: 'Meedoen' }).click();
    await par.locator('.plan-section').first().waitFor({ timeout: 20_000 });
    await par.getByRole('button', { name: 'De code klopt' }).click();
    await until('parent synced after joining', 20_000, async () => (await syncKind(par)) === 'synced', state);

    // The professional starts from a clean slate: nothing of the parent yet.
    await openChanges(pro);
    const seen = pro.locator('.rv-seen');
    if (await seen.isEnabled()) await seen.click();
    await pro.locator('.rv-nothing').waitFor({ timeout: 5000 });

    // The parent writes in two sections.
    await fieldOf(par, 'header', 0, 0).click();
    await par.keyboard.type('Gezin De Vries');
    await fieldOf(par, 'monitoring', 0, 0).click();
    await par.keyboard.type('Oma belt elke avond');
    await until('parent synced after editing', 20_000, async () => (await syncKind(par)) === 'synced', state);

    // The professional sees exactly those two changes, by the parent, with name and time.
    const expected = [
      { section: 'header', inserted: ['Sanne: Gezin De Vries'], deleted: [] },
      { section: 'monitoring', inserted: ['Sanne: Oma belt elke avond'], deleted: [] },
    ];
    let list: Awaited<ReturnType<typeof reviewList>> = [];
    await until(
      'professional sees exactly the parent\'s two changes',
      20_000,
      async () => {
        list = await reviewList(pro);
        return JSON.stringify(list) === JSON.stringify(expected);
      },
      async () => `${JSON.stringify(list)}; ${await state()}`,
    );
    await expect.poll(() => pro.locator('.rv-author-name').first().textContent()).toMatch(/^Sanne, .*\d{1,2}:\d{2}$/);
    // Filter by section: "Alle delen" at first, then only the monitoring change is left.
    expect(await pro.getByLabel('Welk deel').locator('option').first().textContent()).toBe('Alle delen');
    await pro.getByLabel('Welk deel').selectOption('monitoring');
    await expect.poll(async () => (await reviewList(pro)).map((s) => s.section)).toEqual(['monitoring']);
    await pro.getByLabel('Welk deel').selectOption('');

    // A reply on the parent's change reaches the parent on the plan screen.
    await pro.getByRole('button', { name: 'Reageer op deze verandering' }).first().click();
    await pro.getByLabel('Wat wil je Sanne laten weten?').fill('Fijn dat oma meedoet.');
    await pro.getByRole('button', { name: 'Reactie sturen' }).click();
    await pro.screenshot({ path: '/tmp/safeplan-review-changes.png' });
    expect(await seriousA11yViolations(pro)).toEqual([]);
    await par.locator('.rv-for-me', { hasText: 'Fijn dat oma meedoet.' }).waitFor({ timeout: 15_000 });
    await par.screenshot({ path: '/tmp/safeplan-review-reply-for-parent.png' });

    // "Gezien": the list is empty, and stays so.
    await pro.locator('.rv-seen').click();
    await pro.locator('.rv-nothing').waitFor({ timeout: 5000 });
    expect(await reviewList(pro)).toEqual([]);

    // The professional fixes a version after the network meeting.
    await openVersions(pro);
    await pro.getByLabel('Naam van de versie').fill('Na het netwerkberaad');
    await pro.getByLabel('Datum van het beraad').fill('2026-03-12');
    await pro.getByRole('button', { name: 'Versie vaststellen' }).click();
    await pro.locator('.rv-version[data-version="1"]').waitFor({ timeout: 5000 });

    // The parent is told of the new agreements and endorses the version.
    const notice = par.locator('.rv-notice', { hasText: 'Dit is er veranderd sinds de vorige versie' });
    await notice.waitFor({ timeout: 15_000 });
    expect(await notice.textContent()).toContain('Versie 1: Na het netwerkberaad');
    await notice.scrollIntoViewIfNeeded();
    await par.screenshot({ path: '/tmp/safeplan-review-notice.png' });
    await par.getByRole('button', { name: 'Bekijk versie' }).click();
    await par.locator('.rv-version[data-version="1"]').getByRole('button', { name: 'Onderschrijven' }).click();
    await par.locator('.rv-version[data-version="1"] .rv-you-endorsed').waitFor({ timeout: 5000 });

    // The professional sees who endorsed and when.
    const endorsement = pro.locator('.rv-version[data-version="1"] .rv-endorsement', { hasText: 'Sanne' });
    await endorsement.waitFor({ timeout: 15_000 });
    expect(await endorsement.textContent()).toMatch(/^Sanne onderschreef op .*\d{1,2}:\d{2}$/);
    await pro.screenshot({ path: '/tmp/safeplan-review-versions.png' });
    expect(await seriousA11yViolations(pro)).toEqual([]);

    // Print: the print view holds the version and its endorsements; on paper nothing else shows.
    await pro.locator('.rv-version[data-version="1"]').getByRole('button', { name: 'Afdrukken of als PDF bewaren' }).click();
    await pro.locator('.rv-print').waitFor();
    // One banner on the page (the app's own): the print view's title block is not a second one.
    expect(describeViolations(await axeViolations(pro, ['landmark-no-duplicate-banner', 'landmark-unique', 'landmark-banner-is-top-level']))).toEqual([]);
    await pro.screenshot({ path: '/tmp/safeplan-review-print-preview.png' });
    await pro.emulateMedia({ media: 'print' });
    await pro.screenshot({ path: '/tmp/safeplan-review-print-media.png' });
    expect(await pro.locator('.rv-print-cover tbody tr').first().textContent()).toContain('Sanne');
    expect(await pro.locator('.rv-print-cover').isVisible()).toBe(true);
    expect(await pro.locator('.rv-print-cover h1').textContent()).toBe('Veiligheidsplan familie De Vries');
    expect(await pro.locator('.rv-print-version').textContent()).toBe('Versie 1: Na het netwerkberaad');
    expect(await pro.locator('.plan-editor').isVisible()).toBe(false);
    expect(await pro.locator('.rv-print-actions').isVisible()).toBe(false);
    expect(await pro.locator('.rv-print').textContent()).toContain('Oma belt elke avond');
    const pdf = await pro.pdf({ format: 'A4', path: '/tmp/safeplan-review-version.pdf' });
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    // The sections flow one after the other: far fewer pages than sections.
    const pages = pdf.toString('latin1').match(/\/Type\s*\/Page\b/g) ?? [];
    expect(pages.length).toBeGreaterThanOrEqual(1);
    expect(pages.length).toBeLessThan(SECTIONS.length);
    await pro.emulateMedia({ media: 'screen' });
    expect(pageErrors).toEqual([]);
  }, 180_000);
});

describe('versions on one device', () => {
  it('under youth protection a version waits for the youth protector; versions compare, restore as a new change, and that change can be undone', async () => {
    const page = await professional.context.newPage();
    page.on('pageerror', (e) => pageErrors.push(`owner: ${e.message}`));
    await page.goto(server.url);
    await createPlan(page, 'Veiligheidsplan familie Bakker', 'Femke');
    const header = fieldOf(page, 'header', 0, 0);
    await header.click();
    await page.keyboard.type('Gezin Bakker');

    // Under youth protection, the owner's own endorsement does not make the version count.
    await openVersions(page);
    await page.getByLabel('Dit plan valt onder jeugdbescherming').check();
    await page.getByLabel('Naam van de versie').fill('Eerste beraad');
    await page.getByRole('button', { name: 'Versie vaststellen' }).click();
    const v1 = page.locator('.rv-version[data-version="1"]');
    await v1.waitFor({ timeout: 5000 });
    await v1.getByRole('button', { name: 'Onderschrijven' }).click();
    await v1.locator('.rv-you-endorsed').waitFor({ timeout: 5000 });
    expect(await v1.locator('[data-approved]').getAttribute('data-approved')).toBe('false');
    expect(await v1.locator('[data-approved]').textContent()).toContain('De versie telt pas als de jeugdbeschermer haar onderschrijft.');
    // The one who fixed it gets no "new agreements" notice about it.
    expect(await page.locator('.rv-notice').count()).toBe(0);

    // Without youth protection the owner's fix after the meeting is the agreement.
    await page.getByLabel('Dit plan valt onder jeugdbescherming').uncheck();
    await expect.poll(() => v1.locator('[data-approved]').getAttribute('data-approved')).toBe('true');

    // A second version, then compare the two: the added words, per section.
    await header.click();
    await page.keyboard.press('End');
    await page.keyboard.type(' en opa');
    await openVersions(page);
    await page.getByLabel('Naam van de versie').fill('Tweede beraad');
    await page.getByRole('button', { name: 'Versie vaststellen' }).click();
    await page.locator('.rv-version[data-version="2"]').waitFor({ timeout: 5000 });
    const compare = page.locator('.rv-compare');
    await expect.poll(() => compare.locator('select').evaluateAll((els) => els.map((e) => (e as HTMLSelectElement).selectedOptions[0]?.textContent))).toEqual([
      'Versie 1: Eerste beraad',
      'Versie 2: Tweede beraad',
    ]);
    await expect.poll(() => compare.locator('.rv-section').evaluateAll((els) => els.map((e) => e.getAttribute('data-section')))).toEqual(['header']);
    expect(await compare.locator('ins').allTextContents()).toEqual([' en opa']);
    expect(await compare.locator('del').count()).toBe(0);

    // Restore version 1: a new change, and the plan reads as it did then.
    await v1.getByRole('button', { name: 'Deze versie terugzetten' }).click();
    await v1.getByRole('button', { name: 'Ja, terugzetten' }).click();
    await expect.poll(() => header.textContent()).toBe('Gezin Bakker');
    await page.screenshot({ path: '/tmp/safeplan-review-restored.png' });

    // Undo my own last change (the restore): the later words are back.
    await openChanges(page);
    await page.getByRole('button', { name: 'Maak mijn verandering ongedaan' }).click();
    await expect.poll(() => header.textContent()).toBe('Gezin Bakker en opa');
    expect(pageErrors).toEqual([]);
    await page.close();
  }, 120_000);
});

describe('a contributor reviews too', () => {
  it('sees the owner\'s changes, replies, marks them seen and endorses a version; the owner sees her log entry; the relay refuses nothing', async () => {
    const contributor = await launchBrowser();
    const refusals = () => server.logLines().filter((l) => /refused|failed|rate-limited/.test(l));
    const refusedBefore = refusals().length;
    try {
      const owner = await professional.context.newPage();
      const oma = await contributor.context.newPage();
      owner.on('pageerror', (e) => pageErrors.push(`owner: ${e.message}`));
      oma.on('pageerror', (e) => pageErrors.push(`contributor: ${e.message}`));
      const state = async () => `owner ${await syncKind(owner)}, contributor ${await syncKind(oma)}; errors: ${pageErrors.join(' | ')}; relay: ${refusals().join(' | ')}`;

      await owner.goto(server.url);
      await createPlan(owner, 'Veiligheidsplan familie Jansen', 'Femke');
      await fieldOf(owner, 'header', 0, 0).click();
      await owner.keyboard.type('Familie Jansen');
      const link = await inviteFor(owner, 'contributor', 'network');
      await joinByLink(oma, server.url, link, 'Oma Els');
      await until('the contributor has the plan', 20_000, async () => (await fieldOf(oma, 'header', 0, 0).textContent()) === 'Familie Jansen', state);

      // She writes in the log (the contributions document).
      // Her name is filled in; the caret waits in "what happened".
      await addItem(oma, 'safetyLog');
      await oma.keyboard.type('Ruzie bij het eten.');
      await until('contributor synced', 20_000, async () => (await syncKind(oma)) === 'synced', state);

      // The owner sees her entry among the changes, attributed to her.
      await openChanges(owner);
      let list: Awaited<ReturnType<typeof reviewList>> = [];
      await until(
        'the owner sees the contributor\'s log entry',
        20_000,
        async () => {
          list = await reviewList(owner);
          return list.find((x) => x.section === 'safetyLog')?.inserted.join(' | ') === 'Oma Els: Oma Els | Oma Els: Ruzie bij het eten.';
        },
        async () => `${JSON.stringify(list)}; ${await state()}`,
      );

      // The owner fixes a version.
      await openVersions(owner);
      await owner.getByLabel('Naam van de versie').fill('Na het beraad');
      await owner.getByRole('button', { name: 'Versie vaststellen' }).click();
      await owner.locator('.rv-version[data-version="1"]').waitFor({ timeout: 5000 });

      // She may reply and mark seen: both go into the contributions document.
      await openChanges(oma);
      await oma.getByRole('button', { name: 'Reageer op deze verandering' }).first().click();
      await oma.getByLabel('Wat wil je Femke laten weten?').fill('Ik kom dinsdag.');
      await oma.getByRole('button', { name: 'Reactie sturen' }).click();
      expect(await oma.locator('.rv-seen').isEnabled()).toBe(true);
      expect(await oma.locator('.rv-changes .help-text', { hasText: 'alleen lezen' }).count()).toBe(0);
      await oma.locator('.rv-seen').click();
      await oma.locator('.rv-nothing').waitFor({ timeout: 5000 });

      // She is told of the version and endorses it.
      const notice = oma.locator('.rv-notice', { hasText: 'Versie 1: Na het beraad' });
      await notice.waitFor({ timeout: 15_000 });
      await oma.getByRole('button', { name: 'Bekijk versie' }).click();
      const v1 = oma.locator('.rv-version[data-version="1"]');
      expect(await v1.getByRole('button', { name: 'Deze versie terugzetten' }).count()).toBe(0);
      await v1.getByRole('button', { name: 'Onderschrijven' }).click();
      await v1.locator('.rv-you-endorsed').waitFor({ timeout: 5000 });

      // The owner sees her reply and her endorsement.
      await owner.locator('.rv-for-me', { hasText: 'Ik kom dinsdag.' }).waitFor({ timeout: 15_000 });
      const endorsement = owner.locator('.rv-version[data-version="1"] .rv-endorsement', { hasText: 'Oma Els' });
      await endorsement.waitFor({ timeout: 15_000 });
      expect(await seriousA11yViolations(oma)).toEqual([]);
      await oma.screenshot({ path: '/tmp/safeplan-review-contributor-endorsed.png' });
      expect(refusals().slice(refusedBefore)).toEqual([]);
      expect(pageErrors).toEqual([]);
    } finally {
      await contributor.close();
    }
  }, 120_000);
});
