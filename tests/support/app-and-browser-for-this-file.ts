import { afterAll, beforeAll } from 'vitest';
import type { BrowserContext } from 'playwright-core';
import type { RelayOptions } from '../../server/src/create-relay.ts';
import { startAppServer, type AppServer } from './app-server.ts';
import { launchBrowser, type LaunchOptions, type TestBrowser } from './browser.ts';

/**
 * The built app on a real relay and one fresh Chromium for all tests of a file: started before
 * them, closed after them (the browser first, so no page talks to a closed server). The returned
 * objects stand for what `beforeAll` starts; using them earlier throws.
 */
export function appAndBrowserForThisFile(options: { limits?: RelayOptions['limits']; browser?: LaunchOptions } = {}): { server: AppServer; browser: TestBrowser } {
  let started: { server?: AppServer; browser?: TestBrowser } = {};
  const get = <K extends 'server' | 'browser'>(key: K): NonNullable<(typeof started)[K]> => {
    const value = started[key];
    if (!value) throw new Error(`the ${key} of this file starts in beforeAll; use it inside a test or hook`);
    return value as NonNullable<(typeof started)[K]>;
  };
  const server: AppServer = {
    get url() {
      return get('server').url;
    },
    get wsUrl() {
      return get('server').wsUrl;
    },
    logLines: () => get('server').logLines(),
    close: () => get('server').close(),
  };
  const browser: TestBrowser = {
    get context(): BrowserContext {
      return get('browser').context;
    },
    close: () => get('browser').close(),
  };

  beforeAll(async () => {
    started = { server: await startAppServer(undefined, options.limits) };
    started.browser = await launchBrowser(options.browser);
  });
  afterAll(async () => {
    await started.browser?.close();
    await started.server?.close();
  });
  return { server, browser };
}
