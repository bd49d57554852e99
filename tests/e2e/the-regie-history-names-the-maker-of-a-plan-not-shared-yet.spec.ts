import { expect, it } from 'vitest';
import { appAndBrowserForThisFile } from '../support/app-and-browser-for-this-file.ts';
import { createPlan } from './app-driver.ts';
import { openMembers } from './members-driver.ts';

const { server, browser } = appAndBrowserForThisFile();

// A professional makes a plan and looks at "Regie" before sharing it. The history said "Iemand
// zonder naam maakte het plan." although she gave her name (it is written into the plan's people
// only once the plan is shared); the card above said "Sanne (jij)". The history names her too.
it('the regie history of a plan not shared yet names its maker, in Dutch and English', async () => {
  const page = await browser.context.newPage();
  await page.setViewportSize({ width: 1024, height: 768 });
  await page.goto(server.url);
  await createPlan(page, 'Plan familie Kok', 'Sanne', 'professional');
  await openMembers(page);
  await page.getByRole('tab', { name: 'Regie' }).click();
  const history = page.locator('.regie-history li').last();
  await history.waitFor();
  expect(await history.locator('span').textContent()).toBe('Sanne maakte het plan.');
  await page.locator('.lang-switch').first().click();
  await expect.poll(() => history.locator('span').textContent()).toBe('Sanne made the plan.');
  await page.close();
});
