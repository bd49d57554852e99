import { ready } from '@safeplan/schema/crypto';
import { WIRE_VERSION } from '@safeplan/schema/protocol';
import { describe, expect, it } from 'vitest';
import { testRelayForThisFile } from '../testing/relay-for-this-file.ts';
import { newTestPlan, RelayTestClient } from '../testing/relay-test-client.ts';

const sodium = await ready();
// A slow refill so the flood test does not depend on timing: each connection gets its burst only.
const relay = testRelayForThisFile({ limits: { burstFrames: 20, framesPerSecond: 0.01, floodCloseAfter: 30 } });

describe('the relay answers the heartbeat', () => {
  it('answers a ping with a pong echoing its nonce, before and after auth', async () => {
    const client = await RelayTestClient.connect(relay.wsUrl, sodium);
    client.send({ type: 'ping', nonce: 7 });
    expect(await client.next('pong')).toEqual({ type: 'pong', nonce: 7 });

    client.send({ type: 'hello', author: client.device.sign.publicKey, version: WIRE_VERSION });
    await client.next('challenge');
    client.send({ type: 'ping', nonce: 2 ** 40 });
    expect(await client.next('pong')).toEqual({ type: 'pong', nonce: 2 ** 40 });
    await client.close();
  });

  it('answers in order with the frames before it, and writes no log line for it', async () => {
    const client = await RelayTestClient.authenticated(relay.wsUrl, sodium);
    const plan = newTestPlan(sodium, client.device);
    const before = relay.logEvents().length;
    client.send({ type: 'subscribe', planId: plan.planId, afterSeq: 0 });
    client.send({ type: 'ping', nonce: 1 });
    expect((await client.next('error')).code).toBe('not-a-member');
    expect((await client.next('pong')).nonce).toBe(1);
    for (let nonce = 2; nonce < 12; nonce++) client.send({ type: 'ping', nonce });
    for (let nonce = 2; nonce < 12; nonce++) expect((await client.next('pong')).nonce).toBe(nonce);
    // Other connections of this file may still log their close; this one logged its refusal only.
    const logged = relay.logEvents().slice(before).filter((e) => e.event !== 'conn.closed');
    expect(logged.map((e) => [e.event, e.frame])).toEqual([['frame.refused', 'subscribe']]);
    await client.close();
  });

  it('counts pings against the rate limit: past the burst they are refused, and a flood is closed', async () => {
    const flooder = await RelayTestClient.connect(relay.wsUrl, sodium);
    for (let nonce = 0; nonce < 30; nonce++) flooder.send({ type: 'ping', nonce });
    const answers: string[] = [];
    for (let i = 0; i < 30; i++) {
      const frame = await flooder.next();
      answers.push(frame.type === 'error' ? frame.code : frame.type);
    }
    expect(answers).toEqual([...Array<string>(20).fill('pong'), ...Array<string>(10).fill('rate-limited')]);

    for (let nonce = 0; nonce < 40; nonce++) flooder.send({ type: 'ping', nonce });
    await expect(async () => {
      for (;;) expect(await flooder.next('error')).toMatchObject({ code: 'rate-limited' });
    }).rejects.toThrow(/closed/);
    expect(relay.logEvents().filter((e) => e.event === 'limit.hit' && e.code === 'rate-limited').length).toBeGreaterThanOrEqual(1);
  });
});
