import { cpSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIST_DIR, startAppServer, type AppServer } from '../support/app-server.ts';
import { launchBrowser, type TestBrowser } from '../support/browser.ts';
import { newTempDir } from '../support/temp-dir.ts';
import { createPlan } from './app-driver.ts';

/**
 * Deploys "a new version" over the served directory the way a build does: every hashed asset gets
 * a new name (the old files are gone from the server), every reference follows, and the service
 * worker's manifest (file list and version) changes with them.
 */
function deployNewVersion(dir: string): void {
  const assets = join(dir, 'assets');
  const renamed = new Map<string, string>();
  for (const name of readdirSync(assets)) {
    const next = name.replace(/(\.[a-z]+)$/, 'v2$1');
    renamed.set(name, next);
    renameSync(join(assets, name), join(assets, next));
  }
  const names = [...renamed.keys()].sort((a, b) => b.length - a.length).map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  const pattern = new RegExp(`(?<=[/"'\`])(${names.join('|')})`, 'g');
  const rewrite = (file: string) => {
    const text = readFileSync(file, 'utf8');
    writeFileSync(file, text.replace(pattern, (m) => renamed.get(m) ?? m));
  };
  for (const name of readdirSync(assets)) if (/\.(js|css)$/.test(name)) rewrite(join(assets, name));
  rewrite(join(dir, 'index.html'));
  rewrite(join(dir, 'sw.js'));
  // The worker's cache is named after the manifest version: a new version, a new cache.
  const sw = readFileSync(join(dir, 'sw.js'), 'utf8');
  const bumped = sw.replace(/(version\\?"\s*:\s*\\?")([0-9a-f]{16})/, (_m, head: string, v: string) => `${head}${[...v].reverse().join('')}`);
  if (bumped === sw) throw new Error('no manifest version in sw.js');
  writeFileSync(join(dir, 'sw.js'), bumped);
}

let served: string;
let server: AppServer;
let browser: TestBrowser;

beforeAll(async () => {
  served = newTempDir('app-versions-');
  cpSync(DIST_DIR, served, { recursive: true });
  server = await startAppServer(served);
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
  rmSync(served, { recursive: true, force: true });
});

describe('a new version of the app', () => {
  it('waits while a page is open: the page still loads its lazy chunks, shows a banner, and moves over on "Herladen"', async () => {
    const page = await browser.context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(server.url);
    await page.getByRole('button', { name: 'Nieuw plan' }).waitFor();
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 15_000 });
    const cachesBefore = await page.evaluate(() => caches.keys());
    expect(cachesBefore).toHaveLength(1);

    deployNewVersion(served);
    // The browser's HTTP cache still holds the old files (immutable, a year); it may drop them any
    // time (storage pressure, eviction), so the app must not count on it: only the worker's cache.
    const cdp = await browser.context.newCDPSession(page);
    await cdp.send('Network.clearBrowserCache');
    /** Old-version files the open page fetched after the deploy, and what it got for them. */
    const lateLoads: { file: string; status: number }[] = [];
    page.on('response', (res) => {
      const file = /\/assets\/([^/?]+)$/.exec(res.url())?.[1];
      if (file && !file.includes('v2.')) lateLoads.push({ file, status: res.status() });
    });
    // What the browser does on its own schedule (and the app on becoming visible, every 30 min).
    await page.evaluate(async () => {
      await (await navigator.serviceWorker.getRegistration())?.update();
    });
    const banner = page.locator('.update-banner');
    await banner.waitFor({ timeout: 15_000 });
    expect(await banner.textContent()).toContain('Er is een nieuwe versie.');

    // The open page still runs the old version: the plan screen's lazily loaded chunks (no longer
    // on the server) come from the old worker's cache.
    await createPlan(page);
    expect(await page.locator('.plan-section').count()).toBeGreaterThan(3);
    // Typing loads the editor (ProseMirror, Tiptap): a chunk the home screen never loaded.
    await page.locator('.field-text').first().click();
    await page.keyboard.type('nog de oude versie');
    await expect.poll(() => page.locator('.field-text').first().textContent()).toContain('nog de oude versie');
    console.info('old-version files loaded after the deploy:', JSON.stringify(lateLoads));
    expect(lateLoads.length).toBeGreaterThan(0);
    expect(lateLoads.filter((l) => l.status !== 200)).toEqual([]);
    expect(await page.evaluate(() => caches.keys())).toEqual(expect.arrayContaining(cachesBefore));
    expect(pageErrors).toEqual([]);

    for (const [w, h] of [[768, 1024], [390, 844]] as const) {
      await page.setViewportSize({ width: w, height: h });
      await page.screenshot({ path: `/tmp/safeplan-update-banner-${w}x${h}.png` });
      const box = await banner.boundingBox();
      expect(box && box.x >= 0 && box.x + box.width <= w && box.y + box.height <= h, `banner inside ${w}x${h}`).toBe(true);
    }

    await Promise.all([page.waitForEvent('load', { timeout: 15_000 }), page.getByRole('button', { name: 'Herladen' }).click()]);
    await page.locator('.plan-section, .home-screen, button').first().waitFor();
    const scripts = await page.evaluate(() => [...document.querySelectorAll('script[src]')].map((s) => (s as HTMLScriptElement).src));
    expect(scripts.some((src) => /v2\.js$/.test(src)), scripts.join(', ')).toBe(true);
    // The old cache goes once the new worker took over, not before.
    await expect.poll(() => page.evaluate(() => caches.keys())).toHaveLength(1);
    expect(await page.evaluate(() => caches.keys())).not.toEqual(cachesBefore);
    expect(await page.locator('.update-banner').count()).toBe(0);
    expect(pageErrors).toEqual([]);
  }, 90_000);
});
