import { describe, expect, it } from 'vitest';
import { appAndBrowserForThisFile } from '../support/app-and-browser-for-this-file.ts';
import { createPlan } from './app-driver.ts';

const { server, browser } = appAndBrowserForThisFile();

describe('switching the language', () => {
  it('renames the editor for screen readers both ways', async () => {
    const page = await browser.context.newPage();
    await page.goto(server.url);
    await createPlan(page);
    const editor = page.locator('.plan-editor');
    expect(await editor.getAttribute('aria-label')).toBe('Het veiligheidsplan');
    await page.getByRole('button', { name: 'Switch to English' }).click();
    await expect.poll(() => editor.getAttribute('aria-label')).toBe('The safety plan');
    await page.getByRole('button', { name: 'Wissel naar Nederlands' }).click();
    await expect.poll(() => editor.getAttribute('aria-label')).toBe('Het veiligheidsplan');
    await page.close();
  });

  it('keeps the section chips below the English help bar on a portrait tablet, also after scrolling', async () => {
    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 768, height: 1024 });
    await page.goto(server.url);
    // Start in Dutch whatever an earlier test left behind (the choice is kept on the device).
    await page.evaluate(() => localStorage.setItem('safeplan.lang', 'nl'));
    await page.reload();
    await createPlan(page);
    await page.getByRole('button', { name: 'Switch to English' }).click();
    await page.mouse.wheel(0, 2500);
    await page.waitForTimeout(400);
    const bar = await page.locator('.sticky-top').boundingBox();
    const chips = await page.locator('.section-nav').boundingBox();
    expect(bar && chips).toBeTruthy();
    expect(chips!.y).toBeGreaterThanOrEqual(bar!.y + bar!.height - 1);
    await page.getByRole('button', { name: 'Wissel naar Nederlands' }).click();
    await page.close();
  });
});
