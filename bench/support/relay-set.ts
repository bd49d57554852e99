import { randomBytes } from 'node:crypto';
import { dropPgSchema } from '../../server/src/testing/postgres-schema.ts';
import { benchStoreEnv, benchStoreInUse } from '../relays/bench-store.ts';
import { startChildRelay, type ChildRelay, type ChildRelayOptions } from './child-relay.ts';
import { envInt } from './report.ts';

/**
 * The Safeplan relays a load benchmark runs against: one (the default), or BENCH_RELAYS=2 relays
 * on one PostgreSQL schema that tell each other what they stored (issue 16's fan-out), with a
 * plan's devices spread over both, as a load balancer would. CPU is the sum of every relay.
 */
export interface RelaySet {
  relays: ChildRelay[];
  /** The relay the n-th device of a plan connects to. */
  urlFor(device: number): string;
  cpuMicros(): number;
  stop(): Promise<void>;
}

export function benchRelayCount(): number {
  const n = envInt('BENCH_RELAYS', 1);
  if (n > 1 && benchStoreInUse() !== 'postgres') {
    throw new Error('BENCH_RELAYS=2 needs relays that share a store: run it with BENCH_STORE=postgres');
  }
  return n;
}

/** One relay of any kind as a set (the baselines). */
export function singleRelay(relay: ChildRelay): RelaySet {
  return { relays: [relay], urlFor: () => relay.url(), cpuMicros: () => relay.cpuMicros(), stop: () => relay.stop() };
}

export async function startSafeplanRelays(options: ChildRelayOptions = {}, count = benchRelayCount()): Promise<RelaySet> {
  if (count === 1) return singleRelay(await startChildRelay('safeplan', options));
  // One schema for all of them, made fresh for this run and dropped after it.
  const schema = `bench_${process.pid}_${randomBytes(3).toString('hex')}`;
  const relays: ChildRelay[] = [];
  try {
    for (let i = 0; i < count; i++) relays.push(await startChildRelay('safeplan', { ...options, env: { ...options.env, SAFEPLAN_PG_SCHEMA: schema } }));
  } catch (err) {
    await Promise.all(relays.map((r) => r.stop()));
    throw err;
  }
  return {
    relays,
    urlFor: (device) => relays[device % relays.length]!.url(),
    cpuMicros: () => relays.reduce((sum, r) => sum + r.cpuMicros(), 0),
    async stop() {
      await Promise.all(relays.map((r) => r.stop()));
      await dropPgSchema(benchStoreEnv().SAFEPLAN_STORE!, schema);
    },
  };
}
