import type { Page } from 'playwright-core';

/** Steps a person takes in the app, shared by the browser tests. Locators use the visible Dutch words. */

export async function createPlan(page: Page, title = 'Veiligheidsplan familie Test', you = 'Sanne', kind: 'household' | 'network' | 'professional' = 'network'): Promise<void> {
  await page.getByRole('button', { name: 'Nieuw plan' }).click();
  await page.getByLabel('Naam van het plan').fill(title);
  await page.getByLabel('Jouw naam').fill(you);
  // Nothing is chosen for the creator (their place is signed into the plan's first event).
  await page.getByLabel('Wie ben jij in dit plan?').selectOption(kind);
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

/** Opens the review panel on its "Versies" tab. */
export async function openVersions(page: Page): Promise<void> {
  if ((await page.locator('.rv-panel').count()) === 0) await page.getByRole('button', { name: 'Wijzigingen', exact: true }).first().click();
  await page.getByRole('tab', { name: 'Versies' }).click();
}

/** An owner fixes the plan as it is now as a version; resolves once its card is shown. */
export async function fixVersion(page: Page, name: string, date: string, versionNo: number): Promise<void> {
  await openVersions(page);
  await page.getByLabel('Naam van de versie').fill(name);
  await page.getByLabel('Datum van het beraad').fill(date);
  await page.getByRole('button', { name: 'Versie vaststellen' }).click();
  await page.locator(`.rv-version[data-version="${versionNo}"]`).waitFor({ timeout: 10_000 });
}
