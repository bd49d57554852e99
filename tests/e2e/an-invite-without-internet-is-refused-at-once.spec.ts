import { expect, it } from 'vitest';
import { appAndBrowserForThisFile } from '../support/app-and-browser-for-this-file.ts';
import { createPlan } from './app-driver.ts';

const { server, browser } = appAndBrowserForThisFile();

// A parent on a tablet without internet presses "Link en QR-code maken". The app already knows
// there is no network (the status line says so): the answer comes at once, in words that say what
// to do, and the button is there again; it used to say "Even geduld…" for 15 seconds first.
it('"Link en QR-code maken" without internet says at once that internet is needed, and the button comes back', async () => {
  const page = await browser.context.newPage();
  await page.setViewportSize({ width: 768, height: 1024 });
  await page.goto(server.url);
  await createPlan(page, 'Plan familie Bos', 'Sanne', 'household');
  await page.getByRole('button', { name: 'Delen' }).click();
  const panel = page.locator('.share-panel');
  await browser.context.setOffline(true);
  try {
    await panel.getByRole('button', { name: 'Link en QR-code maken' }).click();
    const alert = panel.getByRole('alert');
    await alert.waitFor({ timeout: 3_000 });
    expect(await alert.textContent()).toBe('Je hebt internet nodig om dit te doen. Probeer het opnieuw als je verbinding hebt.');
    expect(await panel.getByRole('button', { name: 'Link en QR-code maken' }).isEnabled()).toBe(true);
  } finally {
    await browser.context.setOffline(false);
  }
  await page.close();
});
