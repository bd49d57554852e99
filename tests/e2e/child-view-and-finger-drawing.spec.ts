import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { appAndBrowserForThisFile } from '../support/app-and-browser-for-this-file.ts';
import { addItem, createPlan, openSection, settle } from './app-driver.ts';
import { axeViolations, describeViolations } from './axe-driver.ts';

const { server, browser } = appAndBrowserForThisFile();

async function typeField(page: Page, section: string, index: number, field: string, text: string): Promise<void> {
  await openSection(page, section);
  await page.locator(`section[data-section="${section}"] .plan-item`).nth(index).locator(`.field-text[data-field="${field}"]`).click();
  await page.keyboard.type(text);
}

describe('the child’s voice', () => {
  it('shows the agreements in big plain words, and keeps a drawing made with a finger in the log', async () => {
    const page = await browser.context.newPage();
    await page.goto(server.url);
    await createPlan(page, 'Plan familie Bakker', 'Sanne');
    await addItem(page, 'safetyAgreements');
    await typeField(page, 'safetyAgreements', 0, 'what', 'Papa gaat naar buiten als hij boos wordt.');
    await typeField(page, 'safetyAgreements', 0, 'safeObject', 'de blauwe knuffel');
    await addItem(page, 'network');
    await typeField(page, 'network', 0, 'name', 'Oma Truus');
    await page.locator('section[data-section="network"] .plan-item').first().getByLabel('Veiligheidspersoon', { exact: true }).check();
    await addItem(page, 'dangerStatements');
    await typeField(page, 'dangerStatements', 0, 'text', 'Wij zijn bang dat Jan gewond raakt.');

    await page.getByRole('button', { name: 'Laat aan een kind zien' }).click();
    const child = page.getByTestId('child-view');
    await expect.poll(() => child.textContent()).toContain('Papa gaat naar buiten als hij boos wordt.');
    const text = (await child.textContent()) ?? '';
    expect(text).toContain('Ben je bang? Ga naar Oma Truus.');
    expect(text).toContain('Zet de blauwe knuffel neer waar iemand het ziet.');
    // No method words and no worries: the child sees what keeps them safe, not the danger statement.
    for (const word of ['gevaarsomschrijving', 'veiligheidspersoon', 'veiligheidsafspraken', 'gewond']) expect(text.toLowerCase()).not.toContain(word);
    const size = await child.locator('.child-line').first().evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    expect(size).toBeGreaterThanOrEqual(24);
    expect(describeViolations((await axeViolations(page)).filter((v) => v.impact === 'serious' || v.impact === 'critical'))).toEqual([]);

    // A log entry with a drawing, made on the canvas with pointer strokes, kept in the plan.
    await addItem(page, 'safetyLog');
    const entry = page.locator('section[data-section="safetyLog"] .plan-item').last();
    await entry.getByRole('button', { name: 'Tekenen met je vinger' }).click();
    const canvas = entry.locator('canvas');
    await canvas.scrollIntoViewIfNeeded();
    const box = await canvas.boundingBox();
    if (!box) throw new Error('no canvas');
    await page.mouse.move(box.x + box.width * 0.2, box.y + box.height * 0.2);
    await page.mouse.down();
    for (let i = 1; i <= 10; i++) await page.mouse.move(box.x + box.width * (0.2 + i * 0.06), box.y + box.height * (0.2 + i * 0.05));
    await page.mouse.up();
    await entry.getByRole('button', { name: 'Tekening bewaren' }).click();
    const img = entry.getByTestId('log-drawing');
    await img.waitFor();
    const src = (await img.getAttribute('src')) ?? '';
    expect(src).toMatch(/^data:image\/jpeg;base64,/);
    // The stroke is in the picture: some pixels are dark, not only the white background.
    const dark = await img.evaluate(async (el: HTMLImageElement) => {
      await el.decode();
      const c = document.createElement('canvas');
      c.width = el.naturalWidth;
      c.height = el.naturalHeight;
      const g = c.getContext('2d') as CanvasRenderingContext2D;
      g.drawImage(el, 0, 0);
      const data = g.getImageData(0, 0, c.width, c.height).data;
      let n = 0;
      for (let i = 0; i < data.length; i += 4) if ((data[i] ?? 255) < 100) n++;
      return n;
    });
    expect(dark).toBeGreaterThan(500);

    // It is in the plan document: it is still there after a reload.
    await settle(page);
    await page.reload();
    await openSection(page, 'safetyLog');
    await expect.poll(() => page.locator('section[data-section="safetyLog"] [data-testid="log-drawing"]').getAttribute('src')).toBe(src);
    await page.close();
  });
});
