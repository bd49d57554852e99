import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { appAndBrowserForThisFile } from '../support/app-and-browser-for-this-file.ts';
import { createPlan } from './app-driver.ts';

const { server, browser } = appAndBrowserForThisFile();

/** How far the page scrolls sideways, and which help number is cut off at the edge. */
const sideways = (page: Page) =>
  page.evaluate(() => {
    const extra = document.documentElement.scrollWidth - window.innerWidth;
    const cut = [...document.querySelectorAll<HTMLElement>('.help-call')]
      .filter((a) => a.getBoundingClientRect().right > window.innerWidth + 0.5)
      .map((a) => `"${a.innerText}" is cut off`);
    return [extra > 0 ? `scrolls ${extra} px sideways` : '', ...cut].filter(Boolean).join(', ') || 'fits';
  });

const PANELS = [
  ['Wijzigingen', '.rv-open'],
  ['Delen', '.share-button'],
  ['Mensen', '.members-button'],
] as const;

describe('small phones', () => {
  it('no screen scrolls sideways at 320, 360 and 390 px, in Dutch and English: the plan, its changes, sharing and people', async () => {
    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 320, height: 568 });
    await page.goto(server.url);
    await page.getByRole('heading', { name: 'Plannen op dit apparaat' }).waitFor();
    const found = [`home 320: ${await sideways(page)}`];
    await createPlan(page);
    for (const lang of ['nl', 'en']) {
      if (lang === 'en') await page.locator('.lang-switch').click();
      for (const width of [320, 360, 390]) {
        await page.setViewportSize({ width, height: 700 });
        await page.waitForTimeout(50);
        found.push(`${lang} ${width} plan: ${await sideways(page)}`);
        for (const [name, button] of PANELS) {
          await page.locator(button).first().click();
          await page.waitForTimeout(150);
          found.push(`${lang} ${width} ${name}: ${await sideways(page)}`);
          await page.locator(button).first().click();
        }
      }
    }
    expect(found).toEqual(found.map((line) => line.replace(/: .*$/, ': fits')));
    await page.close();
  });

  it('no screen scrolls sideways at 390 px with text at 200 %: words wrap, and a word wider than the line breaks', async () => {
    // Large text in the phone's settings (WCAG 1.4.4, 1.4.10): before, the phase track's hidden
    // names, the due card and the call buttons pushed the plan 103 px past the screen.
    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(server.url);
    await page.locator('.lang-switch').waitFor();
    // The test before ended in English, and the choice is kept: back to Dutch, as a person starts.
    if ((await page.evaluate(() => document.documentElement.lang)) === 'en') await page.locator('.lang-switch').click();
    await page.getByRole('heading', { name: 'Plannen op dit apparaat' }).waitFor();
    await createPlan(page, 'Plan familie Groot');
    await page.evaluate(() => {
      document.documentElement.style.fontSize = '200%';
    });
    const found: string[] = [];
    for (const lang of ['nl', 'en']) {
      if (lang === 'en') await page.locator('.lang-switch').click({ timeout: 5000 });
      await page.waitForTimeout(150);
      found.push(`${lang} plan: ${await sideways(page)}`);
      for (const [name, button] of PANELS) {
        await page.locator(button).first().click({ timeout: 5000 });
        await page.waitForTimeout(150);
        found.push(`${lang} ${name}: ${await sideways(page)}`);
        await page.locator(button).first().click({ timeout: 5000 });
      }
    }
    expect(found).toEqual(found.map((line) => line.replace(/: .*$/, ': fits')));
    await page.close();
  });
});
