import type { Browser, Locator, Page } from 'playwright-core';

/** Steps for members, invitations for a role and the regie hand-over, in the visible Dutch words. */

export async function createPlanAsProfessional(page: Page, title: string, you: string, fn: string): Promise<void> {
  await page.getByRole('button', { name: 'Nieuw plan' }).click();
  await page.getByLabel('Naam van het plan').fill(title);
  await page.getByLabel('Jouw naam').fill(you);
  await page.getByLabel('Wie ben jij in dit plan?').selectOption('professional');
  await page.getByLabel('Welke functie heb je?').selectOption(fn);
  await page.getByRole('button', { name: 'Plan maken' }).click();
  await page.locator('.plan-section').first().waitFor();
}

/** Opens "Mensen" unless it is open already. */
export async function openMembers(page: Page): Promise<void> {
  if ((await page.locator('.members-panel').count()) === 0) await page.getByRole('button', { name: /^Mensen/ }).click();
  await page.locator('.members-panel').waitFor();
}

/** From "Mensen": an invite for a role and a kind; returns the link. */
export async function inviteFor(page: Page, role: string, kind: string): Promise<string> {
  await openMembers(page);
  const another = page.getByRole('button', { name: 'Nog iemand uitnodigen' });
  if (await another.count()) await another.click();
  await page.getByLabel('Wat mag deze persoon doen?').selectOption(role);
  await page.getByLabel('Wie is het?').selectOption(kind);
  await page.getByRole('button', { name: 'Link en QR-code maken' }).click();
  const input = page.locator('#members-invite-link');
  await input.waitFor({ timeout: 20_000 });
  return input.inputValue();
}

export async function joinByLink(page: Page, appUrl: string, link: string, name: string): Promise<void> {
  await page.goto(appUrl + new URL(link).hash);
  await page.getByLabel('Jouw naam').fill(name);
  await page.getByRole('button', { name: 'Meedoen' }).click();
  await page.locator('.plan-section').first().waitFor({ timeout: 20_000 });
}

export function memberCard(page: Page, name: string): Locator {
  return page.locator('.members-panel .member-card', { has: page.locator('.member-name', { hasText: name }) });
}

/**
 * A tablet of its own: a fresh browser context (its own storage), Dutch, 768×1024. Page errors and
 * console errors go to `lines`, labelled, so a failing wait can say what each device saw.
 */
export async function tablet(browser: Browser, label: string, lines: string[]): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 768, height: 1024 }, locale: 'nl-NL' });
  const page = await context.newPage();
  page.on('pageerror', (e) => lines.push(`${label} pageerror: ${e.message}`));
  page.on('console', (m) => m.type() === 'error' && lines.push(`${label} ${m.type()}: ${m.text()}`));
  return page;
}
