import { afterAll, expect, it } from 'vitest';
import { appAndBrowserForThisFile } from '../support/app-and-browser-for-this-file.ts';
import { launchBrowser, type TestBrowser } from '../support/browser.ts';
import { createPlan } from './app-driver.ts';
import { joinByLink, memberCard, openMembers } from './members-driver.ts';
import { openShareAndInvite } from './share-driver.ts';

const { server, browser } = appAndBrowserForThisFile();
let phone: TestBrowser | undefined;
afterAll(async () => {
  await phone?.close();
});

// A parent makes the neighbour a reader in "Mensen". The card shows the new role, and the focus
// stays on "Rol opslaan" of that card: it did not fall to the top of the page (the card was
// drawn anew), so someone on a keyboard or a screen reader can go on from where they were.
it('"Rol opslaan" shows the new role on the same card and keeps the focus on its button', async () => {
  const owner = await browser.context.newPage();
  await owner.setViewportSize({ width: 768, height: 1024 });
  await owner.goto(server.url);
  await createPlan(owner, 'Plan familie de Groot', 'Sanne', 'household');
  const link = await openShareAndInvite(owner);
  phone = await launchBrowser({ viewport: { width: 390, height: 844 } });
  await joinByLink(await phone.context.newPage(), server.url, link, 'Buurman Piet');

  await owner.getByRole('button', { name: 'Sluiten' }).first().click();
  await openMembers(owner);
  const card = memberCard(owner, 'Buurman Piet');
  await card.waitFor({ timeout: 20_000 });
  await card.getByLabel('Rol van Buurman Piet').selectOption('reader');
  const save = card.getByRole('button', { name: 'Rol opslaan' });
  await save.focus();
  await owner.keyboard.press('Enter');
  await expect.poll(() => card.getAttribute('data-role'), { timeout: 20_000 }).toBe('reader');
  await expect.poll(() => owner.evaluate(() => `${document.activeElement?.closest('.member-card')?.querySelector('.member-name')?.textContent?.trim()}: ${document.activeElement?.textContent?.trim()}`)).toBe('Buurman Piet: Rol opslaan');
  await owner.close();
});
