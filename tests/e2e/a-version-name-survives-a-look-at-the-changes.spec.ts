import { expect, it } from 'vitest';
import { appAndBrowserForThisFile } from '../support/app-and-browser-for-this-file.ts';
import { createPlan, openVersions } from './app-driver.ts';

const { server, browser } = appAndBrowserForThisFile();

// A professional types the name of a new version, then looks at "Wijzigingen" to check what
// changed, and comes back to "Versies": what she typed was gone. It is still there, also after
// closing the panel and opening it again; once the version is fixed the form is empty.
it('a name and date typed in "Versie vaststellen" are still there after "Wijzigingen" and back, and after closing the panel', async () => {
  const page = await browser.context.newPage();
  await page.setViewportSize({ width: 1024, height: 768 });
  await page.goto(server.url);
  await createPlan(page, 'Plan familie Mulder', 'Sanne', 'professional');
  await openVersions(page);
  await page.getByLabel('Naam van de versie').fill('Versie na het eerste beraad');
  await page.getByLabel('Datum van het beraad').fill('2026-11-02');

  await page.getByRole('tab', { name: 'Wijzigingen' }).click();
  await page.getByRole('tab', { name: 'Versies' }).click();
  expect(await page.getByLabel('Naam van de versie').inputValue()).toBe('Versie na het eerste beraad');
  expect(await page.getByLabel('Datum van het beraad').inputValue()).toBe('2026-11-02');

  await page.getByRole('button', { name: 'Terug naar het plan' }).click();
  await openVersions(page);
  expect(await page.getByLabel('Naam van de versie').inputValue()).toBe('Versie na het eerste beraad');

  await page.getByRole('button', { name: 'Versie vaststellen' }).click();
  await page.locator('.rv-version[data-version="1"]').waitFor({ timeout: 10_000 });
  expect(await page.getByLabel('Naam van de versie').inputValue()).toBe('');
  await page.close();
});

// "Versie vaststellen" without a name says "Geef de versie een naam." with the cursor in the name
// field, marked; it stayed on the button. The message goes once a name is typed.
it('"Versie vaststellen" without a name puts the cursor in the name field, marked and described by the message', async () => {
  const page = await browser.context.newPage();
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(server.url);
  await createPlan(page, 'Plan familie Jacobs', 'Sanne', 'professional');
  await openVersions(page);
  await page.getByRole('button', { name: 'Versie vaststellen' }).click();
  await page.locator('.rv-fix').getByRole('alert').waitFor();
  expect(
    await page.evaluate(() => {
      const el = document.activeElement;
      return [el?.id, el?.getAttribute('aria-invalid'), document.getElementById(el?.getAttribute('aria-describedby') ?? '')?.textContent?.trim()];
    }),
  ).toEqual(['rv-fix-name', 'true', 'Geef de versie een naam.']);
  await page.keyboard.type('Versie 1');
  expect(await page.locator('.rv-fix').getByRole('alert').count()).toBe(0);
  await page.close();
});
