import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { appAndBrowserForThisFile } from '../support/app-and-browser-for-this-file.ts';
import { createPlan } from './app-driver.ts';
import { setPin } from './lock-driver.ts';

const { server, browser } = appAndBrowserForThisFile();

const SIZES = [[320, 568], [360, 800], [390, 844], [768, 1024], [1024, 768]] as const;

/** Where "Snel weg" is, and whether a tap on its middle reaches it (nothing lies over it). */
const exitOnScreen = (page: Page) =>
  page.evaluate(() => {
    const exit = document.querySelector<HTMLElement>('.quick-exit');
    if (!exit) return 'no quick exit';
    const r = exit.getBoundingClientRect();
    const label = exit.querySelector('span');
    const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    const problems = [
      r.left < 0 && `left edge at ${Math.round(r.left)}`,
      r.right > window.innerWidth + 0.5 && `right edge at ${Math.round(r.right)} px on a ${window.innerWidth} px screen`,
      r.top < 0 && `top edge at ${Math.round(r.top)}`,
      (r.width < 44 || r.height < 44) && `only ${Math.round(r.width)}x${Math.round(r.height)} px`,
      label && label.scrollWidth > label.clientWidth + 1 && `its words are cut off`,
      !exit.contains(hit) && 'something lies over it',
    ].filter(Boolean);
    return problems.length ? problems.join(', ') : 'whole';
  });

/** Checks every size, in the current language, with normal and with 200% text on phones. */
async function checkEverySize(page: Page, where: string): Promise<string[]> {
  const found: string[] = [];
  for (const [width, height] of SIZES) {
    for (const bigText of width <= 390 ? [false, true] : [false]) {
      await page.setViewportSize({ width, height });
      await page.evaluate((big) => {
        document.documentElement.style.fontSize = big ? '200%' : '';
      }, bigText);
      await page.waitForTimeout(50);
      const lang = await page.evaluate(() => document.documentElement.lang);
      found.push(`${where} ${lang} ${width}${bigText ? ' 200% text' : ''}: ${await exitOnScreen(page)}`);
    }
  }
  await page.evaluate(() => {
    document.documentElement.style.fontSize = '';
  });
  return found;
}

const allWhole = (found: string[]) => found.map((line) => line.replace(/: .*$/, ': whole'));

describe('the quick exit on small phones', () => {
  it('stays whole on screen and tappable from 320 to 1024 px, in Dutch and English, with and without the lock, with large text', async () => {
    const page = await browser.context.newPage();
    await page.goto(server.url);
    await page.getByRole('heading', { name: 'Plannen op dit apparaat' }).waitFor();

    const found = await checkEverySize(page, 'home, no lock');

    // The lock adds a third button to the top bar.
    await page.setViewportSize({ width: 768, height: 1024 });
    await setPin(page, '482913');
    await createPlan(page);
    found.push(...(await checkEverySize(page, 'plan')));
    await page.locator('.lang-switch').click();
    await page.getByRole('button', { name: 'Leave now' }).first().waitFor();
    found.push(...(await checkEverySize(page, 'plan')));
    expect(found).toEqual(allWhole(found));
    await page.close();
  });
});
