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

// "Uit het plan halen" asks first; the focus goes to "Niet doen" (the safe answer) and, after it,
// back to "Uit het plan halen". It fell to the top of the page both times.
it('"Uit het plan halen" puts the focus on "Niet doen", which puts it back on "Uit het plan halen"', async () => {
  const owner = await browser.context.newPage();
  await owner.setViewportSize({ width: 768, height: 1024 });
  await owner.goto(server.url);
  await createPlan(owner, 'Plan familie Vos', 'Sanne', 'household');
  const link = await openShareAndInvite(owner);
  await joinByLink(await phone!.context.newPage(), server.url, link, 'Juf Anja');

  await owner.getByRole('button', { name: 'Sluiten' }).first().click();
  await openMembers(owner);
  const card = memberCard(owner, 'Juf Anja');
  await card.waitFor({ timeout: 20_000 });
  const focused = () => owner.evaluate(() => (document.activeElement?.textContent ?? '').trim());
  await card.getByRole('button', { name: 'Uit het plan halen' }).focus();
  await owner.keyboard.press('Enter');
  await card.getByRole('alertdialog').waitFor();
  expect(await focused()).toBe('Niet doen');
  await owner.keyboard.press('Enter');
  await card.getByRole('button', { name: 'Uit het plan halen' }).waitFor();
  expect(await focused()).toBe('Uit het plan halen');
  await owner.close();
});
