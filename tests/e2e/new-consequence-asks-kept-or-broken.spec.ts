import { describe, expect, it } from 'vitest';
import { appAndBrowserForThisFile } from '../support/app-and-browser-for-this-file.ts';
import { addItem, createPlan } from './app-driver.ts';

const { server, browser } = appAndBrowserForThisFile();

describe('a new consequence', () => {
  it('has no choice made for it: the person says whether it is about kept or broken agreements', async () => {
    const page = await browser.context.newPage();
    await page.goto(server.url);
    await createPlan(page);
    await addItem(page, 'consequences');
    const kind = page.locator('section[data-section="consequences"] .plan-item select').first();
    expect(await kind.inputValue()).toBe('');
    expect(await kind.locator('option:checked').textContent()).toBe('(kies)');
    await page.close();
  });
});
