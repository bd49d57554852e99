import { ready, type Sodium } from '@safeplan/schema/crypto';
import {
  encodeClientFrame,
  encodeRelayFrame,
  RELAY_WIRE_VERSIONS,
  UPDATE_REQUIRED_CLOSE_CODE,
  WIRE_VERSION,
  type RelayFrame,
} from '@safeplan/schema/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocketServer, type WebSocket } from 'ws';
import type { EngineSession } from '../../client/src/sync/plan-session.ts';
import { RelayTestClient } from '../../server/src/testing/relay-test-client.ts';
import { describeState, newClient, until } from '../sync/support/clients.ts';
import { TestNetwork } from '../sync/support/test-network.ts';
import { startRelay, type TestRelay } from '../support/relay.ts';

let sodium: Sodium;
beforeAll(async () => {
  sodium = await ready();
});

/** A raw socket that sends one hello (bytes as given) and records what comes back and how it closes. */
async function helloWith(url: string, hello: Uint8Array): Promise<{ frames: RelayFrame[]; closeCode: number }> {
  const client = await RelayTestClient.connect(url, sodium);
  client.sendRaw(hello);
  const first = await client.next(undefined, 5000);
  return { frames: [first], closeCode: await Promise.race([client.closedWith(), sleep(2000).then(() => -1)]) };
}

const author = new Uint8Array(32).fill(7);
const helloBytes = (version: number) => encodeClientFrame({ type: 'hello', author, version });

describe('the relay tells a client of another wire version to update', () => {
  let current: TestRelay;
  let newer: TestRelay;
  beforeAll(async () => {
    current = await startRelay();
    // A relay that dropped version 1: what an app from before the version field meets one day.
    newer = await startRelay({ wireVersions: { min: 2, max: 2 } });
  });
  afterAll(async () => {
    await current.close();
    await newer.close();
  });

  it('answers a too-new version with update-required and its range, then closes with the update code', async () => {
    const { frames, closeCode } = await helloWith(current.wsUrl, helloBytes(WIRE_VERSION + 1));
    expect(frames[0]).toEqual({ type: 'update-required', min: RELAY_WIRE_VERSIONS.min, max: RELAY_WIRE_VERSIONS.max });
    expect(closeCode).toBe(UPDATE_REQUIRED_CLOSE_CODE);
    expect(current.logEvents().filter((e) => e.event === 'conn.update-required')).toHaveLength(1);
  });

  it('answers an old hello without the version field (read as version 1) with update-required where 1 is no longer spoken', async () => {
    const old = new Uint8Array([1, 32, ...author]);
    const { frames, closeCode } = await helloWith(newer.wsUrl, old);
    expect(frames[0]).toEqual({ type: 'update-required', min: 2, max: 2 });
    expect(closeCode).toBe(UPDATE_REQUIRED_CLOSE_CODE);
  });

  it('still takes an old hello without the field where version 1 is spoken (today: an app cached before the field)', async () => {
    const client = await RelayTestClient.connect(current.wsUrl, sodium);
    client.sendRaw(new Uint8Array([1, 32, ...client.device.sign.publicKey]));
    expect((await client.next()).type).toBe('challenge');
    await client.close();
  });
});

describe('the sync engine meets a relay of another version', () => {
  it('an app older than the relay: the state says update-required (never synced) and it stops connecting', async () => {
    const relay = await startRelay({ wireVersions: { min: WIRE_VERSION + 1, max: WIRE_VERSION + 1 } });
    const net = new TestNetwork(relay.wsUrl);
    try {
      const anna = newClient(net, 'anna'); // reconnects after 5–40 ms: a loop would show at once
      const plan = (await anna.lib.create({ title: 'x', displayName: 'Anna' })) as EngineSession;
      const kinds: string[] = [];
      plan.onState((s) => kinds.push(s.kind));
      plan.doc.getText('t').insert(0, 'kept here');
      await plan.share();
      await until('update-required', () => stateOf(plan) === 'problem(update-required)', 5000, () => describeState(plan.state()));
      await sleep(500);
      const refusals = relay.logEvents().filter((e) => e.event === 'conn.update-required');
      expect(refusals).toHaveLength(1);
      expect(relay.logEvents().filter((e) => e.event === 'conn.open')).toHaveLength(1);
      expect(stateOf(plan)).toBe('problem(update-required)');
      expect(kinds).not.toContain('synced');
      await plan.close();
      await anna.lib.close();
    } finally {
      net.close();
      await relay.close();
    }
  });

  it('a relay older than the app: the state says relay-outdated, and the app tries again later (with backoff)', async () => {
    const relay = await startRelay({ wireVersions: { min: 1, max: WIRE_VERSION - 1 } });
    const net = new TestNetwork(relay.wsUrl);
    try {
      const anna = newClient(net, 'anna', { reconnect: { baseMs: 50, maxMs: 200 } });
      const plan = (await anna.lib.create({ title: 'x', displayName: 'Anna' })) as EngineSession;
      await plan.share();
      await until('relay-outdated', () => stateOf(plan) === 'problem(relay-outdated)', 5000, () => describeState(plan.state()));
      await until('tried again', () => relay.logEvents().filter((e) => e.event === 'conn.update-required').length >= 2, 5000);
      expect(plan.state().kind).not.toBe('synced');
      await plan.close();
      await anna.lib.close();
    } finally {
      net.close();
      await relay.close();
    }
  });

  it('a relay from before the version field (it cannot read the hello): the state says relay-outdated', async () => {
    // What such a relay answers to a hello with a trailing version: its strict decoder refuses it.
    const wss = new WebSocketServer({ port: 0 });
    wss.on('connection', (ws: WebSocket) =>
      ws.on('message', () => ws.send(encodeRelayFrame({ type: 'error', code: 'malformed', detail: 'trailing bytes' }))),
    );
    await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
    const { port } = wss.address() as { port: number };
    const net = new TestNetwork(`ws://127.0.0.1:${port}/`);
    try {
      const anna = newClient(net, 'anna', { reconnect: { baseMs: 50, maxMs: 200 } });
      const plan = (await anna.lib.create({ title: 'x', displayName: 'Anna' })) as EngineSession;
      await plan.share();
      await until('relay-outdated', () => stateOf(plan) === 'problem(relay-outdated)', 5000, () => describeState(plan.state()));
      await plan.close();
      await anna.lib.close();
    } finally {
      net.close();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    }
  });
});

function stateOf(plan: EngineSession): string {
  const s = plan.state();
  return s.kind === 'problem' ? `problem(${s.code})` : s.kind;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
