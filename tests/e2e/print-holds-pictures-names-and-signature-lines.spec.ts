import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { extractText, getDocumentProxy } from 'unpdf';
import { addItem, addItemWithText, fixVersion, openVersions, settle } from './app-driver.ts';
import { createPlanAsProfessional, inviteFor, joinByLink, tablet } from './members-driver.ts';
import { tabletsForThisFile } from '../support/tablets-for-this-file.ts';

/**
 * The printed plan is a document a family signs at the kitchen table: a cover with the plan's
 * name, version, date and who endorsed it; the sections flowing; the child's drawing as a
 * picture; references as the words they point at; dates written out; a signature line per member.
 * Checked on the real PDF Chromium prints, read back with a PDF text extractor.
 */
const { server, browser, consoleLines } = tabletsForThisFile();

const STATEMENT = 'Wij zijn bang dat papa boos wordt als hij drinkt';

/** The PDF Chromium prints: its text (whitespace folded), page count, and its image XObjects. */
async function printedPdf(page: Page): Promise<{ text: string; pages: number; imageObjects: number }> {
  const pdf = new Uint8Array(await page.pdf({ format: 'A4', printBackground: true }));
  const doc = await getDocumentProxy(pdf.slice());
  const { text } = await extractText(doc, { mergePages: true });
  // Object dictionaries are not compressed in Chromium's PDFs: each picture is one image XObject.
  const imageObjects = Buffer.from(pdf).toString('latin1').match(/\/Subtype\s*\/Image\b/g)?.length ?? 0;
  return { text: text.replace(/\s+/g, ' '), pages: doc.numPages, imageObjects };
}

describe('the printed plan', () => {
  it('holds the drawing, the statement a score is for, written-out dates, a cover and signature lines', async () => {
    const pro = await tablet(browser, 'pro', consoleLines);
    const mother = await tablet(browser, 'mother', consoleLines);
    await pro.goto(server.url);
    await createPlanAsProfessional(pro, 'Veiligheidsplan familie Jansen', 'Sanne', 'casusregisseur');
    await addItemWithText(pro, 'dangerStatements', STATEMENT);

    // A score that points at the danger statement.
    await addItem(pro, 'safetyScale');
    await pro.keyboard.type('Het gaat beter sinds oma langskomt.');
    const score = pro.locator('section[data-section="safetyScale"] .plan-item').first();
    await score.getByLabel('Bij welke gevaarsomschrijving?').selectOption({ label: STATEMENT });
    await score.locator('.score-option', { hasText: /^6$/ }).click();

    // The child's drawing in "woord en beeld".
    const words = pro.locator('section[data-section="wordsAndPictures"]');
    await words.getByRole('button', { name: /foto toevoegen/i }).click();
    const picture = words.locator('.plan-item').last();
    const png = await pro.evaluate(async () => {
      const c = document.createElement('canvas');
      c.width = 600;
      c.height = 400;
      const g = c.getContext('2d') as CanvasRenderingContext2D;
      g.fillStyle = '#fff';
      g.fillRect(0, 0, 600, 400);
      g.fillStyle = '#2a7';
      g.fillRect(100, 150, 400, 200);
      g.fillStyle = '#c33';
      g.beginPath();
      g.arc(300, 100, 60, 0, Math.PI * 2);
      g.fill();
      const blob: Blob = await new Promise((r) => c.toBlob((b) => r(b as Blob), 'image/png'));
      return Array.from(new Uint8Array(await blob.arrayBuffer()));
    });
    await picture.locator('input[type="file"]').setInputFiles({ name: 'tekening.png', mimeType: 'image/png', buffer: Buffer.from(png) });
    await picture.locator('img').waitFor();
    await picture.locator('.field-text').first().click();
    await pro.keyboard.type('Tekening van Mila: ons huis');

    await joinByLink(mother, server.url, await inviteFor(pro, 'editor', 'household'), 'Petra');
    await settle(pro);
    await fixVersion(pro, 'Na het netwerkberaad', '2026-10-14', 1);
    await openVersions(mother);
    const motherVersion = mother.locator('.rv-version[data-version="1"]');
    await motherVersion.waitFor({ timeout: 15_000 });
    await motherVersion.getByRole('button', { name: 'Onderschrijven' }).click();
    await motherVersion.locator('.rv-you-endorsed').waitFor();
    await pro.locator('.rv-version[data-version="1"] .rv-endorsement', { hasText: 'Petra' }).waitFor({ timeout: 15_000 });

    await pro.locator('.rv-version[data-version="1"]').getByRole('button', { name: 'Afdrukken of als PDF bewaren' }).click();
    await pro.locator('.rv-print').waitFor();
    await pro.locator('.rv-print-picture').evaluate((img: HTMLImageElement) => img.decode());
    const nl = await printedPdf(pro);

    // The cover.
    expect(nl.text).toContain('Veiligheidsplan familie Jansen');
    expect(nl.text).toContain('Versie 1: Na het netwerkberaad');
    expect(nl.text).toContain('Beraad van 14 oktober 2026');
    expect(nl.text).toMatch(/Vastgesteld door Sanne op \d{1,2} [a-z]+ \d{4} om \d{2}:\d{2}/);
    expect(nl.text).toMatch(/Onderschreven door .*Petra Gezin \d{1,2} [a-z]+ \d{4} om \d{2}:\d{2}/);
    // The score names the statement, not an id; no date in ISO form anywhere.
    expect(nl.text).toContain(`Bij welke gevaarsomschrijving? ${STATEMENT}`);
    expect(nl.text).not.toMatch(/\d{4}-\d{2}-\d{2}/);
    // The drawing is printed as a picture, with its caption.
    expect(nl.imageObjects).toBeGreaterThanOrEqual(1);
    expect(nl.text).toContain('Tekening van Mila: ons huis');
    // A signature line per member.
    expect(nl.text).toContain('Handtekeningen');
    expect(nl.text).toContain('Sanne (casusregisseur)');
    expect(nl.text).toMatch(/Petra \(bewerker\) Onderschreven in de app op \d{1,2} [a-z]+ \d{4}/);
    expect(nl.text.match(/Handtekening Datum/g)?.length).toBe(2);
    // The sections flow: a short plan fits on a few pages, not one page per section.
    expect(nl.pages).toBeLessThanOrEqual(6);
    await pro.setViewportSize({ width: 768, height: 1024 });
    await pro.locator('.rv-print').screenshot({ path: '/tmp/safeplan-print-cover.png' });
    await pro.locator('.rv-print-section[data-section="wordsAndPictures"]').screenshot({ path: '/tmp/safeplan-print-picture.png' });
    await pro.locator('.rv-print-signatures').screenshot({ path: '/tmp/safeplan-print-signatures.png' });

    // In English, dates and words are English.
    await pro.locator('.rv-print').getByRole('button', { name: 'Sluiten' }).click();
    await pro.locator('.lang-switch').click();
    await pro.locator('.rv-version[data-version="1"]').getByRole('button', { name: 'Print or save as PDF' }).click();
    await pro.locator('.rv-print-picture').evaluate((img: HTMLImageElement) => img.decode());
    const en = await printedPdf(pro);
    expect(en.text).toContain('Meeting of 14 October 2026');
    expect(en.text).toContain('Signatures');
    expect(en.text).toContain(`For which danger statement? ${STATEMENT}`);
    expect(consoleLines.filter((l) => l.includes('pageerror'))).toEqual([]);
  }, 120_000);
});
