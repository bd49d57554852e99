import { createHash } from 'node:crypto';
import type { DeviceKeys, Sodium } from '@safeplan/schema/crypto';
import { decodeRelayFrame, encodeClientFrame, signChallenge, WIRE_VERSION } from '@safeplan/schema/protocol';
import WebSocket from 'ws';
import { RelayTestClient, newTestPlan, sealTestEnvelope, type TestPlan } from '../../server/src/testing/relay-test-client.ts';

export interface Backlog {
  owner: RelayTestClient;
  plan: TestPlan;
  /** Seqs of the stored envelopes, in order. */
  seqs: number[];
  /** Bytes of the stored envelopes. */
  bytes: number;
  /** SHA-256 (hex) over the envelopes in order, to compare with what a reader got. */
  digest: string;
}

/**
 * Creates a plan and stores `count` updates of about `size` bytes in it through the relay (the
 * real publish path: signature, clock check, commit), `window` in flight at a time.
 */
export async function publishBacklog(sodium: Sodium, wsUrl: string, count: number, size: number, window = 8): Promise<Backlog> {
  const owner = await RelayTestClient.authenticated(wsUrl, sodium);
  const plan = newTestPlan(sodium, owner.device);
  owner.send({ type: 'member-event', planId: plan.planId, event: plan.genesis });
  await owner.next('log');
  const plaintext = new Uint8Array(size);
  const seqs: number[] = [];
  let bytes = 0;
  let sent = 0;
  const hash = createHash('sha256');
  const sendOne = () => {
    const envelope = sealTestEnvelope(sodium, plan, owner.device, { clock: ++sent, plaintext });
    bytes += envelope.length;
    hash.update(envelope);
    owner.send({ type: 'publish', envelope });
  };
  while (sent < Math.min(window, count)) sendOne();
  while (seqs.length < count) {
    seqs.push((await owner.next('ack', 30_000)).seq);
    if (sent < count) sendOne();
  }
  return { owner, plan, seqs, bytes, digest: hash.digest('hex') };
}

/**
 * Logs in with the backlog owner's key, subscribes to the backlog from the start, then stops
 * reading its socket: the kernel buffers fill, then the relay's, and its catch-up never drains.
 */
export function stalledReader(sodium: Sodium, wsUrl: string, b: Backlog): Promise<WebSocket> {
  return readerThatStops(sodium, wsUrl, b.plan, b.owner.device, 'subscribed');
}

/**
 * Logs in as `device`, subscribes to the plan from the start, and stops reading its socket once
 * the subscribe is sent (`subscribed`: mid catch-up) or once it is caught up (`caught-up`: live).
 */
export async function readerThatStops(sodium: Sodium, wsUrl: string, plan: TestPlan, device: DeviceKeys, after: 'subscribed' | 'caught-up'): Promise<WebSocket> {
  const ws = new WebSocket(wsUrl, { perMessageDeflate: false });
  ws.on('error', () => undefined);
  await new Promise<void>((resolve, reject) => ws.once('open', () => resolve()).once('error', reject));
  const socket = (ws as unknown as { _socket: { pause(): void } })._socket;
  await new Promise<void>((resolve) => {
    const stop = () => {
      socket.pause();
      resolve();
    };
    ws.on('message', (data: Buffer) => {
      const frame = decodeRelayFrame(new Uint8Array(data));
      if (frame.type === 'challenge') ws.send(encodeClientFrame({ type: 'auth', signature: signChallenge(sodium, frame.challenge, device.sign.privateKey) }));
      if (frame.type === 'ready') {
        ws.send(encodeClientFrame({ type: 'subscribe', planId: plan.planId, afterSeq: 0 }));
        if (after === 'subscribed') stop();
      }
      if (frame.type === 'caught-up' && after === 'caught-up') stop();
    });
    ws.send(encodeClientFrame({ type: 'hello', author: device.sign.publicKey, version: WIRE_VERSION }));
  });
  return ws;
}
