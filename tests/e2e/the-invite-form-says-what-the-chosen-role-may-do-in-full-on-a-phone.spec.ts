import { expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { appAndBrowserForThisFile } from '../support/app-and-browser-for-this-file.ts';
import { createPlan } from './app-driver.ts';

const { server, browser } = appAndBrowserForThisFile();

/** The chosen line of the closed list, whether it fits, and what the list is described by. */
function roleChoice(page: Page) {
  return page.locator('.share-panel select[name="role"]').evaluate((select: HTMLSelectElement) => {
    const style = getComputedStyle(select);
    const ctx = document.createElement('canvas').getContext('2d')!;
    ctx.font = style.font;
    const shown = select.selectedOptions[0]?.textContent ?? '';
    const room = select.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight) - 16; // the arrow
    const said = (select.getAttribute('aria-describedby') ?? '').split(' ').map((id) => document.getElementById(id));
    return {
      fits: ctx.measureText(shown).width <= room,
      shown,
      said: said.map((el) => el?.textContent ?? ''),
      saidVisible: said.every((el) => el !== null && el.getBoundingClientRect().height > 0),
    };
  });
}

// A parent on a phone chooses what the invited grandmother may do. In the closed list a line like
// "bewerker: Schrijft in het plan, het logboek en de cijfers." was cut off mid-sentence: the list
// now shows the role and the whole meaning of the chosen one is written under it.
it('on a phone the closed role list shows the whole choice, and what the chosen role may do is written in full under it, in Dutch and English', async () => {
  const page = await browser.context.newPage();
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(server.url);
  await createPlan(page, 'Plan familie Bakker', 'Sanne', 'household');
  await page.getByRole('button', { name: 'Delen' }).click();
  const role = page.locator('.share-panel').getByLabel('Wat mag deze persoon doen?');
  await role.waitFor();

  expect(await roleChoice(page)).toEqual({ fits: true, shown: 'bewerker', said: ['Schrijft in het plan, het logboek en de cijfers.'], saidVisible: true });
  await role.selectOption('reader');
  expect(await roleChoice(page)).toEqual({ fits: true, shown: 'lezer', said: ['Leest het plan en het logboek. Schrijft niets.'], saidVisible: true });

  await page.locator('.lang-switch').first().click();
  await expect.poll(() => roleChoice(page)).toEqual({ fits: true, shown: 'reader', said: ['Reads the plan and the log. Writes nothing.'], saidVisible: true });
  await page.close();
});
