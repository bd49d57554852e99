import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { appAndBrowserForThisFile } from '../support/app-and-browser-for-this-file.ts';
import { addItem, addItemWithText, createPlan } from './app-driver.ts';

const { server, browser } = appAndBrowserForThisFile();
let axeSource: string;

beforeAll(async () => {
  axeSource = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
});

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** Runs axe-core in the page (injected through the debugger, so the app's CSP stays strict). */
async function seriousViolations(page: Page): Promise<string[]> {
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, o: object) => Promise<{ violations: Violation[] }> } }).axe;
    return (await axe.run(document, { resultTypes: ['violations'] })).violations;
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
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
});
