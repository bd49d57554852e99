import { afterAll, beforeAll } from 'vitest';
import { startRelay, type TestRelay, type TestRelayOptions } from './relay.ts';

/**
 * One relay for all tests of a file, started before them and closed after them. The returned
 * object stands for it, so a file can hold it in a `const`; using it before `beforeAll` throws.
 */
export function testRelayForThisFile(options: TestRelayOptions = {}): TestRelay {
  let started: TestRelay | undefined;
  const current = (): TestRelay => {
    if (!started) throw new Error('the relay of this file starts in beforeAll; use it inside a test or hook');
    return started;
  };
  beforeAll(async () => {
    started = await startRelay(options);
  });
  afterAll(async () => {
    await started?.close();
  });
  return {
    get url() {
      return current().url;
    },
    get wsUrl() {
      return current().wsUrl;
    },
    get port() {
      return current().port;
    },
    get dataDir() {
      return current().dataDir;
    },
    get pgSchema() {
      return current().pgSchema;
    },
    logLines: () => current().logLines(),
    logEvents: () => current().logEvents(),
    close: () => current().close(),
  };
}
