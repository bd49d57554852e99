import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { appAndBrowserForThisFile } from '../support/app-and-browser-for-this-file.ts';
import { addItem, createPlan, openSection } from './app-driver.ts';
import { axeViolations, describeViolations } from './axe-driver.ts';

const { server, browser } = appAndBrowserForThisFile();

async function typeField(page: Page, section: string, index: number, field: string, text: string): Promise<void> {
  await openSection(page, section);
  await page.locator(`section[data-section="${section}"] .plan-item`).nth(index).locator(`.field-text[data-field="${field}"]`).click();
  await page.keyboard.type(text);
}

const person = (page: Page, index: number) => page.locator('section[data-section="network"] .plan-item').nth(index);

describe('the safety circles and who to call', () => {
  it('places people by dragging or by the list, marks the safety persons, and lists whom to call with numbers to tap', async () => {
    const page = await browser.context.newPage();
    await page.goto(server.url);
    await createPlan(page, 'Plan familie De Vries', 'Sanne');

    // The plan: a child, two people (one the child's safety person, with a number), an agreement.
    const jan = await addItem(page, 'header');
    await typeField(page, 'header', jan, 'name', 'Jan');
    await addItem(page, 'network');
    await typeField(page, 'network', 0, 'name', 'Oma Truus');
    await typeField(page, 'network', 0, 'phone', '06-12 34 56 78');
    await person(page, 0).getByLabel('Veiligheidspersoon', { exact: true }).check();
    await expect.poll(async () => (await person(page, 0).getByLabel('Veiligheidspersoon van').locator('option').allTextContents()).join('|')).toContain('Jan');
    await person(page, 0).getByLabel('Veiligheidspersoon van').selectOption({ label: 'Jan' });
    await addItem(page, 'network');
    await typeField(page, 'network', 1, 'name', 'Anouk');
    await typeField(page, 'network', 1, 'phone', '020 123 4567');
    await typeField(page, 'network', 1, 'callWhen', 'Als oma niet opneemt');
    await addItem(page, 'safetyAgreements');
    await typeField(page, 'safetyAgreements', 0, 'what', 'Papa gaat naar buiten als hij boos wordt.');
    await typeField(page, 'safetyAgreements', 0, 'ifWrong', 'Mama belt oma.');

    // "Wie bel je?" on the first screen: the agreement's situation with oma's number, Anouk's own line, 112 and Veilig Thuis.
    const call = page.getByTestId('who-to-call');
    await expect.poll(() => call.textContent()).toContain('Als het mis gaat: Papa gaat naar buiten als hij boos wordt.');
    expect(await call.getByRole('link', { name: /Bel Oma Truus/ }).getAttribute('href')).toBe('tel:0612345678');
    await expect.poll(() => call.textContent()).toContain('Als oma niet opneemt');
    expect(await call.getByRole('link', { name: /Bel Anouk/ }).getAttribute('href')).toBe('tel:0201234567');
    expect(await call.getByRole('link', { name: /Direct gevaar/ }).getAttribute('href')).toBe('tel:112');
    expect(await call.getByRole('link', { name: /Veilig Thuis/ }).getAttribute('href')).toBe('tel:08002000');

    // The circles: nobody placed yet; the safety person is marked.
    await page.getByRole('button', { name: 'Veilige cirkels' }).click();
    const circles = page.getByTestId('safety-circles');
    const dot = (name: string) => circles.locator(`g.person-dot[data-person="${name}"]`);
    await dot('Oma Truus').waitFor();
    expect(await dot('Oma Truus').getAttribute('data-circle')).toBe('unset');
    expect(await dot('Oma Truus').getAttribute('class')).toContain('safety');
    expect(await circles.locator('li[data-person="Oma Truus"]').textContent()).toContain('★ veiligheidspersoon van Jan');

    // Dragging oma into the inner circle ("knows everything") changes the plan itself.
    await circles.locator('svg').evaluate((el) => el.scrollIntoView({ block: 'center' }));
    const from = await dot('Oma Truus').boundingBox();
    const inner = await circles.locator('circle.ring-child').boundingBox();
    if (!from || !inner) throw new Error('circles not drawn');
    await page.mouse.move(from.x + from.width / 2, from.y + from.height / 3);
    await page.mouse.down();
    const target = { x: inner.x + inner.width / 2, y: inner.y - inner.height * 0.35 }; // just above the children's disc
    for (let i = 1; i <= 8; i++) await page.mouse.move(from.x + ((target.x - from.x) * i) / 8, from.y + ((target.y - from.y) * i) / 8);
    await page.mouse.up();
    await expect.poll(() => dot('Oma Truus').getAttribute('data-circle')).toBe('all');
    await openSection(page, 'network');
    await expect.poll(() => person(page, 0).getByLabel('Wat weet deze persoon?').inputValue()).toBe('all');
    expect(await circles.locator('li[data-person="Oma Truus"] select').inputValue()).toBe('all');

    // The list does the same, without dragging.
    await circles.locator('li[data-person="Anouk"] select').selectOption('none');
    await expect.poll(() => dot('Anouk').getAttribute('data-circle')).toBe('none');
    await expect.poll(() => person(page, 1).getByLabel('Wat weet deze persoon?').inputValue()).toBe('none');

    // A change in the plan form shows in the circles too.
    await person(page, 1).getByLabel('Wat weet deze persoon?').selectOption('part');
    await expect.poll(() => dot('Anouk').getAttribute('data-circle')).toBe('part');

    // The circles, the call card and the due card have no serious accessibility problems.
    const serious = describeViolations((await axeViolations(page)).filter((v) => v.impact === 'serious' || v.impact === 'critical'));
    expect(serious).toEqual([]);
    await page.close();
  });
});
