import { expect, it } from 'vitest';
import { appAndBrowserForThisFile } from '../support/app-and-browser-for-this-file.ts';

const { server, browser } = appAndBrowserForThisFile();

// "Vul een naam in." next to two name fields left a parent guessing which one. The message names
// the missing one, the field is marked for screen readers, and the cursor is put there.
it('a new plan without a name says which name is missing, marks that field and puts the cursor in it', async () => {
  const page = await browser.context.newPage();
  await page.goto(server.url);
  await page.getByRole('button', { name: 'Nieuw plan' }).click();
  const title = page.getByLabel('Naam van het plan');
  const you = page.getByLabel('Jouw naam');
  const alert = page.getByRole('alert');
  const focused = () => page.evaluate(() => document.activeElement?.id);

  await title.fill('Veiligheidsplan familie Jansen');
  await you.fill('  ');
  await page.getByRole('button', { name: 'Plan maken' }).click();
  await alert.waitFor();
  expect(await alert.textContent()).toBe('Vul je eigen naam in.');
  expect(await you.getAttribute('aria-invalid')).toBe('true');
  expect(await title.getAttribute('aria-invalid')).toBeNull();
  expect(await focused()).toBe('new-plan-you');

  await title.fill('');
  await page.getByRole('button', { name: 'Plan maken' }).click();
  await expect.poll(() => alert.textContent()).toBe('Vul de naam van het plan en je eigen naam in.');
  expect(await title.getAttribute('aria-invalid')).toBe('true');
  expect(await focused()).toBe('new-plan-name');
  await page.screenshot({ path: '/tmp/shots/home-both-names-required.png' });

  await you.fill('Sanne');
  await page.getByRole('button', { name: 'Plan maken' }).click();
  await expect.poll(() => alert.textContent()).toBe('Vul de naam van het plan in.');
  expect(await you.getAttribute('aria-invalid')).toBeNull();
  await page.close();
});

// The creator's place (gezin, netwerk, professional) is signed into the plan's first event and
// cannot change later. It was preset to "netwerk": a professional who did not notice stayed in the
// plan after the case was closed, and a parent was listed as network.
it('a new plan asks who the creator is instead of choosing for them, and records what they chose', async () => {
  const page = await browser.context.newPage();
  await page.goto(server.url);
  await page.getByRole('button', { name: 'Nieuw plan' }).click();
  const kind = page.getByLabel('Wie ben jij in dit plan?');
  expect(await kind.inputValue()).toBe('');
  await page.getByLabel('Naam van het plan').fill('Veiligheidsplan familie Bakker');
  await page.getByLabel('Jouw naam').fill('Sanne');
  await page.getByRole('button', { name: 'Plan maken' }).click();
  const alert = page.getByRole('alert');
  await alert.waitFor();
  expect(await alert.textContent()).toBe('Kies wie jij bent in dit plan.');
  expect(await kind.getAttribute('aria-invalid')).toBe('true');
  expect(await page.evaluate(() => document.activeElement?.id)).toBe('new-plan-kind');
  expect(await page.locator('.plan-section').count()).toBe(0);

  await kind.selectOption('household');
  // The choice made, the message about it goes at once.
  await expect.poll(() => alert.count()).toBe(0);
  expect(await kind.getAttribute('aria-invalid')).toBeNull();
  await page.getByRole('button', { name: 'Plan maken' }).click();
  await page.locator('.plan-section').first().waitFor();
  await page.locator('.members-button').first().click();
  await expect.poll(() => page.locator('.members-panel').innerText()).toContain('gezin');
  await page.close();
});
