import { expect, it } from 'vitest';
import { appAndBrowserForThisFile } from '../support/app-and-browser-for-this-file.ts';
import { addItem, createPlan, fieldOf } from './app-driver.ts';

const { server, browser } = appAndBrowserForThisFile();

// A parent presses "Jeugdige toevoegen" and has not typed the name yet. The tip under Netwerk said
// "? heeft nog geen veiligheidspersoon.": a question mark where a name belongs. It says so in words
// until the name is there.
it('a young person without a name yet is "Een jeugdige zonder naam" in the tip, not "?", in Dutch and English; with a name, the name', async () => {
  const page = await browser.context.newPage();
  await page.setViewportSize({ width: 768, height: 1024 });
  await page.goto(server.url);
  await createPlan(page, 'Plan familie Smits', 'Sanne', 'household');
  await addItem(page, 'header');
  const tips = page.locator('section[data-section="network"] .hints');
  await expect.poll(() => tips.textContent(), { timeout: 5_000 }).toContain('Een jeugdige zonder naam heeft nog geen veiligheidspersoon.');
  expect(await tips.textContent()).not.toContain('?');

  await page.locator('.lang-switch').first().click();
  await expect.poll(() => tips.textContent()).toContain('A young person without a name has no safety person yet.');
  await page.locator('.lang-switch').first().click();

  await fieldOf(page, 'header', -1, 0).click();
  await page.keyboard.type('Mila');
  await expect.poll(() => tips.textContent(), { timeout: 5_000 }).toContain('Mila heeft nog geen veiligheidspersoon.');
  await page.close();
});
