import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

/**
 * The browser tests serve client/dist, built by tests/support/global-setup.ts inside the test run.
 * vitest sets NODE_ENV=test, under which that build took Solid's development build: slower, with
 * dev-only console warnings, and not what `npm start` serves. The built app must be the one that
 * ships. "computations created outside a `createRoot`" is a warning only Solid's development build has.
 */
it('the browser tests run the app as it ships, not a development build', () => {
  const assets = fileURLToPath(new URL('../../client/dist/assets/', import.meta.url));
  const scripts = readdirSync(assets).filter((f) => f.endsWith('.js'));
  expect(scripts.length).toBeGreaterThan(0);
  const dev = scripts.filter((f) => readFileSync(join(assets, f), 'utf8').includes('computations created outside a `createRoot`'));
  expect(dev).toEqual([]);
});
