import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import jsQR from 'jsqr';
import type { Page } from 'playwright-core';

/** Steps and readings for sharing and co-editing, shared by the browser tests. */

/**
 * Opens "Delen" on the plan screen (the name is known from creating the plan) and makes an invite
 * with the form's defaults (bewerker, netwerk): the same form as in "Mensen".
 */
export async function openShareAndInvite(page: Page): Promise<string> {
  await page.getByRole('button', { name: 'Delen' }).click();
  const panel = page.locator('.share-panel');
  await panel.getByRole('button', { name: 'Link en QR-code maken' }).click();
  const input = panel.locator('#share-invite-link');
  await input.waitFor({ timeout: 20_000 });
  return input.inputValue();
}

/**
 * Reads the QR code the way a tablet's camera would: the SVG on screen is drawn onto a canvas in
 * the page, and the pixels are decoded here with a real QR reader.
 */
export async function decodeQrCode(page: Page): Promise<string | null> {
  const size = 330;
  const pixels = await page.locator('.qr-code').evaluate(async (svg, px) => {
    const xml = new XMLSerializer().serializeToString(svg);
    const img = new Image();
    img.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(xml)}`;
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = px;
    canvas.height = px;
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('no 2d canvas');
    ctx.imageSmoothingEnabled = false;
    ctx.drawImage(img, 0, 0, px, px);
    return Array.from(ctx.getImageData(0, 0, px, px).data);
  }, size);
  return jsQR(Uint8ClampedArray.from(pixels), size, size)?.data ?? null;
}

/**
 * The text of every field of the plan, in document order, without the other people's caret
 * labels (decorations that differ per device).
 */
export function planText(page: Page): Promise<string[]> {
  return page.locator('.plan-editor').evaluate((root) => {
    const copy = root.cloneNode(true) as HTMLElement;
    for (const caret of copy.querySelectorAll('.collaboration-carets__caret, .collaboration-carets__selection')) caret.remove();
    return [...copy.querySelectorAll('.field-text')].map((f) => f.textContent ?? '');
  });
}

/** Polls `check` every 25 ms until it holds; returns the time it took. Fails with `describe()` after `timeoutMs`. */
export async function until(
  what: string,
  timeoutMs: number,
  check: () => Promise<boolean>,
  describe: () => Promise<string> = async () => '',
): Promise<number> {
  const start = performance.now();
  for (;;) {
    if (await check()) return performance.now() - start;
    if (performance.now() - start > timeoutMs) throw new Error(`${what}: not within ${timeoutMs} ms. ${await describe()}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/**
 * Like `until`, for a time budget: polls up to 10× `budgetMs` before failing, so a slow run shows
 * the real time in the caller's assertion instead of a bare timeout.
 */
export function waitWithin(what: string, budgetMs: number, check: () => Promise<boolean>, describe?: () => Promise<string>): Promise<number> {
  return until(what, budgetMs * 10, check, describe);
}

/** axe-core's serious and critical findings for the page as it is now (injected through the debugger, CSP untouched). */
export async function seriousA11yViolations(page: Page): Promise<string[]> {
  await page.evaluate(await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8'));
  const violations = await page.evaluate(async () => {
    type Found = { id: string; impact: string | null; nodes: { target: string[] }[] };
    const axe = (window as unknown as { axe: { run: (ctx: Document, o: object) => Promise<{ violations: Found[] }> } }).axe;
    return (await axe.run(document, { resultTypes: ['violations'] })).violations;
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}) at ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
}
