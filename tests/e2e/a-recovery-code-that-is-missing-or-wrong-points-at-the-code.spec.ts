import { expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { appAndBrowserForThisFile } from '../support/app-and-browser-for-this-file.ts';

const { server, browser } = appAndBrowserForThisFile();

/** The focused field: its id, whether it is marked wrong, and the words it is described by. */
const focused = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement;
    const said = (el?.getAttribute('aria-describedby') ?? '').split(' ').map((id) => document.getElementById(id)?.textContent?.trim() ?? '');
    return { id: el?.id, invalid: el?.getAttribute('aria-invalid'), said };
  });

// Someone who lost every device presses "Plan terughalen" before typing the code from the kit:
// nothing typed is asked for as such (not "not the right number of characters"), with the cursor
// in the code field; a code typed wrong puts the cursor back there too.
it('"Plan terughalen" without a code asks for the code; a code typed wrong is said at the code field; both put the cursor there', async () => {
  const page = await browser.context.newPage();
  const errors: string[] = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(server.url);
  await page.getByRole('button', { name: 'Herstelcode gebruiken' }).click();
  await page.getByLabel('Je naam').fill('Sanne');
  await page.getByRole('button', { name: 'Plan terughalen' }).click();
  await page.getByRole('alert').waitFor();
  expect(await focused(page)).toEqual({
    id: 'recover-code',
    invalid: 'true',
    said: ['Hoofdletters, spaties en streepjes maken niet uit.', 'Typ eerst de herstelcode. Die staat op je herstelkit.'],
  });
  expect(errors).toEqual([]);

  await page.getByLabel('Herstelcode', { exact: true }).fill('ABCD-EFGH');
  await page.getByRole('button', { name: 'Plan terughalen' }).click();
  await expect.poll(() => focused(page)).toEqual({
    id: 'recover-code',
    invalid: 'true',
    said: ['Hoofdletters, spaties en streepjes maken niet uit.', 'De code heeft niet het goede aantal tekens. Een herstelcode heeft 55 tekens.'],
  });
  await page.close();
});
