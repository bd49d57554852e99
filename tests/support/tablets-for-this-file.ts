import { afterAll, beforeAll } from 'vitest';
import { chromium, type Browser } from 'playwright-core';
import { CHROMIUM_ARGS } from './browser.ts';
import { startAppServer, type AppServer } from './app-server.ts';

/**
 * For browser tests with several people, each on a tablet of their own: the built app on a real
 * relay and one Chromium for all tests of a file (each tablet is a context with its own storage,
 * see `tablet()` in e2e/members-driver.ts). Started before the tests, closed after them, browser
 * first. The returned objects stand for what `beforeAll` starts; using them earlier throws.
 */
export function tabletsForThisFile(): { server: AppServer; browser: Browser; consoleLines: string[] } {
  let started: { server?: AppServer; browser?: Browser } = {};
  const get = <K extends 'server' | 'browser'>(key: K): NonNullable<(typeof started)[K]> => {
    const value = started[key];
    if (!value) throw new Error(`the ${key} of this file starts in beforeAll; use it inside a test or hook`);
    return value as NonNullable<(typeof started)[K]>;
  };
  const forward = <T extends object>(key: 'server' | 'browser'): T =>
    new Proxy({} as T, {
      get(_, prop) {
        const target = get(key) as unknown as Record<string | symbol, unknown>;
        const value = target[prop];
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });

  beforeAll(async () => {
    started = { server: await startAppServer() };
    started.browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
  });
  afterAll(async () => {
    await started.browser?.close();
    await started.server?.close();
  });
  return { server: forward<AppServer>('server'), browser: forward<Browser>('browser'), consoleLines: [] };
}
