import { describe, expect, it } from 'vitest';
import { SECTIONS } from '@safeplan/schema/plan';
import { appAndBrowserForThisFile } from '../support/app-and-browser-for-this-file.ts';
import type { Page } from 'playwright-core';
import { addItem, addItemWithText, createPlan, settle, typeInto } from './app-driver.ts';

/** The non-empty field texts of each section's first item, joined with " / ", by section key. */
function firstItemTexts(page: Page): Promise<Record<string, string | null>> {
  return page.locator('.plan-section').evaluateAll((sections) =>
    Object.fromEntries(
      sections.map((s) => {
        const item = s.querySelector('.plan-item');
        const texts = item ? [...item.querySelectorAll('.field-text')].map((f) => f.textContent ?? '').filter((t) => t !== '') : null;
        return [s.getAttribute('data-section') ?? '?', texts ? texts.join(' / ') : null];
      }),
    ),
  );
}

const { server, browser } = appAndBrowserForThisFile();

/** The text written in each section: its key, so every item can be found back after the reload. */
const textFor = (key: string) => `Geschreven in ${key}`;
/** A new log entry or score starts with the writer's name; the caret then waits in the next field. */
const PREFILLED = new Set(['safetyLog', 'safetyScale']);
const expectedFor = (key: string) => (PREFILLED.has(key) ? `Sanne / ${textFor(key)}` : textFor(key));

describe('a new user on a tablet', () => {
  it('writes one item in every section, reloads without network, and finds every item', async () => {
    const page = await browser.context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(server.url);
    await createPlan(page);
    expect(await page.locator('.plan-section').count()).toBe(SECTIONS.length);

    for (const section of SECTIONS) {
      const hasMany = section.items.some((i) => i.repeat === 'many');
      const hasOne = section.items.some((i) => i.repeat === 'one');
      if (hasOne) await typeInto(page, section.key, 0, textFor(section.key));
      else if (PREFILLED.has(section.key)) {
        await addItem(page, section.key);
        await page.keyboard.type(textFor(section.key));
      } else if (hasMany) await addItemWithText(page, section.key, textFor(section.key));
    }
    await settle(page);
    expect(await firstItemTexts(page)).toEqual(Object.fromEntries(SECTIONS.map((sec) => [sec.key, expectedFor(sec.key)])));
    // The app must be ready to start offline before the network goes.
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });

    await browser.context.setOffline(true);
    await page.reload({ timeout: 15_000 });
    await page.locator('.plan-section').first().waitFor();
    const expected = Object.fromEntries(SECTIONS.map((sec) => [sec.key, expectedFor(sec.key)]));
    await expect.poll(() => firstItemTexts(page), { timeout: 8000 }).toEqual(expected);
    await expect.poll(() => page.locator('.sync-status').textContent()).toMatch(/apparaat|verbinding/);
    expect(pageErrors).toEqual([]);
    await browser.context.setOffline(false);
  }, 90_000);
});
