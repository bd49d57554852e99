import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { appAndBrowserForThisFile } from '../support/app-and-browser-for-this-file.ts';
import { createPlan, settle } from './app-driver.ts';

const NEUTRAL = 'https://www.buienradar.nl/';
const SECRET = 'Jan werd geslagen op dinsdag';

const { server, browser } = appAndBrowserForThisFile();

/** The neutral site is a local stub: no request leaves the machine. It answers slowly, to see the blank page. */
async function stubNeutralSite(page: Page): Promise<void> {
  await page.route(`${NEUTRAL}**`, async (route) => {
    await new Promise((r) => setTimeout(r, 700));
    await route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>Het weer</title><h1>Buien vandaag</h1>' });
  });
}

async function expectGoneForGood(page: Page): Promise<void> {
  await page.waitForURL(NEUTRAL);
  expect(await page.content()).not.toContain(SECRET);
  expect(await page.title()).toBe('Het weer');
  await page.goBack().catch(() => null);
  await page.waitForTimeout(300);
  expect(page.url().startsWith(server.url)).toBe(false);
  expect(await page.content()).not.toContain(SECRET);
}

describe('quick exit', () => {
  it('the "Snel weg" button blanks the page at once and leaves no way back', async () => {
    const page = await browser.context.newPage();
    await stubNeutralSite(page);
    await page.goto(server.url);
    await createPlan(page);
    await page.locator('section[data-section="unsafeSituations"] .section-actions button').first().click();
    await page.keyboard.type(SECRET);
    await settle(page, 300);
    expect(await page.content()).toContain(SECRET);

    // Before the neutral site has even answered, nothing of the plan is left on screen.
    const leftOnScreen = await page.evaluate(() => {
      const button = [...document.querySelectorAll('button')].find((b) => b.textContent?.includes('Snel weg'));
      button?.click();
      return document.body.innerText.trim();
    });
    expect(leftOnScreen).toBe('');
    await expectGoneForGood(page);
    await page.close();
  });

  it('pressing Escape three times does the same, from any screen', async () => {
    const page = await browser.context.newPage();
    await stubNeutralSite(page);
    await page.goto(server.url);
    await page.getByRole('heading', { name: 'Plannen op dit apparaat' }).waitFor();
    await page.locator('.plan-card').first().click();
    await page.locator('.plan-section').first().waitFor();
    await page.locator('.field-text').first().click();
    expect(await page.content()).toContain(SECRET);

    await page.keyboard.press('Escape');
    await page.keyboard.press('Escape');
    await page.keyboard.press('Escape');
    await expectGoneForGood(page);
    await page.close();
  });

  it('two Escape presses do not leave', async () => {
    const page = await browser.context.newPage();
    await stubNeutralSite(page);
    await page.goto(server.url);
    await page.getByRole('heading', { name: 'Plannen op dit apparaat' }).waitFor();
    await page.keyboard.press('Escape');
    await page.keyboard.press('Escape');
    await page.waitForTimeout(1700);
    await page.keyboard.press('Escape');
    await page.waitForTimeout(300);
    expect(page.url().startsWith(server.url)).toBe(true);
    await page.close();
  });
});
