import { describe, expect, it } from 'vitest';
import { appAndBrowserForThisFile } from '../support/app-and-browser-for-this-file.ts';
import { addItemWithText, createPlan } from './app-driver.ts';
import { openShareAndInvite } from './share-driver.ts';

// A relay whose plans may hold almost nothing: the first shared change is refused as plan-full.
const { server, browser } = appAndBrowserForThisFile({ limits: { maxPlanBytes: 1 } });

describe('a change the relay refuses for a quota', () => {
  it('is explained in plain words, and stays on the tablet', async () => {
    const page = await browser.context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(server.url);
    await createPlan(page);
    await addItemWithText(page, 'dangerStatements', 'Hij gaat harder praten');
    // Sharing puts the plan on the relay: its member log is not counted against the quota, the
    // plan's first change is.
    await openShareAndInvite(page);
    const status = page.locator('.sync-status');
    await expect.poll(() => status.getAttribute('data-code'), { timeout: 15_000 }).toBe('plan-full');
    expect(await status.textContent()).toBe(
      'Dit plan is te groot geworden. Nieuwe wijzigingen worden niet meer gedeeld. Vraag de eigenaar om een nieuwe versie vast te stellen. Je wijzigingen blijven op dit apparaat.',
    );
    // The refused change is still in the editor.
    expect(await page.locator('section[data-section="dangerStatements"] .field-text').allTextContents()).toContain('Hij gaat harder praten');
    expect(server.logLines().some((l) => l.includes('"limit.hit"') && l.includes('"code":"plan-full"'))).toBe(true);
    expect(pageErrors).toEqual([]);
    await page.close();
  }, 60_000);
});
