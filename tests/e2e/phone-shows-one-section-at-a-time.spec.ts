import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { sectionsOf } from '@safeplan/schema/plan';
import { appAndBrowserForThisFile } from '../support/app-and-browser-for-this-file.ts';
import { createPlan } from './app-driver.ts';

const { server, browser } = appAndBrowserForThisFile();

/** The page's order: the plan's sections, then the scores and the log under "Scores en logboek". */
const PAGE_ORDER = [...sectionsOf('plan'), ...sectionsOf('contributions')].map((s) => s.key);

const visibleSections = (page: Page) =>
  page.locator('.plan-section').evaluateAll((els) => els.filter((e) => (e as HTMLElement).offsetParent !== null).map((e) => e.getAttribute('data-section')));

const chips = (page: Page) =>
  page.locator('.section-nav .chip').evaluateAll((els) => els.map((e) => ({ key: e.getAttribute('data-chip'), number: e.querySelector('.chip-number')?.textContent })));

/** The lowest edge of everything that stays stuck to the top of the screen while scrolling. */
const stickyBottom = (page: Page) =>
  page.evaluate(() => {
    let bottom = 0;
    for (const el of document.querySelectorAll<HTMLElement>('body *')) {
      const style = getComputedStyle(el);
      if (style.position !== 'sticky' && style.position !== 'fixed') continue;
      const r = el.getBoundingClientRect();
      if (r.height > 0 && r.top < 5) bottom = Math.max(bottom, r.bottom);
    }
    return bottom;
  });

async function newPlanAt(width: number, height: number): Promise<Page> {
  const page = await browser.context.newPage();
  await page.setViewportSize({ width, height });
  await page.goto(server.url);
  await createPlan(page);
  return page;
}

describe('a long plan on a phone', () => {
  it('numbers the chips in the order of the page: scores and log last, under their heading', async () => {
    const page = await newPlanAt(390, 844);
    expect(await chips(page)).toEqual(PAGE_ORDER.map((key, i) => ({ key, number: String(i + 1) })));
    await page.close();
  });

  it('shows one section at a time, with next and previous, and the chips open a section', async () => {
    const page = await newPlanAt(390, 844);
    expect(await visibleSections(page)).toEqual([PAGE_ORDER[0]]);
    await page.getByRole('button', { name: /^Volgende:/ }).click();
    expect(await visibleSections(page)).toEqual([PAGE_ORDER[1]]);
    await page.locator('.section-nav .chip[data-chip="safetyLog"]').click();
    expect(await visibleSections(page)).toEqual(['safetyLog']);
    expect(await page.locator('#contributions-title').isVisible()).toBe(true);
    await page.getByRole('button', { name: /^Vorige:/ }).click();
    expect(await visibleSections(page)).toEqual(['safetyScale']);
    await page.getByRole('button', { name: 'Toon het hele plan' }).click();
    expect(await visibleSections(page)).toEqual(PAGE_ORDER);
    await page.close();
  });

  it('opens a new plan with its first section on the first screen, and what is due after it', async () => {
    const page = await newPlanAt(390, 844);
    const section = page.locator(`section[data-section="${PAGE_ORDER[0]}"]`);
    const sectionBox = await section.boundingBox();
    const heading = await section.locator('h2').first().boundingBox();
    const due = await page.getByTestId('due-card').boundingBox();
    expect(sectionBox && heading && due, 'section, heading and due card are shown').toBeTruthy();
    // The parent came to write: the section starts on the first screen, not under the overview cards.
    expect(heading!.y + heading!.height, 'first section heading ends on the first screen').toBeLessThan(844);
    expect(due!.y, 'the due card comes after the first section').toBeGreaterThanOrEqual(sectionBox!.y + sectionBox!.height);
    // The cards are still there for whoever scrolls on, and only beside the first section.
    await page.getByRole('button', { name: /^Volgende:/ }).click();
    expect(await page.getByTestId('due-card').count()).toBe(0);
    await page.close();
  });

  it('keeps the bars that stay on screen at most 90 px high while scrolling', async () => {
    const page = await newPlanAt(390, 844);
    await page.mouse.wheel(0, 1200);
    await page.waitForTimeout(300);
    expect(await page.evaluate(() => window.scrollY)).toBeGreaterThan(200);
    const bottom = await stickyBottom(page);
    expect(bottom).toBeGreaterThan(40); // the exit button and the help numbers are still there
    expect(bottom).toBeLessThanOrEqual(90);
    await page.close();
  });

  it('keeps the whole plan on a tablet, where one section at a time is a choice', async () => {
    const page = await newPlanAt(768, 1024);
    expect(await visibleSections(page)).toEqual(PAGE_ORDER);
    await page.getByRole('button', { name: 'Toon één onderdeel tegelijk' }).click();
    expect(await visibleSections(page)).toEqual([PAGE_ORDER[0]]);
    await page.close();
  });
});
