import { expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { appAndBrowserForThisFile } from '../support/app-and-browser-for-this-file.ts';
import { createPlan } from './app-driver.ts';

const { server, browser } = appAndBrowserForThisFile();

// A 232-character name filled a phone screen. The field takes 80 characters; the name wraps within
// a few lines on the card and on the plan screen, and a very long word never pushes the page sideways.
const LONG = 'Veiligheidsplan familie Schoonhovenvanderveldenhuizenbergmansdochter ' .repeat(4);

/** Lines the element takes, and how far the page scrolls sideways. */
const linesAndSideways = (page: Page, selector: string) =>
  page.evaluate((sel) => {
    const el = document.querySelector<HTMLElement>(sel)!;
    const lines = Math.round(el.getBoundingClientRect().height / parseFloat(getComputedStyle(el).lineHeight));
    return { lines, sideways: document.documentElement.scrollWidth - window.innerWidth };
  }, selector);

/** Words of the plan's name that are split over two lines although they would fit on one. */
const splitWords = (page: Page) =>
  page.evaluate(() => {
    const el = document.querySelector('.plan-title-text')!;
    const node = el.firstChild!;
    const width = el.getBoundingClientRect().width;
    const split: string[] = [];
    for (const m of (node.textContent ?? '').matchAll(/\S+/g)) {
      const range = document.createRange();
      range.setStart(node, m.index);
      range.setEnd(node, m.index + m[0].length);
      const rects = [...range.getClientRects()];
      const wide = rects.reduce((sum, r) => sum + r.width, 0);
      if (new Set(rects.map((r) => Math.round(r.top))).size > 1 && wide < width) split.push(m[0]);
    }
    return split;
  });

it('a plan name takes at most 80 characters and wraps within a few lines on a phone, without sideways scrolling', async () => {
  const page = await browser.context.newPage();
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(server.url);
  await page.getByRole('button', { name: 'Nieuw plan' }).click();
  const name = page.getByLabel('Naam van het plan');
  await name.click();
  await page.keyboard.insertText(LONG);
  expect((await name.inputValue()).length).toBe(80);
  await page.getByLabel('Jouw naam').fill('Sanne');
  await page.getByLabel('Wie ben jij in dit plan?').selectOption('household');
  await page.getByRole('button', { name: 'Plan maken' }).click();
  await page.locator('.plan-section').first().waitFor();

  const onPlan = await linesAndSideways(page, '.plan-title');
  expect(onPlan.sideways).toBe(0);
  expect(onPlan.lines).toBeLessThanOrEqual(4);
  // Only a word wider than the line breaks; the others wrap whole, on a phone and on a tablet.
  expect(await splitWords(page)).toEqual([]);
  await page.setViewportSize({ width: 768, height: 1024 });
  expect(await splitWords(page)).toEqual([]);
  await page.setViewportSize({ width: 390, height: 844 });

  await page.getByRole('link', { name: 'Alle plannen' }).click();
  await page.locator('.plan-card-title').waitFor();
  const onCard = await linesAndSideways(page, '.plan-card-title');
  expect(onCard.sideways).toBe(0);
  expect(onCard.lines).toBeLessThanOrEqual(3);

  // A usual name beside "Alle plannen" on a tablet keeps its words whole too.
  await page.setViewportSize({ width: 768, height: 1024 });
  await createPlan(page, 'Veiligheidsplan familie Jansen');
  expect(await splitWords(page)).toEqual([]);
  await page.close();
});
