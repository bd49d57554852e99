import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchBrowser, type TestBrowser } from '../support/browser.ts';
import { startAppServer, type AppServer } from '../support/app-server.ts';
import { createPlan } from './app-driver.ts';
import { openShareAndInvite, seriousA11yViolations } from './share-driver.ts';

let server: AppServer;
let owner: TestBrowser;
const opened: TestBrowser[] = [];

beforeAll(async () => {
  server = await startAppServer();
  owner = await launchBrowser();
});
afterAll(async () => {
  for (const b of opened) await b.close();
  await owner?.close();
  await server?.close();
});

/** A device that has never seen the plan: its own Chromium and storage. */
async function newDevice(): Promise<Page> {
  const device = await launchBrowser();
  opened.push(device);
  return device.context.newPage();
}

const problem = (page: Page) => page.locator('.join-problem');
const joinButton = (page: Page) => page.getByRole('button', { name: 'Meedoen' });

describe('opening an invite link', () => {
  let link: string;

  beforeAll(async () => {
    const page = await owner.context.newPage();
    await page.goto(server.url);
    await createPlan(page, 'Veiligheidsplan familie Smit', 'Sanne');
    link = await openShareAndInvite(page);
    // The share panel with its QR code, checked while it is open.
    expect(await seriousA11yViolations(page)).toEqual([]);
  });

  it('that is cut short says so, offers no join button, and keeps nothing', async () => {
    const page = await newDevice();
    const cut = link.slice(0, link.indexOf('#invite=') + 12);
    await page.goto(cut);
    await page.getByRole('heading', { name: 'Je bent uitgenodigd voor een veiligheidsplan' }).waitFor();
    await expect.poll(() => problem(page).textContent()).toContain('Deze link is niet compleet');
    expect(await joinButton(page).count()).toBe(0);
    await page.getByRole('button', { name: 'Naar mijn plannen' }).click();
    await page.getByText('Er staat nog geen plan op dit apparaat.').waitFor();
  });

  it('without internet says that internet is needed; back online, joining works; opening it again finds the plan', async () => {
    const page = await newDevice();
    await page.goto(link);
    await joinButton(page).waitFor();
    expect(await problem(page).count()).toBe(0);
    expect(await seriousA11yViolations(page)).toEqual([]);

    await page.context().setOffline(true);
    await expect.poll(() => problem(page).textContent()).toContain('Je hebt internet nodig om mee te doen');
    await page.getByLabel('Jouw naam').fill('Bram');
    await joinButton(page).click();
    await expect.poll(() => problem(page).getAttribute('data-problem')).toBe('offline');

    await page.context().setOffline(false);
    await expect.poll(() => problem(page).count()).toBe(0);
    await joinButton(page).click();
    await page.locator('.plan-section').first().waitFor({ timeout: 20_000 });
    await expect.poll(() => page.locator('.plan-title').textContent()).toBe('Veiligheidsplan familie Smit'); // the name travels in the plan itself

    await page.goto('about:blank');
    await page.goto(link);
    await expect.poll(() => problem(page).textContent()).toContain('Dit plan staat al op dit apparaat.');
    await page.getByRole('button', { name: 'Plan openen' }).click();
    await page.locator('.plan-section').first().waitFor();
  }, 60_000);

  it('that was used already says it no longer works and asks for a new one', async () => {
    const page = await newDevice();
    await page.goto(link);
    await page.getByLabel('Jouw naam').fill('Carla');
    await joinButton(page).click();
    await expect.poll(() => problem(page).textContent(), { timeout: 20_000 }).toContain('Deze uitnodiging werkt niet meer');
    expect(await joinButton(page).count()).toBe(0);
    await page.getByRole('button', { name: 'Naar mijn plannen' }).click();
    await page.getByText('Er staat nog geen plan op dit apparaat.').waitFor();
  }, 40_000);
});
