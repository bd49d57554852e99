import { createRelay, type RelayOptions, type RunningRelay } from '../../server/src/create-relay.ts';
import { channelOfSchema, pgNotifyBus, type RelayBusFactory } from '../../server/src/fanout/pg-notify-bus.ts';
import type { BusMessage, RelayBus } from '../../server/src/fanout/relay-bus.ts';
import { createMemoryLogger } from '../../server/src/log.ts';
import { freshPgSchema, type TestPgSchema } from '../../server/src/testing/postgres-schema.ts';

/** One of several real relays in this process, on port 0, all on one PostgreSQL schema. */
export interface RelayOnPostgres {
  readonly wsUrl: string;
  readonly port: number;
  /** Every log line this relay wrote so far. */
  logLines(): string[];
  close(): Promise<void>;
}

export interface RelaysOnPostgres {
  readonly relays: RelayOnPostgres[];
  readonly schema: TestPgSchema;
  /** Closes every relay still open, then drops the schema. */
  close(): Promise<void>;
}

export interface RelaysOnPostgresOptions {
  limits?: RelayOptions['limits'];
  /**
   * Notifications arriving at relay `index` that should be lost on the way (a channel that drops
   * messages): return true to drop. Presence, seq and log messages alike.
   */
  drop?: (index: number, message: BusMessage) => boolean;
  /** How soon a relay's bus connects again after its connection broke (default 100 ms, doubling). */
  busReconnect?: { baseMs: number; maxMs: number };
}

/**
 * `n` relays on one fresh schema (its own, dropped after), each with its own PostgreSQL
 * LISTEN/NOTIFY bus connection on the schema's channel: what a two-relay deployment runs, in one
 * process so a test can read their logs.
 */
export async function startRelaysOnPostgres(n: number, options: RelaysOnPostgresOptions = {}): Promise<RelaysOnPostgres> {
  const schema = await freshPgSchema();
  const relays: RelayOnPostgres[] = [];
  const running: RunningRelay[] = [];
  try {
    for (let i = 0; i < n; i++) {
      const { log, lines } = createMemoryLogger();
      const bus = pgNotifyBus({ url: schema.url, channel: channelOfSchema(schema.schema), reconnect: options.busReconnect });
      const drop = options.drop;
      const relay = await createRelay({
        port: 0,
        postgres: { url: schema.url, schema: schema.schema, poolSize: 4 },
        bus: drop ? lossy(bus, (m) => drop(i, m)) : bus,
        limits: options.limits,
        log,
      });
      running.push(relay);
      let closed: Promise<void> | null = null;
      relays.push({
        wsUrl: relay.wsUrl,
        port: relay.port,
        logLines: () => [...lines],
        close: () => (closed ??= relay.close()),
      });
    }
  } catch (err) {
    await Promise.all(running.map((r) => r.close()));
    await schema.drop();
    throw err;
  }
  return {
    relays,
    schema,
    async close() {
      await Promise.all(relays.map((r) => r.close()));
      await schema.drop();
    },
  };
}

/** The bus with some incoming messages lost, as a channel that drops them would. */
function lossy(factory: RelayBusFactory, drop: (m: BusMessage) => boolean): RelayBusFactory {
  return async (deps) => {
    const bus: RelayBus = await factory(deps);
    return {
      ...bus,
      kind: bus.kind,
      onMessage: (handler) => bus.onMessage((m) => (drop(m) ? undefined : handler(m))),
    };
  };
}
