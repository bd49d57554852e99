import { describe, expect, it } from 'vitest';
import { createPlan, settle } from './app-driver.ts';
import { tablet } from './members-driver.ts';
import { tabletsForThisFile } from '../support/tablets-for-this-file.ts';

/**
 * Every new plan has no scores yet: that is where the method starts, not something gone wrong.
 * It is said in plain words with the next step, without the warning sign or the warning colour
 * that late things (old scores, a meeting not written down) get.
 */
const { server, browser, consoleLines } = tabletsForThisFile();

describe('no scores yet', () => {
  it('is shown as the next step, not as a warning, in the plan and on the plan list', async () => {
    const page = await tablet(browser, 'parent', consoleLines);
    await page.goto(server.url);
    await createPlan(page, 'Plan familie de Boer', 'Petra');
    const line = page.getByTestId('due-card').locator('[data-due="network.due.noScores"]');
    await line.waitFor();
    expect(await line.textContent()).toBe('Nog geen scores. Iedereen geeft een cijfer op de veiligheidsschaal en zegt waarom.');
    expect(await line.locator('svg[data-icon="warning"]').count()).toBe(0);
    expect(await line.getAttribute('data-tone')).toBe('info');

    await settle(page);
    await page.getByRole('link', { name: 'Alle plannen' }).first().click();
    const onCard = page.locator('.plan-card', { hasText: 'Plan familie de Boer' }).locator('[data-due="network.due.noScores"]');
    await onCard.waitFor();
    expect(await onCard.getAttribute('data-tone')).toBe('info');
    // Not in the red of a warning: the card's warning colour is for what is late.
    const colour = await onCard.evaluate((el) => getComputedStyle(el).color);
    const danger = await onCard.evaluate((el) => getComputedStyle(el.closest('.plan-card-due') as Element).color);
    expect(colour).not.toBe(danger);
    expect(consoleLines.filter((l) => l.includes('pageerror'))).toEqual([]);
  }, 60_000);
});
