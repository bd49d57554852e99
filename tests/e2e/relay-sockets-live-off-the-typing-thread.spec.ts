import { expect, it } from 'vitest';
import { appAndBrowserForThisFile } from '../support/app-and-browser-for-this-file.ts';
import { createPlan, fieldOf } from './app-driver.ts';
import { openShareAndInvite } from './share-driver.ts';

const { server, browser: device } = appAndBrowserForThisFile();

// In Chromium, sending on a WebSocket and taking in its messages cost the thread that owns the
// socket a few hundred µs each: the app keeps its relay sockets in a worker (worker-websocket.ts),
// so that thread is not the one the person types on.
it('the page opens no WebSocket of its own; the plan is shared and synced through the worker’s', async () => {
  const page = await device.context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  // Counts sockets made on the page itself (a worker has its own WebSocket, not this one).
  await page.addInitScript(() => {
    const Native = window.WebSocket;
    const w = window as unknown as { pageSockets: number };
    w.pageSockets = 0;
    window.WebSocket = class extends Native {
      constructor(url: string | URL, protocols?: string | string[]) {
        super(url, protocols);
        w.pageSockets++;
      }
    };
  });
  await page.goto(server.url);
  await createPlan(page, 'Veiligheidsplan familie Jansen', 'Sanne');
  // A plan goes to the relay once it is shared.
  await openShareAndInvite(page);
  await page.keyboard.press('Escape');
  await fieldOf(page, 'header', 0, 0).click();
  await page.keyboard.type('Afspraak');
  await page.locator('.sync-status[data-sync="synced"]').waitFor({ timeout: 15_000 });
  expect(await page.evaluate(() => (window as unknown as { pageSockets: number }).pageSockets)).toBe(0);
  expect(errors).toEqual([]);
}, 60_000);
