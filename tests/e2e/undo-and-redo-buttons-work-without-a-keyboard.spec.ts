import { describe, expect, it } from 'vitest';
import { appAndBrowserForThisFile } from '../support/app-and-browser-for-this-file.ts';
import { createPlan, fieldOf, settle, typeInto } from './app-driver.ts';

const { server, browser } = appAndBrowserForThisFile();

describe('undo and redo on screen (a tablet without a keyboard)', () => {
  it('takes back what was typed and brings it back again', async () => {
    const page = await browser.context.newPage();
    await page.goto(server.url);
    await createPlan(page);
    const undo = page.getByRole('button', { name: 'Ongedaan maken' });
    const redo = page.getByRole('button', { name: 'Opnieuw doen' });
    expect(await redo.isDisabled()).toBe(true);

    await typeInto(page, 'header', 0, 'Familie Jansen');
    await settle(page, 700); // the undo groups typing until a short pause
    const field = fieldOf(page, 'header', 0, 0);
    expect(await field.textContent()).toBe('Familie Jansen');

    await undo.click();
    await expect.poll(() => field.textContent()).toBe('');
    await redo.click();
    await expect.poll(() => field.textContent()).toBe('Familie Jansen');
    await page.close();
  });
});
