import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { MAX_FIELD_CHARS, SECTIONS } from '@safeplan/schema/plan';
import { launchBrowser, type TestBrowser } from '../support/browser.ts';
import { startAppServer, type AppServer } from '../support/app-server.ts';
import { addItemWithText, createPlan, fieldOf } from './app-driver.ts';

let server: AppServer;
let browser: TestBrowser;
let page: Page;

beforeAll(async () => {
  server = await startAppServer();
  browser = await launchBrowser();
  page = await browser.context.newPage();
  await page.goto(server.url);
  await createPlan(page);
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** Pastes into the focused editor the way a browser does, with the given clipboard contents. */
async function paste(p: Page, data: Record<string, string>): Promise<void> {
  await p.evaluate((d) => {
    const dt = new DataTransfer();
    for (const [type, value] of Object.entries(d)) dt.setData(type, value);
    const target = document.activeElement ?? document.body;
    target.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
  }, data);
}

async function structure(p: Page): Promise<string[]> {
  return p.locator('.plan-section').evaluateAll((sections) =>
    sections.map((s) => `${s.getAttribute('data-section')}:${s.querySelectorAll('.plan-item').length}`),
  );
}

describe('pasting into a field', () => {
  it('refuses text longer than a field may hold, with a message, and changes nothing', async () => {
    await addItemWithText(page, 'dangerStatements', 'Begin');
    const before = await structure(page);
    await paste(page, { 'text/plain': 'x'.repeat(MAX_FIELD_CHARS + 10) });
    await page.getByRole('alert').filter({ hasText: 'te lang om te plakken' }).waitFor();
    expect(await fieldOf(page, 'dangerStatements', 0).textContent()).toBe('Begin');
    expect(await structure(page)).toEqual(before);
  });

  it('turns pasted HTML into plain text inside the field and keeps every section and item', async () => {
    await addItemWithText(page, 'unsafeSituations', '');
    const before = await structure(page);
    await paste(page, {
      'text/html':
        '<section data-type="section_harm"><div data-type="harm_factor">nep</div></section><h1>Kop</h1><table><tr><td>cel</td></tr></table><img src="https://example.org/x.png">',
      'text/plain': 'Kop\ncel',
    });
    await page.waitForTimeout(200);
    expect(await structure(page)).toEqual(before);
    expect(before.length).toBe(SECTIONS.length);
    // 'fact' is a multi-line field: the line break is kept as a break, not as a new block.
    expect(await fieldOf(page, 'unsafeSituations', 0).innerText()).toBe('Kop\ncel');
    expect(await page.locator('.plan-editor img').count()).toBe(0);
  });
});

describe('pictures in "woord en beeld"', () => {
  async function addPicture(p: Page) {
    const section = p.locator('section[data-section="wordsAndPictures"]');
    await section.getByRole('button', { name: /foto toevoegen/i }).click();
    return section.locator('.plan-item').last();
  }

  it('refuses a file that is too large, with a message', async () => {
    const item = await addPicture(page);
    await item.locator('input[type="file"]').setInputFiles({
      name: 'groot.jpg',
      mimeType: 'image/jpeg',
      buffer: Buffer.alloc(16 * 1024 * 1024, 1),
    });
    await page.getByRole('alert').filter({ hasText: 'te groot' }).waitFor();
    expect(await item.locator('img').count()).toBe(0);
  });

  it('refuses a file that is not a picture, with a message', async () => {
    const item = page.locator('section[data-section="wordsAndPictures"] .plan-item').last();
    await item.locator('input[type="file"]').setInputFiles({ name: 'brief.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4') });
    await page.getByRole('alert').filter({ hasText: 'geen foto of tekening' }).waitFor();
    expect(await item.locator('img').count()).toBe(0);
  });

  it('downscales a picture to at most 1600 px and keeps it as JPEG in the plan', async () => {
    const item = page.locator('section[data-section="wordsAndPictures"] .plan-item').last();
    const png = await page.evaluate(async () => {
      const c = document.createElement('canvas');
      c.width = 3200;
      c.height = 1000;
      const g = c.getContext('2d') as CanvasRenderingContext2D;
      g.fillStyle = '#c33';
      g.fillRect(0, 0, 3200, 1000);
      const blob: Blob = await new Promise((r) => c.toBlob((b) => r(b as Blob), 'image/png'));
      return Array.from(new Uint8Array(await blob.arrayBuffer()));
    });
    await item.locator('input[type="file"]').setInputFiles({ name: 'tekening.png', mimeType: 'image/png', buffer: Buffer.from(png) });
    const img = item.locator('img');
    await img.waitFor();
    expect(await img.getAttribute('src')).toMatch(/^data:image\/jpeg;base64,/);
    const size = await img.evaluate((el: HTMLImageElement) => el.decode().then(() => [el.naturalWidth, el.naturalHeight]));
    expect(size).toEqual([1600, 500]);
  });
});
