import { expect, it } from 'vitest';
import { decodeClientFrame, encodeClientFrame, type ClientFrame, encodeHello, decodeHello, decodeSubscribe, encodePublish, encodePing, decodePing } from './client-frames.ts';
import { WIRE_VERSION } from './wire-version.ts';
import { decodeRelayFrame, encodeRelayFrame, type RelayFrame, encodeError, decodeError, encodeReady, encodePong, decodePong } from './relay-frames.ts';
import { WIRE_ERROR_CODES } from './errors.ts';
import { decodeEnvelopeHeader, encodeEnvelopeHeader, PROTOCOL_VERSION, type EnvelopeHeader } from './envelope-header.ts';

const bytes = (n: number, fill: number) => new Uint8Array(n).fill(fill);
const planId = bytes(16, 1);
const author = bytes(32, 2);

const clientFrames: ClientFrame[] = [
  { type: 'hello', author, version: WIRE_VERSION },
  { type: 'hello', author, version: 1 },
  { type: 'auth', signature: bytes(64, 3) },
  { type: 'subscribe', planId, afterSeq: 0 },
  { type: 'subscribe', planId, afterSeq: 2 ** 40 },
  { type: 'publish', envelope: bytes(500, 4) },
  { type: 'member-event', planId, event: bytes(200, 5) },
  { type: 'presence', envelope: bytes(90, 6) },
  { type: 'unsubscribe', planId },
  { type: 'ping', nonce: 0 },
  { type: 'ping', nonce: 2 ** 40 },
  { type: 'confirm-snapshot', planId, seq: 12_345 },
];

const relayFrames: RelayFrame[] = [
  { type: 'challenge', challenge: bytes(32, 7) },
  { type: 'ready' },
  { type: 'ack', planId, author, clock: 17, seq: 123456 },
  { type: 'deliver', planId, seq: 99, envelope: bytes(300, 8) },
  { type: 'log', planId, events: [bytes(150, 9), bytes(160, 10)] },
  { type: 'log', planId, events: [] },
  { type: 'caught-up', planId, seq: 0 },
  { type: 'presence', envelope: bytes(80, 11) },
  { type: 'error', code: 'clock-gap', detail: 'expected clock 5' },
  { type: 'error', code: 'stale-head', detail: '', ref: planId },
  { type: 'pong', nonce: 0 },
  { type: 'pong', nonce: 2 ** 40 },
  { type: 'update-required', min: 2, max: 5 },
];

it('every client frame decodes to what was encoded, and the type number leads', () => {
  const seen = new Set<string>();
  for (const f of clientFrames) {
    const encoded = encodeClientFrame(f);
    expect(decodeClientFrame(encoded)).toEqual(f);
    seen.add(f.type);
  }
  expect(seen.size).toBe(9);
  expect(encodeHello({ author, version: WIRE_VERSION })[0]).toBe(1);
  expect(decodeHello(encodeHello({ author, version: WIRE_VERSION }))).toEqual({ author, version: WIRE_VERSION });
  expect(() => decodeSubscribe(encodePublish({ envelope: bytes(3, 0) }))).toThrow(/expected subscribe/);
  // A heartbeat is two bytes for the first 128 pings: type and counter.
  expect([...encodePing({ nonce: 5 })]).toEqual([8, 5]);
  expect(decodePing(encodePing({ nonce: 300 }))).toEqual({ nonce: 300 });
});

it('every relay frame decodes to what was encoded, and every error code survives the trip', () => {
  const seen = new Set<string>();
  for (const f of relayFrames) {
    expect(decodeRelayFrame(encodeRelayFrame(f))).toEqual(f);
    seen.add(f.type);
  }
  expect(seen.size).toBe(10);
  expect([...encodeReady()]).toEqual([65]);
  expect([...encodePong({ nonce: 5 })]).toEqual([72, 5]);
  expect(decodePong(encodePong({ nonce: 300 }))).toEqual({ nonce: 300 });
  expect(() => decodePong(encodeReady())).toThrow(/expected pong/);
  for (const code of Object.keys(WIRE_ERROR_CODES) as (keyof typeof WIRE_ERROR_CODES)[]) {
    expect(decodeError(encodeError({ code, detail: 'x' }))).toEqual({ code, detail: 'x' });
  }
});

it('decoding a Node Buffer (what ws hands the relay) gives plain, independent copies', () => {
  const frame: ClientFrame = { type: 'member-event', planId, event: bytes(20, 5) };
  const buffer = Buffer.from(encodeClientFrame(frame));
  const decoded = decodeClientFrame(buffer);
  expect(decoded).toEqual(frame);
  if (decoded.type !== 'member-event') throw new Error('wrong type');
  expect(decoded.event.constructor).toBe(Uint8Array);
  buffer.fill(0);
  expect(decoded.event).toEqual(bytes(20, 5));
  expect(decoded.planId).toEqual(planId);
});

it('every envelope header decodes to what was encoded, on both channels: version 4 with a chain link, 3 with a log position, 2 without', () => {
  const base = { planId, epoch: 3, author, nonce: bytes(24, 12) };
  const headers: EnvelopeHeader[] = [
    { ...base, clock: 1, kind: 'update', channel: 'plan', logPosition: 1 },
    { ...base, clock: 2 ** 40, kind: 'update', channel: 'contributions', logPosition: 2 ** 20 },
    { ...base, clock: 5, kind: 'snapshot', coversUpTo: 77, channel: 'plan', logPosition: 9 },
    { ...base, clock: 0, kind: 'presence', channel: 'plan', logPosition: 4 },
  ];
  for (const h of headers) {
    const encoded = encodeEnvelopeHeader(h);
    expect(encoded[0]).toBe(3);
    expect(decodeEnvelopeHeader(encoded)).toEqual(h);
    const { logPosition: _, ...without } = h;
    const legacy = encodeEnvelopeHeader(without);
    expect(legacy[0]).toBe(2);
    expect(decodeEnvelopeHeader(legacy)).toEqual(without);
  }
  const chained: EnvelopeHeader[] = [
    { ...base, clock: 1, kind: 'update', channel: 'plan', logPosition: 1, prev: null },
    { ...base, clock: 2, kind: 'update', channel: 'contributions', logPosition: 3, prev: bytes(32, 7) },
    // A visible restart: a later clock without a link.
    { ...base, clock: 9, kind: 'update', channel: 'plan', logPosition: 3, prev: null },
  ];
  for (const h of chained) {
    const encoded = encodeEnvelopeHeader(h);
    expect(encoded[0]).toBe(PROTOCOL_VERSION);
    expect(decodeEnvelopeHeader(encoded)).toEqual(h);
  }
  expect(PROTOCOL_VERSION).toBe(4);
});

it('a chain link is refused on clock 1, on a snapshot, at a wrong length and without a log position', () => {
  const base = { planId, epoch: 3, author, nonce: bytes(24, 12), channel: 'plan' as const, logPosition: 2 };
  const bad: EnvelopeHeader[] = [
    { ...base, clock: 1, kind: 'update', prev: bytes(32, 1) },
    { ...base, clock: 4, kind: 'snapshot', coversUpTo: 1, prev: bytes(32, 1) },
    { ...base, clock: 4, kind: 'update', prev: bytes(31, 1) },
  ];
  for (const h of bad) expect(() => decodeEnvelopeHeader(encodeEnvelopeHeader(h))).toThrow(/clock 1|no chain link|prev must/);
  const { logPosition: _, ...noPosition } = { ...base, clock: 4, kind: 'update' as const, prev: bytes(32, 1) };
  expect(() => encodeEnvelopeHeader(noPosition)).toThrow(/log position/);
});

it('reads a hello without a version field (an app from before the field) as version 1, and writes version 1 the same way', () => {
  const old = new Uint8Array([1, 32, ...author]);
  expect(decodeClientFrame(old)).toEqual({ type: 'hello', author, version: 1 });
  expect(encodeClientFrame({ type: 'hello', author, version: 1 })).toEqual(old);
  expect(encodeClientFrame({ type: 'hello', author, version: WIRE_VERSION })).toEqual(new Uint8Array([...old, WIRE_VERSION]));
});
