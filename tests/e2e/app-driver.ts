import type { Page } from 'playwright-core';

/** Steps a person takes in the app, shared by the browser tests. Locators use the visible Dutch words. */

export async function createPlan(page: Page, title = 'Veiligheidsplan familie Test', you = 'Sanne'): Promise<void> {
  await page.getByRole('button', { name: 'Nieuw plan' }).click();
  await page.getByLabel('Naam van het plan').fill(title);
  await page.getByLabel('Jouw naam').fill(you);
  await page.getByRole('button', { name: 'Plan maken' }).click();
  await page.locator('.plan-section').first().waitFor();
}

/** The editable text of the first field of the item at `index` in a section (the last one when -1). */
export function fieldOf(page: Page, sectionKey: string, index = -1, field = 0) {
  const items = page.locator(`section[data-section="${sectionKey}"] .plan-item`);
  const item = index === -1 ? items.last() : items.nth(index);
  return item.locator('.field-text').nth(field);
}

/**
 * On a phone the plan shows one section at a time: opens the section through its chip. With the
 * whole plan shown (tablets) every section is there already and nothing is pressed.
 */
export async function openSection(page: Page, sectionKey: string): Promise<void> {
  if ((await page.locator('.section-nav .chip[aria-current]').count()) === 0) return;
  const chip = page.locator(`.section-nav .chip[data-chip="${sectionKey}"]`);
  if ((await chip.getAttribute('aria-current')) === null) await chip.click();
  await page.locator(`section[data-section="${sectionKey}"]`).waitFor({ state: 'visible' });
}

/** Presses the section's first "add" button; resolves with the new item's index once it is there. */
export async function addItem(page: Page, sectionKey: string): Promise<number> {
  await openSection(page, sectionKey);
  const section = page.locator(`section[data-section="${sectionKey}"]`);
  const before = await section.locator('.plan-item').count();
  await section.locator('.section-actions button').first().click();
  await section.locator('.plan-item').nth(before).waitFor();
  return before;
}

export async function addItemWithText(page: Page, sectionKey: string, text: string): Promise<void> {
  const index = await addItem(page, sectionKey);
  const target = fieldOf(page, sectionKey, index);
  await target.click();
  await page.keyboard.type(text);
}

export async function typeInto(page: Page, sectionKey: string, index: number, text: string): Promise<void> {
  await openSection(page, sectionKey);
  await fieldOf(page, sectionKey, index).click();
  await page.keyboard.type(text);
}

/** Lets the 30 ms update batcher and the IndexedDB write finish before a reload. */
export async function settle(page: Page, ms = 800): Promise<void> {
  await page.waitForTimeout(ms);
}
