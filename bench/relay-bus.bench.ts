import { connect, type Socket } from 'node:net';
import { ready } from '@safeplan/schema/crypto';
import { inviteAndJoin, newTestPlan, RelayTestClient, sealTestEnvelope } from '../server/src/testing/relay-test-client.ts';
import { TEST_PG_URL } from '../server/src/testing/postgres-schema.ts';
import { pgNotifyBus } from '../server/src/fanout/pg-notify-bus.ts';
import { silentLogger } from '../server/src/log.ts';
import { createMetrics } from '../server/src/metrics/metrics.ts';
import { startRelaysOnPostgres } from '../tests/support/relays-on-postgres.ts';
import { emit, envInt, note, round } from './support/report.ts';
import { summary } from './support/stats.ts';

/**
 * Fan-out between relays (docs/deploy.md, "Fan-out between relays"):
 *
 * 1. notification round trip on each candidate channel, all running on this machine: PostgreSQL
 *    LISTEN/NOTIFY, Redis pub/sub, NATS. One message of the size the relays send (~110 bytes) at a
 *    time, from one connection to another, send to receipt. PostgreSQL through the relay's own bus
 *    (pg-notify-bus.ts, JSON and all), Redis and NATS through a minimal client over a raw socket
 *    (their wire protocols are a few lines): no client library's overhead counts against them.
 * 2. an edit's latency from publish to delivery: to a device on the same relay and to a device on
 *    the other relay (two relays on one PostgreSQL schema, the bus the relay ships with).
 *
 * BENCH_BUS_MESSAGES (default 2000) and BENCH_BUS_EDITS (default 500) set the sample counts.
 */
const MESSAGES = envInt('BENCH_BUS_MESSAGES', 2000);
const EDITS = envInt('BENCH_BUS_EDITS', 500);
const payload = JSON.stringify({ r: 'AAAAAAAAAAAA', t: 's', p: 'x'.repeat(43), n: 123456, l: 12 });

interface Channel {
  name: string;
  send(text: string): Promise<void>;
  /** Resolves with the next message received. */
  next(): Promise<string>;
  close(): Promise<void>;
}

/** The relay's own bus (pg-notify-bus.ts): two of them, as two relays have. */
async function postgresChannel(): Promise<Channel> {
  const deps = { log: silentLogger, metrics: createMetrics() };
  const bus = pgNotifyBus({ url: TEST_PG_URL, channel: 'bench_bus' });
  const [sender, listener] = await Promise.all([bus(deps), bus(deps)]);
  const inbox = queue();
  listener.onMessage((m) => inbox.push(m.type === 'seq' ? String(m.seq) : ''));
  let n = 0;
  return {
    name: 'postgres-notify',
    // Fire and forget, as the relay publishes; the receipt is what is timed.
    send: async () => sender.publish({ type: 'seq', plan: 'x'.repeat(43), seq: ++n, logLength: 12 }),
    next: async () => {
      const seq = await inbox.next();
      return seq === '' ? '' : payload;
    },
    close: async () => void (await Promise.all([sender.close(), listener.close()])),
  };
}

/** RESP over a raw socket: SUBSCRIBE on one connection, PUBLISH on another. */
async function redisChannel(): Promise<Channel> {
  const sub = await open(6379);
  const pub = await open(6379);
  const inbox = queue();
  const resp = (...args: string[]) => `*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('')}`;
  let buffered = '';
  let subscribed: () => void = () => undefined;
  const ok = new Promise<void>((r) => (subscribed = r));
  sub.on('data', (chunk) => {
    buffered += chunk.toString('utf8');
    // Pushes are arrays: *3 $7 message $<n> channel $<n> payload (or subscribe confirmations).
    for (;;) {
      const m = /^\*3\r\n\$(\d+)\r\n(\w+)\r\n\$(\d+)\r\n[^\r]*\r\n(?::(\d+)\r\n|\$(\d+)\r\n)/.exec(buffered);
      if (!m) return;
      if (m[2] === 'subscribe') {
        buffered = buffered.slice(m[0].length);
        subscribed();
        continue;
      }
      const len = Number(m[5]);
      if (buffered.length < m[0].length + len + 2) return;
      inbox.push(buffered.slice(m[0].length, m[0].length + len));
      buffered = buffered.slice(m[0].length + len + 2);
    }
  });
  sub.write(resp('SUBSCRIBE', 'bench_bus'));
  await ok;
  const replies = queue();
  pub.on('data', (chunk) => {
    for (const line of chunk.toString('utf8').split('\r\n')) if (line.startsWith(':')) replies.push(line);
  });
  return {
    name: 'redis-pubsub',
    send: async (text) => {
      pub.write(resp('PUBLISH', 'bench_bus', text));
      await replies.next();
    },
    next: inbox.next,
    close: async () => {
      sub.destroy();
      pub.destroy();
    },
  };
}

/** The NATS text protocol over a raw socket: SUB on one connection, PUB on another. */
async function natsChannel(): Promise<Channel> {
  const sub = await open(4222);
  const pub = await open(4222);
  const inbox = queue();
  let buffered = '';
  sub.on('data', (chunk) => {
    buffered += chunk.toString('utf8');
    for (;;) {
      const m = /^(?:INFO [^\r]*|PING|PONG|\+OK)\r\n/.exec(buffered);
      if (m) {
        if (m[0].startsWith('PING')) sub.write('PONG\r\n');
        buffered = buffered.slice(m[0].length);
        continue;
      }
      const msg = /^MSG \S+ \S+ (\d+)\r\n/.exec(buffered);
      if (!msg) return;
      const len = Number(msg[1]);
      if (buffered.length < msg[0].length + len + 2) return;
      inbox.push(buffered.slice(msg[0].length, msg[0].length + len));
      buffered = buffered.slice(msg[0].length + len + 2);
    }
  });
  const pongs = queue();
  pub.on('data', (chunk) => {
    for (const line of chunk.toString('utf8').split('\r\n')) if (line === 'PONG') pongs.push(line);
  });
  sub.write('CONNECT {"verbose":false,"pedantic":false}\r\nSUB bench_bus 1\r\nPING\r\n');
  pub.write('CONNECT {"verbose":false,"pedantic":false}\r\nPING\r\n');
  await pongs.next(); // the publisher is connected; the subscriber's PING answer shows its SUB is in
  await new Promise((r) => setTimeout(r, 50));
  return {
    name: 'nats',
    // Fire and forget as NATS clients publish; the receipt is what is timed.
    send: async (text) => void pub.write(`PUB bench_bus ${Buffer.byteLength(text)}\r\n${text}\r\n`),
    next: inbox.next,
    close: async () => {
      sub.destroy();
      pub.destroy();
    },
  };
}

async function roundTrips(channel: Channel): Promise<void> {
  const samples: number[] = [];
  for (let i = 0; i < MESSAGES + 100; i++) {
    const started = performance.now();
    const received = channel.next();
    await channel.send(payload);
    if ((await received) !== payload) throw new Error(`${channel.name} garbled a message`);
    if (i >= 100) samples.push(performance.now() - started); // the first 100 warm up
  }
  // A burst: how long the channel takes to carry a second's worth of a busy region's commits.
  const burst = 2000;
  const started = performance.now();
  const all = Array.from({ length: burst }, () => channel.next());
  await Promise.all(Array.from({ length: burst }, () => channel.send(payload)));
  await Promise.all(all);
  const burstMs = performance.now() - started;
  const s = summary(samples);
  emit({
    bench: 'relay-bus',
    variant: channel.name,
    target: 'notification p50 under 1 ms: a small share of an edit\'s way from one device to another',
    met: s.p50 < 1,
    messages: s.n,
    p50Ms: round(s.p50, 3),
    p99Ms: round(s.p99, 3),
    maxMs: round(s.max, 2),
    burst,
    burstMs: round(burstMs, 1),
    payloadBytes: payload.length,
  });
}

async function editLatency(): Promise<void> {
  const sodium = await ready();
  const world = await startRelaysOnPostgres(2);
  try {
    const [a, b] = [world.relays[0]!, world.relays[1]!];
    const owner = await RelayTestClient.authenticated(a.wsUrl, sodium);
    const sameClient = await RelayTestClient.authenticated(a.wsUrl, sodium);
    const otherClient = await RelayTestClient.authenticated(b.wsUrl, sodium);
    const plan = newTestPlan(sodium, owner.device);
    owner.send({ type: 'member-event', planId: plan.planId, event: plan.genesis });
    await owner.next('log');
    let state = plan.state;
    for (const joiner of [sameClient, otherClient]) {
      const j = inviteAndJoin(sodium, plan, owner.device, joiner.device, { state });
      state = j.state;
      owner.send({ type: 'member-event', planId: plan.planId, event: j.invite });
      await owner.next('log');
      joiner.send({ type: 'member-event', planId: plan.planId, event: j.join });
      await joiner.next('log');
    }
    for (const c of [owner, sameClient, otherClient]) await c.subscribeFromStart(plan.planId);
    const sameMs: number[] = [];
    const otherMs: number[] = [];
    for (let clock = 1; clock <= EDITS + 20; clock++) {
      const envelope = sealTestEnvelope(sodium, plan, owner.device, { clock });
      const started = performance.now();
      owner.send({ type: 'publish', envelope });
      const times = await Promise.all(
        [sameClient, otherClient].map(async (c) => {
          for (;;) {
            const f = await c.next();
            if (f.type === 'deliver') return performance.now() - started;
          }
        }),
      );
      await owner.next('ack');
      if (clock > 20) {
        sameMs.push(times[0]!);
        otherMs.push(times[1]!);
      }
    }
    const same = summary(sameMs);
    const other = summary(otherMs);
    emit({ bench: 'relay-bus', variant: 'edit-same-relay', target: 'baseline of edit-other-relay (same run)', met: true, edits: same.n, ...figures(same) });
    emit({
      bench: 'relay-bus',
      variant: 'edit-other-relay',
      target: 'p50 at most 10 ms above the same relay\'s (one NOTIFY and one store read more)',
      met: other.p50 <= same.p50 + 10,
      edits: other.n,
      ...figures(other),
      overSameP50Ms: round(other.p50 - same.p50, 2),
    });
    await Promise.all([owner, sameClient, otherClient].map((c) => c.close()));
  } finally {
    await world.close();
  }
}

const figures = (s: ReturnType<typeof summary>) => ({ p50Ms: round(s.p50, 2), p99Ms: round(s.p99, 2), maxMs: round(s.max, 2) });

function queue(): { push(v: string): void; next(): Promise<string> } {
  const items: string[] = [];
  const waiters: Array<(v: string) => void> = [];
  return {
    push: (v) => {
      const w = waiters.shift();
      if (w) w(v);
      else items.push(v);
    },
    next: () => (items.length > 0 ? Promise.resolve(items.shift()!) : new Promise<string>((r) => waiters.push(r))),
  };
}

function open(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = connect({ host: '127.0.0.1', port }, () => resolve(s));
    s.setNoDelay(true);
    s.once('error', reject);
  });
}

for (const make of [postgresChannel, redisChannel, natsChannel]) {
  const channel = await make();
  note(`round trips on ${channel.name}`);
  try {
    await roundTrips(channel);
  } finally {
    await channel.close();
  }
}
note('edit latency: same relay vs the other relay');
await editLatency();
