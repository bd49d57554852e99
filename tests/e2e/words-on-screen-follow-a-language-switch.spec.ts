import { expect, it } from 'vitest';
import { appAndBrowserForThisFile } from '../support/app-and-browser-for-this-file.ts';

const { server, browser } = appAndBrowserForThisFile();

// A refusal already on the screen is said again in the language chosen after it: a grandmother
// who switches to the language she reads best must not be left with words she cannot read.
it('a plan refused for want of a name says so again in English after a switch to English', async () => {
  const page = await browser.context.newPage();
  await page.goto(server.url);
  await page.getByRole('button', { name: 'Nieuw plan' }).click();
  await page.getByLabel('Naam van het plan').fill('   ');
  await page.getByLabel('Jouw naam').fill('Sanne');
  await page.getByRole('button', { name: 'Plan maken' }).click();
  const alert = page.getByRole('alert');
  await alert.waitFor();
  expect(await alert.textContent()).toBe('Vul de naam van het plan in.');
  await page.locator('.lang-switch').first().click();
  await expect.poll(() => alert.textContent()).toBe('Please fill in the name of the plan.');
  await page.screenshot({ path: '/tmp/shots/home-name-required-en.png' });
  await page.close();
});
