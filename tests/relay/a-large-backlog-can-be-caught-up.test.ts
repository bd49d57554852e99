import { createHash } from 'node:crypto';
import { ready } from '@safeplan/schema/crypto';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { decodeRelayFrame, encodeClientFrame, signChallenge, WIRE_VERSION } from '@safeplan/schema/protocol';
import { testRelayForThisFile } from '../../server/src/testing/relay-for-this-file.ts';
import { testStoreKinds } from '../../server/src/testing/relay.ts';
import { publishBacklog } from '../support/backlog.ts';

const sodium = await ready();
const MIB = 1024 * 1024;
/** 100 MiB of updates: far past the relay's 16 MiB bound on one socket's queued output. */
const COUNT = 105;
const SIZE = 1_000_000;

describe.each(testStoreKinds)('a large backlog can be caught up (%s store)', (store) => {
  // The default output bound (16 MiB) applies; only quotas and the byte rate that would stop the
  // owner from storing 100 MiB quickly are raised.
  const relay = testRelayForThisFile({
    store,
    limits: { maxPlanBytes: 1024 * MIB, burstBytes: 1024 * MIB, bytesPerSecond: 1024 * MIB, burstFrames: 10_000, framesPerSecond: 10_000 },
  });

  it('streams a 100 MiB backlog to a reader of ordinary speed: every envelope, in order, then caught-up', async () => {
    const { owner, plan, seqs, bytes, digest: sent } = await publishBacklog(sodium, relay.wsUrl, COUNT, SIZE);
    expect(bytes).toBeGreaterThan(100 * MIB);

    // A plain WebSocket reader on a new device of the owner: it reads as frames come, nothing more.
    const ws = new WebSocket(relay.wsUrl, { perMessageDeflate: false });
    await new Promise<void>((resolve, reject) => ws.once('open', () => resolve()).once('error', reject));
    const delivered: number[] = [];
    const digest = createHash('sha256');
    let closed = false;
    ws.on('close', () => (closed = true));
    const started = Date.now();
    const done = new Promise<number>((resolve, reject) => {
      ws.on('message', (data: Buffer) => {
        const frame = decodeRelayFrame(new Uint8Array(data));
        if (frame.type === 'challenge') {
          ws.send(encodeClientFrame({ type: 'auth', signature: signChallenge(sodium, frame.challenge, owner.device.sign.privateKey) }));
        } else if (frame.type === 'ready') {
          ws.send(encodeClientFrame({ type: 'subscribe', planId: plan.planId, afterSeq: 0 }));
        } else if (frame.type === 'deliver') {
          delivered.push(frame.seq);
          digest.update(frame.envelope);
        } else if (frame.type === 'caught-up') {
          resolve(frame.seq);
        } else if (frame.type === 'error') {
          reject(new Error(`${frame.code}: ${frame.detail}`));
        }
      });
      ws.once('close', () => reject(new Error(`closed after ${delivered.length} of ${COUNT} envelopes`)));
    });
    ws.send(encodeClientFrame({ type: 'hello', author: owner.device.sign.publicKey, version: WIRE_VERSION }));
    const caughtUpAt = await done;
    console.info(`caught up ${Math.round(bytes / MIB)} MiB in ${Date.now() - started} ms`);
    expect(closed).toBe(false);
    expect(delivered).toEqual(seqs);
    expect(caughtUpAt).toBe(seqs.at(-1));
    expect(digest.digest('hex')).toBe(sent); // byte for byte
    expect(relay.logEvents().filter((e) => e.event === 'limit.hit')).toEqual([]);
    ws.close();
    await owner.close();
  }, 60_000);
});
