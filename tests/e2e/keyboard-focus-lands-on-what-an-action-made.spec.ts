import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { tablet } from './members-driver.ts';
import { tabletsForThisFile } from '../support/tablets-for-this-file.ts';

/**
 * A button that disappears once pressed ("Plan maken", "Meedoen", "Link en QR-code maken") took the
 * keyboard focus with it to the top of the page. The focus now lands on what the action made.
 */
const { server, browser, consoleLines } = tabletsForThisFile();

/** The focused element, as a person would name it. */
const focused = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return 'nothing (the page)';
    return `${el.tagName.toLowerCase()}${el.className ? `.${String(el.className).split(' ')[0]}` : ''}: ${(el.textContent ?? '').trim()}`;
  });

describe('keyboard focus', () => {
  it('lands on the new plan after "Plan maken" with Enter, on the new invite after "Link en QR-code maken", and on the plan after "Meedoen"', async () => {
    const maker = await tablet(browser, 'maker', consoleLines);
    await maker.goto(server.url);
    await maker.getByRole('button', { name: 'Nieuw plan' }).click();
    await maker.getByLabel('Naam van het plan').fill('Plan familie Focus');
    await maker.getByLabel('Jouw naam').fill('Sanne');
    await maker.getByLabel('Wie ben jij in dit plan?').selectOption('household');
    await maker.getByLabel('Jouw naam').press('Enter');
    await maker.locator('.plan-section').first().waitFor();
    await expect.poll(() => focused(maker)).toBe('h1.plan-title: Plan familie Focus');

    await maker.getByRole('button', { name: 'Delen' }).click();
    await maker.getByRole('button', { name: 'Link en QR-code maken' }).press('Enter');
    const link = maker.locator('#share-invite-link');
    await link.waitFor({ timeout: 20_000 });
    expect(await focused(maker)).toBe('p: Deze uitnodiging is voor een bewerker (netwerk).');

    const joiner = await tablet(browser, 'joiner', consoleLines);
    await joiner.goto(server.url + new URL(await link.inputValue()).hash);
    await joiner.getByLabel('Jouw naam').fill('Oma');
    await joiner.getByRole('button', { name: 'Meedoen' }).press('Enter');
    await joiner.locator('.plan-section').first().waitFor({ timeout: 20_000 });
    await expect.poll(() => focused(joiner)).toMatch(/^h1\.plan-title: /);
    expect(consoleLines.filter((l) => l.includes('pageerror'))).toEqual([]);
  }, 60_000);
});
