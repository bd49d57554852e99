import { expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { appAndBrowserForThisFile } from '../support/app-and-browser-for-this-file.ts';
import { createPlan } from './app-driver.ts';

const { server, browser } = appAndBrowserForThisFile();

/** Every phase name on screen, and each word of it that is split over two lines ("Afstem/ming"). */
const splitWords = (page: Page) =>
  page.evaluate(() => {
    const split: string[] = [];
    const shown: string[] = [];
    for (const el of document.querySelectorAll<HTMLElement>('.phase-track .phase-name, .phase-track .phase-now')) {
      if (el.getBoundingClientRect().width <= 1 || el.offsetParent === null) continue;
      const node = el.firstChild;
      if (!node || node.nodeType !== Node.TEXT_NODE) continue;
      const text = node.textContent ?? '';
      shown.push(text);
      for (const m of text.matchAll(/\S+/g)) {
        const range = document.createRange();
        range.setStart(node, m.index);
        range.setEnd(node, m.index + m[0].length);
        const tops = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
        if (tops.size > 1) split.push(m[0]);
      }
    }
    return shown.length === 0 ? 'no phase name shown' : split.length ? `split: ${split.join(', ')}` : 'whole';
  });

it('phase names are written whole, never broken mid-word, on phones (also with 200% text) and tablets, in Dutch and English', async () => {
  const page = await browser.context.newPage();
  await page.setViewportSize({ width: 320, height: 568 });
  await page.goto(server.url);
  await createPlan(page);
  await page.locator('.phase-track').waitFor();
  const found: string[] = [];
  for (const lang of ['nl', 'en']) {
    if (lang === 'en') await page.locator('.lang-switch').click();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe(lang);
    for (const [width, big] of [[320, false], [320, true], [390, true], [768, false], [1024, false]] as const) {
      await page.setViewportSize({ width, height: 800 });
      await page.evaluate((b) => {
        document.documentElement.style.fontSize = b ? '200%' : '';
      }, big);
      await page.waitForTimeout(50);
      found.push(`${lang} ${width}${big ? ' 200%' : ''}: ${await splitWords(page)}`);
    }
  }
  expect(found).toEqual(found.map((line) => line.replace(/: .*$/, ': whole')));
  await page.close();
});
