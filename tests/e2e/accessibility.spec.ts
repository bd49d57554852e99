import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { appAndBrowserForThisFile } from '../support/app-and-browser-for-this-file.ts';
import { addItem, addItemWithText, createPlan } from './app-driver.ts';
import { axeViolations, describeViolations } from './axe-driver.ts';

const { server, browser } = appAndBrowserForThisFile();

async function seriousViolations(page: Page): Promise<string[]> {
  return describeViolations((await axeViolations(page)).filter((v) => v.impact === 'serious' || v.impact === 'critical'));
}

describe('accessibility', () => {
  it('the home screen has no serious or critical problems', async () => {
    const page = await browser.context.newPage();
    await page.goto(server.url);
    await page.getByRole('heading', { name: 'Plannen op dit apparaat' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Nieuw plan' }).click();
    expect(await seriousViolations(page)).toEqual([]);
    await page.close();
  });

  it('the plan screen, with items in it, has no serious or critical problems', async () => {
    const page = await browser.context.newPage();
    await page.goto(server.url);
    await createPlan(page);
    await addItem(page, 'safetyScale');
    await page.keyboard.type('Het ging deze week goed.');
    await addItemWithText(page, 'network', 'Buurvrouw Ans');
    await addItem(page, 'safetyLog');
    await page.keyboard.type('Oma kwam langs.');
    expect(await seriousViolations(page)).toEqual([]);
    await page.close();
  });

  it('the "Veiligheidspersoon" checkbox is a tap target of at least 44 px', async () => {
    const page = await browser.context.newPage();
    await page.goto(server.url);
    await createPlan(page);
    await addItemWithText(page, 'network', 'Buurvrouw Ans');
    const box = await page.locator('section[data-section="network"] .attr-check input[type="checkbox"]').first().boundingBox();
    expect(box?.width).toBeGreaterThanOrEqual(44);
    expect(box?.height).toBeGreaterThanOrEqual(44);
    await page.close();
  });

  it('the plan on a phone, one section at a time, with an explanation and the word list open, has no serious or critical problems', async () => {
    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(server.url);
    await createPlan(page);
    await page.getByText('Wat betekent dit?').first().click();
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Alle woorden' }).first().click();
    await page.getByRole('dialog', { name: 'Woordenlijst' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.close();
  });
});

