import { describe, expect, it } from 'vitest';
import { appAndBrowserForThisFile } from '../support/app-and-browser-for-this-file.ts';
import { addItemWithText, createPlan } from './app-driver.ts';

const { server, browser } = appAndBrowserForThisFile();

describe('what the app loads', () => {
  it('the home screen loads no editor code; the plan screen loads it when opened', async () => {
    const page = await browser.context.newPage();
    const scripts = new Map<string, string>();
    page.on('response', async (r) => {
      if (r.url().endsWith('.js')) scripts.set(r.url(), await r.text().catch(() => ''));
    });
    await page.goto(server.url);
    await page.getByRole('heading', { name: 'Plannen op dit apparaat' }).waitFor();
    await page.waitForLoadState('networkidle');
    // ProseMirror's view names its root class: no script on the home screen may carry it.
    const withEditor = () => [...scripts].filter(([, body]) => body.includes('ProseMirror-hideselection')).map(([url]) => url);
    expect(withEditor()).toEqual([]);

    await createPlan(page);
    expect(withEditor().length).toBeGreaterThan(0);
    await page.close();
  });

  it('makes no request to any other site', async () => {
    const page = await browser.context.newPage();
    const foreign: string[] = [];
    const origin = new URL(server.url).origin;
    page.on('request', (r) => {
      const url = new URL(r.url());
      if (url.protocol !== 'data:' && url.protocol !== 'blob:' && url.origin !== origin && url.host !== new URL(server.wsUrl).host) {
        foreign.push(r.url());
      }
    });
    await page.goto(server.url);
    await createPlan(page);
    await addItemWithText(page, 'goingWell', 'Oma komt elke dag');
    await page.waitForLoadState('networkidle');
    expect(foreign).toEqual([]);
    await page.close();
  });
});
