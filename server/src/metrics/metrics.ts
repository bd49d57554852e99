/**
 * The relay's operational counters, served as Prometheus text on `/metrics`. Labels are codes and
 * kinds only, never plan ids, keys or addresses: an operator sees load and refusals, not people.
 */
export interface Metrics {
  /** Adds to a counter; `label` is a refusal code or similar fixed word. */
  count(name: CounterName, by?: number, label?: string): void;
  /** Records one store commit's latency, in seconds. */
  observeCommit(seconds: number): void;
  /** Registers a gauge read at scrape time (connections, queue bytes). */
  gauge(name: GaugeName, read: () => number): void;
  /** The Prometheus text exposition (version 0.0.4). */
  render(): string;
}

const COUNTERS = {
  envelopes_in_total: 'Envelopes stored (publishes accepted and committed).',
  envelopes_out_total: 'Envelopes sent to subscribers (live fan-out and catch-up).',
  bytes_in_total: 'Bytes of WebSocket frames received.',
  bytes_out_total: 'Bytes of WebSocket frames sent.',
  refusals_total: 'Frames, connections or plans refused, by code.',
  connections_opened_total: 'WebSocket connections accepted.',
  bus_messages_out_total: 'Notifications sent to the other relays, by type (seq, log, presence).',
  bus_messages_in_total: 'Notifications received from the other relays, by type.',
  bus_failures_total: 'Notifications that could not be sent or read, by reason.',
  room_catch_ups_total: 'Times a room read from the store what another relay stored (by cause).',
} as const;
export type CounterName = keyof typeof COUNTERS;

const GAUGES = {
  connections: 'Open WebSocket connections.',
  connections_authenticated: 'Open connections that proved their device key.',
  catch_up_queue_bytes: 'Bytes queued on sockets that are being caught up.',
  plan_cache_entries: 'Member logs held in memory.',
  plan_cache_bytes: 'Bytes of the member logs held in memory (their validated state takes about three times as much again).',
  input_in_flight_bytes: 'Bytes read from sockets and not yet answered (publishes until their ack).',
} as const;
export type GaugeName = keyof typeof GAUGES;

/** Seconds; a commit is one fsync, so the interesting range is 1 ms to a few seconds. */
const COMMIT_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];
const PREFIX = 'safeplan_relay_';

export function createMetrics(): Metrics {
  const counters = new Map<string, number>();
  const gauges = new Map<GaugeName, () => number>();
  const buckets = COMMIT_BUCKETS.map(() => 0);
  let commitCount = 0;
  let commitSum = 0;
  const keyOf = (name: string, label: string | undefined) => (label === undefined ? name : `${name}\u0000${label}`);

  return {
    count(name, by = 1, label) {
      const key = keyOf(name, label);
      counters.set(key, (counters.get(key) ?? 0) + by);
    },
    observeCommit(seconds) {
      commitCount++;
      commitSum += seconds;
      COMMIT_BUCKETS.forEach((le, i) => {
        if (seconds <= le) buckets[i]!++;
      });
    },
    gauge(name, read) {
      gauges.set(name, read);
    },
    render() {
      const out: string[] = [];
      for (const [name, help] of Object.entries(COUNTERS)) {
        out.push(`# HELP ${PREFIX}${name} ${help}`, `# TYPE ${PREFIX}${name} counter`);
        let any = false;
        for (const [key, value] of counters) {
          const [n, label] = key.split('\u0000');
          if (n !== name) continue;
          any = true;
          out.push(label === undefined ? `${PREFIX}${name} ${value}` : `${PREFIX}${name}{code="${label}"} ${value}`);
        }
        if (!any && name !== 'refusals_total') out.push(`${PREFIX}${name} 0`);
      }
      for (const [name, help] of Object.entries(GAUGES)) {
        const read = gauges.get(name as GaugeName);
        if (!read) continue;
        out.push(`# HELP ${PREFIX}${name} ${help}`, `# TYPE ${PREFIX}${name} gauge`, `${PREFIX}${name} ${read()}`);
      }
      const h = `${PREFIX}store_commit_seconds`;
      out.push(`# HELP ${h} Latency of store commits (one transaction and fsync).`, `# TYPE ${h} histogram`);
      COMMIT_BUCKETS.forEach((le, i) => out.push(`${h}_bucket{le="${le}"} ${buckets[i]}`));
      out.push(`${h}_bucket{le="+Inf"} ${commitCount}`, `${h}_sum ${commitSum}`, `${h}_count ${commitCount}`);
      return `${out.join('\n')}\n`;
    },
  };
}
