import { describe, expect, it } from 'vitest';
import { createPlan } from './app-driver.ts';
import { openMembers, tablet } from './members-driver.ts';
import { tabletsForThisFile } from '../support/tablets-for-this-file.ts';

/**
 * The hand-over goes from the professionals to the network (the method's regie): a plan that one
 * person just made has nobody to hand over from or to, so it is at no step of it yet.
 */
const { server, browser, consoleLines } = tabletsForThisFile();

describe('a new plan and the hand-over', () => {
  it('shows no hand-over step in the header and says in Mensen that the hand-over has not started', async () => {
    const page = await tablet(browser, 'parent', consoleLines);
    await page.goto(server.url);
    await createPlan(page, 'Veiligheidsplan familie Visser', 'Petra');
    const button = page.getByRole('button', { name: /^Mensen/ });
    await button.waitFor();
    expect(await button.textContent()).not.toContain('stap');
    await openMembers(page);
    await page.getByRole('tab', { name: 'Regie' }).click();
    const regie = page.locator('.regie');
    expect(await regie.locator('.regie-now').textContent()).toBe(
      'Nu: de overdracht is nog niet begonnen. Die begint als er een professional en iemand van het gezin of netwerk in het plan zijn.',
    );
    expect(await regie.getAttribute('data-step')).toBe('0');
    // No step is done or current: every step of the hand-over is still to come.
    expect(await regie.locator('.regie-step[data-state="later"]').count()).toBe(4);
    expect(consoleLines.filter((l) => l.includes('pageerror'))).toEqual([]);
  }, 60_000);
});
