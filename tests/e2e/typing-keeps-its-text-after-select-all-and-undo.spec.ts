import { describe, expect, it } from 'vitest';
import { appAndBrowserForThisFile } from '../support/app-and-browser-for-this-file.ts';
import { addItemWithText, createPlan, fieldOf, settle, typeInto } from './app-driver.ts';

const { server, browser } = appAndBrowserForThisFile();

describe('typing in a field', () => {
  it('Ctrl+A then typing replaces the text of that field and keeps the new text', async () => {
    const page = await browser.context.newPage();
    await page.goto(server.url);
    await createPlan(page);
    await typeInto(page, 'header', 0, 'Familie Jansen');
    await typeInto(page, 'header', 0, '');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('Familie De Vries');
    await settle(page, 300);
    expect(await fieldOf(page, 'header', 0, 0).textContent()).toBe('Familie De Vries');
    // The other sections are untouched.
    expect(await page.locator('.plan-section').count()).toBeGreaterThan(10);
    await page.close();
  });

  it('one Ctrl+Z takes back the text of a new item, not the item with it', async () => {
    const page = await browser.context.newPage();
    await page.goto(server.url);
    await createPlan(page);
    await addItemWithText(page, 'dangerStatements', 'Wij zijn bang dat Jan gewond raakt.');
    await settle(page, 200);
    const items = page.locator('section[data-section="dangerStatements"] .plan-item');
    await page.keyboard.press('Control+Z');
    await expect.poll(() => fieldOf(page, 'dangerStatements', 0).textContent()).toBe('');
    expect(await items.count()).toBe(1);
    await page.keyboard.press('Control+Z');
    await expect.poll(() => items.count()).toBe(0);
    await page.close();
  });
});
