import type { Sodium } from '@safeplan/schema/crypto';
import { afterEach } from 'vitest';
import { startRelay, type TestRelay, type TestRelayOptions } from './relay.ts';
import { RelayTestClient } from './relay-test-client.ts';

export interface RelayPerTest {
  /** Raw clients to close after the test; a test that connects one itself pushes it here. */
  readonly clients: RelayTestClient[];
  /** Starts this test's relay (on SQLite unless told), closed after the test once its clients are. */
  start(options?: TestRelayOptions): Promise<TestRelay>;
  /** An authenticated raw client with fresh keys on this test's relay. */
  client(): Promise<RelayTestClient>;
}

/** A fresh relay for each test that wants one, so no test sees another's plans or connections. */
export function relayPerTest(sodium: Sodium): RelayPerTest {
  const clients: RelayTestClient[] = [];
  let relay: TestRelay | undefined;
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
    await relay?.close();
    relay = undefined;
  });
  return {
    clients,
    async start(options) {
      relay = await startRelay(options);
      return relay;
    },
    async client() {
      if (!relay) throw new Error('start the relay of this test first');
      const c = await RelayTestClient.authenticated(relay.wsUrl, sodium);
      clients.push(c);
      return c;
    },
  };
}
