import { expect, it } from 'vitest';
import { generateDeviceKeys, generateEpochKey, generatePlanId, NonceSource, ready } from '../crypto/index.ts';
import { decodeClientFrame, encodeClientFrame, type ClientFrame } from './client-frames.ts';
import { WIRE_VERSION } from './wire-version.ts';
import { decodeRelayFrame, encodeRelayFrame, type RelayFrame } from './relay-frames.ts';
import { sealEnvelope, verifyEnvelope } from './envelope.ts';
import { decodeEnvelopeHeader } from './envelope-header.ts';
import { ProtocolError } from './errors.ts';
import { MAX_FRAME_BYTES } from './reader.ts';
import { randomBytes, seededRandom, testSeed } from './testing/seeded-random.ts';
import { createGenesis, createInvite } from './membership/create-events.ts';
import { decodeEvent } from './membership/event-codec.ts';
import { validateLog } from './membership/validate-log.ts';

const s = await ready();

const decoders: [string, (b: Uint8Array) => unknown][] = [
  ['client frame', decodeClientFrame],
  ['relay frame', decodeRelayFrame],
  ['envelope', (b) => verifyEnvelope(s, b)],
  ['envelope header', decodeEnvelopeHeader],
  ['member event', decodeEvent],
  ['membership log', (b) => validateLog(s, [b], Date.now())],
];

/** Returns the error code, failing the test for anything that is not a ProtocolError. */
function outcome(decode: (b: Uint8Array) => unknown, input: Uint8Array, context: string): string {
  try {
    decode(input);
    return 'ok';
  } catch (e) {
    if (!(e instanceof ProtocolError)) throw new Error(`${context}: threw ${String(e)} instead of a ProtocolError`, { cause: e });
    return e.code;
  }
}

type Decode = (b: Uint8Array) => unknown;

/** Valid messages, each with the decoder that accepts it. */
function validSamples(): [Decode, Uint8Array][] {
  const device = generateDeviceKeys(s);
  const planId = generatePlanId(s);
  const key = generateEpochKey(s);
  const nonces = NonceSource.random(s);
  const env = sealEnvelope(s, { planId, epoch: 1, author: device.sign, clock: 1, kind: 'update' }, key, new Uint8Array(40), nonces);
  const contribution = sealEnvelope(s, { planId, epoch: 1, author: device.sign, clock: 2, kind: 'update', channel: 'contributions' }, key, new Uint8Array(9), nonces);
  const snapshot = sealEnvelope(s, { planId, epoch: 1, author: device.sign, clock: 1, kind: 'snapshot', coversUpTo: 5 }, key, new Uint8Array(9), nonces);
  const client: ClientFrame[] = [
    // Version 1 (no version field): a version 2 hello cut before its version IS a valid version 1
    // hello, by design (docs/protocol.md, "Protocol version").
    { type: 'hello', author: device.sign.publicKey, version: 1 },
    { type: 'subscribe', planId, afterSeq: 300 },
    { type: 'publish', envelope: env },
    { type: 'member-event', planId, event: new Uint8Array(100) },
    { type: 'ping', nonce: 2 ** 20 },
  ];
  const relay: RelayFrame[] = [
    { type: 'ack', planId, author: device.sign.publicKey, clock: 3, seq: 4 },
    { type: 'log', planId, events: [new Uint8Array(30), new Uint8Array(2)] },
    { type: 'error', code: 'malformed', detail: 'nee', ref: planId },
    { type: 'pong', nonce: 2 ** 20 },
  ];
  const g = createGenesis(s, { device, now: Date.now() });
  const invite = createInvite(s, g.state, { inviter: device, epochKey: g.epochKey, expiresAt: Date.now() + 1000, now: Date.now() });
  return [
    [(b) => verifyEnvelope(s, b), env],
    [(b) => verifyEnvelope(s, b), contribution],
    [(b) => verifyEnvelope(s, b), snapshot],
    // Cutting the header's last field (the channel) must not leave a valid version 2 header.
    ...[env, contribution, snapshot].map((e): [Decode, Uint8Array] => [decodeEnvelopeHeader, verifyEnvelope(s, e).headerBytes]),
    [decodeEvent, g.event],
    [decodeEvent, invite.event],
    ...client.map((f): [Decode, Uint8Array] => [decodeClientFrame, encodeClientFrame(f)]),
    ...relay.map((f): [Decode, Uint8Array] => [decodeRelayFrame, encodeRelayFrame(f)]),
  ];
}

it('random bytes, truncations and bit flips raise only ProtocolErrors', () => {
  const seed = testSeed();
  const rand = seededRandom(seed);
  const ctx = (what: string) => `seed ${seed} (replay with SAFEPLAN_SEED=${seed}), ${what}`;
  const samples = validSamples();
  let rejected = 0;
  for (let i = 0; i < 3000; i++) {
    const input = randomBytes(rand, Math.floor(rand() * 200));
    for (const [name, decode] of decoders) if (outcome(decode, input, ctx(`${name} on random #${i}`)) !== 'ok') rejected++;
  }
  for (const [, sample] of samples) {
    for (let cut = 0; cut < sample.length; cut++) {
      for (const [name, decode] of decoders) outcome(decode, sample.subarray(0, cut), ctx(`${name} on truncation at ${cut}`));
    }
    for (let i = 0; i < 300; i++) {
      const flipped = sample.slice();
      const at = Math.floor(rand() * flipped.length);
      flipped[at] = (flipped[at] ?? 0) ^ (1 << Math.floor(rand() * 8));
      for (const [name, decode] of decoders) outcome(decode, flipped, ctx(`${name} on flip at ${at}`));
    }
  }
  expect(rejected, ctx('most random input is refused')).toBeGreaterThan(3000 * decoders.length * 0.9);
});

it('truncated valid frames are refused as malformed, trailing bytes too', () => {
  for (const [decode, sample] of validSamples()) {
    expect(outcome(decode, sample, 'whole')).toBe('ok');
    for (let cut = 0; cut < sample.length; cut++) {
      expect(outcome(decode, sample.subarray(0, cut), `cut at ${cut}`), `cut at ${cut}`).toBe('malformed');
    }
  }
  const hello = encodeClientFrame({ type: 'hello', author: new Uint8Array(32), version: WIRE_VERSION });
  expect(outcome(decodeClientFrame, new Uint8Array([...hello, 0]), 'trailing')).toBe('malformed');
  expect(outcome(decodeClientFrame, new Uint8Array(), 'empty')).toBe('malformed');
  // A heartbeat counter past what a number holds exactly would not echo back unchanged.
  const hugeNonce = [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f];
  expect(outcome(decodeClientFrame, new Uint8Array([8, ...hugeNonce]), 'huge ping')).toBe('malformed');
  expect(outcome(decodeRelayFrame, new Uint8Array([72, ...hugeNonce]), 'huge pong')).toBe('malformed');
});

it('frames over 1 MiB are refused before decoding', () => {
  const big = encodeClientFrame({ type: 'publish', envelope: new Uint8Array(MAX_FRAME_BYTES) });
  expect(outcome(decodeClientFrame, big, 'big')).toBe('too-large');
  const fits = encodeClientFrame({ type: 'publish', envelope: new Uint8Array(MAX_FRAME_BYTES - 8) });
  expect(outcome(decodeClientFrame, fits, 'fits')).toBe('ok');
});
