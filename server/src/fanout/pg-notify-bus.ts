import pg from 'pg';
import type { Logger } from '../log.ts';
import type { Metrics } from '../metrics/metrics.ts';
import { touchLru } from '../lru.ts';
import { decodeBusMessage, encodeBusMessage, newRelayId, type BusMessage, type RelayBus } from './relay-bus.ts';

/**
 * The relay bus on PostgreSQL LISTEN/NOTIFY: the database the relays already share, so a second
 * relay needs no further service (docs/deploy.md, "Fan-out between relays", says why and what it
 * measured). One dedicated connection per relay listens on one channel and sends the NOTIFYs.
 *
 * A NOTIFY payload is at most 8000 bytes: a seq or log message is ~100; presence envelopes are a
 * few hundred and larger ones are dropped (counted, logged: presence is never stored and devices
 * announce themselves again). While the connection is down nothing is sent or heard; once it is
 * back the relay catches every room up from the store (onReconnect), so nothing is lost, and
 * announces the newest seq and log length of each plan it wrote meanwhile.
 */
export interface PgNotifyBusOptions {
  url: string;
  /** The channel every relay of one store listens on (one per schema, so test runs never mix). */
  channel: string;
  /** First and longest wait before connecting again after the connection broke. */
  reconnect?: { baseMs: number; maxMs: number };
}

export interface BusDeps {
  log: Logger;
  metrics: Metrics;
}

export type RelayBusFactory = (deps: BusDeps) => Promise<RelayBus>;

/** Plans whose newest message is kept while the connection is down (the others poll for the rest). */
const MAX_HELD = 10_000;

/** PostgreSQL refuses a NOTIFY payload of 8000 bytes or more. */
export const MAX_NOTIFY_BYTES = 7999;

/** The channel of a store's schema: relays on the same schema hear each other, no others. */
export function channelOfSchema(schema: string | undefined): string {
  return `safeplan_fanout_${schema ?? 'public'}`.slice(0, 63);
}

export function pgNotifyBus(options: PgNotifyBusOptions): RelayBusFactory {
  return (deps) => openPgNotifyBus(options, deps);
}

async function openPgNotifyBus(options: PgNotifyBusOptions, { log, metrics }: BusDeps): Promise<RelayBus> {
  const relayId = newRelayId();
  const channel = options.channel;
  const quoted = `"${channel.replace(/"/g, '""')}"`;
  const { baseMs, maxMs } = options.reconnect ?? { baseMs: 100, maxMs: 5_000 };
  const messageHandlers: Array<(m: BusMessage) => void> = [];
  const reconnectHandlers: Array<() => void> = [];
  let client: pg.Client | null = null;
  let closed = false;
  let retryTimer: NodeJS.Timeout | null = null;
  let failures = 0;

  const failed = (reason: string, err?: unknown) => {
    metrics.count('bus_failures_total', 1, reason);
    log('bus.failed', { bus: 'postgres', reason, error: err instanceof Error ? ((err as { code?: string }).code ?? err.name) : undefined });
  };

  const onNotification = (msg: pg.Notification) => {
    if (msg.channel !== channel || msg.payload === undefined) return;
    let decoded: ReturnType<typeof decodeBusMessage>;
    try {
      decoded = decodeBusMessage(msg.payload);
    } catch (err) {
      return failed('undecodable', err);
    }
    if (decoded.from === relayId) return;
    for (const handler of messageHandlers) handler(decoded.message);
  };

  const connect = async (): Promise<pg.Client> => {
    // Named, so an operator (or a test) can tell this relay's listener in pg_stat_activity.
    const c = new pg.Client({ connectionString: options.url, connectionTimeoutMillis: 5_000, keepAlive: true, application_name: `safeplan-bus-${relayId}` });
    c.on('notification', onNotification);
    await c.connect();
    await c.query(`LISTEN ${quoted}`);
    return c;
  };

  const lost = (c: pg.Client, err?: unknown) => {
    if (client !== c) return;
    client = null;
    c.removeAllListeners('notification');
    c.end().catch(() => undefined);
    if (closed) return;
    failed('connection-lost', err);
    scheduleReconnect();
  };

  const watch = (c: pg.Client) => {
    c.on('error', (err) => lost(c, err));
    c.on('end', () => lost(c));
  };

  const scheduleReconnect = () => {
    const wait = Math.min(maxMs, baseMs * 2 ** Math.min(failures, 10));
    failures++;
    retryTimer = setTimeout(() => {
      retryTimer = null;
      connect().then(
        (c) => {
          if (closed) return void c.end().catch(() => undefined);
          client = c;
          watch(c);
          failures = 0;
          log('bus.reconnected', { bus: 'postgres' });
          // What was sent while nobody listened is gone: read it from the store.
          for (const handler of reconnectHandlers) handler();
          // What this relay stored meanwhile, announced now instead of at the others' next poll.
          const held = [...missed.values()];
          missed.clear();
          for (const m of held) publish(m);
        },
        (err: unknown) => {
          failed('reconnect-failed', err);
          if (!closed) scheduleReconnect();
        },
      );
    }, wait);
    retryTimer.unref();
  };

  // One NOTIFY statement at a time on the connection; what queues meanwhile goes in the next one.
  // Each message is kept with its text, encoded once for the size check and the send.
  let outbox: Array<{ message: BusMessage; text: string }> = [];
  let sending = false;
  const flush = async () => {
    sending = true;
    while (outbox.length > 0 && client) {
      const batch = outbox;
      outbox = [];
      try {
        await client.query('SELECT pg_notify($1, m) FROM unnest($2::text[]) AS m', [channel, batch.map((o) => o.text)]);
        for (const o of batch) metrics.count('bus_messages_out_total', 1, o.message.type);
      } catch (err) {
        failed('notify-failed', err);
        // Held (the newest per plan) and sent when the connection is back: soon when it broke
        // under the statement, not until some later reconnect when only the statement failed.
        // Either way the other relays learn of the change no later than their next poll
        // (SAFEPLAN_BUS_POLL_MS, 10 s by default) or the plan's next notification: delayed, never lost.
        for (const o of batch) hold(o.message);
      }
    }
    for (const o of outbox.splice(0)) hold(o.message);
    sending = false;
  };

  /**
   * Seq and log messages say "up to N": while the connection is down only the newest per plan is
   * kept (a bounded number of plans), and sent once it is back. Presence is not kept.
   */
  const missed = new Map<string, BusMessage>();
  const hold = (message: BusMessage) => {
    if (message.type === 'presence') return;
    const key = `${message.type}|${message.plan}`;
    const held = missed.get(key);
    const newer = !held || (message.type === 'seq' && held.type === 'seq' ? message.seq >= held.seq : true);
    if (newer) touchLru(missed, key, message, MAX_HELD);
  };

  function publish(message: BusMessage): void {
    if (!client) {
      hold(message);
      return failed('disconnected');
    }
    const text = encodeBusMessage(relayId, message);
    if (Buffer.byteLength(text) > MAX_NOTIFY_BYTES) return failed('too-large');
    outbox.push({ message, text });
    if (!sending) flush().catch((err: unknown) => failed('notify-failed', err));
  }

  client = await connect();
  watch(client);
  log('bus.listening', { bus: 'postgres', relay: relayId });

  return {
    kind: 'postgres',
    publish,
    onMessage: (handler) => void messageHandlers.push(handler),
    onReconnect: (handler) => void reconnectHandlers.push(handler),
    carriesPresence: (envelopeBytes) => Math.ceil(envelopeBytes / 3) * 4 + 200 <= MAX_NOTIFY_BYTES,
    async close() {
      closed = true;
      if (retryTimer) clearTimeout(retryTimer);
      const c = client;
      client = null;
      if (c) await c.end().catch(() => undefined);
    },
  };
}
