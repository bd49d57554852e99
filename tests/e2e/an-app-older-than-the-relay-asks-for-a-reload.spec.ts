import { formatRecoveryCode, PLAN_ID_BYTES, ready, RECOVERY_SECRET_BYTES } from '@safeplan/schema/crypto';
import { WIRE_VERSION } from '@safeplan/schema/protocol';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAppServer, type AppServer } from '../support/app-server.ts';
import { launchBrowser, type TestBrowser } from '../support/browser.ts';
import { createPlan } from './app-driver.ts';
import { openMembers } from './members-driver.ts';
import { formatInviteLink, toBase64Url } from '../../client/src/sync/invite-link.ts';

const UPDATE_WORDS = 'Er is een nieuwe versie van de app. Herlaad de pagina om verder te gaan.';
/** Well below the engine's 15 s relay timeout: the refusal is said at once, not after a wait. */
const AT_ONCE_MS = 5_000;

let server: AppServer;
let browser: TestBrowser;

beforeAll(async () => {
  // A relay that already dropped this app's wire version: what an app left open for days meets.
  server = await startAppServer(undefined, undefined, { min: WIRE_VERSION + 1, max: WIRE_VERSION + 1 });
  browser = await launchBrowser({ viewport: { width: 390, height: 844 } });
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/**
 * Presses `submit` on a join or recover screen and checks the refusal: said at once as
 * `problem`, in plain words, with "Herladen" where `submit` was (a second try would only repeat it).
 */
async function refusedAsOutdated(page: Page, submit: string, problem: string): Promise<void> {
  await page.getByRole('button', { name: submit }).click();
  const said = page.locator('.join-problem');
  await said.waitFor({ timeout: AT_ONCE_MS });
  expect(await said.getAttribute('data-problem')).toBe(problem);
  expect(await said.textContent()).toBe(UPDATE_WORDS);
  await page.getByRole('button', { name: 'Herladen' }).waitFor({ timeout: AT_ONCE_MS });
  expect(await page.getByRole('button', { name: submit }).count()).toBe(0);
}

/** A new plan whose invite from Mensen the relay refused as outdated, said in Dutch. */
async function refusedInvite(): Promise<{ page: Page; invite: Locator; alert: Locator }> {
  const page = await browser.context.newPage();
  await page.goto(server.url);
  await createPlan(page, 'Veiligheidsplan familie Mulder', 'Sanne');
  await openMembers(page);
  const invite = page.locator('.members-panel .members-invite');
  await invite.getByRole('button', { name: 'Link en QR-code maken' }).click();
  const alert = invite.getByRole('alert');
  await alert.waitFor({ timeout: AT_ONCE_MS });
  expect(await alert.textContent()).toBe(UPDATE_WORDS);
  return { page, invite, alert };
}

describe('an app older than its relay', () => {
  it('says in plain words that a new version is needed, offers "Herladen", and never says synced', async () => {
    const page = await browser.context.newPage();
    await page.goto(server.url);
    await createPlan(page);
    await page.locator('.field-text').first().click();
    await page.keyboard.type('blijft op dit apparaat');
    await page.getByRole('button', { name: 'Delen' }).click();
    // Sharing connects the plan to the relay, which answers update-required.
    await page.locator('.share-panel').getByRole('button', { name: 'Link en QR-code maken' }).click();
    const status = page.locator('.sync-status[data-code="update-required"]');
    await status.waitFor({ timeout: 15_000 });
    expect(await status.textContent()).toContain('Er is een nieuwe versie van de app. Herlaad de pagina om verder te gaan.');
    await expect.poll(() => status.getByRole('button', { name: 'Herladen' }).count()).toBe(1);
    await status.scrollIntoViewIfNeeded();
    await page.screenshot({ path: '/tmp/safeplan-update-required-390x844.png' });
    expect(await page.locator('.sync-status[data-sync="synced"]').count()).toBe(0);
    // One refusal, no reconnect loop.
    await new Promise((r) => setTimeout(r, 1500));
    expect(server.logLines().filter((l) => l.includes('"conn.update-required"'))).toHaveLength(1);
  }, 90_000);

  it('an invite from Mensen says that a new version is needed and offers "Herladen", instead of hanging on "Een moment…"', async () => {
    const { invite } = await refusedInvite();
    await invite.getByRole('button', { name: 'Herladen' }).waitFor({ timeout: AT_ONCE_MS });
    // Only the reload is offered: a second try would only repeat the refusal.
    expect(await invite.getByRole('button', { name: 'Link en QR-code maken' }).count()).toBe(0);
    await invite.screenshot({ path: '/tmp/safeplan-invite-update-required.png' });
  }, 90_000);

  it('an invite refused as outdated says it again in English when the language is switched afterwards', async () => {
    const { page, invite, alert } = await refusedInvite();
    await page.locator('.lang-switch').first().click();
    await expect.poll(() => alert.textContent()).toBe('A new version of the app is needed. Reload the page to continue.');
    await invite.getByRole('button', { name: 'Reload' }).waitFor({ timeout: AT_ONCE_MS });
    // The choice is kept for the device (this browser): back to Dutch for the cases after this one.
    await page.locator('.lang-switch').first().click();
    await expect.poll(() => alert.textContent()).toBe(UPDATE_WORDS);
  }, 90_000);

  it('a join refused with update-required says that a new version is needed and offers "Herladen", not the general join error', async () => {
    const page = await browser.context.newPage();
    const random = (n: number) => crypto.getRandomValues(new Uint8Array(n));
    await page.goto(formatInviteLink(server.url, toBase64Url(random(16)), random(32)));
    await page.getByLabel('Jouw naam').fill('Petra');
    await refusedAsOutdated(page, 'Meedoen', 'update-required');
    await page.screenshot({ path: '/tmp/safeplan-join-update-required-390x844.png' });
  }, 90_000);

  it('a recovery refused with update-required offers only "Herladen", not the button that repeats the refusal', async () => {
    const sodium = await ready();
    const random = (n: number) => crypto.getRandomValues(new Uint8Array(n));
    // A code that reads (its check holds), so it goes to the relay, which refuses this app.
    const code = formatRecoveryCode(sodium, random(PLAN_ID_BYTES), random(RECOVERY_SECRET_BYTES));
    const page = await browser.context.newPage();
    await page.goto(`${server.url.replace(/\/+$/, '')}/#/recover/${code}`);
    await page.getByLabel('Je naam').fill('Sanne');
    await refusedAsOutdated(page, 'Plan terughalen', 'updateRequired');
    await page.screenshot({ path: '/tmp/safeplan-recover-update-required-390x844.png' });
  }, 90_000);
});
